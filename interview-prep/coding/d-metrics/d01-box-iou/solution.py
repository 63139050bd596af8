"""d01 - Pairwise box IoU.

Intersection over union of every box in A (N, 4) with every box in B (M, 4), boxes as
corners (x1, y1, x2, y2), returned as an (N, M) matrix with no Python loop.
"""

from __future__ import annotations

import numpy as np


def box_iou(boxes_a: np.ndarray, boxes_b: np.ndarray) -> np.ndarray:
    """Pairwise IoU of xyxy boxes: (N, 4) x (M, 4) -> (N, M) float64.

    inter[i, j] = max(0, min(x2_i, x2_j) - max(x1_i, x1_j)) * max(0, min(y2_i, y2_j) - max(y1_i, y1_j))
    union[i, j] = area_i + area_j - inter[i, j]
    iou[i, j]   = inter / union, and 0 where union == 0 (two zero-area boxes).
    Continuous coordinates: a box's area is (x2 - x1) * (y2 - y1), no "+1".
    """
    # BEGIN REGION solve: Return the (N, M) float64 IoU matrix of xyxy boxes boxes_a (N, 4) and boxes_b (M, 4).
    # | Area is (x2 - x1) * (y2 - y1) (continuous coordinates, no +1). Disjoint boxes give 0;
    # | where the union is 0 (two zero-area boxes) the IoU is 0, never NaN. Empty inputs give an
    # | empty (N, M) matrix. Any int or float dtype. Raise ValueError if an input is not (K, 4)
    # | or a box has x2 < x1 or y2 < y1. No Python loops.
    a = np.asarray(boxes_a, dtype=np.float64)
    b = np.asarray(boxes_b, dtype=np.float64)
    for name, k in (("boxes_a", a), ("boxes_b", b)):
        if k.ndim != 2 or k.shape[1] != 4:
            raise ValueError(f"{name} must have shape (K, 4), got {k.shape}")
        if np.any(k[:, 2] < k[:, 0]) or np.any(k[:, 3] < k[:, 1]):
            raise ValueError(f"{name} has a box with x2 < x1 or y2 < y1")
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])  # (N,)
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])  # (M,)
    top_left = np.maximum(a[:, None, :2], b[None, :, :2])  # (N, 1, 2) vs (1, M, 2) -> (N, M, 2)
    bottom_right = np.minimum(a[:, None, 2:], b[None, :, 2:])  # (N, M, 2)
    wh = np.clip(bottom_right - top_left, 0.0, None)  # disjoint -> negative extent -> 0
    inter = wh[..., 0] * wh[..., 1]  # (N, M)
    union = area_a[:, None] + area_b[None, :] - inter  # (N, M)
    out = np.zeros_like(inter)
    np.divide(inter, union, out=out, where=union > 0)
    return out
    # END REGION solve


if __name__ == "__main__":
    a = np.array([[0, 0, 2, 2], [1, 1, 3, 3]])
    b = np.array([[1, 1, 3, 3], [4, 4, 5, 5], [0, 0, 2, 1]])
    print("box_iou(a, b) =\n", box_iou(a, b))
