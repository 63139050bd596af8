"""a05 - Sliding-window view with as_strided.

Build overlapping windows as a VIEW of the input, not a copy: a window axis is just a
second axis that walks through the same memory with the original stride. Two regions:
1-d windows along the last axis of any array, and 2-d patches of an (H, W) or (H, W, C) image.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided


def windows1d(x: np.ndarray, window: int, step: int = 1) -> np.ndarray:
    """Windows of length ``window`` every ``step`` elements along the last axis, as a read-only view.

    x (..., L) -> (..., n, window),  n = (L - window) // step + 1,
    out[..., k, t] = x[..., k*step + t]
    Strides: the leading axes keep theirs; the window axis moves step*s, the tap axis s,
    where s = x.strides[-1] (not itemsize: x may be a non-contiguous view).
    """
    # TODO(windows1d): Return a read-only VIEW of x (..., L) with shape (..., n, window), n = (L - window) // step + 1,
    # | out[..., k, t] == x[..., k*step + t]. Build it with np.lib.stride_tricks.as_strided from x's own strides
    # | (x may be non-contiguous, e.g. x[::2] or a transposed array); no copy (np.shares_memory(out, x)).
    # | Raise ValueError if x is 0-d, window < 1, step < 1 or window > L.
    raise NotImplementedError("TODO(windows1d): write this region")


def patches2d(img: np.ndarray, ph: int, pw: int, step: int = 1) -> np.ndarray:
    """All ph x pw patches of an (H, W) or (H, W, C) image, every ``step`` pixels, as a read-only view.

    (H, W[, C]) -> (nh, nw, ph, pw[, C]),  nh = (H - ph) // step + 1, nw = (W - pw) // step + 1,
    out[a, b, i, j] = img[a*step + i, b*step + j]
    """
    # TODO(patches2d): Return a read-only VIEW of img (H, W) or (H, W, C) of shape (nh, nw, ph, pw) or (nh, nw, ph, pw, C),
    # | nh = (H - ph) // step + 1, nw = (W - pw) // step + 1, out[a, b, i, j] == img[a*step + i, b*step + j].
    # | Same step along both axes; built with as_strided from img's own strides, no copy.
    # | Raise ValueError if img is not 2-d or 3-d, ph, pw or step < 1, or the patch is larger than the image.
    raise NotImplementedError("TODO(patches2d): write this region")


if __name__ == "__main__":
    x = np.arange(7)
    w = windows1d(x, 3, step=2)
    print("windows1d(arange(7), 3, step=2) =\n", w, "\n shares memory:", np.shares_memory(w, x))
    img = np.arange(12).reshape(3, 4)
    print("patches2d(arange(12).reshape(3, 4), 2, 2, step=2) =\n", patches2d(img, 2, 2, step=2))
