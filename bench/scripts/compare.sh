#!/usr/bin/env bash
# Lanes against PyTorch on the issue-6 workloads (W1-W6) and W7 (normalisation layers), one command:
#   bash bench/scripts/compare.sh [--quick] [--only W7,...] [--out DIR] [--python PY]      (--help: all options)
# Runs bench/scripts/compare.py --build: it checks that the PyTorch interpreter imports torch and numpy, rebuilds
# bench/target/benchmarks.jar (./mvnw package on every run, so the code in the tree is what gets measured), runs JMH
# with -prof gc, then PyTorch at the same thread counts, and prints the markdown tables. --python or PYTHON picks
# the PyTorch interpreter (default: /work/venv/bin/python where it exists, else python3; make one with
# `python3 -m venv v && v/bin/pip install torch numpy`); JAVA_HOME must be a JDK 25 (default: Temurin 25 where
# installed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
exec python3 bench/scripts/compare.py --build "$@"
