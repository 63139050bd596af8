"""e11 - Decision-tree best split.

The core of CART: for every feature and every midpoint between consecutive distinct values,
measure how much the weighted impurity (Gini or entropy) of the two children drops, and keep
the best. Sorting each feature once and taking cumulative class counts evaluates all
N - 1 candidate thresholds of all features without a loop over samples.
"""

from __future__ import annotations

import numpy as np


def impurity(counts: np.ndarray, criterion: str = "gini") -> np.ndarray:
    """Impurity of class-count vectors along the last axis: (..., C) -> (...).

    gini = 1 - Σ_c p_c²;  entropy = -Σ_c p_c log2 p_c (0 log 0 = 0); p = counts / counts.sum().
    Empty count vectors have impurity 0.
    """
    # TODO(impurity): Return the impurity of each count vector along the LAST axis of counts (..., C) -> (...), float64.
    # | "gini": 1 - Σ p²; "entropy": -Σ p·log2(p) with 0·log 0 = 0 (bits). p = counts / their sum.
    # | An all-zero count vector (empty child) has impurity 0, never NaN. Other criterion: ValueError.
    raise NotImplementedError("TODO(impurity): write this region")


def best_split(X: np.ndarray, y: np.ndarray, criterion: str = "gini") -> tuple[int, float, float] | None:
    """Best (feature, threshold, gain) for one tree node; a sample goes left iff x[feature] <= threshold.

    gain = I(parent) - (n_L / n) I(left) - (n_R / n) I(right), thresholds are midpoints between
    consecutive distinct values of a feature, ties -> lowest feature, then lowest threshold.
    """
    # TODO(split): Return (feature int, threshold float, gain float) maximising the impurity decrease over all features and midpoint thresholds, or None.
    # | X (N, D) numbers, y (N,) labels. Left child = rows with X[:, feature] <= threshold.
    # | Thresholds: midpoints between consecutive DISTINCT sorted values of a feature.
    # | gain = impurity(parent) - n_L/n·impurity(left) - n_R/n·impurity(right), using impurity()
    # | ("gini" or "entropy" in bits). Ties: lowest feature index, then lowest threshold. Return
    # | None when the node is pure or no feature has two distinct values. No loop over samples.
    raise NotImplementedError("TODO(split): write this region")


if __name__ == "__main__":
    X = np.array([[2.0, 7.0], [3.0, 1.0], [10.0, 5.0], [11.0, 3.0]])
    y = np.array([0, 0, 1, 1])
    print("gini:   ", best_split(X, y, "gini"))
    print("entropy:", best_split(X, y, "entropy"))
