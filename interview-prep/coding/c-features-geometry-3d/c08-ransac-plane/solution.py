"""c08 - RANSAC plane in 3D.

Region `fit_plane`: the total-least-squares plane n·p + d = 0 through 3-D points, with a unit
normal and a fixed sign convention. Region `ransac`: planes from random 3-point samples
(collinear samples skipped), best inlier count, refit on the inliers. The ground plane in a
LiDAR scan or a table top in an RGB-D frame is found exactly like this.
"""

from __future__ import annotations

import numpy as np


def _canonical(n: np.ndarray, d: float) -> np.ndarray:
    """Sign convention: d < 0 (normal points from the origin towards the plane); for a plane through
    the origin (|d| <= 1e-12) the first non-negligible component of n is positive."""
    if d > 1e-12 or (abs(d) <= 1e-12 and n[np.flatnonzero(np.abs(n) > 1e-12)[0]] < 0):
        n, d = -n, -d
    return np.array([n[0], n[1], n[2], d])


def fit_plane(points: np.ndarray) -> np.ndarray:
    """Plane [nx, ny, nz, d] with ||n|| = 1 minimising Σ (n·p_i + d)² over (N, 3) points, N >= 3.

    The plane passes through the centroid m; n is the right singular vector of the centred points
    with the SMALLEST singular value; d = -n·m. Sign: d <= 0 (see the README for d = 0).
    """
    # BEGIN REGION fit_plane: Return float64 (4,) [nx, ny, nz, d], ||n|| = 1: the plane minimising the sum of squared perpendicular distances.
    # | points (N, 3), N >= 3. The plane passes through the centroid; n is the direction of least spread. Sign convention:
    # | flip (n, d) so that d < 0; if |d| <= 1e-12 (plane through the origin) flip so the first component of n with
    # | |value| > 1e-12 is positive. Raise ValueError if N < 3 or the points are collinear/coincident (the second-smallest
    # | singular value of the centred points is <= 1e-9 times the largest).
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 3 or len(p) < 3:
        raise ValueError(f"need (N >= 3, 3) points, got {p.shape}")
    m = p.mean(axis=0)  # (3,)
    _, s, vt = np.linalg.svd(p - m, full_matrices=False)  # s descending, (3,)
    if s[0] == 0.0 or s[1] <= 1e-9 * s[0]:
        raise ValueError("points are collinear or coincident: the plane is undefined")
    n = vt[-1]  # (3,) unit normal
    return _canonical(n, float(-n @ m))
    # END REGION fit_plane


def ransac_plane(
    points: np.ndarray, threshold: float, n_iters: int = 200, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """RANSAC plane: (plane float64 (4,), inliers bool (N,)).

    Trials: 3 distinct indices from np.random.default_rng(seed); n = (p1 - p0) x (p2 - p0); skip the trial
    when ||n|| <= 1e-9·||p1 - p0||·||p2 - p0|| (collinear sample); inliers |n̂·p + d| <= threshold; keep the
    most inliers (first on ties); refit with fit_plane on them; inliers w.r.t. the refit plane.
    """
    # BEGIN REGION ransac: Return (plane (4,) in fit_plane's convention, inliers bool (N,)) robustly fitted to (N, 3) points.
    # | n_iters trials with rng = np.random.default_rng(seed): 3 DISTINCT indices, plane through them from a cross product;
    # | SKIP collinear samples (||cross|| <= 1e-9·||p1 - p0||·||p2 - p0||); score by the number of points at perpendicular
    # | distance <= threshold; keep the best (first on ties). Refit with fit_plane on its inliers; return that plane and
    # | the mask of points within threshold of it. Raise ValueError if N < 3, threshold <= 0, or every sample was collinear.
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 3 or len(p) < 3:
        raise ValueError(f"need (N >= 3, 3) points, got {p.shape}")
    if threshold <= 0:
        raise ValueError(f"threshold must be > 0, got {threshold}")
    rng = np.random.default_rng(seed)
    best_mask, best_count = None, -1
    for _ in range(n_iters):
        i, j, k = rng.choice(len(p), size=3, replace=False)
        u, v = p[j] - p[i], p[k] - p[i]
        n = np.cross(u, v)  # (3,)
        nn = np.linalg.norm(n)
        if nn <= 1e-9 * np.linalg.norm(u) * np.linalg.norm(v) or nn == 0.0:
            continue  # collinear (or repeated) sample: infinitely many planes
        n /= nn
        mask = np.abs((p - p[i]) @ n) <= threshold  # (N,)
        count = int(mask.sum())
        if count > best_count:
            best_mask, best_count = mask, count
    if best_mask is None:
        raise ValueError("every sample was collinear: no plane hypothesis")
    plane = fit_plane(p[best_mask])
    inliers = np.abs(p @ plane[:3] + plane[3]) <= threshold
    return plane, inliers
    # END REGION ransac


def _demo_cloud(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """60 points on the floor z = -1.5 (in a camera frame) and 40 clutter points >= 0.5 above or below it."""
    rng = np.random.default_rng(seed)
    floor = np.c_[rng.uniform(-3, 3, (60, 2)), np.full(60, -1.5)]
    clutter = np.c_[rng.uniform(-3, 3, (40, 2)), -1.5 + rng.choice([-1, 1], 40) * rng.uniform(0.5, 3, 40)]
    return np.vstack([floor, clutter]), np.r_[np.ones(60, bool), np.zeros(40, bool)]


if __name__ == "__main__":
    tri = np.array([[0.0, 0.0, 2.0], [1.0, 0.0, 2.0], [0.0, 1.0, 2.0]])
    print("fit_plane(three points on z = 2):", fit_plane(tri))
    pts, truth = _demo_cloud()
    plane, inl = ransac_plane(pts, threshold=0.05, n_iters=200, seed=0)
    print(
        "RANSAC floor plane:", np.round(plane, 6), " inliers:", int(inl.sum()), " correct:", bool((inl == truth).all())
    )
