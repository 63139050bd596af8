"""c01 - Harris response and non-maximum suppression.

Region `response`: the Harris corner measure R = det(M) - k·trace(M)² of the structure tensor
M summed over a square window, from 3x3 Sobel gradients. Region `nms`: keep the pixels that are
the maximum of their neighbourhood and above a threshold, strongest first, at most top_n.
"""

from __future__ import annotations

import numpy as np


def _box_sum(a: np.ndarray, size: int) -> np.ndarray:
    """Sum of `a` over a (size x size) window centred on each pixel, reflect-101 border."""
    r = size // 2
    p = np.pad(a, r, mode="reflect")  # numpy "reflect" = OpenCV BORDER_REFLECT_101
    c = np.cumsum(np.cumsum(p, axis=0), axis=1)  # (H+2r, W+2r) integral image
    c = np.pad(c, ((1, 0), (1, 0)))  # leading zero row/col so window sums are 4 lookups
    h, w = a.shape
    return c[size : size + h, size : size + w] - c[:h, size : size + w] - c[size : size + h, :w] + c[:h, :w]


def harris_response(image: np.ndarray, block_size: int = 3, k: float = 0.04) -> np.ndarray:
    """Harris corner response of a grey image (H, W).

    Ix, Iy = 3x3 Sobel derivatives (unscaled: [-1 0 1] ⊗ [1 2 1]ᵀ), border reflect-101.
    M(x)   = Σ_window [[Ix², IxIy], [IxIy, Iy²]]   (plain sum over block_size x block_size)
    R(x)   = det M - k · (trace M)² = Sxx·Syy - Sxy² - k·(Sxx + Syy)²
    Returns float64 (H, W). R > 0 at corners, R < 0 on edges, |R| small in flat regions.
    """
    # TODO(response): Return the float64 (H, W) Harris response R = det(M) - k*trace(M)^2 of a 2-D image.
    # | Gradients: 3x3 Sobel, unscaled (Ix = [-1 0 1] across columns smoothed by [1 2 1] down rows;
    # | Iy the transpose). M = the plain SUM of [[Ix², IxIy], [IxIy, Iy²]] over the block_size x block_size
    # | window centred on each pixel. Every border (gradients and window) is reflect-101 (np.pad
    # | mode="reflect", OpenCV's default). Any numeric dtype (convert to float64 first). Raise ValueError
    # | if the image is not 2-D or block_size is not an odd integer >= 1. No Python loop over pixels.
    raise NotImplementedError("TODO(response): write this region")


def nms(response: np.ndarray, window: int = 3, threshold: float = 0.0, top_n: int | None = None) -> np.ndarray:
    """Non-maximum suppression of a response map (H, W).

    Keep pixel p iff  R[p] == max(R over the window x window square centred on p, clipped at the
    image border)  and  R[p] > threshold.  Sort by R descending, ties by (row, col) ascending,
    keep the first top_n (all when None). Returns int64 (K, 2) rows of (row, col).
    """
    # TODO(nms): Return an int64 (K, 2) array of (row, col) of the local maxima of response (H, W).
    # | A pixel is kept iff its value equals the maximum over the window x window square centred on
    # | it (the square is clipped at the image border; equal neighbours do not suppress each other)
    # | AND its value is strictly greater than threshold. Order: value descending, ties by (row, col)
    # | ascending. Keep only the first top_n if top_n is not None. No maxima (or empty input) ->
    # | shape (0, 2). Raise ValueError if window is not an odd integer >= 1 or top_n < 0.
    raise NotImplementedError("TODO(nms): write this region")


def _square(size: int = 32, lo: int = 8, hi: int = 23) -> np.ndarray:
    img = np.zeros((size, size))
    img[lo : hi + 1, lo : hi + 1] = 1.0
    return img


if __name__ == "__main__":
    img = _square()
    R = harris_response(img, block_size=3, k=0.04)
    print("white square rows/cols 8..23 on a 32x32 black image")
    print("R at a corner (8, 8):", R[8, 8], " on an edge (8, 16):", R[8, 16], " flat (16, 16):", R[16, 16])
    print("nms(np.round(R, 6), window=5, threshold=0, top_n=4) =\n", nms(np.round(R, 6), window=5, threshold=0.0, top_n=4))
