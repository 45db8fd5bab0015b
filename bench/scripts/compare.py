#!/usr/bin/env python3
"""Lanes against PyTorch on the issue-6 workloads W1-W6, in one run: JMH (with -prof gc), then PyTorch with the
same thread counts, then a markdown table of medians, speed ratios, targets and bytes allocated per operation.

    bash bench/scripts/compare.sh            # about 10 minutes
    bash bench/scripts/compare.sh --quick    # about 3 minutes, shorter iterations

compare.sh builds bench/target/benchmarks.jar when it is missing and calls this script; it can also be run
directly (python3 bench/scripts/compare.py --help). PyTorch runs in $PYTHON (default /work/venv/bin/python).
"""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from gemm_compare import ROOT, java_binary


@dataclass(frozen=True)
class Workload:
    title: str
    batch: int        # samples per operation; 0 shows time per operation instead of samples/s
    unit: str         # time unit shown when batch == 0: "us", "ms" or "s"
    target: float     # required Lanes speed / PyTorch speed


WORKLOADS = {
    "W1": Workload("W1 step 3-10-6-4 SGD b10", 0, "us", 100),
    "W2": Workload("W2 step 2-2-3 Adam b4", 0, "us", 100),
    "W3": Workload("W3 raw autograd, 10000 epochs", 0, "s", 100),
    "W4": Workload("W4 digits epoch (1437 rows, b32)", 0, "ms", 6),
    "W5": Workload("W5 train 784-512-256-10 b128", 128, "", 1.0),
    "W6-b1-64": Workload("W6 infer b1 64-128-64-10", 0, "us", 10),
    "W6-b1-784": Workload("W6 infer b1 784-512-256-10", 0, "us", 2),
    "W6-b256-784": Workload("W6 infer b256 784-512-256-10", 256, "", 1.0),
}
UNIT_SECONDS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}
# Below this, gc.alloc.rate.norm is JMH's own bookkeeping spread over the operation, not the workload.
ZERO_ALLOC_BYTES = 64
ACCURACY_TOLERANCE = 0.01


def workload_of(result):
    """(workload id, threads, Lanes path) of a JMH result, from its benchmark name and parameters."""
    name = result["benchmark"].rsplit(".", 2)[-2]
    p = result.get("params", {})
    threads = int(p.get("threads", 1))
    path = p.get("path", "autograd")
    if name == "SeedStepBenchmark":
        return p["workload"], threads, path
    if name == "InferenceBenchmark":
        return "W6-" + p["model"], threads, path
    ids = {"RawAutogradBenchmark": "W3", "DigitsEpochBenchmark": "W4", "MlpTrainBenchmark": "W5"}
    return ids[name], threads, path


def alloc_bytes(result):
    for key, metric in result.get("secondaryMetrics", {}).items():
        if key.lstrip("·").endswith("gc.alloc.rate.norm"):
            return metric["score"]
    return None


def run_jmh(java, jar, quick, out_dir):
    """Runs every workload benchmark once (one fork); returns {(id, threads, path): (seconds, bytes/op)}."""
    result_file = os.path.join(out_dir, "jmh.json")
    iters = (["-wi", "2", "-w", "1s", "-i", "3", "-r", "500ms"] if quick
             else ["-wi", "3", "-w", "1s", "-i", "6", "-r", "1s"])
    cmd = [java, "-jar", jar, r"dev\.lanes\.bench\.workloads\..*Benchmark", "-f", "1", *iters,
           "-prof", "gc", "-rf", "json", "-rff", result_file]
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    with open(os.path.join(out_dir, "jmh.log"), "w") as log:
        subprocess.run(cmd, check=True, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    with open(result_file) as f:
        data = json.load(f)
    lanes = {}
    for r in data:
        m = r["primaryMetric"]
        scale = UNIT_SECONDS[m["scoreUnit"].split("/")[0]]
        iterations = [v for fork in m["rawData"] for v in fork]
        lanes[workload_of(r)] = (statistics.median(iterations) * scale, alloc_bytes(r))
    return lanes


def run_lanes_accuracy(java, jar):
    cmd = [java, "--add-modules=jdk.incubator.vector", "-cp", jar, "dev.lanes.bench.workloads.DigitsAccuracy"]
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])["test_accuracy"]


def run_torch(python, threads, only, quick):
    cmd = [python, os.path.join(ROOT, "bench", "scripts", "torch_workloads.py"), "--threads", str(threads),
           "--only", only] + (["--quick"] if quick else [])
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def run_all_torch(python, quick):
    """PyTorch at one thread (every workload) and at two (the ones the issue asks at two threads)."""
    return {1: run_torch(python, 1, "W1,W2,W3,W4,W5,W6", quick), 2: run_torch(python, 2, "W5,W6", quick)}


def faster(a, b):
    """Run a with each workload's time replaced by the smaller of a's and b's; W4 accuracy is their mean."""
    merged = dict(a, results={k: min(v, b["results"].get(k, v)) for k, v in a["results"].items()})
    if "w4_test_accuracy" in a and "w4_test_accuracy" in b:
        merged["w4_test_accuracy"] = (a["w4_test_accuracy"] + b["w4_test_accuracy"]) / 2
    return merged


def show(seconds, w):
    if w.batch:
        return f"{w.batch / seconds / 1e3:,.1f}k samples/s"
    value = seconds / UNIT_SECONDS[w.unit]
    unit = "µs" if w.unit == "us" else w.unit
    return f"{value:,.3g} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def show_bytes(b):
    if b is None:
        return "–"
    if b < ZERO_ALLOC_BYTES:
        return f"{b:.1f} (0)"
    return f"{b:,.0f}"


def machine():
    model = platform.processor() or "?"
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        found = re.search(r"Model name:\s*(.+)", lscpu)
        model = found.group(1).strip() if found else model
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPUs"


def java_version(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    return out.splitlines()[1] if len(out.splitlines()) > 1 else out.strip()


def ordered(lanes):
    """Results by workload, then threads, then path (autograd first)."""
    return sorted(lanes.items(), key=lambda kv: (list(WORKLOADS).index(kv[0][0]), kv[0][1], kv[0][2] != "autograd",
                                                 kv[0][2]))


def summary(lanes, torch_runs):
    """One row per workload and thread count: the fastest Lanes path against the issue's target."""
    best = {}
    for (wid, threads, path), (seconds, _) in ordered(lanes):
        torch_s = torch_runs.get(threads, {}).get("results", {}).get(wid)
        if torch_s is not None and ((wid, threads) not in best or torch_s / seconds > best[(wid, threads)][1]):
            best[(wid, threads)] = (path, torch_s / seconds)
    rows = ["| workload | threads | fastest Lanes path | ratio | target | met |", "|---|---:|---|---:|---:|---|"]
    for (wid, threads), (path, ratio) in best.items():
        w = WORKLOADS[wid]
        rows.append(f"| {w.title} | {threads} | {path} | {ratio:,.2f}x | ≥ {w.target:g}x | "
                    f"{'met' if ratio >= w.target else 'missed'} |")
    return rows


def table(lanes, torch_runs, lanes_acc, torch_acc):
    rows = ["| workload | threads | Lanes path | Lanes | PyTorch | ratio | target | met | Lanes bytes/op |",
            "|---|---:|---|---:|---:|---:|---:|---|---:|"]
    for (wid, threads, path), (seconds, alloc) in ordered(lanes):
        w = WORKLOADS[wid]
        torch_s = torch_runs.get(threads, {}).get("results", {}).get(wid)
        if torch_s is None:
            rows.append(f"| {w.title} | {threads} | {path} | {show(seconds, w)} | – | – | – | – | "
                        f"{show_bytes(alloc)} |")
            continue
        ratio = torch_s / seconds  # speed ratio: PyTorch time / Lanes time
        met = "met" if ratio >= w.target else "missed"
        rows.append(f"| {w.title} | {threads} | {path} | {show(seconds, w)} | {show(torch_s, w)} | "
                    f"{ratio:,.2f}x | ≥ {w.target:g}x | {met} | {show_bytes(alloc)} |")
    if lanes_acc is not None and torch_acc is not None:
        met = "met" if abs(lanes_acc - torch_acc) <= ACCURACY_TOLERANCE else "missed"
        rows.append(f"| W4 test accuracy after 20 epochs | 1 | autograd | {lanes_acc:.3f} | {torch_acc:.3f} | "
                    f"{lanes_acc - torch_acc:+.3f} | ±{ACCURACY_TOLERANCE:g} | {met} | |")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short iterations (about 3 minutes in all)")
    ap.add_argument("--python", default=os.environ.get("PYTHON", "/work/venv/bin/python"))
    ap.add_argument("--jar", default=os.path.join(ROOT, "bench", "target", "benchmarks.jar"))
    ap.add_argument("--out", help="folder for jmh.json, jmh.log, torch-N.json (default: a new temp folder)")
    args = ap.parse_args()
    if not os.path.exists(args.jar):
        sys.exit(f"{args.jar} missing: run bash bench/scripts/compare.sh, or "
                 "./mvnw -B -q package -pl bench -am -DskipTests")
    out_dir = args.out or tempfile.mkdtemp(prefix="lanes-compare-")
    os.makedirs(out_dir, exist_ok=True)
    java = java_binary()

    load_before = os.getloadavg()[0]
    # PyTorch runs before and after JMH and keeps the faster median of each workload: on a shared machine a
    # busy minute slows one side only, and this way the noise can only count against Lanes. --quick runs it once.
    before = run_all_torch(args.python, args.quick)
    lanes = run_jmh(java, args.jar, args.quick, out_dir)
    lanes_acc = run_lanes_accuracy(java, args.jar)
    after = before if args.quick else run_all_torch(args.python, args.quick)
    torch_runs = {t: faster(before[t], after[t]) for t in before}
    for threads, run in torch_runs.items():
        with open(os.path.join(out_dir, f"torch-{threads}.json"), "w") as f:
            json.dump({"before": before[threads], "after": after[threads]}, f, indent=1)

    print(f"Machine: {machine()}; JDK: {java_version(java)}; PyTorch {torch_runs[1]['torch']}; "
          f"{'--quick' if args.quick else 'full'} run; 1-minute load average {load_before:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end; raw results in {out_dir}")
    print(("PyTorch = one run, before JMH. " if args.quick else
           "PyTorch = the faster of two runs (before and after JMH). ") +
          "ratio = Lanes speed / PyTorch speed (> 1: Lanes faster), from medians of the timed iterations;")
    print(f"bytes/op = JMH -prof gc gc.alloc.rate.norm (below {ZERO_ALLOC_BYTES} B counts as 0: JMH's own "
          "bookkeeping).\n")
    print("\n".join(table(lanes, torch_runs, lanes_acc, torch_runs[1].get("w4_test_accuracy"))))
    print("\nTargets, fastest Lanes path per workload and thread count:\n")
    print("\n".join(summary(lanes, torch_runs)))


if __name__ == "__main__":
    main()
