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
    # TODO(solve): Return the (M,) predicted labels (dtype of y_train) for X_test (M, D) by majority vote of the k nearest rows of X_train (N, D).
    # | Euclidean distance. Ties: equally distant training points are taken in training-index
    # | order; equal vote counts go to the smallest label. Labels may be any integers (e.g. 3 and 7).
    # | No Python loop over points. M == 0 gives an empty array. Raise ValueError if k < 1,
    # | k > N, len(y_train) != N, or the feature sizes differ.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    X_train = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0]])
    y_train = np.array([0, 0, 1, 1, 1])
    X_test = np.array([[0.2, 0.1], [5.5, 5.0]])
    print("k=3:", knn_predict(X_train, y_train, X_test, 3))
    print("k=5:", knn_predict(X_train, y_train, X_test, 5))
