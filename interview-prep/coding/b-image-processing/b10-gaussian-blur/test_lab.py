"""Grader for b10 - Gaussian kernel and blur.

References: cv2.getGaussianKernel(ksize, sigma, CV_64F) for the kernel and
cv2.GaussianBlur(float64 image, (k, k), sigma, borderType=BORDER_REFLECT_101) for the blur,
plus exact properties (unit sum, symmetry, the size rule 2*ceil(3*sigma) + 1, impulse response).
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab import data


def _cv2_blur(img, sigma, k):
    return cv2.GaussianBlur(img.astype(np.float64), (k, k), sigma, borderType=cv2.BORDER_REFLECT_101)


@pytest.mark.region("kernel")
def test_kernel_worked_example(lab):
    """The README example: sigma 1 gives 7 taps (2 * ceil(3) + 1) that sum to 1."""
    got = np.asarray(lab.gaussian_kernel(1.0))
    want = np.array([0.00443305, 0.05400558, 0.24203623, 0.39905028, 0.24203623, 0.05400558, 0.00443305])
    assert got.shape == (7,), f"gaussian_kernel(1.0) returned shape {got.shape}, expected (7,)"
    assert np.allclose(got, want, atol=1e-8), f"gaussian_kernel(1.0) = {np.round(got, 8)}, expected {want}"


@pytest.mark.region("kernel")
@pytest.mark.parametrize("sigma, size", [(0.5, 5), (1.0, 7), (1.2, 9), (2.0, 13), (0.1, 3), (3.4, 23)])
def test_kernel_default_size_rule(lab, sigma, size):
    """Without ksize the kernel has 2 * ceil(3 * sigma) + 1 taps."""
    got = np.asarray(lab.gaussian_kernel(sigma))
    assert got.shape == (size,), f"gaussian_kernel({sigma}) has {got.size} taps, expected 2*ceil(3*{sigma})+1 = {size}"


@pytest.mark.region("kernel")
@given(st.floats(0.3, 6.0), st.integers(0, 12))
def test_kernel_matches_opencv(lab, sigma, half):
    """Random sigma and odd ksize: equal to cv2.getGaussianKernel, summing to 1 and symmetric."""
    k = 2 * half + 1
    got = np.asarray(lab.gaussian_kernel(sigma, k))
    ref = cv2.getGaussianKernel(k, sigma, cv2.CV_64F).ravel()
    assert got.shape == (k,), f"gaussian_kernel({sigma}, {k}) returned shape {got.shape}"
    assert np.allclose(got, ref, atol=1e-12), (
        f"sigma {sigma}, ksize {k}: differs from cv2 by {np.abs(got - ref).max():.3g}"
    )
    assert abs(got.sum() - 1.0) < 1e-12, (
        f"weights sum to {got.sum()!r}, expected 1: normalise by the sum of the samples"
    )
    assert np.allclose(got, got[::-1]), "the kernel must be symmetric"


@pytest.mark.region("kernel")
@pytest.mark.parametrize("sigma, ksize", [(0.0, None), (-1.0, 5), (1.0, 4), (1.0, 0)])
def test_kernel_bad_arguments_raise(lab, sigma, ksize):
    """sigma <= 0, an even ksize or ksize < 1 raise ValueError."""
    with pytest.raises(ValueError):
        lab.gaussian_kernel(sigma, ksize)


@pytest.mark.region("blur", needs=["kernel"])
def test_blur_impulse_response(lab):
    """The README example: blurring a centred impulse gives the 2-D kernel outer(g, g)."""
    img = np.zeros((5, 5))
    img[2, 2] = 1.0
    got = np.asarray(lab.gaussian_blur(img, 0.8, 3))
    g = cv2.getGaussianKernel(3, 0.8, cv2.CV_64F).ravel()
    want = np.zeros((5, 5))
    want[1:4, 1:4] = np.outer(g, g)
    assert got.shape == (5, 5), f"got shape {got.shape}, expected (5, 5)"
    assert np.allclose(got, want, atol=1e-12), f"impulse response\n{np.round(got, 5)}\nexpected\n{np.round(want, 5)}"


@pytest.mark.region("blur", needs=["kernel"])
@given(
    hnp.arrays(np.float64, st.tuples(st.integers(6, 16), st.integers(6, 16)), elements=st.floats(0, 255)),
    st.floats(0.3, 2.0),
)
def test_blur_matches_opencv(lab, img, sigma):
    """Random images and sigmas (default size): equal to cv2.GaussianBlur with reflect-101 borders."""
    k = 2 * math.ceil(3 * sigma) + 1
    if k // 2 >= min(img.shape):
        k = 2 * ((min(img.shape) - 1) // 2) - 1
        got = np.asarray(lab.gaussian_blur(img, sigma, k))
    else:
        got = np.asarray(lab.gaussian_blur(img, sigma))
    ref = _cv2_blur(img, sigma, k)
    assert got.shape == img.shape, f"image {img.shape}: got shape {got.shape}"
    err = np.abs(got - ref).max()
    assert err < 1e-9, f"sigma {sigma}, ksize {k}: differs from cv2.GaussianBlur by {err:.3g} (check the borders)"


@pytest.mark.region("blur", needs=["kernel"])
def test_blur_photo_matches_opencv(lab):
    """The camera photo (uint8 in, float out), sigma 2: equal to cv2.GaussianBlur on the float image."""
    img = data.skimage_image("camera")[:128, :128]
    got = np.asarray(lab.gaussian_blur(img, 2.0))
    assert np.issubdtype(got.dtype, np.floating), f"returned dtype {got.dtype}, expected float64"
    err = np.abs(got - _cv2_blur(img, 2.0, 13)).max()
    assert err < 1e-9, f"camera crop: differs from cv2.GaussianBlur by {err:.3g}"


@pytest.mark.region("blur", needs=["kernel"])
def test_blur_keeps_constant_image(lab):
    """A constant image stays constant, borders included (the weights sum to 1, reflection adds no zeros)."""
    got = np.asarray(lab.gaussian_blur(np.full((9, 11), 42.0), 1.5))
    assert np.allclose(got, 42.0), f"constant 42 image came back with values in [{got.min():.4g}, {got.max():.4g}]"


@pytest.mark.region("blur", needs=["kernel"])
def test_blur_rejects_colour_image(lab):
    """A 3-D image raises ValueError (blur each channel separately)."""
    with pytest.raises(ValueError):
        lab.gaussian_blur(np.zeros((8, 8, 3)), 1.0)
