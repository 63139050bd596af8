"""d08 - Detection mAP@0.5.

Match detections to ground-truth boxes greedily by score (per image and class), then
compute the all-point average precision of each class over the whole dataset and average
over classes: the PASCAL-VOC-style mAP at IoU 0.5 with COCO's matching rule.
"""

from __future__ import annotations

import numpy as np


def _box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(N, 4) x (M, 4) xyxy -> (N, M) IoU, 0 where the union is 0 (given: problem d01)."""
    a = np.asarray(a, dtype=np.float64).reshape(-1, 4)
    b = np.asarray(b, dtype=np.float64).reshape(-1, 4)
    wh = np.clip(np.minimum(a[:, None, 2:], b[None, :, 2:]) - np.maximum(a[:, None, :2], b[None, :, :2]), 0, None)
    inter = wh[..., 0] * wh[..., 1]
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    union = area_a[:, None] + area_b[None, :] - inter
    out = np.zeros_like(inter)
    np.divide(inter, union, out=out, where=union > 0)
    return out


def match_image(
    pred_boxes: np.ndarray, pred_scores: np.ndarray, gt_boxes: np.ndarray, iou_threshold: float = 0.5
) -> np.ndarray:
    """True-positive flags (K,) for the K detections of ONE image and ONE class.

    Visit detections by decreasing score (stable for equal scores). Each takes, among the
    ground truths not matched yet, the one with the highest IoU; if that IoU >= threshold the
    detection is a TP and the ground truth becomes matched, otherwise it is a FP.
    """
    # TODO(match_image): Return a (K,) bool array, in the input order of the K detections: True = true positive.
    # | Visit detections by decreasing score (stable sort for ties). Each one is matched to the
    # | still-unmatched ground-truth box with the highest IoU (lowest index on equal IoU) if that
    # | IoU >= iou_threshold; a ground truth is matched at most once. Use the given _box_iou.
    # | K = 0 or no ground truth: handle without errors (no GT -> all False).
    raise NotImplementedError("TODO(match_image): write this region")


def map50(preds: list[dict], gts: list[dict], iou_threshold: float = 0.5) -> tuple[float, dict[int, float]]:
    """Mean average precision over classes at one IoU threshold.

    preds[i] = {"boxes": (K, 4), "scores": (K,), "labels": (K,)}, gts[i] = {"boxes": (M, 4), "labels": (M,)}
    Per class c: match every image with match_image, pool the detections of c over all images,
    sort by decreasing score (stable, image order then detection order), and
        precision_k = TP_k / k,   recall_k = TP_k / n_gt(c)      (one point per detection)
        AP_c = Σ_k (r_k - r_{k-1}) · max_{j >= k} p_j              (all-point envelope, r_0 = 0)
    mAP = mean of AP_c over the classes with at least one ground truth (a class with ground
    truth but no detection has AP 0; detections of classes without ground truth are ignored).
    """
    # TODO(map50): Return (mAP, {class: AP}) over the classes that have ground truth, using match_image per image and class.
    # | Pool each class's detections over images, sort by decreasing score (stable: image order,
    # | then detection order), precision_k = TP_k / k, recall_k = TP_k / (number of GT of the class),
    # | AP = all-point envelope sum (as in d07). Classes without GT are ignored. Raise ValueError if
    # | len(preds) != len(gts) or no image has any ground truth.
    raise NotImplementedError("TODO(map50): write this region")


def _example() -> tuple[list[dict], list[dict]]:
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


if __name__ == "__main__":
    preds, gts = _example()
    print("TP flags image 0, class 0:", match_image(preds[0]["boxes"], preds[0]["scores"], gts[0]["boxes"]))
    print("map50 =", map50(preds, gts))
