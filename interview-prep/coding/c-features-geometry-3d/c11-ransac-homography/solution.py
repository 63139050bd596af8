"""c11 - RANSAC homography.

`homography_dlt` (the normalised DLT of c10) is given. Region `reproj`: the transfer error of
every correspondence under H. Region `ransac`: 4-point hypotheses, inliers by a reprojection
threshold, best model refit on all its inliers - what cv2.findHomography(method=cv2.RANSAC) does.
"""

from __future__ import annotations

import numpy as np


def homography_dlt(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """GIVEN (c10): normalised DLT homography, H[2, 2] = 1. Raises ValueError for N < 4 or degenerate input."""
    s = np.asarray(src, dtype=np.float64)
    d = np.asarray(dst, dtype=np.float64)
    if s.ndim != 2 or s.shape[1] != 2 or s.shape != d.shape or len(s) < 4:
        raise ValueError(f"need >= 4 pairs of (N, 2) points, got {s.shape} and {d.shape}")

    def norm(p):
        m = p.mean(0)
        md = np.linalg.norm(p - m, axis=1).mean()
        if md <= 1e-12 * max(1.0, float(np.abs(p).max())):
            raise ValueError("coincident points")
        k = np.sqrt(2.0) / md
        return (p - m) * k, np.array([[k, 0, -k * m[0]], [0, k, -k * m[1]], [0, 0, 1.0]])

    (sn, ts), (dn, td) = norm(s), norm(d)
    x, y, u, v = sn[:, 0], sn[:, 1], dn[:, 0], dn[:, 1]
    z, o = np.zeros_like(x), np.ones_like(x)
    a = np.concatenate(
        [np.stack([-x, -y, -o, z, z, z, u * x, u * y, u], 1), np.stack([z, z, z, -x, -y, -o, v * x, v * y, v], 1)]
    )
    _, sv, vt = np.linalg.svd(a)
    if sv[7] <= 1e-9 * sv[0]:
        raise ValueError("degenerate configuration")
    h = np.linalg.inv(td) @ vt[-1].reshape(3, 3) @ ts
    if abs(h[2, 2]) <= 1e-12 * np.abs(h).max():
        raise ValueError("H[2, 2] is zero")
    return h / h[2, 2]


def reprojection_errors(H: np.ndarray, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Transfer error e_i = || dst_i - π(H·[x_i, y_i, 1]ᵀ) ||₂, π(a, b, w) = (a / w, b / w). float64 (N,).

    A point mapped to w ≈ 0 (the line at infinity) gets error +inf.
    """
    # BEGIN REGION reproj: Return float64 (N,) Euclidean distances between dst_i and the projection of src_i by H (3, 3).
    # | Map [x, y, 1] by H, divide by the third coordinate w, compare with dst. Where |w| <= 1e-12 the error is +inf
    # | (no NaN, no warning). Empty input -> shape (0,). Raise ValueError if H is not 3x3 or src/dst shapes differ.
    # | Vectorised over points.
    h = np.asarray(H, dtype=np.float64)
    s = np.asarray(src, dtype=np.float64).reshape(-1, 2)
    d = np.asarray(dst, dtype=np.float64).reshape(-1, 2)
    if h.shape != (3, 3) or s.shape != d.shape:
        raise ValueError(f"expected H (3, 3) and src/dst of the same (N, 2) shape, got {h.shape}, {s.shape}, {d.shape}")
    q = s @ h[:, :2].T + h[:, 2]  # (N, 3) homogeneous images of src
    w = q[:, 2]
    ok = np.abs(w) > 1e-12
    err = np.full(len(s), np.inf)
    proj = q[ok, :2] / w[ok, None]  # (K, 2)
    err[ok] = np.linalg.norm(proj - d[ok], axis=1)
    return err
    # END REGION reproj


def ransac_homography(
    src: np.ndarray, dst: np.ndarray, threshold: float = 3.0, n_iters: int = 500, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """RANSAC homography: (H (3, 3) with H[2, 2] = 1, inliers bool (N,)).

    Trials: 4 distinct indices from np.random.default_rng(seed); H_k = homography_dlt on them (skip the
    trial if it raises ValueError: degenerate sample); inliers = reprojection error <= threshold.
    Keep the most inliers (first on ties), refit homography_dlt on all of them, and return the refit H
    with its own inlier mask.
    """
    # BEGIN REGION ransac: Return (H float64 (3, 3) with H[2, 2] = 1, inliers bool (N,)) robustly estimated from src -> dst.
    # | n_iters trials with rng = np.random.default_rng(seed): 4 DISTINCT indices, H from the given homography_dlt (a
    # | ValueError means a degenerate sample: skip it), inliers = reprojection_errors <= threshold. Keep the trial with the
    # | most inliers (first on ties), refit homography_dlt on all its inliers, return that H and the mask of points with
    # | error <= threshold under it. Raise ValueError if N < 4, threshold <= 0, or no trial gave a homography.
    s = np.asarray(src, dtype=np.float64)
    d = np.asarray(dst, dtype=np.float64)
    if s.ndim != 2 or s.shape[1] != 2 or s.shape != d.shape or len(s) < 4:
        raise ValueError(f"need >= 4 pairs of (N, 2) points, got {s.shape} and {d.shape}")
    if threshold <= 0:
        raise ValueError(f"threshold must be > 0, got {threshold}")
    rng = np.random.default_rng(seed)
    best_mask, best_count = None, -1
    for _ in range(n_iters):  # loop over hypotheses
        idx = rng.choice(len(s), size=4, replace=False)
        try:
            h = homography_dlt(s[idx], d[idx])
        except ValueError:
            continue  # 3 collinear points in the sample: no unique homography
        mask = reprojection_errors(h, s, d) <= threshold
        count = int(mask.sum())
        if count > best_count:
            best_mask, best_count = mask, count
    if best_mask is None:
        raise ValueError("every sample was degenerate")
    h = homography_dlt(s[best_mask], d[best_mask])
    return h, reprojection_errors(h, s, d) <= threshold
    # END REGION ransac


def _demo(seed: int = 0, n: int = 50, outlier_frac: float = 0.3, noise: float = 0.0):
    """Pixel correspondences under a known homography, with a fraction replaced by gross outliers (>= 20 px off)."""
    rng = np.random.default_rng(seed)
    H = np.array([[0.9, 0.1, 40.0], [-0.08, 1.05, 25.0], [2e-4, -1e-4, 1.0]])
    src = rng.uniform(0, 640, (n, 2))
    q = np.c_[src, np.ones(n)] @ H.T
    dst = q[:, :2] / q[:, 2:] + noise * rng.normal(size=(n, 2))
    bad = rng.permutation(n)[: round(outlier_frac * n)]
    r, phi = rng.uniform(20, 200, len(bad)), rng.uniform(0, 2 * np.pi, len(bad))
    dst[bad] += np.stack([r * np.cos(phi), r * np.sin(phi)], axis=1)  # gross mismatches
    truth = np.ones(n, bool)
    truth[bad] = False
    return src, dst, truth, H


if __name__ == "__main__":
    H = np.array([[2.0, 0.0, 1.0], [0.0, 2.0, -1.0], [0.0, 0.0, 1.0]])
    print(
        "reprojection_errors:",
        reprojection_errors(H, np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[1.0, -1.0], [6.0, 1.0]])),
    )
    src, dst, truth, H_true = _demo()
    H, inl = ransac_homography(src, dst, threshold=3.0, n_iters=500, seed=0)
    print("RANSAC: inliers", int(inl.sum()), "of", len(src), " mask correct:", bool((inl == truth).all()))
    print("H =\n", np.round(H, 6))
