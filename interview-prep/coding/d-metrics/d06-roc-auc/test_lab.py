"""Grader for d06 - ROC curve and AUC with ties.

References: sklearn.metrics.roc_curve(drop_intermediate=False) and roc_auc_score on random
scores with many ties (hypothesis, scores drawn from a few values), an exact pair-counting
AUC (P(s+ > s-) + ½ P(s+ = s-)) written from the definition, and hand-computed cases.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import roc_auc_score
from sklearn.metrics import roc_curve as sk_roc_curve

Y = np.array([0, 0, 1, 1, 0, 1])
S = np.array([0.1, 0.4, 0.4, 0.8, 0.6, 0.9])


def _data():
    """Labels with both classes and integer-valued scores (so ties are common)."""
    return st.integers(2, 30).flatmap(
        lambda n: st.tuples(
            hnp.arrays(np.int64, n, elements=st.integers(0, 1)).filter(lambda y: 0 < y.sum() < y.size),
            hnp.arrays(np.float64, n, elements=st.integers(0, 5).map(float)),
        )
    )


def _pair_auc(y, s):
    pos, neg = s[y == 1], s[y == 0]
    d = pos[:, None] - neg[None, :]
    return float(((d > 0) + 0.5 * (d == 0)).mean())


@pytest.mark.region("roc_curve")
def test_roc_curve_worked_example(lab):
    """README example: the tie at 0.4 (one positive, one negative) is a single diagonal step."""
    fpr, tpr, thr = (np.asarray(a, dtype=float) for a in lab.roc_curve(Y, S))
    assert np.allclose(fpr, [0, 0, 0, 1 / 3, 2 / 3, 1]), f"fpr = {fpr}, expected [0, 0, 0, 1/3, 2/3, 1]"
    assert np.allclose(tpr, [0, 1 / 3, 2 / 3, 2 / 3, 1, 1]), f"tpr = {tpr}, expected [0, 1/3, 2/3, 2/3, 1, 1]"
    assert np.isinf(thr[0]) and np.allclose(thr[1:], [0.9, 0.8, 0.6, 0.4, 0.1]), (
        f"thresholds = {thr}, expected [inf, 0.9, 0.8, 0.6, 0.4, 0.1]"
    )


@pytest.mark.region("roc_curve")
@given(_data())
def test_roc_curve_matches_sklearn(lab, ys):
    """Random tied scores: identical to sklearn roc_curve(drop_intermediate=False)."""
    y, s = ys
    got = [np.asarray(a, dtype=float) for a in lab.roc_curve(y, s)]
    ref = sk_roc_curve(y, s, drop_intermediate=False)
    for name, g, r in zip(("fpr", "tpr", "thresholds"), got, ref):
        assert g.shape == r.shape, (
            f"y={y.tolist()}, s={s.tolist()}: {name} has {g.size} points, expected {r.size} (one per distinct score + the start)"
        )
        assert np.allclose(g, r), f"y={y.tolist()}, s={s.tolist()}: {name} = {g}, expected {r}"


@pytest.mark.region("roc_curve")
def test_roc_curve_single_class_raises(lab):
    """Only positives (or only negatives): FPR is 0/0, so raise ValueError."""
    with pytest.raises(ValueError):
        lab.roc_curve(np.array([1, 1, 1]), np.array([0.2, 0.5, 0.9]))
    with pytest.raises(ValueError):
        lab.roc_curve(np.array([0, 2, 1]), np.array([0.2, 0.5, 0.9]))


@pytest.mark.region("roc_auc")
def test_auc_worked_example(lab):
    """README example: 7.5 of 9 positive-negative pairs are ordered correctly (the tie counts 1/2)."""
    got = float(lab.roc_auc(Y, S))
    assert abs(got - 7.5 / 9) < 1e-12, f"roc_auc = {got}, expected 7.5/9 = {7.5 / 9:.6f}"


@pytest.mark.region("roc_auc")
@given(_data())
def test_auc_matches_sklearn_and_pair_counting(lab, ys):
    """Random tied scores: equals sklearn roc_auc_score and the O(n_pos * n_neg) pair count."""
    y, s = ys
    got = float(lab.roc_auc(y, s))
    ref = roc_auc_score(y, s)
    assert abs(got - ref) < 1e-9, f"y={y.tolist()}, s={s.tolist()}: auc {got}, sklearn {ref}"
    assert abs(got - _pair_auc(y, s)) < 1e-9, f"y={y.tolist()}, s={s.tolist()}: auc {got}, pair count {_pair_auc(y, s)}"


@pytest.mark.region("roc_auc")
def test_auc_all_tied_is_half(lab):
    """Every score equal: the classifier ranks nothing, AUC = 0.5 exactly."""
    got = float(lab.roc_auc(np.array([0, 1, 1, 0, 1]), np.full(5, 0.3)))
    assert abs(got - 0.5) < 1e-12, f"all scores tied: auc {got}, expected 0.5"


@pytest.mark.region("roc_auc")
def test_auc_perfect_and_reversed(lab):
    """Perfect ranking gives 1, reversed ranking gives 0, and AUC is invariant to monotone transforms."""
    y = np.array([0, 0, 0, 1, 1])
    s = np.array([-3.0, 0.0, 1.0, 2.0, 7.0])
    assert abs(float(lab.roc_auc(y, s)) - 1.0) < 1e-12, "positives all above negatives: expected AUC 1"
    assert abs(float(lab.roc_auc(y, -s))) < 1e-12, "positives all below negatives: expected AUC 0"
    s2 = np.array([0.1, 0.9, 0.5, 0.5, 0.3])
    a, b = float(lab.roc_auc(y, s2)), float(lab.roc_auc(y, np.exp(5 * s2)))
    assert abs(a - b) < 1e-12, f"AUC changed under the monotone map exp(5s): {a} vs {b}"


@pytest.mark.region("roc_auc")
def test_auc_single_class_raises(lab):
    """AUC is undefined without both classes: ValueError."""
    with pytest.raises(ValueError):
        lab.roc_auc(np.array([0, 0, 0]), np.array([0.2, 0.5, 0.9]))


@pytest.mark.region("roc_auc", needs=["roc_curve"])
@given(_data())
def test_auc_is_trapezoid_area_of_curve(lab, ys):
    """The rank-formula AUC equals the trapezoid area under your own ROC curve (ties = diagonal steps)."""
    y, s = ys
    fpr, tpr, _ = (np.asarray(a, dtype=float) for a in lab.roc_curve(y, s))
    area = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
    got = float(lab.roc_auc(y, s))
    assert abs(got - area) < 1e-9, f"y={y.tolist()}, s={s.tolist()}: roc_auc {got}, trapezoid area of roc_curve {area}"
