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
    # BEGIN REGION to_chw: Return a C-contiguous array with channels first: (H, W, C) -> (C, H, W), (N, H, W, C) -> (N, C, H, W),
    # | and a gray (H, W) -> (1, H, W); out[..., c, y, x] == img[..., y, x, c], same dtype.
    # | Raise ValueError for any other number of dimensions.
    img = np.asarray(img)
    if img.ndim == 2:
        return np.ascontiguousarray(img[None])  # (1, H, W)
    if img.ndim not in (3, 4):
        raise ValueError(f"expected (H, W), (H, W, C) or (N, H, W, C), got {img.shape}")
    return np.ascontiguousarray(np.moveaxis(img, -1, -3))  # channel axis to just before H
    # END REGION to_chw


def swap_rb(img: np.ndarray) -> np.ndarray:
    """BGR <-> RGB for (..., H, W, 3) images: reverse the last axis. Its own inverse."""
    # BEGIN REGION swap_rb: Return a NEW C-contiguous array with the last axis (3 channels) reversed: BGR <-> RGB (input untouched).
    # | Works for (H, W, 3) and (N, H, W, 3), same dtype. Raise ValueError if the last axis is not of size 3.
    # | (img[..., ::-1] alone is a negative-stride view that many OpenCV functions reject.)
    img = np.asarray(img)
    if img.ndim < 1 or img.shape[-1] != 3:
        raise ValueError(f"expected (..., 3) channels-last, got {img.shape}")
    return np.ascontiguousarray(img[..., ::-1])
    # END REGION swap_rb


def to_float(img: np.ndarray) -> np.ndarray:
    """uint8 [0, 255] -> float32 [0, 1]:  x / 255."""
    # BEGIN REGION to_float: Return float32 img / 255 (so 0 -> 0.0 and 255 -> 1.0), any shape. Raise ValueError unless img is uint8.
    img = np.asarray(img)
    if img.dtype != np.uint8:
        raise ValueError(f"expected uint8, got {img.dtype}")
    return img.astype(np.float32) / np.float32(255.0)
    # END REGION to_float


def to_uint8(img: np.ndarray) -> np.ndarray:
    """float [0, 1] -> uint8: round(x * 255), clipped to [0, 255].

    Rounding, not truncation: truncation maps 0.999 to 254 and makes every processed image
    darker by half a grey level on average. Clipping before the cast: out-of-range values
    (from augmentation or a network output) saturate instead of wrapping (1.2 -> 255, not 50).
    """
    # BEGIN REGION to_uint8: Return uint8 round(img * 255) clipped to [0, 255], any shape; NaN is not allowed.
    # | Round to nearest (0.999 -> 255 and 0.5 -> 128, not 254 and 127); values below 0 become 0,
    # | above 1 become 255 (no wrap-around). Raise ValueError if img is not a floating-point array.
    img = np.asarray(img)
    if img.dtype.kind != "f":
        raise ValueError(f"expected a float array, got {img.dtype}")
    return np.clip(np.rint(img.astype(np.float64) * 255.0), 0, 255).astype(np.uint8)
    # END REGION to_uint8


if __name__ == "__main__":
    bgr = np.array([[[255, 128, 0], [10, 20, 30]]], dtype=np.uint8)  # (1, 2, 3): one row, two pixels
    rgb = swap_rb(bgr)
    print("bgr pixel 0 =", bgr[0, 0].tolist(), "-> rgb", rgb[0, 0].tolist())
    chw = to_chw(rgb)
    print("to_chw: shape", rgb.shape, "->", chw.shape, "channel R =", chw[0].tolist())
    f = to_float(chw)
    print("to_float(128) =", f[1, 0, 0], " to_uint8(to_float(x)) == x:", bool(np.array_equal(to_uint8(f), chw)))
    print("to_uint8([-0.1, 0.5, 1.2]) =", to_uint8(np.array([-0.1, 0.5, 1.2])))
