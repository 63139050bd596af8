"""d17 - MOTA from per-frame matches.

Multi-object tracking accuracy (CLEAR-MOT): per frame, keep still-valid correspondences from
the past, assign the rest optimally by IoU, then count misses, false positives and identity
switches over the whole sequence.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


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


def match_frame(
    last_match: dict[int, int],
    gt_ids: np.ndarray,
    gt_boxes: np.ndarray,
    hyp_ids: np.ndarray,
    hyp_boxes: np.ndarray,
    iou_threshold: float = 0.5,
) -> dict[int, int]:
    """Correspondences {gt_id: hyp_id} of one frame, CLEAR-MOT style.

    1. Keep: for every gt whose last matched hypothesis (last_match[gt]) is present in this
       frame with IoU >= threshold, keep that pair.
    2. Assign: among the remaining gts and hypotheses, pairs need IoU >= threshold; choose the
       assignment with the most pairs and, among those, the largest total IoU (Hungarian).
    """
    # BEGIN REGION match_frame: Return this frame's matches as a dict {gt_id: hyp_id} (python ints).
    # | Step 1: a gt whose last_match hypothesis is present now with IoU >= iou_threshold keeps it.
    # | Step 2: the still-free gts and hypotheses are assigned optimally (scipy's linear_sum_assignment):
    # | only pairs with IoU >= iou_threshold may match, the number of pairs is maximised first and
    # | the total IoU second. Use the given _box_iou. Empty frames give {}.
    gt_ids = [int(g) for g in np.asarray(gt_ids).ravel()]
    hyp_ids = [int(h) for h in np.asarray(hyp_ids).ravel()]
    iou = _box_iou(gt_boxes, hyp_boxes)  # (M, K)
    matches: dict[int, int] = {}
    used_g, used_h = set(), set()
    hyp_col = {h: j for j, h in enumerate(hyp_ids)}
    for i, g in enumerate(gt_ids):  # 1. keep still-valid correspondences
        j = hyp_col.get(last_match.get(g, -1))
        if j is not None and j not in used_h and iou[i, j] >= iou_threshold:
            matches[g] = hyp_ids[j]
            used_g.add(i)
            used_h.add(j)
    free_g = [i for i in range(len(gt_ids)) if i not in used_g]
    free_h = [j for j in range(len(hyp_ids)) if j not in used_h]
    if free_g and free_h:  # 2. optimal assignment of the rest
        sub = iou[np.ix_(free_g, free_h)]
        valid = sub >= iou_threshold
        # invalid pairs cost more than any set of valid ones: maximises the number of pairs first
        cost = np.where(valid, 1.0 - sub, float(len(free_g) + len(free_h) + 1))
        rows, cols = linear_sum_assignment(cost)
        for r, c in zip(rows, cols):
            if valid[r, c]:
                matches[gt_ids[free_g[r]]] = hyp_ids[free_h[c]]
    return matches
    # END REGION match_frame


def mota(frames: list[dict], iou_threshold: float = 0.5) -> tuple[float, int, int, int]:
    """MOTA = 1 - (FN + FP + IDSW) / (number of ground-truth boxes over all frames).

    frames[t] = {"gt_ids": (M,), "gt_boxes": (M, 4), "hyp_ids": (K,), "hyp_boxes": (K, 4)}.
    FN = unmatched gts, FP = unmatched hypotheses; an identity switch is a gt matched to a
    hypothesis different from the one it was last matched to (in any earlier frame).
    Returns (mota, fn, fp, idsw).
    """
    # BEGIN REGION mota: Return (mota, fn, fp, idsw) over the sequence, using your match_frame per frame.
    # | Keep last_match {gt_id: hyp_id} across frames (it survives frames where the gt is unmatched).
    # | FN = gts without a match, FP = hypotheses without a match, IDSW = matches whose hyp differs from
    # | the gt's previous last_match. MOTA = 1 - (FN + FP + IDSW) / total gt boxes (can be negative).
    # | ValueError if there is no ground-truth box in the whole sequence.
    last_match: dict[int, int] = {}
    fn = fp = idsw = n_gt = 0
    for fr in frames:
        gt_ids = np.asarray(fr["gt_ids"]).ravel()
        hyp_ids = np.asarray(fr["hyp_ids"]).ravel()
        m = match_frame(last_match, gt_ids, fr["gt_boxes"], hyp_ids, fr["hyp_boxes"], iou_threshold)
        n_gt += gt_ids.size
        fn += gt_ids.size - len(m)
        fp += hyp_ids.size - len(m)
        for g, h in m.items():
            if g in last_match and last_match[g] != h:
                idsw += 1
            last_match[g] = h
    if n_gt == 0:
        raise ValueError("MOTA is undefined without ground truth")
    return 1.0 - (fn + fp + idsw) / n_gt, fn, fp, idsw
    # END REGION mota


def _example() -> list[dict]:
    return [
        {
            "gt_ids": [1, 2],
            "gt_boxes": [[0, 0, 10, 10], [20, 0, 30, 10]],
            "hyp_ids": [10, 11],
            "hyp_boxes": [[0, 0, 10, 10], [20, 0, 30, 10]],
        },
        {
            "gt_ids": [1, 2],
            "gt_boxes": [[1, 0, 11, 10], [21, 0, 31, 10]],
            "hyp_ids": [10, 11],
            "hyp_boxes": [[21, 0, 31, 10], [1, 0, 11, 10]],
        },  # the tracker swaps ids
        {
            "gt_ids": [1, 3],
            "gt_boxes": [[2, 0, 12, 10], [70, 0, 80, 10]],
            "hyp_ids": [11, 12],
            "hyp_boxes": [[2, 0, 12, 10], [50, 50, 60, 60]],
        },  # 3 missed, 12 spurious
    ]


if __name__ == "__main__":
    print("mota, fn, fp, idsw =", mota(_example()))
