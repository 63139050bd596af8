"""Grader for c14 - rotation conversions.

References: cv2.Rodrigues (both directions) for axis-angle, and
scipy.spatial.transform.Rotation (from_quat / as_quat with scalar_first=True, canonical=True)
for quaternions; exact cases for 90° and 180° rotations, and the edge cases θ = 0, tiny θ,
θ = π and θ within 1e-7 of π.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

RZ90 = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])


def _unit(seed):
    v = np.random.default_rng(seed).normal(size=3)
    return v / np.linalg.norm(v)


def _rot(seed):
    return Rotation.random(random_state=seed).as_matrix()


# ----------------------------------------------------------------------------- rodrigues
@pytest.mark.region("rodrigues")
def test_rodrigues_exact_and_zero(lab):
    """(0, 0, π/2) gives the 90° rotation about z; the zero vector gives the identity (no NaN)."""
    got = np.asarray(lab.rotvec_to_matrix(np.array([0.0, 0.0, np.pi / 2])), dtype=np.float64)
    assert got.shape == (3, 3) and np.allclose(got, RZ90, atol=1e-12), (
        f"got\n{got}\nexpected\n{RZ90} (counter-clockwise: x -> y)"
    )
    got0 = np.asarray(lab.rotvec_to_matrix(np.zeros(3)), dtype=np.float64)
    assert np.allclose(got0, np.eye(3)), f"rvec = 0 must give the identity, got\n{got0}"


@pytest.mark.region("rodrigues")
@given(st.integers(0, 2**31 - 1), st.floats(1e-12, 3 * np.pi))
def test_rodrigues_matches_cv2(lab, seed, angle):
    """Random axis, angle from 1e-12 to 3π: equal to cv2.Rodrigues(rvec)."""
    rvec = _unit(seed) * angle
    got = np.asarray(lab.rotvec_to_matrix(rvec), dtype=np.float64)
    ref, _ = cv2.Rodrigues(rvec)
    assert np.allclose(got, ref, atol=1e-9), f"rvec {rvec}: got\n{got}\ncv2.Rodrigues gives\n{ref}"


@pytest.mark.region("rodrigues")
def test_rodrigues_rejects_bad_shape(lab):
    """A rotation vector with 4 components raises ValueError."""
    with pytest.raises(ValueError):
        lab.rotvec_to_matrix(np.zeros(4))


# ----------------------------------------------------------------------------- log_map
def _check_rotvec(got, R, what):
    got = np.asarray(got, dtype=np.float64)
    assert got.shape == (3,), f"{what}: returned shape {got.shape}, expected (3,)"
    assert np.all(np.isfinite(got)), f"{what}: returned {got} (NaN or inf)"
    assert np.linalg.norm(got) <= np.pi + 1e-9, f"{what}: |ω| = {np.linalg.norm(got)} > π"
    back, _ = cv2.Rodrigues(got)
    assert np.allclose(back, R, atol=1e-6), (
        f"{what}: ω = {got} does not reproduce the matrix (cv2.Rodrigues(ω) differs)"
    )
    return got


@pytest.mark.region("log_map")
@given(st.integers(0, 2**31 - 1))
def test_log_map_matches_cv2(lab, seed):
    """Random rotations: the rotation vector equals cv2.Rodrigues(R)."""
    R = _rot(seed)
    got = _check_rotvec(lab.matrix_to_rotvec(R), R, "random rotation")
    ref, _ = cv2.Rodrigues(R)
    assert np.allclose(got, ref.ravel(), atol=1e-7), f"got {got}, cv2.Rodrigues gives {ref.ravel()}"


@pytest.mark.region("log_map")
def test_log_map_identity_and_tiny(lab):
    """The identity gives ω = 0; a 1e-9 rad rotation gives back 1e-9·axis."""
    got = np.asarray(lab.matrix_to_rotvec(np.eye(3)), dtype=np.float64)
    assert np.allclose(got, 0.0, atol=1e-12) and np.isfinite(got).all(), f"identity: got {got}, expected [0, 0, 0]"
    w = 1e-9 * _unit(1)
    R = np.eye(3) + np.array([[0, -w[2], w[1]], [w[2], 0, -w[0]], [-w[1], w[0], 0]])
    got = np.asarray(lab.matrix_to_rotvec(R), dtype=np.float64)
    assert np.allclose(got, w, atol=1e-15), f"tiny rotation: got {got}, expected {w}"


@pytest.mark.region("log_map")
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_log_map_at_and_near_pi(lab, seed):
    """θ = π exactly (either sign of the axis is fine) and θ = π - 1e-7 (the sign is determined) are both accurate."""
    k = _unit(seed)
    R = 2 * np.outer(k, k) - np.eye(3)  # half-turn about k
    got = _check_rotvec(lab.matrix_to_rotvec(R), R, f"half-turn about {np.round(k, 3)}")
    assert np.isclose(np.linalg.norm(got), np.pi), f"half-turn: |ω| = {np.linalg.norm(got)}, expected π"
    theta = np.pi - 1e-7
    R2 = Rotation.from_rotvec(theta * k).as_matrix()
    got2 = np.asarray(lab.matrix_to_rotvec(R2), dtype=np.float64)
    assert np.allclose(got2, theta * k, atol=1e-6), (
        f"θ = π - 1e-7 about {np.round(k, 4)}: got {got2}, expected {theta * k} (sin θ ≈ 1e-7: divide by it and you lose "
        "the axis; read it from the symmetric part of R + I)"
    )


@pytest.mark.region("log_map")
def test_log_map_rejects_non_rotation(lab):
    """A reflection (det -1) or a scaled matrix raises ValueError."""
    for M in (np.diag([1.0, 1.0, -1.0]), 2 * np.eye(3)):
        with pytest.raises(ValueError):
            lab.matrix_to_rotvec(M)


# ----------------------------------------------------------------------------- quat_to_mat
@pytest.mark.region("quat_to_mat")
def test_quat_to_matrix_exact(lab):
    """[cos 45°, 0, 0, sin 45°] (scalar first) is the 90° rotation about z; its negative is the same rotation."""
    q = np.array([np.cos(np.pi / 4), 0.0, 0.0, np.sin(np.pi / 4)])
    for qq in (q, -q, 3 * q):
        got = np.asarray(lab.quat_to_matrix(qq), dtype=np.float64)
        assert got.shape == (3, 3) and np.allclose(got, RZ90, atol=1e-12), (
            f"q = {np.round(qq, 4)}: got\n{np.round(got, 6)}\nexpected\n{RZ90}\n(q = [w, x, y, z], scalar first; normalise first)"
        )


@pytest.mark.region("quat_to_mat")
@given(st.integers(0, 2**31 - 1), st.floats(0.1, 10))
def test_quat_to_matrix_matches_scipy(lab, seed, scale):
    """Random (not unit-length) quaternions: equal to Rotation.from_quat(q, scalar_first=True).as_matrix()."""
    q = np.random.default_rng(seed).normal(size=4) * scale
    got = np.asarray(lab.quat_to_matrix(q), dtype=np.float64)
    ref = Rotation.from_quat(q, scalar_first=True).as_matrix()
    assert np.allclose(got, ref, atol=1e-9), f"q = {q}: got\n{got}\nscipy gives\n{ref}"


@pytest.mark.region("quat_to_mat")
def test_quat_rejects_zero_and_bad_shape(lab):
    """The zero quaternion and a 3-vector raise ValueError."""
    for q in (np.zeros(4), np.ones(3)):
        with pytest.raises(ValueError):
            lab.quat_to_matrix(q)


# ----------------------------------------------------------------------------- mat_to_quat
@pytest.mark.region("mat_to_quat")
@pytest.mark.parametrize(
    "R, want",
    [
        (RZ90, [np.cos(np.pi / 4), 0, 0, np.sin(np.pi / 4)]),
        (np.diag([1.0, -1.0, -1.0]), [0, 1, 0, 0]),  # half-turn about x: w = 0, 1 + trace = 0
        (np.diag([-1.0, -1.0, 1.0]), [0, 0, 0, 1]),  # half-turn about z
        (np.eye(3), [1, 0, 0, 0]),
    ],
)
def test_matrix_to_quat_exact(lab, R, want):
    """90° about z, half-turns about x and z (w = 0) and the identity give the exact canonical quaternion."""
    got = np.asarray(lab.matrix_to_quat(R), dtype=np.float64)
    assert got.shape == (4,) and np.allclose(got, want, atol=1e-12), (
        f"got {np.round(got, 6)}, expected {np.round(want, 6)}"
    )


@pytest.mark.region("mat_to_quat")
@given(st.integers(0, 2**31 - 1), st.sampled_from([None, 1e-3, 1e-7, 0.0]))
def test_matrix_to_quat_matches_scipy(lab, seed, pi_gap):
    """Random rotations, and rotations within 1e-3 / 1e-7 / 0 of a half-turn: equal to scipy's canonical quaternion."""
    if pi_gap is None:
        R = _rot(seed)
    else:
        R = Rotation.from_rotvec((np.pi - pi_gap) * _unit(seed)).as_matrix()
    got = np.asarray(lab.matrix_to_quat(R), dtype=np.float64)
    ref = Rotation.from_matrix(R).as_quat(scalar_first=True, canonical=True)
    if abs(ref[0]) <= 1e-12:  # a half-turn: the statement's rule, not the sign of w's rounding noise
        ref = ref if ref[1:][np.abs(ref[1:]) > 1e-12][0] > 0 else -ref
    assert np.isclose(np.linalg.norm(got), 1.0), f"quaternion {got} is not unit length"
    assert np.allclose(got, ref, atol=1e-6), (
        f"got {got}, scipy gives {ref} (canonical sign: w > 0, or w = 0 and the first non-zero of x, y, z > 0)"
    )


@pytest.mark.region("mat_to_quat")
def test_matrix_to_quat_rejects_reflection(lab):
    """A reflection (det -1) raises ValueError."""
    with pytest.raises(ValueError):
        lab.matrix_to_quat(np.diag([-1.0, 1.0, 1.0]))
