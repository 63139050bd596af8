"""Grader for d02 - GIoU, DIoU and CIoU.

References: exact constructed cases computed by hand from the definitions (Rezatofighi et
al. 2019 for GIoU, Zheng et al. 2020 for DIoU/CIoU), and hypothesis properties that hold
for every pair: GIoU and DIoU lie in [-1, 1] and never exceed IoU; GIoU == IoU when the
enclosing box equals the union (nested boxes); DIoU == IoU when the centres coincide;
CIoU == DIoU when the aspect ratios are equal; symmetry in the two boxes; scale invariance.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

# Loss code usually guards divisions with a small eps (e.g. union + 1e-7, c² + 1e-7, as in
# torchvision and YOLO). That is a correct guard, so values are compared to 1e-6 (boxes here
# have sides >= 1) and scale invariance to 1e-4 (scaling by 0.1 makes the eps relatively larger).
_TOL = 1e-6


def _iou_plain(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


@st.composite
def _pairs(draw, n_max=8):
    n = draw(st.integers(1, n_max))
    rows_a, rows_b = [], []
    for rows in (rows_a, rows_b):
        for _ in range(n):
            x1, y1 = draw(st.integers(-10, 10)), draw(st.integers(-10, 10))
            rows.append([x1, y1, x1 + draw(st.integers(1, 12)), y1 + draw(st.integers(1, 12))])
    return np.array(rows_a, float), np.array(rows_b, float)


A = np.array([[0, 0, 2, 2], [0, 0, 1, 1], [0, 0, 2, 2]], dtype=float)
B = np.array([[1, 1, 3, 3], [2, 0, 3, 1], [0, 0, 4, 2]], dtype=float)


@pytest.mark.region("giou")
def test_giou_worked_example(lab):
    """README example: overlapping squares -5/63, disjoint neighbours -1/3, nested box 1/2."""
    got = np.asarray(lab.giou(A, B), dtype=float)
    want = np.array([-5 / 63, -1 / 3, 0.5])
    assert got.shape == (3,), f"giou of (3, 4) pairs returned shape {got.shape}, expected (3,)"
    assert np.allclose(got, want, atol=_TOL), f"giou(A, B) = {got}, expected {want}"


@pytest.mark.region("giou")
@given(_pairs())
def test_giou_range_and_bounds(lab, ab):
    """GIoU lies in [-1, 1], never exceeds IoU, and is symmetric in the two boxes."""
    a, b = ab
    g = np.asarray(lab.giou(a, b), dtype=float)
    iou = np.array([_iou_plain(x, y) for x, y in zip(a.tolist(), b.tolist())])
    assert np.all(g >= -1 - 1e-12) and np.all(g <= 1 + 1e-12), f"GIoU out of [-1, 1]: {g}"
    assert np.all(g <= iou + 1e-12), f"GIoU must be <= IoU: giou {g}, iou {iou}"
    assert np.allclose(g, np.asarray(lab.giou(b, a)), atol=_TOL), "giou(a, b) != giou(b, a)"


@pytest.mark.region("giou")
@given(_pairs(), st.integers(0, 3), st.integers(0, 3))
def test_giou_equals_iou_for_nested_boxes(lab, ab, dx, dy):
    """When one box contains the other the enclosing box is the union, so GIoU == IoU."""
    a, _ = ab
    inner = a + np.array([0, 0, 0, 0], float)
    outer = a + np.array([-dx, -dy, dx, dy], float)
    g = np.asarray(lab.giou(outer, inner), dtype=float)
    iou = np.array([_iou_plain(x, y) for x, y in zip(outer.tolist(), inner.tolist())])
    assert np.allclose(g, iou, atol=_TOL), f"nested boxes {outer.tolist()} / {inner.tolist()}: giou {g}, iou {iou}"


@pytest.mark.region("giou")
def test_giou_far_apart_tends_to_minus_one(lab):
    """Two unit boxes 1000 apart: IoU 0 and GIoU close to -1 (almost all of C is empty)."""
    g = float(np.asarray(lab.giou([[0, 0, 1, 1]], [[1000, 1000, 1001, 1001]]))[0])
    want = -1 + 2 / 1001**2
    assert abs(g - want) < _TOL, f"giou of far-apart unit boxes = {g}, expected {want}"


@pytest.mark.region("giou")
def test_giou_degenerate_and_empty(lab):
    """Identical point boxes give 0 (no NaN); N = 0 gives an empty array; mismatched N raises."""
    g = np.asarray(lab.giou([[1, 1, 1, 1]], [[1, 1, 1, 1]]), dtype=float)
    assert not np.isnan(g).any() and np.allclose(g, 0), f"giou of two identical point boxes = {g}, expected [0]"
    assert np.asarray(lab.giou(np.zeros((0, 4)), np.zeros((0, 4)))).shape == (0,), "N = 0 must give shape (0,)"
    with pytest.raises(ValueError):
        lab.giou(np.zeros((2, 4)), np.zeros((3, 4)))


@pytest.mark.region("diou_ciou")
def test_diou_ciou_worked_example(lab):
    """README example: DIoU 2/63, -0.4, 0.45; CIoU adds the aspect term only for the 2x2 vs 4x2 pair."""
    d, c = (np.asarray(t, dtype=float) for t in lab.diou_ciou(A, B))
    want_d = np.array([2 / 63, -0.4, 0.45])
    v = 4 / math.pi**2 * (math.atan(2.0) - math.pi / 4) ** 2
    want_c = want_d - np.array([0.0, 0.0, v * v / (0.5 + v)])
    assert d.shape == (3,) and c.shape == (3,), f"expected two (3,) arrays, got {d.shape}, {c.shape}"
    assert np.allclose(d, want_d, atol=_TOL), f"diou = {d}, expected {want_d}"
    assert np.allclose(c, want_c, atol=_TOL), f"ciou = {c}, expected {want_c}"


@pytest.mark.region("diou_ciou")
@given(_pairs(), st.floats(0.1, 50.0))
def test_diou_properties(lab, ab, s):
    """DIoU is in [-1, 1], <= IoU, symmetric, scale invariant; CIoU <= DIoU."""
    a, b = ab
    d, c = (np.asarray(t, dtype=float) for t in lab.diou_ciou(a, b))
    iou = np.array([_iou_plain(x, y) for x, y in zip(a.tolist(), b.tolist())])
    assert np.all(d >= -1 - 1e-12) and np.all(d <= iou + 1e-12), f"need -1 <= DIoU <= IoU: diou {d}, iou {iou}"
    assert np.all(c <= d + 1e-12), f"CIoU must be <= DIoU: ciou {c}, diou {d}"
    d2, c2 = (np.asarray(t, dtype=float) for t in lab.diou_ciou(b, a))
    assert np.allclose(d, d2, atol=_TOL) and np.allclose(c, c2, atol=_TOL), "diou_ciou is not symmetric"
    d3, c3 = (np.asarray(t, dtype=float) for t in lab.diou_ciou(a * s, b * s))
    assert np.allclose(d, d3, atol=1e-4) and np.allclose(c, c3, atol=1e-4), f"scaling by {s} changed DIoU/CIoU"


@pytest.mark.region("diou_ciou")
@given(_pairs())
def test_same_centre_and_same_aspect(lab, ab):
    """Concentric boxes: DIoU == IoU. Boxes with the same shape: CIoU == DIoU."""
    a, b = ab
    ca = (a[:, :2] + a[:, 2:]) / 2
    half_b = (b[:, 2:] - b[:, :2]) / 2
    concentric = np.concatenate([ca - half_b, ca + half_b], axis=1)
    d, _ = (np.asarray(t, dtype=float) for t in lab.diou_ciou(a, concentric))
    iou = np.array([_iou_plain(x, y) for x, y in zip(a.tolist(), concentric.tolist())])
    assert np.allclose(d, iou, atol=_TOL), f"concentric boxes: diou {d}, expected IoU {iou}"
    shifted = a + np.array([3.0, -2.0, 3.0, -2.0])
    d, c = (np.asarray(t, dtype=float) for t in lab.diou_ciou(a, shifted))
    assert np.allclose(c, d, atol=_TOL), f"same-shape boxes: ciou {c} should equal diou {d} (v = 0)"


@pytest.mark.region("diou_ciou")
def test_diou_ciou_degenerate(lab):
    """Identical point boxes and a zero-height box give finite values; identical boxes give 1, 1."""
    d, c = (
        np.asarray(t, dtype=float) for t in lab.diou_ciou([[1, 1, 1, 1], [0, 0, 4, 0]], [[1, 1, 1, 1], [0, 0, 2, 2]])
    )
    assert np.isfinite(d).all() and np.isfinite(c).all(), f"degenerate boxes gave non-finite values: {d}, {c}"
    assert abs(d[0]) < _TOL and abs(c[0]) < _TOL, f"two identical point boxes: expected 0, 0, got {d[0]}, {c[0]}"
    # line (0,0)-(4,0) vs square (0,0,2,2): iou 0, rho² = 1 + 1 = 2, c² = 16 + 4 = 20; v = 4/pi² (pi/4 - pi/2)² = 1/4
    assert abs(d[1] - (-0.1)) < _TOL, f"zero-height box: diou {d[1]}, expected -0.1"
    assert abs(c[1] - (-0.1 - 0.25 * 0.25 / 1.25)) < _TOL, f"zero-height box: ciou {c[1]}, expected {-0.1 - 0.05}"
    d, c = (np.asarray(t, dtype=float) for t in lab.diou_ciou([[0, 0, 3, 1]], [[0, 0, 3, 1]]))
    assert np.allclose([d[0], c[0]], 1.0), f"identical boxes: expected (1, 1), got ({d[0]}, {c[0]})"
    with pytest.raises(ValueError):
        lab.diou_ciou(np.zeros((2, 4)), np.zeros((2, 3)))
