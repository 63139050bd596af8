"""e17 - Mean-shift clustering with a flat kernel.

Every point is a seed that climbs the density: it moves to the mean of the data points within
`bandwidth` until it stops moving. The converged modes are merged greedily (most supported
first) and every point is labelled with its nearest surviving centre.
"""

from __future__ import annotations

import numpy as np


def _sq_dists(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(P, D), (Q, D) -> (P, Q) squared Euclidean distances, clamped at 0."""
    d2 = np.einsum("pd,pd->p", a, a)[:, None] - 2.0 * (a @ b.T) + np.einsum("qd,qd->q", b, b)[None, :]
    return np.maximum(d2, 0.0)


def mean_shift(
    X: np.ndarray, bandwidth: float, max_iter: int = 300, tol: float = 1e-3
) -> tuple[np.ndarray, np.ndarray]:
    """Flat-kernel mean shift. Returns centres (K, D) float64 and labels (N,) int64.

    1. Seeds m_i = x_i. Repeat:  m <- mean{ x_j : ||x_j - m|| <= bandwidth }  until the shift is
       <= tol * bandwidth (per seed) or max_iter updates were made.
    2. support(m) = #{ j : ||x_j - m|| <= bandwidth }. Visit the modes by decreasing support (ties:
       lower seed index first); keep a mode unless it is within bandwidth of a mode already kept.
    3. label_j = index of the nearest kept centre (ties: the lower index).
    """
    # BEGIN REGION solve: Return (centres (K, D) float64, labels (N,) int64) of flat-kernel mean shift on X (N, D).
    # | Every point is a seed; a seed moves to the mean of the data points within distance <= bandwidth
    # | and stops when it moves by <= tol * bandwidth or after max_iter moves. Visit the converged modes by
    # | decreasing support (number of data points within bandwidth of the mode; ties: lower seed index) and
    # | keep a mode only if no kept mode is within distance <= bandwidth. Centres are in that order; each
    # | point gets the index of its nearest centre. bandwidth <= 0 or N = 0: ValueError. Vectorise the
    # | seeds: loop over iterations, not over points.
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"expected a non-empty X of shape (N, D), got {X.shape}")
    if bandwidth <= 0:
        raise ValueError(f"bandwidth must be positive, got {bandwidth}")
    r2 = bandwidth * bandwidth
    modes = X.copy()  # (N, D) one seed per point
    active = np.ones(len(X), dtype=bool)
    for _ in range(max_iter):
        if not active.any():
            break
        inside = _sq_dists(modes[active], X) <= r2  # (A, N) flat kernel; never empty (see README)
        new = (inside @ X) / inside.sum(axis=1, keepdims=True)  # (A, N) @ (N, D) -> (A, D) means
        shift = np.linalg.norm(new - modes[active], axis=1)
        modes[active] = new
        idx = np.flatnonzero(active)
        active[idx[shift <= tol * bandwidth]] = False
    support = (_sq_dists(modes, X) <= r2).sum(axis=1)  # (N,)
    order = np.argsort(-support, kind="stable")  # most supported first, ties by seed index
    kept: list[np.ndarray] = []
    for i in order:
        m = modes[i]
        if not kept or np.min(np.sum((np.array(kept) - m) ** 2, axis=1)) > r2:
            kept.append(m)
    centres = np.array(kept)  # (K, D)
    labels = np.argmin(_sq_dists(X, centres), axis=1).astype(np.int64)  # (N,)
    return centres, labels
    # END REGION solve


if __name__ == "__main__":
    X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0]])
    centres, labels = mean_shift(X, bandwidth=2.0)
    print("centres =", centres.ravel(), " labels =", labels)
