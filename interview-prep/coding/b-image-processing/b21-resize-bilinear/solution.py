"""b21 - Bilinear resize with align_corners.

Resize a (H, W) or (H, W, C) image with bilinear interpolation under both coordinate
conventions of torch.nn.functional.interpolate: align_corners=False (pixel centres, the
same as cv2.INTER_LINEAR) and align_corners=True (corner pixel centres map onto each other).
"""

from __future__ import annotations

import numpy as np


def _source_coords(n_in: int, n_out: int, align_corners: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per output index along one axis: left source index i0, right index i1, right weight t."""
    d = np.arange(n_out, dtype=np.float64)
    if align_corners:
        u = d * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros(n_out)  # corners -> corners
    else:
        u = (d + 0.5) * (n_in / n_out) - 0.5  # centre -> centre
        u = np.maximum(u, 0.0)  # before the first centre: replicate the edge pixel
    i0 = np.minimum(np.floor(u).astype(np.int64), n_in - 1)  # (n_out,)
    i1 = np.minimum(i0 + 1, n_in - 1)  # (n_out,) clamped: the last pixel is its own neighbour
    t = u - i0  # (n_out,) weight of i1, in [0, 1]
    return i0, i1, t


def resize_bilinear(image: np.ndarray, out_h: int, out_w: int, align_corners: bool = False) -> np.ndarray:
    """Bilinear resize; returns float64 (out_h, out_w[, C]), not rounded.

    Source coordinate of output index d along an axis of input length n and output length m:
        align_corners=False:  u = max((d + 0.5) · n / m - 0.5, 0)
        align_corners=True:   u = d · (n - 1) / (m - 1)          (u = 0 when m = 1)
    With i0 = floor(u), i1 = min(i0 + 1, n - 1), t = u - i0, the value is separable:
        out = (1-ty)(1-tx) I[y0,x0] + (1-ty) tx I[y0,x1] + ty (1-tx) I[y1,x0] + ty tx I[y1,x1]
    computed as a row interpolation followed by a column interpolation (vectorised gathers).
    """
    # BEGIN REGION solve: Return float64 (out_h, out_w[, C]) bilinear resize of a (H, W) or (H, W, C) image, no rounding.
    # | Per axis (input length n, output length m), output index d samples u = max((d + 0.5) * n / m - 0.5, 0)
    # | if not align_corners, else u = d * (n - 1) / (m - 1) (u = 0 if m == 1); neighbours floor(u) and
    # | floor(u) + 1, both clamped to n - 1. ValueError: not 2-D/3-D, empty image, out_h or out_w < 1.
    img = np.asarray(image, dtype=np.float64)
    if img.ndim not in (2, 3) or img.shape[0] == 0 or img.shape[1] == 0:
        raise ValueError(f"expected a non-empty (H, W) or (H, W, C) image, got shape {img.shape}")
    if out_h < 1 or out_w < 1:
        raise ValueError(f"output size must be at least 1x1, got {out_h}x{out_w}")
    y0, y1, ty = _source_coords(img.shape[0], out_h, align_corners)
    x0, x1, tx = _source_coords(img.shape[1], out_w, align_corners)
    extra = (None,) * (img.ndim - 2)  # broadcast weights over a channel axis if present
    ty = ty[(slice(None), None) + extra]  # (out_h, 1[, 1])
    tx = tx[(None, slice(None)) + extra]  # (1, out_w[, 1])
    rows = (1 - ty) * img[y0] + ty * img[y1]  # interpolate along y: (out_h, W[, C])
    return (1 - tx) * rows[:, x0] + tx * rows[:, x1]  # then along x: (out_h, out_w[, C])
    # END REGION solve


if __name__ == "__main__":
    img = np.array([[0.0, 10.0], [20.0, 30.0]])
    np.set_printoptions(precision=2, suppress=True)
    print("image =\n", img)
    print("align_corners=False, 4x4 =\n", resize_bilinear(img, 4, 4))
    print("align_corners=True, 3x3 =\n", resize_bilinear(img, 3, 3, align_corners=True))
