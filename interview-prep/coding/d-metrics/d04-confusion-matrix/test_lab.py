"""Grader for d04 - confusion matrix.

Reference: sklearn.metrics.confusion_matrix(labels=range(C), normalize=...) on random
label vectors (hypothesis), plus hand-counted cases and the edge cases: classes that never
occur, empty input, labels out of range.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import confusion_matrix as sk_cm

from cvlab.testing import where_differs

Y_TRUE = np.array([0, 0, 1, 1, 1, 2])
Y_PRED = np.array([0, 1, 1, 1, 0, 1])


def _labels():
    return st.tuples(st.integers(1, 6), st.integers(1, 30)).flatmap(
        lambda cn: st.tuples(
            st.just(cn[0]),
            hnp.arrays(np.int64, cn[1], elements=st.integers(0, cn[0] - 1)),
            hnp.arrays(np.int64, cn[1], elements=st.integers(0, cn[0] - 1)),
        )
    )


@pytest.mark.region("solve")
def test_worked_example(lab):
    """README example: counts with rows = true class and columns = predicted class."""
    got = np.asarray(lab.confusion_matrix(Y_TRUE, Y_PRED, 3))
    want = np.array([[1, 1, 0], [1, 2, 0], [0, 1, 0]])
    assert got.shape == (3, 3), f"returned shape {got.shape}, expected (3, 3)"
    assert np.array_equal(got, want), f"got\n{got}\nexpected (rows = true, columns = predicted)\n{want}"
    assert np.issubdtype(got.dtype, np.integer), f"counts should be integers, got dtype {got.dtype}"


@pytest.mark.region("solve")
def test_worked_example_normalized(lab):
    """README example normalised by true class: rows sum to 1, diagonal is per-class recall."""
    got = np.asarray(lab.confusion_matrix(Y_TRUE, Y_PRED, 3, normalize="true"), dtype=float)
    want = np.array([[0.5, 0.5, 0.0], [1 / 3, 2 / 3, 0.0], [0.0, 1.0, 0.0]])
    assert np.allclose(got, want), f"normalize='true' gave\n{got}\nexpected\n{want}"
    got = np.asarray(lab.confusion_matrix(Y_TRUE, Y_PRED, 3, normalize="pred"), dtype=float)
    want = np.array([[0.5, 0.25, 0.0], [0.5, 0.5, 0.0], [0.0, 0.25, 0.0]])
    assert np.allclose(got, want), f"normalize='pred' gave\n{got}\nexpected (class 2 never predicted: column 0)\n{want}"


@pytest.mark.region("solve")
@pytest.mark.filterwarnings("ignore:A single label was found")
@given(_labels(), st.sampled_from([None, "true", "pred", "all"]))
def test_matches_sklearn(lab, data, normalize):
    """Random labels: equals sklearn confusion_matrix(labels=range(C), normalize=...)."""
    c, t, p = data
    got = np.asarray(lab.confusion_matrix(t, p, c, normalize=normalize), dtype=float)
    ref = sk_cm(t, p, labels=np.arange(c), normalize=normalize).astype(float)
    assert got.shape == ref.shape, f"C={c}: got shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-12), (
        f"y_true={t.tolist()}, y_pred={p.tolist()}, C={c}, normalize={normalize!r}: {where_differs(got, ref)}"
    )


@pytest.mark.region("solve")
def test_absent_classes_keep_full_shape(lab):
    """Classes that never occur still get a row and a column (shape is always C x C)."""
    got = np.asarray(lab.confusion_matrix([0, 1], [1, 1], 5))
    assert got.shape == (5, 5), f"confusion_matrix([0, 1], [1, 1], 5) has shape {got.shape}, expected (5, 5)"
    assert got.sum() == 2 and got[0, 1] == 1 and got[1, 1] == 1, f"got\n{got}"


@pytest.mark.region("solve")
def test_uint8_labels_with_many_classes(lab):
    """uint8 labels (as read from a label PNG) with C = 20: the flat index t * C + p must not wrap at 256."""
    t = np.array([19, 18, 0, 19, 5], dtype=np.uint8)
    p = np.array([19, 17, 0, 2, 5], dtype=np.uint8)
    got = np.asarray(lab.confusion_matrix(t, p, 20))
    ref = sk_cm(t.astype(int), p.astype(int), labels=np.arange(20))
    assert got.shape == (20, 20), f"C = 20 with uint8 labels: got shape {got.shape}, expected (20, 20)"
    assert np.array_equal(got, ref), (
        f"y_true={t.tolist()}, y_pred={p.tolist()} (uint8), C=20{where_differs(got, ref)}"
        " (cast the labels to int64 before computing t * C + p)"
    )


@pytest.mark.region("solve")
def test_empty_input(lab):
    """No samples: a C x C matrix of zeros, also when normalised (no NaN)."""
    got = np.asarray(lab.confusion_matrix(np.array([], int), np.array([], int), 3))
    assert got.shape == (3, 3) and not got.any(), f"empty input gave\n{got}\nexpected zeros (3, 3)"
    got = np.asarray(lab.confusion_matrix(np.array([], int), np.array([], int), 3, normalize="all"), dtype=float)
    assert got.shape == (3, 3) and not np.isnan(got).any() and not got.any(), f"empty, normalize='all' gave\n{got}"


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "t, p, kw",
    [([0, 3], [0, 1], {}), ([0, 1], [0, -1], {}), ([0, 1], [0], {}), ([0, 1], [0, 1], {"normalize": "rows"})],
    ids=["true-out-of-range", "negative-pred", "length-mismatch", "bad-normalize"],
)
def test_invalid_input_raises(lab, t, p, kw):
    """Labels outside [0, C), different lengths or an unknown normalize mode raise ValueError."""
    with pytest.raises(ValueError):
        lab.confusion_matrix(np.array(t), np.array(p), 3, **kw)
