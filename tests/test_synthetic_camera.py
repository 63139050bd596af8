"""The camera generator keeps its documented promises: OpenCV's model, exact corners, exact F."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from cvlab.data.synthetic import camera


@pytest.fixture(scope="module")
def views():
    return camera.chessboard_views(n_views=4, seed=3)


def test_project_points_is_opencvs_model():
    rng = np.random.default_rng(0)
    X = np.c_[rng.uniform(-2, 2, (100, 2)), rng.uniform(3, 9, 100)]
    rvec, tvec = np.array([0.2, -0.1, 0.3]), np.array([0.1, 0.2, 0.4])
    for dist in (camera.DEFAULT_DIST, np.array([0.1, -0.05, -0.002, 0.003, 0.02]), np.zeros(5)):
        ref, _ = cv2.projectPoints(X, rvec, tvec, camera.DEFAULT_K, dist)
        got = camera.project_points(X, rvec, tvec, camera.DEFAULT_K, dist)
        assert np.abs(got - ref.reshape(-1, 2)).max() < 1e-9


def test_rodrigues_matches_opencv():
    for r in (np.zeros(3), np.array([1e-9, 0, 0]), np.array([0.3, -1.2, 2.0]), np.array([np.pi, 0, 0])):
        assert np.allclose(camera.rodrigues(r), cv2.Rodrigues(r)[0], atol=1e-12)


def test_board_points_order():
    obj = camera.board_points((9, 6), square=2.0)
    assert obj.shape == (54, 3) and np.all(obj[:, 2] == 0)
    assert np.allclose(obj[1], [2.0, 0, 0]) and np.allclose(obj[9], [0, 2.0, 0]) and np.allclose(obj[-1], [16, 10, 0])


def test_views_shapes_and_exact_corners(views):
    v = views
    assert v.images.shape == (4, 480, 640) and v.images.dtype == np.uint8
    assert v.corners.shape == (4, 54, 2) and v.object_points.shape == (54, 3)
    for i in range(4):
        ref, _ = cv2.projectPoints(v.object_points, v.rvecs[i], v.tvecs[i], v.K, v.dist)
        assert np.abs(v.corners[i] - ref.reshape(-1, 2)).max() < 1e-9
        assert np.all(v.corners[i] > 0) and np.all(v.corners[i] < [639, 479])


def test_opencv_detects_rendered_corners_where_they_are(views):
    """findChessboardCorners + cornerSubPix land within 0.15 px (mean < 0.06) of the exact corners, in order."""
    v = views
    crit = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 50, 1e-4)
    for img, exact in zip(v.images, v.corners):
        ok, c = cv2.findChessboardCorners(img, v.pattern)
        assert ok
        c = cv2.cornerSubPix(img, c, (11, 11), (-1, -1), crit).reshape(-1, 2)
        err = np.linalg.norm(c - exact, axis=1)
        assert err.max() < 0.15 and err.mean() < 0.06, (err.max(), err.mean())


def test_calibrating_rendered_views_recovers_the_camera():
    """cv2.calibrateCamera on the exact corners gives back K and dist (the render and corners agree)."""
    v = camera.chessboard_views(n_views=6, seed=1, noise=0.0)
    obj = [v.object_points.astype(np.float32)] * 6
    rms, K, dist, _, _ = cv2.calibrateCamera(obj, [c.astype(np.float32) for c in v.corners], v.image_size, None, None)
    assert rms < 1e-3
    assert np.abs(K - v.K).max() < 0.05 and np.abs(dist.ravel() - v.dist).max() < 1e-3


def test_views_deterministic_and_seed_dependent():
    a, b = camera.chessboard_views(2, seed=7), camera.chessboard_views(2, seed=7)
    c = camera.chessboard_views(2, seed=8)
    assert np.array_equal(a.images, b.images) and np.array_equal(a.corners, b.corners)
    assert not np.allclose(a.corners, c.corners)


def test_render_noise_free_is_symmetric_in_colour():
    """Without noise or blur, the board's centre pixels are only black, white, or edge mixtures."""
    rvec, tvec = camera.look_at_board_pose((9, 6), 1.0, 14.0, 0.0, 0.0, 0.0)
    img = camera.render_board(camera.DEFAULT_K, np.zeros(5), rvec, tvec, noise=0.0, blur=0.0)
    assert img.min() >= 30 and img.max() <= 225
    centre = camera.project_points(np.array([[4.5, 3.5, 0.0]]), rvec, tvec, camera.DEFAULT_K)[0]
    u, v = np.round(centre).astype(int)
    assert img[v, u] in (30, 225)  # the middle of a square is a pure colour


@pytest.mark.parametrize("sigma", [0.0, 0.7])
def test_two_view_scene_geometry(sigma):
    s = camera.two_view_scene(n_points=80, sigma=sigma, seed=4)
    assert s.X.shape == (80, 3) and s.x1.shape == (80, 2)
    h = np.c_[s.X, np.ones(80)]
    p1, p2 = h @ s.P1.T, h @ s.P2.T
    assert np.all(p1[:, 2] > 0) and np.all(p2[:, 2] > 0)
    assert np.allclose(p1[:, :2] / p1[:, 2:], s.x1_true) and np.allclose(p2[:, :2] / p2[:, 2:], s.x2_true)
    assert np.allclose(s.R @ s.R.T, np.eye(3)) and np.isclose(np.linalg.det(s.R), 1.0)
    x1h, x2h = np.c_[s.x1_true, np.ones(80)], np.c_[s.x2_true, np.ones(80)]
    assert np.abs(np.einsum("ni,ij,nj->n", x2h, s.F, x1h)).max() < 1e-12
    assert np.isclose(np.linalg.norm(s.F), 1.0) and np.isclose(np.linalg.norm(s.E), 1.0)
    assert np.linalg.svd(s.F, compute_uv=False)[2] < 1e-12
    sv = np.linalg.svd(s.E, compute_uv=False)
    assert np.isclose(sv[0], sv[1]) and sv[2] < 1e-12  # an essential matrix: two equal singular values
    noise = np.r_[s.x1 - s.x1_true, s.x2 - s.x2_true]
    assert (np.abs(noise).max() == 0) if sigma == 0 else (0.5 * sigma < noise.std() < 1.5 * sigma)
    assert np.all((s.x1_true >= 0) & (s.x1_true <= [639, 479])) and np.all((s.x2_true >= 0) & (s.x2_true <= [639, 479]))


def test_two_view_scene_matches_opencv_essential():
    s = camera.two_view_scene(n_points=50, seed=5)
    E, _ = cv2.findEssentialMat(s.x1_true, s.x2_true, s.K, method=cv2.LMEDS)
    a, b = E / np.linalg.norm(E), s.E
    assert min(np.linalg.norm(a - b), np.linalg.norm(a + b)) < 1e-4
