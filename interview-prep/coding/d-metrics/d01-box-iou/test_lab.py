"""Grader for d01 - pairwise box IoU.

References: an exact brute-force double loop over box pairs written from the definition
(pure Python, no shared code with a vectorised solution), hand-computed cases, and
hypothesis invariances: symmetry IoU(A, B) = IoU(B, A)^T, invariance to a common scaling
and translation, IoU(a, a) = 1 for positive-area boxes, values in [0, 1].
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvlab.testing import where_differs


def _iou_loop(a, b):
    out = np.zeros((len(a), len(b)))
    for i, (ax1, ay1, ax2, ay2) in enumerate(np.asarray(a, float).tolist()):
        for j, (bx1, by1, bx2, by2) in enumerate(np.asarray(b, float).tolist()):
            iw = max(0.0, min(ax2, bx2) - max(ax1, bx1))
            ih = max(0.0, min(ay2, by2) - max(ay1, by1))
            inter = iw * ih
            union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
            out[i, j] = inter / union if union > 0 else 0.0
    return out


@st.composite
def _boxes(draw, n_max=8, positive=False):
    n = draw(st.integers(0, n_max))
    lo = 1 if positive else 0
    rows = []
    for _ in range(n):
        x1, y1 = draw(st.integers(-20, 20)), draw(st.integers(-20, 20))
        w, h = draw(st.integers(lo, 16)), draw(st.integers(lo, 16))
        rows.append([x1, y1, x1 + w, y1 + h])
    return np.array(rows, dtype=np.float64).reshape(n, 4)


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: overlap 1/7, disjoint 0, nested 1/2."""
    a = np.array([[0, 0, 2, 2], [1, 1, 3, 3]])
    b = np.array([[1, 1, 3, 3], [4, 4, 5, 5], [0, 0, 2, 1]])
    got = np.asarray(lab.box_iou(a, b))
    want = np.array([[1 / 7, 0.0, 0.5], [1.0, 0.0, 0.0]])
    assert got.shape == (2, 3), f"box_iou(a (2, 4), b (3, 4)) returned shape {got.shape}, expected (2, 3)"
    assert np.allclose(got, want, atol=1e-12), f"box_iou returned\n{got}\nexpected\n{want}"


@pytest.mark.region("solve")
@given(_boxes(), _boxes())
def test_matches_brute_force_loop(lab, a, b):
    """Random integer-corner boxes (including zero-area ones): equals the pair-by-pair definition."""
    got = np.asarray(lab.box_iou(a, b), dtype=np.float64)
    ref = _iou_loop(a, b)
    assert got.shape == ref.shape, f"a {a.shape}, b {b.shape}: got shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-12), f"a={a.tolist()}, b={b.tolist()}: {where_differs(got, ref)}"


@pytest.mark.region("solve")
@given(_boxes(), _boxes(), st.floats(0.01, 100.0), st.floats(-50, 50), st.floats(-50, 50))
def test_symmetric_and_similarity_invariant(lab, a, b, s, tx, ty):
    """IoU(A, B) == IoU(B, A).T, values in [0, 1], unchanged by a common scaling and shift."""
    iou = np.asarray(lab.box_iou(a, b), dtype=np.float64)
    assert np.allclose(iou, np.asarray(lab.box_iou(b, a)).T, atol=1e-12), "box_iou(a, b) != box_iou(b, a).T"
    assert np.all((iou >= 0) & (iou <= 1 + 1e-12)), f"IoU outside [0, 1]: {iou}"
    t = np.array([tx, ty, tx, ty])
    moved = np.asarray(lab.box_iou(a * s + t, b * s + t), dtype=np.float64)
    assert np.allclose(moved, iou, atol=1e-9), f"scaling by {s} and shifting by {(tx, ty)} changed the IoU"


@pytest.mark.region("solve")
@given(_boxes(positive=True))
def test_box_with_itself_is_one(lab, a):
    """Every positive-area box has IoU exactly 1 with itself (the diagonal of box_iou(a, a))."""
    d = np.diag(np.asarray(lab.box_iou(a, a), dtype=np.float64))
    assert np.allclose(d, 1.0), f"boxes {a.tolist()}: diagonal {d}, expected all 1"


@pytest.mark.region("solve")
def test_touching_boxes_have_zero_iou(lab):
    """Boxes sharing only an edge or a corner do not overlap (no +1 pixel convention)."""
    a = np.array([[0, 0, 2, 2]])
    b = np.array([[2, 0, 4, 2], [2, 2, 3, 3], [1, 0, 3, 2]])
    got = np.asarray(lab.box_iou(a, b))
    want = np.array([[0.0, 0.0, 2 / 6]])
    assert np.allclose(got, want), f"box_iou({a.tolist()}, {b.tolist()}) = {got}, expected {want}"


@pytest.mark.region("solve")
def test_zero_area_boxes_give_zero_not_nan(lab):
    """A point box against itself or a line box: union 0 or intersection 0 -> IoU 0, never NaN."""
    a = np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 3.0, 0.0]])
    got = np.asarray(lab.box_iou(a, a))
    assert not np.isnan(got).any(), f"box_iou of zero-area boxes returned NaN: {got} (guard union == 0)"
    assert np.allclose(got, 0.0), f"zero-area boxes overlap nothing, got {got}"


@pytest.mark.region("solve")
@pytest.mark.parametrize("n, m", [(0, 3), (2, 0), (0, 0), (1, 1)])
def test_empty_and_single(lab, n, m):
    """Empty box sets give an empty (N, M) matrix."""
    a = np.tile([[0.0, 0.0, 4.0, 4.0]], (n, 1)).reshape(n, 4)
    b = np.tile([[2.0, 2.0, 6.0, 6.0]], (m, 1)).reshape(m, 4)
    got = np.asarray(lab.box_iou(a, b))
    assert got.shape == (n, m), f"a {a.shape}, b {b.shape}: got shape {got.shape}, expected {(n, m)}"
    assert np.allclose(got, _iou_loop(a, b)), f"got {got}, expected {_iou_loop(a, b)}"


@pytest.mark.region("solve")
def test_large_integer_coordinates_do_not_overflow(lab):
    """int32 corners of a 60000 x 60000 box: areas exceed int32, the IoU must still be exact."""
    a = np.array([[0, 0, 60000, 60000]], dtype=np.int32)
    b = np.array([[0, 0, 60000, 30000]], dtype=np.int32)
    got = np.asarray(lab.box_iou(a, b))
    assert np.allclose(got, 0.5), f"box_iou of int32 boxes = {got}, expected 0.5 (compute areas in float64)"


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "bad", [np.zeros((3,)), np.zeros((2, 5)), np.array([[2.0, 0.0, 1.0, 1.0]]), np.array([[0.0, 2.0, 1.0, 1.0]])]
)
def test_invalid_input_raises(lab, bad):
    """A wrong shape or a box with x2 < x1 or y2 < y1 raises ValueError."""
    with pytest.raises(ValueError):
        lab.box_iou(bad, np.array([[0.0, 0.0, 1.0, 1.0]]))
