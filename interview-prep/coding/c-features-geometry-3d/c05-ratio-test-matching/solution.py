"""c05 - Ratio-test matching with cross-check.

Match float descriptors d1 (N, D) to d2 (M, D) by L2 nearest neighbour, keep a match only if
it passes Lowe's ratio test (nearest clearly closer than the second nearest) and, optionally,
the cross-check (the two descriptors are each other's nearest neighbour).
"""

from __future__ import annotations

import numpy as np


def match_descriptors(d1: np.ndarray, d2: np.ndarray, ratio: float = 0.8, cross_check: bool = True) -> np.ndarray:
    """Matches (i, j) from d1 (N, D) to d2 (M, D), int64 (K, 2) sorted by i.

    j = argmin_j ||d1[i] - d2[j]||  (lowest index on ties), dist1 = that distance, dist2 = the
    second smallest distance over the OTHER j (+inf when M == 1).
    ratio test:   dist1 < ratio · dist2                  (strict; Euclidean, not squared, distances)
    cross-check:  argmin_i' ||d1[i'] - d2[j]|| == i       (only when cross_check)
    """
    # BEGIN REGION solve: Return int64 (K, 2) rows (i, j) of accepted matches from d1 (N, D) to d2 (M, D), sorted by i.
    # | j is the L2-nearest row of d2 to d1[i] (lowest index on ties). Accept iff dist1 < ratio * dist2 (strict), where
    # | dist2 is the second-smallest Euclidean (not squared) distance from d1[i] to d2 (+inf if M == 1), and, when
    # | cross_check is True, d1[i] is also the nearest row of d1 to d2[j] (lowest index on ties). N == 0 or M == 0 ->
    # | shape (0, 2). Raise ValueError if D differs or ratio is not in (0, 1]. No Python loop over descriptors.
    a = np.asarray(d1, dtype=np.float64)
    b = np.asarray(d2, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"expected (N, D) and (M, D) with the same D, got {a.shape} and {b.shape}")
    if not 0.0 < ratio <= 1.0:
        raise ValueError(f"ratio must be in (0, 1], got {ratio}")
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return np.zeros((0, 2), dtype=np.int64)
    d2sq = (a * a).sum(1)[:, None] - 2.0 * a @ b.T + (b * b).sum(1)[None, :]  # (N, M)
    dist = np.sqrt(np.maximum(d2sq, 0.0))
    rows = np.arange(n)
    j1 = dist.argmin(axis=1)  # (N,) nearest, lowest index on ties
    best = dist[rows, j1]
    if m > 1:
        others = dist.copy()
        others[rows, j1] = np.inf  # exclude the nearest itself; an equal-distance twin stays
        second = others.min(axis=1)  # (N,)
    else:
        second = np.full(n, np.inf)
    keep = best < ratio * second  # inf * ratio = inf, so M == 1 always passes
    if cross_check:
        i_back = dist.argmin(axis=0)  # (M,) nearest d1 row for each d2 row
        keep &= i_back[j1] == rows
    idx = np.flatnonzero(keep)
    return np.stack([idx, j1[idx]], axis=1).astype(np.int64).reshape(-1, 2)
    # END REGION solve


if __name__ == "__main__":
    d1 = np.array([[0.0, 0.0], [10.0, 0.0], [5.0, 5.0], [0.0, 9.0], [0.2, 0.0]])
    d2 = np.array([[1.0, 0.0], [10.0, 1.0], [4.0, 5.0], [6.0, 5.0], [0.0, 10.0], [0.5, 0.0]])
    print("match_descriptors(d1, d2, ratio=0.8, cross_check=True) =\n", match_descriptors(d1, d2))
    print("without cross-check:\n", match_descriptors(d1, d2, cross_check=False))
