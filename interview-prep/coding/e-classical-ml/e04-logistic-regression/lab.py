"""e04 - Logistic regression by gradient descent.

Binary classifier p(y=1 | x) = σ(x·w + b), trained by full-batch gradient descent on the mean
log-loss plus an L2 penalty on w. The loss must be numerically stable for any logit.
"""

from __future__ import annotations

import numpy as np


def _check(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0] or X.shape[0] == 0:
        raise ValueError(f"expected X (N, D) and y (N,) with N >= 1, got {X.shape} and {y.shape}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("labels must be 0 or 1")
    return X, y


def predict_proba(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """p(y=1 | x) = σ(x·w + b) for each row of X (N, D) -> (N,), without overflow for large |z|."""
    z = np.asarray(X, dtype=np.float64) @ w + b
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def loss_grad(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, l2: float = 0.0
) -> tuple[float, np.ndarray, float]:
    """Mean log-loss with L2 on w, and its gradient.

    With z = X w + b (N,) and p = σ(z):
        L = (1/N) Σ_i [log(1 + e^{z_i}) - y_i z_i] + (l2 / 2) ||w||²
    (the same as -(1/N) Σ [y log p + (1 - y) log(1 - p)], written so it never takes log(0)):
        ∂L/∂w = Xᵀ (p - y) / N + l2·w       ∂L/∂b = mean(p - y)      (b is not penalised)
    """
    # TODO(loss_grad): Return (loss float, grad_w float64 (D,), grad_b float) for L = mean log-loss of σ(X w + b) vs y ∈ {0,1} + (l2/2)·||w||².
    # | The bias is not penalised. The loss must be finite and accurate for any logit, even
    # | |X w + b| = 1000 (no log(0), no overflow). Raise ValueError for labels other than 0/1
    # | or mismatched shapes.
    raise NotImplementedError("TODO(loss_grad): write this region")


def fit(
    X: np.ndarray, y: np.ndarray, l2: float = 0.01, lr: float = 0.5, n_iters: int = 2000
) -> tuple[np.ndarray, float]:
    """Full-batch gradient descent from w = 0, b = 0: θ ← θ - lr ∇L(θ), n_iters times."""
    # TODO(fit): Gradient descent from w = 0, b = 0 for n_iters steps of size lr on the loss of loss_grad (same l2).
    # | Return (w float64 (D,), b float). Must stay finite on perfectly separable data with l2 = 0.
    raise NotImplementedError("TODO(fit): write this region")


if __name__ == "__main__":
    X = np.array([[0.0, 1.0], [2.0, -1.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0])
    print("loss_grad at zero:", loss_grad(np.zeros(2), 0.0, X, y))
    w, b = fit(X, y, l2=0.1)
    print("fit:", w, b, "p =", predict_proba(w, b, X))
