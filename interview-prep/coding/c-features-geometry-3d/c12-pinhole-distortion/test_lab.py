"""Grader for c12 - pinhole projection with radial/tangential distortion.

Reference: cv2.projectPoints (OpenCV's implementation of the same Brown-Conrady model and
coefficient order), used both with an identity camera (to grade `distort` alone) and with
random poses; plus hand-computed distortions that separate k1, p1 and p2, and the
points-behind-the-camera rule.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

K = np.array([[500.0, 0.0, 320.0], [0.0, 500.0, 240.0], [0.0, 0.0, 1.0]])


def _cv2_project(X, R, t, Kmat, dist):
    rvec, _ = cv2.Rodrigues(np.asarray(R, dtype=np.float64))
    d = np.zeros(5) if dist is None else np.asarray(dist, dtype=np.float64)
    uv, _ = cv2.projectPoints(
        np.asarray(X, dtype=np.float64).reshape(-1, 1, 3), rvec, np.asarray(t, dtype=np.float64), Kmat, d
    )
    return uv.reshape(-1, 2)


def _rotation(rng):
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    return q * np.sign(np.linalg.det(q))


# ----------------------------------------------------------------------------- distort
@pytest.mark.region("distort")
@pytest.mark.parametrize(
    "xy, dist, want",
    [
        ([0.5, 0.0], [0.1, 0, 0, 0], [0.5125, 0.0]),  # README: 0.5·(1 + 0.1·0.25)
        ([0.5, 0.0], [0, 0.2, 0, 0, 0.4], [0.5 * (1 + 0.2 * 0.0625 + 0.4 * 0.015625), 0.0]),  # k2 r⁴ + k3 r⁶
        ([0.1, 0.2], [0, 0, 0.1, 0], [0.104, 0.213]),  # p1: x += 2 p1 x y, y += p1 (r² + 2y²)
        ([0.1, 0.2], [0, 0, 0, 0.1], [0.107, 0.204]),  # p2: x += p2 (r² + 2x²), y += 2 p2 x y
    ],
)
def test_distort_hand_computed(lab, xy, dist, want):
    """Single points with one coefficient at a time: the exact distorted coordinates."""
    got = np.asarray(lab.distort(np.array([xy]), dist), dtype=np.float64)
    assert got.shape == (1, 2), f"distort((1, 2), ...) returned shape {got.shape}, expected (1, 2)"
    assert np.allclose(got[0], want, atol=1e-12), f"distort({xy}, dist={dist}) = {got[0]}, expected {want}"


@pytest.mark.region("distort")
@given(st.integers(0, 2**31 - 1), st.integers(0, 12), st.sampled_from([4, 5]))
def test_distort_matches_cv2(lab, seed, n, ncoef):
    """Random normalised points and coefficients: equal to cv2.projectPoints with K = I, R = I, t = 0."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-0.8, 0.8, (n, 2))
    dist = rng.uniform(-0.3, 0.3, ncoef) * np.array([1, 1, 0.05, 0.05, 1][:ncoef])
    got = np.asarray(lab.distort(xy, dist), dtype=np.float64).reshape(-1, 2)
    assert got.shape == (n, 2), f"got shape {got.shape}, expected ({n}, 2)"
    if n:
        ref = _cv2_project(np.c_[xy, np.ones(n)], np.eye(3), np.zeros(3), np.eye(3), np.r_[dist, np.zeros(5 - ncoef)])
        assert np.allclose(got, ref, atol=1e-9), (
            f"dist={np.round(dist, 4)}: max difference from cv2 {np.abs(got - ref).max():.3g}"
        )


@pytest.mark.region("distort")
def test_distort_rejects_bad_coefficients(lab):
    """Three or eight coefficients (not 4 or 5) raise ValueError."""
    for d in ([0.1, 0.0, 0.0], np.zeros(8)):
        with pytest.raises(ValueError):
            lab.distort(np.zeros((2, 2)), d)


# ----------------------------------------------------------------------------- project
@pytest.mark.region("project", needs=["distort"])
def test_project_example(lab):
    """README example: identity pose, f = 500, c = (320, 240); the point behind the camera is NaN and flagged."""
    pts = np.array([[0.0, 0.0, 2.0], [1.0, 0.5, 4.0], [0.0, 0.0, -1.0]])
    uv, ok = lab.project_points(pts, np.eye(3), np.zeros(3), K)
    uv, ok = np.asarray(uv, dtype=np.float64), np.asarray(ok)
    assert uv.shape == (3, 2) and ok.dtype == bool, f"got uv {uv.shape}, mask {ok.dtype}; expected (3, 2) and bool"
    assert np.allclose(uv[:2], [[320, 240], [445, 302.5]]), (
        f"got {uv[:2].tolist()}, expected [[320, 240], [445, 302.5]]"
    )
    assert ok.tolist() == [True, True, False] and np.isnan(uv[2]).all(), (
        f"(0, 0, -1) is behind the camera: mask {ok.tolist()}, uv {uv[2]}"
    )


@pytest.mark.region("project", needs=["distort"])
@given(st.integers(0, 2**31 - 1), st.integers(1, 12), st.booleans())
def test_project_matches_cv2_project_points(lab, seed, n, with_dist):
    """Random pose, intrinsics and distortion, points in front of the camera: equal to cv2.projectPoints."""
    rng = np.random.default_rng(seed)
    R, t = _rotation(rng), rng.uniform(-1, 1, 3)
    Kr = np.array(
        [
            [rng.uniform(300, 900), 0, rng.uniform(200, 400)],
            [0, rng.uniform(300, 900), rng.uniform(150, 300)],
            [0, 0, 1],
        ]
    )
    Xc = np.c_[rng.uniform(-1, 1, (n, 2)), rng.uniform(2, 6, n)]  # in front, within ~30° of the axis
    Xw = (Xc - t) @ R  # R·Xw + t = Xc
    dist = np.array([-0.25, 0.08, 0.001, -0.0015, 0.01]) * rng.uniform(0, 1.5) if with_dist else None
    uv, ok = lab.project_points(Xw, R, t, Kr, dist)
    assert np.asarray(ok).all(), "all these points are in front of the camera"
    ref = _cv2_project(Xw, R, t, Kr, dist)
    err = np.abs(np.asarray(uv, dtype=np.float64) - ref).max()
    assert err < 1e-6, f"{n} points, distortion={with_dist}: up to {err:.3g} px from cv2.projectPoints"


@pytest.mark.region("project", needs=["distort"])
def test_points_on_and_behind_camera_plane(lab):
    """Z_c = 0 and Z_c < 0 are both invalid, with NaN pixels and no division warning; a translated camera moves the plane."""
    pts = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, -3.0], [0.0, 0.0, 1.0]])
    with np.errstate(all="raise"):
        uv, ok = lab.project_points(pts, np.eye(3), np.array([0.0, 0.0, 0.5]), K, [0.1, 0, 0, 0])
    ok = np.asarray(ok)
    assert ok.tolist() == [True, False, True], (
        f"with t = (0, 0, 0.5) the depths are 0.5, -2.5, 1.5: got mask {ok.tolist()}"
    )
    uv, ok = lab.project_points(pts[:1], np.eye(3), np.zeros(3), K)
    assert np.asarray(ok).tolist() == [False] and np.isnan(np.asarray(uv)).all(), (
        "a point with Z_c = 0 is not in front (strict >)"
    )


@pytest.mark.region("project", needs=["distort"])
def test_project_rejects_bad_shapes(lab):
    """2-D points or a 2x2 K raise ValueError."""
    with pytest.raises(ValueError):
        lab.project_points(np.zeros((4, 2)), np.eye(3), np.zeros(3), K)
    with pytest.raises(ValueError):
        lab.project_points(np.ones((4, 3)), np.eye(3), np.zeros(3), np.eye(2))
