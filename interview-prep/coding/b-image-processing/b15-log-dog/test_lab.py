"""Grader for b15 - LoG and DoG.

References: scipy.ndimage.gaussian_laplace (separable Gaussian second derivatives, an
independent discretisation: our kernel must agree to 1% of the peak response),
scipy.ndimage.gaussian_filter for the DoG, and the analytic scale-selection result: a disk of
radius R has its strongest scale-normalised LoG response at sigma = R / sqrt(2).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import ndimage

from cvlab import data


def _disk(radius, size=64, bright=True):
    yy, xx = np.mgrid[0:size, 0:size]
    d = ((yy - size // 2) ** 2 + (xx - size // 2) ** 2 <= radius**2).astype(np.float64)
    return d if bright else 1.0 - d


@pytest.mark.region("log_kernel")
def test_log_kernel_worked_example(lab):
    """The README example: log_kernel(1.0, 5) has a negative centre, a positive ring and sums to 0."""
    got = np.asarray(lab.log_kernel(1.0, 5))
    want = np.array(
        [
            [0.0234, 0.0451, 0.0490, 0.0451, 0.0234],
            [0.0451, 0.0059, -0.0906, 0.0059, 0.0451],
            [0.0490, -0.0906, -0.3124, -0.0906, 0.0490],
            [0.0451, 0.0059, -0.0906, 0.0059, 0.0451],
            [0.0234, 0.0451, 0.0490, 0.0451, 0.0234],
        ]
    )
    assert got.shape == (5, 5), f"log_kernel(1.0, 5) returned shape {got.shape}, expected (5, 5)"
    assert np.allclose(got, want, atol=1e-4), f"got\n{np.round(got, 4)}\nexpected\n{want}"
    assert abs(got.sum()) < 1e-12, f"the kernel sums to {got.sum():.3g}, expected 0 (subtract the mean)"


@pytest.mark.region("log_kernel")
@given(st.floats(0.4, 4.0))
def test_log_kernel_properties(lab, sigma):
    """Any sigma: default size 2*ceil(4 sigma)+1, zero sum, symmetric, most negative at the centre."""
    got = np.asarray(lab.log_kernel(sigma))
    n = 2 * math.ceil(4 * sigma) + 1
    assert got.shape == (n, n), f"log_kernel({sigma}) has shape {got.shape}, expected {(n, n)}"
    assert abs(got.sum()) < 1e-10, f"sum {got.sum():.3g}, expected 0"
    assert np.allclose(got, got.T) and np.allclose(got, got[::-1]), "the kernel must be symmetric"
    assert got[n // 2, n // 2] == got.min() < 0, (
        "the centre must be the most negative value (LoG of a bright blob is negative)"
    )


@pytest.mark.region("log_kernel")
@pytest.mark.parametrize("sigma", [1.0, 1.5, 2.5])
def test_log_filtering_matches_scipy(lab, sigma):
    """Correlating a camera crop with the kernel agrees with scipy.ndimage.gaussian_laplace to 1% of its peak."""
    img = data.skimage_image("camera")[100:164, 100:164].astype(np.float64)
    got = ndimage.correlate(img, np.asarray(lab.log_kernel(sigma)), mode="reflect")
    ref = ndimage.gaussian_laplace(img, sigma)
    err = np.abs(got - ref).max() / np.abs(ref).max()
    assert err < 0.01, f"sigma {sigma}: differs from gaussian_laplace by {err:.1%} of the peak response"


@pytest.mark.region("log_kernel")
@pytest.mark.parametrize("sigma, ksize", [(0.0, None), (-1.0, 5), (1.0, 6), (1.0, -1)])
def test_log_kernel_bad_arguments_raise(lab, sigma, ksize):
    """sigma <= 0 or an even / non-positive ksize raise ValueError."""
    with pytest.raises(ValueError):
        lab.log_kernel(sigma, ksize)


@pytest.mark.region("dog")
@given(
    hnp.arrays(np.float64, st.tuples(st.integers(3, 16), st.integers(3, 16)), elements=st.floats(0, 255)),
    st.floats(0.5, 3.0),
    st.floats(1.05, 2.0),
)
def test_dog_definition(lab, img, sigma, k):
    """Random images: equal to (gaussian_filter(I, k sigma) - gaussian_filter(I, sigma)) / (k - 1)."""
    got = np.asarray(lab.dog(img, sigma, k))
    ref = (ndimage.gaussian_filter(img, k * sigma) - ndimage.gaussian_filter(img, sigma)) / (k - 1)
    assert got.shape == img.shape, f"image {img.shape}: got shape {got.shape}"
    assert np.allclose(got, ref, atol=1e-8), f"sigma {sigma:.3g}, k {k:.3g}: differs by {np.abs(got - ref).max():.3g}"


@pytest.mark.region("dog")
def test_dog_approximates_normalised_log(lab):
    """With k close to 1 the DoG matches sigma^2 * LoG on a camera crop (correlation > 0.99, error < 10% of the peak)."""
    img = data.skimage_image("camera")[100:164, 100:164].astype(np.float64)
    sigma = 2.0
    got = np.asarray(lab.dog(img, sigma, 1.05))
    ref = sigma**2 * ndimage.gaussian_laplace(img, sigma)
    corr = np.corrcoef(got.ravel(), ref.ravel())[0, 1]
    err = np.abs(got - ref).max() / np.abs(ref).max()
    assert corr > 0.99 and err < 0.1, (
        f"correlation {corr:.4f}, max error {err:.1%}: DoG / (k - 1) should approximate sigma^2 * LoG "
        f"(bigger blur minus smaller blur, divided by k - 1)"
    )


@pytest.mark.region("dog")
def test_dog_sign_and_constant(lab):
    """A bright disk gives a negative DoG at its centre (like the LoG); a constant image gives 0."""
    got = np.asarray(lab.dog(_disk(5), 3.0, 1.6))
    assert got[32, 32] < 0, f"DoG at the centre of a bright disk is {got[32, 32]:.4g}, expected negative"
    assert np.allclose(lab.dog(np.full((8, 8), 9.0), 1.0), 0.0), "a constant image must give 0"


@pytest.mark.region("dog")
@pytest.mark.parametrize("sigma, k", [(0.0, 1.6), (1.0, 1.0), (1.0, 0.5)])
def test_dog_bad_arguments_raise(lab, sigma, k):
    """sigma <= 0 or k <= 1 raise ValueError."""
    with pytest.raises(ValueError):
        lab.dog(np.zeros((5, 5)), sigma, k)


@pytest.mark.region("blob_sigma", needs=["log_kernel"])
@pytest.mark.parametrize("radius", [4, 6, 8])
@pytest.mark.parametrize("bright", [True, False], ids=["bright", "dark"])
def test_blob_scale_is_radius_over_sqrt2(lab, radius, bright):
    """A disk of radius R (bright or dark): the best scale-normalised sigma is R / sqrt(2), to the 0.05 grid and sampling."""
    sigmas = np.arange(1.0, 8.0, 0.05)
    got = lab.blob_sigma(_disk(radius, bright=bright), (32, 32), sigmas)
    want = radius / math.sqrt(2)
    assert abs(got - want) <= 0.15, (
        f"disk of radius {radius}: best sigma {got:.2f}, expected about {want:.2f}. Multiply the response by sigma^2: "
        f"without it the smallest sigma always wins"
    )
    assert np.any(np.isclose(sigmas, got)), f"{got} is not one of the candidate sigmas"


@pytest.mark.region("blob_sigma", needs=["log_kernel"])
def test_blob_sigma_near_border_and_errors(lab):
    """A centre at the image corner still works (reflect padding); no sigmas or a centre outside raise ValueError."""
    img = _disk(4, size=32)
    got = lab.blob_sigma(img, (0, 0), [1.0, 2.0, 3.0])
    assert got in (1.0, 2.0, 3.0), f"got {got}, expected one of the candidates"
    with pytest.raises(ValueError):
        lab.blob_sigma(img, (16, 16), [])
    with pytest.raises(ValueError):
        lab.blob_sigma(img, (40, 2), [1.0])
