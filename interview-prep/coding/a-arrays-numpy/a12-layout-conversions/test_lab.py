"""Grader for a12 - image layout and dtype conversions.

References: cv2.cvtColor(COLOR_BGR2RGB) for the channel swap, np.transpose for the layout,
exact arithmetic for the dtype conversions (the full uint8 range), a real photo from
cvlab.data, and the edge cases an interviewer probes: reshape-instead-of-transpose,
negative-stride views that OpenCV drawing functions reject, truncation, wrap-around.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab import data


# ----------------------------------------------------------------------------- to_chw
@pytest.mark.region("to_chw")
def test_to_chw_worked_example(lab):
    """The README example: a (1, 2, 3) RGB row becomes (3, 1, 2), one plane per channel."""
    rgb = np.array([[[0, 128, 255], [30, 20, 10]]], dtype=np.uint8)
    got = np.asarray(lab.to_chw(rgb))
    assert got.shape == (3, 1, 2), f"to_chw((1, 2, 3)) has shape {got.shape}, expected (3, 1, 2)"
    assert got.tolist() == [[[0, 30]], [[128, 20]], [[255, 10]]], (
        f"to_chw gave planes {got.tolist()}, expected [[[0, 30]], [[128, 20]], [[255, 10]]] (a reshape scrambles pixels; "
        "use a transpose)"
    )


@pytest.mark.region("to_chw")
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.booleans())
def test_to_chw_matches_transpose(lab, h, w, c, batched):
    """(H, W, C) and (N, H, W, C) arrays: equals np.transpose to channels-first, C-contiguous, same dtype."""
    shape = (2, h, w, c) if batched else (h, w, c)
    img = np.arange(int(np.prod(shape)), dtype=np.int32).reshape(shape)
    got = lab.to_chw(img)
    ref = np.transpose(img, (0, 3, 1, 2) if batched else (2, 0, 1))
    assert np.asarray(got).shape == ref.shape, f"to_chw({shape}) has shape {np.asarray(got).shape}, expected {ref.shape}"
    assert np.array_equal(got, ref), f"to_chw({shape}): out[c, y, x] must equal img[y, x, c]"
    assert got.flags["C_CONTIGUOUS"], "return a C-contiguous array (np.ascontiguousarray): a transpose alone is a strided view"
    assert got.dtype == img.dtype, f"dtype {got.dtype}, expected {img.dtype}"


@pytest.mark.region("to_chw")
def test_to_chw_gray_and_bad_rank(lab):
    """A gray (H, W) image becomes (1, H, W); a 1-d or 5-d array raises ValueError."""
    got = np.asarray(lab.to_chw(np.ones((4, 5), dtype=np.uint8)))
    assert got.shape == (1, 4, 5), f"to_chw(gray (4, 5)) has shape {got.shape}, expected (1, 4, 5)"
    for shape in [(4,), (1, 2, 3, 4, 5)]:
        with pytest.raises(ValueError):
            lab.to_chw(np.zeros(shape))


# ----------------------------------------------------------------------------- swap_rb
@pytest.mark.region("swap_rb")
def test_swap_rb_matches_opencv(lab):
    """A real photo: swap_rb equals cv2.cvtColor(img, COLOR_BGR2RGB), and applying it twice gives the image back."""
    img = data.skimage_image("astronaut")
    before = img.copy()
    got = lab.swap_rb(img)
    ref = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    assert np.array_equal(got, ref), "swap_rb differs from cv2.cvtColor(COLOR_BGR2RGB): reverse the LAST axis"
    assert np.array_equal(img, before), "swap_rb modified its input"
    assert np.array_equal(lab.swap_rb(got), img), "swap_rb(swap_rb(x)) != x"


@pytest.mark.region("swap_rb")
def test_swap_rb_result_is_contiguous(lab):
    """The result is C-contiguous, so OpenCV drawing functions accept it (a [..., ::-1] view is rejected)."""
    img = np.zeros((8, 8, 3), dtype=np.uint8)
    got = lab.swap_rb(img)
    assert got.flags["C_CONTIGUOUS"], (
        f"swap_rb returned strides {got.strides}: img[..., ::-1] is a negative-stride view, and cv2.rectangle on it "
        "raises 'Bad argument'; return np.ascontiguousarray(...)"
    )
    cv2.rectangle(got, (1, 1), (5, 5), (255, 0, 0), 1)  # must not raise


@pytest.mark.region("swap_rb")
def test_swap_rb_batch_and_bad_shape(lab):
    """(N, H, W, 3) batches swap per pixel; a 4-channel image raises ValueError."""
    x = np.arange(2 * 2 * 2 * 3).reshape(2, 2, 2, 3)
    got = np.asarray(lab.swap_rb(x))
    assert np.array_equal(got, x[..., ::-1]), f"swap_rb(batch) wrong: pixel (0, 0, 0) = {got[0, 0, 0]}, expected {x[0, 0, 0, ::-1]}"
    with pytest.raises(ValueError):
        lab.swap_rb(np.zeros((2, 2, 4)))


# ----------------------------------------------------------------------------- to_float
@pytest.mark.region("to_float")
def test_to_float_full_range(lab):
    """All 256 uint8 values: float32 v / 255, 0 -> 0.0 and 255 -> 1.0 exactly."""
    u = np.arange(256, dtype=np.uint8).reshape(16, 16)
    got = lab.to_float(u)
    assert got.dtype == np.float32, f"to_float returned {got.dtype}, expected float32"
    assert got.shape == u.shape, f"shape {got.shape}, expected {u.shape}"
    assert got[0, 0] == 0.0 and got[15, 15] == 1.0, f"to_float(0), to_float(255) = {got[0, 0]}, {got[15, 15]}, expected 0.0, 1.0 (divide by 255, not 256)"
    assert np.allclose(got, u / 255.0, atol=1e-7), "to_float(v) must be v / 255"


@pytest.mark.region("to_float")
def test_to_float_rejects_non_uint8(lab):
    """Already-float or uint16 input raises ValueError (dividing it again by 255 is a silent double scaling)."""
    for x in (np.zeros(3, dtype=np.float32), np.zeros(3, dtype=np.uint16)):
        with pytest.raises(ValueError):
            lab.to_float(x)


# ----------------------------------------------------------------------------- to_uint8
@pytest.mark.region("to_uint8")
def test_to_uint8_rounds_and_clips(lab):
    """The README example: [-0.1, 0.5, 0.999, 1.2] -> [0, 128, 255, 255]: round to nearest, saturate."""
    got = lab.to_uint8(np.array([-0.1, 0.5, 0.999, 1.2]))
    assert got.dtype == np.uint8, f"to_uint8 returned {got.dtype}, expected uint8"
    assert got.tolist() == [0, 128, 255, 255], (
        f"to_uint8([-0.1, 0.5, 0.999, 1.2]) = {got.tolist()}, expected [0, 128, 255, 255]: round (not truncate) and "
        "clip to [0, 255] before the cast (306 would wrap to 50, -25 to 231)"
    )


@pytest.mark.region("to_uint8")
@given(hnp.arrays(np.float64, st.integers(1, 40), elements=st.floats(-0.5, 1.5)))
def test_to_uint8_matches_exact_rounding(lab, x):
    """Random floats in [-0.5, 1.5] (also float32): equals clip(nearest integer of 255·x, 0, 255), ties aside."""
    scaled = x * 255.0
    frac = scaled - np.floor(scaled)
    x = x[np.abs(frac - 0.5) > 1e-6]  # exact .5 ties may round either way
    for arr in (x, x.astype(np.float32)):
        got = np.asarray(lab.to_uint8(arr)).astype(int)
        ref = np.clip(np.floor(arr.astype(np.float64) * 255.0 + 0.5), 0, 255).astype(int)
        assert np.abs(got - ref).max(initial=0) <= (1 if arr.dtype == np.float32 else 0), (
            f"to_uint8({arr.dtype}) differs from round-and-clip: got {got[got != ref][:5]}, expected {ref[got != ref][:5]}"
        )


@pytest.mark.region("to_uint8", needs=["to_float"])
def test_round_trip_is_exact(lab):
    """to_uint8(to_float(u)) == u for every uint8 value, and for a real photo."""
    u = np.arange(256, dtype=np.uint8)
    assert np.array_equal(lab.to_uint8(lab.to_float(u)), u), "uint8 -> float -> uint8 must give back the same 256 values"
    img = data.skimage_image("camera")
    assert np.array_equal(lab.to_uint8(lab.to_float(img)), img), "the round trip changed the camera image"


@pytest.mark.region("to_uint8")
def test_to_uint8_rejects_integers(lab):
    """An integer array (already uint8 or int) raises ValueError instead of being multiplied by 255."""
    with pytest.raises(ValueError):
        lab.to_uint8(np.array([0, 1, 255], dtype=np.uint8))
