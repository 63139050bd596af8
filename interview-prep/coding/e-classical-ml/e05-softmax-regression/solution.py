"""e05 - Softmax (multinomial logistic) regression.

K-class linear classifier P(y = k | x) = softmax(x W + b)_k, trained by full-batch gradient
descent on the mean cross-entropy plus an L2 penalty on W.
"""

from __future__ import annotations

import numpy as np


def _check(X: np.ndarray, y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0] or X.shape[0] == 0:
        raise ValueError(f"expected X (N, D) and y (N,) with N >= 1, got {X.shape} and {y.shape}")
    if not np.issubdtype(y.dtype, np.integer) or y.min() < 0 or y.max() >= k:
        raise ValueError(f"labels must be integers in [0, {k}), got {np.unique(y)}")
    return X, y


def softmax(Z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of logits Z (N, K), shifted by the row max so exp never overflows."""
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def loss_grad(
    W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray, l2: float = 0.0
) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean cross-entropy with L2 on W, and its gradient.

    Z = X W + b (N, K), log P = Z - logsumexp(Z) row-wise, Y = one_hot(y) (N, K):
        L = -(1/N) Σ_i log P[i, y_i] + (l2 / 2) ||W||²_F
        ∂L/∂W = Xᵀ (P - Y) / N + l2·W   (D, K)       ∂L/∂b = mean over rows of (P - Y)   (K,)
    """
    # BEGIN REGION loss_grad: Return (loss float, grad_W float64 (D, K), grad_b float64 (K,)) of mean cross-entropy of softmax(X W + b) + (l2/2)·||W||².
    # | W (D, K), b (K,), X (N, D), y (N,) integer labels in [0, K); b is not penalised. Finite
    # | and accurate for any logits (e.g. 1000). Raise ValueError for labels outside [0, K),
    # | non-integer labels or mismatched shapes.
    W = np.asarray(W, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    X, y = _check(X, y, W.shape[1])
    n = X.shape[0]
    Z = X @ W + b  # (N, D) @ (D, K) + (K,) -> (N, K)
    Z = Z - Z.max(axis=1, keepdims=True)  # shift: same softmax, exp(Z) <= 1
    logsum = np.log(np.exp(Z).sum(axis=1))  # (N,) logsumexp of the shifted logits
    rows = np.arange(n)
    loss = float(np.mean(logsum - Z[rows, y]) + 0.5 * l2 * np.sum(W * W))
    G = np.exp(Z - logsum[:, None])  # (N, K) probabilities P
    G[rows, y] -= 1.0  # P - Y without building the one-hot matrix
    G /= n
    return loss, X.T @ G + l2 * W, G.sum(axis=0)  # (D, N) @ (N, K) -> (D, K); (K,)
    # END REGION loss_grad


def fit(
    X: np.ndarray, y: np.ndarray, n_classes: int, l2: float = 0.01, lr: float = 0.5, n_iters: int = 2000
) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent from W = 0 (D, K), b = 0 (K,)."""
    # BEGIN REGION fit: Gradient descent from W = 0 (D, n_classes), b = 0 (n_classes,) for n_iters steps of size lr on loss_grad's loss.
    # | Return (W float64 (D, K), b float64 (K,)) with K = n_classes, even when some class never
    # | appears in y.
    X = np.asarray(X, dtype=np.float64)
    W, b = np.zeros((X.shape[1], n_classes)), np.zeros(n_classes)
    for _ in range(n_iters):  # loop over iterations; each step is vectorised
        _, gW, gb = loss_grad(W, b, X, y, l2)
        W, b = W - lr * gW, b - lr * gb
    return W, b
    # END REGION fit


if __name__ == "__main__":
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    y = np.array([0, 1, 2])
    loss, gW, gb = loss_grad(np.zeros((2, 3)), np.zeros(3), X, y)
    print("loss at zero:", loss, "\ngrad_W:\n", gW, "\ngrad_b:", gb)
    W, b = fit(X, y, 3, l2=0.1)
    print("trained probabilities:\n", softmax(X @ W + b).round(3))
