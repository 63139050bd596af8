"""Grader for e11 - decision-tree best split.

References: scipy.stats.entropy (base 2) and the Gini formula on explicit probabilities for
impurity; sklearn.tree.DecisionTreeClassifier(max_depth=1) for the best split (its root
partition, read through tree.apply, must have the same impurity decrease as ours: features
may tie, so the gain is compared); plus exact hand-computed splits and the stated tie-breaks.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import entropy
from sklearn.tree import DecisionTreeClassifier


def _gain_of_partition(y, left_mask, criterion):
    """Impurity decrease of a given partition, computed independently with np.unique counts."""

    def imp(labels):
        if len(labels) == 0:
            return 0.0
        p = np.unique(labels, return_counts=True)[1] / len(labels)
        return 1 - np.sum(p**2) if criterion == "gini" else entropy(p, base=2)

    n = len(y)
    return imp(y) - left_mask.sum() / n * imp(y[left_mask]) - (~left_mask).sum() / n * imp(y[~left_mask])


# ---------------------------------------------------------------- impurity
@pytest.mark.region("impurity")
def test_impurity_examples(lab):
    """Counts [5, 5]: gini 0.5, entropy 1 bit; [4, 0]: 0; [2, 1, 1]: gini 0.625, entropy 1.5 bits."""
    counts = np.array([[5, 5, 0], [4, 0, 0], [2, 1, 1]])
    g = np.asarray(lab.impurity(counts, "gini"))
    e = np.asarray(lab.impurity(counts, "entropy"))
    assert g.shape == (3,), f"impurity of a (3, 3) count array should have shape (3,), got {g.shape}"
    assert np.allclose(g, [0.5, 0.0, 0.625]), f"gini {g}, expected [0.5, 0, 0.625]"
    assert np.allclose(e, [1.0, 0.0, 1.5]), f"entropy {e}, expected [1, 0, 1.5] bits (log base 2)"


@pytest.mark.region("impurity")
@given(st.lists(st.integers(0, 20), min_size=2, max_size=6).filter(lambda c: sum(c) > 0))
def test_impurity_matches_scipy(lab, counts):
    """Random count vectors: entropy equals scipy.stats.entropy(base=2), gini equals 1 - Σp²."""
    c = np.array(counts)
    p = c / c.sum()
    e = float(np.asarray(lab.impurity(c, "entropy")))
    g = float(np.asarray(lab.impurity(c, "gini")))
    assert np.isclose(e, entropy(p, base=2)), f"entropy of counts {counts}: {e}, expected {entropy(p, base=2)}"
    assert np.isclose(g, 1 - np.sum(p**2)), f"gini of counts {counts}: {g}, expected {1 - np.sum(p**2)}"


@pytest.mark.region("impurity")
def test_impurity_empty_is_zero(lab):
    """An all-zero count vector (an empty child) has impurity 0, not NaN."""
    for crit in ("gini", "entropy"):
        v = float(np.asarray(lab.impurity(np.zeros(3), crit)))
        assert v == 0.0, f"{crit} of counts [0, 0, 0] = {v}, expected 0 (guard the division by the total)"


@pytest.mark.region("impurity")
def test_impurity_unknown_criterion_raises(lab):
    """criterion='log_loss' (or any other name) raises ValueError."""
    with pytest.raises(ValueError):
        lab.impurity(np.array([1, 1]), "log_loss")


# ---------------------------------------------------------------- split
@pytest.mark.region("split", needs=["impurity"])
def test_split_worked_example(lab):
    """The README example: feature 0 separates the classes at the midpoint 6.5 (gain 0.5 gini, 1 bit entropy)."""
    X = np.array([[2.0, 7.0], [3.0, 1.0], [10.0, 5.0], [11.0, 3.0]])
    y = np.array([0, 0, 1, 1])
    assert tuple(lab.best_split(X, y, "gini")) == (0, 6.5, 0.5), f"gini: got {lab.best_split(X, y, 'gini')}, expected (0, 6.5, 0.5)"
    got = lab.best_split(X, y, "entropy")
    assert got[0] == 0 and got[1] == 6.5 and np.isclose(got[2], 1.0), f"entropy: got {got}, expected (0, 6.5, 1.0)"


@pytest.mark.region("split", needs=["impurity"])
@given(st.integers(0, 10_000), st.integers(2, 16), st.integers(1, 4), st.integers(2, 3), st.sampled_from(["gini", "entropy"]))
def test_split_gain_matches_sklearn_stump(lab, seed, n, d, c, criterion):
    """Random integer-valued features: our best gain equals that of sklearn's depth-1 tree, and our split achieves it."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 6, size=(n, d)).astype(float)
    y = rng.integers(0, c, size=n)
    got = lab.best_split(X, y, criterion)
    tree = DecisionTreeClassifier(max_depth=1, criterion=criterion, random_state=0).fit(X, y)
    if tree.tree_.node_count == 1:  # pure node or all features constant
        assert got is None, f"no split is possible here (sklearn made a leaf), got {got}"
        return
    assert got is not None, "a split exists but best_split returned None"
    f, t, gain = got
    ref_gain = _gain_of_partition(y, tree.apply(X) == 1, criterion)
    assert np.isclose(gain, ref_gain, atol=1e-9), f"{criterion}: best gain {gain}, sklearn's stump achieves {ref_gain}"
    own = _gain_of_partition(y, X[:, f] <= t, criterion)
    assert np.isclose(own, gain, atol=1e-9), f"split (feature {f}, threshold {t}) really gives gain {own}, but {gain} was reported"
    vals = np.unique(X[:, f])
    mids = (vals[1:] + vals[:-1]) / 2
    assert np.any(np.isclose(t, mids)), f"threshold {t} is not a midpoint between distinct values {vals.tolist()}"


@pytest.mark.region("split", needs=["impurity"])
def test_split_tie_breaks(lab):
    """Equal gains: the lowest feature wins (a duplicated column), then the lowest threshold (1.5 before 3.5)."""
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.array([0, 1, 1, 0])  # splits at 1.5 and 3.5 both gain exactly 1/6 (gini)
    X = np.column_stack([np.zeros(4), x, x])  # feature 0 constant, 1 and 2 identical
    got = lab.best_split(X, y, "gini")
    assert got[0] == 1 and got[1] == 1.5, f"got {got}, expected feature 1 (lowest of the tied) and threshold 1.5 (lowest)"
    assert np.isclose(got[2], 1 / 6), f"gain {got[2]}, expected 1/6"


@pytest.mark.region("split", needs=["impurity"])
def test_split_duplicate_values_are_not_split(lab):
    """x = [1, 1, 2] with labels [0, 1, 1]: the only legal threshold is 1.5 (not between the two 1s)."""
    got = lab.best_split(np.array([[1.0], [1.0], [2.0]]), np.array([0, 1, 1]), "gini")
    assert got[1] == 1.5, f"threshold {got[1]}: x <= 1.0 cannot separate two equal values; the only legal one is 1.5"
    assert np.isclose(got[2], 4 / 9 - 2 / 3 * 0.5), f"gain {got[2]}, expected 4/9 - 2/3·1/2 = {4 / 9 - 1 / 3:.4f}"


@pytest.mark.region("split", needs=["impurity"])
def test_split_none_cases(lab):
    """A pure node, or all features constant, returns None."""
    assert lab.best_split(np.array([[1.0], [2.0]]), np.array([3, 3])) is None, "a pure node has nothing to split"
    assert lab.best_split(np.array([[5.0, 1.0], [5.0, 1.0]]), np.array([0, 1])) is None, "constant features cannot be split"
