"""Grader for b12 - median filter.

References: cv2.medianBlur (uint8, replicated borders) and scipy.ndimage.median_filter with
mode="nearest" (float images, the same border), plus exact constructed cases: isolated
salt-and-pepper pixels disappear, a straight step edge survives unchanged.
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
from cvlab.testing import where_differs


def _shape(min_side=1, max_side=16):
    return st.tuples(st.integers(min_side, max_side), st.integers(min_side, max_side))


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: salt (255) and pepper (0) removed, the 10/90 edge kept."""
    img = np.array([[10, 10, 10, 10], [10, 255, 10, 10], [10, 10, 0, 90], [90, 90, 90, 90]], dtype=np.uint8)
    got = np.asarray(lab.median_filter(img, 1))
    want = np.array([[10, 10, 10, 10], [10, 10, 10, 10], [10, 10, 90, 90], [90, 90, 90, 90]], dtype=np.uint8)
    assert got.shape == (4, 4), f"median_filter(4x4, 1) returned shape {got.shape}, expected (4, 4)"
    assert got.dtype == np.uint8, f"returned dtype {got.dtype}, expected the input's uint8"
    assert np.array_equal(got, want), f"got\n{got}\nexpected\n{want}"


@pytest.mark.region("solve")
@given(hnp.arrays(np.uint8, _shape(), elements=st.integers(0, 255)), st.integers(1, 3))
def test_matches_opencv_medianblur(lab, img, r):
    """Random uint8 images and radii: identical to cv2.medianBlur(img, 2r+1)."""
    got = np.asarray(lab.median_filter(img, r))
    ref = cv2.medianBlur(img, 2 * r + 1)
    assert got.shape == img.shape, f"image {img.shape}: got shape {got.shape}"
    assert np.array_equal(got, ref), f"radius {r}: differs from cv2.medianBlur{where_differs(got, ref)}"


@pytest.mark.region("solve")
@given(hnp.arrays(np.float64, _shape(), elements=st.floats(-1e3, 1e3, allow_nan=False)), st.integers(0, 3))
def test_float_matches_scipy(lab, img, r):
    """Random float images: identical to scipy.ndimage.median_filter(size=2r+1, mode='nearest'), dtype kept."""
    got = np.asarray(lab.median_filter(img, r))
    ref = ndimage.median_filter(img, size=2 * r + 1, mode="nearest")
    assert got.dtype == img.dtype, f"returned dtype {got.dtype}, expected {img.dtype}"
    assert np.array_equal(got, ref), f"radius {r}: differs from scipy{where_differs(got, ref)}"


@pytest.mark.region("solve")
def test_salt_and_pepper_on_photo(lab):
    """5% salt-and-pepper noise on a camera crop: the 3x3 median equals cv2's and is much closer to the clean image."""
    clean = data.skimage_image("camera")[200:264, 200:264]
    rng = np.random.default_rng(0)
    noisy = clean.copy()
    mask = rng.uniform(size=clean.shape)
    noisy[mask < 0.025] = 0
    noisy[mask > 0.975] = 255
    got = np.asarray(lab.median_filter(noisy, 1))
    assert np.array_equal(got, cv2.medianBlur(noisy, 3)), (
        f"differs from cv2.medianBlur{where_differs(got, cv2.medianBlur(noisy, 3))}"
    )
    before = np.abs(noisy.astype(int) - clean).mean()
    after = np.abs(got.astype(int) - clean).mean()
    assert after < before / 2, f"mean error {before:.1f} -> {after:.1f}: the median should remove most impulse noise"


@pytest.mark.region("solve")
def test_step_edge_preserved(lab):
    """A vertical step edge is a fixed point of the median filter (a mean filter would blur it)."""
    img = np.zeros((8, 8), dtype=np.uint8)
    img[:, 4:] = 200
    got = np.asarray(lab.median_filter(img, 2))
    assert np.array_equal(got, img), f"step edge changed{where_differs(got, img)}"


@pytest.mark.region("solve")
def test_radius_zero_and_single_pixel(lab):
    """Radius 0 returns the image; a 1x1 image returns itself at any radius (replicated border)."""
    img = np.random.default_rng(1).integers(0, 256, size=(5, 6)).astype(np.uint8)
    assert np.array_equal(lab.median_filter(img, 0), img), "radius 0 must return the image unchanged"
    one = np.array([[42.0]])
    assert np.array_equal(lab.median_filter(one, 3), one), "a 1x1 image must come back unchanged"


@pytest.mark.region("solve")
@pytest.mark.parametrize("shape, r", [((5, 5), -1), ((4, 4, 3), 1), ((5,), 1)])
def test_bad_arguments_raise(lab, shape, r):
    """A negative radius or a non-2-D image raises ValueError."""
    with pytest.raises(ValueError):
        lab.median_filter(np.zeros(shape, np.uint8), r)
