"""d02 - GIoU, DIoU and CIoU.

The IoU variants used as box-regression losses, for paired boxes: row i of A against row i
of B (not all pairs). Boxes are xyxy corners.
"""

from __future__ import annotations

import numpy as np


def _paired(boxes_a: np.ndarray, boxes_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Validate and cast two (N, 4) xyxy arrays to float64 (given, not a region)."""
    a = np.asarray(boxes_a, dtype=np.float64)
    b = np.asarray(boxes_b, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 4 or a.shape != b.shape:
        raise ValueError(f"expected two (N, 4) arrays of the same shape, got {a.shape} and {b.shape}")
    if np.any(a[:, 2:] < a[:, :2]) or np.any(b[:, 2:] < b[:, :2]):
        raise ValueError("a box has x2 < x1 or y2 < y1")
    return a, b


def _iou(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Paired IoU and union, (N,) each; IoU = 0 where the union is 0 (given, not a region)."""
    wh = np.clip(np.minimum(a[:, 2:], b[:, 2:]) - np.maximum(a[:, :2], b[:, :2]), 0.0, None)  # (N, 2)
    inter = wh[:, 0] * wh[:, 1]
    union = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1]) + (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]) - inter
    iou = np.zeros_like(inter)
    np.divide(inter, union, out=iou, where=union > 0)
    return iou, union


def giou(boxes_a: np.ndarray, boxes_b: np.ndarray) -> np.ndarray:
    """Generalised IoU of paired boxes (N, 4), (N, 4) -> (N,) float64.

    C = area of the smallest box enclosing both, U = union area:
        GIoU = IoU - (C - U) / C,   in [-1, 1];  the penalty term is 0 when C = 0.
    """
    # BEGIN REGION giou: Return the (N,) float64 GIoU of row i of boxes_a with row i of boxes_b (xyxy).
    # | GIoU = IoU - (C - U) / C with C the area of the smallest axis-aligned box enclosing both
    # | and U the union area; the penalty is 0 when C == 0. Use the given helpers
    # | _paired(a, b) (validates: ValueError on shapes that are not the same (N, 4) or on x2 < x1,
    # | returns float64 copies) and _iou(a, b) (returns (iou, union)). N = 0 gives an empty array.
    a, b = _paired(boxes_a, boxes_b)
    iou, union = _iou(a, b)
    enc_wh = np.maximum(a[:, 2:], b[:, 2:]) - np.minimum(a[:, :2], b[:, :2])  # (N, 2), always >= 0
    enclosing = enc_wh[:, 0] * enc_wh[:, 1]  # (N,)
    penalty = np.zeros_like(iou)
    np.divide(enclosing - union, enclosing, out=penalty, where=enclosing > 0)
    return iou - penalty
    # END REGION giou


def diou_ciou(boxes_a: np.ndarray, boxes_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance-IoU and complete-IoU of paired boxes -> ((N,), (N,)) float64.

    rho² = squared distance between the box centres, c² = squared diagonal of the enclosing box:
        DIoU = IoU - rho² / c²                              (penalty 0 when c² = 0)
        v    = 4/π² · (atan2(w_b, h_b) - atan2(w_a, h_a))²   (aspect-ratio mismatch, in [0, 1])
        α    = v / ((1 - IoU) + v)                          (α = 0 when the denominator is 0)
        CIoU = DIoU - α·v
    """
    # BEGIN REGION diou_ciou: Return (diou, ciou), two (N,) float64 arrays, for paired xyxy boxes.
    # | DIoU = IoU - rho²/c² (rho = distance between the box centres, c = diagonal of the smallest
    # | enclosing box; penalty 0 when c == 0). CIoU = DIoU - alpha*v with
    # | v = 4/pi² * (atan2(w_b, h_b) - atan2(w_a, h_a))² and alpha = v / ((1 - IoU) + v), alpha = 0
    # | when that denominator is 0. Validate with _paired and get IoU from _iou as in giou.
    a, b = _paired(boxes_a, boxes_b)
    iou, _ = _iou(a, b)
    centre_a = (a[:, :2] + a[:, 2:]) / 2.0  # (N, 2)
    centre_b = (b[:, :2] + b[:, 2:]) / 2.0
    rho2 = ((centre_a - centre_b) ** 2).sum(axis=1)  # (N,)
    enc_wh = np.maximum(a[:, 2:], b[:, 2:]) - np.minimum(a[:, :2], b[:, :2])  # (N, 2)
    c2 = (enc_wh**2).sum(axis=1)
    dist_pen = np.zeros_like(iou)
    np.divide(rho2, c2, out=dist_pen, where=c2 > 0)
    diou = iou - dist_pen
    wa, ha = a[:, 2] - a[:, 0], a[:, 3] - a[:, 1]
    wb, hb = b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]
    v = (4.0 / np.pi**2) * (np.arctan2(wb, hb) - np.arctan2(wa, ha)) ** 2  # atan2 copes with h = 0
    denom = (1.0 - iou) + v
    alpha = np.zeros_like(v)
    np.divide(v, denom, out=alpha, where=denom > 0)
    return diou, diou - alpha * v
    # END REGION diou_ciou


if __name__ == "__main__":
    a = np.array([[0, 0, 2, 2], [0, 0, 1, 1], [0, 0, 2, 2]])
    b = np.array([[1, 1, 3, 3], [2, 0, 3, 1], [0, 0, 4, 2]])
    print("giou      =", giou(a, b))
    d, c = diou_ciou(a, b)
    print("diou      =", d)
    print("ciou      =", c)
