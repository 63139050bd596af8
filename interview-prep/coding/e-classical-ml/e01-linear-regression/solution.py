"""e01 - Linear regression: closed form and gradient descent.

Fit y ≈ X w + b by least squares twice: exactly (a least-squares solve on X with a column of
ones appended) and iteratively (batch gradient descent on the mean squared error), the two
ways every interviewer expects you to know.
"""

from __future__ import annotations

import numpy as np


def _check(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0] or X.shape[0] == 0:
        raise ValueError(f"expected X (N, D) and y (N,) with N >= 1, got {X.shape} and {y.shape}")
    return X, y


def fit_normal(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Least-squares weights and bias: argmin_{w,b} ||X w + b - y||².

    With A = [X | 1] (N, D+1) and θ = (w, b), the normal equations are AᵀA θ = Aᵀy. Solving them
    through ``np.linalg.lstsq`` (an SVD) instead of inverting AᵀA squares nothing (cond(AᵀA) =
    cond(A)²) and still returns a least-squares solution when A is rank deficient.
    Returns w (D,) float64 and b (float).
    """
    # BEGIN REGION fit_normal: Return (w, b): w float64 (D,), b a float, minimising ||X w + b - y||² for X (N, D), y (N,).
    # | Must work when X is rank deficient (duplicated or collinear columns, or N <= D): then any
    # | least-squares solution is accepted, its predictions on X are what is graded. Cast integer
    # | inputs to float. Raise ValueError for N == 0, y not 1-D, or len(y) != N.
    X, y = _check(X, y)
    A = np.hstack([X, np.ones((X.shape[0], 1))])  # (N, D+1): the bias is the weight of a constant feature
    theta, *_ = np.linalg.lstsq(A, y, rcond=None)  # (D+1,) minimum-norm least-squares solution
    return theta[:-1], float(theta[-1])
    # END REGION fit_normal


def fit_gd(
    X: np.ndarray, y: np.ndarray, lr: float = 0.1, n_iters: int = 500
) -> tuple[np.ndarray, float, np.ndarray]:
    """Batch gradient descent on L(w, b) = (1 / 2N) Σ_i (x_i·w + b - y_i)².

    With residuals r = X w + b - y (N,):  ∂L/∂w = Xᵀ r / N (D,),  ∂L/∂b = mean(r).
    Start at w = 0, b = 0 and take ``n_iters`` simultaneous steps  θ ← θ - lr ∇L(θ).
    Returns w (D,), b (float) and the loss history (n_iters,) where history[t] is L before step t.
    """
    # BEGIN REGION fit_gd: Batch gradient descent from w = 0, b = 0 on L = (1/(2N)) Σ (x_i·w + b - y_i)², n_iters steps of size lr.
    # | Update w and b together from the same residuals. Return (w (D,) float64, b float,
    # | losses float64 (n_iters,)) with losses[t] = L at the parameters before step t (so
    # | losses[0] = mean(y²) / 2). Raise ValueError for N == 0 or mismatched shapes.
    X, y = _check(X, y)
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    losses = np.empty(n_iters)
    for t in range(n_iters):  # a loop over iterations, each one fully vectorised
        r = X @ w + b - y  # (N, D) @ (D,) -> (N,) residuals
        losses[t] = 0.5 * np.mean(r * r)
        w = w - lr * (X.T @ r) / n  # (D, N) @ (N,) -> (D,)
        b = b - lr * float(r.mean())
    return w, b, losses
    # END REGION fit_gd


if __name__ == "__main__":
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([1.0, 3.0, 5.0, 7.0])  # y = 2x + 1 exactly
    print("fit_normal:", fit_normal(X, y))
    w, b, losses = fit_gd(X, y, lr=0.1, n_iters=2000)
    print("fit_gd:    ", w, b, "loss", losses[0], "->", losses[-1])
