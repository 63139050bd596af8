"""Grader for e23 - k-fold and stratified k-fold from scratch.

References: sklearn.model_selection.KFold and StratifiedKFold with shuffle=False, compared
fold by fold exactly (same allocation rule), plus hand-computed examples and the properties
any valid splitter has (test folds partition the samples, train is the complement, class
counts per test fold within one of the proportional share).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.model_selection import KFold, StratifiedKFold


def _check_partition(folds, n, k):
    assert len(folds) == k, f"got {len(folds)} folds, expected {k}"
    seen = np.zeros(n, dtype=int)
    for f, (train, test) in enumerate(folds):
        train, test = np.asarray(train), np.asarray(test)
        assert (
            np.array_equal(np.sort(np.concatenate([train, test])), np.arange(n))
            and not np.intersect1d(train, test).size
        ), f"fold {f}: train {train.tolist()} and test {test.tolist()} must partition 0..{n - 1}"
        assert np.array_equal(train, np.sort(train)) and np.array_equal(test, np.sort(test)), (
            f"fold {f}: indices must be sorted"
        )
        seen[test] += 1
    assert (seen == 1).all(), f"each sample must be tested exactly once, counts {seen.tolist()}"


@pytest.mark.region("kfold")
def test_kfold_example(lab):
    """The README example: 7 samples in 3 folds test [0,1,2], [3,4], [5,6]."""
    folds = lab.kfold_indices(7, 3)
    tests = [np.asarray(t).tolist() for _, t in folds]
    assert tests == [[0, 1, 2], [3, 4], [5, 6]], f"test folds {tests}, expected [[0, 1, 2], [3, 4], [5, 6]]"
    assert np.asarray(folds[1][0]).tolist() == [0, 1, 2, 5, 6], f"fold 1 train {np.asarray(folds[1][0]).tolist()}"


@pytest.mark.region("kfold")
@given(st.integers(2, 40), st.integers(2, 8))
def test_kfold_matches_sklearn(lab, n, k):
    """Any n and k <= n: exactly the folds of sklearn's KFold(k) without shuffling."""
    if k > n:
        return
    folds = lab.kfold_indices(n, k)
    _check_partition(folds, n, k)
    for f, ((tr, te), (rtr, rte)) in enumerate(zip(folds, KFold(k).split(np.zeros(n)))):
        assert np.array_equal(te, rte) and np.array_equal(tr, rtr), (
            f"n={n}, k={k}, fold {f}: test {np.asarray(te).tolist()}, KFold gives {rte.tolist()}"
        )


@pytest.mark.region("kfold")
def test_kfold_bad_splits(lab):
    """n_splits < 2 or more splits than samples raise ValueError."""
    with pytest.raises(ValueError):
        lab.kfold_indices(5, 1)
    with pytest.raises(ValueError):
        lab.kfold_indices(3, 4)


@pytest.mark.region("stratified")
def test_stratified_example(lab):
    """The README example: b b b and a a a a in 2 folds test [0,1,2,3] and [4,5,6]."""
    y = np.array(["b", "a", "a", "b", "a", "b", "a"])
    tests = [np.asarray(t).tolist() for _, t in lab.stratified_kfold_indices(y, 2)]
    assert tests == [[0, 1, 2, 3], [4, 5, 6]], f"test folds {tests}, expected [[0, 1, 2, 3], [4, 5, 6]]"


@pytest.mark.region("stratified")
@given(st.lists(st.integers(0, 3), min_size=2, max_size=24), st.integers(2, 5))
def test_stratified_matches_sklearn(lab, labels, k):
    """Random labels: stratified folds, and exactly StratifiedKFold(k)'s folds without shuffling."""
    y = np.array(labels)
    counts = np.unique(y, return_counts=True)[1]
    if np.all(counts < k) or k > len(y):
        return
    folds = lab.stratified_kfold_indices(y, k)
    _check_partition(folds, len(y), k)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns when the smallest class has fewer than k members
        ref = list(StratifiedKFold(k).split(np.zeros(len(y)), y))
    for f, ((tr, te), (rtr, rte)) in enumerate(zip(folds, ref)):
        assert np.array_equal(te, rte), (
            f"y={labels}, k={k}, fold {f}: test {np.asarray(te).tolist()}, StratifiedKFold gives {rte.tolist()}"
        )
    for c, n_c in zip(*np.unique(y, return_counts=True)):
        per_fold = [int((y[np.asarray(te)] == c).sum()) for _, te in folds]
        assert max(per_fold) - min(per_fold) <= 1, (
            f"class {c} ({n_c} samples) is spread {per_fold} over the folds: not stratified"
        )


@pytest.mark.region("stratified")
def test_stratified_bad_splits(lab):
    """n_splits < 2, or every class smaller than n_splits, raise ValueError."""
    with pytest.raises(ValueError):
        lab.stratified_kfold_indices(np.array([0, 0, 1, 1]), 1)
    with pytest.raises(ValueError):
        lab.stratified_kfold_indices(np.array([0, 0, 1, 1]), 3)
