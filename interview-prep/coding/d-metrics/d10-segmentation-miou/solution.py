"""d10 - Segmentation mIoU with an ignore index.

Per-class IoU and mean IoU of a semantic segmentation, accumulated over a whole batch
through one confusion matrix, with "void" pixels excluded and classes absent from both
prediction and ground truth left out of the mean.
"""

from __future__ import annotations

import numpy as np


def segmentation_miou(
    pred: np.ndarray, target: np.ndarray, num_classes: int, ignore_index: int = 255
) -> tuple[float, np.ndarray]:
    """Dataset-level mIoU -> (miou, iou (C,)).

    Over the pixels where target != ignore_index, with cm the (C, C) confusion matrix
    (rows = target, columns = prediction):
        IoU_c = cm[c, c] / (Σ_j cm[c, j] + Σ_i cm[i, c] - cm[c, c]) = TP / (TP + FP + FN)
    IoU_c is NaN when class c appears in neither target nor prediction; mIoU = nanmean(IoU).
    """
    # BEGIN REGION solve: Return (miou, iou): iou the (C,) float64 per-class IoU = TP / (TP + FP + FN) pooled over ALL pixels of
    # | the batch whose target != ignore_index (pred there may hold anything), NaN for a class absent
    # | from both target and prediction; miou = mean of the non-NaN entries (float). pred and target:
    # | same shape, any number of dims. ValueError on different shapes, on labels outside [0, C) at
    # | valid pixels, or when no valid pixel is left. Build the confusion matrix with one bincount.
    p = np.asarray(pred)
    t = np.asarray(target)
    if p.shape != t.shape:
        raise ValueError(f"pred and target must have the same shape, got {p.shape} and {t.shape}")
    c = int(num_classes)
    valid = t != ignore_index
    t = t[valid].astype(np.int64)  # (V,) only labelled pixels
    p = p[valid].astype(np.int64)
    if t.size == 0:
        raise ValueError("every pixel is ignored: mIoU is undefined")
    if min(t.min(), p.min()) < 0 or max(t.max(), p.max()) >= c:
        raise ValueError(f"labels at valid pixels must lie in [0, {c})")
    cm = np.bincount(t * c + p, minlength=c * c).reshape(c, c).astype(np.float64)
    tp = np.diag(cm)
    union = cm.sum(axis=0) + cm.sum(axis=1) - tp  # TP + FP + FN
    iou = np.full(c, np.nan)
    np.divide(tp, union, out=iou, where=union > 0)
    return float(np.nanmean(iou)), iou
    # END REGION solve


if __name__ == "__main__":
    target = np.array([[0, 0, 1, 1], [0, 0, 1, 255], [2, 2, 255, 255]])
    pred = np.array([[0, 0, 1, 0], [0, 1, 1, 1], [2, 2, 3, 0]])
    miou, iou = segmentation_miou(pred, target, num_classes=5)
    print("per-class IoU =", iou)
    print("mIoU =", miou)
