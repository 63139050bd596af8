"""Grader for c08 - RANSAC plane in 3D.

References: exact synthetic ground truth (points on known planes, outliers kept at least 0.5
away so every correct RANSAC finds the same inliers), the sign convention on planes on both
sides of the origin and through it, and an optimality property for the least-squares plane:
no nearby plane (normal rotated slightly, offset re-optimised) has a smaller sum of squared
distances.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st


def _plane(got, what):
    got = np.asarray(got, dtype=np.float64)
    assert got.shape == (4,), f"{what}: returned shape {got.shape}, expected (4,) [nx, ny, nz, d]"
    assert np.isclose(np.linalg.norm(got[:3]), 1.0, atol=1e-9), f"{what}: normal {got[:3]} is not unit length"
    return got


def _basis(n):
    a = np.array([1.0, 0, 0]) if abs(n[0]) < 0.9 else np.array([0, 1.0, 0])
    u = np.cross(n, a)
    u /= np.linalg.norm(u)
    return u, np.cross(n, u)


def _scene(seed, n=(0.0, 0.0, 1.0), d=1.5, noise=0.0, n_in=60, n_out=40):
    rng = np.random.default_rng(seed)
    n = np.asarray(n, dtype=float) / np.linalg.norm(n)
    u, v = _basis(n)
    st_ = rng.uniform(-3, 3, (n_in, 2))
    inl = -d * n + st_[:, :1] * u + st_[:, 1:] * v + noise * rng.normal(size=(n_in, 3))
    side = rng.choice([-1.0, 1.0], n_out) * rng.uniform(0.5, 3, n_out)
    st2 = rng.uniform(-3, 3, (n_out, 2))
    out = -d * n + st2[:, :1] * u + st2[:, 1:] * v + side[:, None] * n
    perm = rng.permutation(n_in + n_out)
    return np.vstack([inl, out])[perm], np.r_[np.ones(n_in, bool), np.zeros(n_out, bool)][perm], np.r_[n, d]


# ----------------------------------------------------------------------------- fit_plane
@pytest.mark.region("fit_plane")
@pytest.mark.parametrize(
    "pts, want",
    [
        ([[0, 0, 2], [1, 0, 2], [0, 1, 2]], [0, 0, 1, -2]),  # z = 2: d < 0, normal towards the plane
        ([[0, 0, -2], [1, 0, -2], [0, 1, -2], [3, 5, -2]], [0, 0, -1, -2]),  # z = -2: normal flips to keep d < 0
        (
            [[1, -1, 0], [0, 1, -1], [1, 0, -1], [2, -1, -1]],
            [3**-0.5, 3**-0.5, 3**-0.5, 0],
        ),  # x + y + z = 0 through the origin
    ],
)
def test_fit_plane_exact_and_sign(lab, pts, want):
    """Points exactly on a plane: the exact [n, d] in the stated sign convention (d < 0, or first component > 0 if d = 0)."""
    got = _plane(lab.fit_plane(np.array(pts, dtype=float)), "fit_plane")
    assert np.allclose(got, want, atol=1e-9), f"points {pts}: got {np.round(got, 6)}, expected {np.round(want, 6)}"


@pytest.mark.region("fit_plane")
@given(st.integers(0, 2**31 - 1), st.integers(3, 20))
def test_fit_plane_is_least_squares(lab, seed, n):
    """Noisy points: no slightly rotated plane (with its best offset) has a smaller sum of squared distances."""
    rng = np.random.default_rng(seed)
    normal = rng.normal(size=3)
    pts, _, _ = _scene(seed, normal, rng.uniform(-3, 3), noise=0.2, n_in=n, n_out=0)
    got = _plane(lab.fit_plane(pts), "fit_plane")
    cost = ((pts @ got[:3] + got[3]) ** 2).sum()
    assert got[3] <= 1e-12, f"sign convention: d must be <= 0, got {got[3]}"
    for _ in range(20):
        m = got[:3] + 0.05 * rng.normal(size=3)
        m /= np.linalg.norm(m)
        c = -(pts @ m).mean()
        other = ((pts @ m + c) ** 2).sum()
        assert cost <= other + 1e-9, f"{n} points: the plane {np.round(m, 4)} fits better ({other:.6f} < {cost:.6f})"


@pytest.mark.region("fit_plane")
@pytest.mark.parametrize("pts", [[[0, 0, 0], [1, 1, 1]], [[0, 0, 0], [1, 1, 1], [2, 2, 2], [5, 5, 5]], [[1, 2, 3]] * 4])
def test_fit_plane_rejects_degenerate(lab, pts):
    """Fewer than 3 points, collinear points or one repeated point raise ValueError."""
    with pytest.raises(ValueError):
        lab.fit_plane(np.array(pts, dtype=float))


# ----------------------------------------------------------------------------- ransac
@pytest.mark.region("ransac", needs=["fit_plane"])
@pytest.mark.parametrize("seed", [0, 1])
def test_floor_with_40_percent_clutter(lab, seed):
    """README example: 60 floor points on z = -1.5 and 40 clutter points >= 0.5 off it: exact plane and mask."""
    pts, truth, _ = _scene(seed, (0, 0, 1), 1.5)
    plane, inl = lab.ransac_plane(pts, threshold=0.05, n_iters=200, seed=seed)
    plane = _plane(plane, "ransac_plane")
    inl = np.asarray(inl)
    assert inl.dtype == bool and inl.shape == (100,), f"inliers must be a bool (100,) mask, got {inl.dtype} {inl.shape}"
    assert np.allclose(plane, [0, 0, -1, -1.5], atol=1e-9), (
        f"got {np.round(plane, 6)}, expected [0, 0, -1, -1.5] (z = -1.5 with d < 0)"
    )
    assert np.array_equal(inl, truth), f"{int((inl != truth).sum())} points misclassified"


@pytest.mark.region("ransac", needs=["fit_plane"])
def test_tilted_noisy_plane_is_refit(lab):
    """A steep plane with noise σ = 0.01: the exact inliers, and the plane equals fit_plane of those inliers."""
    pts, truth, _ = _scene(3, (0.9, 0.1, 0.2), -2.0, noise=0.01)
    plane, inl = lab.ransac_plane(pts, threshold=0.08, n_iters=200, seed=1)
    assert np.array_equal(np.asarray(inl), truth), (
        f"{int((np.asarray(inl) != truth).sum())} points misclassified: judge inliers by the perpendicular distance |n·p + d|"
    )
    want = lab.fit_plane(pts[truth])
    assert np.allclose(plane, want, atol=1e-9), (
        f"got {np.round(plane, 6)}, expected the least-squares plane of the inliers {np.round(want, 6)}"
    )


@pytest.mark.region("ransac", needs=["fit_plane"])
def test_collinear_samples_are_skipped(lab):
    """40 % of the cloud is a dense line (a pole): collinear samples are skipped and the plane is still exact; all-collinear raises."""
    rng = np.random.default_rng(4)
    plane_pts = np.c_[rng.uniform(-3, 3, (30, 2)), np.full(30, 1.0)]
    pole = np.c_[np.full(20, 0.5), np.full(20, 0.5), np.linspace(1.5, 6, 20)]
    pts = np.vstack([plane_pts, pole])
    plane, inl = lab.ransac_plane(pts, threshold=0.05, n_iters=300, seed=0)
    assert np.allclose(plane, [0, 0, 1, -1], atol=1e-9), f"got {np.round(np.asarray(plane), 6)}, expected [0, 0, 1, -1]"
    assert np.asarray(inl).sum() == 30, f"expected the 30 plane points as inliers, got {int(np.asarray(inl).sum())}"
    with pytest.raises(ValueError):
        lab.ransac_plane(pole, threshold=0.05, n_iters=50)


@pytest.mark.region("ransac", needs=["fit_plane"])
def test_ransac_bad_input(lab):
    """N < 3 or threshold <= 0 raise ValueError."""
    with pytest.raises(ValueError):
        lab.ransac_plane(np.zeros((2, 3)), threshold=0.1)
    with pytest.raises(ValueError):
        lab.ransac_plane(np.random.default_rng(0).normal(size=(10, 3)), threshold=0.0)
