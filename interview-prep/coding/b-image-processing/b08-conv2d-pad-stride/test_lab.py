"""Grader for b08 - 2D convolution with padding and stride.

Reference: scipy.signal.convolve2d(np.pad(x, p), k, mode="valid")[::s, ::s] (true convolution,
an independent implementation), an impulse response to show the flip matters, exact
hand-computed outputs and the output-size formula.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import signal

from cvlab.testing import where_differs


def _reference(x, k, p, s):
    return signal.convolve2d(np.pad(x.astype(np.float64), p), k.astype(np.float64), mode="valid")[::s, ::s]


@st.composite
def _case(draw):
    kh, kw = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    p = draw(st.integers(0, 3))
    h = draw(st.integers(max(1, kh - 2 * p), 14))
    w = draw(st.integers(max(1, kw - 2 * p), 14))
    s = draw(st.integers(1, 4))
    el = st.floats(-10, 10, allow_nan=False).map(lambda v: round(v, 3))
    x = draw(hnp.arrays(np.float64, (h, w), elements=el))
    k = draw(hnp.arrays(np.float64, (kh, kw), elements=el))
    return x, k, p, s


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: a 4x4 ramp, a 2x2 diagonal-difference kernel, padding 1, stride 2."""
    img = np.arange(16.0).reshape(4, 4)
    k = np.array([[1.0, 0.0], [0.0, -1.0]])
    got = np.asarray(lab.conv2d(img, k, padding=1, stride=2))
    want = np.array([[0.0, 2.0, 0.0], [8.0, 5.0, -7.0], [0.0, -13.0, -15.0]])
    assert got.shape == (3, 3), f"conv2d(4x4, 2x2, padding=1, stride=2) returned shape {got.shape}, expected (3, 3)"
    assert np.allclose(got, want), (
        f"got\n{got}\nexpected\n{want}\n(an all-negated result means the kernel was not flipped: that is correlation)"
    )


@pytest.mark.region("solve")
@given(_case())
def test_matches_scipy(lab, case):
    """Random images, kernels, paddings and strides: equal to scipy's convolve2d on the padded image, subsampled."""
    x, k, p, s = case
    got = np.asarray(lab.conv2d(x, k, padding=p, stride=s))
    ref = _reference(x, k, p, s)
    assert got.shape == ref.shape, (
        f"x {x.shape}, k {k.shape}, p={p}, s={s}: got shape {got.shape}, expected {ref.shape}"
    )
    assert np.allclose(got, ref, atol=1e-9), (
        f"x {x.shape}, k {k.shape}, p={p}, s={s}{where_differs(np.round(got, 6), np.round(ref, 6))}"
    )


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "h, w, kh, kw, p, s",
    [(7, 9, 3, 3, 1, 2), (8, 8, 3, 3, 0, 3), (5, 6, 4, 2, 2, 1), (28, 28, 5, 5, 2, 2), (2, 2, 3, 3, 1, 1)],
)
def test_output_size_formula(lab, h, w, kh, kw, p, s):
    """The output is ((H + 2p - kh) // s + 1, (W + 2p - kw) // s + 1), also when only the padded image fits the kernel."""
    got = np.asarray(lab.conv2d(np.ones((h, w)), np.ones((kh, kw)), padding=p, stride=s))
    want = ((h + 2 * p - kh) // s + 1, (w + 2 * p - kw) // s + 1)
    assert got.shape == want, f"H, W = {h}, {w}; kernel {kh}x{kw}; p={p}; s={s}: got shape {got.shape}, expected {want}"


@pytest.mark.region("solve")
def test_flip_matters_for_asymmetric_kernels(lab):
    """An impulse image convolved with a kernel reproduces the kernel itself (correlation would give it flipped)."""
    x = np.zeros((5, 5))
    x[2, 2] = 1.0
    k = np.arange(1.0, 10.0).reshape(3, 3)
    got = np.asarray(lab.conv2d(x, k, padding=1))
    want = np.zeros((5, 5))
    want[1:4, 1:4] = k
    assert np.allclose(got, want), f"impulse response should be the kernel itself, got\n{got[1:4, 1:4]}\nexpected\n{k}"


@pytest.mark.region("solve")
def test_uint8_input_and_float_output(lab):
    """uint8 images are convolved in float: a 3x3 sum of 255s is 2295, not wrapped."""
    x = np.full((3, 3), 255, dtype=np.uint8)
    got = np.asarray(lab.conv2d(x, np.ones((3, 3))))
    assert np.issubdtype(got.dtype, np.floating), f"returned dtype {got.dtype}, expected float"
    assert got.shape == (1, 1) and got[0, 0] == 2295.0, f"got {got.tolist()}, expected [[2295.0]]"


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "x, k, p, s",
    [
        (np.ones((4, 4)), np.ones((3, 3)), -1, 1),
        (np.ones((4, 4)), np.ones((3, 3)), 0, 0),
        (np.ones((2, 2)), np.ones((5, 5)), 1, 1),
        (np.ones((4, 4, 3)), np.ones((3, 3)), 0, 1),
        (np.ones((4, 4)), np.ones(3), 0, 1),
    ],
    ids=["negative-padding", "zero-stride", "kernel-too-big", "3d-image", "1d-kernel"],
)
def test_bad_arguments_raise(lab, x, k, p, s):
    """Negative padding, stride < 1, a kernel larger than the padded image or non-2-D inputs raise ValueError."""
    with pytest.raises(ValueError):
        lab.conv2d(x, k, padding=p, stride=s)
