"""c09 - Least-squares affine from correspondences.

Given N >= 3 point pairs src_i -> dst_i, find the 2x3 affine matrix A minimising
Σ ||A·[x_i, y_i, 1]ᵀ - dst_i||², by one linear least-squares solve.
"""

from __future__ import annotations

import numpy as np


def fit_affine(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Least-squares affine transform mapping src (N, 2) onto dst (N, 2); returns float64 (2, 3).

    With X = [src | 1] (N, 3), the problem splits into two independent least-squares problems
    (one per output coordinate) sharing the design matrix X:   min ||X·Aᵀ - dst||_F²
    Normal equations: (XᵀX) Aᵀ = Xᵀ dst; solve with lstsq (QR/SVD) rather than inverting XᵀX.
    """
    # TODO(solve): Return the float64 (2, 3) affine A = [[a, b, tx], [c, d, ty]] minimising Σ ||A·[x, y, 1] - dst||².
    # | src and dst are (N, 2) arrays of corresponding (x, y) points. dst ≈ src @ A[:, :2].T + A[:, 2].
    # | Raise ValueError if the shapes differ or are not (N, 2), if N < 3, or if the src points are collinear (the
    # | affine map is then not unique: rank of [src | 1] < 3). Vectorised: one least-squares solve, no loop over points.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    src = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    A_true = np.array([[2.0, 0.0, 1.0], [0.0, 0.5, -1.0]])  # scale x by 2, y by 0.5, then shift (1, -1)
    dst = src @ A_true[:, :2].T + A_true[:, 2]
    print("fit_affine(unit square -> its image) =\n", np.round(fit_affine(src, dst), 6) + 0.0)
    dst_noisy = dst.copy()
    dst_noisy[3, 0] += 0.4  # one corner lands 0.4 further right
    print("one corner off by 0.4 in x =\n", np.round(fit_affine(src, dst_noisy), 6) + 0.0)
