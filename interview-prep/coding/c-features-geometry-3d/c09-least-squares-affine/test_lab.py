"""Grader for c09 - least-squares affine from correspondences.

References: cv2.getAffineTransform (the exact affine through 3 pairs), scipy.linalg.lstsq on
the stacked design matrix for noisy data, exact synthetic ground truth for noise-free data,
and the normal equations (residuals orthogonal to the columns of [src | 1]).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import scipy.linalg
from hypothesis import given
from hypothesis import strategies as st

SQUARE = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])


def _fit(lab, s, d):
    got = np.asarray(lab.fit_affine(s, d), dtype=np.float64)
    assert got.shape == (2, 3), (
        f"fit_affine({s.shape}, {d.shape}) returned shape {got.shape}, expected (2, 3) [[a, b, tx], [c, d, ty]]"
    )
    return got


@pytest.mark.region("solve")
def test_readme_examples(lab):
    """The unit square mapped exactly, then with one corner 0.4 off in x: [[2.2, 0.2, 0.9], [0, 0.5, -1]]."""
    A = np.array([[2.0, 0.0, 1.0], [0.0, 0.5, -1.0]])
    dst = SQUARE @ A[:, :2].T + A[:, 2]
    got = _fit(lab, SQUARE, dst)
    assert np.allclose(got, A, atol=1e-9), f"noise-free square: got\n{got}\nexpected\n{A}"
    dst[3, 0] += 0.4
    got = _fit(lab, SQUARE, dst)
    want = np.array([[2.2, 0.2, 0.9], [0.0, 0.5, -1.0]])
    assert np.allclose(got, want, atol=1e-9), (
        f"one corner 0.4 off: got\n{np.round(got, 6)}\nexpected\n{want}\n(the least-squares solution spreads the error: "
        "residual ±0.1 at every corner)"
    )


@pytest.mark.region("solve")
@given(st.integers(0, 2**31 - 1))
def test_three_points_match_get_affine_transform(lab, seed):
    """Three random non-collinear pairs: the exact affine, equal to cv2.getAffineTransform."""
    rng = np.random.default_rng(seed)
    s = rng.uniform(-50, 50, (3, 2))
    area = abs(np.cross(s[1] - s[0], s[2] - s[0]))
    if area < 50.0:  # nearly collinear triangles are ill-conditioned in float32
        s[2] = s[0] + np.array([-(s[1] - s[0])[1], (s[1] - s[0])[0]]) + 1.0
    d = rng.uniform(-50, 50, (3, 2))
    got = _fit(lab, s, d)
    ref = cv2.getAffineTransform(s.astype(np.float32), d.astype(np.float32))
    assert np.allclose(got @ np.c_[s, np.ones(3)].T, d.T, atol=1e-6), (
        "three pairs: the fitted map must hit every dst exactly"
    )
    assert np.allclose(got, ref, rtol=1e-3, atol=1e-3), f"got\n{got}\ncv2.getAffineTransform gives\n{ref}"


@pytest.mark.region("solve")
@given(st.integers(0, 2**31 - 1), st.integers(3, 30))
def test_noisy_matches_scipy_lstsq(lab, seed, n):
    """Random noisy correspondences: equals scipy.linalg.lstsq on [src | 1], and the residuals satisfy the normal equations."""
    rng = np.random.default_rng(seed)
    s = rng.normal(scale=10, size=(n, 2))
    A = rng.normal(size=(2, 3))
    d = s @ A[:, :2].T + A[:, 2] + rng.normal(scale=0.5, size=(n, 2))
    got = _fit(lab, s, d)
    X = np.c_[s, np.ones(n)]
    ref = scipy.linalg.lstsq(X, d)[0].T
    assert np.allclose(got, ref, rtol=1e-7, atol=1e-7), f"{n} pairs: got\n{got}\nscipy.linalg.lstsq gives\n{ref}"
    resid = X @ got.T - d
    assert np.abs(X.T @ resid).max() < 1e-6 * (1 + np.abs(X).max() ** 2), (
        "the residuals must be orthogonal to x, y and 1 (normal equations)"
    )


@pytest.mark.region("solve")
def test_direction_src_to_dst(lab):
    """A pure translation by (+3, -2) is recovered as tx = 3, ty = -2 (src -> dst, not the inverse)."""
    s = np.array([[0.0, 0.0], [4.0, 1.0], [2.0, 5.0], [-1.0, 3.0]])
    got = _fit(lab, s, s + [3.0, -2.0])
    assert np.allclose(got, [[1, 0, 3], [0, 1, -2]], atol=1e-9), (
        f"translation by (3, -2): got\n{got}\nexpected [[1, 0, 3], [0, 1, -2]]"
    )


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "s, d",
    [
        (np.zeros((2, 2)), np.zeros((2, 2))),  # too few pairs
        (np.array([[0.0, 0], [1, 1], [2, 2], [5, 5]]), np.random.default_rng(0).normal(size=(4, 2))),  # collinear src
        (np.zeros((4, 2)), np.zeros((5, 2))),  # shapes differ
        (np.zeros((4, 3)), np.zeros((4, 3))),  # not 2-D points
    ],
)
def test_rejects_underdetermined(lab, s, d):
    """Fewer than 3 pairs, collinear sources, mismatched or non-(N, 2) shapes raise ValueError."""
    with pytest.raises(ValueError):
        lab.fit_affine(s, d)
