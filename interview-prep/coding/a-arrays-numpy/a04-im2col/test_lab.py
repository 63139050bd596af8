"""Grader for a04 - im2col and col2im.

References: scipy.signal.correlate (an independent N-d cross-correlation) for
"im2col @ weights == convolution layer", the adjoint identity <im2col(x), c> = <x, col2im(c)>
for col2im, hand-computed cases, and the edge cases an interviewer probes: stride, padding,
several channels (row order), 1x1 kernels, kernel as large as the image, bad shapes.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.signal import correlate

from cvlab.testing import where_differs


def _conv_ref(x, weights, stride, padding):
    """Conv layer (cross-correlation) by scipy: (C, H, W), (F, C, kh, kw) -> (F, Ho, Wo)."""
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    return np.stack([correlate(xp, wf, mode="valid")[0, ::stride, ::stride] for wf in weights])


@st.composite
def _conv_case(draw):
    c = draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stride, padding = draw(st.integers(1, 3)), draw(st.integers(0, 2))
    h = draw(st.integers(max(1, kh - 2 * padding), 8))
    w = draw(st.integers(max(1, kw - 2 * padding), 8))
    seed = draw(st.integers(0, 2**16))
    return c, h, w, kh, kw, stride, padding, np.random.default_rng(seed)


# ----------------------------------------------------------------------------- im2col
@pytest.mark.region("im2col")
def test_im2col_worked_example(lab):
    """The README example: the four 2x2 patches of a 3x3 image, one per column."""
    x = np.arange(9.0).reshape(1, 3, 3)
    got = np.asarray(lab.im2col(x, 2, 2))
    want = np.array([[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]], dtype=float)
    assert got.shape == (4, 4), f"im2col(x (1, 3, 3), 2, 2) returned shape {got.shape}, expected (4, 4)"
    assert np.array_equal(got, want), f"im2col(arange(9) 3x3, 2, 2) =\n{got}\nexpected\n{want}"


@pytest.mark.region("im2col")
def test_im2col_stride_and_padding_example(lab):
    """A 4x4 image, 2x2 kernel, stride 2, padding 1: a 3x3 grid of windows; corners see mostly zeros."""
    x = np.arange(1.0, 17.0).reshape(1, 4, 4)
    got = np.asarray(lab.im2col(x, 2, 2, stride=2, padding=1))
    assert got.shape == (4, 9), (
        f"im2col(4x4, 2x2, stride=2, padding=1) has shape {got.shape}, expected (4, 9): Ho = (4 + 2 - 2) // 2 + 1 = 3"
    )
    assert np.array_equal(got[:, 0], [0, 0, 0, 1]), f"first window (top-left, in the padding) = {got[:, 0]}, expected [0, 0, 0, 1]"
    assert np.array_equal(got[:, 4], [6, 7, 10, 11]), f"centre window = {got[:, 4]}, expected [6, 7, 10, 11]"


@pytest.mark.region("im2col")
@given(_conv_case())
def test_im2col_matmul_is_a_conv_layer(lab, case):
    """weights.reshape(F, -1) @ im2col(x) reshaped to (F, Ho, Wo) equals scipy's cross-correlation, any stride/padding."""
    c, h, w, kh, kw, stride, padding, rng = case
    x = rng.normal(size=(c, h, w))
    weights = rng.normal(size=(2, c, kh, kw))
    ref = _conv_ref(x, weights, stride, padding)
    cols = np.asarray(lab.im2col(x, kh, kw, stride=stride, padding=padding))
    f, ho, wo = ref.shape
    assert cols.shape == (c * kh * kw, ho * wo), (
        f"x {x.shape}, kernel {kh}x{kw}, stride {stride}, padding {padding}: im2col shape {cols.shape}, "
        f"expected {(c * kh * kw, ho * wo)}"
    )
    got = (weights.reshape(f, -1) @ cols).reshape(f, ho, wo)
    assert np.allclose(got, ref, atol=1e-10), (
        f"x {x.shape}, kernel {kh}x{kw}, stride {stride}, padding {padding}: conv via im2col differs from "
        f"scipy.signal.correlate: {where_differs(got, ref)} (rows must be ordered (c, i, j), columns (oy, ox))"
    )


@pytest.mark.region("im2col")
def test_im2col_edge_sizes(lab):
    """A 1x1 kernel is a reshape; a kernel as large as the image gives one column; integers become float64."""
    x = np.arange(12).reshape(3, 2, 2)
    got = np.asarray(lab.im2col(x, 1, 1))
    assert np.array_equal(got, x.reshape(3, 4)), f"im2col(x (3, 2, 2), 1, 1) =\n{got}\nexpected x.reshape(3, 4)"
    assert got.dtype == np.float64, f"returned dtype {got.dtype}, expected float64"
    got = np.asarray(lab.im2col(x, 2, 2))
    assert np.array_equal(got, x.reshape(12, 1)), f"im2col(x (3, 2, 2), 2, 2) =\n{got}\nexpected x.reshape(12, 1)"


@pytest.mark.region("im2col")
@pytest.mark.parametrize("shape, kh, kw, stride, padding", [
    ((1, 3, 3), 4, 1, 1, 0), ((1, 3, 3), 2, 2, 0, 0), ((3, 3), 2, 2, 1, 0), ((1, 3, 3), 2, 2, 1, -1),
])
def test_im2col_bad_arguments_raise(lab, shape, kh, kw, stride, padding):
    """Kernel larger than the padded image, stride 0, a 2-d image, negative padding: ValueError."""
    with pytest.raises(ValueError):
        lab.im2col(np.zeros(shape), kh, kw, stride=stride, padding=padding)


# ----------------------------------------------------------------------------- col2im
@pytest.mark.region("col2im")
def test_col2im_counts_overlaps(lab):
    """The README example: col2im of all-ones columns counts how many 2x2 windows cover each pixel."""
    got = np.asarray(lab.col2im(np.ones((4, 4)), (1, 3, 3), 2, 2))
    want = np.array([[[1, 2, 1], [2, 4, 2], [1, 2, 1]]], dtype=float)
    assert got.shape == (1, 3, 3), f"col2im(ones (4, 4), (1, 3, 3), 2, 2) returned shape {got.shape}"
    assert np.array_equal(got, want), (
        f"col2im(ones) =\n{got[0]}\nexpected\n{want[0]}\n(overlapping patches must ADD, not overwrite)"
    )


@pytest.mark.region("col2im")
def test_col2im_stride_and_padding_example(lab):
    """4x4 image, 2x2 kernel, stride 2, padding 1: no overlaps, padding dropped, so col2im(ones) is all ones."""
    got = np.asarray(lab.col2im(np.ones((4, 9)), (1, 4, 4), 2, 2, stride=2, padding=1))
    assert got.shape == (1, 4, 4), f"returned shape {got.shape}, expected (1, 4, 4)"
    assert np.array_equal(got, np.ones((1, 4, 4))), f"col2im(ones) =\n{got[0]}\nexpected all ones"


@pytest.mark.region("col2im")
@given(_conv_case())
def test_col2im_is_the_adjoint(lab, case):
    """For random x and cols, sum(im2col(x) * cols) == sum(x * col2im(cols)) (im2col built by scipy-checked taps)."""
    c, h, w, kh, kw, stride, padding, rng = case
    x = rng.normal(size=(c, h, w))
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    ho, wo = (h + 2 * padding - kh) // stride + 1, (w + 2 * padding - kw) // stride + 1
    # Independent im2col: one tap at a time, from the formula.
    ref_cols = np.stack([xp[ch, i:i + stride * ho:stride, j:j + stride * wo:stride].ravel()
                         for ch in range(c) for i in range(kh) for j in range(kw)])
    cols = rng.normal(size=ref_cols.shape)
    back = np.asarray(lab.col2im(cols, (c, h, w), kh, kw, stride=stride, padding=padding))
    assert back.shape == (c, h, w), f"col2im returned shape {back.shape}, expected {(c, h, w)}"
    lhs, rhs = float(np.sum(ref_cols * cols)), float(np.sum(x * back))
    assert np.isclose(lhs, rhs, rtol=1e-9, atol=1e-9), (
        f"x {x.shape}, kernel {kh}x{kw}, stride {stride}, padding {padding}: <im2col(x), c> = {lhs:.6f} but "
        f"<x, col2im(c)> = {rhs:.6f}; col2im must sum every column entry into the pixel it came from"
    )


@pytest.mark.region("col2im")
def test_col2im_wrong_shape_raises(lab):
    """cols whose shape does not match (C*kh*kw, Ho*Wo) raise ValueError."""
    with pytest.raises(ValueError):
        lab.col2im(np.ones((4, 5)), (1, 3, 3), 2, 2)
