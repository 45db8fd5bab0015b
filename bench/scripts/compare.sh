#!/usr/bin/env bash
# Lanes against PyTorch on the issue-6 workloads (W1-W6), one command:
#   bash bench/scripts/compare.sh [--quick] [--out DIR]
# Builds bench/target/benchmarks.jar when missing, then runs bench/scripts/compare.py (JMH with -prof gc,
# then PyTorch at the same thread counts) and prints the markdown table. PYTHON picks the PyTorch interpreter
# (default /work/venv/bin/python); JAVA_HOME must be a JDK 25 (default: Temurin 25 where installed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ ! -f bench/target/benchmarks.jar ]]; then
  echo "+ ./mvnw -B -q package -pl bench -am -DskipTests" >&2
  ./mvnw -B -q package -pl bench -am -DskipTests
fi
python="${PYTHON:-/work/venv/bin/python}"
exec "$python" bench/scripts/compare.py --python "$python" "$@"
