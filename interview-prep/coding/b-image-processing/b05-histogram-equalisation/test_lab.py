"""Grader for b05 - histogram equalisation.

Reference: cv2.equalizeHist (an independent C++ implementation of the same lookup table).
It computes the table in float32, so on tiny random images an exact .5 tie may round the
other way: random images allow one level, real photos (no ties) must match exactly.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab import data
from cvlab.testing import where_differs


def _images(max_side: int = 16):
    shape = st.tuples(st.integers(1, max_side), st.integers(1, max_side))
    return hnp.arrays(np.uint8, shape, elements=st.integers(0, 255))


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: a 3x3 patch with five levels spread to 0..255."""
    img = np.array([[52, 55, 61], [59, 79, 61], [85, 52, 79]], dtype=np.uint8)
    got = np.asarray(lab.equalize_hist(img))
    want = np.array([[0, 36, 146], [73, 219, 146], [255, 0, 219]], dtype=np.uint8)
    assert got.dtype == np.uint8 and got.shape == img.shape, f"got {got.dtype} {got.shape}, expected uint8 (3, 3)"
    assert np.array_equal(got, want), (
        f"got\n{got}\nexpected\n{want}\n(the darkest present level must map to 0: subtract cdf_min and divide by N - cdf_min)"
    )


@pytest.mark.region("solve")
@pytest.mark.parametrize("name", ["camera", "moon", "coins"])
def test_photos_match_opencv_exactly(lab, name):
    """Real grey photos: identical to cv2.equalizeHist, pixel for pixel."""
    img = data.skimage_image(name)
    ref = cv2.equalizeHist(img)
    original = img.copy()
    got = np.asarray(lab.equalize_hist(img))
    assert np.array_equal(img, original), f"{name}: equalize_hist modified its input in place; return a new array"
    assert got.shape == ref.shape, f"{name}: got shape {got.shape}, expected {ref.shape}"
    assert np.array_equal(got, ref), f"{name}: differs from cv2.equalizeHist{where_differs(got, ref)}"


@pytest.mark.region("solve")
@given(_images())
def test_random_images_match_opencv(lab, img):
    """Random small images: within one level of cv2.equalizeHist (ties may round differently)."""
    got = np.asarray(lab.equalize_hist(img))
    ref = cv2.equalizeHist(img)
    assert got.shape == img.shape, f"image {img.shape}: got shape {got.shape}"
    err = np.abs(got.astype(int) - ref.astype(int)).max()
    assert err <= 1, f"image {img.shape}: differs from cv2.equalizeHist by {err} levels{where_differs(got, ref)}"


@pytest.mark.region("solve")
@given(_images())
def test_output_spans_full_range_and_is_monotone(lab, img):
    """With at least two levels the output uses 0 and 255, and brighter inputs never get darker outputs."""
    got = np.asarray(lab.equalize_hist(img)).astype(int)
    order = np.argsort(img.ravel(), kind="stable")
    assert np.all(np.diff(got.ravel()[order]) >= 0), "the mapping must be non-decreasing in the input level"
    if np.unique(img).size >= 2:
        assert got.min() == 0 and got.max() == 255, f"output range [{got.min()}, {got.max()}], expected [0, 255]"


@pytest.mark.region("solve")
@pytest.mark.parametrize("v", [0, 7, 255])
def test_constant_image_unchanged(lab, v):
    """A constant image has nothing to equalise: it comes back unchanged (no division by zero, no NaN)."""
    img = np.full((4, 5), v, dtype=np.uint8)
    got = np.asarray(lab.equalize_hist(img))
    assert np.array_equal(got, img), f"constant image of {v}: got {np.unique(got).tolist()}, expected all {v}"
    assert np.array_equal(got, cv2.equalizeHist(img)), "cv2.equalizeHist also returns a constant image unchanged"


@pytest.mark.region("solve")
def test_empty_and_bad_input(lab):
    """An empty image gives an empty image; float or colour input raises ValueError."""
    assert np.asarray(lab.equalize_hist(np.zeros((0, 3), np.uint8))).shape == (0, 3), "empty image must stay empty"
    with pytest.raises(ValueError):
        lab.equalize_hist(np.zeros((3, 3), np.float64))
    with pytest.raises(ValueError):
        lab.equalize_hist(np.zeros((3, 3, 3), np.uint8))
