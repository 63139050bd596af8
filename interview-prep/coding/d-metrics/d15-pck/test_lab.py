"""Grader for d15 - PCK.

References: an explicit loop over instances and keypoints written from the definition
(math.hypot distances), hand-computed cases including a keypoint exactly on the threshold,
invisible keypoints with perfect or absurd predictions, and invariances (scaling positions
and reference sizes together, monotonicity in alpha).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

GT = np.array([[[0, 0], [10, 0], [20, 0]], [[0, 0], [0, 10], [0, 20]]], dtype=float)
PRED = np.array([[[3, 4], [10, 6], [20, 0]], [[0, 9], [0, 10], [15, 20]]], dtype=float)
VIS = np.array([[True, True, False], [True, True, True]])
REF = np.array([10.0, 20.0])


def _loop(pred, gt, vis, ref, alpha):
    n, k = vis.shape
    hits = np.zeros(k)
    counts = np.zeros(k)
    for i in range(n):
        for j in range(k):
            if vis[i, j]:
                counts[j] += 1
                d = math.hypot(pred[i, j, 0] - gt[i, j, 0], pred[i, j, 1] - gt[i, j, 1])
                hits[j] += d <= alpha * ref[i]
    per = np.where(counts > 0, hits / np.maximum(counts, 1), np.nan)
    return hits.sum() / counts.sum(), per


@st.composite
def _poses(draw):
    seed = draw(st.integers(0, 10**6))
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(1, 6)), int(rng.integers(1, 8))
    gt = rng.uniform(0, 100, (n, k, 2))
    pred = gt + rng.normal(0, 8, (n, k, 2))
    vis = rng.random((n, k)) < 0.7
    vis[0, 0] = True
    ref = rng.uniform(5, 40, n)
    return pred, gt, vis, ref, draw(st.sampled_from([0.1, 0.2, 0.5, 1.0]))


@pytest.mark.region("solve")
def test_worked_example(lab):
    """README example: 3 of 5 visible keypoints are correct; per joint [1, 1/2, 0]."""
    overall, per = lab.pck(PRED, GT, VIS, REF, 0.5)
    per = np.asarray(per, dtype=float)
    assert abs(overall - 0.6) < 1e-12, f"overall PCK {overall}, expected 3/5 = 0.6 (pooled over visible keypoints)"
    assert np.allclose(per, [1.0, 0.5, 0.0]), f"per-keypoint PCK {per}, expected [1, 0.5, 0]"


@pytest.mark.region("solve")
def test_threshold_is_inclusive(lab):
    """A keypoint exactly alpha·ref away (the 3-4-5 offset with threshold 5) is correct."""
    overall, _ = lab.pck(PRED[:1, :1], GT[:1, :1], VIS[:1, :1], REF[:1], 0.5)
    assert overall == 1.0, f"distance 5 with threshold 0.5·10 = 5: got {overall}, expected 1 (<= is inclusive)"


@pytest.mark.region("solve")
@given(_poses())
def test_matches_loop(lab, data):
    """Random poses: overall and per-keypoint PCK equal an explicit loop over the definition."""
    pred, gt, vis, ref, alpha = data
    overall, per = lab.pck(pred, gt, vis, ref, alpha)
    ref_overall, ref_per = _loop(pred, gt, vis, ref, alpha)
    assert abs(overall - ref_overall) < 1e-12, f"alpha={alpha}: overall {overall}, expected {ref_overall}"
    assert np.allclose(np.asarray(per, dtype=float), ref_per, equal_nan=True), f"per-keypoint {per}, expected {ref_per}"


@pytest.mark.region("solve")
@given(_poses(), st.floats(0.1, 10.0))
def test_scale_invariance_and_monotone_alpha(lab, data, c):
    """Scaling positions and reference sizes by c changes nothing; a larger alpha never lowers PCK."""
    pred, gt, vis, ref, alpha = data
    a, _ = lab.pck(pred, gt, vis, ref, alpha)
    b, _ = lab.pck(pred * c, gt * c, vis, ref * c, alpha)
    assert abs(a - b) < 1e-9 or abs(a - b) <= 1 / vis.sum() + 1e-9, f"scaling by {c}: {a} -> {b}"
    bigger, _ = lab.pck(pred, gt, vis, ref, alpha * 2)
    assert bigger >= a, f"alpha {alpha} -> {2 * alpha} lowered PCK from {a} to {bigger}"


@pytest.mark.region("solve")
def test_invisible_keypoints_never_count(lab):
    """Invisible keypoints are ignored even with absurd predictions; a joint never visible is NaN."""
    pred = PRED.copy()
    pred[0, 2] = [1e6, -1e6]
    overall, per = lab.pck(pred, GT, VIS, REF, 0.5)
    assert abs(overall - 0.6) < 1e-12, f"changing an invisible prediction changed PCK to {overall}"
    vis = VIS.copy()
    vis[:, 2] = False
    _, per = lab.pck(PRED, GT, vis, REF, 0.5)
    assert np.isnan(np.asarray(per, dtype=float)[2]), (
        f"joint 2 is never visible: per-keypoint {per}, expected NaN for it"
    )


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "args",
    [
        (PRED, GT, np.zeros_like(VIS), REF, 0.5),
        (PRED, GT, VIS, np.array([10.0, 0.0]), 0.5),
        (PRED, GT[:, :2], VIS, REF, 0.5),
        (PRED, GT, VIS, REF, 0.0),
    ],
    ids=["nothing-visible", "zero-ref-size", "shape-mismatch", "zero-alpha"],
)
def test_invalid_input_raises(lab, args):
    """No visible keypoint, a reference size <= 0, mismatched shapes or alpha <= 0: ValueError."""
    with pytest.raises(ValueError):
        lab.pck(*args)
