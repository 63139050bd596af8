"""d09 - COCO mAP@[.5:.95].

The COCO detection metric: greedy matching at ten IoU thresholds 0.50:0.05:0.95, at most
100 detections per image and class, and average precision sampled at 101 recall points
of the precision envelope, averaged over thresholds and classes.
"""

from __future__ import annotations

import numpy as np

#: IoU thresholds and recall grid, built exactly as pycocotools builds them.
IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)
RECALL_GRID = np.linspace(0.0, 1.0, 101)  # note: contains 0.7000000000000001 etc.


def _box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(N, 4) x (M, 4) xyxy -> (N, M) IoU, 0 where the union is 0 (given: problem d01)."""
    a = np.asarray(a, dtype=np.float64).reshape(-1, 4)
    b = np.asarray(b, dtype=np.float64).reshape(-1, 4)
    wh = np.clip(np.minimum(a[:, None, 2:], b[None, :, 2:]) - np.maximum(a[:, None, :2], b[None, :, :2]), 0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = (
        ((a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1]))[:, None] + ((b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]))[None] - inter
    )
    out = np.zeros_like(inter)
    np.divide(inter, union, out=out, where=union > 0)
    return out


def _match_image(boxes: np.ndarray, scores: np.ndarray, gt_boxes: np.ndarray, thr: float) -> np.ndarray:
    """(K,) TP flags for one image and class: greedy by decreasing score, each detection takes
    the best still-unmatched ground truth if IoU >= thr (given: problem d08)."""
    ious = _box_iou(boxes, gt_boxes)
    tp = np.zeros(ious.shape[0], dtype=bool)
    taken = np.zeros(ious.shape[1], dtype=bool)
    for d in np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable"):
        cand = np.where(taken, -1.0, ious[d])
        if cand.size and cand.max() >= thr:
            g = int(np.argmax(cand))
            tp[d], taken[g] = True, True
    return tp


def ap_101(tp: np.ndarray, scores: np.ndarray, n_gt: int) -> float:
    """COCO 101-point AP of one class at one IoU threshold.

    Sort detections by decreasing score (stable), then per detection k:
        precision_k = TP_k / k,   recall_k = TP_k / n_gt,   envelope_k = max_{j >= k} precision_j
    For each r in RECALL_GRID take the envelope at the first k with recall_k >= r (0 if none):
        AP = mean over the 101 grid values.
    """
    # TODO(ap_101): Return the 101-point AP (float) of one class from TP flags (K,), scores (K,) and n_gt.
    # | Sort by decreasing score (stable), precision_k = TP_k / k, recall_k = TP_k / n_gt, make precision
    # | an envelope (max over k' >= k); for each r in RECALL_GRID use the envelope at the FIRST k with
    # | recall_k >= r (0 if none) and average the 101 values. Use RECALL_GRID as given (it matches
    # | pycocotools bit for bit). K = 0 gives 0. Raise ValueError if n_gt <= 0.
    raise NotImplementedError("TODO(ap_101): write this region")


def coco_map(preds: list[dict], gts: list[dict], max_dets: int = 100) -> tuple[float, np.ndarray, np.ndarray]:
    """COCO mAP@[.5:.95] -> (mAP, ap (10, K), classes (K,)).

    For every IoU threshold t in IOU_THRESHOLDS and every class c with ground truth: in each
    image keep the max_dets highest-scoring class-c detections, match them with
    _match_image(..., t), pool over images and compute ap_101. mAP = mean of the (10, K) table.
    """
    # TODO(coco_map): Return (mAP, ap, classes): ap is a (10, K) float64 table over IOU_THRESHOLDS x classes,
    # | classes the sorted (K,) int64 labels that have ground truth, mAP = ap.mean(). Per image and
    # | class keep only the max_dets highest-scoring detections (stable for ties), match them with
    # | the given _match_image at threshold t, pool over images (image order, then detection order)
    # | and call your ap_101. Classes without ground truth are ignored. ValueError if
    # | len(preds) != len(gts) or there is no ground truth at all.
    raise NotImplementedError("TODO(coco_map): write this region")


if __name__ == "__main__":
    print("ap_101([1, 0, 1], [0.9, 0.8, 0.7], n_gt=2) =", ap_101(np.array([1, 0, 1]), np.array([0.9, 0.8, 0.7]), 2))
    gts = [{"boxes": np.array([[0, 0, 100, 100], [200, 200, 260, 240]]), "labels": np.array([0, 1])}]
    preds = [
        {
            "boxes": np.array([[0, 0, 100, 100], [5, 5, 105, 105], [200, 200, 260, 250]]),
            "scores": np.array([0.9, 0.8, 0.7]),
            "labels": np.array([0, 0, 1]),
        }
    ]
    m, ap, classes = coco_map(preds, gts)
    print(
        "mAP =", m, "\nAP per class (mean over IoU thresholds) =", dict(zip(classes.tolist(), ap.mean(axis=0).round(4)))
    )
