"""Grader for d16 - optical-flow EPE and Fl-all.

References: per-pixel Python loops written from the definitions (math.hypot for the EPE,
the KITTI devkit's outlier rule EPE > 3 px and EPE / |gt| > 5%), a hand-computed 2x3 flow
field with a NaN ground-truth pixel, boundary cases on both thresholds, and batched input.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st


def _example():
    gt = np.zeros((2, 3, 2))
    gt[..., 0] = [[0, 10, 100], [1, 2, np.nan]]
    pred = gt.copy()
    pred[..., 0] += [[1, 4, 4], [3, 6, 0]]
    pred[1, 2] = [5, 5]
    valid = np.array([[1, 1, 1], [1, 1, 0]], dtype=bool)
    return pred, gt, valid


@st.composite
def _fields(draw):
    rng = np.random.default_rng(draw(st.integers(0, 10**6)))
    b, h, w = int(rng.integers(1, 3)), int(rng.integers(1, 7)), int(rng.integers(1, 7))
    gt = rng.normal(0, 20, (b, h, w, 2))
    pred = gt + rng.normal(0, 4, (b, h, w, 2))
    valid = rng.random((b, h, w)) < 0.7
    valid.flat[0] = True
    gt[~valid] = np.nan  # sparse ground truth: no value where invalid
    return pred, gt, valid


def _loop(pred, gt, valid):
    errs, outliers = [], 0
    for idx in np.ndindex(valid.shape):
        if valid[idx]:
            e = math.hypot(pred[idx][0] - gt[idx][0], pred[idx][1] - gt[idx][1])
            errs.append(e)
            outliers += e > 3 and e > 0.05 * math.hypot(gt[idx][0], gt[idx][1])
    return float(np.mean(errs)), outliers / len(errs)


@pytest.mark.region("epe")
def test_epe_worked_example(lab):
    """README example: errors 1, 4, 4, 3, 6 on the valid pixels (mean 3.6), NaN where there is no ground truth."""
    epe, mean = lab.endpoint_error(*_example())
    epe = np.asarray(epe, dtype=float)
    want = np.array([[1, 4, 4], [3, 6, np.nan]])
    assert epe.shape == (2, 3), f"EPE map shape {epe.shape}, expected (2, 3)"
    assert np.allclose(epe, want, equal_nan=True), f"EPE map\n{epe}\nexpected\n{want}"
    assert abs(mean - 3.6) < 1e-12, f"mean EPE {mean}, expected 3.6 (valid pixels only)"


@pytest.mark.region("epe")
@given(_fields())
def test_epe_matches_loop(lab, data):
    """Random batched flows with sparse (NaN) ground truth: mean EPE equals a per-pixel loop and is finite."""
    pred, gt, valid = data
    epe, mean = lab.endpoint_error(pred, gt, valid)
    ref, _ = _loop(pred, gt, valid)
    assert np.isfinite(mean), f"mean EPE is {mean}: NaN ground truth at invalid pixels leaked into the mean"
    assert abs(mean - ref) < 1e-9, f"mean EPE {mean}, expected {ref}"
    assert np.asarray(epe).shape == valid.shape, f"EPE map shape {np.asarray(epe).shape}, expected {valid.shape}"


@pytest.mark.region("epe")
def test_epe_is_euclidean_and_valid_none(lab):
    """A (3, 4) error vector has EPE 5, not 7 (L1) or 3.5 (mean of components); valid=None means every pixel."""
    gt = np.zeros((1, 2, 2))
    pred = np.array([[[3.0, 4.0], [0.0, 0.0]]])
    epe, mean = lab.endpoint_error(pred, gt)
    assert np.allclose(np.asarray(epe, float), [[5.0, 0.0]]) and abs(mean - 2.5) < 1e-12, (
        f"got {epe}, {mean}; expected [[5, 0]], 2.5"
    )


@pytest.mark.region("epe")
@pytest.mark.parametrize(
    "pred, gt, valid",
    [
        (np.zeros((2, 2, 2)), np.zeros((2, 3, 2)), None),
        (np.zeros((2, 2, 3)), np.zeros((2, 2, 3)), None),
        (np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), np.zeros((2, 2), bool)),
    ],
    ids=["shape-mismatch", "three-channels", "nothing-valid"],
)
def test_epe_invalid_input_raises(lab, pred, gt, valid):
    """Different shapes, a last axis that is not 2, or no valid pixel: ValueError."""
    with pytest.raises(ValueError):
        lab.endpoint_error(pred, gt, valid)


@pytest.mark.region("fl_all", needs=["epe"])
def test_fl_worked_example(lab):
    """README example: 2 of 5 valid pixels are outliers (EPE 4 on motion 10, EPE 6 on motion 2)."""
    got = float(lab.fl_all(*_example()))
    assert abs(got - 0.4) < 1e-12, f"Fl-all {got}, expected 0.4"


@pytest.mark.region("fl_all", needs=["epe"])
def test_fl_both_thresholds_are_strict_and_joint(lab):
    """EPE exactly 3 or exactly 5% is fine; 4.9 px on a 100 px TRUE motion is fine; 3.5 px on zero motion is an outlier."""
    gt = np.zeros((1, 5, 2))
    gt[0, :, 0] = [0, 100, 100, 0, 100]
    pred = gt.copy()
    pred[0, :, 0] += [3.0, 4.0, 5.0, 3.5, -4.9]
    got = float(lab.fl_all(pred, gt))
    assert abs(got - 0.2) < 1e-12, (
        f"Fl-all {got}, expected 0.2: only the 3.5 px error on zero motion is an outlier "
        "(EPE > 3 AND EPE > 5% of the GROUND-TRUTH magnitude, both strict)"
    )


@pytest.mark.region("fl_all", needs=["epe"])
@given(_fields())
def test_fl_matches_loop(lab, data):
    """Random batched flows with sparse ground truth: Fl-all equals a per-pixel loop of the KITTI rule."""
    pred, gt, valid = data
    got = float(lab.fl_all(pred, gt, valid))
    _, ref = _loop(pred, gt, valid)
    assert abs(got - ref) < 1e-12, f"Fl-all {got}, expected {ref}"
