"""a10 - Welford running mean and variance, and Chan's merge of two partial states.

A state is (n, mean, m2) with m2 = Σ (x_i - mean)^2. Welford updates it one sample at a
time without ever forming Σ x^2 (which cancels catastrophically when the mean is large);
Chan's formula merges the states of two disjoint chunks (other workers, other GPUs, other
batches) exactly. variance = m2 / (n - ddof).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

State = tuple[int, np.ndarray, np.ndarray]  # (n, mean, m2); mean and m2 have the sample shape


def variance(state: State, ddof: int = 0) -> np.ndarray:
    """Finalise a state: m2 / (n - ddof), NaN where n - ddof <= 0 (given, not a region)."""
    n, _, m2 = state
    if n - ddof <= 0:
        return np.full(np.shape(m2), np.nan)
    return np.asarray(m2, dtype=np.float64) / (n - ddof)


def welford(stream: Iterable) -> State:
    """One pass over a stream of samples (scalars or equal-shape arrays, e.g. per-channel pixels).

    For each x:   n ← n + 1;   d = x - mean;   mean ← mean + d / n;   m2 ← m2 + d · (x - mean_new)
    (the last factor uses the UPDATED mean: d · (x - mean_new) = (n-1)/n · d²).
    Returns (n, mean, m2) with float64 mean/m2 of the sample shape; an empty stream gives (0, 0.0, 0.0).
    """
    # BEGIN REGION update: Return the state (n, mean, m2) of all samples of `stream`, read ONCE, in order (it may be a generator).
    # | Samples are scalars or arrays of one common shape (per-element statistics); mean and m2 are float64 of that shape,
    # | m2 = sum((x - mean)**2). Use Welford's update, not sum(x) and sum(x**2): the data may be 1e9 + small noise.
    # | An empty stream returns (0, np.float64(0.0), np.float64(0.0)). Never modify the caller's samples in place.
    n = 0
    mean = np.float64(0.0)
    m2 = np.float64(0.0)
    for x in stream:  # a loop over stream items is the point: one pass, O(1) memory
        x = np.asarray(x, dtype=np.float64)
        n += 1
        d = x - mean  # deviation from the OLD mean
        mean = mean + d / n
        m2 = m2 + d * (x - mean)  # times the deviation from the NEW mean
    return n, mean, m2
    # END REGION update


def merge(a: State, b: State) -> State:
    """Chan et al.'s parallel combination of two disjoint partial states.

    δ = mean_b - mean_a,  n = n_a + n_b
    mean = mean_a + δ · n_b / n
    m2   = m2_a + m2_b + δ² · n_a · n_b / n
    Exact (up to rounding) for any split, so statistics can be computed per shard and reduced.
    """
    # BEGIN REGION merge: Return the state (n, mean, m2) of the union of the samples behind states a and b (disjoint chunks).
    # | Chan's formula with the size-weighted mean; m2 needs the correction term for the two means differing.
    # | If one state has n == 0 return the other unchanged (no 0/0). Both empty -> (0, 0.0, 0.0).
    # | Do not modify the arrays of a or b in place (the caller may still use them).
    na, ma, m2a = a
    nb, mb, m2b = b
    if nb == 0:
        return a
    if na == 0:
        return b
    n = na + nb
    delta = np.asarray(mb, dtype=np.float64) - ma
    mean = ma + delta * (nb / n)
    m2 = m2a + m2b + delta * delta * (na * nb / n)
    return n, mean, m2
    # END REGION merge


if __name__ == "__main__":
    data = 1e9 + np.array([4.0, 7.0, 13.0, 16.0])
    s = welford(iter(data))
    print("data = 1e9 + [4, 7, 13, 16]")
    print("welford: n, mean, var(ddof=1) =", s[0], s[1], variance(s, ddof=1))
    naive = (np.sum(data**2) - np.sum(data) ** 2 / 4) / 3
    print("naive (sum x^2 - (sum x)^2 / n) / (n - 1) =", naive)
    print("merge(first two, last two) var(ddof=1) =", variance(merge(welford(data[:2]), welford(data[2:])), ddof=1))
