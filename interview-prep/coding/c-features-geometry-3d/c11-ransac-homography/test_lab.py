"""Grader for c11 - RANSAC homography.

References: exact ground truth (pixel correspondences under a known homography with 30-40 %
gross outliers displaced 20-200 px, so the inlier set is known and every correct RANSAC finds
it), cv2.findHomography(method=cv2.RANSAC) for the inlier mask, and hand-computed transfer
errors including a point mapped to infinity.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

H_TRUE = np.array([[0.9, 0.1, 40.0], [-0.08, 1.05, 25.0], [2e-4, -1e-4, 1.0]])


def _scene(seed, n=50, outlier_frac=0.3, noise=0.0):
    rng = np.random.default_rng(seed)
    src = rng.uniform(0, 640, (n, 2))
    q = np.c_[src, np.ones(n)] @ H_TRUE.T
    dst = q[:, :2] / q[:, 2:] + noise * rng.normal(size=(n, 2))
    bad = rng.permutation(n)[: round(outlier_frac * n)]
    r, phi = rng.uniform(20, 200, len(bad)), rng.uniform(0, 2 * np.pi, len(bad))
    dst[bad] += np.stack([r * np.cos(phi), r * np.sin(phi)], axis=1)
    truth = np.ones(n, bool)
    truth[bad] = False
    return src, dst, truth


# ----------------------------------------------------------------------------- reproj
@pytest.mark.region("reproj")
def test_reprojection_example(lab):
    """README example: H scales by 2 and shifts (1, -1); errors are Euclidean distances after the divide by w."""
    H = np.array([[2.0, 0.0, 1.0], [0.0, 2.0, -1.0], [0.0, 0.0, 1.0]])
    got = np.asarray(
        lab.reprojection_errors(H, np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[1.0, -1.0], [6.0, 1.0]]))
    )
    assert got.shape == (2,) and np.allclose(got, [0.0, 3.0]), (
        f"got {got}, expected [0, 3]: (1,1) maps to (3, 1), 3 px from (6, 1)"
    )


@pytest.mark.region("reproj")
def test_perspective_divide_and_infinity(lab):
    """A projective H: the error uses (a/w, b/w); a point sent to w = 0 has error +inf, not NaN."""
    H = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.0, 1.0]])  # w = 0.5·x + 1
    src = np.array([[2.0, 4.0], [-2.0, 1.0], [0.0, 0.0]])
    dst = np.array([[1.0, 2.0], [0.0, 0.0], [3.0, 4.0]])
    with np.errstate(all="raise"):
        got = np.asarray(lab.reprojection_errors(H, src, dst), dtype=np.float64)
    assert np.isclose(got[0], 0.0), f"(2, 4) maps to (2, 4)/2 = (1, 2): error should be 0, got {got[0]}"
    assert np.isinf(got[1]), f"(-2, 1) maps to w = 0: error should be +inf, got {got[1]}"
    assert np.isclose(got[2], 5.0), f"(0, 0) maps to (0, 0): 5 px from (3, 4), got {got[2]}"


@pytest.mark.region("reproj")
def test_negative_w_is_a_valid_projection(lab):
    """Only w ≈ 0 is at infinity: a point with w < 0 still projects to (a/w, b/w) with a finite error."""
    H = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.0, 1.0]])  # w = 0.5·x + 1
    got = np.asarray(lab.reprojection_errors(H, np.array([[-4.0, 2.0]]), np.array([[4.0, 1.0]])), dtype=np.float64)
    assert np.allclose(got, [3.0]), (
        f"(-4, 2) maps to (-4, 2, -1) -> (4, -2), 3 px from (4, 1): got {got}, expected [3.0] (only |w| <= 1e-12 is +inf)"
    )


@pytest.mark.region("reproj")
@given(st.integers(0, 2**31 - 1), st.integers(0, 12))
def test_reprojection_matches_cv2_perspective_transform(lab, seed, n):
    """Random points and homography: errors equal the distances to cv2.perspectiveTransform(src, H)."""
    rng = np.random.default_rng(seed)
    H = np.eye(3) + 0.1 * rng.normal(size=(3, 3))
    H[2, :2] *= 1e-2
    src, dst = rng.uniform(0, 100, (n, 2)), rng.uniform(0, 100, (n, 2))
    got = np.asarray(lab.reprojection_errors(H, src, dst), dtype=np.float64)
    assert got.shape == (n,), f"{n} points: got shape {got.shape}, expected ({n},)"
    if n:
        proj = cv2.perspectiveTransform(src.reshape(-1, 1, 2), H).reshape(-1, 2)
        ref = np.linalg.norm(proj - dst, axis=1)
        assert np.allclose(got, ref, rtol=1e-9, atol=1e-9), f"got {got}, expected {ref}"


@pytest.mark.region("reproj")
def test_reprojection_bad_shapes(lab):
    """H not 3x3 or src/dst of different lengths raise ValueError."""
    with pytest.raises(ValueError):
        lab.reprojection_errors(np.eye(2), np.zeros((3, 2)), np.zeros((3, 2)))
    with pytest.raises(ValueError):
        lab.reprojection_errors(np.eye(3), np.zeros((3, 2)), np.zeros((4, 2)))


# ----------------------------------------------------------------------------- ransac
@pytest.mark.region("ransac", needs=["reproj"])
@pytest.mark.parametrize("seed, frac", [(0, 0.3), (1, 0.4)])
def test_exact_with_outliers(lab, seed, frac):
    """Noise-free correspondences with 30 % / 40 % gross outliers: exact H and exact inlier mask."""
    src, dst, truth = _scene(seed, outlier_frac=frac)
    H, inl = lab.ransac_homography(src, dst, threshold=3.0, n_iters=500, seed=seed)
    H, inl = np.asarray(H, dtype=np.float64), np.asarray(inl)
    assert inl.dtype == bool and inl.shape == truth.shape, (
        f"inliers must be bool {truth.shape}, got {inl.dtype} {inl.shape}"
    )
    assert np.array_equal(inl, truth), f"{int((inl != truth).sum())} correspondences misclassified"
    assert np.allclose(H, H_TRUE, rtol=1e-6, atol=1e-9), f"got\n{H}\nexpected\n{H_TRUE}"


@pytest.mark.region("ransac", needs=["reproj"])
def test_noisy_refit_and_cv2_mask(lab):
    """σ = 0.5 px noise: the mask equals the truth and cv2.findHomography(RANSAC, 3)'s, and H is the DLT of all inliers."""
    src, dst, truth = _scene(2, n=80, outlier_frac=0.35, noise=0.5)
    H, inl = lab.ransac_homography(src, dst, threshold=3.0, n_iters=500, seed=0)
    inl = np.asarray(inl)
    assert np.array_equal(inl, truth), f"{int((inl != truth).sum())} correspondences misclassified"
    _, ref_mask = cv2.findHomography(src, dst, cv2.RANSAC, 3.0)
    assert np.array_equal(inl, ref_mask.ravel().astype(bool)), (
        "the mask differs from cv2.findHomography(method=cv2.RANSAC, 3.0)"
    )
    want = lab.homography_dlt(src[truth], dst[truth])
    assert np.allclose(H, want, rtol=1e-9, atol=1e-12), (
        f"got\n{np.asarray(H)}\nexpected the DLT refit on all inliers\n{want}\n(a 4-point hypothesis carries the noise of 4 points)"
    )


@pytest.mark.region("ransac", needs=["reproj"])
def test_degenerate_samples_are_skipped(lab):
    """Half the matches lie on one line (a road marking): samples with 3 collinear points raise in the DLT and are skipped."""
    rng = np.random.default_rng(7)
    t = rng.uniform(0, 640, 24)
    line = np.c_[t, 0.5 * t + 100.0]  # 24 collinear source points
    src = np.vstack([line, rng.uniform(0, 640, (16, 2)), rng.uniform(0, 640, (10, 2))])
    q = np.c_[src, np.ones(len(src))] @ H_TRUE.T
    dst = q[:, :2] / q[:, 2:]
    r, phi = rng.uniform(20, 200, 10), rng.uniform(0, 2 * np.pi, 10)
    dst[40:] += np.stack([r * np.cos(phi), r * np.sin(phi)], axis=1)  # 10 gross outliers
    truth = np.r_[np.ones(40, bool), np.zeros(10, bool)]
    try:
        H, inl = lab.ransac_homography(src, dst, threshold=3.0, n_iters=300, seed=0)
    except ValueError as exc:
        raise AssertionError(
            f"ransac_homography raised ValueError({exc}) although most samples are fine: a sample with 3 collinear "
            "points makes homography_dlt raise - catch that and skip the trial"
        ) from exc
    assert np.array_equal(np.asarray(inl), truth), f"{int((np.asarray(inl) != truth).sum())} correspondences misclassified"
    assert np.allclose(H, H_TRUE, rtol=1e-6, atol=1e-9), f"got\n{np.asarray(H)}\nexpected\n{H_TRUE}"


@pytest.mark.region("ransac", needs=["reproj"])
def test_ransac_errors(lab):
    """Fewer than 4 pairs, threshold <= 0, or only degenerate (collinear) samples raise ValueError."""
    src, dst, _ = _scene(0, n=10)
    with pytest.raises(ValueError):
        lab.ransac_homography(src[:3], dst[:3])
    with pytest.raises(ValueError):
        lab.ransac_homography(src, dst, threshold=0.0)
    line = np.c_[np.arange(8.0), 2 * np.arange(8.0)]
    with pytest.raises(ValueError):
        lab.ransac_homography(line, line + 1.0, n_iters=30)
