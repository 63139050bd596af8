"""The reference metrics (``cvlab.metrics``) on hand-constructed cases with known answers.

Graders of later phases trust these adapters, so each is pinned down here: the input
format, the conventions (NaN vs 0, -1 for undefined, bin edges, maxDets per image) and the
exact values of small cases worked out by hand in the comments.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cvlab import metrics as M


# --------------------------------------------------------------------------- classification
def test_confusion_and_prf_known_case():
    """Rows are the truth; zero division gives 0; macro counts every class 0..C-1."""
    y_true = [0, 0, 1, 1, 1, 2]
    y_pred = [0, 1, 1, 1, 0, 0]
    assert M.confusion_matrix(y_true, y_pred, 4).tolist() == [[1, 1, 0, 0], [1, 2, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]]
    p, r, f = M.precision_recall_f1(y_true, y_pred, 4, None)
    assert np.allclose(p, [1 / 3, 2 / 3, 0, 0]) and np.allclose(r, [1 / 2, 2 / 3, 0, 0])
    assert np.allclose(f, [0.4, 2 / 3, 0, 0])
    assert np.allclose(M.precision_recall_f1(y_true, y_pred, 4, "micro"), 0.5)  # = accuracy
    assert M.precision_recall_f1(y_true, y_pred, 4, "macro")[0] == pytest.approx(0.25)
    assert M.precision_recall_f1(y_true, y_pred, 4, "weighted")[1] == pytest.approx(0.5)  # (2*.5 + 3*2/3 + 0) / 6


def test_classification_empty_input():
    """No samples: an all-zero matrix and zero scores, not an exception."""
    assert not M.confusion_matrix([], [], 3).any()
    assert M.precision_recall_f1([], [], 3, "macro") == (0.0, 0.0, 0.0)


def test_roc_auc_counts_ties_as_half():
    """All-tied scores give 0.5; a hand-counted tie case gives 3.5/9; torch tensors are accepted."""
    y = [1, 0, 1, 0, 0, 1]
    assert M.roc_auc(y, np.full(6, 0.3)) == pytest.approx(0.5)
    s = [0.8, 0.8, 0.6, 0.3, 0.8, 0.3]  # positives .8 .6 .3 vs negatives .8 .3 .8: 2 + 1 + 0.5 pairs
    assert M.roc_auc(y, s) == pytest.approx(3.5 / 9)
    assert M.roc_auc(torch.tensor(y), torch.tensor(s)) == pytest.approx(3.5 / 9)
    fpr, tpr, thr = M.roc_curve(y, s)
    assert thr[0] == np.inf and fpr[0] == 0 and tpr[0] == 0 and len(thr) == 4  # +inf and 3 distinct scores
    assert np.trapezoid(tpr, fpr) == pytest.approx(3.5 / 9)


def test_average_precision_envelope_vs_step():
    """neg, pos, pos: PR points (1/2, 1/2), (1, 2/3) -> step AP 7/12, envelope AP 2/3."""
    y, s = [0, 1, 1], [0.9, 0.8, 0.7]
    assert M.average_precision(y, s, "step") == pytest.approx(7 / 12)
    assert M.average_precision(y, s) == pytest.approx(2 / 3)
    assert M.average_precision([1, 0, 1, 0], [4, 3, 2, 1]) == pytest.approx(0.5 + 0.5 * 2 / 3)
    with pytest.raises(ValueError):
        M.average_precision([1, 0], [0.5, 0.4], "eleven-point")


# --------------------------------------------------------------------------- calibration
def _ece_loop(conf: np.ndarray, correct: np.ndarray, n_bins: int) -> float:
    total = 0.0
    for b in range(n_bins):
        lo, hi = b / n_bins, (b + 1) / n_bins
        in_bin = (conf > lo) & (conf <= hi) if b > 0 else (conf <= hi)
        if in_bin.any():
            total += in_bin.mean() * abs(correct[in_bin].mean() - conf[in_bin].mean())
    return total


def test_ece_known_cases():
    """Top-label ECE weights each bin by its size; binary ECE calibrates P(y=1)."""
    probs = np.array([[0.95, 0.05]] * 8 + [[0.55, 0.45]] * 2)
    labels = np.array([0] * 6 + [1] * 2 + [0, 1])
    assert M.expected_calibration_error(probs, labels, 10) == pytest.approx(0.8 * 0.2 + 0.2 * 0.05, abs=1e-6)
    p = np.array([0.9] * 4 + [0.2] * 5)
    y = np.array([1, 1, 1, 0] + [0, 0, 0, 0, 1])
    assert M.expected_calibration_error(p, y, 10) == pytest.approx(4 / 9 * 0.15, abs=1e-6)
    assert M.expected_calibration_error(np.zeros((0, 3)), np.zeros(0, int)) == 0.0


@pytest.mark.parametrize("seed", range(8))
def test_ece_torchmetrics_agrees_with_a_bin_loop(seed):
    """torchmetrics' ECE equals a plain loop over (lo, hi] bins on random softmax outputs."""
    rng = np.random.default_rng(seed)
    n, c, n_bins = int(rng.integers(5, 300)), int(rng.integers(2, 8)), int(rng.choice([5, 10, 15]))
    z = rng.normal(size=(n, c)) * rng.choice([0.3, 1.0, 4.0])
    probs = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    labels = rng.integers(0, c, n)
    want = _ece_loop(probs.max(1), probs.argmax(1) == labels, n_bins)
    assert M.expected_calibration_error(probs, labels, n_bins) == pytest.approx(want, abs=1e-5)


# --------------------------------------------------------------------------- boxes
def test_box_iou_known_values_and_degenerate_boxes():
    """1/3 for half-overlapping squares, 0 for disjoint and for zero-area boxes (torchvision says NaN)."""
    a = [[0, 0, 2, 2]]
    iou = M.box_iou(a, [[1, 0, 3, 2], [3, 3, 5, 5], [1, 1, 1, 1], [0, 0, 2, 2]])
    assert iou.shape == (1, 4) and iou.dtype == np.float64
    assert np.allclose(iou, [[1 / 3, 0, 0, 1]])
    assert M.box_iou([[1, 1, 1, 1]], [[1, 1, 1, 1]])[0, 0] == 0
    assert M.box_iou(np.zeros((0, 4)), a).shape == (0, 1)


def test_nms_and_batched_nms():
    """A suppresses B, so C (overlapping only B) survives; other labels never suppress each other."""
    boxes = np.array([[8.0, 0, 18, 10], [0, 0, 10, 10], [4, 0, 14, 10]])  # C, A, B
    scores = np.array([0.7, 0.9, 0.8])
    keep = M.nms(boxes, scores, 0.4)
    assert keep.tolist() == [1, 0] and keep.dtype == np.int64
    same = np.array([[0.0, 0, 10, 10]] * 2)
    assert M.nms(same, [0.9, 0.8], 0.5).tolist() == [0]
    assert M.batched_nms(same, [0.9, 0.8], [0, 1], 0.5).tolist() == [0, 1]


# --------------------------------------------------------------------------- COCO detection
def _img(boxes, labels, scores=None, **extra):
    entry = {"boxes": np.asarray(boxes, float).reshape(-1, 4), "labels": np.asarray(labels, int)}
    if scores is not None:
        entry["scores"] = np.asarray(scores, float)
    entry.update(extra)
    return entry


def test_coco_perfect_detector_scores_one():
    """Predictions equal to the ground truth: every AP and AR is 1 (small boxes: medium/large undefined)."""
    gts = [_img([[0, 0, 10, 10], [20, 20, 40, 30]], [0, 1]), _img([[5, 5, 25, 25]], [1])]
    preds = [_img(g["boxes"], g["labels"], np.linspace(0.9, 0.5, len(g["labels"]))) for g in gts]
    res = M.coco_map(preds, gts)
    for key in ("map", "map_50", "map_75", "map_small", "mar_10", "mar_100", "mar_small"):
        assert res[key] == pytest.approx(1.0), key
    assert res["map_medium"] == -1 and res["map_large"] == -1  # no GT of those sizes
    assert res["classes"].tolist() == [0, 1] and np.allclose(res["ap_per_class"], 1.0)
    assert res["precision"].shape == (10, 101, 2)


def test_coco_false_positive_ranked_first():
    """One GT; a FP scores above the TP: precision 1/2 at recall 1, so AP = 0.5 at every threshold."""
    res = M.coco_map([_img([[50, 50, 60, 60], [0, 0, 10, 10]], [0, 0], [0.9, 0.8])], [_img([[0, 0, 10, 10]], [0])])
    assert res["map"] == pytest.approx(0.5) and res["map_50"] == pytest.approx(0.5)
    assert res["mar_1"] == 0.0 and res["mar_10"] == pytest.approx(1.0)  # the single best detection is the FP


def test_coco_101_point_interpolation():
    """3 GT, ranking TP, FP, TP: AP = (34 grid points at 1 + 33 at 2/3 + 34 at 0) / 101 = 56/101."""
    gt = [_img([[0, 0, 10, 10], [20, 0, 30, 10], [40, 0, 50, 10]], [0, 0, 0])]
    pred = [_img([[0, 0, 10, 10], [60, 60, 70, 70], [20, 0, 30, 10]], [0, 0, 0], [0.9, 0.8, 0.7])]
    assert M.coco_map(pred, gt)["map"] == pytest.approx(56 / 101)


def test_coco_iou_thresholds():
    """A box at IoU 0.82 is a TP at 0.50..0.80 and a FP at 0.85..0.95: mAP 0.7, mAP@.5 = mAP@.75 = 1."""
    res = M.coco_map([_img([[0, 0, 10, 8.2]], [0], [0.9])], [_img([[0, 0, 10, 10]], [0])])
    assert res["map"] == pytest.approx(0.7)
    assert res["map_50"] == pytest.approx(1.0) and res["map_75"] == pytest.approx(1.0)
    only50 = M.coco_map([_img([[0, 0, 10, 4]], [0], [0.9])], [_img([[0, 0, 10, 10]], [0])], iou_thresholds=[0.3])
    assert only50["map"] == pytest.approx(1.0) and only50["map_50"] == -1  # 0.5 was not evaluated


def test_coco_one_ground_truth_matches_once():
    """Two detections of one object: the second is a FP (AP 1 still, as it ranks below the TP); above it: AP 0.5."""
    gt = [_img([[0, 0, 10, 10]], [0])]
    dup_below = [_img([[0, 0, 10, 10], [0, 0, 10, 9.5]], [0, 0], [0.9, 0.8])]
    assert M.coco_map(dup_below, gt, iou_thresholds=[0.5])["map"] == pytest.approx(1.0)
    two = [_img([[0, 0, 10, 10]], [0]), _img([[0, 0, 10, 10]], [0])]
    dup_above = [_img([[0, 0, 10, 10], [0, 0, 10, 9.5]], [0, 0], [0.9, 0.95]), _img([[0, 0, 10, 10]], [0], [0.5])]
    # image 0: the duplicate (.95) takes the GT, the perfect box (.9) is a FP; image 1: TP at .5
    # ranking TP, FP, TP over 2 GT: envelope 1 up to r = .5, 2/3 up to 1 -> (51 + 50 * 2/3) / 101
    assert M.coco_map(dup_above, two, iou_thresholds=[0.5])["map"] == pytest.approx((51 + 50 * 2 / 3) / 101)


def test_coco_class_bookkeeping_and_empty():
    """GT class without detections scores 0 and counts; a prediction-only class is ignored; no GT at all -> -1."""
    gt = [_img([[0, 0, 10, 10], [20, 20, 30, 30]], [0, 1])]
    pred = [_img([[0, 0, 10, 10], [50, 50, 60, 60]], [0, 2], [0.9, 0.8])]
    res = M.coco_map(pred, gt)
    assert res["map"] == pytest.approx(0.5)
    assert res["classes"].tolist() == [0, 1, 2] and np.isnan(res["ap_per_class"][2])
    assert np.allclose(res["ap_per_class"][:2], [1.0, 0.0])
    empty = M.coco_map([_img(np.zeros((0, 4)), [], [])], [_img(np.zeros((0, 4)), [])])
    assert empty["map"] == -1 and empty["map_50"] == -1
    no_preds = M.coco_map([{}], [_img([[0, 0, 10, 10]], [3])])
    assert no_preds["map"] == 0.0


def test_coco_max_dets_is_per_image():
    """3 perfect detections, max_dets=1: only the best counts, recall 1/3 -> AP 34/101, AR@1 = 1/3."""
    gt = [_img([[0, 0, 10, 10], [20, 0, 30, 10], [40, 0, 50, 10]], [0, 0, 0])]
    pred = [_img(gt[0]["boxes"], [0, 0, 0], [0.9, 0.8, 0.7])]
    res = M.coco_map(pred, gt, max_dets=1)
    assert res["map"] == pytest.approx(34 / 101) and res["mar_1"] == pytest.approx(1 / 3)
    assert M.coco_map(pred, gt, max_dets=3)["map"] == pytest.approx(1.0)


def test_coco_crowd_regions_are_ignored():
    """A detection inside an iscrowd region is neither TP nor FP: AP 1 instead of 0.5."""
    gt = [_img([[0, 0, 10, 10], [50, 50, 100, 100]], [0, 0], iscrowd=np.array([False, True]))]
    pred = [_img([[60, 60, 70, 70], [0, 0, 10, 10]], [0, 0], [0.9, 0.8])]
    assert M.coco_map(pred, gt)["map"] == pytest.approx(1.0)
    gt[0]["iscrowd"] = np.array([False, False])  # now a real object: the .9 box (IoU .04) is a FP and it is missed
    # ranking FP, TP over 2 GT: envelope 1/2 up to recall 1/2 (51 grid points), never reaches more -> 25.5/101
    assert M.coco_map(pred, gt, iou_thresholds=[0.5])["map"] == pytest.approx(25.5 / 101)


def test_coco_segm_masks():
    """Mask AP: a mask covering 72 of a 100-pixel object (IoU .72) passes 5 of the 10 thresholds."""
    gt_mask = np.zeros((1, 20, 20), bool)
    gt_mask[0, :10, :10] = True
    pred_mask = np.zeros((1, 20, 20), bool)
    pred_mask[0, :9, :8] = True
    gts = [{"masks": gt_mask, "labels": np.array([0])}]
    res = M.coco_map([{"masks": pred_mask, "scores": np.array([0.9]), "labels": np.array([0])}], gts, iou_type="segm")
    assert res["map"] == pytest.approx(0.5) and res["map_50"] == pytest.approx(1.0) and res["map_75"] == 0.0
    perfect = M.coco_map([{"masks": gt_mask, "scores": np.array([0.9]), "labels": np.array([0])}], gts, iou_type="segm")
    assert perfect["map"] == pytest.approx(1.0)


def test_coco_accepts_torch_tensors_and_checks_lengths():
    """torch tensors work as inputs; mismatched image counts raise a clear error."""
    gt = [{"boxes": torch.tensor([[0.0, 0, 10, 10]]), "labels": torch.tensor([1])}]
    pred = [{"boxes": torch.tensor([[0.0, 0, 10, 10]]), "scores": torch.tensor([0.5]), "labels": torch.tensor([1])}]
    assert M.coco_map(pred, gt)["map"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="one entry per image"):
        M.coco_map(pred, gt + gt)


# --------------------------------------------------------------------------- bootstrap
def test_bootstrap_ci_of_a_mean():
    """Percentile CI of a mean ~ mean ± 1.96 s/sqrt(n); same seed, same interval; statistic gets int indices."""
    x = np.random.default_rng(0).normal(10, 3, 400)
    low, high = M.bootstrap_ci(lambda i: x[i].mean(), len(x), n_boot=4000, seed=1)
    half = 1.96 * x.std() / np.sqrt(len(x))
    assert low == pytest.approx(x.mean() - half, abs=0.1 * half) and high == pytest.approx(
        x.mean() + half, abs=0.1 * half
    )
    assert (low, high) == M.bootstrap_ci(lambda i: x[i].mean(), len(x), n_boot=4000, seed=1)
    seen = []
    M.bootstrap_ci(lambda i: seen.append(i) or 0.0, 5, n_boot=10)
    assert all(np.issubdtype(s.dtype, np.integer) and s.shape == (5,) for s in seen)
