#!/usr/bin/env bash
# Start-up cost of embedding Lanes: from launching `java` to the first prediction of a small model (the digits
# network, 64-128-64-10, trained for one epoch), median of N runs, with and without the Vector API module, and
# with a JDK 25 AOT cache (JEP 483/514) made by one training run. The clock starts in this script just before
# `java` runs; FirstPrediction stamps entering main, the loaded model and the first answer (JVM teardown is not
# counted). Runs of the variants are interleaved so that load from other processes hits them alike.
#
#   bench/scripts/startup.sh [N]      (default N = 21)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-21}
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$java_home/bin/java"

jar_of() { ls "$1"/target/lanes-"$1"-*.jar | grep -v -e sources -e javadoc | head -1; }
echo "building engine, layers and bench..." >&2
JAVA_HOME="$java_home" ./mvnw -B -q -o package -pl engine,layers,bench -am -DskipTests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# An AOT cache takes jars only, so the probe goes into one too.
"$java_home/bin/jar" cf "$work/probe.jar" -C bench/target/classes dev/lanes/bench/infer/FirstPrediction.class
classpath="$(jar_of engine):$(jar_of layers):$work/probe.jar"
model="$work/digits.safetensors"
./lanes train --epochs 1 --out "$model" >/dev/null 2>&1
"$java" --add-modules=jdk.incubator.vector -XX:AOTCacheOutput="$work/lanes.aot" -cp "$classpath" \
    dev.lanes.bench.infer.FirstPrediction "$model" >/dev/null 2>&1

variants=("vector:--add-modules=jdk.incubator.vector"
          "scalar:-Dlanes.kernel=auto"
          "vector+AOT cache:--add-modules=jdk.incubator.vector -XX:AOTCache=$work/lanes.aot")
for ((i = 0; i < runs; i++)); do
    for v in "${variants[@]}"; do
        start=$(date +%s%N)
        # shellcheck disable=SC2086 # the flags are meant to split
        "$java" ${v#*:} -cp "$classpath" dev.lanes.bench.infer.FirstPrediction "$model" 2>/dev/null \
            | awk -v name="${v%%:*}" -v start="$start" '/^epoch-ns/ {
                printf "%s\t%d\t%d\t%d\t%d\n", name, ($3 - start) / 1e6, ($5 - $3) / 1e6, ($7 - $5) / 1e6,
                    ($7 - start) / 1e6 }'
    done
done >"$work/times.tsv"

[[ -s "$work/times.tsv" ]] || { echo "no run printed its times; run FirstPrediction by hand to see why" >&2; exit 1; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "$(date -u +%F), $(nproc) cores, $("$java" -version 2>&1 | head -1); median of $runs runs, ms"
printf "%-18s %12s %12s %16s %14s\n" variant "start->main" "main->load" "load->predict" "start->predict"
for v in "${variants[@]}"; do
    name=${v%%:*}
    row=$(printf "%-18s" "$name")
    for col in 2 3 4 5; do
        row+=$(printf " %12s" "$(awk -F'\t' -v n="$name" -v c=$col '$1 == n { print $c }' "$work/times.tsv" | median)")
    done
    echo "$row"
done
