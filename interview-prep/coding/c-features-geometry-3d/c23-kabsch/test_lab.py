"""Grader for c23 - Kabsch / Umeyama alignment.

References: scipy.spatial.transform.Rotation.align_vectors (Kabsch on centred vectors, SciPy's
own implementation), exact transforms applied to random clouds, a mirrored cloud (the
reflection case) and degenerate one- and two-point sets judged by their residual.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation


def _apply(R, t, s, P):
    return s * np.asarray(P) @ np.asarray(R).T + np.ravel(t)


def _rmsd(R, t, s, P, Q):
    return float(np.sqrt(((_apply(R, t, s, P) - Q) ** 2).sum(1).mean()))


def _check_rotation(R):
    R = np.asarray(R, dtype=np.float64)
    assert R.shape == (3, 3), f"R has shape {R.shape}"
    assert np.allclose(R.T @ R, np.eye(3), atol=1e-9), "R is not orthonormal"
    d = np.linalg.det(R)
    assert np.isclose(d, 1.0), f"det R = {d:.4f}: a reflection; flip the sign of the last singular direction (D = diag(1, 1, det))"


@pytest.mark.region("solve")
def test_worked_example_with_scale(lab):
    """README example: 90° about z, scale 2, shift (1, 2, 3) is recovered exactly."""
    src = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]])
    Rz = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    dst = 2.0 * src @ Rz.T + np.array([1.0, 2.0, 3.0])
    R, t, s = lab.rigid_align(src, dst, with_scale=True)
    _check_rotation(R)
    assert np.allclose(R, Rz, atol=1e-9), f"got R\n{np.round(R, 6)}\nexpected\n{Rz}"
    assert np.allclose(np.ravel(t), [1, 2, 3], atol=1e-9) and np.isclose(s, 2.0), f"got t={np.ravel(t)}, s={s}; expected (1, 2, 3), 2"
    R1, t1, s1 = lab.rigid_align(src, src @ Rz.T + [1.0, 2.0, 3.0])
    assert s1 == 1.0 and np.allclose(R1, Rz) and np.allclose(np.ravel(t1), [1, 2, 3]), "without scale: s must be 1 and R, t exact"


@pytest.mark.region("solve")
@given(st.integers(0, 2**32 - 1), st.integers(3, 20), st.booleans())
def test_exact_random_transforms(lab, seed, n, scaled):
    """Random rotation, translation (and scale): recovered to 1e-8 from a random cloud of 3..20 points."""
    rng = np.random.default_rng(seed)
    P = rng.normal(scale=2.0, size=(n, 3)) + rng.normal(scale=10.0, size=3)  # off-centre on purpose
    R_true, t_true = Rotation.random(rng=rng).as_matrix(), rng.normal(scale=5.0, size=3)
    s_true = rng.uniform(0.2, 5.0) if scaled else 1.0
    Q = s_true * P @ R_true.T + t_true
    R, t, s = lab.rigid_align(P, Q, with_scale=scaled)
    _check_rotation(R)
    assert np.allclose(R, R_true, atol=1e-8), f"seed {seed}, N={n}: rotation not recovered (centre both sets first?)"
    assert np.isclose(s, s_true, rtol=1e-8), f"seed {seed}: scale {s}, expected {s_true}"
    assert np.allclose(np.ravel(t), t_true, atol=1e-7), f"seed {seed}: t {np.ravel(t)}, expected {t_true}"


@pytest.mark.region("solve")
@given(st.integers(0, 2**32 - 1), st.booleans())
def test_noisy_matches_scipy_align_vectors(lab, seed, mirror):
    """Noisy (and possibly mirrored) targets: the same rotation as scipy's Rotation.align_vectors on centred points."""
    rng = np.random.default_rng(seed)
    P = rng.normal(size=(15, 3))
    Q = P @ Rotation.random(rng=rng).as_matrix().T + rng.normal(scale=0.3, size=(15, 3))
    if mirror:
        Q[:, 2] *= -1.0
    R, t, s = lab.rigid_align(P, Q)
    _check_rotation(R)
    ref = Rotation.align_vectors(Q - Q.mean(0), P - P.mean(0))[0].as_matrix()
    assert np.allclose(R, ref, atol=1e-7), f"seed {seed} (mirror={mirror}): R differs from scipy's Kabsch by {np.abs(R - ref).max():.3g}"
    assert np.allclose(np.ravel(t), Q.mean(0) - ref @ P.mean(0), atol=1e-7), "t must map the source centroid onto the target centroid"


@pytest.mark.region("solve")
def test_mirror_image_gets_a_rotation(lab):
    """A target that is the mirror image of a planar-ish cloud: det R = +1 and the residual is the best a rotation achieves."""
    P = np.array([[1.0, 0.0, 0.1], [0.0, 1.0, -0.1], [-1.0, 0.0, 0.2], [0.0, -1.0, 0.0], [0.5, 0.5, 1.0]])
    Q = P * np.array([1.0, 1.0, -1.0])
    R, t, s = lab.rigid_align(P, Q)
    _check_rotation(R)
    ref = Rotation.align_vectors(Q - Q.mean(0), P - P.mean(0))[0].as_matrix()
    best = _rmsd(ref, Q.mean(0) - ref @ P.mean(0), 1.0, P, Q)
    assert _rmsd(R, t, s, P, Q) <= best + 1e-9, f"RMSD {_rmsd(R, t, s, P, Q):.6f}, the best rotation gives {best:.6f}"


@pytest.mark.region("solve")
@given(st.integers(0, 2**32 - 1))
def test_scale_of_a_mirrored_target(lab, seed):
    """with_scale on a mirrored, scaled target: s is the least-squares scale for the returned rotation."""
    rng = np.random.default_rng(seed)
    P = rng.normal(size=(12, 3))
    Q = 1.7 * P @ Rotation.random(rng=rng).as_matrix().T * np.array([1.0, 1.0, -1.0]) + rng.normal(size=3)
    R, t, s = lab.rigid_align(P, Q, with_scale=True)
    _check_rotation(R)
    Pc, Qc = P - P.mean(0), Q - Q.mean(0)
    R = np.asarray(R, dtype=np.float64)
    s_ls = float(np.sum(Qc * (Pc @ R.T)) / np.sum(Pc**2))  # argmin_s Σ |s R p_i - q_i|² for this R (centred)
    assert np.isclose(s, s_ls, rtol=1e-7), (
        f"seed {seed}: s = {s:.6f}, but the best scale for your R is {s_ls:.6f}; with the reflection guard the scale "
        "is trace(Σ D) / var(source), not trace(Σ) / var(source)"
    )
    assert np.allclose(np.ravel(t), Q.mean(0) - s * R @ P.mean(0), atol=1e-7), "t must be μq - s R μp"


@pytest.mark.region("solve")
def test_degenerate_sets(lab):
    """One point, or two points: any proper rotation with zero residual is accepted."""
    R, t, s = lab.rigid_align(np.array([[1.0, 2.0, 3.0]]), np.array([[4.0, 5.0, 6.0]]))
    _check_rotation(R)
    assert _rmsd(R, t, s, [[1.0, 2.0, 3.0]], np.array([[4.0, 5.0, 6.0]])) < 1e-12, "one point: t must map it exactly"
    P = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    Q = np.array([[1.0, 1.0, 1.0], [1.0, 2.0, 1.0]])
    R, t, s = lab.rigid_align(P, Q)
    _check_rotation(R)
    assert _rmsd(R, t, s, P, Q) < 1e-9, f"two points at equal distance: residual {_rmsd(R, t, s, P, Q):.3g}, expected 0"


@pytest.mark.region("solve")
@pytest.mark.parametrize("s1, s2", [((4, 3), (5, 3)), ((4, 2), (4, 2)), ((0, 3), (0, 3))])
def test_bad_input_raises(lab, s1, s2):
    """Different point counts, 2-D points, or empty sets raise ValueError."""
    with pytest.raises(ValueError):
        lab.rigid_align(np.ones(s1), np.ones(s2))
