"""Grader for b22 - bicubic resize.

References: cv2.resize(INTER_CUBIC) on float32 input (Keys a = -0.75, half-pixel centres,
replicated border) compared to 1e-3; the kernel's defining properties (interpolation at
integers, partition of unity, values from the formula); exact quadratic reproduction for
a = -0.5 (Keys' third-order accuracy), which a = -0.75 does not have.
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

STEP = np.array([[0.0, 0.0, 100.0, 100.0]])


# ---------------------------------------------------------------- kernel


@pytest.mark.region("kernel")
@pytest.mark.parametrize(
    "a, want",
    [(-0.75, [1.0, 0.59375, 0.0, -0.09375, 0.0, 0.0]), (-0.5, [1.0, 0.5625, 0.0, -0.0625, 0.0, 0.0])],
)
def test_kernel_values(lab, a, want):
    """W(0), W(0.5), W(1), W(1.5), W(2), W(2.5) from the formula, for a = -0.75 and a = -0.5; W is even."""
    x = np.array([0, 0.5, 1, 1.5, 2, 2.5])
    got = np.asarray(lab.keys_kernel(x, a))
    assert np.allclose(got, want), f"keys_kernel({x.tolist()}, a={a}) = {got}, expected {want}"
    assert np.allclose(np.asarray(lab.keys_kernel(-x, a)), want), (
        f"keys_kernel(-x, a={a}) differs from keys_kernel(x): W must be even"
    )


@pytest.mark.region("kernel")
@given(t=st.floats(0, 1, exclude_max=True), a=st.sampled_from([-0.5, -0.75, -1.0]))
def test_kernel_partition_of_unity(lab, t, a):
    """For any fractional offset t the four tap weights W(t+1), W(t), W(t-1), W(t-2) sum to 1."""
    w = np.asarray(lab.keys_kernel(np.array([t + 1, t, t - 1, t - 2]), a))
    assert abs(w.sum() - 1) < 1e-12, f"a={a}, t={t}: weights {w} sum to {w.sum()}, expected 1"


# ---------------------------------------------------------------- resize


@pytest.mark.region("solve", needs=["kernel"])
@pytest.mark.parametrize(
    "a, want",
    [
        (-0.75, [0.0, -3.515625, -10.546875, 22.65625, 77.34375, 110.546875, 103.515625, 100.0]),
        (-0.5, [0.0, -2.34375, -7.03125, 20.3125, 79.6875, 107.03125, 102.34375, 100.0]),
    ],
)
def test_step_example_overshoots(lab, a, want):
    """The README example: a step 0,0,100,100 upsampled to 8 overshoots below 0 and above 100 (ringing)."""
    got = np.asarray(lab.resize_bicubic(STEP, 1, 8, a=a))
    assert got.shape == (1, 8), f"shape {got.shape}, expected (1, 8)"
    assert np.allclose(got, [want]), (
        f"resize_bicubic(step, 1, 8, a={a}) = {got.round(4)}, expected {want} (do not clip)"
    )


@pytest.mark.region("solve", needs=["kernel"])
@given(
    img=st.tuples(st.integers(1, 16), st.integers(1, 16), st.sampled_from([None, 3])).flatmap(
        lambda s: hnp.arrays(np.float32, s[:2] if s[2] is None else s, elements=st.integers(0, 255).map(float))
    ),
    out_h=st.integers(1, 24),
    out_w=st.integers(1, 24),
)
def test_matches_opencv_inter_cubic(lab, img, out_h, out_w):
    """Random grey / colour images, up and down: equals cv2 INTER_CUBIC (float32) to 1e-3."""
    got = np.asarray(lab.resize_bicubic(img, out_h, out_w))
    ref = cv2.resize(img, (out_w, out_h), interpolation=cv2.INTER_CUBIC).astype(np.float64)
    if img.ndim == 3 and ref.ndim == 2:
        ref = ref[:, :, None]
    assert got.shape == ref.shape, f"image {img.shape} -> ({out_h}, {out_w}): shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-3), f"image {img.shape} -> ({out_h}, {out_w}): {where_differs(got, ref)}"


@pytest.mark.region("solve", needs=["kernel"])
def test_real_photo_matches_opencv(lab):
    """coffee (400x600x3) -> 250x777: equals cv2 INTER_CUBIC to 1e-3 grey levels."""
    img = data.skimage_image("coffee").astype(np.float32)
    got = np.asarray(lab.resize_bicubic(img, 250, 777))
    ref = cv2.resize(img, (777, 250), interpolation=cv2.INTER_CUBIC)
    assert np.allclose(got, ref, atol=1e-3), f"coffee -> (250, 777): {where_differs(got, ref)}"


@pytest.mark.region("solve", needs=["kernel"])
def test_a_half_reproduces_quadratics(lab):
    """a = -0.5 upsamples a quadratic f(x) = x² - 3x exactly away from the border; a = -0.75 does not."""
    n, m = 12, 36
    x = np.arange(n, dtype=float)
    row = (x**2 - 3 * x)[None, :]
    u = (np.arange(m) + 0.5) * n / m - 0.5
    inner = (u >= 1) & (u <= n - 3)  # all four taps inside the image
    want = u**2 - 3 * u
    got = np.asarray(lab.resize_bicubic(row, 1, m, a=-0.5))[0]
    assert np.allclose(got[inner], want[inner], atol=1e-9), (
        f"a=-0.5 on a quadratic: {where_differs(got[inner], want[inner])}"
    )
    got75 = np.asarray(lab.resize_bicubic(row, 1, m, a=-0.75))[0]
    assert not np.allclose(got75[inner], want[inner], atol=1e-3), (
        "with a=-0.75 the quadratic should NOT be exact: is a used?"
    )


@pytest.mark.region("solve", needs=["kernel"])
def test_constant_identity_and_bad_input(lab):
    """A constant image stays constant; same-size resize is the identity; bad sizes / shapes raise ValueError."""
    got = np.asarray(lab.resize_bicubic(np.full((3, 5), 7.0), 8, 2))
    assert np.allclose(got, 7.0), f"constant 7 image resized to 8x2 gave {got}"
    img = np.random.default_rng(0).normal(size=(6, 4))
    got = np.asarray(lab.resize_bicubic(img, 6, 4))
    assert np.allclose(got, img), f"same-size resize is not the identity: {where_differs(got, img)}"
    for args in [(img, 0, 3), (img, 3, 0), (np.zeros((0, 3)), 2, 2), (np.zeros(5), 2, 2)]:
        with pytest.raises(ValueError):
            lab.resize_bicubic(*args)
