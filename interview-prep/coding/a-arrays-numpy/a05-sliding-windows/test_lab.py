"""Grader for a05 - sliding-window views with as_strided.

Reference: numpy.lib.stride_tricks.sliding_window_view (NumPy's own implementation) with a
strided slice for the step, plus hand-computed cases and the properties that make this a
stride trick and not a copy: shared memory, read-only result, non-contiguous inputs.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.lib.stride_tricks import sliding_window_view


@st.composite
def _array_window_step(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=9))
    x = np.arange(int(np.prod(shape)), dtype=draw(st.sampled_from([np.int64, np.float32, np.uint8]))).reshape(shape)
    if draw(st.booleans()) and x.ndim >= 2:
        x = np.swapaxes(x, 0, -1)  # non-contiguous: the last axis is not the fastest in memory
    window = draw(st.integers(1, x.shape[-1]))
    return x, window, draw(st.integers(1, 4))


@st.composite
def _image_patch_step(draw):
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    shape = (h, w) if draw(st.booleans()) else (h, w, draw(st.integers(1, 3)))
    img = np.random.default_rng(draw(st.integers(0, 999))).integers(0, 256, shape).astype(np.uint8)
    if draw(st.booleans()):
        img = np.ascontiguousarray(np.swapaxes(img, 0, 1)).swapaxes(0, 1)  # column-major memory
    return img, draw(st.integers(1, h)), draw(st.integers(1, w)), draw(st.integers(1, 4))


# ----------------------------------------------------------------------------- windows1d
@pytest.mark.region("windows1d")
def test_windows1d_worked_example(lab):
    """The README example: windows of 3 every 2 of arange(7); the last incomplete window is dropped."""
    x = np.arange(7)
    got = lab.windows1d(x, 3, step=2)
    want = np.array([[0, 1, 2], [2, 3, 4], [4, 5, 6]])
    assert got.shape == (3, 3), f"windows1d(arange(7), 3, step=2) has shape {got.shape}, expected (3, 3)"
    assert np.array_equal(got, want), f"windows1d(arange(7), 3, step=2) =\n{got}\nexpected\n{want}"
    got = lab.windows1d(np.arange(8), 3, step=2)
    assert got.shape == (3, 3), f"windows1d(arange(8), 3, step=2) has shape {got.shape}, expected (3, 3): (8-3)//2+1"


@pytest.mark.region("windows1d")
@given(_array_window_step())
def test_windows1d_matches_sliding_window_view(lab, case):
    """Any shape, dtype and memory layout: equals sliding_window_view(x, w, axis=-1)[..., ::step, :]."""
    x, window, step = case
    got = lab.windows1d(x, window, step=step)
    ref = sliding_window_view(x, window, axis=-1)[..., ::step, :]
    assert got.shape == ref.shape, f"x {x.shape}, window {window}, step {step}: got shape {got.shape}, expected {ref.shape}"
    assert np.array_equal(got, ref), (
        f"x {x.shape} (strides {x.strides}), window {window}, step {step}: wrong values; build the strides from "
        "x.strides, not from the itemsize (x may not be contiguous)"
    )


@pytest.mark.region("windows1d")
def test_windows1d_is_a_read_only_view(lab):
    """The result shares memory with x (no copy) and is read-only (writing into overlapping windows corrupts x)."""
    x = np.arange(1000.0)
    got = lab.windows1d(x, 100, step=1)
    assert np.shares_memory(got, x), "windows1d returned a copy: build a view with as_strided (900 KB instead of 8 KB)"
    assert not got.flags.writeable, "return the view with writeable=False: its windows overlap, a write changes many"


@pytest.mark.region("windows1d")
@pytest.mark.parametrize("shape, window, step", [((5,), 6, 1), ((5,), 0, 1), ((5,), 2, 0), ((), 1, 1)])
def test_windows1d_bad_arguments_raise(lab, shape, window, step):
    """Window longer than the axis, window or step < 1, a 0-d array: ValueError."""
    with pytest.raises(ValueError):
        lab.windows1d(np.zeros(shape), window, step=step)


# ----------------------------------------------------------------------------- patches2d
@pytest.mark.region("patches2d")
def test_patches2d_worked_example(lab):
    """The README example: 2x2 patches every 2 pixels of a 3x4 image (the last row does not fit)."""
    img = np.arange(12).reshape(3, 4)
    got = lab.patches2d(img, 2, 2, step=2)
    want = np.array([[[[0, 1], [4, 5]], [[2, 3], [6, 7]]]])
    assert got.shape == (1, 2, 2, 2), f"patches2d(3x4, 2, 2, step=2) has shape {got.shape}, expected (1, 2, 2, 2)"
    assert np.array_equal(got, want), f"patches2d(arange(12) 3x4, 2, 2, step=2) =\n{got}\nexpected\n{want}"


@pytest.mark.region("patches2d")
@given(_image_patch_step())
def test_patches2d_matches_sliding_window_view(lab, case):
    """Gray or colour, any layout: equals sliding_window_view over axes (0, 1), strided, channels last."""
    img, ph, pw, step = case
    got = lab.patches2d(img, ph, pw, step=step)
    ref = sliding_window_view(img, (ph, pw), axis=(0, 1))[::step, ::step]
    if img.ndim == 3:
        ref = np.moveaxis(ref, 2, -1)  # (nh, nw, C, ph, pw) -> (nh, nw, ph, pw, C)
    assert got.shape == ref.shape, f"img {img.shape}, patch {ph}x{pw}, step {step}: got shape {got.shape}, expected {ref.shape}"
    assert np.array_equal(got, ref), f"img {img.shape} (strides {img.strides}), patch {ph}x{pw}, step {step}: wrong values"


@pytest.mark.region("patches2d")
def test_patches2d_is_a_read_only_view(lab):
    """A real photo: the patch array shares memory with the image and is read-only; patch (a, b) is the slice."""
    img = np.random.default_rng(0).integers(0, 256, (40, 30, 3)).astype(np.uint8)
    got = lab.patches2d(img, 8, 8, step=4)
    assert np.shares_memory(got, img), "patches2d returned a copy: build a view with as_strided"
    assert not got.flags.writeable, "return the view with writeable=False"
    assert np.array_equal(got[2, 3], img[8:16, 12:20]), "patch (2, 3) should be img[8:16, 12:20] for step 4"


@pytest.mark.region("patches2d")
@pytest.mark.parametrize("shape, ph, pw, step", [((4, 4), 5, 1, 1), ((4, 4), 2, 2, 0), ((4,), 2, 2, 1), ((4, 4), 0, 2, 1)])
def test_patches2d_bad_arguments_raise(lab, shape, ph, pw, step):
    """Patch larger than the image, step 0, a 1-d array, an empty patch: ValueError."""
    with pytest.raises(ValueError):
        lab.patches2d(np.zeros(shape), ph, pw, step=step)
