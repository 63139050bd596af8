"""Grader for c18 - essential matrix decomposition with cheirality.

References: the exact relative pose of cvlab.data.synthetic.camera.two_view_scene (E = [t]ₓ R)
and cv2.recoverPose(E, pts1, pts2, K), which does the same four-way cheirality vote.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvlab.data.synthetic import camera


def _normalised(scene, which):
    x = scene.x1 if which == 1 else scene.x2
    return (np.column_stack([x, np.ones(len(x))]) @ np.linalg.inv(scene.K).T)[:, :2]


def _check_pose(R, t, R_ref, t_ref, what):
    R, t = np.asarray(R, dtype=np.float64), np.asarray(t, dtype=np.float64).ravel()
    t_ref = np.asarray(t_ref, dtype=np.float64).ravel()
    t_ref = t_ref / np.linalg.norm(t_ref)
    assert R.shape == (3, 3) and t.shape == (3,), f"{what}: got R {R.shape}, t {t.shape}; expected (3, 3) and (3,)"
    d = np.linalg.det(R)
    assert np.isclose(d, 1.0, atol=1e-8), f"{what}: det R = {d:.6f}; a rotation has det +1 (flip U or V, i.e. E -> -E)"
    assert np.isclose(np.linalg.norm(t), 1.0), f"{what}: |t| = {np.linalg.norm(t):.6f}, expected 1"
    r_err, t_err = np.abs(R - R_ref).max(), np.abs(t - t_ref).max()
    assert r_err < 1e-6 and t_err < 1e-6, (
        f"{what}: wrong candidate or wrong factorisation.\ngot R\n{R.round(5)}\nexpected\n{R_ref.round(5)}\n"
        f"got t {t.round(5)}, expected {t_ref.round(5)} (keep the pose with points in front of BOTH cameras)"
    )


@pytest.mark.region("solve")
def test_worked_example(lab):
    """README example: the exact E of a 20-point scene gives back the true R and t / |t|."""
    scene = camera.two_view_scene(n_points=20, sigma=0.0, seed=1)
    R, t = lab.pose_from_essential(scene.E, _normalised(scene, 1), _normalised(scene, 2))
    _check_pose(R, t, scene.R, scene.t, "seed 1")


@pytest.mark.region("solve")
@given(st.integers(0, 10_000), st.floats(0.01, 100.0), st.booleans())
def test_any_scale_and_sign_of_E(lab, seed, scale, negate):
    """Random scenes, E multiplied by any nonzero scale or sign: still the true pose."""
    scene = camera.two_view_scene(n_points=15, sigma=0.0, seed=seed)
    E = scene.E * scale * (-1.0 if negate else 1.0)
    R, t = lab.pose_from_essential(E, _normalised(scene, 1), _normalised(scene, 2))
    _check_pose(R, t, scene.R, scene.t, f"seed {seed}, E x {'-' if negate else ''}{scale:.3g}")


@pytest.mark.region("solve")
@pytest.mark.parametrize("seed", [2, 5, 9])
def test_matches_opencv_recover_pose(lab, seed):
    """Noisy pixels (0.5 px), exact E: the same pose as cv2.recoverPose(E, pts1, pts2, K)."""
    scene = camera.two_view_scene(n_points=60, sigma=0.5, seed=seed)
    _, R_cv, t_cv, _ = cv2.recoverPose(scene.E, scene.x1, scene.x2, scene.K)
    R, t = lab.pose_from_essential(scene.E, _normalised(scene, 1), _normalised(scene, 2))
    _check_pose(R, t, R_cv, t_cv, f"seed {seed} vs cv2.recoverPose")


@pytest.mark.region("solve")
def test_single_point_and_backward_motion(lab):
    """One correspondence is enough to vote; a camera moving backwards along z (t ≈ (0, 0, -1)) works too."""
    rng = np.random.default_rng(4)
    X = np.column_stack([rng.uniform(-1, 1, (12, 2)), rng.uniform(4, 8, 12)])  # in front of camera 1
    R = cv2.Rodrigues(np.array([0.02, -0.05, 0.01]))[0]
    t = np.array([0.1, 0.0, -1.0])  # camera 2 one unit behind camera 1
    X2 = X @ R.T + t
    x1, x2 = X[:, :2] / X[:, 2:], X2[:, :2] / X2[:, 2:]
    E = camera.skew(t) @ R
    for n in (1, 12):
        Rg, tg = lab.pose_from_essential(E, x1[:n], x2[:n])
        _check_pose(Rg, tg, R, t, f"backward motion, N={n}")


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "E_shape, s1, s2", [((3, 4), (5, 2), (5, 2)), ((3, 3), (5, 2), (4, 2)), ((3, 3), (5, 3), (5, 3)), ((3, 3), (0, 2), (0, 2))]
)
def test_bad_input_raises(lab, E_shape, s1, s2):
    """E not (3, 3), mismatched or non-(N, 2) points, or no points at all raise ValueError."""
    E = np.ones(E_shape)
    with pytest.raises(ValueError):
        lab.pose_from_essential(E, np.ones(s1), np.ones(s2))
