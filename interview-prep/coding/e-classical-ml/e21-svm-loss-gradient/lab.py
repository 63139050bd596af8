"""e21 - Vectorised multiclass SVM loss and gradient.

Multiclass hinge loss (Weston-Watkins / Crammer-Singer style sum over wrong classes) for a
linear classifier S = X W, with margin 1 and L2 regularisation, and its (sub)gradient in W,
both without Python loops.
"""

from __future__ import annotations

import numpy as np


def svm_loss(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float) -> tuple[float, np.ndarray]:
    """Loss and gradient of the multiclass SVM.

    S = X W (N, C);  margin_ij = S_ij - S_{i,y_i} + 1
    L = (1/N) sum_i sum_{j != y_i} max(0, margin_ij)  +  reg * sum(W ** 2)
    Let M_ij = 1[margin_ij > 0] for j != y_i and M_{i,y_i} = -sum_{j != y_i} M_ij. Then
    dL/dW = X^T M / N + 2 reg W.
    """
    # TODO(solve): Return (loss, dW): loss a float, dW float64 with W's shape (D, C), for scores S = X @ W.
    # | loss = mean over the N samples of sum over wrong classes j != y_i of max(0, S_ij - S_iy_i + 1), plus
    # | reg * sum(W**2). dW is its gradient (a margin of exactly 0 counts as inactive). X is (N, D) with N >= 1,
    # | y (N,) integer classes in [0, C), else ValueError. No Python loops over samples or classes.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    W = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.5]])
    X = np.array([[1.0, 2.0], [0.5, -1.0]])
    y = np.array([0, 2])
    loss, dW = svm_loss(W, X, y, reg=0.1)
    print("loss =", round(loss, 6))
    print("dW =\n", dW)
