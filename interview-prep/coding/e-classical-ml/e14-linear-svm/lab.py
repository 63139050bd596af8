"""e14 - Linear SVM by subgradient descent on the hinge loss.

Primal soft-margin SVM with an unpenalised bias:
    J(w, b) = lam/2 ||w||^2 + (1/N) sum_i max(0, 1 - y_i (w . x_i + b)),   y_i in {-1, +1}
minimised by full-batch subgradient descent with step lr / sqrt(t + 1).
"""

from __future__ import annotations

import numpy as np


def svm_objective(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, lam: float) -> float:
    """J(w, b) = lam/2 ||w||^2 + mean hinge loss."""
    margins = y * (X @ w + b)  # (N, D) @ (D,) -> (N,)
    return float(0.5 * lam * (w @ w) + np.maximum(0.0, 1.0 - margins).mean())


def svm_fit(
    X: np.ndarray, y: np.ndarray, lam: float = 0.1, lr: float = 1.0, n_iters: int = 1000
) -> tuple[np.ndarray, float]:
    """Full-batch subgradient descent on J(w, b) from w = 0, b = 0.

    A subgradient of J (the hinge is not differentiable at margin 1; use the zero branch there):
        active = { i : y_i (w . x_i + b) < 1 }
        g_w = lam w - (1/N) sum_{i in active} y_i x_i
        g_b =       - (1/N) sum_{i in active} y_i
    Step t = 0 .. n_iters-1:  (w, b) <- (w, b) - lr / sqrt(t + 1) * (g_w, g_b).
    Subgradient steps do not decrease J monotonically, so return the iterate with the lowest J.
    """
    # TODO(solve): Return (w, b): w float64 (D,), b float, minimising J = lam/2 ||w||^2 + mean(max(0, 1 - y (X w + b))).
    # | y holds only -1/+1 (else ValueError). Start at w = 0, b = 0 and take n_iters full-batch subgradient
    # | steps with step size lr / sqrt(t + 1), t = 0, 1, ...; a sample contributes -y x (and -y for b) to the
    # | hinge subgradient only if its margin y (w.x + b) is < 1; the bias is not regularised; average over N.
    # | Return the visited iterate (the start included) with the lowest objective, not simply the last one.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    X = np.array([[1.0], [-1.0]])
    y = np.array([1, -1])
    w, b = svm_fit(X, y, lam=0.1, lr=1.0, n_iters=100)
    print("w =", w, " b =", b, " J =", round(svm_objective(X, y, w, b, 0.1), 4))
    print("margin width 2/||w|| =", 2 / np.linalg.norm(w))
