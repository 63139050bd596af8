"""Grader for b29 - flip, pad, crop, rot90 from scratch.

References: cv2.flip, np.rot90, cv2.copyMakeBorder (BORDER_CONSTANT / REPLICATE / REFLECT /
REFLECT_101, including pads wider than the image) and np.pad (constant / edge / symmetric /
reflect) on random images; for crop, slicing of a generously padded copy; hand cases. Every
call of the implementation runs with np.flip / np.rot90 / np.pad and cv2's flip / rotate /
copyMakeBorder replaced by functions that fail (the problem is to write them from indexing).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab.testing import where_differs

IMG = np.array([[1, 2, 3], [4, 5, 6]])
_CV_MODE = {
    "constant": cv2.BORDER_CONSTANT,
    "replicate": cv2.BORDER_REPLICATE,
    "reflect": cv2.BORDER_REFLECT,
    "reflect101": cv2.BORDER_REFLECT_101,
}
_NP_MODE = {"constant": "constant", "replicate": "edge", "reflect": "symmetric", "reflect101": "reflect"}


# The problem asks for slicing / axis swaps / fancy indexing only: while the implementation runs,
# the library shortcuts fail (the references are computed outside this context).
_BANNED = [
    (np, "flip"), (np, "fliplr"), (np, "flipud"), (np, "rot90"), (np, "pad"),
    (cv2, "flip"), (cv2, "rotate"), (cv2, "copyMakeBorder"),
]


def _call(fn, *args, **kwargs):
    """Run fn with np.flip / np.rot90 / np.pad / cv2's versions replaced by functions that fail."""

    def refuse(name):
        def f(*a, **k):
            raise AssertionError(f"{name} is not allowed here: write it with slicing, axis swaps and indexing")

        return f

    with pytest.MonkeyPatch.context() as mp:
        for mod, name in _BANNED:
            mp.setattr(mod, name, refuse(f"{mod.__name__}.{name}"))
        return fn(*args, **kwargs)


def _images(max_side=8):
    return st.tuples(st.integers(1, max_side), st.integers(1, max_side), st.sampled_from([None, 3])).flatmap(
        lambda s: hnp.arrays(np.uint8, s[:2] if s[2] is None else s, elements=st.integers(0, 255))
    )


# ---------------------------------------------------------------- flip


@pytest.mark.region("flip")
@given(img=_images(), code=st.sampled_from([0, 1, -1]))
def test_flip_matches_opencv(lab, img, code):
    """Random grey / colour images: flip(img, code) equals cv2.flip for codes 0, 1, -1."""
    got = np.asarray(_call(lab.flip, img, code))
    ref = cv2.flip(img, code)
    if img.ndim == 3 and ref.ndim == 2:
        ref = ref[:, :, None]
    assert np.array_equal(got, ref), f"flip(image {img.shape}, {code}): {where_differs(got, ref)}"


@pytest.mark.region("flip")
def test_flip_example_and_bad_code(lab):
    """README example: code 1 mirrors left-right; code 2 raises ValueError."""
    got = np.asarray(_call(lab.flip, IMG, 1))
    assert np.array_equal(got, [[3, 2, 1], [6, 5, 4]]), f"flip(IMG, 1) gave\n{got}\nexpected [[3 2 1] [6 5 4]]"
    with pytest.raises(ValueError):
        _call(lab.flip, IMG, 2)


# ---------------------------------------------------------------- rot90


@pytest.mark.region("rot90")
def test_rot90_example(lab):
    """README example: one counter-clockwise turn of a 2x3 image gives 3x2 with the last column on top."""
    got = np.asarray(_call(lab.rot90, IMG))
    want = np.array([[3, 6], [2, 5], [1, 4]])
    assert np.array_equal(got, want), f"rot90(IMG) gave\n{got}\nexpected\n{want}"


@pytest.mark.region("rot90")
@given(img=_images(), k=st.integers(-9, 9))
def test_rot90_matches_numpy(lab, img, k):
    """Random non-square grey / colour images and k in -9..9: equals np.rot90(img, k), channels last."""
    got = np.asarray(_call(lab.rot90, img, k))
    ref = np.rot90(img, k)
    assert got.shape == ref.shape, f"rot90(image {img.shape}, {k}): shape {got.shape}, expected {ref.shape}"
    assert np.array_equal(got, ref), f"rot90(image {img.shape}, {k}): {where_differs(got, ref)}"


# ---------------------------------------------------------------- crop


@pytest.mark.region("crop")
def test_crop_example_partly_outside(lab):
    """README example: a 3x3 box at (-1, 1) keeps the overlap at the same offset and fills the rest with 0."""
    got = np.asarray(_call(lab.crop, IMG, -1, 1, 3, 3))
    want = np.array([[0, 0, 0], [2, 3, 0], [5, 6, 0]])
    assert np.array_equal(got, want), f"crop(IMG, -1, 1, 3, 3) gave\n{got}\nexpected\n{want}"


@pytest.mark.region("crop")
@given(
    img=_images(),
    y=st.integers(-10, 10),
    x=st.integers(-10, 10),
    h=st.integers(1, 10),
    w=st.integers(1, 10),
    fill=st.integers(0, 255),
)
def test_crop_matches_padded_slice(lab, img, y, x, h, w, fill):
    """Random boxes inside, across or fully outside the image: equals slicing a copy padded by 20 with fill."""
    big = np.pad(img, ((20, 20), (20, 20)) + ((0, 0),) * (img.ndim - 2), constant_values=fill)
    ref = big[y + 20 : y + 20 + h, x + 20 : x + 20 + w]
    got = np.asarray(_call(lab.crop, img, y, x, h, w, fill))
    assert got.shape == ref.shape and got.dtype == img.dtype, (
        f"crop box ({y}, {x}, {h}, {w}): shape {got.shape} {got.dtype}, expected {ref.shape} {img.dtype}"
    )
    assert np.array_equal(got, ref), f"crop(image {img.shape}, y={y}, x={x}, h={h}, w={w}): {where_differs(got, ref)}"


@pytest.mark.region("crop")
def test_crop_returns_a_copy_and_rejects_empty(lab):
    """Writing into the crop must not change the image; h or w < 1 raises ValueError."""
    img = IMG.copy()
    out = _call(lab.crop, img, 0, 0, 2, 2)
    out[...] = -1
    assert np.array_equal(img, IMG), "crop returned a view: writing into it changed the source image"
    with pytest.raises(ValueError):
        _call(lab.crop, IMG, 0, 0, 0, 2)


# ---------------------------------------------------------------- pad


@pytest.mark.region("pad")
@pytest.mark.parametrize(
    "mode, want",
    [
        ("constant", [9, 9, 9, 9, 1, 2, 3, 9, 9, 9, 9]),
        ("replicate", [1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3]),
        ("reflect", [3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1]),
        ("reflect101", [1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]),
    ],
)
def test_pad_example_wider_than_image(lab, mode, want):
    """README example: [1 2 3] padded by 4 on each side in every mode (the pad is wider than the row)."""
    got = np.asarray(_call(lab.pad, np.array([[1, 2, 3]]), 0, 0, 4, 4, mode, value=9))
    assert np.array_equal(got, [want]), f"pad([1 2 3], left=4, right=4, {mode!r}) = {got[0]}, expected {want}"


@pytest.mark.region("pad")
@given(
    img=_images(),
    pads=st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(0, 6), st.integers(0, 6)),
    mode=st.sampled_from(list(_CV_MODE)),
)
def test_pad_matches_opencv_and_numpy(lab, img, pads, mode):
    """Random images and pads up to 6 (often wider than the image): equals cv2.copyMakeBorder and np.pad."""
    t, b, l, r = pads
    got = np.asarray(_call(lab.pad, img, t, b, l, r, mode, value=7))
    ref_np = np.pad(
        img,
        ((t, b), (l, r)) + ((0, 0),) * (img.ndim - 2),
        mode=_NP_MODE[mode],
        **({"constant_values": 7} if mode == "constant" else {}),
    )
    assert got.shape == ref_np.shape and got.dtype == img.dtype, (
        f"pad {pads} {mode}: shape {got.shape} {got.dtype}, expected {ref_np.shape} {img.dtype}"
    )
    assert np.array_equal(got, ref_np), (
        f"pad(image {img.shape}, {pads}, {mode!r}) vs np.pad: {where_differs(got, ref_np)}"
    )
    if not (mode == "reflect101" and min(img.shape[:2]) == 1):  # OpenCV rejects REFLECT_101 of a 1-pixel side
        ref_cv = cv2.copyMakeBorder(img, t, b, l, r, _CV_MODE[mode], value=(7, 7, 7, 7))
        if img.ndim == 3 and ref_cv.ndim == 2:
            ref_cv = ref_cv[:, :, None]
        assert np.array_equal(got, ref_cv), (
            f"pad(image {img.shape}, {pads}, {mode!r}) vs cv2: {where_differs(got, ref_cv)}"
        )


@pytest.mark.region("pad")
def test_pad_bad_input(lab):
    """A negative pad or an unknown mode raises ValueError."""
    with pytest.raises(ValueError):
        _call(lab.pad, IMG, -1, 0, 0, 0, "constant")
    with pytest.raises(ValueError):
        _call(lab.pad, IMG, 1, 1, 1, 1, "wrap")
