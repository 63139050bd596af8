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
    # BEGIN REGION impurity: Return the impurity of each count vector along the LAST axis of counts (..., C) -> (...), float64.
    # | "gini": 1 - Σ p²; "entropy": -Σ p·log2(p) with 0·log 0 = 0 (bits). p = counts / their sum.
    # | An all-zero count vector (empty child) has impurity 0, never NaN. Other criterion: ValueError.
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum(axis=-1, keepdims=True)
    p = np.divide(counts, total, out=np.zeros_like(counts), where=total > 0)
    if criterion == "gini":
        return np.where(total[..., 0] > 0, 1.0 - (p * p).sum(axis=-1), 0.0)
    if criterion == "entropy":
        logp = np.log2(p, out=np.zeros_like(p), where=p > 0)
        return -(p * logp).sum(axis=-1)
    raise ValueError(f"criterion must be 'gini' or 'entropy', got {criterion!r}")
    # END REGION impurity


def best_split(X: np.ndarray, y: np.ndarray, criterion: str = "gini") -> tuple[int, float, float] | None:
    """Best (feature, threshold, gain) for one tree node; a sample goes left iff x[feature] <= threshold.

    gain = I(parent) - (n_L / n) I(left) - (n_R / n) I(right), thresholds are midpoints between
    consecutive distinct values of a feature, ties -> lowest feature, then lowest threshold.
    """
    # BEGIN REGION split: Return (feature int, threshold float, gain float) maximising the impurity decrease over all features and midpoint thresholds, or None.
    # | X (N, D) numbers, y (N,) labels. Left child = rows with X[:, feature] <= threshold.
    # | Thresholds: midpoints between consecutive DISTINCT sorted values of a feature.
    # | gain = impurity(parent) - n_L/n·impurity(left) - n_R/n·impurity(right), using impurity()
    # | ("gini" or "entropy" in bits). Ties: lowest feature index, then lowest threshold. Return
    # | None when the node is pure or no feature has two distinct values. No loop over samples.
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"expected X (N, D) and y (N,), got {X.shape} and {y.shape}")
    n = X.shape[0]
    classes, codes = np.unique(y, return_inverse=True)
    if n < 2 or classes.size < 2:
        return None  # nothing to split, or already pure
    order = np.argsort(X, axis=0, kind="stable")  # (N, D) per-feature sort
    xs = np.take_along_axis(X, order, axis=0)  # (N, D) sorted values
    onehot = codes[order][..., None] == np.arange(classes.size)  # (N, D, C)
    left = np.cumsum(onehot, axis=0)[:-1]  # (N-1, D, C) counts of the first i+1 sorted samples
    total = left[-1] + onehot[-1]  # (D, C) = class counts of the node (same for every feature)
    right = total[None] - left  # (N-1, D, C)
    n_left = np.arange(1, n)[:, None]  # (N-1, 1)
    child = (n_left * impurity(left, criterion) + (n - n_left) * impurity(right, criterion)) / n  # (N-1, D)
    gain = impurity(total[0], criterion) - child  # (N-1, D)
    valid = xs[1:] > xs[:-1]  # a threshold must separate two distinct values
    if not valid.any():
        return None
    gain = np.where(valid, gain, -np.inf)
    flat = int(np.argmax(gain.T))  # (D, N-1) flattened: first max = lowest feature, then lowest threshold
    f, i = divmod(flat, n - 1)
    return f, float((xs[i, f] + xs[i + 1, f]) / 2.0), float(gain[i, f])
    # END REGION split


if __name__ == "__main__":
    X = np.array([[2.0, 7.0], [3.0, 1.0], [10.0, 5.0], [11.0, 3.0]])
    y = np.array([0, 0, 1, 1])
    print("gini:   ", best_split(X, y, "gini"))
    print("entropy:", best_split(X, y, "entropy"))
