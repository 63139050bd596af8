"""a12 - HWC/CHW, BGR/RGB, uint8/float conversions.

The four conversions between how images are stored (OpenCV: uint8 BGR, HWC) and what
models consume (PyTorch: float32 RGB in [0, 1], CHW). Each is one line, and each has a
classic silent bug: reshape instead of transpose, negative-stride views, truncation, wrap-around.
"""

from __future__ import annotations

import numpy as np


def to_chw(img: np.ndarray) -> np.ndarray:
    """(H, W, C) -> (C, H, W), (N, H, W, C) -> (N, C, H, W), (H, W) -> (1, H, W); C-contiguous copy.

    A transpose, not a reshape: out[c, y, x] = img[y, x, c].
    """
    # TODO(to_chw): Return a C-contiguous array with channels first: (H, W, C) -> (C, H, W), (N, H, W, C) -> (N, C, H, W),
    # | and a gray (H, W) -> (1, H, W); out[..., c, y, x] == img[..., y, x, c], same dtype.
    # | Raise ValueError for any other number of dimensions.
    raise NotImplementedError("TODO(to_chw): write this region")


def swap_rb(img: np.ndarray) -> np.ndarray:
    """BGR <-> RGB for (..., H, W, 3) images: reverse the last axis. Its own inverse."""
    # TODO(swap_rb): Return a NEW C-contiguous array with the last axis (3 channels) reversed: BGR <-> RGB (input untouched).
    # | Works for (H, W, 3) and (N, H, W, 3), same dtype. Raise ValueError if the last axis is not of size 3.
    # | (img[..., ::-1] alone is a negative-stride view that many OpenCV functions reject.)
    raise NotImplementedError("TODO(swap_rb): write this region")


def to_float(img: np.ndarray) -> np.ndarray:
    """uint8 [0, 255] -> float32 [0, 1]:  x / 255."""
    # TODO(to_float): Return float32 img / 255 (so 0 -> 0.0 and 255 -> 1.0), any shape. Raise ValueError unless img is uint8.
    raise NotImplementedError("TODO(to_float): write this region")


def to_uint8(img: np.ndarray) -> np.ndarray:
    """float [0, 1] -> uint8: round(x * 255), clipped to [0, 255].

    Rounding, not truncation: truncation maps 0.999 to 254 and makes every processed image
    darker by half a grey level on average. Clipping before the cast: out-of-range values
    (from augmentation or a network output) saturate instead of wrapping (1.2 -> 255, not 50).
    """
    # TODO(to_uint8): Return uint8 round(img * 255) clipped to [0, 255], any shape; NaN is not allowed.
    # | Round to nearest (0.999 -> 255 and 0.5 -> 128, not 254 and 127); values below 0 become 0,
    # | above 1 become 255 (no wrap-around). Raise ValueError if img is not a floating-point array.
    raise NotImplementedError("TODO(to_uint8): write this region")


if __name__ == "__main__":
    bgr = np.array([[[255, 128, 0], [10, 20, 30]]], dtype=np.uint8)  # (1, 2, 3): one row, two pixels
    rgb = swap_rb(bgr)
    print("bgr pixel 0 =", bgr[0, 0].tolist(), "-> rgb", rgb[0, 0].tolist())
    chw = to_chw(rgb)
    print("to_chw: shape", rgb.shape, "->", chw.shape, "channel R =", chw[0].tolist())
    f = to_float(chw)
    print("to_float(128) =", f[1, 0, 0], " to_uint8(to_float(x)) == x:", bool(np.array_equal(to_uint8(f), chw)))
    print("to_uint8([-0.1, 0.5, 1.2]) =", to_uint8(np.array([-0.1, 0.5, 1.2])))
