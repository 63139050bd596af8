"""Grader for b30 - PSNR and SSIM.

References: skimage.metrics.peak_signal_noise_ratio and skimage.metrics.structural_similarity
(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range given) on random
images and on a real photo with noise / blur; hand-computed PSNR values; edge cases
(identical images -> inf / 1.0, constant images, too-small images, mismatched shapes).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import ndimage as ndi
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from cvlab import data


def _sk_ssim(a, b, r):
    return structural_similarity(a, b, data_range=r, gaussian_weights=True, sigma=1.5, use_sample_covariance=False)


def _pair(min_side: int, max_side: int):
    return st.tuples(st.integers(min_side, max_side), st.integers(min_side, max_side)).flatmap(
        lambda s: st.tuples(
            hnp.arrays(np.float64, s, elements=st.integers(0, 255).map(float)),
            hnp.arrays(np.float64, s, elements=st.integers(0, 255).map(float)),
        )
    )


# ---------------------------------------------------------------- psnr


@pytest.mark.region("psnr")
def test_psnr_hand_values(lab):
    """An error of 1 grey level everywhere: 20 log10(255) = 48.1308 dB; of 0.01 on [0, 1] data: 40 dB."""
    ref = np.tile(np.linspace(0, 255, 16), (16, 1))
    got = lab.psnr(ref, ref + 1, 255)
    assert math.isclose(got, 20 * math.log10(255), rel_tol=1e-12), f"psnr(ref, ref + 1, 255) = {got}, expected 48.1308"
    a = np.full((4, 4), 0.5)
    got = lab.psnr(a, a + 0.01, 1.0)
    assert math.isclose(got, 40.0, rel_tol=1e-9), f"psnr with error 0.01 and data_range 1.0 = {got}, expected 40 dB"


@pytest.mark.region("psnr")
def test_psnr_identical_is_inf_without_warning(lab):
    """Identical images: PSNR is +inf, with no divide-by-zero warning."""
    img = data.skimage_image("camera")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = lab.psnr(img, img.copy(), 255)
    assert got == math.inf, f"psnr(camera, camera) = {got}, expected inf"


@pytest.mark.region("psnr")
@settings(max_examples=25)  # skimage's metric calls are slow-ish; 25 examples cover the cases
@given(pair=_pair(1, 12), data_range=st.sampled_from([255.0, 300.0, 1000.0]))
def test_psnr_matches_skimage(lab, pair, data_range):
    """Random image pairs: equals skimage's peak_signal_noise_ratio with the same data_range."""
    a, b = pair
    got = lab.psnr(a, b, data_range)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = peak_signal_noise_ratio(a, b, data_range=data_range)
    assert (got == ref == math.inf) or math.isclose(got, ref, rel_tol=1e-9), f"psnr = {got}, skimage gives {ref}"


@pytest.mark.region("psnr")
def test_psnr_uint8_and_bad_input(lab):
    """uint8 inputs are subtracted in float (no wrap-around); mismatched shapes or data_range <= 0 raise ValueError."""
    a = np.zeros((2, 2), np.uint8)
    b = np.full((2, 2), 255, np.uint8)
    got = lab.psnr(a, b, 255)
    assert math.isclose(got, 0.0, abs_tol=1e-12), (
        f"psnr(all 0, all 255, 255) = {got}, expected 0 dB (0 - 255 wraps to 1 in uint8)"
    )
    with pytest.raises(ValueError):
        lab.psnr(np.zeros((2, 2)), np.zeros((2, 3)), 1.0)
    with pytest.raises(ValueError):
        lab.psnr(np.zeros((2, 2)), np.ones((2, 2)), 0.0)


# ---------------------------------------------------------------- ssim


@pytest.mark.region("ssim")
@settings(max_examples=20)
@given(pair=_pair(11, 16))
def test_ssim_matches_skimage_on_random_images(lab, pair):
    """Random 11..16-sided image pairs: equals skimage structural_similarity (Gaussian window, population moments) to 1e-9."""
    a, b = pair
    got = lab.ssim(a, b, 255.0)
    ref = _sk_ssim(a, b, 255.0)
    assert math.isclose(got, ref, rel_tol=1e-7, abs_tol=1e-9), f"ssim of {a.shape} images = {got}, skimage gives {ref}"


@pytest.mark.region("ssim")
@pytest.mark.parametrize("degradation", ["noise", "blur", "brighter"])
def test_ssim_on_degraded_photo(lab, degradation):
    """camera (128x128) against noisy, blurred and brightened versions: equals skimage; identical gives 1.0."""
    img = data.skimage_image("camera")[::4, ::4].astype(np.float64)
    rng = np.random.default_rng(0)
    bad = {
        "noise": np.clip(img + rng.normal(0, 20, img.shape), 0, 255),
        "blur": ndi.gaussian_filter(img, 2.0),
        "brighter": np.clip(img + 30, 0, 255),
    }[degradation]
    got = lab.ssim(img, bad, 255.0)
    ref = _sk_ssim(img, bad, 255.0)
    assert math.isclose(got, ref, rel_tol=1e-7), f"ssim(camera, {degradation}) = {got:.6f}, skimage gives {ref:.6f}"
    same = lab.ssim(img, img, 255.0)
    assert math.isclose(same, 1.0, rel_tol=1e-12), f"ssim(camera, camera) = {same}, expected 1.0"


@pytest.mark.region("ssim")
def test_ssim_constant_images_and_data_range(lab):
    """Two equal constant images score 1; the same pair on a [0, 1] scale with data_range 1 scores the same as on [0, 255]."""
    c = np.full((12, 12), 100.0)
    assert math.isclose(lab.ssim(c, c, 255.0), 1.0), (
        "two identical constant images must have SSIM 1 (C1 and C2 prevent 0/0)"
    )
    rng = np.random.default_rng(2)
    a = rng.uniform(0, 255, (14, 13))
    b = np.clip(a + rng.normal(0, 25, a.shape), 0, 255)
    s255, s1 = lab.ssim(a, b, 255.0), lab.ssim(a / 255, b / 255, 1.0)
    assert math.isclose(s255, s1, rel_tol=1e-9), f"SSIM must be scale-consistent: {s255} on [0, 255] vs {s1} on [0, 1]"


@pytest.mark.region("ssim")
def test_ssim_bad_input(lab):
    """Images smaller than 11x11, mismatched shapes, 3-D input or data_range <= 0 raise ValueError."""
    for a, b, r in [
        (np.zeros((10, 20)), np.zeros((10, 20)), 1.0),
        (np.zeros((12, 12)), np.zeros((12, 13)), 1.0),
        (np.zeros((12, 12, 3)), np.zeros((12, 12, 3)), 1.0),
        (np.zeros((12, 12)), np.zeros((12, 12)), 0.0),
    ]:
        with pytest.raises(ValueError):
            lab.ssim(a, b, r)
