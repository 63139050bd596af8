"""Grader for d08 - detection mAP@0.5.

References: pycocotools COCOeval at the single IoU threshold 0.5 (driven through
cvlab.metrics.coco_eval) for the per-detection matches on random scenes, hand-computed
scenes for the AP and mAP values (duplicates, misses, a class without ground truth, IoU
exactly at the threshold), and invariances (image order, extra low-score false positives
after the last true positive).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvlab.metrics import coco_eval


def _example():
    gts = [
        {"boxes": np.array([[0, 0, 10, 10], [20, 20, 30, 30]]), "labels": np.array([0, 0])},
        {"boxes": np.array([[0, 0, 10, 10], [50, 50, 60, 60]]), "labels": np.array([0, 1])},
    ]
    preds = [
        {
            "boxes": np.array([[0, 0, 10, 10], [1, 1, 10, 10], [20, 20, 30, 31]]),
            "scores": np.array([0.9, 0.8, 0.7]),
            "labels": np.array([0, 0, 0]),
        },
        {
            "boxes": np.array([[5, 0, 15, 10], [50, 50, 60, 60], [70, 70, 80, 80]]),
            "scores": np.array([0.85, 0.6, 0.5]),
            "labels": np.array([0, 1, 2]),
        },
    ]
    return preds, gts


def _scene(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(0, 5))
    xy = rng.uniform(0, 60, size=(m, 2))
    gt = np.concatenate([xy, xy + rng.uniform(5, 30, size=(m, 2))], axis=1)
    k = int(rng.integers(0, 7))
    src = gt[rng.integers(0, m, size=k)] if m else rng.uniform(0, 60, size=(k, 4))
    det = src + rng.normal(0, 4, size=(k, 4))
    det[:, 2:] = np.maximum(det[:, 2:], det[:, :2] + 1)
    scores = rng.permutation(k) / max(k, 1) + 0.01  # distinct scores
    return det, scores, gt


@pytest.mark.region("match_image")
def test_match_worked_example(lab):
    """README example, image 0: the 0.8 duplicate of an already matched box is a false positive."""
    preds, gts = _example()
    got = np.asarray(lab.match_image(preds[0]["boxes"], preds[0]["scores"], gts[0]["boxes"], 0.5))
    assert got.dtype == bool and got.tolist() == [True, False, True], f"got {got}, expected [True, False, True]"


@pytest.mark.region("match_image")
def test_match_takes_next_best_unmatched_gt(lab):
    """COCO rule: when the best ground truth is already taken, the best UNMATCHED one above the threshold is used."""
    gt = np.array([[0, 0, 10, 10], [2, 0, 12, 10]])  # IoU(gt0, gt1) = 80/120
    det = np.array([[0.0, 0, 10, 10], [0.5, 0, 10.5, 10]])  # det1: IoU 0.905 with gt0 (taken), 0.739 with gt1
    got = np.asarray(lab.match_image(det, np.array([0.9, 0.8]), gt, 0.5)).tolist()
    assert got == [True, True], f"got {got}, expected [True, True]: detection 1 should fall back to ground truth 1"


@pytest.mark.region("match_image")
def test_match_order_is_by_score_not_input(lab):
    """The higher-scoring detection claims the ground truth, wherever it sits in the input."""
    gt = np.array([[0, 0, 10, 10]])
    det = np.array([[0, 0, 10, 9], [0, 0, 10, 10]])
    got = np.asarray(lab.match_image(det, np.array([0.3, 0.9]), gt, 0.5)).tolist()
    assert got == [False, True], f"scores [0.3, 0.9]: got {got}, expected [False, True]"


@pytest.mark.region("match_image")
def test_match_threshold_is_inclusive_and_empty_cases(lab):
    """IoU exactly 0.5 counts as a match; no detections or no ground truth work."""
    got = np.asarray(lab.match_image(np.array([[0, 0, 10, 5]]), np.array([1.0]), np.array([[0, 0, 10, 10]]), 0.5))
    assert got.tolist() == [True], f"IoU exactly 0.5 with threshold 0.5: got {got}, expected [True] (>=)"
    got = np.asarray(lab.match_image(np.zeros((0, 4)), np.zeros(0), np.array([[0, 0, 1, 1]]), 0.5))
    assert got.shape == (0,), f"no detections: got shape {got.shape}, expected (0,)"
    got = np.asarray(lab.match_image(np.array([[0, 0, 1, 1]]), np.array([0.5]), np.zeros((0, 4)), 0.5))
    assert got.tolist() == [False], f"no ground truth: got {got}, expected [False]"


@pytest.mark.region("match_image")
@settings(max_examples=25)
@given(st.integers(0, 10**6))
def test_match_agrees_with_pycocotools(lab, seed):
    """Random scenes: the same detections are matched as pycocotools COCOeval at IoU 0.5."""
    det, scores, gt = _scene(seed)
    got = np.asarray(lab.match_image(det, scores, gt, 0.5), dtype=bool)
    ev = coco_eval(
        [{"boxes": det, "scores": scores, "labels": np.zeros(len(det), int)}],
        [{"boxes": gt, "labels": np.zeros(len(gt), int)}],
        iou_thresholds=[0.5],
        by_area=False,
    )
    ref = np.zeros(len(det), dtype=bool)
    for e in ev.evalImgs:
        if e is not None and e["maxDet"] == max(ev.params.maxDets):
            for dt_id, m in zip(e["dtIds"], e["dtMatches"][0]):
                ref[dt_id - 1] = m > 0
    assert got.tolist() == ref.tolist(), (
        f"det={det.round(2).tolist()}, scores={scores.tolist()}, gt={gt.round(2).tolist()}: got {got.tolist()}, pycocotools {ref.tolist()}"
    )


@pytest.mark.region("map50", needs=["match_image"])
def test_map_worked_example(lab):
    """README example: class 0 AP 1/2 (duplicate, miss), class 1 AP 1, class 2 (no GT) ignored: mAP 0.75."""
    m, per = lab.map50(*_example())
    assert set(per) == {0, 1}, f"per-class keys {sorted(per)}, expected [0, 1] (class 2 has no ground truth)"
    assert abs(per[0] - 0.5) < 1e-12 and abs(per[1] - 1.0) < 1e-12, f"per-class AP {per}, expected {{0: 0.5, 1: 1.0}}"
    assert abs(m - 0.75) < 1e-12, f"mAP {m}, expected 0.75"


@pytest.mark.region("map50", needs=["match_image"])
def test_map_counts_missed_ground_truth(lab):
    """One of two objects found with a perfect box and no false positive: AP = 1/2, not 1."""
    gts = [{"boxes": np.array([[0, 0, 5, 5], [10, 10, 15, 15]]), "labels": np.array([3, 3])}]
    preds = [{"boxes": np.array([[0, 0, 5, 5]]), "scores": np.array([0.9]), "labels": np.array([3])}]
    m, per = lab.map50(preds, gts)
    assert abs(per[3] - 0.5) < 1e-12, f"AP of class 3 = {per[3]}, expected 0.5"
    assert abs(m - 0.5) < 1e-12, f"mAP {m}, expected 0.5: recall is TP / number of ground truths"


@pytest.mark.region("map50", needs=["match_image"])
def test_map_class_without_detections_is_zero(lab):
    """A class with ground truth but no detection contributes AP 0 to the mean."""
    gts = [{"boxes": np.array([[0, 0, 5, 5], [10, 10, 15, 15]]), "labels": np.array([0, 1])}]
    preds = [{"boxes": np.array([[0, 0, 5, 5]]), "scores": np.array([0.9]), "labels": np.array([0])}]
    m, per = lab.map50(preds, gts)
    assert per.get(1, None) == 0.0 and abs(m - 0.5) < 1e-12, (
        f"got mAP {m}, per-class {per}; expected 0.5, {{0: 1.0, 1: 0.0}}"
    )


@pytest.mark.region("map50", needs=["match_image"])
def test_map_matches_only_within_a_class(lab):
    """A confident detection with the wrong label on an object is a FP of its class and does not take the object."""
    gts = [{"boxes": np.array([[0, 0, 10, 10], [20, 20, 30, 30]]), "labels": np.array([0, 1])}]
    preds = [
        {
            "boxes": np.array([[0, 0, 10, 10], [0, 0, 10, 10]]),
            "scores": np.array([0.9, 0.8]),
            "labels": np.array([1, 0]),
        }
    ]
    m, per = lab.map50(preds, gts)
    assert abs(per[0] - 1.0) < 1e-12 and abs(per[1]) < 1e-12, (
        f"per-class AP {per}, expected {{0: 1.0, 1: 0.0}}: the class-1 detection sits on the class-0 object, so it "
        "is a false positive of class 1 and the class-0 detection still matches (match each class separately)"
    )
    assert abs(m - 0.5) < 1e-12, f"mAP {m}, expected 0.5"


@pytest.mark.region("map50", needs=["match_image"])
def test_map_invariances(lab):
    """Reversing the image order or adding false positives scored below every true positive keeps mAP."""
    preds, gts = _example()
    m0, _ = lab.map50(preds, gts)
    m1, _ = lab.map50(preds[::-1], gts[::-1])
    assert abs(m0 - m1) < 1e-12, f"reversing the images changed mAP: {m0} -> {m1}"
    extra = [dict(p) for p in preds]
    extra[1] = {
        "boxes": np.r_[preds[1]["boxes"], [[100, 100, 110, 110]]],
        "scores": np.r_[preds[1]["scores"], 0.01],
        "labels": np.r_[preds[1]["labels"], 1],
    }
    m2, _ = lab.map50(extra, gts)
    assert abs(m0 - m2) < 1e-12, f"a false positive ranked after the last true positive changed mAP: {m0} -> {m2}"


@pytest.mark.region("map50", needs=["match_image"])
def test_map_errors(lab):
    """Different numbers of images, or no ground truth anywhere: ValueError."""
    preds, gts = _example()
    with pytest.raises(ValueError):
        lab.map50(preds[:1], gts)
    with pytest.raises(ValueError):
        lab.map50(
            [{"boxes": np.zeros((0, 4)), "scores": np.zeros(0), "labels": np.zeros(0, int)}],
            [{"boxes": np.zeros((0, 4)), "labels": np.zeros(0, int)}],
        )
