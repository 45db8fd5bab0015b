#!/usr/bin/env bash
# A dense layer's backward products, one pass (JointBackward) against two packed GEMMs, in one JVM
# (see probe/BackwardProductsProbe.java):
#   bash bench/scripts/backward-products-ab.sh SHAPES [THREADS] [SECONDS]
#   bash bench/scripts/backward-products-ab.sh 32x64x128,128x240x256,128x784x512 1 4
# Build the engine and bench classes first (./mvnw -B -q -o compile -pl bench -am).
set -euo pipefail
cd "$(dirname "$0")/../.."
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
classes="engine/target/classes:bench/target/classes"
"$java_home/bin/javac" --add-modules jdk.incubator.vector -cp "$classes" -d "$work" \
  bench/scripts/probe/BackwardProductsProbe.java 2> "$work/javac.log" || { cat "$work/javac.log"; exit 1; }
"$java_home/bin/java" --add-modules=jdk.incubator.vector -cp "$classes:$work" \
  dev.lanes.kernel.vector.BackwardProductsProbe "$1" "${2:-1}" "${3:-4}" 2>/dev/null
