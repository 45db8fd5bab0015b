#!/usr/bin/env bash
# Gemm's cache blocking (KC, MC, NC) against other values, in one JVM (see probe/GemmBlockingProbe.java):
#   bash bench/scripts/gemm-blocking-ab.sh SHAPE FORM SECONDS VARIANT...
#   bash bench/scripts/gemm-blocking-ab.sh 1024x1024x1024 matmul 30 KC=384 KC=512 KC=512,NC=512
# Each VARIANT is a copy of engine's Gemm.java with those constants replaced (GemmV1, GemmV2, ...), compiled
# against engine/target/classes; the probe prints each variant's time over Gemm's (median of paired rounds; < 1:
# the variant is faster). Build the engine first (./mvnw -B -q -o compile -pl engine).
set -euo pipefail
if (($# < 4)); then
  echo "usage: bash bench/scripts/gemm-blocking-ab.sh SHAPE FORM SECONDS VARIANT...   e.g. 1024x1024x1024 matmul 30 KC=384 KC=512,NC=512" >&2
  exit 2
fi
cd "$(dirname "$0")/../.."
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
shape="$1"; form="$2"; seconds="$3"; shift 3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
i=0
for variant in "$@"; do
  i=$((i + 1))
  edits=(-e "s/final class Gemm {/final class GemmV$i {/" -e "s/    private Gemm() {/    private GemmV$i() {/")
  IFS=, read -ra settings <<< "$variant"
  for setting in "${settings[@]}"; do
    name="${setting%%=*}"; value="${setting#*=}"
    grep -q "static final int $name = " engine/src/main/java/dev/lanes/kernel/vector/Gemm.java \
      || { echo "Gemm has no constant $name" >&2; exit 1; }
    edits+=(-e "s/static final int $name = [0-9]*;/static final int $name = $value;/")
  done
  sed "${edits[@]}" engine/src/main/java/dev/lanes/kernel/vector/Gemm.java > "$work/src/GemmV$i.java"
  echo "GemmV$i: $variant" >&2
done
"$java_home/bin/javac" --add-modules jdk.incubator.vector -cp engine/target/classes -d "$work/classes" \
  "$work"/src/*.java bench/scripts/probe/GemmBlockingProbe.java 2> "$work/javac.log" \
  || { cat "$work/javac.log"; exit 1; }
"$java_home/bin/java" --add-modules=jdk.incubator.vector -Dlanes.threads=1 \
  -cp "engine/target/classes:$work/classes" dev.lanes.kernel.vector.GemmBlockingProbe "$shape" "$form" "$seconds" $i \
  2>/dev/null
