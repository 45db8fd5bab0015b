#!/usr/bin/env python3
"""Lanes GEMM (JMH, bench/target/benchmarks.jar) against numpy matmul (OpenBLAS) on the same shapes, same run.

Prints GFLOP/s of both and the Lanes/OpenBLAS ratio per shape, form and thread count, then the median ratio.

    python3 bench/scripts/gemm_compare.py                # full table (about 10 minutes: 42 JMH cases of
                                                         # ~9 s, then 42 numpy cases of 6 s)
    python3 bench/scripts/gemm_compare.py --quick        # shorter JMH/numpy iterations
    python3 bench/scripts/gemm_compare.py --shapes 512,1024 --forms matmul --threads 1

Needs: JAVA_HOME (JDK 25) or java on PATH, the benchmarks jar as built (./mvnw -B -q package -pl bench -am
-DskipTests; this script does not rebuild it), and a Python with numpy (--python; default: $PYTHON, else
/work/venv/bin/python where it exists, else python3), checked before JMH starts. threadpoolctl, when importable,
is used to confirm which OpenBLAS kernel and thread count numpy runs with.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

from jmh_tools import ROOT, first_error, java_binary
from preflight import default_python, require_modules

SHAPES = ["64", "128", "256", "512", "1024", "128x784x512", "32x64x128"]
FORMS = ["matmul", "transB", "transA"]

# Runs inside the numpy interpreter. Layouts match the Kernel methods: matmul A[m,k]·B[k,n];
# transB A[m,k]·B[n,k]ᵀ; transA A[k,m]ᵀ·B[k,n]. Timing: JMH-like average time per call over a few
# ~1 s iterations after warm-up, then the mean of the iterations.
NUMPY_PROBE = r"""
import json, sys, time
import numpy as np
shapes, forms, warm_s, iter_s, iters = json.loads(sys.argv[1])
info = {"numpy": np.__version__}
try:
    import threadpoolctl
    info["threadpools"] = [{k: p.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
                           for p in threadpoolctl.threadpool_info()]
except ImportError:
    info["threadpools"] = "threadpoolctl not importable"
rng = np.random.default_rng(42)
out = []
for shape in shapes:
    dims = [int(d) for d in shape.split("x")]
    m, k, n = dims * 3 if len(dims) == 1 else dims
    for form in forms:
        c = np.empty((m, n), dtype=np.float32)
        if form == "matmul":
            a = rng.random((m, k), dtype=np.float32); b = rng.random((k, n), dtype=np.float32)
            run = lambda: np.matmul(a, b, out=c)
        elif form == "transB":
            a = rng.random((m, k), dtype=np.float32); b = rng.random((n, k), dtype=np.float32)
            run = lambda: np.matmul(a, b.T, out=c)
        else:
            a = rng.random((k, m), dtype=np.float32); b = rng.random((k, n), dtype=np.float32)
            run = lambda: np.matmul(a.T, b, out=c)
        end = time.perf_counter() + warm_s
        while time.perf_counter() < end:
            run()
        means = []
        for _ in range(iters):
            t0 = time.perf_counter(); count = 0
            while True:
                run(); count += 1
                t = time.perf_counter() - t0
                if t >= iter_s:
                    break
            means.append(t / count)
        out.append({"shape": shape, "form": form, "us": 1e6 * sum(means) / len(means)})
print(json.dumps({"info": info, "results": out}))
"""


def flops(shape):
    dims = [int(d) for d in shape.split("x")]
    m, k, n = dims * 3 if len(dims) == 1 else dims
    return 2.0 * m * k * n


def run_jmh(jar, shapes, forms, threads, quick):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result_file = f.name
    iters = ["-wi", "2", "-i", "3", "-w", "1", "-r", "1"] if quick else ["-wi", "3", "-i", "5", "-w", "1", "-r", "1"]
    cmd = [java_binary(), "-jar", jar, "GemmBenchmark", "-p", "shape=" + ",".join(shapes),
           "-p", "form=" + ",".join(forms), "-p", "threads=" + ",".join(threads), "-p", "impl=vector",
           "-foe", "true", *iters, "-rf", "json", "-rff", result_file]
    print("+ " + " ".join(cmd), file=sys.stderr)
    log_file = result_file[:-len(".json")] + ".log"
    with open(log_file, "w") as log:
        done = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT)
    if done.returncode != 0:  # -foe: JMH stops at the first failed benchmark and exits non-zero
        with open(log_file) as log:
            sys.exit(f"JMH failed (exit {done.returncode}): {first_error(log.read())}; full log: {log_file}")
    os.unlink(log_file)
    with open(result_file) as f:
        data = json.load(f)
    os.unlink(result_file)
    return {(r["params"]["shape"], r["params"]["form"], r["params"]["threads"]): r["primaryMetric"]["score"]
            for r in data}


def run_numpy(python, shapes, forms, threads, quick):
    env = dict(os.environ)
    # The environment may pin OpenBLAS to a core type or L2 size; let it detect the CPU itself.
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    env["OMP_NUM_THREADS"] = str(threads)
    timing = [0.5, 0.5, 3] if quick else [1.0, 1.0, 5]
    cmd = [python, "-c", NUMPY_PROBE, json.dumps([shapes, forms, *timing])]
    print(f"+ OPENBLAS_NUM_THREADS={threads} {python} -c <numpy matmul probe>", file=sys.stderr)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        sys.exit(f"numpy probe in {python} failed (exit {done.returncode}): {last}")
    data = json.loads(done.stdout)
    return data["info"], {(r["shape"], r["form"]): r["us"] for r in data["results"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--forms", default=",".join(FORMS))
    parser.add_argument("--threads", default="1,all", help="1, all, or both (comma-separated)")
    parser.add_argument("--python", default=default_python(),
                        help="interpreter with numpy (default: $PYTHON, else /work/venv/bin/python where it exists, "
                        "else python3)")
    parser.add_argument("--jar", default=os.path.join(ROOT, "bench", "target", "benchmarks.jar"))
    parser.add_argument("--quick", action="store_true", help="fewer, shorter iterations")
    args = parser.parse_args()
    shapes, forms, threads = args.shapes.split(","), args.forms.split(","), args.threads.split(",")
    require_modules(args.python, ["numpy"])
    if not os.path.exists(args.jar):
        sys.exit(f"{args.jar} missing: run ./mvnw -B -q package -pl bench -am -DskipTests")

    lanes = run_jmh(args.jar, shapes, forms, threads, args.quick)
    cores = os.cpu_count()
    rows = []
    for t in threads:
        info, blas = run_numpy(args.python, shapes, forms, cores if t == "all" else int(t), args.quick)
        print(f"numpy with {t} thread(s): {json.dumps(info)}", file=sys.stderr)
        for shape in shapes:
            for form in forms:
                lanes_gf = flops(shape) / lanes[(shape, form, t)] / 1e3
                blas_gf = flops(shape) / blas[(shape, form)] / 1e3
                rows.append((shape, form, t, lanes_gf, blas_gf, lanes_gf / blas_gf))

    print("| shape (MxKxN) | form | threads | Lanes GFLOP/s | OpenBLAS GFLOP/s | Lanes/OpenBLAS |")
    print("|---|---|---|---:|---:|---:|")
    for shape, form, t, lg, bg, ratio in rows:
        print(f"| {shape} | {form} | {t} | {lg:.1f} | {bg:.1f} | {ratio:.2f} |")
    for t in threads:
        ratios = [r[5] for r in rows if r[2] == t]
        print(f"median Lanes/OpenBLAS ratio, {t} thread(s): {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
