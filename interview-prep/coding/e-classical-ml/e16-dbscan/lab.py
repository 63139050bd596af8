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
    # TODO(solve): Return int64 labels (N,): cluster ids 0, 1, ... and -1 for noise, for the rows of X (N, D).
    # | A point is core if at least min_samples points (itself included) lie at Euclidean distance <= eps.
    # | Clusters grow from core points through neighbours; only core points expand further; a non-core
    # | neighbour of a core point is a border point and joins the first cluster that reaches it. Number the
    # | clusters in order of their lowest-index core point (scan i = 0..N-1, start a cluster at each
    # | unlabelled core point). N = 0 gives an empty array. eps <= 0 or min_samples < 1: ValueError.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [2.0, 0.0], [10.0, 10.0], [10.0, 11.0], [11.0, 10.0], [5.0, 5.0]])
    print("labels =", dbscan(X, eps=1.0, min_samples=3))
