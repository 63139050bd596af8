"""b10 - Gaussian kernel and blur.

Build a normalised, sampled 1-D Gaussian (size 2·ceil(3σ) + 1 unless given) and blur an image
with it separably (rows, then columns) with reflect-101 borders, as cv2.GaussianBlur does.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def gaussian_kernel(sigma: float, ksize: int | None = None) -> np.ndarray:
    """Sampled, normalised 1-D Gaussian: float64 (ksize,).

    g[i] = exp(-(i - c)² / (2σ²)) / Σ_j exp(-(j - c)² / (2σ²)),   c = (ksize - 1) / 2
    Default ksize = 2·ceil(3σ) + 1 (±3σ holds 99.7% of the mass). Normalising by the sum (not by
    1/(sqrt(2π)σ)) makes the discrete weights add up to exactly 1, so flat regions keep their level.
    """
    # BEGIN REGION kernel: Return the float64 (ksize,) Gaussian g[i] proportional to exp(-(i - c)^2 / (2 sigma^2)), c = (ksize - 1) / 2,
    # | normalised to sum to 1. ksize None means 2 * ceil(3 * sigma) + 1. sigma <= 0, or a ksize that is even
    # | or < 1, raises ValueError.
    if not sigma > 0:
        raise ValueError(f"sigma must be positive, got {sigma}")
    if ksize is None:
        ksize = 2 * math.ceil(3 * sigma) + 1
    if ksize < 1 or ksize % 2 == 0:
        raise ValueError(f"ksize must be odd and positive, got {ksize}")
    x = np.arange(ksize) - (ksize - 1) / 2.0  # (ksize,) offsets from the centre
    g = np.exp(-(x**2) / (2.0 * sigma**2))
    return g / g.sum()
    # END REGION kernel


def gaussian_blur(image: np.ndarray, sigma: float, ksize: int | None = None) -> np.ndarray:
    """Blur a 2-D image with the separable Gaussian, reflect-101 borders -> float64 (H, W).

    G_2d = g gᵀ, so out = (g along x) then (g along y): 2·ksize multiply-adds per pixel.
    Border: reflect-101 (cv2.BORDER_REFLECT_101, cv2.GaussianBlur's default; np.pad mode "reflect").
    """
    # BEGIN REGION blur: Return the float64 (H, W) blur of a 2-D image (any real dtype) with the 2-D Gaussian outer(g, g),
    # | g = gaussian_kernel(sigma, ksize), computed as two 1-D passes, borders reflect-101 (np.pad mode "reflect").
    # | A non-2-D image raises ValueError. No Python loop over pixels.
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError(f"expected a 2-D image, got shape {image.shape}")
    g = gaussian_kernel(sigma, ksize)  # (k,)
    r = g.size // 2
    x = np.pad(image, r, mode="reflect")  # (H + 2r, W + 2r)
    rows = sliding_window_view(x, g.size, axis=1) @ g  # (H + 2r, W, k) @ (k,) -> (H + 2r, W)
    return sliding_window_view(rows, g.size, axis=0) @ g  # (H, W, k) @ (k,) -> (H, W)
    # END REGION blur


if __name__ == "__main__":
    np.set_printoptions(precision=5, suppress=True)
    print("gaussian_kernel(1.0) =", gaussian_kernel(1.0))
    img = np.zeros((5, 5))
    img[2, 2] = 1.0
    print("gaussian_blur(impulse, 0.8, 3) =\n", gaussian_blur(img, 0.8, 3))
