"""d04 - Confusion matrix.

Count (true class, predicted class) pairs into a C x C matrix with one np.bincount, and
normalise it by true class (recall view), by predicted class (precision view) or overall.
"""

from __future__ import annotations

import numpy as np


def confusion_matrix(
    y_true: np.ndarray, y_pred: np.ndarray, num_classes: int, normalize: str | None = None
) -> np.ndarray:
    """(C, C) confusion matrix, rows = true class, columns = predicted class.

    cm[i, j] = #{k : y_true[k] = i and y_pred[k] = j}
    Bincount trick: the pair (i, j) has the flat index i·C + j, so
        cm = bincount(y_true·C + y_pred, minlength=C²).reshape(C, C)
    normalize: None -> int64 counts; "true" -> each row sums to 1 (diagonal = per-class recall);
    "pred" -> each column sums to 1 (diagonal = per-class precision); "all" -> total sums to 1.
    A row/column/matrix with zero total stays 0.
    """
    # BEGIN REGION solve: Return the (C, C) confusion matrix, rows = true class, columns = predicted class, C = num_classes.
    # | normalize=None: int64 counts. "true": divide each row by its sum; "pred": each column by its
    # | sum; "all": by the total; float64, and a zero row/column/total gives 0 (not NaN).
    # | Empty input gives zeros. Raise ValueError for labels outside [0, C), arrays of different
    # | lengths, or an unknown normalize value. No Python loop over the samples.
    t = np.asarray(y_true).ravel()
    p = np.asarray(y_pred).ravel()
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_pred must have the same length, got {t.size} and {p.size}")
    if normalize not in (None, "true", "pred", "all"):
        raise ValueError(f"normalize must be None, 'true', 'pred' or 'all', got {normalize!r}")
    c = int(num_classes)
    t, p = t.astype(np.int64), p.astype(np.int64)
    if t.size and (t.min() < 0 or t.max() >= c or p.min() < 0 or p.max() >= c):
        raise ValueError(f"labels must lie in [0, {c})")
    cm = np.bincount(t * c + p, minlength=c * c).reshape(c, c).astype(np.int64)  # (C*C,) -> (C, C)
    if normalize is None:
        return cm
    cm = cm.astype(np.float64)
    if normalize == "true":
        total = cm.sum(axis=1, keepdims=True)  # (C, 1)
    elif normalize == "pred":
        total = cm.sum(axis=0, keepdims=True)  # (1, C)
    else:
        total = np.full((1, 1), cm.sum())
    out = np.zeros_like(cm)
    np.divide(cm, total, out=out, where=total > 0)
    return out
    # END REGION solve


if __name__ == "__main__":
    y_true = np.array([0, 0, 1, 1, 1, 2])
    y_pred = np.array([0, 1, 1, 1, 0, 1])
    print("counts:\n", confusion_matrix(y_true, y_pred, 3))
    print("normalize='true':\n", confusion_matrix(y_true, y_pred, 3, "true"))
