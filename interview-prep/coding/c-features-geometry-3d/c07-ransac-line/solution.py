"""c07 - RANSAC line fitting.

Region `tls`: the total-least-squares line through 2-D points (minimises perpendicular, not
vertical, distances). Region `ransac`: hypothesise lines from random point pairs, keep the one
with the most inliers, refit it by total least squares on those inliers.
"""

from __future__ import annotations

import numpy as np


def fit_line_tls(points: np.ndarray) -> np.ndarray:
    """Line a·x + b·y + c = 0 with a² + b² = 1 minimising Σ (a·x_i + b·y_i + c)² over (N, 2) points.

    The optimum passes through the centroid m; (a, b) is the eigenvector of the 2x2 scatter
    matrix Σ (p_i - m)(p_i - m)ᵀ with the SMALLEST eigenvalue (the direction of least spread),
    c = -(a, b)·m. Returns float64 (3,) [a, b, c]; the overall sign is free.
    """
    # BEGIN REGION tls: Return float64 (3,) [a, b, c] with a² + b² = 1: the line minimising the sum of squared PERPENDICULAR distances.
    # | points (N, 2) as (x, y), N >= 2. The line passes through the centroid; (a, b) is the unit normal (any overall sign).
    # | Must work for vertical lines. Raise ValueError for fewer than 2 points or when all points coincide.
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2 or len(p) < 2:
        raise ValueError(f"need (N >= 2, 2) points, got {p.shape}")
    m = p.mean(axis=0)  # (2,)
    q = p - m  # (N, 2) centred
    scatter = q.T @ q  # (2, 2)
    if np.trace(scatter) <= 1e-24 * max(1.0, float(np.abs(p).max()) ** 2):
        raise ValueError("all points coincide: the line is undefined")
    _, vecs = np.linalg.eigh(scatter)  # ascending eigenvalues
    n = vecs[:, 0]  # (2,) unit normal
    return np.array([n[0], n[1], -n @ m])
    # END REGION tls


def ransac_line(
    points: np.ndarray, threshold: float, n_iters: int = 200, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """RANSAC for a 2-D line.

    Repeat n_iters times: draw 2 distinct indices with np.random.default_rng(seed); skip the trial
    if the two points coincide; line through them; inliers = |a·x + b·y + c| <= threshold.
    Keep the trial with the most inliers (the first on ties). Refit by TLS on its inliers and
    return (line [a, b, c] float64 (3,), inliers bool (N,) = points within threshold of the REFIT line).
    """
    # BEGIN REGION ransac: Return (line float64 (3,) [a, b, c] with a² + b² = 1, inliers bool (N,)) fitted robustly to (N, 2) points.
    # | n_iters trials with rng = np.random.default_rng(seed): sample 2 DISTINCT indices, skip coincident pairs, score a line
    # | by its number of points at perpendicular distance <= threshold; keep the best (first on ties). Then refit with
    # | fit_line_tls on the best trial's inliers, and return that line and the mask of points within threshold of it.
    # | Raise ValueError if N < 2, threshold <= 0, or no trial had two distinct points.
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2 or len(p) < 2:
        raise ValueError(f"need (N >= 2, 2) points, got {p.shape}")
    if threshold <= 0:
        raise ValueError(f"threshold must be > 0, got {threshold}")
    rng = np.random.default_rng(seed)
    best_mask, best_count = None, -1
    for _ in range(n_iters):  # a loop over trials is the algorithm
        i, j = rng.choice(len(p), size=2, replace=False)
        d = p[j] - p[i]
        norm = np.hypot(d[0], d[1])
        if norm == 0.0:
            continue  # degenerate sample: no unique line
        n = np.array([-d[1], d[0]]) / norm  # unit normal
        dist = np.abs((p - p[i]) @ n)  # (N,) perpendicular distances
        mask = dist <= threshold
        count = int(mask.sum())
        if count > best_count:
            best_mask, best_count = mask, count
    if best_mask is None:
        raise ValueError("every sampled pair was degenerate (coincident points)")
    line = fit_line_tls(p[best_mask])
    inliers = np.abs(p @ line[:2] + line[2]) <= threshold
    return line, inliers
    # END REGION ransac


def _demo_points(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """30 points on 0.6·x + 0.8·y - 3 = 0 and 20 outliers (40 %) at least 1.0 away from it."""
    rng = np.random.default_rng(seed)
    n = np.array([0.6, 0.8])
    t = np.linspace(-10, 10, 30)
    inl = 3.0 * n + t[:, None] * np.array([-0.8, 0.6])  # (30, 2) on the line
    out = rng.uniform(-12, 12, size=(200, 2))
    out = out[np.abs(out @ n - 3.0) >= 1.0][:20]  # (20, 2) clear outliers
    return np.vstack([inl, out]), np.r_[np.ones(30, bool), np.zeros(20, bool)]


if __name__ == "__main__":
    print("TLS line through (0,0), (1,1), (2,2):", np.round(fit_line_tls(np.array([[0, 0], [1, 1], [2, 2.0]])), 6))
    pts, truth = _demo_points()
    line, inl = ransac_line(pts, threshold=0.1, n_iters=200, seed=0)
    print(
        "RANSAC line:",
        np.round(line, 6),
        " inliers:",
        int(inl.sum()),
        "of",
        len(pts),
        " mask correct:",
        bool((inl == truth).all()),
    )
