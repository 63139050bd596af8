"""Grader for b17 - erode, dilate, open, close.

Reference: OpenCV (cv2.erode, cv2.dilate, cv2.morphologyEx with MORPH_OPEN / MORPH_CLOSE)
with its default anchor (centre) and default border (outside pixels never win), compared
exactly on random images and structuring elements; plus a hand-drawn binary case and the
edge cases (1x1 SE, even-sized SE, border behaviour, dtypes, bad input).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab.testing import where_differs

_CV_OPS = {
    "erode": lambda im, k: cv2.erode(im, k),
    "dilate": lambda im, k: cv2.dilate(im, k),
    "open": lambda im, k: cv2.morphologyEx(im, cv2.MORPH_OPEN, k),
    "close": lambda im, k: cv2.morphologyEx(im, cv2.MORPH_CLOSE, k),
}

IMG = np.array(
    [
        [0, 0, 0, 0, 0, 0],
        [0, 1, 1, 1, 0, 0],
        [0, 1, 1, 1, 0, 1],
        [0, 1, 1, 1, 0, 0],
        [0, 0, 0, 0, 0, 0],
    ],
    dtype=np.uint8,
)
CROSS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=np.uint8)


def _se():
    return st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(
        lambda s: hnp.arrays(np.uint8, s, elements=st.integers(0, 1)).filter(lambda a: a.any())
    )


def _img(dtype, lo, hi):
    return hnp.arrays(dtype, st.tuples(st.integers(1, 16), st.integers(1, 16)), elements=st.integers(lo, hi))


@pytest.mark.region("solve")
def test_worked_example_cross(lab):
    """The README example: a 3x3 square plus a lone pixel, eroded / opened with a 3x3 cross."""
    eroded = np.asarray(lab.morph(IMG, CROSS, "erode"))
    want_e = np.zeros_like(IMG)
    want_e[2, 2] = 1
    assert np.array_equal(eroded, want_e), f"erode gave\n{eroded}\nexpected only the centre (2, 2) = 1"
    opened = np.asarray(lab.morph(IMG, CROSS, "open"))
    want_o = np.zeros_like(IMG)
    want_o[1:4, 2] = 1
    want_o[2, 1:4] = 1
    assert np.array_equal(opened, want_o), (
        f"open gave\n{opened}\nexpected a plus sign at (2, 2): the lone pixel at (2, 5) and the square's corners go"
    )


@pytest.mark.region("solve")
def test_border_pixels_are_ignored(lab):
    """Pixels outside the image never win: eroding an all-ones image keeps it all ones, dilating zeros keeps zeros."""
    ones = np.ones((4, 5), np.uint8)
    got = np.asarray(lab.morph(ones, np.ones((3, 3), np.uint8), "erode"))
    assert np.array_equal(got, ones), f"erode(all ones, 3x3) gave\n{got}\nexpected all ones (do not pad with 0)"
    zeros = np.zeros((4, 5), np.float32) - 7
    got = np.asarray(lab.morph(zeros, np.ones((3, 3), np.uint8), "dilate"))
    assert np.array_equal(got, zeros), f"dilate(all -7 float, 3x3) gave\n{got}\nexpected all -7 (do not pad with 0)"


@pytest.mark.region("solve")
@given(op=st.sampled_from(list(_CV_OPS)), img=_img(np.uint8, 0, 255), se=_se())
def test_uint8_matches_opencv(lab, op, img, se):
    """Random grey uint8 images and SEs (even sizes, holes, asymmetric): equals cv2 exactly."""
    got = np.asarray(lab.morph(img, se, op))
    ref = _CV_OPS[op](img, se)
    assert got.dtype == np.uint8, f"{op}: returned dtype {got.dtype}, expected uint8"
    assert np.array_equal(got, ref), f"{op} with se=\n{se}\non image {img.shape}: {where_differs(got, ref)}"


@pytest.mark.region("solve")
@given(op=st.sampled_from(list(_CV_OPS)), img=_img(np.float32, -100, 100), se=_se())
def test_float_matches_opencv(lab, op, img, se):
    """Random float32 images with negative values: equals cv2 exactly and stays float32."""
    got = np.asarray(lab.morph(img, se, op))
    ref = _CV_OPS[op](img, se)
    # A pixel whose whole neighbourhood is outside the image (SE with a hole at the anchor, tiny
    # image) has no defined value: cv2 gives +-FLT_MAX, a padding of +-inf gives +-inf. Accept both.
    big = np.finfo(np.float32).max
    got = np.where(np.isposinf(got), big, np.where(np.isneginf(got), -big, got)).astype(got.dtype)
    assert got.dtype == np.float32, f"{op}: returned dtype {got.dtype}, expected float32"
    assert np.array_equal(got, ref), f"{op} with se=\n{se}\non float image {img.shape}: {where_differs(got, ref)}"


@pytest.mark.region("solve")
@given(op=st.sampled_from(list(_CV_OPS)), img=_img(np.uint8, 0, 1).map(lambda a: a.astype(bool)), se=_se())
def test_binary_bool_matches_opencv(lab, op, img, se):
    """Binary bool images: the result is bool and equals cv2 run on the 0/1 uint8 version."""
    got = np.asarray(lab.morph(img, se, op))
    ref = _CV_OPS[op](img.astype(np.uint8), se).astype(bool)
    assert got.dtype == bool, f"{op}: returned dtype {got.dtype}, expected bool"
    assert np.array_equal(got, ref), (
        f"{op} with se=\n{se}\non binary image:\n{img.astype(int)}\n{where_differs(got, ref)}"
    )


@pytest.mark.region("solve")
def test_even_and_asymmetric_se_anchor(lab):
    """A 1x2 SE [1, 1] anchored at column 1: dilation looks at x-1 and x, so a dot spreads to the RIGHT."""
    img = np.zeros((1, 5), np.uint8)
    img[0, 2] = 9
    got = np.asarray(lab.morph(img, np.array([[1, 1]], np.uint8), "dilate"))
    want = np.array([[0, 0, 9, 9, 0]], np.uint8)
    assert np.array_equal(got, want), f"dilate([0 0 9 0 0], se [[1, 1]]) gave {got}, expected {want} (anchor kw//2 = 1)"


@pytest.mark.region("solve")
def test_identity_se_and_bad_input(lab):
    """A 1x1 SE leaves the image unchanged; an all-zero SE, an unknown op or a 3-D image raise ValueError."""
    img = np.arange(12, dtype=np.uint8).reshape(3, 4)
    for op in _CV_OPS:
        got = np.asarray(lab.morph(img, np.ones((1, 1), np.uint8), op))
        assert np.array_equal(got, img), f"{op} with a 1x1 SE changed the image: {got}"
    with pytest.raises(ValueError):
        lab.morph(img, np.zeros((3, 3), np.uint8), "erode")
    with pytest.raises(ValueError):
        lab.morph(img, np.ones((3, 3), np.uint8), "tophat")
    with pytest.raises(ValueError):
        lab.morph(np.zeros((3, 3, 3), np.uint8), np.ones((3, 3), np.uint8), "erode")
