"""Grader for b11 - box filter by integral image.

References: cv2.integral(sdepth=CV_64F) (same zero-row/zero-column layout) and
cv2.blur(float64 image, (k, k), borderType=BORDER_REFLECT_101) (a direct box filter), plus
exact hand-computed tables and the edge cases: empty image, radius 0, radius near the image size.
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

IMG = np.arange(12.0).reshape(3, 4)


def _images(min_side=1, max_side=16):
    shape = st.tuples(st.integers(min_side, max_side), st.integers(min_side, max_side))
    return hnp.arrays(np.float64, shape, elements=st.integers(0, 255).map(float))


@pytest.mark.region("integral")
def test_integral_worked_example(lab):
    """The README example: a 3x4 ramp gives a 4x5 table with a zero first row and column."""
    got = np.asarray(lab.integral_image(IMG))
    want = np.array([[0, 0, 0, 0, 0], [0, 0, 1, 3, 6], [0, 4, 10, 18, 28], [0, 12, 27, 45, 66]], dtype=np.float64)
    assert got.shape == (4, 5), (
        f"integral_image(3x4) returned shape {got.shape}, expected (4, 5): one extra zero row and column"
    )
    assert np.allclose(got, want), f"got\n{got}\nexpected\n{want}"


@pytest.mark.region("integral")
@given(_images())
def test_integral_matches_opencv(lab, img):
    """Random images: equal to cv2.integral with float64 sums."""
    got = np.asarray(lab.integral_image(img))
    ref = cv2.integral(img, sdepth=cv2.CV_64F)
    assert got.shape == ref.shape, f"image {img.shape}: got shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref), f"differs from cv2.integral{where_differs(got, ref)}"


@pytest.mark.region("integral")
def test_integral_uint8_photo_no_overflow(lab):
    """The camera photo (uint8): the last entry is the exact total, far beyond 255."""
    img = data.skimage_image("camera")
    got = np.asarray(lab.integral_image(img))
    assert got[-1, -1] == img.sum(dtype=np.int64), (
        f"total {got[-1, -1]}, expected {img.sum(dtype=np.int64)} (do not sum in uint8)"
    )
    assert np.array_equal(got, cv2.integral(img, sdepth=cv2.CV_64F)), "differs from cv2.integral on the camera photo"


@pytest.mark.region("integral")
def test_integral_empty_and_bad(lab):
    """An empty (0, 3) image gives a (1, 4) table of zeros; a 3-D image raises ValueError."""
    got = np.asarray(lab.integral_image(np.zeros((0, 3))))
    assert got.shape == (1, 4) and not got.any(), f"empty image: got shape {got.shape}, expected (1, 4) zeros"
    with pytest.raises(ValueError):
        lab.integral_image(np.zeros((2, 2, 3)))


@pytest.mark.region("box", needs=["integral"])
def test_box_worked_example(lab):
    """The README example: a 3x3 mean of the ramp with reflect-101 borders."""
    got = np.asarray(lab.box_filter(IMG, 1))
    want = cv2.blur(IMG, (3, 3), borderType=cv2.BORDER_REFLECT_101)
    assert got.shape == (3, 4), f"got shape {got.shape}, expected (3, 4)"
    assert np.allclose(got, want), f"got\n{np.round(got, 4)}\nexpected\n{np.round(want, 4)}"
    assert np.isclose(got[0, 0], 10 / 3), (
        f"corner pixel: got {got[0, 0]}, expected 10/3 (reflect-101 window 5,4,5 / 1,0,1 / 5,4,5)"
    )


@pytest.mark.region("box", needs=["integral"])
@given(_images(4, 16), st.integers(0, 3))
def test_box_matches_opencv(lab, img, r):
    """Random images and radii: equal to cv2.blur with a (2r+1)^2 window and reflect-101 borders."""
    got = np.asarray(lab.box_filter(img, r))
    ref = cv2.blur(img, (2 * r + 1, 2 * r + 1), borderType=cv2.BORDER_REFLECT_101)
    assert got.shape == img.shape, f"image {img.shape}: got shape {got.shape}"
    err = np.abs(got - ref).max()
    assert err < 1e-8, f"radius {r}: differs from cv2.blur by {err:.3g}"


@pytest.mark.region("box", needs=["integral"])
def test_box_large_radius_photo(lab):
    """A 15-pixel radius on a camera crop: equal to cv2.boxFilter (normalised), at the same cost as radius 1."""
    img = data.skimage_image("camera")[100:164, 200:264].astype(np.float64)
    got = np.asarray(lab.box_filter(img, 15))
    ref = cv2.boxFilter(img, cv2.CV_64F, (31, 31), normalize=True, borderType=cv2.BORDER_REFLECT_101)
    err = np.abs(got - ref).max()
    assert err < 1e-8, f"radius 15: differs from cv2.boxFilter by {err:.3g}"


@pytest.mark.region("box", needs=["integral"])
def test_box_radius_zero_and_constant(lab):
    """Radius 0 is the identity; a constant image stays constant at every radius."""
    img = np.random.default_rng(0).uniform(0, 1, size=(6, 7))
    assert np.allclose(lab.box_filter(img, 0), img), "radius 0 must return the image"
    got = np.asarray(lab.box_filter(np.full((6, 7), 3.5), 2))
    assert np.allclose(got, 3.5), f"constant 3.5 image came back in [{got.min()}, {got.max()}]"


@pytest.mark.region("box", needs=["integral"])
def test_box_empty_image_radius_zero(lab):
    """An empty image with radius 0 (the one radius it allows) returns an empty float64 result of the same shape."""
    for shape in [(0, 5), (3, 0), (0, 0)]:
        got = np.asarray(lab.box_filter(np.zeros(shape), 0))
        assert got.shape == shape, f"box_filter(empty {shape}, 0) returned shape {got.shape}, expected {shape}"
        assert got.dtype == np.float64, f"box_filter(empty {shape}, 0) returned dtype {got.dtype}, expected float64"


@pytest.mark.region("box", needs=["integral"])
@pytest.mark.parametrize("shape, r", [((5, 5), -1), ((5, 5), 5), ((3, 8), 3), ((4, 4, 3), 1), ((0, 5), 1)])
def test_box_bad_arguments_raise(lab, shape, r):
    """A negative radius, a radius >= min(H, W) (also >= 1 on an empty image) or a non-2-D image raise ValueError."""
    with pytest.raises(ValueError):
        lab.box_filter(np.zeros(shape), r)
