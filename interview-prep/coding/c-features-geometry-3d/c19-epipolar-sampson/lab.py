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
    # TODO(lines): Return (N, 3) float64 lines (a, b, c) with a² + b² = 1: F x̃ for points of image 1
    # | (lines in image 2) or Fᵀ x̃ for points of image 2 (lines in image 1), x̃ = (u, v, 1), divided by
    # | √(a² + b²) without changing the sign. A point whose line has a = b = 0 (the epipole) gives a row of NaN.
    # | Raise ValueError if which_image is not 1 or 2, F is not (3, 3) or points are not (N, 2). N may be 0.
    raise NotImplementedError("TODO(lines): write this region")


def sampson_error(F: np.ndarray, x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """Squared Sampson distance (N,) in px² of each pair x1[i] <-> x2[i] to the epipolar constraint.

        e = (x̃2ᵀ F x̃1)² / ( (F x̃1)₁² + (F x̃1)₂² + (Fᵀ x̃2)₁² + (Fᵀ x̃2)₂² )
    the squared residual divided by the squared norm of its gradient with respect to (u1, v1, u2, v2).
    """
    # TODO(sampson): Return (N,) float64 squared Sampson distances (px²) for pairs x1[i], x2[i] (N, 2):
    # | the squared epipolar residual (x̃2ᵀ F x̃1)² divided by the squared gradient norm
    # | (F x̃1)₁² + (F x̃1)₂² + (Fᵀ x̃2)₁² + (Fᵀ x̃2)₂². Where that denominator is 0 return 0.
    # | Vectorised over N (N may be 0). Raise ValueError if F is not (3, 3) or x1, x2 are not the same (N, 2).
    raise NotImplementedError("TODO(sampson): write this region")


if __name__ == "__main__":
    F = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]])  # pure sideways motion: rows match
    x1 = np.array([[10.0, 20.0], [0.0, 5.0]])
    x2 = np.array([[30.0, 23.0], [7.0, 5.0]])
    print("epipolar lines in image 2:\n", epipolar_lines(F, x1, 1))
    print("Sampson errors (px²):", sampson_error(F, x1, x2))
