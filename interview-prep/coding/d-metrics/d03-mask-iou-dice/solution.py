"""d03 - Mask IoU and Dice.

Per-sample IoU (Jaccard index) and Dice coefficient (F1 score) of a batch of predicted
binary masks against a batch of ground-truth masks, (B, H, W) -> (B,), (B,).
"""

from __future__ import annotations

import numpy as np


def mask_iou_dice(pred: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """IoU and Dice per sample of binary masks pred, target (B, H, W) -> ((B,), (B,)) float64.

        I = |P ∩ T|,  U = |P ∪ T|
        IoU  = I / U
        Dice = 2 I / (|P| + |T|) = 2 IoU / (1 + IoU)
    Nonzero pixels are foreground. Both masks empty (U = 0): IoU = Dice = 1 (perfect agreement).
    """
    # BEGIN REGION solve: Return (iou, dice), two (B,) float64 arrays, for masks pred and target of shape (B, H, W).
    # | Any dtype; a nonzero pixel is foreground (so {0, 255} uint8 masks work). One value per
    # | sample, never averaged over the batch. When both masks of a sample are empty, IoU and
    # | Dice are 1. B = 0 gives two empty arrays. Raise ValueError if the shapes differ or are not 3-D.
    p = np.asarray(pred)
    t = np.asarray(target)
    if p.shape != t.shape or p.ndim != 3:
        raise ValueError(f"expected pred and target of the same shape (B, H, W), got {p.shape} and {t.shape}")
    b, h, w = p.shape
    p = (p != 0).reshape(b, h * w)  # (B, H*W) bool; reshape(B, -1) fails when B = 0
    t = (t != 0).reshape(b, h * w)
    inter = np.count_nonzero(p & t, axis=1).astype(np.float64)  # (B,)
    size_p = np.count_nonzero(p, axis=1).astype(np.float64)
    size_t = np.count_nonzero(t, axis=1).astype(np.float64)
    union = size_p + size_t - inter
    iou = np.ones_like(inter)  # empty vs empty -> 1
    np.divide(inter, union, out=iou, where=union > 0)
    dice = np.ones_like(inter)
    np.divide(2.0 * inter, size_p + size_t, out=dice, where=union > 0)
    return iou, dice
    # END REGION solve


if __name__ == "__main__":
    pred = np.zeros((3, 4, 4), dtype=bool)
    target = np.zeros((3, 4, 4), dtype=bool)
    pred[0, :2, :2] = True  # 4 px
    target[0, :2, :] = True  # 8 px, contains pred[0]
    pred[1, 0, 0] = True  # disjoint from target[1]
    target[1, 3, 3] = True
    # sample 2: both empty
    iou, dice = mask_iou_dice(pred, target)
    print("iou  =", iou)
    print("dice =", dice)
