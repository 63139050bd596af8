"""e07 - k-means with k-means++ initialisation.

Two pieces: k-means++ seeding (sample each new centre with probability proportional to the
squared distance to the nearest centre chosen so far) and Lloyd's iterations (assign to the
nearest centre, move each centre to the mean of its points, re-seed empty clusters).
"""

from __future__ import annotations

import numpy as np


def _sq_dists(X: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances (N, K) between rows of X (N, D) and C (K, D), clamped at 0."""
    d2 = np.einsum("nd,nd->n", X, X)[:, None] - 2.0 * X @ C.T + np.einsum("kd,kd->k", C, C)[None, :]
    return np.maximum(d2, 0.0)


def init_pp(X: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """k-means++ seeding (Arthur & Vassilvitskii, 2007).

    c_1 = a uniformly random row of X; then, for j = 2..k, with D²(x) = min_{c chosen} ||x - c||²,
    pick row i with probability D²(x_i) / Σ D². Expected inertia is O(log k) times the optimum.
    """
    # TODO(init_pp): Return k initial centres (k, D) float64, each a row of X (N, D), chosen by k-means++ with np.random.default_rng(seed).
    # | First centre uniform over the rows; each next one with probability proportional to the
    # | squared distance to its nearest already-chosen centre. If all remaining squared distances
    # | are 0 (duplicates), pick uniformly among the rows not chosen yet. Same seed -> same
    # | centres. Raise ValueError if k < 1 or k > N.
    raise NotImplementedError("TODO(init_pp): write this region")


def lloyd(
    X: np.ndarray, centers: np.ndarray, max_iter: int = 300, tol: float = 1e-10
) -> tuple[np.ndarray, np.ndarray, float]:
    """Lloyd's algorithm from the given centres.

    Repeat: labels = argmin_k ||x - c_k||² (ties -> lower k); c_k = mean of its points; an empty
    cluster is moved onto the point farthest from its assigned centre (several empty clusters
    take the farthest points in decreasing order). Stop when no centre moves by more than
    tol in squared distance, or after max_iter updates. Inertia = Σ_i min_k ||x_i - c_k||².
    """
    # TODO(lloyd): Run Lloyd iterations from centers (K, D) on X (N, D); return (centers (K, D) float64, labels (N,) int, inertia float).
    # | Assign each point to its nearest centre (ties -> lowest index); move each centre to the mean
    # | of its points. An EMPTY cluster's centre moves onto the point with the largest squared
    # | distance to its assigned centre (several empty clusters: the farthest points, in order).
    # | Stop when every centre moved by <= tol (squared) or after max_iter updates. The returned
    # | labels and inertia (sum of squared distances) must belong to the RETURNED centres.
    raise NotImplementedError("TODO(lloyd): write this region")


if __name__ == "__main__":
    X = np.array([[0.0], [1.0], [10.0], [11.0]])
    print("lloyd from [[0], [1]]:", lloyd(X, np.array([[0.0], [1.0]])))
    C0 = init_pp(X, 2, seed=0)
    print("init_pp seed 0:", C0.ravel(), "->", lloyd(X, C0))
