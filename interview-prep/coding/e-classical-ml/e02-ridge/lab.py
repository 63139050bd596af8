"""e02 - Ridge regression closed form.

Minimise ||X w + b - y||² + α ||w||² in closed form, with the intercept b NOT penalised
(the convention of scikit-learn's Ridge): centre the data, solve a regularised linear system,
recover b from the means. Uses the primal (D x D) system when N >= D and the dual (N x N)
system when D > N.
"""

from __future__ import annotations

import numpy as np


def fit_ridge(X: np.ndarray, y: np.ndarray, alpha: float = 1.0) -> tuple[np.ndarray, float]:
    """Ridge weights and unpenalised bias: argmin_{w,b} ||X w + b - y||² + α ||w||².

    ∂/∂b = 0 gives b = ȳ - x̄·w, so with centred Xc = X - x̄ (N, D) and yc = y - ȳ (N,):
        primal  (XcᵀXc + α I_D) w = Xcᵀ yc                  O(N·D² + D³)
        dual    w = Xcᵀ (Xc Xcᵀ + α I_N)⁻¹ yc               O(N²·D + N³), cheaper when D > N
    Both are the same vector (push-through identity). α = 0 is ordinary least squares
    (solved by lstsq so a singular XcᵀXc is fine). Returns w (D,) float64 and b (float).
    """
    # TODO(solve): Return (w, b), w float64 (D,), b float, minimising ||X w + b - y||² + alpha·||w||² (b is NOT penalised).
    # | X (N, D), y (N,), alpha >= 0 (same objective as sklearn Ridge, no 1/N factor). alpha == 0
    # | is ordinary least squares and must work for rank-deficient X (any least-squares solution).
    # | Must work for D > N. Raise ValueError for alpha < 0, N == 0 or mismatched shapes.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([1.0, 3.0, 5.0, 7.0])
    for a in (0.0, 1.0, 100.0):
        print(f"alpha={a:6}: w, b =", fit_ridge(X, y, a))
