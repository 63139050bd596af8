"""a17 - Bucketize and histogram.

bucketize: which interval of a sorted boundary list each value falls in, with the side
convention made explicit (torch.bucketize semantics; np.digitize names the flag the other
way round). histogram: equal-width bin counts exactly as np.histogram counts them, including
values that land exactly on a floating-point edge and the closed last bin.
"""

from __future__ import annotations

import numpy as np


def bucketize(x: np.ndarray, boundaries: np.ndarray, right: bool = False) -> np.ndarray:
    """Bucket index of every value for sorted boundaries b[0] <= ... <= b[B-1]; result in 0..B.

    right=False:  i such that b[i-1] <  x <= b[i]    (a value equal to a boundary goes LEFT of it)
    right=True:   i such that b[i-1] <= x <  b[i]    (a value equal to a boundary goes RIGHT of it)
    with b[-1] = -inf and b[B] = +inf. Equals torch.bucketize(x, b, right=right),
    np.searchsorted(b, x, side="right" if right else "left") and np.digitize(x, b, right=not right).
    """
    # TODO(bucketize): Return int64 indices of x's shape: right=False -> i with b[i-1] < x <= b[i]; right=True -> b[i-1] <= x < b[i].
    # | b = boundaries (1-d, non-decreasing), b[-1] = -inf, b[B] = +inf, so indices are in 0..B. Raise ValueError if boundaries
    # | is not 1-d or decreases anywhere. Any shape of x, including 0-d and empty.
    raise NotImplementedError("TODO(bucketize): write this region")


def histogram(x: np.ndarray, bins: int, lo: float, hi: float, weights: np.ndarray | None = None) -> np.ndarray:
    """Counts (or weight sums) of x in ``bins`` equal-width bins over [lo, hi], like np.histogram.

    edges = np.linspace(lo, hi, bins + 1); bin k holds edges[k] <= x < edges[k+1], except the
    last bin, which also holds x == hi. Values outside [lo, hi] (and NaN) are not counted.
    """
    # TODO(histogram): Return (bins,) counts (int64) or weight sums (float64 if weights given) of the values of x, any shape,
    # | in the bins edges = np.linspace(lo, hi, bins + 1): bin k holds edges[k] <= x < edges[k+1], the last bin also x == hi.
    # | Values outside [lo, hi] and NaN are ignored. Must equal np.histogram(x, bins, (lo, hi), weights=weights)[0] exactly,
    # | also for values exactly on an edge. Raise ValueError if bins < 1, not lo < hi, or weights.shape != x.shape.
    # | You may use bucketize.
    raise NotImplementedError("TODO(histogram): write this region")


if __name__ == "__main__":
    b = np.array([1.0, 3.0, 5.0])
    x = np.array([0.0, 1.0, 2.0, 3.0, 6.0])
    print("bucketize(x, b)             =", bucketize(x, b))
    print("bucketize(x, b, right=True) =", bucketize(x, b, right=True))
    print("histogram([0, 0.5, 1, 1, 2, -1], 2, 0, 2) =", histogram(np.array([0, 0.5, 1, 1, 2, -1]), 2, 0.0, 2.0))
