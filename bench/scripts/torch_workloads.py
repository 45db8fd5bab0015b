#!/usr/bin/env python3
"""PyTorch side of the Lanes workload comparison (issue 6): W1-W7 on the CPU, medians as JSON on stdout.

    torch_workloads.py [--threads N] [--only W1,W4,...] [--quick] [--digits FILE]

Every workload mirrors a JMH benchmark in bench/src/main/java/dev/lanes/bench/workloads (same network, loss,
optimizer, batch and data distribution); bench/scripts/compare.py runs both sides in the same session and
prints the ratios. Output: {"torch": version, "threads": N, "results": {id: median seconds per op},
"w4_test_accuracy": ...}; ids are those compare.py uses (W1, W2, W3, W4, W5, W6-b1-64, W6-b1-784, W6-b256-784,
W7-b128-784, W7-b32-64).
Needs torch and numpy (`python3 -m venv v && v/bin/pip install torch numpy`); --help works without them.
"""
import argparse
import json
import os
import statistics
import sys
import time

from preflight import INSTALL_HINT

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIGITS = os.path.join(ROOT, "cli/src/main/resources/dev/lanes/cli/data/digits.csv")
TIMING = {"warmup_s": 1.0, "measure_s": 3.0}


def median_time(fn, min_reps=5):
    """Median seconds per call of fn, over batches of calls sized to ~10 ms each (JMH-like iterations)."""
    warmup_s, measure_s = TIMING["warmup_s"], TIMING["measure_s"]
    t_end = time.perf_counter() + warmup_s
    calls = 0
    while time.perf_counter() < t_end or calls == 0:
        fn()
        calls += 1
    per_batch = max(1, int(calls / warmup_s * 0.01))
    samples = []
    t_end = time.perf_counter() + measure_s
    while time.perf_counter() < t_end or len(samples) < min_reps:
        t0 = time.perf_counter()
        for _ in range(per_batch):
            fn()
        samples.append((time.perf_counter() - t0) / per_batch)
    return statistics.median(samples)


def seq_net(sizes, acts):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if acts[i] is not None:
            layers.append(acts[i]())
    return nn.Sequential(*layers)


def train_step(net, loss_fn, opt, x, y):
    def step():
        loss = loss_fn(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return step


def w1():
    torch.manual_seed(0)
    x = torch.tensor(np.random.default_rng(1).normal(0, 10, (10, 3)), dtype=torch.float32)
    y = torch.tensor(np.random.default_rng(2).normal(0, 10, (10, 4)), dtype=torch.float32)
    net = seq_net([3, 10, 6, 4], [nn.Sigmoid, nn.ReLU, nn.Sigmoid])
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    return {"W1": median_time(train_step(net, nn.MSELoss(), opt, x, y))}


def w2():
    torch.manual_seed(0)
    x = torch.randint(0, 2, (4, 2)).float()
    y = torch.randint(0, 2, (4, 3)).float()
    net = seq_net([2, 2, 3], [nn.ReLU, nn.Sigmoid])
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    return {"W2": median_time(train_step(net, nn.MSELoss(), opt, x, y))}


def w3(quick):
    torch.manual_seed(0)
    x = torch.randint(0, 5, (10, 2)).float()
    y = torch.randint(0, 5, (10, 3)).float()

    def run():
        w = [torch.rand(2, 2, requires_grad=True), torch.rand(2, 3, requires_grad=True)]
        b = [torch.rand(1, 2, requires_grad=True), torch.rand(1, 3, requires_grad=True)]
        for _ in range(10000):
            h = torch.relu(torch.mm(x, w[0]) + b[0])
            yp = torch.relu(torch.mm(h, w[1]) + b[1])
            loss = (yp - y).pow(2).sum()
            loss.backward()
            with torch.no_grad():
                for p in w + b:
                    p -= 0.01 * p.grad
                    p.grad.zero_()
    runs = []
    for _ in range(2 if quick else 4):  # the first run warms up
        t0 = time.perf_counter()
        run()
        runs.append(time.perf_counter() - t0)
    return {"W3": statistics.median(runs[1:])}


SPLIT_STRIDE = 7919  # Digits.STRIDE: row k of the split is row (k * 7919) mod n of the file
ACCURACY_SEEDS = 3    # DigitsAccuracy.SEEDS


def load_digits(path):
    """Pixels / 16, the first int(0.8 n) rows of the strided permutation train, the rest test — as Digits.java."""
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    x, y = data[:, :-1] / 16.0, data[:, -1].astype(np.int64)
    idx = (np.arange(len(x), dtype=np.int64) * SPLIT_STRIDE) % len(x)
    cut = int(len(x) * 0.8)
    return (torch.tensor(x[idx[:cut]]), torch.tensor(y[idx[:cut]]),
            torch.tensor(x[idx[cut:]]), torch.tensor(y[idx[cut:]]))


def digits_run(data, seed, epochs=20):
    """Trains 20 epochs from seed; returns the epoch times and the test accuracy after them."""
    xtr, ytr, xte, yte = data
    torch.manual_seed(seed)
    net = seq_net([64, 128, 64, 10], [nn.ReLU, nn.ReLU, None])
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(seed)

    def epoch():
        perm = torch.randperm(len(xtr), generator=gen)
        for i in range(0, len(xtr), 32):
            idx = perm[i:i + 32]
            loss = loss_fn(net(xtr[idx]), ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    times = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        epoch()
        times.append(time.perf_counter() - t0)
    with torch.no_grad():
        return times, (net(xte).argmax(1) == yte).float().mean().item()


def w4(digits_csv):
    """Median epoch time (the first epoch of every seed is warm-up); mean test accuracy over the seeds."""
    data = load_digits(digits_csv)
    times, accs = [], []
    for seed in range(ACCURACY_SEEDS):
        t, acc = digits_run(data, seed)
        times += t[1:]
        accs.append(acc)
    return {"W4": statistics.median(times)}, statistics.mean(accs), accs


def w5():
    torch.manual_seed(0)
    net = seq_net([784, 512, 256, 10], [nn.ReLU, nn.ReLU, None])
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x = torch.rand(128, 784)
    y = torch.randint(0, 10, (128,))
    return {"W5": median_time(train_step(net, nn.CrossEntropyLoss(), opt, x, y))}


def w6():
    torch.manual_seed(0)
    small = seq_net([64, 128, 64, 10], [nn.ReLU, nn.ReLU, None]).eval()
    big = seq_net([784, 512, 256, 10], [nn.ReLU, nn.ReLU, None]).eval()
    x64, x784, x784b = torch.rand(1, 64), torch.rand(1, 784), torch.rand(256, 784)
    with torch.no_grad():
        return {"W6-b1-64": median_time(lambda: small(x64)),
                "W6-b1-784": median_time(lambda: big(x784)),
                "W6-b256-784": median_time(lambda: big(x784b))}


W7_RESTART_STEPS = 1000  # NormMlpTraining.RESTART_STEPS


def norm_net(sizes):
    """Linear, BatchNorm1d, ReLU, Linear, LayerNorm, ReLU, Linear — as Nets.NORM_MNIST / NORM_DIGITS."""
    a, b, c, d = sizes
    return nn.Sequential(nn.Linear(a, b), nn.BatchNorm1d(b), nn.ReLU(), nn.Linear(b, c), nn.LayerNorm(c), nn.ReLU(),
                         nn.Linear(c, d))


def restarting_norm_step(sizes, x, y):
    """A training step that starts again from the same fresh weights and a fresh Adam every W7_RESTART_STEPS steps,
    inside the timed call, as NormMlpTraining: on one fixed batch the loss reaches 0 and Adam's moments would sink
    into subnormal floats."""
    state = {"steps": W7_RESTART_STEPS}

    def step():
        if state["steps"] == W7_RESTART_STEPS:
            torch.manual_seed(0)
            net = norm_net(sizes)
            state.update(steps=0, run=train_step(net, nn.CrossEntropyLoss(),
                                                 torch.optim.Adam(net.parameters(), lr=1e-3), x, y))
        state["steps"] += 1
        state["run"]()
    return step


def w7():
    torch.manual_seed(0)
    x784, y784 = torch.rand(128, 784), torch.randint(0, 10, (128,))
    x64, y64 = torch.rand(32, 64), torch.randint(0, 10, (32,))
    return {"W7-b128-784": median_time(restarting_norm_step([784, 512, 256, 10], x784, y784)),
            "W7-b32-64": median_time(restarting_norm_step([64, 128, 64, 10], x64, y64))}


WORKLOAD_NAMES = ("W1", "W2", "W3", "W4", "W5", "W6", "W7")


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only", default=",".join(WORKLOAD_NAMES), help="comma-separated workloads (default: all)")
    ap.add_argument("--quick", action="store_true", help="shorter warm-up and measurement (about a third)")
    ap.add_argument("--digits", default=DIGITS)
    args = ap.parse_args()
    unknown = [name for name in args.only.split(",") if name not in WORKLOAD_NAMES]
    if unknown:
        ap.error(f"--only: unknown workload {unknown[0]!r}; expected some of {','.join(WORKLOAD_NAMES)}")
    return args


def main(args):
    if args.quick:
        TIMING.update(warmup_s=0.3, measure_s=1.0)
    torch.set_num_threads(args.threads)
    wanted = args.only.split(",")
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "results": {}}
    for name in wanted:
        if name == "W4":
            times, acc, each = w4(args.digits)
            out["results"].update(times)
            out["w4_test_accuracy"] = acc
            out["w4_test_accuracy_each"] = each
        else:
            fn = {"W1": w1, "W2": w2, "W3": lambda: w3(args.quick), "W5": w5, "W6": w6, "W7": w7}[name]
            out["results"].update(fn())
        print(f"torch {name} done ({args.threads} thread(s))", file=sys.stderr)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    ARGS = parse_args()  # before the imports below: --help and bad options need neither torch nor numpy
    try:
        import numpy as np
        import torch
        from torch import nn
    except ImportError as e:
        sys.exit(f"{sys.executable} has no module {e.name!r}; install torch and numpy into it, or make an "
                 f"interpreter that has them: {INSTALL_HINT}")
    main(ARGS)
