"""Grader for c16 - Zhang calibration from homographies.

References: exact ground truth (homographies built as K [r1 r2 t] from known poses),
cv2.calibrateCamera on the same noiseless board points with distortion fixed at zero,
and cv2.findHomography on noisy corners for a robustness check.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

K_TRUE = np.array([[800.0, 0.0, 320.0], [0.0, 780.0, 240.0], [0.0, 0.0, 1.0]])
BOARD = np.array([[i * 0.03, j * 0.03, 0.0] for j in range(6) for i in range(9)])  # (54, 3), Z = 0


def _euler_h(K, deg, t):
    R = Rotation.from_euler("xyz", deg, degrees=True).as_matrix()
    return K @ np.column_stack([R[:, 0], R[:, 1], t])


def _random_views(rng, n, K):
    """n board poses tilted 10..40 degrees in varied directions, 0.6..1.2 m away; returns rvecs, tvecs, H."""
    rvecs, tvecs, Hs = [], [], []
    for _ in range(n):
        axis = np.array([*rng.normal(size=2), 0.3 * rng.normal()])
        axis /= np.linalg.norm(axis)
        rot = Rotation.from_rotvec(axis * np.radians(rng.uniform(10, 40)))
        R = rot.as_matrix()
        t = np.array([-0.12, -0.075, 0.0]) @ R.T + np.array([*rng.uniform(-0.05, 0.05, 2), rng.uniform(0.6, 1.2)])
        rvecs.append(rot.as_rotvec())
        tvecs.append(t)
        Hs.append(K @ np.column_stack([R[:, 0], R[:, 1], t]))
    return np.array(rvecs), np.array(tvecs), np.array(Hs)


def _fmt(K):
    return np.array2string(np.round(K, 3), separator=", ")


@pytest.mark.region("solve")
def test_worked_example(lab):
    """README example: three tilted boards seen by K = [[800, 0, 320], [0, 780, 240], [0, 0, 1]]."""
    Hs = np.stack(
        [
            _euler_h(K_TRUE, (20, 0, 0), (-0.1, -0.1, 1.0)),
            _euler_h(K_TRUE, (0, 25, 10), (-0.1, -0.1, 1.2)),
            _euler_h(K_TRUE, (-15, -20, -5), (-0.1, -0.1, 0.9)),
        ]
    )
    got = np.asarray(lab.intrinsics_from_homographies(Hs))
    assert got.shape == (3, 3), f"returned shape {got.shape}, expected (3, 3)"
    assert np.allclose(got, K_TRUE, atol=1e-6), f"got K =\n{_fmt(got)}\nexpected\n{_fmt(K_TRUE)}"


@pytest.mark.region("solve")
@given(st.integers(0, 2**32 - 1), st.integers(3, 6))
def test_recovers_random_cameras_with_skew(lab, seed, n):
    """Random K (fx != fy, small skew) and n random views: K is recovered to 1e-6 relative."""
    rng = np.random.default_rng(seed)
    fx, fy = rng.uniform(300, 1500), rng.uniform(300, 1500)
    K = np.array([[fx, rng.uniform(-5, 5), rng.uniform(200, 500)], [0, fy, rng.uniform(150, 400)], [0, 0, 1]])
    Hs = _random_views(rng, n, K)[2]
    got = np.asarray(lab.intrinsics_from_homographies(Hs))
    err = np.abs(got - K).max() / fx
    assert err < 1e-6, f"{n} exact views of K =\n{_fmt(K)}\ngot\n{_fmt(got)} (max error {err:.2g} of fx)"


@pytest.mark.region("solve")
@given(st.lists(st.floats(0.01, 100) | st.floats(-100, -0.01), min_size=4, max_size=4))
def test_scale_of_each_homography_does_not_matter(lab, scales):
    """Multiplying each H by any nonzero number, including negative ones, leaves K unchanged."""
    Hs = _random_views(np.random.default_rng(1), 4, K_TRUE)[2] * np.asarray(scales)[:, None, None]
    got = np.asarray(lab.intrinsics_from_homographies(Hs))
    assert np.allclose(got, K_TRUE, atol=1e-5), (
        f"H scaled by {np.round(scales, 3)}: got\n{_fmt(got)}\nexpected\n{_fmt(K_TRUE)}\n"
        "(normalise each H, e.g. to unit Frobenius norm, before stacking V; the signs of b and λ must cancel)"
    )


@pytest.mark.region("solve")
def test_agrees_with_opencv_calibrate_camera(lab):
    """Noiseless corners of 5 views: K matches cv2.calibrateCamera (zero distortion, zero skew) to 0.01 px."""
    rng = np.random.default_rng(7)
    rvecs, tvecs, _ = _random_views(rng, 5, K_TRUE)
    obj, img, Hs = [], [], []
    for rv, tv in zip(rvecs, tvecs):
        pts, _ = cv2.projectPoints(BOARD, rv, tv, K_TRUE, np.zeros(5))
        pts = pts.reshape(-1, 2)
        obj.append(BOARD.astype(np.float32))
        img.append(pts.astype(np.float32))
        H, _ = cv2.findHomography(BOARD[:, :2], pts, 0)
        Hs.append(H)
    flags = cv2.CALIB_ZERO_TANGENT_DIST | cv2.CALIB_FIX_K1 | cv2.CALIB_FIX_K2 | cv2.CALIB_FIX_K3
    _, K_cv, _, _, _ = cv2.calibrateCamera(obj, img, (640, 480), None, None, flags=flags)
    got = np.asarray(lab.intrinsics_from_homographies(np.array(Hs)))
    err = np.abs(got - K_cv).max()
    assert err < 0.05, f"got\n{_fmt(got)}\ncv2.calibrateCamera gives\n{_fmt(K_cv)}\n(max difference {err:.3g} px)"


@pytest.mark.region("solve")
def test_noisy_corners_stay_close(lab):
    """Corners with 0.1 px noise, homographies from cv2.findHomography, 8 views: focal lengths within 1 %."""
    rng = np.random.default_rng(3)
    rvecs, tvecs, _ = _random_views(rng, 8, K_TRUE)
    Hs = []
    for rv, tv in zip(rvecs, tvecs):
        pts, _ = cv2.projectPoints(BOARD, rv, tv, K_TRUE, np.zeros(5))
        pts = pts.reshape(-1, 2) + rng.normal(scale=0.1, size=(len(BOARD), 2))
        Hs.append(cv2.findHomography(BOARD[:, :2], pts, 0)[0])
    got = np.asarray(lab.intrinsics_from_homographies(np.array(Hs)))
    rel = np.abs(np.diag(got)[:2] - np.diag(K_TRUE)[:2]) / np.diag(K_TRUE)[:2]
    assert rel.max() < 0.01, f"with 0.1 px noise got\n{_fmt(got)}\ntrue K\n{_fmt(K_TRUE)} (focal error {100 * rel.max():.2f} %)"
    assert np.abs(got[:2, 2] - K_TRUE[:2, 2]).max() < 5.0, "principal point more than 5 px off with 0.1 px noise"


@pytest.mark.region("solve")
def test_output_is_upper_triangular_with_unit_corner(lab):
    """K has zeros below the diagonal, K[2, 2] = 1 and positive focal lengths."""
    got = np.asarray(lab.intrinsics_from_homographies(_random_views(np.random.default_rng(5), 3, K_TRUE)[2]))
    assert got[1, 0] == 0 and got[2, 0] == 0 and got[2, 1] == 0, f"K must be upper triangular, got\n{_fmt(got)}"
    assert np.isclose(got[2, 2], 1.0), f"K[2, 2] must be 1, got {got[2, 2]}"
    assert got[0, 0] > 0 and got[1, 1] > 0, f"focal lengths must be positive, got {got[0, 0]}, {got[1, 1]}"


@pytest.mark.region("solve")
@pytest.mark.parametrize("shape", [(2, 3, 3), (0, 3, 3), (4, 3, 4), (3, 3)])
def test_too_few_or_malformed_homographies_raise(lab, shape):
    """Fewer than 3 homographies (5 unknowns, 2 equations each) or a wrong shape raise ValueError."""
    H = np.tile(np.eye(3), (shape[0], 1, 1)) if shape[1:] == (3, 3) else np.ones(shape)
    with pytest.raises(ValueError):
        lab.intrinsics_from_homographies(H)


@pytest.mark.region("solve")
def test_parallel_boards_raise(lab):
    """Four boards with the same orientation (only shifted): the equations repeat, b is undetermined -> ValueError."""
    R = Rotation.from_euler("xyz", (20, 10, 5), degrees=True).as_matrix()
    ts = [(-0.1, -0.1, 1.0), (0.05, -0.1, 1.2), (-0.1, 0.08, 0.9), (0.1, 0.1, 1.1)]
    Hs = np.stack([K_TRUE @ np.column_stack([R[:, 0], R[:, 1], t]) for t in ts]) * np.array([1.0, -2.0, 0.5, 3.0])[:, None, None]
    with pytest.raises(ValueError):
        lab.intrinsics_from_homographies(Hs)


@pytest.mark.region("solve")
def test_homographies_without_a_camera_raise(lab):
    """Homographies whose unique B is indefinite (diag(1, -1, 1): no K fits them) raise ValueError, not return NaN."""
    rng = np.random.default_rng(2)
    B0 = np.diag([1.0, -1.0, 1.0])
    Hs = []
    while len(Hs) < 4:
        h1 = rng.normal(size=3)
        # h2 in the B0-orthogonal complement of h1, scaled so that h2ᵀ B0 h2 = h1ᵀ B0 h1
        basis = np.linalg.svd((B0 @ h1)[None])[2][1:]  # (2, 3): spans {h : h1ᵀ B0 h = 0}
        h2 = rng.normal(size=2) @ basis
        q1, q2 = h1 @ B0 @ h1, h2 @ B0 @ h2
        if q1 * q2 <= 0 or min(abs(q1), abs(q2)) < 0.1:
            continue
        Hs.append(np.column_stack([h1, h2 * np.sqrt(q1 / q2), rng.normal(size=3)]))
    with pytest.raises(ValueError):
        lab.intrinsics_from_homographies(np.array(Hs))
