"""Grader for e18 - group k-fold.

Reference: sklearn.model_selection.GroupKFold (no shuffle), which uses the same greedy rule
and tie-breaks, so folds are compared exactly; plus the properties that make it correct
whatever the tie-break: the test folds partition the samples, train is the complement, no
group is split, and the greedy balance bound (fold sizes differ by at most the largest group).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.model_selection import GroupKFold


def _check_properties(groups, folds, n_splits):
    assert len(folds) == n_splits, f"got {len(folds)} folds, expected n_splits={n_splits}"
    n = len(groups)
    seen = np.zeros(n, dtype=int)
    for k, (train, test) in enumerate(folds):
        train, test = np.asarray(train), np.asarray(test)
        assert (
            np.array_equal(np.sort(np.concatenate([train, test])), np.arange(n))
            and len(np.intersect1d(train, test)) == 0
        ), f"fold {k}: train {train.tolist()} and test {test.tolist()} must partition 0..{n - 1}"
        assert np.array_equal(test, np.sort(test)) and np.array_equal(train, np.sort(train)), (
            f"fold {k}: indices must be sorted"
        )
        shared = set(groups[train].tolist()) & set(groups[test].tolist())
        assert not shared, f"fold {k}: groups {sorted(shared)} are in both train and test (leakage)"
        seen[test] += 1
    assert (seen == 1).all(), f"every sample must be tested exactly once, counts {seen.tolist()}"
    sizes = [len(t) for _, t in folds]
    biggest = np.unique(groups, return_counts=True)[1].max()
    assert max(sizes) - min(sizes) <= biggest, f"fold sizes {sizes} differ by more than the largest group ({biggest})"


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: groups a(3) b(2) c(2) d(1) in two folds give tests [0,1,2,7] and [3,4,5,6]."""
    groups = np.array(["a", "a", "a", "b", "b", "c", "c", "d"])
    folds = lab.group_kfold(groups, n_splits=2)
    tests = [np.asarray(t).tolist() for _, t in folds]
    assert tests == [[0, 1, 2, 7], [3, 4, 5, 6]], f"test folds {tests}, expected [[0, 1, 2, 7], [3, 4, 5, 6]]"
    assert np.asarray(folds[0][0]).tolist() == [3, 4, 5, 6], (
        f"fold 0 train {np.asarray(folds[0][0]).tolist()}, expected [3, 4, 5, 6]"
    )


@pytest.mark.region("solve")
@given(st.lists(st.integers(0, 7), min_size=2, max_size=16), st.integers(2, 5))
def test_matches_sklearn_group_kfold(lab, group_list, n_splits):
    """Random group labels: valid group folds, and exactly the folds of sklearn's GroupKFold."""
    groups = np.array(group_list)
    n_splits = min(n_splits, len(np.unique(groups)))
    if n_splits < 2:
        return
    folds = lab.group_kfold(groups, n_splits)
    _check_properties(groups, folds, n_splits)
    ref = list(GroupKFold(n_splits=n_splits).split(groups, groups=groups))
    for k, ((_, test), (_, rtest)) in enumerate(zip(folds, ref)):
        assert np.array_equal(test, rtest), (
            f"groups={group_list}, n_splits={n_splits}: fold {k} tests {np.asarray(test).tolist()}, "
            f"sklearn's GroupKFold tests {rtest.tolist()} (largest group first, into the emptiest fold)"
        )


@pytest.mark.region("solve")
def test_equal_sizes_tie_break(lab):
    """Four groups of two: larger values go first, so group 3 lands in fold 0, 2 in fold 1, 1 in fold 2, 0 in fold 0."""
    groups = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    folds = lab.group_kfold(groups, n_splits=3)
    tests = [np.asarray(t).tolist() for _, t in folds]
    assert tests == [[0, 1, 6, 7], [4, 5], [2, 3]], f"test folds {tests}, expected [[0, 1, 6, 7], [4, 5], [2, 3]]"


@pytest.mark.region("solve")
def test_bad_n_splits_raise(lab):
    """More splits than groups, or fewer than 2 splits, raise ValueError."""
    with pytest.raises(ValueError):
        lab.group_kfold(np.array([1, 1, 2, 2]), n_splits=3)
    with pytest.raises(ValueError):
        lab.group_kfold(np.array([1, 2, 3]), n_splits=1)
