"""a01 - Pairwise L2 distances without loops.

Given a query set X (N, D) and a reference set Y (M, D), return the (N, M) matrix of
Euclidean distances  dist[i, j] = ||x_i - y_j||_2  with no Python loop.
"""

from __future__ import annotations

import numpy as np


def pairwise_l2(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Euclidean distances between every row of ``x`` (N, D) and every row of ``y`` (M, D).

    Expansion: ||x - y||^2 = ||x||^2 - 2 x.y + ||y||^2, so the whole matrix is two vectors of
    squared norms and one matrix product (a BLAS GEMM): O(N·M·D) time, O(N·M) extra memory,
    where the broadcasting version x[:, None] - y[None] needs O(N·M·D) memory.
    Returns float64 (N, M); raises ValueError if the feature sizes differ.
    """
    # BEGIN REGION solve: Return the (N, M) float64 matrix of Euclidean distances between the rows of x (N, D) and y (M, D).
    # | No Python loops, and no (N, M, D) intermediate array. Empty inputs give an empty (N, M)
    # | matrix; x and y with different D raise ValueError. Distances are never negative or NaN.
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[1]:
        raise ValueError(f"expected x (N, D) and y (M, D) with the same D, got {x.shape} and {y.shape}")
    x_sq = np.einsum("nd,nd->n", x, x)  # (N,)  squared norms without an (N, D) temporary
    y_sq = np.einsum("md,md->m", y, y)  # (M,)
    d2 = x_sq[:, None] - 2.0 * (x @ y.T) + y_sq[None, :]  # (N, 1) - (N, M) + (1, M) -> (N, M)
    # Cancellation: for x ≈ y the three terms are large and nearly cancel, and rounding can
    # leave a tiny negative number whose sqrt is NaN. Clamp before the square root.
    np.maximum(d2, 0.0, out=d2)
    return np.sqrt(d2)
    # END REGION solve


if __name__ == "__main__":
    x = np.array([[0.0, 0.0], [3.0, 4.0]])
    y = np.array([[0.0, 0.0], [6.0, 8.0], [3.0, 0.0]])
    print("x =", x.tolist(), " y =", y.tolist())
    print("pairwise_l2(x, y) =\n", pairwise_l2(x, y))
