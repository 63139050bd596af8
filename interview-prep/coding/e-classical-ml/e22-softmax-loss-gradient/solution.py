"""e22 - Vectorised softmax cross-entropy loss and gradient.

Multinomial logistic loss of a linear classifier S = X W, computed stably with the
log-sum-exp shift, plus its gradient in W, without Python loops.
"""

from __future__ import annotations

import numpy as np


def softmax_loss(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float) -> tuple[float, np.ndarray]:
    """Loss and gradient of softmax cross-entropy with L2 regularisation.

    S = X W (N, C);  log p_ij = S_ij - log sum_k exp(S_ik)  (shift by max_k S_ik first: same value, no overflow)
    L = -(1/N) sum_i log p_{i,y_i} + reg * sum(W ** 2)
    dL/dS_ij = (p_ij - 1[j = y_i]) / N,  so  dL/dW = X^T (P - Y) / N + 2 reg W.
    """
    # BEGIN REGION solve: Return (loss, dW): loss a float, dW float64 with W's shape (D, C), for scores S = X @ W.
    # | loss = mean over samples of -log softmax(S_i)[y_i], plus reg * sum(W**2); dW is its gradient. It must
    # | stay finite for huge scores (1e4): never exponentiate an unshifted score. X is (N, D) with N >= 1,
    # | y (N,) integer classes in [0, C), else ValueError. No Python loops.
    W = np.asarray(W, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    n = X.shape[0]
    if X.ndim != 2 or W.ndim != 2 or X.shape[1] != W.shape[0] or y.shape != (n,) or n == 0:
        raise ValueError(f"expected W (D, C), X (N, D), y (N,) with N >= 1; got {W.shape}, {X.shape}, {y.shape}")
    if not np.issubdtype(y.dtype, np.integer) or y.min() < 0 or y.max() >= W.shape[1]:
        raise ValueError(f"labels must be integers in [0, {W.shape[1]})")
    rows = np.arange(n)
    scores = X @ W  # (N, C)
    shifted = scores - scores.max(axis=1, keepdims=True)  # (N, C) every row's max is 0: exp <= 1
    log_z = np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # (N, 1), >= 0
    log_p = shifted - log_z  # (N, C) log-softmax
    loss = -log_p[rows, y].mean() + reg * np.sum(W * W)
    dscores = np.exp(log_p)  # (N, C) probabilities P
    dscores[rows, y] -= 1.0  # P - Y
    dW = X.T @ dscores / n + 2.0 * reg * W  # (D, N) @ (N, C) -> (D, C)
    return float(loss), dW
    # END REGION solve


if __name__ == "__main__":
    W = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    X = np.array([[np.log(2.0), 0.0], [0.0, 0.0]])
    y = np.array([0, 2])
    loss, dW = softmax_loss(W, X, y, reg=0.0)
    print("loss =", round(loss, 6), " (= (ln 2 + ln 3) / 2)")
    print("dW =\n", np.round(dW, 6))
