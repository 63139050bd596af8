"""c19 - Epipolar lines and the Sampson error.

A point x1 in image 1 constrains its match to the line l2 = F x̃1 in image 2 (and x2 to
l1 = Fᵀ x̃2 in image 1). The Sampson error is the first-order approximation of the squared
distance the two points must move to satisfy x̃2ᵀ F x̃1 = 0 exactly: the standard residual
for scoring matches against F in RANSAC.
"""

from __future__ import annotations

import numpy as np


def epipolar_lines(F: np.ndarray, points: np.ndarray, which_image: int) -> np.ndarray:
    """Lines (a, b, c) (N, 3), a² + b² = 1, in the OTHER image for points (N, 2) of image ``which_image``.

    which_image = 1:  l = F  x̃1  (a line in image 2);   which_image = 2:  l = Fᵀ x̃2  (a line in image 1).
    Scaled by 1 / √(a² + b²), the line equation a u + b v + c gives the signed distance of (u, v) in pixels.
    """
    # BEGIN REGION lines: Return (N, 3) float64 lines (a, b, c) with a² + b² = 1: F x̃ for points of image 1
    # | (lines in image 2) or Fᵀ x̃ for points of image 2 (lines in image 1), x̃ = (u, v, 1), divided by
    # | √(a² + b²) without changing the sign. A point whose line has a = b = 0 (the epipole) gives a row of NaN.
    # | Raise ValueError if which_image is not 1 or 2, F is not (3, 3) or points are not (N, 2). N may be 0.
    F = np.asarray(F, dtype=np.float64)
    pts = np.asarray(points, dtype=np.float64)
    if which_image not in (1, 2):
        raise ValueError(f"which_image must be 1 or 2, got {which_image}")
    if F.shape != (3, 3) or pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"expected F (3, 3) and points (N, 2), got {F.shape} and {pts.shape}")
    M = F if which_image == 1 else F.T
    h = np.column_stack([pts, np.ones(len(pts))])  # (N, 3)
    lines = h @ M.T  # (N, 3): row i = M x̃_i
    norm = np.hypot(lines[:, 0], lines[:, 1])[:, None]  # (N, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = lines / norm
    out[norm[:, 0] == 0] = np.nan
    return out
    # END REGION lines


def sampson_error(F: np.ndarray, x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """Squared Sampson distance (N,) in px² of each pair x1[i] <-> x2[i] to the epipolar constraint.

        e = (x̃2ᵀ F x̃1)² / ( (F x̃1)₁² + (F x̃1)₂² + (Fᵀ x̃2)₁² + (Fᵀ x̃2)₂² )
    the squared residual divided by the squared norm of its gradient with respect to (u1, v1, u2, v2).
    """
    # BEGIN REGION sampson: Return (N,) float64 squared Sampson distances (px²) for pairs x1[i], x2[i] (N, 2):
    # | the squared epipolar residual (x̃2ᵀ F x̃1)² divided by the squared gradient norm
    # | (F x̃1)₁² + (F x̃1)₂² + (Fᵀ x̃2)₁² + (Fᵀ x̃2)₂². Where that denominator is 0 return 0.
    # | Vectorised over N (N may be 0). Raise ValueError if F is not (3, 3) or x1, x2 are not the same (N, 2).
    F = np.asarray(F, dtype=np.float64)
    x1 = np.asarray(x1, dtype=np.float64)
    x2 = np.asarray(x2, dtype=np.float64)
    if F.shape != (3, 3) or x1.ndim != 2 or x1.shape[1] != 2 or x1.shape != x2.shape:
        raise ValueError(f"expected F (3, 3) and x1, x2 of the same shape (N, 2), got {F.shape}, {x1.shape}, {x2.shape}")
    h1 = np.column_stack([x1, np.ones(len(x1))])  # (N, 3)
    h2 = np.column_stack([x2, np.ones(len(x2))])  # (N, 3)
    Fx1 = h1 @ F.T  # (N, 3): epipolar lines in image 2
    Ftx2 = h2 @ F  # (N, 3): epipolar lines in image 1
    r = np.einsum("ni,ni->n", h2, Fx1)  # (N,) algebraic residual x̃2ᵀ F x̃1
    den = Fx1[:, 0] ** 2 + Fx1[:, 1] ** 2 + Ftx2[:, 0] ** 2 + Ftx2[:, 1] ** 2
    return np.divide(r * r, den, out=np.zeros_like(r), where=den > 0)
    # END REGION sampson


if __name__ == "__main__":
    F = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]])  # pure sideways motion: rows match
    x1 = np.array([[10.0, 20.0], [0.0, 5.0]])
    x2 = np.array([[30.0, 23.0], [7.0, 5.0]])
    print("epipolar lines in image 2:\n", epipolar_lines(F, x1, 1))
    print("Sampson errors (px²):", sampson_error(F, x1, x2))
