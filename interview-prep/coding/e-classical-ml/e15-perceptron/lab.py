"""e15 - Perceptron.

Rosenblatt's online perceptron for labels in {-1, +1}: visit the samples in order and,
whenever one is on the wrong side (or on the boundary), add y_i x_i to w and y_i to b.
"""

from __future__ import annotations

import numpy as np


def perceptron_fit(X: np.ndarray, y: np.ndarray, max_epochs: int = 100) -> tuple[np.ndarray, float, int]:
    """Train a perceptron; return (w (D,), b, number of updates).

    Start from w = 0, b = 0. An epoch visits i = 0 .. N-1 in order:
        if y_i (w . x_i + b) <= 0:   w <- w + y_i x_i,   b <- b + y_i      (a "mistake")
    Stop after the first epoch without a mistake, or after max_epochs epochs.
    Novikoff: on data separable with margin gamma by a unit vector (in the space [x, 1]),
    the number of mistakes is at most (R / gamma)^2 with R = max ||[x_i, 1]||.
    """
    # TODO(solve): Return (w, b, mistakes): w float64 (D,), b float, mistakes int = total number of updates.
    # | y holds only -1/+1 (else ValueError). Start at w = 0, b = 0; in each epoch visit the samples in
    # | index order and update w += y_i x_i, b += y_i whenever y_i (w . x_i + b) <= 0 (0 counts as a
    # | mistake). Stop after the first epoch with no update, or after max_epochs epochs. No shuffling.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    X = np.array([[0.0, 1.0], [2.0, 1.0], [1.0, -1.0], [-1.0, 0.0]])
    y = np.array([-1, 1, 1, -1])
    w, b, m = perceptron_fit(X, y)
    print("w =", w, " b =", b, " mistakes =", m)
    print("predictions:", np.where(X @ w + b > 0, 1, -1))
