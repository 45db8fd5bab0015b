#!/usr/bin/env python3
"""PyTorch side of the Lanes workload comparison (issue 6): W1-W6 on the CPU, medians as JSON on stdout.

Usage: torch_workloads.py [--threads N] [--only W1,W4,...] [--quick]
Each workload mirrors a JMH benchmark in bench/src/main/java/dev/lanes/bench/workloads; bench/scripts/compare.sh
runs both sides in the same session and prints the ratios.
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn


def median_time(fn, warmup_s=0.5, measure_s=2.0, min_reps=5):
    """Median seconds per call of fn, over batches of calls sized to ~10 ms each."""
    t_end = time.perf_counter() + warmup_s
    calls = 0
    while time.perf_counter() < t_end:
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


def w1():
    torch.manual_seed(0)
    x = torch.tensor(np.random.default_rng(0).normal(0, 10, (10, 3)), dtype=torch.float32)
    y = torch.tensor(np.random.default_rng(1).normal(0, 10, (10, 4)), dtype=torch.float32)
    net = seq_net([3, 10, 6, 4], [nn.Sigmoid, nn.ReLU, nn.Sigmoid])
    loss_fn = nn.MSELoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)

    def step():
        loss = loss_fn(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return {"W1 step (us)": median_time(step) * 1e6}


def w2():
    torch.manual_seed(0)
    x = torch.randint(0, 2, (4, 2), dtype=torch.float32)
    y = torch.randint(0, 2, (4, 3), dtype=torch.float32)
    net = seq_net([2, 2, 3], [nn.ReLU, nn.Sigmoid])
    loss_fn = nn.MSELoss()
    opt = torch.optim.Adam(net.parameters(), lr=0.01)

    def step():
        loss = loss_fn(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return {"W2 step (us)": median_time(step) * 1e6}


def w3():
    torch.manual_seed(0)
    x = torch.randint(0, 5, (10, 2), dtype=torch.float32)
    y = torch.randint(0, 5, (10, 3), dtype=torch.float32)

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
    return {"W3 10000 epochs (s)": median_time(run, warmup_s=0.0, measure_s=0.0, min_reps=3)}


def load_digits(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    x, y = data[:, :-1] / 16.0, data[:, -1].astype(np.int64)
    rng = np.random.default_rng(0)
    idx = rng.permutation(len(x))
    cut = int(len(x) * 0.8)
    return (torch.tensor(x[idx[:cut]]), torch.tensor(y[idx[:cut]]),
            torch.tensor(x[idx[cut:]]), torch.tensor(y[idx[cut:]]))


def w4(digits_csv):
    xtr, ytr, xte, yte = load_digits(digits_csv)
    torch.manual_seed(0)
    net = seq_net([64, 128, 64, 10], [nn.ReLU, nn.ReLU, None])
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(0)

    def epoch():
        perm = torch.randperm(len(xtr), generator=gen)
        for i in range(0, len(xtr), 32):
            idx = perm[i:i + 32]
            loss = loss_fn(net(xtr[idx]), ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    times = []
    for _ in range(20):  # the accuracy figure is after 20 epochs; the time is the median epoch
        t0 = time.perf_counter()
        epoch()
        times.append(time.perf_counter() - t0)
    t = statistics.median(times[1:])
    with torch.no_grad():
        acc = (net(xte).argmax(1) == yte).float().mean().item()
    return {"W4 epoch (ms)": t * 1e3, "W4 test accuracy": acc}


def w5():
    torch.manual_seed(0)
    net = seq_net([784, 512, 256, 10], [nn.ReLU, nn.ReLU, None])
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x = torch.rand(128, 784)
    y = torch.randint(0, 10, (128,))

    def step():
        loss = loss_fn(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return {"W5 train (samples/s)": 128 / median_time(step)}


def w6():
    torch.manual_seed(0)
    small = seq_net([64, 128, 64, 10], [nn.ReLU, nn.ReLU, None]).eval()
    big = seq_net([784, 512, 256, 10], [nn.ReLU, nn.ReLU, None]).eval()
    x64, x784, x784b = torch.rand(1, 64), torch.rand(1, 784), torch.rand(256, 784)
    out = {}
    with torch.no_grad():
        out["W6 b1 64-128-64-10 (us)"] = median_time(lambda: small(x64)) * 1e6
        out["W6 b1 784-512-256-10 (us)"] = median_time(lambda: big(x784)) * 1e6
        out["W6 b256 784-512-256-10 (samples/s)"] = 256 / median_time(lambda: big(x784b))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only", default="W1,W2,W3,W4,W5,W6")
    ap.add_argument("--digits", default="cli/src/main/resources/digits.csv")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    wanted = set(args.only.split(","))
    results = {"torch": torch.__version__, "threads": args.threads}
    for name, fn in [("W1", w1), ("W2", w2), ("W3", w3), ("W4", lambda: w4(args.digits)), ("W5", w5), ("W6", w6)]:
        if name in wanted:
            results.update(fn())
            print(f"{name} done", file=sys.stderr)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
