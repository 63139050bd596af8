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
    # TODO(match_frame): Return this frame's matches as a dict {gt_id: hyp_id} (python ints).
    # | Step 1: a gt whose last_match hypothesis is present now with IoU >= iou_threshold keeps it.
    # | Step 2: the still-free gts and hypotheses are assigned optimally (scipy's linear_sum_assignment):
    # | only pairs with IoU >= iou_threshold may match, the number of pairs is maximised first and
    # | the total IoU second. Use the given _box_iou. Empty frames give {}.
    raise NotImplementedError("TODO(match_frame): write this region")


def mota(frames: list[dict], iou_threshold: float = 0.5) -> tuple[float, int, int, int]:
    """MOTA = 1 - (FN + FP + IDSW) / (number of ground-truth boxes over all frames).

    frames[t] = {"gt_ids": (M,), "gt_boxes": (M, 4), "hyp_ids": (K,), "hyp_boxes": (K, 4)}.
    FN = unmatched gts, FP = unmatched hypotheses; an identity switch is a gt matched to a
    hypothesis different from the one it was last matched to (in any earlier frame).
    Returns (mota, fn, fp, idsw).
    """
    # TODO(mota): Return (mota, fn, fp, idsw) over the sequence, using your match_frame per frame.
    # | Keep last_match {gt_id: hyp_id} across frames (it survives frames where the gt is unmatched).
    # | FN = gts without a match, FP = hypotheses without a match, IDSW = matches whose hyp differs from
    # | the gt's previous last_match. MOTA = 1 - (FN + FP + IDSW) / total gt boxes (can be negative).
    # | ValueError if there is no ground-truth box in the whole sequence.
    raise NotImplementedError("TODO(mota): write this region")


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
