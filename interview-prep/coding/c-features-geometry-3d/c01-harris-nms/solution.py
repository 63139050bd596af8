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
    # BEGIN REGION response: Return the float64 (H, W) Harris response R = det(M) - k*trace(M)^2 of a 2-D image.
    # | Gradients: 3x3 Sobel, unscaled (Ix = [-1 0 1] across columns smoothed by [1 2 1] down rows;
    # | Iy the transpose). M = the plain SUM of [[Ix², IxIy], [IxIy, Iy²]] over the block_size x block_size
    # | window centred on each pixel. Every border (gradients and window) is reflect-101 (np.pad
    # | mode="reflect", OpenCV's default). Any numeric dtype (convert to float64 first). Raise ValueError
    # | if the image is not 2-D or block_size is not an odd integer >= 1. No Python loop over pixels.
    img = np.asarray(image, dtype=np.float64)
    if img.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got shape {img.shape}")
    if int(block_size) != block_size or block_size < 1 or block_size % 2 == 0:
        raise ValueError(f"block_size must be an odd integer >= 1, got {block_size}")
    h, w = img.shape
    p = np.pad(img, 1, mode="reflect")  # (H+2, W+2)
    # Separable Sobel: smooth [1 2 1] along one axis, central difference [-1 0 1] along the other.
    smooth_rows = p[:-2, :] + 2.0 * p[1:-1, :] + p[2:, :]  # (H, W+2) smoothed vertically
    ix = smooth_rows[:, 2:] - smooth_rows[:, :-2]  # (H, W)  d/dx
    smooth_cols = p[:, :-2] + 2.0 * p[:, 1:-1] + p[:, 2:]  # (H+2, W) smoothed horizontally
    iy = smooth_cols[2:, :] - smooth_cols[:-2, :]  # (H, W)  d/dy
    assert ix.shape == iy.shape == (h, w)
    sxx = _box_sum(ix * ix, block_size)
    syy = _box_sum(iy * iy, block_size)
    sxy = _box_sum(ix * iy, block_size)
    trace = sxx + syy
    return sxx * syy - sxy * sxy - k * trace * trace
    # END REGION response


def nms(response: np.ndarray, window: int = 3, threshold: float = 0.0, top_n: int | None = None) -> np.ndarray:
    """Non-maximum suppression of a response map (H, W).

    Keep pixel p iff  R[p] == max(R over the window x window square centred on p, clipped at the
    image border)  and  R[p] > threshold.  Sort by R descending, ties by (row, col) ascending,
    keep the first top_n (all when None). Returns int64 (K, 2) rows of (row, col).
    """
    # BEGIN REGION nms: Return an int64 (K, 2) array of (row, col) of the local maxima of response (H, W).
    # | A pixel is kept iff its value equals the maximum over the window x window square centred on
    # | it (the square is clipped at the image border; equal neighbours do not suppress each other)
    # | AND its value is strictly greater than threshold. Order: value descending, ties by (row, col)
    # | ascending. Keep only the first top_n if top_n is not None. No maxima (or empty input) ->
    # | shape (0, 2). Raise ValueError if window is not an odd integer >= 1 or top_n < 0.
    r_map = np.asarray(response, dtype=np.float64)
    if int(window) != window or window < 1 or window % 2 == 0:
        raise ValueError(f"window must be an odd integer >= 1, got {window}")
    if top_n is not None and top_n < 0:
        raise ValueError(f"top_n must be >= 0, got {top_n}")
    if r_map.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    rad = window // 2
    # Pad with -inf so the border never wins: the max over the padded window = the max over the clipped one.
    p = np.pad(r_map, rad, mode="constant", constant_values=-np.inf)
    local_max = np.lib.stride_tricks.sliding_window_view(p, (window, window)).max(axis=(-2, -1))  # (H, W)
    keep = (r_map == local_max) & (r_map > threshold)
    rows, cols = np.nonzero(keep)  # already in (row, col) ascending order
    vals = r_map[rows, cols]
    order = np.argsort(-vals, kind="stable")  # stable keeps the (row, col) order for ties
    if top_n is not None:
        order = order[:top_n]
    return np.stack([rows[order], cols[order]], axis=1).astype(np.int64).reshape(-1, 2)
    # END REGION nms


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
