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
    # BEGIN REGION solve: Return (w, b): w float64 (D,), b float, minimising J = lam/2 ||w||^2 + mean(max(0, 1 - y (X w + b))).
    # | y holds only -1/+1 (else ValueError). Start at w = 0, b = 0 and take n_iters full-batch subgradient
    # | steps with step size lr / sqrt(t + 1), t = 0, 1, ...; a sample contributes -y x (and -y for b) to the
    # | hinge subgradient only if its margin y (w.x + b) is < 1; the bias is not regularised; average over N.
    # | Return the visited iterate (the start included) with the lowest objective, not simply the last one.
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"expected X (N, D) and y (N,), got {X.shape} and {y.shape}")
    if not np.all(np.isin(y, (-1, 1))):
        raise ValueError("labels must be -1 or +1")
    y = y.astype(np.float64)
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    best_j, best_w, best_b = svm_objective(X, y, w, b, lam), w.copy(), b
    for t in range(n_iters):
        active = y * (X @ w + b) < 1.0  # (N,) samples inside the margin or misclassified
        ya = y[active]
        g_w = lam * w - (ya @ X[active]) / n  # (n_active,) @ (n_active, D) -> (D,)
        g_b = -ya.sum() / n
        step = lr / np.sqrt(t + 1.0)
        w, b = w - step * g_w, b - step * g_b
        j = svm_objective(X, y, w, b, lam)
        if j < best_j:
            best_j, best_w, best_b = j, w.copy(), b
    return best_w, float(best_b)
    # END REGION solve


if __name__ == "__main__":
    X = np.array([[1.0], [-1.0]])
    y = np.array([1, -1])
    w, b = svm_fit(X, y, lam=0.1, lr=1.0, n_iters=100)
    print("w =", w, " b =", b, " J =", round(svm_objective(X, y, w, b, 0.1), 4))
    print("margin width 2/||w|| =", 2 / np.linalg.norm(w))
