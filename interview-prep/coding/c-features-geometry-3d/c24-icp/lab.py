"""c24 - Point-to-point ICP (iterative closest point).

Alternate two steps until the error stops falling: (1) match every moved source point to
its nearest target point (a kd-tree query), (2) solve the best rigid transform for those
matches in closed form (Kabsch). Each step can only lower the mean squared distance, so
the RMSE history never increases; it converges to the nearest local minimum.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree


def icp(
    source: np.ndarray,
    target: np.ndarray,
    R0: np.ndarray | None = None,
    t0: np.ndarray | None = None,
    max_iter: int = 50,
    tol: float = 1e-10,
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Rigid (R, t) aligning source (N, 3) onto target (M, 3), x ↦ R x + t, plus the RMSE history.

    history[0] = RMS nearest-neighbour distance under (R0, t0); after each update k,
    history[k] = RMS distance under the new transform. Stop after max_iter updates or when
    history[k-1] - history[k] < tol.
    Update: matches j(i) = argmin_j |R p_i + t - q_j|, then (R, t) = Kabsch(p_i -> q_j(i)).
    """
    # TODO(solve): Return (R (3, 3), t (3,), history) with R a rotation (det +1) such that R p + t aligns the
    # | source (N, 3) onto the target cloud (M, 3), starting from R0, t0 (default identity, zero).
    # | history[0] = RMS distance from each moved source point to its nearest target point under the initial
    # | transform; each iteration matches nearest neighbours (scipy.spatial.cKDTree allowed), solves the best rigid
    # | transform for those pairs in closed form (with the reflection guard), and appends the new RMS distance.
    # | Stop after max_iter updates or once the RMSE fell by less than tol. Raise ValueError on empty or non-(., 3) input.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    src = rng.normal(size=(300, 3)) * [2.0, 1.0, 0.5]
    angle = np.radians(15.0)
    R_true = np.array([[np.cos(angle), -np.sin(angle), 0.0], [np.sin(angle), np.cos(angle), 0.0], [0.0, 0.0, 1.0]])
    tgt = src @ R_true.T + [0.3, -0.2, 0.1]
    R, t, hist = icp(src, tgt)
    print("iterations:", len(hist) - 1, " RMSE first/last: %.4f / %.2e" % (hist[0], hist[-1]))
    print("rotation error:", np.abs(R - R_true).max(), " t =", np.round(t, 6))
