"""c06 - Hough transform for lines.

Region `accumulate`: every edge pixel votes once per angle θ for the line
rho = x·cosθ + y·sinθ through it. Region `peaks`: the (rho, θ) cells that are local maxima of
the vote count and reach the threshold, strongest first.
"""

from __future__ import annotations

import numpy as np


def hough_accumulate(
    edges: np.ndarray, rho_res: float = 1.0, n_theta: int = 180
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vote in (rho, θ) space for a binary edge map (H, W).

    x = column, y = row (image coordinates, origin at the top-left pixel centre).
    θ_k = k·π / n_theta, k = 0 .. n_theta-1  (so θ ∈ [0, π), rho may be negative)
    R = ceil(hypot(H, W) / rho_res), n_rho = 2R + 1, rho_i = (i - R)·rho_res
    pixel (y, x) votes +1 in row i = R + rint((x·cosθ_k + y·sinθ_k) / rho_res) of column k.
    Returns (acc int64 (n_rho, n_theta), rhos float64 (n_rho,), thetas float64 (n_theta,)).
    """
    # TODO(accumulate): Return (acc int64 (n_rho, n_theta), rhos (n_rho,), thetas (n_theta,)) for a 2-D edge map (nonzero = edge).
    # | x = column, y = row. thetas[k] = k·π/n_theta. R = ceil(hypot(H, W) / rho_res), n_rho = 2R + 1, rhos[i] = (i - R)·rho_res.
    # | Every edge pixel adds exactly one vote per θ, at row i = R + np.rint((x·cosθ + y·sinθ) / rho_res). Negative rho
    # | must land in rows below R, never wrap around. Raise ValueError if edges is not 2-D or rho_res <= 0 or n_theta < 1.
    # | Vectorise over pixels and angles (np.add.at or np.bincount); no Python loop over pixels.
    raise NotImplementedError("TODO(accumulate): write this region")


def hough_peaks(
    acc: np.ndarray, rhos: np.ndarray, thetas: np.ndarray, threshold: int, top_n: int | None = None
) -> np.ndarray:
    """Lines (rho, θ) at the local maxima of the accumulator (n_rho, n_theta).

    A cell is a peak iff acc >= threshold and acc == max of its 3x3 neighbourhood (clipped at the
    array border, θ does not wrap). Sorted by votes descending, ties by (rho index, θ index).
    Returns float64 (K, 2) rows (rho, θ), at most top_n.
    """
    # TODO(peaks): Return float64 (K, 2) rows (rho, theta) of the accumulator's peaks, strongest first, at most top_n.
    # | A cell (i, k) is a peak iff acc[i, k] >= threshold and acc[i, k] equals the max over its 3x3 neighbourhood
    # | (clipped at the array border; θ does not wrap; equal neighbours do not suppress each other). Order: votes
    # | descending, ties by (i, k) ascending. Row = (rhos[i], thetas[k]). No peak -> shape (0, 2). No loop over cells.
    raise NotImplementedError("TODO(peaks): write this region")


def draw_line(shape: tuple[int, int], rho: float, theta: float) -> np.ndarray:
    """Pixels whose centre is within 0.5 of the line x·cosθ + y·sinθ = rho (a thin synthetic line)."""
    y, x = np.indices(shape)
    return np.abs(x * np.cos(theta) + y * np.sin(theta) - rho) < 0.5


if __name__ == "__main__":
    edges = np.zeros((8, 10), dtype=bool)
    edges[5, :] = True  # a horizontal line: θ = 90°, rho = 5
    acc, rhos, thetas = hough_accumulate(edges, rho_res=1.0, n_theta=180)
    print("acc shape", acc.shape, " votes at (rho=5, θ=90°):", acc[list(rhos).index(5.0), 90])
    img = draw_line((64, 64), 20.0, np.deg2rad(30)) | draw_line((64, 64), -10.0, np.deg2rad(120))
    acc, rhos, thetas = hough_accumulate(img)
    lines = hough_peaks(acc, rhos, thetas, threshold=20, top_n=2)
    print("two synthetic lines: (rho, θ°) =", [(r, round(np.rad2deg(t), 3)) for r, t in lines])
