"""Grader for c22 - PnP by the DLT.

References: exact poses (random rotation and translation, points projected by hand),
cv2.solvePnP(..., flags=cv2.SOLVEPNP_ITERATIVE) on the same noiseless and noisy data, and
a hand-made cube seen after a 90° turn.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

K = np.array([[500.0, 0.0, 320.0], [0.0, 520.0, 240.0], [0.0, 0.0, 1.0]])


def _scene(seed, n, sigma=0.0):
    rng = np.random.default_rng(seed)
    R = Rotation.random(rng=rng).as_matrix()
    X = rng.uniform(-1, 1, size=(n, 3))
    t = np.array([*rng.uniform(-0.3, 0.3, 2), rng.uniform(4, 8)])  # world origin 4..8 in front
    cam = X @ R.T + t
    x = cam[:, :2] / cam[:, 2:] * [K[0, 0], K[1, 1]] + K[:2, 2]
    return X, x + rng.normal(scale=sigma, size=x.shape), R, t


def _rot_err_deg(R, R_ref):
    c = (np.trace(R.T @ R_ref) - 1) / 2
    return np.degrees(np.arccos(np.clip(c, -1, 1)))


def _check_rotation(R):
    R = np.asarray(R, dtype=np.float64)
    assert R.shape == (3, 3), f"R has shape {R.shape}, expected (3, 3)"
    orth = np.abs(R.T @ R - np.eye(3)).max()
    assert orth < 1e-9, f"RᵀR differs from I by {orth:.3g}: project the 3x3 block onto a rotation (U Vᵀ)"
    assert np.isclose(np.linalg.det(R), 1.0), f"det R = {np.linalg.det(R):.4f}, expected +1"


@pytest.mark.region("solve")
def test_worked_example_cube(lab):
    """README example: a unit cube after a 90° turn about y, 4 m ahead, is recovered exactly."""
    X = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]], float)
    R_true = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]])
    t_true = np.array([-0.5, -0.5, 4.0])
    Kc = np.array([[500.0, 0.0, 320.0], [0.0, 500.0, 240.0], [0.0, 0.0, 1.0]])
    cam = X @ R_true.T + t_true
    x = cam[:, :2] / cam[:, 2:] * 500.0 + [320.0, 240.0]
    R, t = lab.pnp_dlt(X, x, Kc)
    _check_rotation(R)
    assert np.allclose(R, R_true, atol=1e-9), f"got R\n{np.round(R, 6)}\nexpected\n{R_true}"
    assert np.allclose(np.ravel(t), t_true, atol=1e-9), f"got t {np.ravel(t)}, expected {t_true}"


@pytest.mark.region("solve")
@given(st.integers(0, 2**32 - 1), st.integers(6, 30))
def test_exact_random_poses(lab, seed, n):
    """Random pose, 6..30 random points, exact pixels: R and t to 1e-6."""
    X, x, R_true, t_true = _scene(seed, n)
    R, t = lab.pnp_dlt(X, x, K)
    _check_rotation(R)
    r_err, t_err = _rot_err_deg(np.asarray(R), R_true), np.abs(np.ravel(t) - t_true).max()
    assert r_err < 1e-5 and t_err < 1e-6, f"seed {seed}, N={n}: rotation off by {r_err:.3g}°, t off by {t_err:.3g}"


@pytest.mark.region("solve")
def test_matches_opencv_solvepnp_noiseless(lab):
    """Noiseless data: the same pose as cv2.solvePnP(SOLVEPNP_ITERATIVE)."""
    X, x, _, _ = _scene(42, 12)
    ok, rvec, tvec = cv2.solvePnP(X, x, K, None, flags=cv2.SOLVEPNP_ITERATIVE)
    R, t = lab.pnp_dlt(X, x, K)
    R_cv = cv2.Rodrigues(rvec)[0]
    assert _rot_err_deg(np.asarray(R), R_cv) < 1e-4, f"rotation differs from OpenCV's by {_rot_err_deg(np.asarray(R), R_cv):.3g}°"
    assert np.allclose(np.ravel(t), tvec.ravel(), atol=1e-5), f"t = {np.ravel(t)}, OpenCV {tvec.ravel()}"


@pytest.mark.region("solve")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_noisy_pixels_close_to_opencv(lab, seed):
    """0.5 px noise, 40 points: a proper rotation within 3° and t within 3 % of cv2.solvePnP's answer."""
    X, x, _, _ = _scene(seed, 40, sigma=0.5)
    _, rvec, tvec = cv2.solvePnP(X, x, K, None, flags=cv2.SOLVEPNP_ITERATIVE)
    R, t = lab.pnp_dlt(X, x, K)
    _check_rotation(R)
    r_err = _rot_err_deg(np.asarray(R), cv2.Rodrigues(rvec)[0])
    t_rel = np.linalg.norm(np.ravel(t) - tvec.ravel()) / np.linalg.norm(tvec)
    assert r_err < 3.0 and t_rel < 0.03, f"seed {seed}: rotation {r_err:.3f}° and t {100 * t_rel:.2f} % from OpenCV's"


@pytest.mark.region("solve")
def test_bad_input_raises(lab):
    """Fewer than 6 points, mismatched counts, or coplanar points raise ValueError."""
    X, x, _, _ = _scene(0, 10)
    with pytest.raises(ValueError):
        lab.pnp_dlt(X[:5], x[:5], K)
    with pytest.raises(ValueError):
        lab.pnp_dlt(X, x[:9], K)
    Xp = X.copy()
    Xp[:, 2] = 0.0  # a planar target: the 12-unknown system loses rank
    with pytest.raises(ValueError):
        lab.pnp_dlt(Xp, x, K)
