"""e03 - Lasso by coordinate descent with soft-thresholding.

Minimise (1 / 2N) ||y - X w - b||² + α ||w||₁ (scikit-learn's Lasso objective, intercept not
penalised) by cyclic coordinate descent: each coordinate has a closed-form minimiser, the
soft-threshold of its partial correlation with the residual.
"""

from __future__ import annotations

import numpy as np


def soft_threshold(z: np.ndarray, t: float) -> np.ndarray:
    """S(z, t) = sign(z) · max(|z| - t, 0), elementwise: the proximal operator of t·|x|,
    i.e. argmin_x ½ (x - z)² + t |x|. Values within t of zero become exactly 0."""
    # TODO(soft_threshold): Return sign(z)·max(|z| - t, 0) elementwise as float64, same shape as z (scalars give 0-d results).
    # | Entries with |z| <= t become exactly 0.0; the others move t towards zero. t >= 0.
    raise NotImplementedError("TODO(soft_threshold): write this region")


def fit_lasso(
    X: np.ndarray, y: np.ndarray, alpha: float, max_iter: int = 10_000, tol: float = 1e-10
) -> tuple[np.ndarray, float]:
    """Lasso by cyclic coordinate descent on centred data.

    J(w, b) = (1 / 2N) Σ_i (y_i - x_i·w - b)² + α Σ_j |w_j|;  b = ȳ - x̄·w at the optimum.
    On centred Xc, yc, holding the other weights fixed, coordinate j minimises
        ½ z_j w_j² - ρ_j w_j + α |w_j|   with  z_j = ||Xc_j||² / N,  ρ_j = Xc_jᵀ (r + Xc_j w_j) / N,
    so w_j = S(ρ_j, α) / z_j (r = yc - Xc w is the current residual, updated in O(N) per step).
    Sweep j = 0..D-1 until the largest change in a sweep is below ``tol``.
    """
    # TODO(fit): Return (w float64 (D,), b float) minimising (1/(2N))·||y - X w - b||² + alpha·||w||₁, b unpenalised.
    # | Cyclic coordinate descent from w = 0 with soft_threshold, sweeping until no weight moves
    # | more than tol (or max_iter sweeps). Weights the penalty kills must be exactly 0.0.
    # | Constant (zero-variance) columns get weight 0. Raise ValueError for alpha < 0, N == 0 or
    # | mismatched shapes.
    raise NotImplementedError("TODO(fit): write this region")


if __name__ == "__main__":
    print("soft_threshold([-3, -0.5, 0.2, 2], 1) =", soft_threshold(np.array([-3.0, -0.5, 0.2, 2.0]), 1.0))
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    y = np.array([3.0, -3.0, 0.5, -0.5])
    print("fit_lasso(orthogonal X, alpha=0.5) =", fit_lasso(X, y, 0.5))
