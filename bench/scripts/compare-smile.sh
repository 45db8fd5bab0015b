#!/usr/bin/env bash
# Lanes against Smile 3.1 (a Java peer) on the issue-6 workloads Smile can run, one command:
#   bash bench/scripts/compare-smile.sh [--out DIR]
# Builds bench/target/benchmarks.jar and the peers-only module bench/smile (-Ppeers: Smile is GPL-3.0 and brings
# ~70 MB of native OpenBLAS, so it is never in the default build), runs Smile's JMH benchmarks and Lanes'
# counterparts one after the other with the same JMH settings, and prints the ratios: W1 (one training step; target
# >= 5x) and W6 (inference: batch-1 64-128-64-10, target >= 3x; batch-1 and batch-256 784-512-256-10, no target).
# Lanes runs on one thread; Smile runs with OpenBLAS's default threads and with one, and its faster median counts.
set -euo pipefail
usage="usage: bash bench/scripts/compare-smile.sh [--out DIR]   (about 8 minutes; DIR keeps the JMH JSON and logs)"
out=""
while (($#)); do
  case "$1" in
    --out) [[ $# -ge 2 && -n "$2" ]] || { echo "--out needs a folder; $usage" >&2; exit 2; }
           out="$2"; shift 2 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) echo "unknown option '$1'; $usage" >&2; exit 2 ;;
  esac
done
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ -n "$out" ]]; then mkdir -p "$out"; else out="$(mktemp -d)"; fi
java="$JAVA_HOME/bin/java"
jmh_args=(-f 1 -wi 5 -w 1s -i 6 -r 1s)
echo "+ ./mvnw -B -q -Ppeers package -pl bench,bench/smile -am -DskipTests" >&2
./mvnw -B -q -Ppeers package -pl bench,bench/smile -am -DskipTests
smile_cp="bench/smile/target/classes:$(cat bench/smile/target/classpath.txt)"
# Smile twice: OpenBLAS's default threads, then one thread (its thread hand-offs cost more than these small
# products); the faster median of each case counts.
for threads in default 1; do
  echo "+ Smile (OpenBLAS threads: $threads): SmileStepBenchmark, SmileInferenceBenchmark" >&2
  (if [[ $threads == 1 ]]; then export OPENBLAS_NUM_THREADS=1; fi
   "$java" -cp "$smile_cp" org.openjdk.jmh.Main 'dev\.lanes\.bench\.smile\..*' "${jmh_args[@]}" \
     -rf json -rff "$out/smile-$threads.json" > "$out/smile-$threads.log" 2>&1)
done
echo "+ Lanes: SeedStepBenchmark W1, InferenceBenchmark (1 thread)" >&2
"$java" -jar bench/target/benchmarks.jar 'SeedStepBenchmark|InferenceBenchmark' -p workload=W1 -p threads=1 \
  "${jmh_args[@]}" -rf json -rff "$out/lanes.json" > "$out/lanes.log" 2>&1
python3 - "$out" <<'PY'
import json, os, platform, statistics, sys
out = sys.argv[1]

def medians(path):
    rows = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)[-2]
        params = r.get("params", {})
        raw = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
        rows[(name, tuple(sorted(params.items())))] = statistics.median(raw)
    return rows

runs = [medians(os.path.join(out, f"smile-{t}.json")) for t in ("default", "1")]
smile = {k: min(r[k] for r in runs) for k in runs[0]}
lanes = medians(os.path.join(out, "lanes.json"))

def lanes_best(bench, **params):
    hits = {dict(k[1]).get("path"): v for k, v in lanes.items()
            if k[0] == bench and all(dict(k[1]).get(p) == str(x) for p, x in params.items())}
    path = min(hits, key=hits.get)
    return path, hits[path]

cases = [
    ("W1 step 3-10-6-4 SGD b10", ("SmileStepBenchmark", ()), ("SeedStepBenchmark", {"workload": "W1"}), 5),
    ("W6 infer b1 64-128-64-10", ("SmileInferenceBenchmark", (("model", "b1-64"),)),
     ("InferenceBenchmark", {"model": "b1-64"}), 3),
    ("W6 infer b1 784-512-256-10", ("SmileInferenceBenchmark", (("model", "b1-784"),)),
     ("InferenceBenchmark", {"model": "b1-784"}), None),
    ("W6 infer b256 784-512-256-10", ("SmileInferenceBenchmark", (("model", "b256-784"),)),
     ("InferenceBenchmark", {"model": "b256-784"}), None),
]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"Machine: {cpu}, {os.cpu_count()} CPUs; 1-minute load average {os.getloadavg()[0]:.1f} at the end; "
      f"raw results in {out}")
print("Times are µs per op (medians of the JMH iterations); ratio = Smile time / Lanes time (> 1: Lanes faster).\n")
print("| workload | fastest Lanes path (1 thread) | Lanes µs | Smile 3.1.1 µs | ratio | target | met |")
print("|---|---|---:|---:|---:|---:|---|")
for label, (sb, sp), (lb, lp), target in cases:
    s = smile[(sb, tuple(sorted(sp)))]
    path, l = lanes_best(lb, **lp)
    ratio = s / l
    met = "" if target is None else ("met" if ratio >= target else "missed")
    print(f"| {label} | {path} | {l:.3g} | {s:.3g} | {ratio:.2f}x | {'' if target is None else f'≥ {target}x'} | {met} |")
PY
