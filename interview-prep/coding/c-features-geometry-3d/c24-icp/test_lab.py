"""Grader for c24 - point-to-point ICP.

References: exact rigid transforms applied to synthetic clouds (ground truth), scipy's
cKDTree for the expected nearest-neighbour RMSE, and ICP's defining property (the RMSE
history never increases), checked with hypothesis on random problems.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.spatial import cKDTree
from scipy.spatial.transform import Rotation


def _rz(deg):
    a = np.radians(deg)
    return np.array([[np.cos(a), -np.sin(a), 0.0], [np.sin(a), np.cos(a), 0.0], [0.0, 0.0, 1.0]])


def _cloud(seed, n=300):
    return np.random.default_rng(seed).normal(size=(n, 3)) * [2.0, 1.0, 0.5]


def _nn_rmse(P, Q, R, t):
    return float(np.sqrt(np.mean(cKDTree(Q).query(P @ np.asarray(R).T + np.ravel(t))[0] ** 2)))


@pytest.mark.region("solve")
def test_worked_example_converges(lab):
    """README example: 15° about z plus a shift, from the identity: exact pose, RMSE falls to ~0."""
    src = _cloud(0)
    R_true, t_true = _rz(15.0), np.array([0.3, -0.2, 0.1])
    R, t, hist = lab.icp(src, src @ R_true.T + t_true)
    assert np.allclose(R, R_true, atol=1e-8) and np.allclose(np.ravel(t), t_true, atol=1e-8), (
        f"did not converge to the true pose: R error {np.abs(np.asarray(R) - R_true).max():.3g}, t = {np.ravel(t)}"
    )
    assert np.isclose(hist[0], _nn_rmse(src, src @ R_true.T + t_true, np.eye(3), np.zeros(3))), (
        f"history[0] = {hist[0]:.6f} must be the RMS nearest-neighbour distance BEFORE the first update"
    )
    assert hist[-1] < 1e-8, f"final RMSE {hist[-1]:.3g}, expected ~0 on a noiseless copy"
    assert len(hist) <= 51, f"history has {len(hist)} entries; at most max_iter + 1 = 51"


@pytest.mark.region("solve")
@given(st.integers(0, 2**32 - 1), st.integers(3, 16), st.floats(0.0, 60.0))
def test_rmse_history_never_increases(lab, seed, n, angle):
    """Random clouds, random rotation up to 60° and noise: each ICP step can only lower the RMSE."""
    rng = np.random.default_rng(seed)
    P = rng.normal(size=(n, 3))
    rot = Rotation.from_rotvec(rng.normal(size=3) / np.sqrt(3) * np.radians(angle)).as_matrix()
    Q = np.vstack([P @ rot.T + rng.normal(scale=0.05, size=(n, 3)), rng.normal(size=(5, 3))])
    R, t, hist = lab.icp(P, Q, max_iter=20)
    h = np.asarray(hist)
    assert np.all(np.diff(h) <= 1e-9), f"RMSE history went up: {np.round(h, 6)}"
    assert np.isclose(h[-1], _nn_rmse(P, Q, R, t), rtol=1e-7, atol=1e-9), (
        f"history[-1] = {h[-1]:.6g} but the returned (R, t) gives RMSE {_nn_rmse(P, Q, R, t):.6g}"
    )
    assert np.isclose(np.linalg.det(R), 1.0), f"det R = {np.linalg.det(R):.4f}: not a rotation"


@pytest.mark.region("solve")
def test_initial_guess_is_used(lab):
    """A 120° turn is too far for ICP from the identity, but converges from an initial guess 10° off."""
    src = _cloud(1)
    R_true, t_true = _rz(120.0), np.array([1.0, 0.0, -0.5])
    tgt = src @ R_true.T + t_true
    R, t, hist = lab.icp(src, tgt, R0=_rz(110.0), t0=np.array([0.9, 0.1, -0.5]))
    assert np.allclose(R, R_true, atol=1e-7), "starting from R0 = 110°, ICP should reach the true 120° pose"
    assert np.isclose(hist[0], _nn_rmse(src, tgt, _rz(110.0), [0.9, 0.1, -0.5])), "history[0] must use R0, t0"


@pytest.mark.region("solve")
def test_extra_target_points_and_noise(lab):
    """Target = moved source with 0.01 noise plus far clutter: pose within 0.5° and 0.01."""
    rng = np.random.default_rng(2)
    src = _cloud(2, 400)
    R_true, t_true = _rz(-12.0) @ Rotation.from_rotvec([0.1, 0.0, 0.0]).as_matrix(), np.array([0.2, 0.3, -0.1])
    tgt = np.vstack([src @ R_true.T + t_true + rng.normal(scale=0.01, size=src.shape), rng.uniform(20, 30, (100, 3))])
    R, t, _ = lab.icp(src, tgt)
    ang = np.degrees(np.arccos(np.clip((np.trace(np.asarray(R).T @ R_true) - 1) / 2, -1, 1)))
    assert ang < 0.5 and np.abs(np.ravel(t) - t_true).max() < 0.01, f"rotation off by {ang:.3f}°, t = {np.ravel(t)}"


@pytest.mark.region("solve")
def test_zero_iterations_returns_the_start(lab):
    """max_iter = 0: the initial transform and a one-entry history."""
    src = _cloud(3, 50)
    R, t, hist = lab.icp(src, src + 1.0, R0=_rz(5.0), t0=np.array([1.0, 1.0, 1.0]), max_iter=0)
    assert np.allclose(R, _rz(5.0)) and np.allclose(np.ravel(t), 1.0), "max_iter=0 must return R0, t0"
    assert len(hist) == 1, f"max_iter=0: history should be [initial RMSE], got {len(hist)} entries"


@pytest.mark.region("solve")
@pytest.mark.parametrize("s1, s2", [((0, 3), (5, 3)), ((5, 3), (0, 3)), ((5, 2), (5, 2))])
def test_bad_input_raises(lab, s1, s2):
    """Empty clouds or 2-D points raise ValueError."""
    with pytest.raises(ValueError):
        lab.icp(np.ones(s1), np.ones(s2))
