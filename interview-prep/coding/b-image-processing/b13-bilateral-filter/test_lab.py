"""Grader for b13 - bilateral filter.

References: cv2.bilateralFilter(img, 2r+1, sigma_color, sigma_space) (a disk of radius r,
reflect-101 borders) on float32 images (to float32 precision) and on uint8 images (it rounds,
one level allowed); a per-pixel brute-force loop over the stated formula; and, for a huge
sigma_color, scipy.ndimage.correlate with the normalised disk-Gaussian (a pure spatial blur).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import ndimage

from cvlab import data


def _brute(img, r, ss, sc):
    img = img.astype(np.float64)
    h, w = img.shape
    out = np.zeros_like(img)
    for y in range(h):
        for x in range(w):
            num = den = 0.0
            for dy in range(-r, r + 1):
                for dx in range(-r, r + 1):
                    if dy * dy + dx * dx > r * r:
                        continue
                    yy, xx = abs(y + dy), abs(x + dx)  # reflect-101 at the top/left
                    yy = 2 * (h - 1) - yy if yy >= h else yy  # and at the bottom/right
                    xx = 2 * (w - 1) - xx if xx >= w else xx
                    v = img[yy, xx]
                    wgt = np.exp(-(dy * dy + dx * dx) / (2 * ss**2)) * np.exp(-((v - img[y, x]) ** 2) / (2 * sc**2))
                    num += wgt * v
                    den += wgt
            out[y, x] = num / den
    return out


STEP = np.array([[10.0, 10.0, 10.0, 200.0, 200.0, 200.0]] * 3)


@pytest.mark.region("solve")
def test_worked_example_edge_preserved(lab):
    """The README example: a 10/200 step stays sharp with sigma_color 20 and blurs with a huge sigma_color."""
    got = np.asarray(lab.bilateral(STEP, 1, 2.0, 20.0))
    assert got.shape == STEP.shape, f"got shape {got.shape}, expected {STEP.shape}"
    assert np.allclose(got, STEP, atol=1e-6), f"sigma_color 20: the edge must survive, got row {np.round(got[1], 3)}"
    blurred = np.asarray(lab.bilateral(STEP, 1, 2.0, 1e4))[1]
    want = np.array([10.0, 10.0, 47.01, 162.99, 200.0, 200.0])
    assert np.allclose(blurred, want, atol=0.01), f"sigma_color 1e4: got row {np.round(blurred, 2)}, expected {want}"


@pytest.mark.region("solve")
def test_matches_brute_force_loop(lab):
    """A small random image: equal to a per-pixel loop over the stated formula (disk window, reflect-101)."""
    img = np.random.default_rng(0).uniform(0, 255, size=(7, 6))
    for r, ss, sc in [(1, 1.0, 30.0), (2, 1.5, 60.0), (3, 3.0, 15.0)]:
        got = np.asarray(lab.bilateral(img, r, ss, sc))
        ref = _brute(img, r, ss, sc)
        err = np.abs(got - ref).max()
        assert err < 1e-9, f"r={r}, sigma_space={ss}, sigma_color={sc}: differs from the brute-force loop by {err:.3g}"


@pytest.mark.region("solve")
@given(
    hnp.arrays(np.float32, st.tuples(st.integers(5, 16), st.integers(5, 16)), elements=st.integers(0, 255).map(float)),
    st.integers(1, 3),
    st.floats(0.5, 5.0),
    st.floats(5.0, 100.0),
)
def test_matches_opencv_float(lab, img, r, ss, sc):
    """Random float32 images and parameters: equal to cv2.bilateralFilter to float32 precision."""
    got = np.asarray(lab.bilateral(img, r, ss, sc))
    ref = cv2.bilateralFilter(img, 2 * r + 1, sc, ss)
    assert got.shape == img.shape, f"image {img.shape}: got shape {got.shape}"
    err = np.abs(got - ref).max()
    assert err < 2e-3, (
        f"r={r}, ss={ss:.3g}, sc={sc:.3g}: differs from cv2.bilateralFilter by {err:.3g} (disk window? reflect-101?)"
    )


@pytest.mark.region("solve")
def test_matches_opencv_uint8_photo(lab):
    """A camera crop (uint8): rounded, within one level of cv2.bilateralFilter."""
    img = data.skimage_image("camera")[100:164, 100:164]
    got = np.asarray(lab.bilateral(img, 2, 3.0, 25.0))
    ref = cv2.bilateralFilter(img, 5, 25.0, 3.0)
    err = np.abs(np.rint(got) - ref).max()
    assert err <= 1, f"camera crop: differs from cv2.bilateralFilter by {err} levels"


@pytest.mark.region("solve")
def test_huge_sigma_color_is_spatial_gaussian(lab):
    """With sigma_color = 1e6 the range weight is 1: the result is the normalised disk-Gaussian blur."""
    img = np.random.default_rng(1).uniform(0, 1, size=(9, 8))
    r, ss = 2, 1.2
    yy, xx = np.mgrid[-r : r + 1, -r : r + 1]
    k = np.exp(-(yy**2 + xx**2) / (2 * ss**2)) * (yy**2 + xx**2 <= r * r)
    ref = ndimage.correlate(img, k / k.sum(), mode="mirror")
    got = np.asarray(lab.bilateral(img, r, ss, 1e6))
    assert np.allclose(got, ref, atol=1e-9), f"differs from the spatial disk-Gaussian by {np.abs(got - ref).max():.3g}"


@pytest.mark.region("solve")
def test_constant_image_and_radius_zero(lab):
    """A constant image is unchanged; radius 0 returns the image (as float)."""
    const = np.full((6, 6), 77.0)
    assert np.allclose(lab.bilateral(const, 2, 2.0, 10.0), 77.0), "a constant image must stay constant"
    img = np.random.default_rng(2).uniform(size=(5, 5))
    assert np.allclose(lab.bilateral(img, 0, 1.0, 1.0), img), "radius 0 must return the image"


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "shape, r, ss, sc",
    [
        ((6, 6), -1, 1.0, 1.0),
        ((6, 6), 1, 0.0, 1.0),
        ((6, 6), 1, 1.0, -2.0),
        ((6, 6, 3), 1, 1.0, 1.0),
        ((3, 8), 3, 1.0, 1.0),
    ],
    ids=["negative-radius", "zero-sigma-space", "negative-sigma-color", "colour", "radius-too-big"],
)
def test_bad_arguments_raise(lab, shape, r, ss, sc):
    """Bad radius or sigmas, a colour image or a radius >= min(H, W) raise ValueError."""
    with pytest.raises(ValueError):
        lab.bilateral(np.zeros(shape), r, ss, sc)
