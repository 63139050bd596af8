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
    # BEGIN REGION solve: Return (w, b), w float64 (D,), b float, minimising ||X w + b - y||² + alpha·||w||² (b is NOT penalised).
    # | X (N, D), y (N,), alpha >= 0 (same objective as sklearn Ridge, no 1/N factor). alpha == 0
    # | is ordinary least squares and must work for rank-deficient X (any least-squares solution).
    # | Must work for D > N. Raise ValueError for alpha < 0, N == 0 or mismatched shapes.
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0] or X.shape[0] == 0:
        raise ValueError(f"expected X (N, D) and y (N,) with N >= 1, got {X.shape} and {y.shape}")
    if alpha < 0:
        raise ValueError(f"alpha must be >= 0, got {alpha}")
    n, d = X.shape
    x_mean, y_mean = X.mean(axis=0), y.mean()  # (D,), scalar
    Xc, yc = X - x_mean, y - y_mean  # centring removes b from the problem
    if alpha == 0:
        w, *_ = np.linalg.lstsq(Xc, yc, rcond=None)  # OLS, minimum norm if singular
    elif d <= n:
        w = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(d), Xc.T @ yc)  # (D, D) SPD system
    else:
        w = Xc.T @ np.linalg.solve(Xc @ Xc.T + alpha * np.eye(n), yc)  # (D, N) @ (N,) -> (D,)
    return w, float(y_mean - x_mean @ w)
    # END REGION solve


if __name__ == "__main__":
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([1.0, 3.0, 5.0, 7.0])
    for a in (0.0, 1.0, 100.0):
        print(f"alpha={a:6}: w, b =", fit_ridge(X, y, a))
