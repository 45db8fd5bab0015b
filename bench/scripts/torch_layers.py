"""PyTorch's side of LayerBenchmark: Dropout(0.3), LayerNorm(512) and BatchNorm1d(512) on a [128, 512] batch in
training mode, forward under no_grad and forward + backward (a gradient of ones from sum()), one thread by default.

    /work/venv/bin/python bench/scripts/torch_layers.py [threads]
"""
import sys
import time

import torch


def per_call_us(fn, calls):
    for _ in range(calls // 10):
        fn()
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e6


def main():
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    x = torch.randn(128, 512)
    layers = [("dropout(0.3)", torch.nn.Dropout(0.3)), ("layernorm(512)", torch.nn.LayerNorm(512)),
              ("batchnorm1d(512)", torch.nn.BatchNorm1d(512))]
    print("| layer | forward µs | forward + backward µs |")
    print("|---|---:|---:|")
    for name, m in layers:
        m.train()

        def forward():
            with torch.no_grad():
                m(x)

        xt = x.clone().requires_grad_(True)

        def forward_backward():
            m.zero_grad()
            xt.grad = None
            m(xt).sum().backward()

        # the better of three runs of each, as JMH's average over iterations is close to its best on a quiet machine
        f = min(per_call_us(forward, 2000) for _ in range(3))
        fb = min(per_call_us(forward_backward, 1000) for _ in range(3))
        print(f"| {name} | {f:.1f} | {fb:.1f} |")


if __name__ == "__main__":
    main()
