"""Grader for d05 - precision, recall and F1.

Reference: sklearn.metrics.precision_recall_fscore_support(labels=range(C), average=...,
zero_division=0) on random label vectors (hypothesis), plus the hand-computed README case
and the zero-division conventions (a class never predicted, a class absent, empty input).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import precision_recall_fscore_support

Y_TRUE = np.array([0, 0, 0, 0, 1, 1, 2, 2])
Y_PRED = np.array([0, 0, 0, 1, 1, 2, 2, 2])


def _labels():
    return st.tuples(st.integers(1, 5), st.integers(1, 25)).flatmap(
        lambda cn: st.tuples(
            st.just(cn[0]),
            hnp.arrays(np.int64, cn[1], elements=st.integers(0, cn[0] - 1)),
            hnp.arrays(np.int64, cn[1], elements=st.integers(0, cn[0] - 1)),
        )
    )


def _prf(lab, t, p, c, avg):
    return tuple(np.asarray(x, dtype=float) for x in lab.precision_recall_f1(t, p, c, avg))


@pytest.mark.region("solve")
def test_worked_example_per_class(lab):
    """README example, average=None: P = [1, 1/2, 2/3], R = [3/4, 1/2, 1], F1 = [6/7, 1/2, 4/5]."""
    p, r, f = _prf(lab, Y_TRUE, Y_PRED, 3, None)
    for name, got, want in (
        ("precision", p, [1, 0.5, 2 / 3]),
        ("recall", r, [0.75, 0.5, 1]),
        ("f1", f, [6 / 7, 0.5, 0.8]),
    ):
        assert got.shape == (3,), f"average=None: {name} has shape {got.shape}, expected (3,)"
        assert np.allclose(got, want), f"average=None: {name} = {got}, expected {np.round(want, 4)}"


@pytest.mark.region("solve")
def test_worked_example_averages(lab):
    """README example: macro F1 is the mean of per-class F1 (151/210), not F1 of macro P and R."""
    cases = {
        "macro": (13 / 18, 0.75, 151 / 210),
        "weighted": (19 / 24, 0.75, (4 * 6 / 7 + 2 * 0.5 + 2 * 0.8) / 8),
        "micro": (0.75, 0.75, 0.75),
    }
    for avg, want in cases.items():
        got = _prf(lab, Y_TRUE, Y_PRED, 3, avg)
        assert np.allclose([float(x) for x in got], want), (
            f"average={avg!r}: got {[float(x) for x in got]}, expected {want}"
        )


@pytest.mark.region("solve")
@pytest.mark.filterwarnings("ignore::UserWarning")
@given(_labels(), st.sampled_from([None, "macro", "weighted", "micro"]))
def test_matches_sklearn(lab, data, avg):
    """Random labels: equals sklearn precision_recall_fscore_support(labels=range(C), zero_division=0)."""
    c, t, p = data
    got = _prf(lab, t, p, c, avg)
    ref = precision_recall_fscore_support(t, p, labels=np.arange(c), average=avg, zero_division=0)[:3]
    for name, g, r in zip(("precision", "recall", "f1"), got, ref):
        assert np.allclose(g, r, atol=1e-12), (
            f"y_true={t.tolist()}, y_pred={p.tolist()}, C={c}, average={avg!r}: {name} {g}, sklearn {r}"
        )


@pytest.mark.region("solve")
def test_zero_division_gives_zero(lab):
    """A class never predicted has precision 0 (not NaN); a class never present has recall 0."""
    p, r, f = _prf(lab, np.array([0, 0, 1]), np.array([0, 0, 0]), 3, None)
    assert not (np.isnan(p).any() or np.isnan(r).any() or np.isnan(f).any()), f"NaN in {p}, {r}, {f}: 0/0 must be 0"
    assert np.allclose(p, [2 / 3, 0, 0]) and np.allclose(r, [1, 0, 0]) and np.allclose(f, [0.8, 0, 0]), (
        f"y_true=[0,0,1], y_pred=[0,0,0], C=3: got P {p}, R {r}, F1 {f}; expected [0.667,0,0], [1,0,0], [0.8,0,0]"
    )
    macro = _prf(lab, np.array([0, 0, 1]), np.array([0, 0, 0]), 3, "macro")
    assert np.allclose([float(x) for x in macro], [2 / 9, 1 / 3, 0.8 / 3]), (
        f"macro over all 3 classes (absent class 2 counts as 0): got {macro}, expected (0.222, 0.333, 0.267)"
    )


@pytest.mark.region("solve")
def test_empty_input_gives_zeros(lab):
    """No samples: every value is 0 for every average."""
    e = np.array([], dtype=int)
    for avg in (None, "macro", "weighted", "micro"):
        got = _prf(lab, e, e, 3, avg)
        assert all(not np.isnan(g).any() and not np.any(g) for g in got), f"empty input, average={avg!r}: got {got}"


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "t, p, avg",
    [([0, 3], [0, 1], "macro"), ([0, 1], [0], "macro"), ([0, 1], [0, 1], "samples")],
    ids=["out-of-range", "length-mismatch", "bad-average"],
)
def test_invalid_input_raises(lab, t, p, avg):
    """Labels outside [0, C), different lengths or an unknown average raise ValueError."""
    with pytest.raises(ValueError):
        lab.precision_recall_f1(np.array(t), np.array(p), 3, avg)


@pytest.mark.region("solve")
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_uint8_labels_with_many_classes(lab):
    """uint8 labels (as read from a label PNG) with C = 20: a flat index t * C + p must not wrap at 256."""
    t = np.array([19, 18, 0, 19, 5, 12], dtype=np.uint8)
    p = np.array([19, 17, 0, 2, 5, 12], dtype=np.uint8)
    got = lab.precision_recall_f1(t, p, 20, None)
    want = precision_recall_fscore_support(
        t.astype(int), p.astype(int), labels=np.arange(20), average=None, zero_division=0
    )[:3]
    for name, g, w in zip(("precision", "recall", "f1"), got, want):
        g = np.asarray(g, dtype=np.float64)
        assert g.shape == (20,) and np.allclose(g, w), (
            f"y_true={t.tolist()}, y_pred={p.tolist()} (uint8), C=20: {name} {np.round(g, 4).tolist()}, "
            f"expected {np.round(w, 4).tolist()} (cast the labels to int64 before computing t * C + p)"
        )
