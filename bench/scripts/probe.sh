#!/usr/bin/env bash
# Compiles and runs one probe from bench/scripts/probe against the engine and bench classes, in one JVM:
#   bash bench/scripts/probe.sh NAME [ARGS...]     e.g. bash bench/scripts/probe.sh BackwardPartsProbe 128x784x512 1 4
# The probes sit in the kernel's package to reach its package-private parts. Build the classes first
# (./mvnw -B -q -o compile -pl bench -am).
set -euo pipefail
if (($# < 1)); then
  echo "usage: bash bench/scripts/probe.sh NAME [ARGS...]   e.g. BackwardPartsProbe 128x784x512 1 4 (NAME: a file in bench/scripts/probe)" >&2
  exit 2
fi
cd "$(dirname "$0")/../.."
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
name="$1"
shift
[[ -f "bench/scripts/probe/$name.java" ]] || { echo "no probe bench/scripts/probe/$name.java" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
classes="engine/target/classes:layers/target/classes:bench/target/classes"
"$java_home/bin/javac" --add-modules jdk.incubator.vector -cp "$classes" -d "$work" \
  "bench/scripts/probe/$name.java" 2> "$work/javac.log" || { cat "$work/javac.log"; exit 1; }
"$java_home/bin/java" --add-modules=jdk.incubator.vector -cp "$classes:$work" "dev.lanes.kernel.vector.$name" "$@" \
  2>/dev/null
