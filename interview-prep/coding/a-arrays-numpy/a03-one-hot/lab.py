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
    # TODO(encode): Return float32 of shape labels.shape + (num_classes,) with a single 1 per row at the label.
    # | labels is an integer array of any shape (0-d, 1-d (N,), 2-d (H, W), ...). Entries equal to
    # | ignore_index (when it is not None) get an all-zero row. Raise ValueError if num_classes < 1,
    # | if labels is not an integer array, or if any other label is < 0 or >= num_classes.
    raise NotImplementedError("TODO(encode): write this region")


def one_hot_decode(onehot: np.ndarray, ignore_index: int | None = None) -> np.ndarray:
    """Inverse of the encoding: the index of the largest entry along the last axis.

    Shapes: onehot (..., C) -> labels (...) int64. Works for soft scores too (argmax; ties go
    to the lowest class index). An all-zero row decodes to ``ignore_index``.
    """
    # TODO(decode): Return int64 labels of shape onehot.shape[:-1]: the argmax along the last axis (ties -> lowest index).
    # | Rows that are all zeros decode to ignore_index; if ignore_index is None such a row raises
    # | ValueError. Raise ValueError if onehot has 0 dimensions or the class axis has size 0.
    raise NotImplementedError("TODO(decode): write this region")


if __name__ == "__main__":
    y = np.array([2, 0, 255, 1])
    enc = one_hot_encode(y, num_classes=3, ignore_index=255)
    print("labels =", y.tolist())
    print("one_hot_encode(labels, 3, ignore_index=255) =\n", enc)
    print("one_hot_decode(...) =", one_hot_decode(enc, ignore_index=255))
