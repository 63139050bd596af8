"""Grader for b01 - RGB to grayscale.

References: cv2.cvtColor(COLOR_RGB2GRAY / COLOR_BGR2GRAY), which uses the same BT.601 weights
in 14-bit fixed point (so it may differ from exact rounding by one grey level on a few
pixels), and exact hand-computed pixels.
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
    shape = st.tuples(st.integers(1, max_side), st.integers(1, max_side), st.just(3))
    return hnp.arrays(np.uint8, shape, elements=st.integers(0, 255))


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: pure red, green, blue and a grey pixel."""
    px = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [200, 200, 200]]], dtype=np.uint8)
    got = np.asarray(lab.rgb_to_gray(px))
    want = np.array([[76, 150, 29, 200]], dtype=np.uint8)
    assert got.shape == (1, 4), f"rgb_to_gray(image (1, 4, 3)) returned shape {got.shape}, expected (1, 4)"
    assert got.dtype == np.uint8, f"returned dtype {got.dtype}, expected uint8"
    assert np.array_equal(got, want), (
        f"got {got.tolist()}, expected {want.tolist()}: 0.587*255 = 149.685 must round to 150, not truncate to 149"
    )


@pytest.mark.region("solve")
def test_bgr_order(lab):
    """order='BGR' reads channel 0 as blue, as cv2.imread delivers images."""
    px = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255]]], dtype=np.uint8)  # BGR: blue, green, red
    got = np.asarray(lab.rgb_to_gray(px, order="BGR"))
    want = np.array([[29, 150, 76]], dtype=np.uint8)
    assert np.array_equal(got, want), f"BGR pixels blue, green, red: got {got.tolist()}, expected {want.tolist()}"


@pytest.mark.region("solve")
@given(_images())
def test_matches_opencv_within_one_level(lab, img):
    """Random images: equal to cv2.cvtColor RGB2GRAY and BGR2GRAY up to one grey level (cv2 uses fixed point)."""
    for order, code in (("RGB", cv2.COLOR_RGB2GRAY), ("BGR", cv2.COLOR_BGR2GRAY)):
        got = np.asarray(lab.rgb_to_gray(img, order=order))
        ref = cv2.cvtColor(img, code)
        assert got.shape == ref.shape, f"image {img.shape}, order {order}: got shape {got.shape}, expected {ref.shape}"
        err = np.abs(got.astype(int) - ref.astype(int)).max()
        assert err <= 1, f"order {order}: differs from cv2.cvtColor by {err} levels{where_differs(got, ref)}"


@pytest.mark.region("solve")
def test_real_photo_mostly_identical_to_opencv(lab):
    """On the astronaut photo at least 99% of pixels equal cv2's result, none off by more than one."""
    img = data.skimage_image("astronaut")
    got = np.asarray(lab.rgb_to_gray(img))
    ref = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    diff = np.abs(got.astype(int) - ref.astype(int))
    assert diff.max() <= 1, f"astronaut: up to {diff.max()} levels from cv2{where_differs(got, ref)}"
    assert (diff == 0).mean() >= 0.99, f"only {(diff == 0).mean():.1%} of pixels equal cv2: round, do not truncate"


@pytest.mark.region("solve")
@given(st.integers(0, 255))
def test_grey_pixels_unchanged(lab, v):
    """A pixel with R = G = B = v has luma exactly v (the weights sum to one)."""
    img = np.full((2, 3, 3), v, dtype=np.uint8)
    got = np.asarray(lab.rgb_to_gray(img))
    assert np.all(got == v), f"grey pixel {v}: got {got.ravel()[0]}, expected {v}"


@pytest.mark.region("solve")
def test_empty_image(lab):
    """A (0, 5, 3) image gives a (0, 5) uint8 result."""
    got = np.asarray(lab.rgb_to_gray(np.zeros((0, 5, 3), np.uint8)))
    assert got.shape == (0, 5), f"empty image: got shape {got.shape}, expected (0, 5)"


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "img, order",
    [
        (np.zeros((4, 4), np.uint8), "RGB"),
        (np.zeros((4, 4, 4), np.uint8), "RGB"),
        (np.zeros((4, 4, 3), np.float32), "RGB"),
        (np.zeros((4, 4, 3), np.uint8), "HSV"),
    ],
    ids=["2d", "4-channels", "float", "bad-order"],
)
def test_bad_input_raises(lab, img, order):
    """Wrong shape, wrong dtype or an unknown channel order raise ValueError."""
    with pytest.raises(ValueError):
        lab.rgb_to_gray(img, order=order)
