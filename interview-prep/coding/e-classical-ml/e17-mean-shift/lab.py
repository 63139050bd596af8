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
    # TODO(solve): Return (centres (K, D) float64, labels (N,) int64) of flat-kernel mean shift on X (N, D).
    # | Every point is a seed; a seed moves to the mean of the data points within distance <= bandwidth
    # | and stops when it moves by <= tol * bandwidth or after max_iter moves. Visit the converged modes by
    # | decreasing support (number of data points within bandwidth of the mode; ties: lower seed index) and
    # | keep a mode only if no kept mode is within distance <= bandwidth. Centres are in that order; each
    # | point gets the index of its nearest centre. bandwidth <= 0 or N = 0: ValueError. Vectorise the
    # | seeds: loop over iterations, not over points.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0]])
    centres, labels = mean_shift(X, bandwidth=2.0)
    print("centres =", centres.ravel(), " labels =", labels)
