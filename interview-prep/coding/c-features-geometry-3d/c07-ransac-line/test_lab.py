"""Grader for c07 - RANSAC line fitting.

References: cv2.fitLine(DIST_L2) (OpenCV's total-least-squares line) for the refit, and exact
synthetic ground truth: 30 points on a known line plus 20 outliers (40 %) kept at least 1.0
away from it, so the inlier set is known exactly whatever random pairs a correct RANSAC draws.
Lines are compared up to their overall sign.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st


def _same_line(got, want, atol=1e-6) -> bool:
    got = np.asarray(got, dtype=np.float64)
    return bool(np.allclose(got, want, atol=atol) or np.allclose(got, -np.asarray(want), atol=atol))


def _scene(seed: int, normal_deg: float = 53.13010235415598, c: float = -3.0, noise: float = 0.0, n_in=30, n_out=20):
    """Inliers on cos(φ)x + sin(φ)y + c = 0 (plus noise), outliers >= 1.0 from it."""
    rng = np.random.default_rng(seed)
    phi = np.deg2rad(normal_deg)
    n = np.array([np.cos(phi), np.sin(phi)])
    t = np.linspace(-10, 10, n_in)
    inl = -c * n + t[:, None] * np.array([-n[1], n[0]]) + noise * rng.normal(size=(n_in, 2))
    out = []
    while len(out) < n_out:
        q = rng.uniform(-12, 12, size=2)
        if abs(q @ n + c) >= 1.0:
            out.append(q)
    pts = np.vstack([inl, np.array(out).reshape(-1, 2)])
    perm = rng.permutation(len(pts))
    truth = np.r_[np.ones(n_in, bool), np.zeros(n_out, bool)]
    return pts[perm], truth[perm], np.array([n[0], n[1], c])


def _check_line(line, what):
    line = np.asarray(line, dtype=np.float64)
    assert line.shape == (3,), f"{what}: returned shape {line.shape}, expected (3,) [a, b, c]"
    assert np.isclose(np.hypot(line[0], line[1]), 1.0, atol=1e-9), f"{what}: (a, b) = {line[:2]} must be a unit normal"
    return line


# ----------------------------------------------------------------------------- tls
@pytest.mark.region("tls")
def test_tls_exact_diagonal_and_vertical(lab):
    """Points on y = x give ±[-0.7071, 0.7071, 0]; points on the vertical x = 2 give ±[1, 0, -2]."""
    line = _check_line(lab.fit_line_tls(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])), "fit_line_tls(y = x)")
    assert _same_line(line, [-(0.5**0.5), 0.5**0.5, 0.0]), f"y = x: got {line}, expected ±[-0.7071, 0.7071, 0]"
    pts = np.stack([np.full(5, 2.0), np.arange(5.0)], axis=1)
    line = _check_line(lab.fit_line_tls(pts), "fit_line_tls(x = 2)")
    assert _same_line(line, [1.0, 0.0, -2.0]), (
        f"vertical line x = 2: got {line}, expected ±[1, 0, -2] (fitting y = m·x + b cannot represent it)"
    )


@pytest.mark.region("tls")
@given(st.integers(0, 2**31 - 1), st.integers(2, 15), st.floats(0, 180))
def test_tls_matches_cv2_fitline(lab, seed, n, normal_deg):
    """Noisy points near a random line: the fit agrees with cv2.fitLine(DIST_L2) (direction ⟂ normal, its point on the line)."""
    rng = np.random.default_rng(seed)
    pts, _, _ = _scene(seed, normal_deg, c=rng.uniform(-5, 5), noise=0.3, n_in=n, n_out=0)
    line = _check_line(lab.fit_line_tls(pts), f"fit_line_tls({n} points)")
    vx, vy, x0, y0 = cv2.fitLine(pts.astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    assert abs(line[0] * vx + line[1] * vy) < 2e-4, (
        f"{n} points: normal {line[:2]} is not perpendicular to cv2's direction ({vx:.5f}, {vy:.5f})"
    )
    assert abs(line[0] * x0 + line[1] * y0 + line[2]) < 2e-3, (
        f"cv2's line point ({x0:.4f}, {y0:.4f}) is not on {line} (the TLS line passes through the centroid)"
    )


@pytest.mark.region("tls")
def test_tls_rejects_degenerate(lab):
    """One point, or several copies of the same point, raise ValueError."""
    for pts in (np.array([[1.0, 2.0]]), np.array([[1.0, 2.0]] * 4)):
        with pytest.raises(ValueError):
            lab.fit_line_tls(pts)


# ----------------------------------------------------------------------------- ransac
@pytest.mark.region("ransac", needs=["tls"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exact_recovery_with_40_percent_outliers(lab, seed):
    """30 points exactly on 0.6x + 0.8y - 3 = 0 and 20 outliers >= 1 away: the line and the inlier mask are exact."""
    pts, truth, want = _scene(seed)
    line, inl = lab.ransac_line(pts, threshold=0.1, n_iters=200, seed=seed)
    line = _check_line(line, "ransac_line")
    inl = np.asarray(inl)
    assert inl.dtype == bool and inl.shape == (50,), f"inliers must be a bool (50,) mask, got {inl.dtype} {inl.shape}"
    assert _same_line(line, want, atol=1e-9), f"seed {seed}: got {line}, expected ±{want}"
    assert np.array_equal(inl, truth), (
        f"seed {seed}: {int((inl != truth).sum())} points misclassified (inliers are exactly the 30 on the line)"
    )


@pytest.mark.region("ransac", needs=["tls"])
def test_refit_on_noisy_inliers(lab):
    """Noisy inliers (σ = 0.02): the returned line is the TLS fit of the inliers (cv2.fitLine), not the best 2-point line."""
    pts, truth, _ = _scene(5, normal_deg=20.0, c=2.0, noise=0.02)
    line, inl = lab.ransac_line(pts, threshold=0.15, n_iters=200, seed=3)
    line = _check_line(line, "ransac_line")
    assert np.array_equal(np.asarray(inl), truth), (
        "with σ = 0.02 and threshold 0.15 the inliers are exactly the 30 line points"
    )
    vx, vy, x0, y0 = cv2.fitLine(pts[truth].astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    assert abs(line[0] * vx + line[1] * vy) < 1e-4 and abs(line[0] * x0 + line[1] * y0 + line[2]) < 1e-3, (
        f"got {line}; the TLS line of the inliers has direction ({vx:.5f}, {vy:.5f}) through ({x0:.4f}, {y0:.4f}): "
        "refit on all inliers of the best hypothesis"
    )


@pytest.mark.region("ransac", needs=["tls"])
def test_steep_line_uses_perpendicular_distance(lab):
    """A nearly vertical line (normal at 2°, noise σ = 0.01): inliers are judged by perpendicular, not vertical, distance."""
    pts, truth, want = _scene(7, normal_deg=2.0, c=-1.0, noise=0.01)
    line, inl = lab.ransac_line(pts, threshold=0.1, n_iters=200, seed=0)
    assert _same_line(line, want, atol=2e-2) and np.array_equal(np.asarray(inl), truth), (
        f"steep line: got {np.asarray(line)}, {int(np.asarray(inl).sum())} inliers; expected ±{want}, 30 inliers"
    )


@pytest.mark.region("ransac", needs=["tls"])
def test_trial_distance_is_normalised(lab):
    """A tight blob of 8 outliers: a pair from it must score by true perpendicular distance, not |cross product|."""
    pts, truth, want = _scene(11, normal_deg=30.0, c=-2.0, noise=0.02, n_in=30, n_out=12)
    rng = np.random.default_rng(11)
    q = np.array([6.0, 6.0])  # 6·cos30° + 6·sin30° - 2 ≈ 6.2 away from the line
    blob = q + 1e-3 * rng.normal(size=(8, 2))  # 8 repeated detections of one wrong point
    pts, truth = np.vstack([pts, blob]), np.r_[truth, np.zeros(8, bool)]
    line, inl = lab.ransac_line(pts, threshold=0.1, n_iters=200, seed=0)
    inl = np.asarray(inl)
    assert np.array_equal(inl, truth) and _same_line(line, want, atol=2e-2), (
        f"got {np.asarray(line)} with {int(inl.sum())} inliers, expected ±{want} with the 30 line points. "
        "A line through two points 0.001 apart scores |(p - p_i) × d| = distance·|d|: divide by |d| "
        "(use a UNIT normal), or that pair 'explains' every point within 100 units"
    )


@pytest.mark.region("ransac", needs=["tls"])
def test_two_points_and_errors(lab):
    """Two distinct points: the line through them, both inliers. Coincident points, N < 2 or threshold <= 0 raise ValueError."""
    line, inl = lab.ransac_line(np.array([[0.0, 1.0], [2.0, 1.0]]), threshold=0.1, n_iters=10)
    assert _same_line(line, [0.0, 1.0, -1.0]) and np.asarray(inl).tolist() == [True, True], (
        f"got {line}, {inl}; expected ±[0, 1, -1]"
    )
    for pts, thr in [
        (np.ones((5, 2)), 0.1),
        (np.zeros((1, 2)), 0.1),
        (np.random.default_rng(0).normal(size=(5, 2)), 0.0),
    ]:
        with pytest.raises(ValueError):
            lab.ransac_line(pts, threshold=thr, n_iters=20)
