"""Grader for a16 - stratified sampling.

References: exact rational arithmetic for the apportionment (fractions.Fraction), scikit-learn's
train_test_split(stratify=...) for the total test size and per-class counts (within 1), a
chi-square test (scipy.stats, alpha 1e-4, fixed seed) that the members chosen inside each
class are uniform, and the edge cases an interviewer probes: tiny classes, exact shares,
string labels, fractions at 0 or 1, disjointness and coverage of the two index sets.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import chisquare
from sklearn.model_selection import train_test_split


def _check_allocation(got, counts, n_total):
    got = np.asarray(got)
    assert got.shape == (len(counts),), f"allocate({counts}, {n_total}) has shape {got.shape}, expected ({len(counts)},)"
    assert np.issubdtype(got.dtype, np.integer), f"allocate returned dtype {got.dtype}, expected int64"
    assert int(got.sum()) == n_total, f"allocate({counts}, {n_total}) = {got.tolist()} sums to {int(got.sum())}, expected {n_total}"
    total = sum(counts)
    for c, (g, cnt) in enumerate(zip(got.tolist(), counts)):
        exact = Fraction(n_total * cnt, total)
        assert abs(g - exact) < 1, f"allocate({counts}, {n_total}): class {c} got {g}, exact share {float(exact):.3f} (must be within 1)"


# ----------------------------------------------------------------------------- allocate
@pytest.mark.region("allocate")
def test_allocate_worked_example(lab):
    """The README example: 11 test samples over classes of 50, 30, 20, 1 -> [6, 3, 2, 0] (largest remainder)."""
    got = np.asarray(lab.allocate(np.array([50, 30, 20, 1]), 11))
    assert got.tolist() == [6, 3, 2, 0], (
        f"allocate([50, 30, 20, 1], 11) = {got.tolist()}, expected [6, 3, 2, 0]: exact shares 5.45, 3.27, 2.18, 0.11; "
        "floors sum to 10, the one left over goes to the largest remainder (0.45)"
    )


@pytest.mark.region("allocate")
@given(st.lists(st.integers(0, 40), min_size=1, max_size=8).filter(lambda c: sum(c) > 0), st.floats(0, 1))
def test_allocate_properties(lab, counts, frac):
    """Random class sizes and totals: shares sum to n_total and each is within 1 of its exact (rational) share."""
    n_total = int(frac * sum(counts))
    _check_allocation(lab.allocate(np.array(counts), n_total), counts, n_total)


@pytest.mark.region("allocate")
def test_allocate_exact_shares_and_rounding_trap(lab):
    """Exact shares are kept; three equal classes and 2 samples: shares sum to 2 (rounding each gives 1+1+1 = 3)."""
    got = np.asarray(lab.allocate(np.array([40, 20, 0, 20]), 40))
    assert got.tolist() == [20, 10, 0, 10], f"allocate([40, 20, 0, 20], 40) = {got.tolist()}, expected [20, 10, 0, 10]"
    _check_allocation(lab.allocate(np.array([5, 5, 5]), 2), [5, 5, 5], 2)
    _check_allocation(lab.allocate(np.array([1, 1, 1, 1, 1, 1, 1]), 3), [1] * 7, 3)


@pytest.mark.region("allocate")
@pytest.mark.parametrize("counts, n_total", [([3, -1], 1), ([0, 0], 0), ([3, 4], 8), ([3, 4], -1), ([2.5, 4.5], 3)])
def test_allocate_bad_input_raises(lab, counts, n_total):
    """Negative counts, all-zero counts, fractional counts, n_total > sum or < 0: ValueError."""
    with pytest.raises(ValueError):
        lab.allocate(np.array(counts), n_total)


# ----------------------------------------------------------------------------- split
def _check_split(labels, f, train, test):
    train, test = np.asarray(train), np.asarray(test)
    n = len(labels)
    assert np.array_equal(train, np.sort(train)) and np.array_equal(test, np.sort(test)), "return sorted index arrays"
    assert np.intersect1d(train, test).size == 0, "train and test overlap"
    assert np.array_equal(np.union1d(train, test), np.arange(n)), "train and test together must be exactly 0..N-1"
    assert len(test) == math.ceil(f * n), f"{len(test)} test samples of {n} at fraction {f}, expected ceil(f * N) = {math.ceil(f * n)}"
    classes, counts = np.unique(labels, return_counts=True)
    for c, cnt in zip(classes, counts):
        got = int(np.sum(labels[test] == c))
        assert abs(got - Fraction(len(test)) * int(cnt) / n) < 1, (
            f"class {c!r} ({cnt} of {n}) has {got} test samples, expected within 1 of {len(test) * cnt / n:.2f}"
        )


@pytest.mark.region("split", needs=["allocate"])
def test_split_worked_example(lab):
    """The README example: 6 cats, 3 dogs, 1 bird at 30%: 3 test samples, 2 cats and 1 dog."""
    labels = np.array(["cat"] * 6 + ["dog"] * 3 + ["bird"])
    train, test = lab.stratified_split(labels, 0.3, np.random.default_rng(0))
    _check_split(labels, 0.3, train, test)
    assert sorted(labels[np.asarray(test)].tolist()) == ["cat", "cat", "dog"], f"test labels {labels[np.asarray(test)].tolist()}"


@pytest.mark.region("split", needs=["allocate"])
@given(st.lists(st.integers(2, 30), min_size=1, max_size=5), st.sampled_from([0.1, 0.2, 0.25, 0.33, 0.5, 0.8]),
       st.integers(0, 999))
def test_split_counts_match_sklearn(lab, sizes, f, seed):
    """Random class sizes: total test size equals sklearn's, and every class count is within 1 of sklearn's."""
    labels = np.repeat(np.arange(len(sizes)), sizes)
    np.random.default_rng(seed).shuffle(labels)
    train, test = lab.stratified_split(labels, f, np.random.default_rng(seed))
    _check_split(labels, f, train, test)
    if len(sizes) > 1 and min(sizes) >= 2 and math.ceil(f * len(labels)) >= len(sizes) and len(labels) - math.ceil(f * len(labels)) >= len(sizes):
        _, sk_test = train_test_split(np.arange(len(labels)), test_size=f, stratify=labels, random_state=seed)
        assert len(test) == len(sk_test), f"{len(test)} test samples, sklearn has {len(sk_test)}"
        mine = np.bincount(labels[np.asarray(test)], minlength=len(sizes))
        theirs = np.bincount(labels[sk_test], minlength=len(sizes))
        assert np.abs(mine - theirs).max() <= 1, f"per-class test counts {mine.tolist()}, sklearn {theirs.tolist()}: differ by more than 1"


@pytest.mark.region("split", needs=["allocate"])
def test_split_is_uniform_within_class(lab):
    """Classes of 6 and 4 at 50%, 2000 seeds: every sample is in the test set ~1000 times (chi-square p > 1e-4)."""
    labels = np.array([0, 1, 0, 0, 1, 0, 1, 0, 0, 1])
    hits = np.zeros(10)
    rng = np.random.default_rng(2024)
    for _ in range(2000):
        hits[np.asarray(lab.stratified_split(labels, 0.5, rng)[1])] += 1
    for c in (0, 1):
        p = chisquare(hits[labels == c]).pvalue
        assert p > 1e-4, (
            f"test-set hits of class {c} samples over 2000 splits: {hits[labels == c].astype(int).tolist()} (expected ~1000 "
            f"each), p = {p:.2e}: pick the test members of a class uniformly at random (with rng)"
        )


@pytest.mark.region("split", needs=["allocate"])
@pytest.mark.parametrize("labels, f", [([0, 1, 1], 0.0), ([0, 1, 1], 1.0), ([], 0.5)])
def test_split_bad_input_raises(lab, labels, f):
    """test_fraction of 0 or 1, or no labels at all: ValueError."""
    with pytest.raises(ValueError):
        lab.stratified_split(np.array(labels), f, np.random.default_rng(0))
