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
    # TODO(solve): Return the (N, M) float64 IoU matrix of xyxy boxes boxes_a (N, 4) and boxes_b (M, 4).
    # | Area is (x2 - x1) * (y2 - y1) (continuous coordinates, no +1). Disjoint boxes give 0;
    # | where the union is 0 (two zero-area boxes) the IoU is 0, never NaN. Empty inputs give an
    # | empty (N, M) matrix. Any int or float dtype. Raise ValueError if an input is not (K, 4)
    # | or a box has x2 < x1 or y2 < y1. No Python loops.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    a = np.array([[0, 0, 2, 2], [1, 1, 3, 3]])
    b = np.array([[1, 1, 3, 3], [4, 4, 5, 5], [0, 0, 2, 1]])
    print("box_iou(a, b) =\n", box_iou(a, b))
