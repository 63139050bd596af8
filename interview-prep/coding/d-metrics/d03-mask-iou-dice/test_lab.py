"""Grader for d03 - mask IoU and Dice.

References: sklearn.metrics.jaccard_score and f1_score on each flattened mask (binary,
zero_division=1 for the empty-empty convention), exact hand-computed masks, and the identity
Dice = 2 IoU / (1 + IoU).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import f1_score, jaccard_score

# A metric right to 1e-6 is right: this admits float32 arithmetic and a tiny smoothing eps
# ((I + eps) / (U + eps) with eps <= 1e-6), while every real mistake is off by far more.
_TOL = 1e-6


def _example():
    pred = np.zeros((3, 4, 4), dtype=bool)
    target = np.zeros((3, 4, 4), dtype=bool)
    pred[0, :2, :2] = True
    target[0, :2, :] = True
    pred[1, 0, 0] = True
    target[1, 3, 3] = True
    return pred, target


def _mask_pairs():
    return st.tuples(st.integers(0, 5), st.integers(1, 8), st.integers(1, 8)).flatmap(
        lambda s: st.tuples(hnp.arrays(np.bool_, s), hnp.arrays(np.bool_, s))
    )


@pytest.mark.region("solve")
def test_worked_example(lab):
    """README example: nested masks 0.5 / 0.667, disjoint 0 / 0, both empty 1 / 1."""
    iou, dice = (np.asarray(x, dtype=float) for x in lab.mask_iou_dice(*_example()))
    assert iou.shape == (3,) and dice.shape == (3,), f"expected (3,) and (3,), got {iou.shape}, {dice.shape}"
    assert np.allclose(iou, [0.5, 0.0, 1.0], atol=_TOL), f"iou = {iou}, expected [0.5, 0, 1]"
    assert np.allclose(dice, [2 / 3, 0.0, 1.0], atol=_TOL), f"dice = {dice}, expected [0.6667, 0, 1]"


@pytest.mark.region("solve")
@given(_mask_pairs())
def test_matches_sklearn_per_sample(lab, pt):
    """Random masks: each sample's IoU equals sklearn jaccard_score and Dice equals f1_score."""
    pred, target = pt
    iou, dice = (np.asarray(x, dtype=float) for x in lab.mask_iou_dice(pred, target))
    assert iou.shape == (len(pred),), f"iou shape {iou.shape}, expected {(len(pred),)} (one value per sample)"
    for i in range(len(pred)):
        p, t = pred[i].ravel().astype(int), target[i].ravel().astype(int)
        ref_j = jaccard_score(t, p, zero_division=1.0)
        ref_f = f1_score(t, p, zero_division=1.0)
        assert abs(iou[i] - ref_j) < _TOL, f"sample {i}: iou {iou[i]}, sklearn jaccard_score {ref_j}"
        assert abs(dice[i] - ref_f) < _TOL, f"sample {i}: dice {dice[i]}, sklearn f1_score {ref_f}"


@pytest.mark.region("solve")
@given(_mask_pairs())
def test_dice_iou_identity_and_symmetry(lab, pt):
    """Dice == 2 IoU / (1 + IoU) for every sample, both in [0, 1], and swapping pred/target changes nothing."""
    pred, target = pt
    iou, dice = (np.asarray(x, dtype=float) for x in lab.mask_iou_dice(pred, target))
    assert np.allclose(dice, 2 * iou / (1 + iou), atol=_TOL), f"dice {dice} != 2 iou / (1 + iou) with iou {iou}"
    assert np.all((iou >= 0) & (iou <= 1 + _TOL)), f"iou outside [0, 1]: {iou}"
    iou2, dice2 = (np.asarray(x, dtype=float) for x in lab.mask_iou_dice(target, pred))
    assert np.allclose(iou, iou2, atol=_TOL) and np.allclose(dice, dice2, atol=_TOL), (
        "mask_iou_dice(pred, target) != (target, pred)"
    )


@pytest.mark.region("solve")
def test_values_0_255_are_binary(lab):
    """uint8 masks stored as {0, 255} (as read from PNG files) give the same result as bool masks."""
    pred, target = _example()
    iou, dice = (
        np.asarray(x, dtype=float)
        for x in lab.mask_iou_dice(pred.astype(np.uint8) * 255, target.astype(np.uint8) * 255)
    )
    assert np.allclose(iou, [0.5, 0.0, 1.0], atol=_TOL) and np.allclose(dice, [2 / 3, 0.0, 1.0], atol=_TOL), (
        f"{{0, 255}} uint8 masks: iou {iou}, dice {dice}; expected [0.5, 0, 1], [0.667, 0, 1] (treat nonzero as foreground)"
    )


@pytest.mark.region("solve")
def test_large_masks_count_exactly(lab):
    """One 300x300 all-foreground pair: IoU and Dice exactly 1 (no uint8 overflow of the counts)."""
    m = np.ones((1, 300, 300), dtype=np.uint8)
    iou, dice = (np.asarray(x, dtype=float) for x in lab.mask_iou_dice(m, m))
    assert np.allclose(iou, 1, atol=_TOL) and np.allclose(dice, 1, atol=_TOL), (
        f"identical full masks: iou {iou}, dice {dice}, expected 1, 1"
    )
    half = m.copy()
    half[0, 150:] = 0
    iou, dice = (np.asarray(x, dtype=float) for x in lab.mask_iou_dice(half, m))
    assert np.allclose(iou, 0.5, atol=_TOL) and np.allclose(dice, 2 / 3, atol=_TOL), (
        f"half mask: iou {iou}, dice {dice}, expected 0.5, 0.667"
    )


@pytest.mark.region("solve")
def test_empty_batch_and_bad_shapes(lab):
    """B = 0 gives empty arrays; different shapes or a 2-D input raise ValueError."""
    iou, dice = lab.mask_iou_dice(np.zeros((0, 4, 4), bool), np.zeros((0, 4, 4), bool))
    assert np.asarray(iou).shape == (0,) and np.asarray(dice).shape == (0,), "B = 0 must give two (0,) arrays"
    with pytest.raises(ValueError):
        lab.mask_iou_dice(np.zeros((2, 4, 4), bool), np.zeros((2, 4, 5), bool))
    with pytest.raises(ValueError):
        lab.mask_iou_dice(np.zeros((4, 4), bool), np.zeros((4, 4), bool))
