"""Writes print_fixtures.txt: tensors and how PyTorch prints them, for TensorFormatTest.

Run with the project's PyTorch venv:  python make_print_fixtures.py
Each case is a header line `### <shape> | <requires_grad> | <comma-separated float32 values as repr>`
followed by PyTorch's print of that tensor. Values are float32, written so that Float.parseFloat round-trips.
"""
import math
from pathlib import Path

import numpy as np
import torch

rng = np.random.default_rng(20261128)


def case(values, shape, requires_grad=False):
    t = torch.tensor(np.asarray(values, dtype=np.float32).reshape(shape))
    if requires_grad:
        t.requires_grad_(True)
    flat = t.detach().reshape(-1).tolist()
    header = "### " + ",".join(map(str, shape)) + " | " + str(int(requires_grad)) + " | " + ",".join(map(repr, flat))
    return header + "\n" + str(t) + "\n"


def randn(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


cases = [
    case([1, 2, 3, 4], (2, 2)),
    case([1, -2.5, 3, 4], (2, 2), requires_grad=True),
    case([3], ()),
    case([-0.5], ()),
    case([0.5], (), requires_grad=True),
    case([0.0] * 8, (2, 2, 2)),
    case([], (0,)),
    case([], (2, 0)),
    case([], (0, 3, 1)),
    case([1e-5, 1], (2,)),
    case([1e10], (1,)),
    case([12345.5, 1], (2,)),
    case([0.1, -0.25, 100.125], (3,)),
    case([math.nan, 1.5, math.inf], (3,)),
    case([math.nan, 1, -math.inf], (3,)),
    case([math.nan], (1,)),
    case([-0.0, 0.0, 2.0], (3,)),
    case([0.03125, 0.96875, 2.00005, -1.00015], (4,)),
    case([123456789.0, 2.0], (2,)),
    case([2000.0, 1.0], (2,)),
    case(np.arange(2000, dtype=np.float32), (2000,)),
    case(np.arange(12, dtype=np.float32), (2, 3, 2)),
    case(randn(3, 4), (3, 4)),
    case(randn(3, 4, scale=1000), (3, 4)),
    case(randn(2, 3, scale=1e-5), (2, 3)),
    case(randn(30), (30,)),
    case(randn(2, 25), (2, 25)),
    case(randn(40, 40), (40, 40)),
    case(randn(20, 10, 10), (20, 10, 10)),
    case(randn(5, 400), (5, 400), requires_grad=True),
    case(np.round(randn(1001) * 10), (1001,)),
]
Path(__file__).with_name("print_fixtures.txt").write_text("".join(cases))
