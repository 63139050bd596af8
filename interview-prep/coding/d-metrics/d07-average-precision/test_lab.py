"""Grader for d07 - PR curve and average precision.

References: sklearn.metrics.precision_recall_curve (reversed to decreasing thresholds,
without its appended (recall 0, precision 1) point); cvlab.metrics.average_precision(
interpolation="envelope") (the VOC2010 envelope applied to sklearn's curve) and
sklearn.metrics.average_precision_score (the non-interpolated step sum, a lower bound); an
exact 11-point reference in fractions.Fraction written from the VOC2007 definition; and a
hand-computed ranked list.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import average_precision_score, precision_recall_curve

from cvlab.metrics import average_precision

Y = np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 1])
S = np.array([0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])


def _data():
    """Labels with at least one positive and integer-valued scores (ties are common)."""
    return st.integers(1, 25).flatmap(
        lambda n: st.tuples(
            hnp.arrays(np.int64, n, elements=st.integers(0, 1)).filter(lambda y: y.sum() > 0),
            hnp.arrays(np.float64, n, elements=st.integers(0, 6).map(float)),
        )
    )


def _ap11_exact(y, s):
    pts = []
    n_pos = int(y.sum())
    for thr in sorted(set(s.tolist()), reverse=True):
        sel = s >= thr
        tp = int(y[sel].sum())
        pts.append((Fraction(tp, n_pos), Fraction(tp, int(sel.sum()))))
    total = Fraction(0)
    for k in range(11):
        cands = [p for r, p in pts if r >= Fraction(k, 10)]
        total += max(cands) if cands else 0
    return float(total / 11)


@pytest.mark.region("pr_curve")
def test_pr_curve_worked_example(lab):
    """README example: precision and recall after each of the ten ranked samples."""
    p, r, thr = (np.asarray(a, dtype=float) for a in lab.pr_curve(Y, S))
    want_p = np.array([1, 1 / 2, 2 / 3, 3 / 4, 3 / 5, 1 / 2, 4 / 7, 1 / 2, 4 / 9, 1 / 2])
    want_r = np.array([0.2, 0.2, 0.4, 0.6, 0.6, 0.6, 0.8, 0.8, 0.8, 1.0])
    assert np.allclose(p, want_p), f"precision = {p.round(4)}, expected {want_p.round(4)}"
    assert np.allclose(r, want_r), f"recall = {r}, expected {want_r}"
    assert np.allclose(thr, S), f"thresholds = {thr}, expected the scores in decreasing order {S}"


@pytest.mark.region("pr_curve")
@given(_data())
def test_pr_curve_matches_sklearn(lab, ys):
    """Random tied scores: sklearn precision_recall_curve reversed, minus its extra (recall 0) point."""
    y, s = ys
    got = [np.asarray(a, dtype=float) for a in lab.pr_curve(y, s)]
    p, r, t = precision_recall_curve(y, s)
    ref = [p[:-1][::-1], r[:-1][::-1], t[::-1]]
    for name, g, rr in zip(("precision", "recall", "thresholds"), got, ref):
        assert g.shape == rr.shape, (
            f"y={y.tolist()}, s={s.tolist()}: {name} has {g.size} points, expected {rr.size} (one per distinct score)"
        )
        assert np.allclose(g, rr), f"y={y.tolist()}, s={s.tolist()}: {name} = {g}, expected {rr}"


@pytest.mark.region("pr_curve")
def test_pr_curve_without_positives_raises(lab):
    """No positive sample: recall is 0/0, so raise ValueError."""
    with pytest.raises(ValueError):
        lab.pr_curve(np.array([0, 0, 0]), np.array([0.3, 0.2, 0.1]))


@pytest.mark.region("ap_all_point", needs=["pr_curve"])
def test_ap_all_point_worked_example(lab):
    """README example: 0.2 * (1 + 3/4 + 3/4 + 4/7 + 1/2) = 5/7."""
    got = float(lab.ap_all_point(Y, S))
    assert abs(got - 5 / 7) < 1e-12, f"ap_all_point = {got}, expected 5/7 = {5 / 7:.6f}"


@pytest.mark.region("ap_all_point", needs=["pr_curve"])
@given(_data())
def test_ap_all_point_matches_envelope_reference(lab, ys):
    """Random tied scores: equals the envelope AP of cvlab.metrics and is >= sklearn's step AP."""
    y, s = ys
    got = float(lab.ap_all_point(y, s))
    ref = average_precision(y, s, interpolation="envelope")
    step = average_precision_score(y, s)
    assert abs(got - ref) < 1e-9, f"y={y.tolist()}, s={s.tolist()}: ap_all_point {got}, expected {ref}"
    assert got >= step - 1e-9, f"interpolated AP {got} must be >= the step AP {step}"


@pytest.mark.region("ap_all_point", needs=["pr_curve"])
def test_ap_all_point_perfect_and_errors(lab):
    """All positives ranked first: AP = 1. No positive: ValueError."""
    assert abs(float(lab.ap_all_point([1, 1, 0, 0], [4.0, 3.0, 2.0, 1.0])) - 1) < 1e-12, "perfect ranking: expected 1"
    with pytest.raises(ValueError):
        lab.ap_all_point(np.array([0, 0]), np.array([0.5, 0.4]))


@pytest.mark.region("ap_11_point", needs=["pr_curve"])
def test_ap_11_point_worked_example(lab):
    """README example: (3·1 + 4·3/4 + 2·4/7 + 2·1/2) / 11 = 57/77 (recall 0.6 reaches t = 0.6)."""
    got = float(lab.ap_11_point(Y, S))
    assert abs(got - 57 / 77) < 1e-12, (
        f"ap_11_point = {got}, expected 57/77 = {57 / 77:.6f}. If you got {(3 + 3 * 0.75 + 3 * 4 / 7 + 2 * 0.5) / 11:.6f}, "
        "your threshold 0.6 is 0.6000000000000001: build t as k / 10"
    )


@pytest.mark.region("ap_11_point", needs=["pr_curve"])
@given(_data())
def test_ap_11_point_matches_exact_fractions(lab, ys):
    """Random tied scores: equals an exact rational-arithmetic 11-point AP."""
    y, s = ys
    got = float(lab.ap_11_point(y, s))
    ref = _ap11_exact(y, s)
    assert abs(got - ref) < 1e-12, f"y={y.tolist()}, s={s.tolist()}: ap_11_point {got}, expected {ref}"


@pytest.mark.region("ap_11_point", needs=["pr_curve"])
def test_ap_11_point_tied_tail(lab):
    """A positive tied with a negative at the bottom: t <= 0.5 get precision 1, t >= 0.6 get 2/3."""
    got = float(lab.ap_11_point(np.array([1, 1, 0]), np.array([1.0, 0.0, 0.0])))
    want = (6 * 1 + 5 * 2 / 3) / 11
    assert abs(got - want) < 1e-12, f"ap_11_point([1, 1, 0], [1, 0, 0]) = {got}, expected (6 + 5·2/3) / 11 = {want:.6f}"
    assert abs(float(lab.ap_11_point([0, 1], [0.0, 1.0])) - 1) < 1e-12, "perfect ranking: expected 1"
