"""Grader for b09 - separable filtering.

References: np.outer reconstruction and np.linalg.matrix_rank for separate (any valid split of
the scale and sign between the two vectors is accepted); cv2.sepFilter2D and cv2.filter2D
(correlation, BORDER_REFLECT_101) for sep_filter.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab.testing import where_differs

SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
LAPLACIAN = np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])


def _vec(n_min=1, n_max=7):
    el = st.floats(-5, 5, allow_nan=False).map(lambda v: round(v, 2))
    return st.integers(n_min, n_max).flatmap(lambda n: hnp.arrays(np.float64, n, elements=el))


def _odd_vec():
    el = st.floats(-3, 3, allow_nan=False).map(lambda v: round(v, 2))
    return st.sampled_from([1, 3, 5, 7]).flatmap(lambda n: hnp.arrays(np.float64, n, elements=el))


@pytest.mark.region("separate")
def test_separate_worked_example(lab):
    """The README example: Sobel-x splits into a smoothing column and a difference row; the Laplacian does not split."""
    got = lab.separate(SOBEL_X)
    assert got is not None, "separate(Sobel-x) returned None, but Sobel-x = [1, 2, 1]^T [-1, 0, 1] has rank 1"
    col, row = np.asarray(got[0]), np.asarray(got[1])
    assert col.shape == (3,) and row.shape == (3,), f"got shapes {col.shape}, {row.shape}, expected (3,), (3,)"
    assert np.allclose(np.outer(col, row), SOBEL_X, atol=1e-9), (
        f"outer(col, row) =\n{np.outer(col, row)}\nexpected Sobel-x"
    )
    assert lab.separate(LAPLACIAN) is None, (
        "the 3x3 Laplacian has rank 2 (singular values 4.45, 0.45, 0): expected None"
    )


@pytest.mark.region("separate")
def test_separate_gaussian_with_float_noise(lab):
    """A 2-D Gaussian built from float 1-D Gaussians is rank 1 up to rounding: it must be accepted."""
    g = cv2.getGaussianKernel(7, 1.3)[:, 0]
    k = np.outer(g, cv2.getGaussianKernel(5, 0.9)[:, 0])
    got = lab.separate(k)
    assert got is not None, "a Gaussian outer product was rejected: compare sigma_1 with rtol * sigma_0, not with 0"
    assert np.allclose(np.outer(got[0], got[1]), k, atol=1e-12), "outer(col, row) does not reproduce the Gaussian"


@pytest.mark.region("separate")
@given(_vec(), _vec())
def test_separate_recovers_any_outer_product(lab, u, v):
    """Random outer products u v^T: separate returns vectors whose outer product is the kernel."""
    k = np.outer(u, v)
    got = lab.separate(k)
    assert got is not None, f"outer product of {u} and {v} has rank <= 1 but separate returned None"
    col, row = np.asarray(got[0]), np.asarray(got[1])
    assert col.shape == u.shape and row.shape == v.shape, (
        f"got shapes {col.shape}, {row.shape}, expected {u.shape}, {v.shape}"
    )
    scale = 1e-9 * max(1.0, np.abs(k).max())
    assert np.allclose(np.outer(col, row), k, atol=scale), (
        f"outer(col, row) differs from the kernel{where_differs(np.round(np.outer(col, row), 6), np.round(k, 6))}"
    )


@pytest.mark.region("separate")
@given(_vec(2, 6), _vec(2, 6), st.integers(0, 10**6))
def test_separate_rejects_rank_two(lab, u, v, seed):
    """An outer product plus a clearly independent second one (rank 2) returns None."""
    rng = np.random.default_rng(seed)
    k = np.outer(u, v) + np.outer(rng.normal(size=u.size), rng.normal(size=v.size))
    s = np.linalg.svd(k, compute_uv=False)
    if s[1] <= 1e-3 * s[0]:
        return  # the random second term happened to be (nearly) parallel: not a rank-2 case
    assert lab.separate(k) is None, f"kernel with singular values {np.round(s, 4)} (rank 2) must give None"


@pytest.mark.region("separate")
def test_separate_zero_and_bad_kernels(lab):
    """An all-zero kernel gives two zero vectors; a 1-D or 3-D kernel raises ValueError."""
    got = lab.separate(np.zeros((3, 5)))
    assert got is not None and np.allclose(np.outer(got[0], got[1]), 0.0), "zero kernel: expected zero vectors"
    assert np.asarray(got[0]).shape == (3,) and np.asarray(got[1]).shape == (5,), "zero kernel: wrong shapes"
    for bad in (np.ones(3), np.ones((3, 3, 3))):
        with pytest.raises(ValueError):
            lab.separate(bad)


@pytest.mark.region("sep_filter")
def test_sep_filter_worked_example(lab):
    """The README example: Sobel-x on a ramp is 8 inside and 0 at the reflected left and right borders."""
    img = np.arange(16.0).reshape(4, 4)
    got = np.asarray(lab.sep_filter(img, np.array([1.0, 2.0, 1.0]), np.array([-1.0, 0.0, 1.0])))
    want = np.tile([0.0, 8.0, 8.0, 0.0], (4, 1))
    assert got.shape == (4, 4), f"got shape {got.shape}, expected (4, 4)"
    assert np.allclose(got, want), (
        f"got\n{got}\nexpected\n{want}\n(col filters along the rows index y, row along x; reflect-101 borders)"
    )


@pytest.mark.region("sep_filter")
@given(
    hnp.arrays(np.float64, st.tuples(st.integers(4, 16), st.integers(4, 16)), elements=st.floats(0, 255)),
    _odd_vec(),
    _odd_vec(),
)
def test_sep_filter_matches_opencv(lab, img, col, row):
    """Random images and odd 1-D kernels: equal to cv2.sepFilter2D (correlation, reflect-101)."""
    if col.size // 2 >= img.shape[0] or row.size // 2 >= img.shape[1]:
        return
    got = np.asarray(lab.sep_filter(img, col, row))
    ref = cv2.sepFilter2D(img, cv2.CV_64F, row, col, borderType=cv2.BORDER_REFLECT_101)
    assert got.shape == img.shape, f"image {img.shape}: got shape {got.shape}"
    assert np.allclose(got, ref, atol=1e-7), (
        f"col {col}, row {row}: differs from cv2.sepFilter2D by {np.abs(got - ref).max():.3g}"
    )


@pytest.mark.region("sep_filter", needs=["separate"])
def test_two_passes_equal_full_2d_filter(lab):
    """Separating a kernel and filtering with two passes equals cv2.filter2D with the full 2-D kernel."""
    rng = np.random.default_rng(0)
    img = rng.uniform(0, 255, size=(16, 13))
    k = np.outer([1.0, 4.0, 6.0, 4.0, 1.0], [1.0, -2.0, 1.0]) / 16.0
    col, row = lab.separate(k)
    got = np.asarray(lab.sep_filter(img, col, row))
    ref = cv2.filter2D(img, cv2.CV_64F, k, borderType=cv2.BORDER_REFLECT_101)
    assert np.allclose(got, ref, atol=1e-9), f"two passes differ from the 2-D filter by {np.abs(got - ref).max():.3g}"


@pytest.mark.region("sep_filter")
def test_sep_filter_is_correlation(lab):
    """An impulse filtered with asymmetric kernels gives the kernel rotated by 180 degrees (correlation, no flip)."""
    img = np.zeros((7, 7))
    img[3, 3] = 1.0
    col, row = np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, -1.0])
    got = np.asarray(lab.sep_filter(img, col, row))[2:5, 2:5]
    want = np.outer(col, row)[::-1, ::-1]
    assert np.allclose(got, want), f"impulse response\n{got}\nexpected the rotated kernel\n{want}"


@pytest.mark.region("sep_filter")
def test_sep_filter_even_kernel_raises(lab):
    """Even-length kernels have no centre: ValueError."""
    with pytest.raises(ValueError):
        lab.sep_filter(np.zeros((5, 5)), np.ones(2), np.ones(3))
