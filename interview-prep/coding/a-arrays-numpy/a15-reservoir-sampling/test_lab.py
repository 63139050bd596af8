"""Grader for a15 - reservoir sampling.

Reference: the exact distribution. For a stream of n items, every item must be included with
probability k / n and every k-subset must be equally likely; the grader runs the sampler many
times with a fixed seed and applies scipy.stats.chisquare with a generous alpha (1e-4), so a
correct implementation passes whatever order it draws its random numbers in. Plus the exact
edge cases: n <= k, k = 0, k < 0, generators (read once, no len), long streams.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.stats import chisquare

ALPHA = 1e-4


def _gen(n):
    """A generator: no len(), can be read only once."""
    yield from range(n)


@pytest.mark.region("solve")
def test_worked_example_shapes(lab):
    """The README example: 5 distinct items of a 1000-item generator; a short stream is returned whole."""
    got = lab.reservoir_sample(_gen(1_000), 5, np.random.default_rng(0))
    assert isinstance(got, list) and len(got) == 5, f"reservoir_sample(1000 items, k=5) returned {got!r}, expected a list of 5"
    assert len(set(got)) == 5 and all(0 <= v < 1000 for v in got), f"items must be 5 distinct stream items, got {got}"
    got = lab.reservoir_sample(_gen(3), 5, np.random.default_rng(0))
    assert got == [0, 1, 2], f"reservoir_sample([0, 1, 2], k=5) = {got}, expected all items in stream order [0, 1, 2]"


@pytest.mark.region("solve")
def test_every_item_equally_likely(lab):
    """k=3 of 10 items, 3000 runs: each item is included ~900 times (chi-square p > 1e-4)."""
    rng = np.random.default_rng(12345)
    counts = np.zeros(10)
    for _ in range(3000):
        sample = lab.reservoir_sample(_gen(10), 3, rng)
        assert len(sample) == 3 and len(set(sample)) == 3, f"a sample of k=3 must hold 3 distinct items, got {sample}"
        counts[sample] += 1
    p = chisquare(counts).pvalue
    assert p > ALPHA, (
        f"inclusion counts over 3000 runs: {counts.astype(int).tolist()}, expected ~900 each (p = {p:.2e}); item i >= k "
        "must replace a slot with probability k / (i + 1): draw j from {0, ..., i} inclusive"
    )


@pytest.mark.region("solve")
def test_every_subset_equally_likely(lab):
    """k=2 of 5 items, 3000 runs: all 10 pairs appear ~300 times (chi-square p > 1e-4)."""
    pairs = {p: i for i, p in enumerate(itertools.combinations(range(5), 2))}
    rng = np.random.default_rng(777)
    counts = np.zeros(len(pairs))
    for _ in range(3000):
        counts[pairs[tuple(sorted(lab.reservoir_sample(_gen(5), 2, rng)))]] += 1
    p = chisquare(counts).pvalue
    assert p > ALPHA, f"pair counts {counts.astype(int).tolist()} (expected ~300 each): p = {p:.2e}, the subsets are not uniform"


@pytest.mark.region("solve")
def test_long_stream_late_items_are_sampled(lab):
    """k=1 from 500 items, 200 runs: the chosen item is uniform over the stream, late items included."""
    rng = np.random.default_rng(4)
    picks = np.array([lab.reservoir_sample(_gen(500), 1, rng)[0] for _ in range(200)])
    hist = np.bincount(picks // 50, minlength=10)
    p = chisquare(hist).pvalue
    assert p > ALPHA, f"k=1 picks per block of 50 items: {hist.tolist()} (expected ~20 each), p = {p:.2e}"


@pytest.mark.region("solve")
def test_seed_reproducible(lab):
    """The same seed gives the same sample: all randomness comes from the rng argument."""
    a = lab.reservoir_sample(_gen(500), 7, np.random.default_rng(99))
    b = lab.reservoir_sample(_gen(500), 7, np.random.default_rng(99))
    assert a == b, f"two runs with seed 99 gave {a} and {b}: use only the rng passed in"


@pytest.mark.region("solve")
def test_k_zero_empty_stream_and_negative_k(lab):
    """k=0 returns []; an empty stream returns []; k < 0 raises ValueError."""
    rng = np.random.default_rng(0)
    assert lab.reservoir_sample(_gen(10), 0, rng) == [], "k=0 must return []"
    assert lab.reservoir_sample(_gen(0), 4, rng) == [], "an empty stream must return []"
    with pytest.raises(ValueError):
        lab.reservoir_sample(_gen(3), -1, rng)
