"""b22 - Bicubic resize.

Resize a (H, W) or (H, W, C) image with Keys' cubic convolution kernel (parameter a,
default -0.75 as in OpenCV and PyTorch; -0.5 is Keys' original / PIL / Matlab), half-pixel
centres, and edge replication for the taps that fall outside the image.
"""

from __future__ import annotations

import numpy as np


def keys_kernel(x: np.ndarray, a: float = -0.75) -> np.ndarray:
    """Keys' cubic convolution kernel.

        W(x) = (a+2)|x|³ - (a+3)|x|² + 1        |x| <= 1
             = a|x|³ - 5a|x|² + 8a|x| - 4a      1 < |x| < 2
             = 0                                 otherwise
    W(0) = 1, W(±1) = W(±2) = 0 (interpolating), C¹ at the joins, and Σ_k W(t - k) = 1 for
    any t (a constant image stays constant). a = -0.5 also reproduces quadratics exactly.
    """
    # TODO(kernel): Return float64 W(x) elementwise (same shape as x) for Keys' kernel with parameter a:
    # | (a+2)|x|^3 - (a+3)|x|^2 + 1 for |x| <= 1;  a|x|^3 - 5a|x|^2 + 8a|x| - 4a for 1 < |x| < 2;  0 otherwise.
    raise NotImplementedError("TODO(kernel): write this region")


def _axis_weights(n_in: int, n_out: int, a: float) -> tuple[np.ndarray, np.ndarray]:
    """For each output index: 4 source indices (clamped) and their 4 kernel weights, both (n_out, 4)."""
    u = (np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5  # (n_out,) half-pixel centres, NOT clamped
    i0 = np.floor(u).astype(np.int64)
    taps = i0[:, None] + np.arange(-1, 3)[None, :]  # (n_out, 4): i0-1, i0, i0+1, i0+2
    weights = keys_kernel(u[:, None] - taps, a)  # (n_out, 4), distances in (-2, 2)
    return np.clip(taps, 0, n_in - 1), weights  # replicate the border by clamping indices


def resize_bicubic(image: np.ndarray, out_h: int, out_w: int, a: float = -0.75) -> np.ndarray:
    """Bicubic resize; returns float64 (out_h, out_w[, C]), not rounded or clipped.

    Per axis: u = (d + 0.5)·n/m - 0.5, i0 = floor(u); taps k = i0-1 .. i0+2 with weights
    W(u - k) (they sum to 1); taps outside [0, n-1] read the nearest edge pixel.
    Separable: out = Wy · I · Wxᵀ, done as two gathers + weighted sums over the 4 taps.
    """
    # TODO(solve): Return float64 (out_h, out_w[, C]) bicubic resize of a (H, W) or (H, W, C) image; no rounding/clipping.
    # | Per axis (input n, output m): u = (d + 0.5) * n / m - 0.5 (not clamped), i0 = floor(u), taps k = i0-1..i0+2
    # | with weights keys_kernel(u - k, a); a tap outside [0, n-1] reads the nearest edge pixel.
    # | ValueError: not 2-D/3-D, empty image, out_h or out_w < 1.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    np.set_printoptions(precision=4, suppress=True)
    print("keys_kernel([0, 0.5, 1, 1.5, 2]) =", keys_kernel(np.array([0, 0.5, 1, 1.5, 2.0])))
    step = np.array([[0.0, 0.0, 100.0, 100.0]])
    print("step", step, "-> 1x8:\n", resize_bicubic(step, 1, 8))
