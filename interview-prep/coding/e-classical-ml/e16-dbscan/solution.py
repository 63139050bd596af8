"""e16 - DBSCAN.

Density-based clustering: core points have at least min_samples points (themselves
included) within distance eps; clusters are the connected components of core points under
the eps-neighbour relation, plus the border points they reach; everything else is noise.
"""

from __future__ import annotations

from collections import deque

import numpy as np


def dbscan(X: np.ndarray, eps: float, min_samples: int) -> np.ndarray:
    """Cluster the rows of X (N, D); return int64 labels (N,), -1 for noise.

    neighbours(i) = { j : ||x_i - x_j|| <= eps }   (i itself included)
    core(i)      <=> |neighbours(i)| >= min_samples
    Clusters are numbered 0, 1, ... in the order of their lowest-index core point; a border
    point (not core, but a neighbour of a core point) joins the first cluster that reaches it.
    """
    # BEGIN REGION solve: Return int64 labels (N,): cluster ids 0, 1, ... and -1 for noise, for the rows of X (N, D).
    # | A point is core if at least min_samples points (itself included) lie at Euclidean distance <= eps.
    # | Clusters grow from core points through neighbours; only core points expand further; a non-core
    # | neighbour of a core point is a border point and joins the first cluster that reaches it. Number the
    # | clusters in order of their lowest-index core point (scan i = 0..N-1, start a cluster at each
    # | unlabelled core point). N = 0 gives an empty array. eps <= 0 or min_samples < 1: ValueError.
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"expected X of shape (N, D), got {X.shape}")
    if eps <= 0 or min_samples < 1:
        raise ValueError(f"need eps > 0 and min_samples >= 1, got eps={eps}, min_samples={min_samples}")
    n = X.shape[0]
    sq = np.einsum("nd,nd->n", X, X)
    d2 = np.maximum(sq[:, None] - 2.0 * (X @ X.T) + sq[None, :], 0.0)  # (N, N) squared distances
    # The expansion rounds; compare in squared units with a tiny relative slack for points exactly at eps.
    adj = d2 <= eps * eps * (1 + 1e-12) + 1e-12 * (sq[:, None] + sq[None, :])
    np.fill_diagonal(adj, True)
    is_core = adj.sum(axis=1) >= min_samples  # (N,)
    labels = np.full(n, -1, dtype=np.int64)
    cluster = 0
    for i in range(n):
        if labels[i] != -1 or not is_core[i]:
            continue
        labels[i] = cluster
        queue = deque([i])
        while queue:  # breadth-first search through core points
            p = queue.popleft()
            for q in np.flatnonzero(adj[p] & (labels == -1)):
                labels[q] = cluster
                if is_core[q]:
                    queue.append(q)
        cluster += 1
    return labels
    # END REGION solve


if __name__ == "__main__":
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [2.0, 0.0], [10.0, 10.0], [10.0, 11.0], [11.0, 10.0], [5.0, 5.0]])
    print("labels =", dbscan(X, eps=1.0, min_samples=3))
