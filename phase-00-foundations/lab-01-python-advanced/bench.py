"""`cvlab bench 0.1`: the lab's vectorised box maths and pure-Python LRU vs the libraries."""

from __future__ import annotations

import functools

import numpy as np
import torch
import torchvision.ops

from cvlab.bench import Case


def _boxes(rng: np.random.Generator, n: int) -> np.ndarray:
    xy = rng.uniform(0, 1000, size=(n, 2))
    return np.concatenate([xy, xy + rng.uniform(1, 200, size=(n, 2))], axis=1)  # (n, 4) xyxy


def cases(impl):
    rng = np.random.default_rng(0)
    a, b = _boxes(rng, 1000), _boxes(rng, 1000)
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    many = _boxes(rng, 100_000)
    tmany = torch.from_numpy(many)

    keys = rng.integers(0, 512, size=10_000).tolist()  # ~50% hit rate with 256 entries
    ours = impl.lru_cache(maxsize=256)(lambda k: k)
    ref = functools.lru_cache(maxsize=256)(lambda k: k)

    return [
        Case(
            "box_iou 1000 x 1000 (float64)",
            lambda: impl.box_iou(a, b),
            lambda: torchvision.ops.box_iou(ta, tb),
            "torchvision.ops.box_iou",
        ),
        Case(
            "box_convert 100k xyxy -> cxcywh",
            lambda: impl.box_convert(many, "xyxy", "cxcywh"),
            lambda: torchvision.ops.box_convert(tmany, "xyxy", "cxcywh"),
            "torchvision.ops.box_convert",
        ),
        Case(
            "lru_cache 10k calls, maxsize 256",
            lambda: [ours(k) for k in keys],
            lambda: [ref(k) for k in keys],
            "functools.lru_cache (C)",
        ),
    ]
