"""Grader for c10 - normalised DLT homography.

References: cv2.getPerspectiveTransform (exact 4-point homography), cv2.findHomography(method=0)
on noise-free correspondences, exact ground-truth homographies, and the defining property of
Hartley normalisation: the normalised DLT is invariant to similarity transforms of either
image (H' = S2·H·S1⁻¹), which the unnormalised DLT is not once the data is noisy.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

SQUARE = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
QUAD = np.array([[10.0, 10.0], [30.0, 12.0], [28.0, 30.0], [8.0, 26.0]])


def _apply(H, p):
    q = np.c_[p, np.ones(len(p))] @ np.asarray(H).T
    return q[:, :2] / q[:, 2:]


def _sim(angle, scale, t):
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[scale * c, -scale * s, t[0]], [scale * s, scale * c, t[1]], [0, 0, 1.0]])


def _random_h(rng):
    H = np.eye(3) + np.array([[0.2, 0.2, 0], [0.2, 0.2, 0], [0, 0, 0]]) * rng.uniform(-1, 1, (3, 3))
    H[:2, 2] = rng.uniform(-100, 100, 2)
    H[2, :2] = rng.uniform(-3e-4, 3e-4, 2)
    return H


# ----------------------------------------------------------------------------- normalize
@pytest.mark.region("normalize")
def test_normalize_unit_square(lab):
    """The unit square: centroid (0.5, 0.5), mean distance sqrt(0.5), so T = [[2, 0, -1], [0, 2, -1], [0, 0, 1]]."""
    pn, T = lab.normalize_points(SQUARE)
    T = np.asarray(T, dtype=np.float64)
    want = np.array([[2.0, 0, -1], [0, 2, -1], [0, 0, 1]])
    assert T.shape == (3, 3) and np.allclose(T, want), f"T =\n{T}\nexpected\n{want}"
    assert np.allclose(pn, [[-1, -1], [1, -1], [1, 1], [-1, 1]]), (
        f"normalised square should be (±1, ±1), got {np.asarray(pn).tolist()}"
    )


@pytest.mark.region("normalize")
@given(st.integers(0, 2**31 - 1), st.integers(2, 20))
def test_normalize_properties(lab, seed, n):
    """Random pixel coordinates: centroid 0, mean distance sqrt(2), and the points equal T applied in homogeneous form."""
    p = np.random.default_rng(seed).uniform(0, 2000, (n, 2))
    pn, T = lab.normalize_points(p)
    pn, T = np.asarray(pn, dtype=np.float64), np.asarray(T, dtype=np.float64)
    assert np.allclose(pn.mean(0), 0, atol=1e-9), f"centroid of the normalised points is {pn.mean(0)}, expected 0"
    md = np.linalg.norm(pn, axis=1).mean()
    assert np.isclose(md, np.sqrt(2)), f"mean distance is {md:.6f}, expected sqrt(2) = 1.414214 (the MEAN, not the RMS)"
    assert np.allclose(_apply(T, p), pn, atol=1e-9), "T·[x, y, 1] must give the returned normalised points"
    assert np.isclose(T[0, 0], T[1, 1]) and T[0, 1] == 0 and T[1, 0] == 0, (
        "the scaling must be uniform (same s on both axes)"
    )


@pytest.mark.region("normalize")
def test_normalize_rejects_coincident(lab):
    """All points equal: mean distance 0, cannot normalise -> ValueError."""
    with pytest.raises(ValueError):
        lab.normalize_points(np.full((5, 2), 3.0))


# ----------------------------------------------------------------------------- dlt
@pytest.mark.region("dlt", needs=["normalize"])
def test_square_to_quad_matches_cv2(lab):
    """README example: unit square -> quadrilateral, equal to cv2.getPerspectiveTransform, H[2, 2] = 1."""
    H = np.asarray(lab.homography_dlt(SQUARE, QUAD), dtype=np.float64)
    ref = cv2.getPerspectiveTransform(SQUARE.astype(np.float32), QUAD.astype(np.float32))
    assert H.shape == (3, 3), f"got shape {H.shape}, expected (3, 3)"
    assert np.isclose(H[2, 2], 1.0), f"H[2, 2] = {H[2, 2]}, expected 1 (fix the scale)"
    assert np.allclose(H, ref, rtol=1e-6, atol=1e-8), f"got\n{H}\ncv2.getPerspectiveTransform gives\n{ref}"
    assert np.allclose(_apply(H, SQUARE), QUAD, atol=1e-8), "H must map each corner onto its partner"


@pytest.mark.region("dlt", needs=["normalize"])
@given(st.integers(0, 2**31 - 1), st.integers(4, 20))
def test_noise_free_recovers_ground_truth(lab, seed, n):
    """Noise-free pixel-scale correspondences under a random homography: H is recovered and equals cv2.findHomography(method=0)."""
    rng = np.random.default_rng(seed)
    H_true = _random_h(rng)
    src = rng.uniform(0, 1000, (n, 2))
    dst = _apply(H_true, src)
    H = np.asarray(lab.homography_dlt(src, dst), dtype=np.float64)
    err = np.abs(_apply(H, src) - dst).max()
    assert err < 1e-6, f"{n} exact pairs: reprojection error {err:.3g} px, expected ~0"
    assert np.allclose(H, H_true / H_true[2, 2], rtol=1e-6, atol=1e-9), f"got\n{H}\nexpected\n{H_true / H_true[2, 2]}"
    ref, _ = cv2.findHomography(src, dst, 0)
    gap = np.abs(_apply(H, src) - _apply(ref, src)).max()
    assert gap < 0.05, (
        f"H and cv2.findHomography(method=0) map the points {gap:.3g} px apart (cv2 works partly in float32)"
    )


@pytest.mark.region("dlt", needs=["normalize"])
def test_similarity_invariance_with_noise(lab):
    """Noisy data: changing the pixel units/origin of either image by a similarity changes H exactly to S2·H·S1⁻¹."""
    rng = np.random.default_rng(0)
    H_true = np.array([[1.1, 0.1, 30.0], [-0.05, 0.9, 20.0], [1e-4, 2e-4, 1.0]])
    src = rng.uniform(0, 1000, (12, 2))
    dst = _apply(H_true, src) + rng.normal(scale=2.0, size=(12, 2))
    S1, S2 = _sim(0.7, 0.01, (3, -2)), _sim(-1.2, 5.0, (100, 40))
    Ha = np.asarray(lab.homography_dlt(src, dst), dtype=np.float64)
    Hb = np.asarray(lab.homography_dlt(_apply(S1, src), _apply(S2, dst)), dtype=np.float64)
    want = S2 @ Ha @ np.linalg.inv(S1)
    want /= want[2, 2]
    rel = np.abs(Hb - want).max() / np.abs(want).max()
    assert rel < 1e-8, (
        f"relative difference {rel:.3g}: the estimate depends on the coordinate frame. Normalise BOTH point sets (centroid 0, "
        "mean distance sqrt(2)) before the SVD and undo it with H = T_dst⁻¹ · H_n · T_src"
    )


@pytest.mark.region("dlt", needs=["normalize"])
@pytest.mark.parametrize(
    "src, dst",
    [
        (SQUARE[:3], QUAD[:3]),  # 3 pairs
        (np.array([[0.0, 0], [1, 0], [2, 0], [0, 1]]), QUAD),  # 3 of 4 source points collinear
        (np.array([[1.0, 1], [2, 1], [3, 1], [1, 2]]), QUAD),  # the same, away from the origin: H is singular
        (QUAD, np.array([[1.0, 1], [2, 1], [3, 1], [1, 2]])),  # 3 of 4 destination points collinear
        (SQUARE, QUAD[:3]),  # shapes differ
    ],
)
def test_dlt_rejects_degenerate(lab, src, dst):
    """Fewer than 4 pairs, 3 of 4 points collinear in one image only (no invertible H), or mismatched shapes raise ValueError."""
    with pytest.raises(ValueError):
        lab.homography_dlt(src, dst)


@pytest.mark.region("dlt", needs=["normalize"])
@pytest.mark.parametrize("n", [4, 6])
def test_dlt_rejects_zero_h22(lab, n):
    """The true H = [[0, 0, 1], [0, 1, 0], [1, 0, 0]] ((x, y) -> (1/x, y/x)) has H[2, 2] = 0: it cannot be scaled to
    H[2, 2] = 1, so ValueError (the computed entry is ~1e-15 of the largest, not exactly 0: compare with a tolerance)."""
    src = np.array([[1.0, 1.0], [2.0, 1.0], [2.0, 3.0], [1.0, 3.0], [3.0, 2.0], [4.0, 5.0]])[:n]
    dst = np.stack([1.0 / src[:, 0], src[:, 1] / src[:, 0]], axis=1)
    with pytest.raises(ValueError):
        lab.homography_dlt(src, dst)
