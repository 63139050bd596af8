"""e06 - Vectorised k-nearest-neighbour classifier.

Predict each test point's label by a majority vote of its k nearest training points
(Euclidean), with no Python loop over test or training points and deterministic tie-breaks.
"""

from __future__ import annotations

import numpy as np


def knn_predict(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, k: int) -> np.ndarray:
    """Majority label among the k nearest training rows, for every test row.

    d²[i, j] = ||t_i||² - 2 t_i·x_j + ||x_j||²  (M, N) via one matrix product; a stable argsort
    of each row orders neighbours by distance, then by training index; votes are counted per
    class with a one-hot sum and the argmax takes the smallest label among tied counts.
    """
    # BEGIN REGION solve: Return the (M,) predicted labels (dtype of y_train) for X_test (M, D) by majority vote of the k nearest rows of X_train (N, D).
    # | Euclidean distance. Ties: equally distant training points are taken in training-index
    # | order; equal vote counts go to the smallest label. Labels may be any integers (e.g. 3 and 7).
    # | No Python loop over points. M == 0 gives an empty array. Raise ValueError if k < 1,
    # | k > N, len(y_train) != N, or the feature sizes differ.
    X_train = np.asarray(X_train, dtype=np.float64)
    X_test = np.asarray(X_test, dtype=np.float64)
    y_train = np.asarray(y_train)
    n = X_train.shape[0]
    if X_train.ndim != 2 or X_test.ndim != 2 or X_train.shape[1] != X_test.shape[1]:
        raise ValueError(f"expected X_train (N, D) and X_test (M, D), got {X_train.shape} and {X_test.shape}")
    if y_train.shape != (n,):
        raise ValueError(f"y_train must have shape ({n},), got {y_train.shape}")
    if not 1 <= k <= n:
        raise ValueError(f"k must be in [1, N={n}], got {k}")
    d2 = (
        np.einsum("md,md->m", X_test, X_test)[:, None]
        - 2.0 * X_test @ X_train.T
        + np.einsum("nd,nd->n", X_train, X_train)[None, :]
    )  # (M, N) squared distances; sqrt is monotone, so not needed for ranking
    nn = np.argsort(d2, axis=1, kind="stable")[:, :k]  # (M, k) neighbour indices, ties by index
    classes, codes = np.unique(y_train, return_inverse=True)  # sorted labels, (N,) codes 0..C-1
    votes = (codes[nn][:, :, None] == np.arange(classes.size)).sum(axis=1)  # (M, k, C) -> (M, C)
    return classes[votes.argmax(axis=1)]  # argmax: first (= smallest) label among tied counts
    # END REGION solve


if __name__ == "__main__":
    X_train = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0]])
    y_train = np.array([0, 0, 1, 1, 1])
    X_test = np.array([[0.2, 0.1], [5.5, 5.0]])
    print("k=3:", knn_predict(X_train, y_train, X_test, 3))
    print("k=5:", knn_predict(X_train, y_train, X_test, 5))
