#!/usr/bin/env python3
"""Lanes against PyTorch on the issue-6 workloads W1-W6 and W7 (an MLP with normalisation layers), in one run: JMH
(with -prof gc), then PyTorch with the same thread counts, then a markdown table of medians, speed ratios, targets
and bytes allocated per operation.

    bash bench/scripts/compare.sh            # about 9.5 minutes
    bash bench/scripts/compare.sh --quick    # about 3.5 minutes, shorter iterations, PyTorch once
    bash bench/scripts/compare.sh --only W7  # some workloads only (W1-W7, comma-separated)

compare.sh calls this script with --build: after checking the PyTorch interpreter it rebuilds
bench/target/benchmarks.jar (./mvnw package, every run, so the tree is what gets measured). Run directly (python3
bench/scripts/compare.py ...), it measures the jar as it is and fails if it is missing. PyTorch runs in --python
(default: $PYTHON, else /work/venv/bin/python where it exists, else python3), which must import torch and numpy.
A workload without a Lanes result (a benchmark that failed) is a "missing" row and a non-zero exit.
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
import time
from dataclasses import dataclass

from jmh_tools import ROOT, first_error, java_binary
from preflight import default_python, require_modules


@dataclass(frozen=True)
class Workload:
    title: str
    batch: int        # samples per operation; 0 shows time per operation instead of samples/s
    unit: str         # time unit shown when batch == 0: "us", "ms" or "s"
    target: float     # required Lanes speed / PyTorch speed; None: no target (measured, not judged)
    threads: tuple = (1,)  # thread counts both sides run (the issue asks W5 and W6 at two as well)


WORKLOADS = {
    "W1": Workload("W1 step 3-10-6-4 SGD b10", 0, "us", 100),
    "W2": Workload("W2 step 2-2-3 Adam b4", 0, "us", 100),
    "W3": Workload("W3 raw autograd, 10000 epochs", 0, "s", 100),
    "W4": Workload("W4 digits epoch (1437 rows, b32)", 0, "ms", 6),
    "W5": Workload("W5 train 784-512-256-10 b128", 128, "", 1.0, (1, 2)),
    "W6-b1-64": Workload("W6 infer b1 64-128-64-10", 0, "us", 10, (1, 2)),
    "W6-b1-784": Workload("W6 infer b1 784-512-256-10", 0, "us", 2, (1, 2)),
    "W6-b256-784": Workload("W6 infer b256 784-512-256-10", 256, "", 1.0, (1, 2)),
    "W7-b128-784": Workload("W7 train 784-512(BN)-256(LN)-10 Adam b128", 0, "us", None, (1, 2)),
    "W7-b32-64": Workload("W7 train 64-128(BN)-64(LN)-10 Adam b32", 0, "us", None, (1, 2)),
}
# --only names (W6-b1-64 and the like are all W6) and the JMH benchmark class that measures each.
BENCHMARK_OF = {"W1": "SeedStepBenchmark", "W2": "SeedStepBenchmark", "W3": "RawAutogradBenchmark",
                "W4": "DigitsEpochBenchmark", "W5": "MlpTrainBenchmark", "W6": "InferenceBenchmark",
                "W7": "NormMlpTrainBenchmark"}
SELECTION_FILE = "workloads.txt"  # in an --out folder: the --only of that run
UNIT_SECONDS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}
# Below this, gc.alloc.rate.norm is JMH's own bookkeeping spread over the operation, not the workload.
ZERO_ALLOC_BYTES = 64
ACCURACY_TOLERANCE = 0.01
JMH_LOCK_WAIT_S = 600


def group(wid):
    """The --only name of a workload id: W6-b1-64 -> W6."""
    return wid.split("-")[0]


def expected(selected):
    """(id, threads) of every result the selected workloads should have."""
    return [(wid, t) for wid, w in WORKLOADS.items() if group(wid) in selected for t in w.threads]


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
    if name == "NormMlpTrainBenchmark":
        return "W7-" + p["model"], threads, ran_path(result) if path == "auto" else path
    ids = {"RawAutogradBenchmark": "W3", "DigitsEpochBenchmark": "W4", "MlpTrainBenchmark": "W5"}
    return ids[name], threads, path


def secondary(result, name):
    """The score of a JMH secondary metric (-prof gc's or a benchmark's own counter), or None."""
    for key, metric in result.get("secondaryMetrics", {}).items():
        if key.lstrip("·").endswith(name):
            return metric["score"]
    return None


def alloc_bytes(result):
    return secondary(result, "gc.alloc.rate.norm")


def ran_path(result):
    """The path a path=auto benchmark took (NormMlpTrainBenchmark counts its steps per path)."""
    counted = [p for p in ("trainstep", "autograd") if (secondary(result, p + "Steps") or 0) > 0]
    return "+".join(counted) if counted else "auto"


FULL_ITERATIONS = ["-wi", "5", "-w", "1s", "-i", "6", "-r", "1s"]
QUICK_ITERATIONS = ["-wi", "2", "-w", "1s", "-i", "3", "-r", "500ms"]
# W5 needs five warm-up seconds to reach steady state: after two, its measured iterations were 20.9, 5.8 and 3.6 ms
# and 6.4 MB/op, after five 3.4 ms and 24 B/op. W7's warm-up iterations were 174, 21, 6.6, 4.5 ms, then 4.2-5.1
# (b128) and 4376, 300, 209, 99 µs, then 85-108 (b32). --quick gives them those five in a run of their own.
LONG_WARMUP = ["MlpTrainBenchmark", "NormMlpTrainBenchmark"]
QUICK_LONG_WARMUP_ITERATIONS = ["-wi", "5", "-w", "1s", "-i", "3", "-r", "500ms"]


def benchmarks_regex(classes):
    return r"dev\.lanes\.bench\.workloads\.(" + "|".join(classes) + r")\."


def jmh_runs(quick, selected):
    """(benchmark regex, extra JMH options) per JMH run, for the selected workloads."""
    classes = sorted({BENCHMARK_OF[g] for g in selected})
    seed_steps = [g for g in ("W1", "W2") if g in selected]
    only_one_seed = ["-p", "workload=" + seed_steps[0]] if len(seed_steps) == 1 else []
    if not quick:
        return [(benchmarks_regex(classes), only_one_seed + FULL_ITERATIONS)]
    rest = [c for c in classes if c not in LONG_WARMUP]
    slow = [c for c in classes if c in LONG_WARMUP]
    runs = [(benchmarks_regex(rest), only_one_seed + QUICK_ITERATIONS)] if rest else []
    return runs + ([(benchmarks_regex(slow), QUICK_LONG_WARMUP_ITERATIONS)] if slow else [])


def run_jmh(java, jar, quick, selected, out_dir):
    """Runs the selected workloads' benchmarks (one fork each; JMH stops at the first failure, -foe); merges the
    runs' results into jmh.json and their logs into jmh.log; returns {(id, threads, path): (seconds, bytes/op)}."""
    results, logs = [], []
    for i, (benchmarks, options) in enumerate(jmh_runs(quick, selected)):
        part = os.path.join(out_dir, f"jmh-{i}.json")
        log_file = os.path.join(out_dir, f"jmh-{i}.log")
        cmd = [java, "-jar", jar, benchmarks, "-f", "1", "-foe", "true", *options, "-prof", "gc",
               "-rf", "json", "-rff", part]
        run_jmh_once(cmd, log_file, os.path.join(out_dir, "jmh.log"))
        with open(part) as f:
            results += json.load(f)
        with open(log_file) as f:
            logs.append(f.read())
        os.unlink(part)
        os.unlink(log_file)
    with open(os.path.join(out_dir, "jmh.json"), "w") as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(out_dir, "jmh.log"), "w") as f:
        f.write("".join(logs))
    return parse_jmh(os.path.join(out_dir, "jmh.json"))


def run_jmh_once(cmd, log_file, kept_log):
    """Runs one JMH command into log_file, waiting while another JMH run holds the lock; exits on a failure."""
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    for waited in range(0, JMH_LOCK_WAIT_S + 1, 15):
        with open(log_file, "w") as log:
            done = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        if done.returncode == 0:
            return
        with open(log_file) as log:
            text = log.read()
        if "Unable to acquire the JMH lock" not in text or waited == JMH_LOCK_WAIT_S:
            os.replace(log_file, kept_log)
            sys.exit(f"JMH failed (exit {done.returncode}): {first_error(text)}; full log: {kept_log}")
        # Another JMH run on this machine holds /tmp/jmh.lock: wait rather than measure alongside it.
        print("another JMH run holds /tmp/jmh.lock; waiting 15 s", file=sys.stderr, flush=True)
        time.sleep(15)


def parse_jmh(result_file):
    """{(id, threads, path): (median seconds per op, bytes/op)} from a JMH JSON result file."""
    with open(result_file) as f:
        data = json.load(f)
    lanes = {}
    for r in data:
        m = r["primaryMetric"]
        scale = UNIT_SECONDS[m["scoreUnit"].split("/")[0]]
        iterations = [v for fork in m["rawData"] for v in fork]
        lanes[workload_of(r)] = (statistics.median(iterations) * scale, alloc_bytes(r))
    return lanes


def run_lanes_accuracy(java, jar, out_dir):
    cmd = [java, "--add-modules=jdk.incubator.vector", "-cp", jar, "dev.lanes.bench.workloads.DigitsAccuracy"]
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    line = out.strip().splitlines()[-1]
    with open(os.path.join(out_dir, "lanes-accuracy.json"), "w") as f:
        f.write(line + "\n")
    return json.loads(line)["test_accuracy"]


def print_tables(lanes, torch_runs, lanes_acc, selected):
    """Prints both tables; exits non-zero, naming them, when workloads have no result on one side."""
    wanted = expected(selected)
    print("\n".join(table(lanes, torch_runs, lanes_acc, torch_runs[1].get("w4_test_accuracy"), wanted)))
    print("\nTargets, fastest Lanes path per workload and thread count:\n")
    print("\n".join(summary(lanes, torch_runs, wanted)))
    gaps = missing(lanes, torch_runs, wanted)
    if gaps:
        sys.exit("missing results, so targets are unchecked for: " + "; ".join(
            f"{wid} at {threads} thread(s) ({side})" for (wid, threads), side in gaps.items())
                 + ". A failed benchmark's exception is in jmh.log.")


def torch_seconds(torch_runs, wid, threads):
    return torch_runs.get(threads, {}).get("results", {}).get(wid)


def missing(lanes, torch_runs, wanted):
    """{(id, threads): "Lanes", "PyTorch" or "Lanes and PyTorch"} for every expected workload lacking a result."""
    measured = {(wid, threads) for wid, threads, _ in lanes}
    gaps = {}
    for wid, threads in wanted:
        sides = [side for side, lacking in (("Lanes", (wid, threads) not in measured),
                                            ("PyTorch", torch_seconds(torch_runs, wid, threads) is None)) if lacking]
        if sides:
            gaps[(wid, threads)] = " and ".join(sides)
    return gaps


def missing_row(wid, threads, side, columns):
    """A table row for a workload without a result: "missing" where the numbers would be."""
    return f"| {WORKLOADS[wid].title} | {threads} | – | missing ({side}) |" + " – |" * (columns - 4)


def reprint(folder):
    """The tables again from a folder an earlier run wrote with --out (no measuring), for the workloads it ran."""
    selection = os.path.join(folder, SELECTION_FILE)
    selected = list(BENCHMARK_OF)
    if os.path.exists(selection):  # folders from before --only have no such file: every workload ran
        with open(selection) as f:
            selected = parse_only(f.read().strip())
    torch_runs = {}
    for threads in thread_counts(selected):
        with open(os.path.join(folder, f"torch-{threads}.json")) as f:
            runs = json.load(f)
        torch_runs[threads] = faster(runs["before"], runs["after"])
    lanes_acc = None
    if "W4" in selected:
        with open(os.path.join(folder, "lanes-accuracy.json")) as f:
            lanes_acc = json.load(f)["test_accuracy"]
    print_tables(parse_jmh(os.path.join(folder, "jmh.json")), torch_runs, lanes_acc, selected)


def parse_only(text):
    """--only's workloads, in W1-W7 order; a SystemExit naming the first unknown one."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHMARK_OF]
    if unknown or not names:
        problem = f"unknown workload {unknown[0]!r}" if unknown else "no workload given"
        sys.exit(f"--only: {problem}; expected some of {','.join(BENCHMARK_OF)}, comma-separated")
    return [g for g in BENCHMARK_OF if g in names]


def thread_counts(selected):
    """The thread counts at which some selected workload runs (1 always: every workload runs at one thread)."""
    return sorted({t for wid, t in expected(selected)})


def run_torch(python, threads, only, quick, passive=False):
    cmd = [python, os.path.join(ROOT, "bench", "scripts", "torch_workloads.py"), "--threads", str(threads),
           "--only", only] + (["--quick"] if quick else [])
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE") if passive else None
    print("+ " + ("OMP_WAIT_POLICY=PASSIVE " if passive else "") + " ".join(cmd), file=sys.stderr, flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    sys.stderr.write(done.stderr)  # progress lines; on a failure, the traceback
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        sys.exit(f"PyTorch side failed (exit {done.returncode}): {last}")
    return json.loads(done.stdout)


def run_all_torch(python, quick, passive, selected):
    """PyTorch at one thread (every selected workload) and at two (those that also run at two threads).

    passive: OpenMP workers sleep instead of spinning while they wait. Spinning is faster on idle cores, but
    when another process holds a core, PyTorch's two-thread steps were measured 5-20x slower than passive ones.
    """
    return {t: run_torch(python, t, torch_names(t, selected), quick, passive and t > 1)
            for t in thread_counts(selected)}


def torch_names(threads, selected):
    """torch_workloads.py's --only for a thread count: W6-b1-64 and the like are all its W6."""
    return ",".join(dict.fromkeys(group(wid) for wid, t in expected(selected) if t == threads))


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


def summary(lanes, torch_runs, wanted):
    """One row per workload and thread count: the fastest Lanes path against the issue's target."""
    best = {}
    for (wid, threads, path), (seconds, _) in ordered(lanes):
        torch_s = torch_seconds(torch_runs, wid, threads)
        if torch_s is not None and ((wid, threads) not in best or torch_s / seconds > best[(wid, threads)][1]):
            best[(wid, threads)] = (path, torch_s / seconds)
    rows = ["| workload | threads | fastest Lanes path | ratio | target | met |", "|---|---:|---|---:|---:|---|"]
    gaps = missing(lanes, torch_runs, wanted)
    for wid, threads in wanted:
        if (wid, threads) in gaps:
            rows.append(missing_row(wid, threads, gaps[(wid, threads)], 6))
            continue
        path, ratio = best[(wid, threads)]
        w = WORKLOADS[wid]
        rows.append(f"| {w.title} | {threads} | {path} | {ratio:,.2f}x | {judged(w, ratio)} |")
    return rows


def judged(w, ratio):
    """The target and met columns: "≥ 2x | met"; "– | –" for a workload without a target."""
    if w.target is None:
        return "– | –"
    return f"≥ {w.target:g}x | {'met' if ratio >= w.target else 'missed'}"


def table(lanes, torch_runs, lanes_acc, torch_acc, wanted):
    rows = ["| workload | threads | Lanes path | Lanes | PyTorch | ratio | target | met | Lanes bytes/op |",
            "|---|---:|---|---:|---:|---:|---:|---|---:|"]
    measured = {(wid, threads) for wid, threads, _ in lanes}
    placeholders = {(wid, threads, ""): None for wid, threads in wanted if (wid, threads) not in measured}
    for (wid, threads, path), result in ordered({**lanes, **placeholders}):
        if result is None:
            rows.append(missing_row(wid, threads, "Lanes", 9))
            continue
        seconds, alloc = result
        w = WORKLOADS[wid]
        torch_s = torch_seconds(torch_runs, wid, threads)
        if torch_s is None:
            rows.append(f"| {w.title} | {threads} | {path} | {show(seconds, w)} | – | – | – | – | "
                        f"{show_bytes(alloc)} |")
            continue
        ratio = torch_s / seconds  # speed ratio: PyTorch time / Lanes time
        rows.append(f"| {w.title} | {threads} | {path} | {show(seconds, w)} | {show(torch_s, w)} | "
                    f"{ratio:,.2f}x | {judged(w, ratio)} | {show_bytes(alloc)} |")
    if lanes_acc is not None and torch_acc is not None:
        met = "met" if abs(lanes_acc - torch_acc) <= ACCURACY_TOLERANCE else "missed"
        rows.append(f"| W4 test accuracy after 20 epochs | 1 | autograd | {lanes_acc:.3f} | {torch_acc:.3f} | "
                    f"{lanes_acc - torch_acc:+.3f} | ±{ACCURACY_TOLERANCE:g} | {met} | |")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short iterations (about 3.5 minutes in all; W5 and W7 "
                    "keep five warm-up seconds)")
    ap.add_argument("--python", default=default_python(),
                    help="interpreter with torch and numpy (default: $PYTHON, else /work/venv/bin/python where it "
                    "exists, else python3)")
    ap.add_argument("--jar", default=os.path.join(ROOT, "bench", "target", "benchmarks.jar"))
    ap.add_argument("--build", action="store_true", help="rebuild the jar first (./mvnw package; what compare.sh "
                    "does), after the interpreter check")
    ap.add_argument("--out", help="folder for jmh.json, jmh.log, torch-N.json, lanes-accuracy.json (with W4), "
                    "workloads.txt (the --only) (default: a new temp folder)")
    ap.add_argument("--from", dest="saved", metavar="DIR", help="print the tables of an earlier --out DIR again")
    ap.add_argument("--only", default=",".join(BENCHMARK_OF), metavar="W7,...",
                    help=f"comma-separated workloads to run (default: all, {','.join(BENCHMARK_OF)})")
    args = ap.parse_args()
    if args.saved:
        reprint(args.saved)
        return
    selected = parse_only(args.only)
    require_modules(args.python, ["torch", "numpy"])
    if args.build:
        build = [os.path.join(ROOT, "mvnw"), "-B", "-q", "package", "-pl", "bench", "-am", "-DskipTests"]
        print("+ " + " ".join(build), file=sys.stderr, flush=True)
        if subprocess.run(build, cwd=ROOT).returncode != 0:
            sys.exit("building bench/target/benchmarks.jar failed (Maven's output is above)")
    if not os.path.exists(args.jar):
        sys.exit(f"{args.jar} missing: run bash bench/scripts/compare.sh, or "
                 "./mvnw -B -q package -pl bench -am -DskipTests")
    args.jar = os.path.abspath(args.jar)  # JMH runs in the repository root; these are the caller's paths
    out_dir = os.path.abspath(args.out or tempfile.mkdtemp(prefix="lanes-compare-"))
    os.makedirs(out_dir, exist_ok=True)
    java = java_binary()

    load_before = os.getloadavg()[0]
    # PyTorch runs before and after JMH (two threads: OpenMP's default spinning wait, then a passive one) and
    # keeps the faster median of each workload: on a shared machine a busy minute slows one side only, and this
    # way the noise counts against Lanes. --quick runs it once, with the passive wait.
    before = run_all_torch(args.python, args.quick, args.quick, selected)
    lanes = run_jmh(java, args.jar, args.quick, selected, out_dir)
    lanes_acc = run_lanes_accuracy(java, args.jar, out_dir) if "W4" in selected else None
    after = before if args.quick else run_all_torch(args.python, args.quick, True, selected)
    torch_runs = {t: faster(before[t], after[t]) for t in before}
    for threads, run in torch_runs.items():
        with open(os.path.join(out_dir, f"torch-{threads}.json"), "w") as f:
            json.dump({"before": before[threads], "after": after[threads]}, f, indent=1)
    with open(os.path.join(out_dir, SELECTION_FILE), "w") as f:
        f.write(",".join(selected) + "\n")

    print(f"Machine: {machine()}; JDK: {java_version(java)}; PyTorch {torch_runs[1]['torch']}; "
          f"{'--quick' if args.quick else 'full'} run; 1-minute load average {load_before:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end; raw results in {out_dir}")
    print(("PyTorch = one run, before JMH (2 threads: OMP_WAIT_POLICY=PASSIVE). " if args.quick else
           "PyTorch = the faster of two runs, before and after JMH (2 threads: OpenMP's default wait, then "
           "OMP_WAIT_POLICY=PASSIVE). ") +
          "ratio = Lanes speed / PyTorch speed (> 1: Lanes faster), from medians of the timed iterations;")
    print(f"bytes/op = JMH -prof gc gc.alloc.rate.norm (below {ZERO_ALLOC_BYTES} B counts as 0: JMH's own "
          "bookkeeping).\n")
    print_tables(lanes, torch_runs, lanes_acc, selected)


if __name__ == "__main__":
    main()
