"""Grader for a13 - integral image and box sums.

References: cv2.integral (OpenCV's summed-area table, same zero-padded layout) on a real
photo and on random gray / colour / float images, direct slicing sums img[y0:y1, x0:x1] for
the boxes, hand-computed cases, and the edge cases an interviewer probes: exactness of large
uint8 sums (a float32 accumulator is off), empty boxes, full-image boxes, out-of-range boxes.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvlab import data
from cvlab.testing import where_differs


@st.composite
def _image(draw):
    h, w = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    c = draw(st.sampled_from([None, 3]))
    rng = np.random.default_rng(draw(st.integers(0, 9999)))
    shape = (h, w) if c is None else (h, w, c)
    if draw(st.booleans()):
        return rng.integers(0, 256, shape).astype(np.uint8)
    return rng.normal(size=shape)


@st.composite
def _boxes(draw, h, w):
    k = draw(st.integers(0, 8))
    rng = np.random.default_rng(draw(st.integers(0, 9999)))
    ys = np.sort(rng.integers(0, h + 1, (k, 2)), axis=1)
    xs = np.sort(rng.integers(0, w + 1, (k, 2)), axis=1)
    return np.stack([ys[:, 0], xs[:, 0], ys[:, 1], xs[:, 1]], axis=1).astype(np.int64)


# ----------------------------------------------------------------------------- integral
@pytest.mark.region("integral")
def test_integral_worked_example(lab):
    """The README example: the 3x3 image 1..9 has the 4x4 table with a zero first row and column."""
    got = np.asarray(lab.integral_image(np.arange(1, 10).reshape(3, 3)))
    want = np.array([[0, 0, 0, 0], [0, 1, 3, 6], [0, 5, 12, 21], [0, 12, 27, 45]])
    assert got.shape == (4, 4), f"integral_image((3, 3)) has shape {got.shape}, expected (4, 4) (zero-padded)"
    assert np.array_equal(got, want), f"integral_image(1..9) =\n{got}\nexpected\n{want}"


@pytest.mark.region("integral")
def test_integral_matches_opencv_on_photo(lab):
    """The 512x512 camera photo: equals cv2.integral exactly (sums reach 3e7: a float32 accumulator is off)."""
    img = data.skimage_image("camera")
    got = np.asarray(lab.integral_image(img))
    ref = cv2.integral(img, sdepth=cv2.CV_64F)
    assert got.shape == ref.shape, f"shape {got.shape}, expected {ref.shape}"
    assert np.issubdtype(got.dtype, np.integer) and got.dtype.itemsize == 8, f"dtype {got.dtype}, expected int64 for uint8 input"
    assert np.array_equal(got, ref), f"differs from cv2.integral: {where_differs(got.astype(float), ref)}"


@pytest.mark.region("integral")
@given(_image())
def test_integral_matches_opencv(lab, img):
    """Random gray or colour, uint8 or float images: equals cv2.integral (float to 1e-9)."""
    got = np.asarray(lab.integral_image(img))
    ref = cv2.integral(np.ascontiguousarray(img), sdepth=cv2.CV_64F)
    assert got.shape == ref.shape, f"img {img.shape} {img.dtype}: shape {got.shape}, expected {ref.shape}"
    ok = got.dtype == np.float64 if img.dtype.kind == "f" else got.dtype in (np.int64, np.uint64)
    assert ok, f"img {img.dtype}: dtype {got.dtype}, expected {'float64' if img.dtype.kind == 'f' else 'int64'}"
    assert np.allclose(got, ref, atol=1e-9), f"img {img.shape} {img.dtype}: {where_differs(got.astype(float), ref)}"


@pytest.mark.region("integral")
def test_integral_edge_shapes(lab):
    """A 0xW image gives a (1, W+1) zero table; a bool mask counts pixels in int64; a 1-d array raises ValueError."""
    got = np.asarray(lab.integral_image(np.zeros((0, 5), dtype=np.uint8)))
    assert got.shape == (1, 6) and not got.any(), f"integral_image(zeros (0, 5)) = {got}, expected zeros (1, 6)"
    mask = np.array([[True, False, True], [True, True, False]])
    got = np.asarray(lab.integral_image(mask))
    want = np.array([[0, 0, 0, 0], [0, 1, 1, 2], [0, 2, 3, 4]])
    assert np.issubdtype(got.dtype, np.integer) and got.dtype.itemsize == 8 and np.array_equal(got, want), (
        f"integral_image(bool mask {mask.astype(int).tolist()}) =\n{got!r}\nexpected int64\n{want}"
    )
    with pytest.raises(ValueError):
        lab.integral_image(np.zeros(5))


# ----------------------------------------------------------------------------- box_sums
@pytest.mark.region("box_sums")
def test_box_sums_worked_example(lab):
    """The README example: the bottom-right 2x2 box (28), the whole image (45), an empty box (0)."""
    ii = np.array([[0, 0, 0, 0], [0, 1, 3, 6], [0, 5, 12, 21], [0, 12, 27, 45]])
    got = np.asarray(lab.box_sums(ii, np.array([[1, 1, 3, 3], [0, 0, 3, 3], [2, 0, 2, 3]])))
    assert np.array_equal(got, [28, 45, 0]), f"box_sums = {got.tolist()}, expected [28, 45, 0] (boxes are half-open like slices)"
    assert got.dtype == ii.dtype, f"box_sums of an {ii.dtype} table returned dtype {got.dtype}, expected {ii.dtype}"


@pytest.mark.region("box_sums")
@given(st.data())
def test_box_sums_match_slicing(lab, d):
    """Random images and boxes (empty ones included): each sum equals img[y0:y1, x0:x1].sum(axis=(0, 1))."""
    img = d.draw(_image())
    boxes = d.draw(_boxes(img.shape[0], img.shape[1]))
    acc = np.float64 if img.dtype.kind == "f" else np.int64
    ii = np.zeros((img.shape[0] + 1, img.shape[1] + 1) + img.shape[2:], acc)
    ii[1:, 1:] = img.astype(acc).cumsum(0).cumsum(1)
    got = np.asarray(lab.box_sums(ii, boxes))
    ref = np.array([img[a:c, b:e].astype(acc).sum(axis=(0, 1)) for a, b, c, e in boxes]).reshape((len(boxes),) + img.shape[2:])
    assert got.shape == ref.shape, f"img {img.shape}, {len(boxes)} boxes: shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-9), f"boxes {boxes.tolist()}: {where_differs(got.astype(float), ref.astype(float))}"


@pytest.mark.region("box_sums", needs=["integral"])
def test_box_mean_filter_on_photo(lab):
    """A 7x7 box mean of every valid position of the photo equals cv2.blur at those positions."""
    img = data.skimage_image("camera").astype(np.float64)
    ii = lab.integral_image(img)
    h, w = img.shape
    yy, xx = np.mgrid[0 : h - 6, 0 : w - 6]
    boxes = np.stack([yy.ravel(), xx.ravel(), yy.ravel() + 7, xx.ravel() + 7], axis=1)
    got = np.asarray(lab.box_sums(ii, boxes)).reshape(h - 6, w - 6) / 49.0
    ref = cv2.blur(img, (7, 7))[3 : h - 3, 3 : w - 3]
    assert np.allclose(got, ref, atol=1e-9), f"7x7 box means differ from cv2.blur: {where_differs(got, ref)}"


@pytest.mark.region("box_sums")
@pytest.mark.parametrize("box", [[-1, 0, 2, 2], [0, 0, 4, 2], [2, 0, 1, 2], [0, 3, 2, 2]])
def test_box_sums_bad_boxes_raise(lab, box):
    """Boxes outside the 3x3 image or with y0 > y1 / x0 > x1 raise ValueError (no wrap-around)."""
    ii = np.zeros((4, 4), dtype=np.int64)
    with pytest.raises(ValueError):
        lab.box_sums(ii, np.array([box]))


@pytest.mark.region("box_sums")
@pytest.mark.parametrize("boxes", [np.array([[0, 0, 2]]), np.array([0, 0, 2, 2]), np.array([[0.0, 0.0, 2.5, 2.0]])])
def test_box_sums_malformed_boxes_raise(lab, boxes):
    """boxes that are not a (K, 4) integer array (3 columns, 1-d, float coordinates) raise ValueError."""
    ii = np.zeros((4, 4), dtype=np.int64)
    with pytest.raises(ValueError):
        lab.box_sums(ii, boxes)
