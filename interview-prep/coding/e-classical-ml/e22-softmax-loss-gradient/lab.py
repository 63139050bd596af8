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
    # TODO(solve): Return (loss, dW): loss a float, dW float64 with W's shape (D, C), for scores S = X @ W.
    # | loss = mean over samples of -log softmax(S_i)[y_i], plus reg * sum(W**2); dW is its gradient. It must
    # | stay finite for huge scores (1e4): never exponentiate an unshifted score. X is (N, D) with N >= 1,
    # | y (N,) integer classes in [0, C), else ValueError. No Python loops.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    W = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    X = np.array([[np.log(2.0), 0.0], [0.0, 0.0]])
    y = np.array([0, 2])
    loss, dW = softmax_loss(W, X, y, reg=0.0)
    print("loss =", round(loss, 6), " (= (ln 2 + ln 3) / 2)")
    print("dW =\n", np.round(dW, 6))
