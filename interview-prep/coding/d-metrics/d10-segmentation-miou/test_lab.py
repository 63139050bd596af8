"""Grader for d10 - segmentation mIoU with an ignore index.

References: sklearn.metrics.jaccard_score(labels=range(C), average=None) (with NaN put
on the classes absent from both maps)
on the non-ignored pixels of random label maps (hypothesis), a hand-computed 3x4 example,
and the conventions that matter in practice: pooling over the batch, NaN for absent
classes, ignored pixels carrying arbitrary predictions.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import jaccard_score

TARGET = np.array([[0, 0, 1, 1], [0, 0, 1, 255], [2, 2, 255, 255]])
PRED = np.array([[0, 0, 1, 0], [0, 1, 1, 1], [2, 2, 3, 0]])


def _maps():
    return st.tuples(st.integers(1, 5), st.integers(1, 3), st.integers(1, 8), st.integers(1, 8)).flatmap(
        lambda s: st.tuples(
            st.just(s[0]),
            hnp.arrays(np.int64, s[1:], elements=st.integers(0, s[0] - 1)),
            hnp.arrays(np.int64, s[1:], elements=st.sampled_from(list(range(s[0])) + [255])),
        )
    )


@pytest.mark.region("solve")
def test_worked_example(lab):
    """README example: IoU [3/5, 1/2, 1, nan, nan]; class 3 is only predicted on an ignored pixel."""
    miou, iou = lab.segmentation_miou(PRED, TARGET, 5)
    iou = np.asarray(iou, dtype=float)
    want = np.array([0.6, 0.5, 1.0, np.nan, np.nan])
    assert iou.shape == (5,), f"iou shape {iou.shape}, expected (5,)"
    assert np.allclose(iou, want, equal_nan=True), f"per-class IoU {iou}, expected {want}"
    assert abs(miou - 0.7) < 1e-12, f"mIoU {miou}, expected 0.7 (mean over the 3 classes that occur)"


@pytest.mark.region("solve")
@pytest.mark.filterwarnings("ignore::UserWarning")
@given(_maps())
def test_matches_sklearn_jaccard(lab, data):
    """Random label maps with ignored pixels: per-class IoU equals sklearn jaccard_score on the valid pixels."""
    c, pred, target = data
    valid = target != 255
    if not valid.any():
        with pytest.raises(ValueError):
            lab.segmentation_miou(pred, target, c)
        return
    miou, iou = lab.segmentation_miou(pred, target, c)
    iou = np.asarray(iou, dtype=float)
    ref = jaccard_score(target[valid], pred[valid], labels=np.arange(c), average=None, zero_division=0.0)
    present = np.isin(np.arange(c), target[valid]) | np.isin(np.arange(c), pred[valid])
    ref = np.where(present, ref, np.nan)  # sklearn says 0 for 0/0; the convention here is NaN
    assert np.allclose(iou, ref, equal_nan=True), (
        f"C={c}, target={target.tolist()}, pred={pred.tolist()}: iou {iou}, sklearn {ref}"
    )
    assert abs(miou - np.nanmean(ref)) < 1e-12, f"mIoU {miou}, expected nanmean {np.nanmean(ref)}"


@pytest.mark.region("solve")
def test_pooled_over_batch_not_per_image(lab):
    """Two images: counts are summed over the batch before dividing (dataset mIoU), not averaged per image."""
    target = np.array([[[0, 0, 0, 0]], [[0, 1, 1, 1]]])
    pred = np.array([[[0, 0, 0, 1]], [[0, 1, 1, 1]]])
    miou, iou = lab.segmentation_miou(pred, target, 2)
    want = np.array([4 / 5, 3 / 4])  # class 0: TP 4, FN 1; class 1: TP 3, FP 1
    assert np.allclose(np.asarray(iou, float), want), (
        f"pooled per-class IoU {iou}, expected {want} (sum counts over images)"
    )
    assert abs(miou - want.mean()) < 1e-12, f"mIoU {miou}, expected {want.mean()}"


@pytest.mark.region("solve")
def test_ignored_pixels_may_hold_anything(lab):
    """Predictions on ignored pixels (even -1 or 255) never count; a custom ignore_index works."""
    target = np.array([0, 1, -1, -1])
    pred = np.array([0, 1, 200, -7])
    miou, iou = lab.segmentation_miou(pred, target, 2, ignore_index=-1)
    assert np.allclose(np.asarray(iou, float), [1, 1]) and abs(miou - 1) < 1e-12, (
        f"got {iou}, {miou}; expected [1, 1], 1"
    )


@pytest.mark.region("solve")
def test_uint8_label_maps_with_21_classes(lab):
    """uint8 maps as read from VOC PNGs (21 classes, void 255): the flat index t * C + p must not wrap at 256."""
    target = np.array([[20, 19, 255, 0], [20, 20, 3, 255]], dtype=np.uint8)
    pred = np.array([[20, 19, 7, 0], [19, 20, 3, 250]], dtype=np.uint8)
    miou, iou = lab.segmentation_miou(pred, target, 21)
    iou = np.asarray(iou, dtype=float)
    want = np.full(21, np.nan)
    want[[0, 3, 19, 20]] = [1.0, 1.0, 0.5, 2 / 3]  # 19: TP 1, FP 1; 20: TP 2, FN 1
    assert np.allclose(iou, want, equal_nan=True), (
        f"uint8 maps, C=21: iou at classes 0, 3, 19, 20 = {iou[[0, 3, 19, 20]]}, expected [1, 1, 0.5, 0.667], "
        "NaN elsewhere (cast the labels to int64 before computing t * C + p)"
    )
    assert abs(miou - np.nanmean(want)) < 1e-12, f"mIoU {miou}, expected {np.nanmean(want)}"


@pytest.mark.region("solve")
def test_absent_class_is_nan_not_zero(lab):
    """A class in neither target nor prediction is NaN and does not drag the mean down."""
    miou, iou = lab.segmentation_miou(np.array([0, 0, 1]), np.array([0, 0, 1]), 4)
    iou = np.asarray(iou, float)
    assert np.isnan(iou[2:]).all(), f"classes 2 and 3 never occur: iou {iou}, expected NaN for them"
    assert abs(miou - 1) < 1e-12, f"mIoU {miou}, expected 1 (only classes 0 and 1 count)"
    miou, iou = lab.segmentation_miou(np.array([0, 0, 0]), np.array([0, 0, 1]), 2)
    assert np.asarray(iou, float)[1] == 0.0, f"class 1 present in target but never predicted: IoU {iou[1]}, expected 0"


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "pred, target",
    [
        (np.zeros((2, 3)), np.zeros((3, 2))),
        (np.array([0, 5]), np.array([0, 1])),
        (np.array([0, 1]), np.array([255, 255])),
    ],
    ids=["shape-mismatch", "pred-out-of-range", "all-ignored"],
)
def test_invalid_input_raises(lab, pred, target):
    """Different shapes, a label outside [0, C) at a valid pixel, or no valid pixel: ValueError."""
    with pytest.raises(ValueError):
        lab.segmentation_miou(pred, target, 3)
