"""a03 - One-hot encode and decode.

encode: integer labels of any shape (...) -> float32 indicator array (..., C) with a 1 at
each label's class. decode: (..., C) scores or one-hot rows -> integer labels (...), the
inverse on one-hot input. Both support an optional ignore_index (e.g. 255 in segmentation).
"""

from __future__ import annotations

import numpy as np


def one_hot_encode(labels: np.ndarray, num_classes: int, ignore_index: int | None = None) -> np.ndarray:
    """Indicator encoding: out[..., c] = 1 if labels[...] == c else 0.

    Shapes: labels (...) integer  ->  out (..., C) float32, C = num_classes.
    Every label must lie in [0, C) except entries equal to ``ignore_index``, whose row is all
    zeros (they carry no class, e.g. the 255 "void" pixels of a segmentation mask).
    """
    # BEGIN REGION encode: Return float32 of shape labels.shape + (num_classes,) with a single 1 per row at the label.
    # | labels is an integer array of any shape (0-d, 1-d (N,), 2-d (H, W), ...). Entries equal to
    # | ignore_index (when it is not None) get an all-zero row. Raise ValueError if num_classes < 1,
    # | if labels is not an integer array, or if any other label is < 0 or >= num_classes.
    labels = np.asarray(labels)
    if num_classes < 1:
        raise ValueError(f"num_classes must be >= 1, got {num_classes}")
    if labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be integers, got dtype {labels.dtype}")
    keep = np.ones(labels.shape, dtype=bool) if ignore_index is None else labels != ignore_index
    bad = keep & ((labels < 0) | (labels >= num_classes))
    if bad.any():
        raise ValueError(f"labels outside [0, {num_classes}): {np.unique(labels[bad])[:5].tolist()}")
    # Compare each label with every class id: (..., 1) == (C,) -> (..., C); & keep[..., None]
    # zeroes the ignored rows (ignore_index itself may even lie inside [0, C)).
    classes = np.arange(num_classes)
    return ((labels[..., None] == classes) & keep[..., None]).astype(np.float32)
    # END REGION encode


def one_hot_decode(onehot: np.ndarray, ignore_index: int | None = None) -> np.ndarray:
    """Inverse of the encoding: the index of the largest entry along the last axis.

    Shapes: onehot (..., C) -> labels (...) int64. Works for soft scores too (argmax; ties go
    to the lowest class index). An all-zero row decodes to ``ignore_index``.
    """
    # BEGIN REGION decode: Return int64 labels of shape onehot.shape[:-1]: the argmax along the last axis (ties -> lowest index).
    # | Rows that are all zeros decode to ignore_index; if ignore_index is None such a row raises
    # | ValueError. Raise ValueError if onehot has 0 dimensions or the class axis has size 0.
    onehot = np.asarray(onehot)
    if onehot.ndim == 0 or onehot.shape[-1] == 0:
        raise ValueError(f"expected (..., C) with C >= 1, got shape {onehot.shape}")
    labels = np.argmax(onehot, axis=-1).astype(np.int64)  # (...,); first maximum wins ties
    empty = ~np.any(onehot != 0, axis=-1)  # (...,) rows with no class set
    if empty.any():
        if ignore_index is None:
            raise ValueError(f"{int(empty.sum())} all-zero row(s) and no ignore_index to decode them to")
        labels[empty] = ignore_index
    return labels
    # END REGION decode


if __name__ == "__main__":
    y = np.array([2, 0, 255, 1])
    enc = one_hot_encode(y, num_classes=3, ignore_index=255)
    print("labels =", y.tolist())
    print("one_hot_encode(labels, 3, ignore_index=255) =\n", enc)
    print("one_hot_decode(...) =", one_hot_decode(enc, ignore_index=255))
