"""Grader for b03 - brightness, contrast and gamma.

References: cv2.addWeighted(img, alpha, zeros, 0, beta) (OpenCV's saturating linear map, float32
inside, rounding to nearest) and skimage.exposure.adjust_gamma (a uint8 lookup table), plus exact
hand-computed pixels and the saturation cases that catch uint8 wrap-around.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from skimage import exposure

from cvlab import data
from cvlab.testing import where_differs


def _images(max_side: int = 16):
    shape = st.tuples(st.integers(1, max_side), st.integers(1, max_side))
    return hnp.arrays(np.uint8, shape, elements=st.integers(0, 255))


X = np.array([[0, 50, 100, 200, 255]], dtype=np.uint8)


@pytest.mark.region("linear")
def test_linear_worked_examples(lab):
    """The README examples: a contrast stretch that saturates, and a fractional brightness that must round."""
    got = np.asarray(lab.brightness_contrast(X, 1.5, -20))
    want = np.array([[0, 55, 130, 255, 255]], dtype=np.uint8)
    assert got.dtype == np.uint8, f"returned dtype {got.dtype}, expected uint8"
    assert np.array_equal(got, want), (
        f"brightness_contrast({X.tolist()}, 1.5, -20) = {got.tolist()}, expected {want.tolist()} "
        f"(values outside [0, 255] must clip, not wrap around)"
    )
    got = np.asarray(lab.brightness_contrast(X, 0.8, 10.6))
    want = np.array([[11, 51, 91, 171, 215]], dtype=np.uint8)
    assert np.array_equal(got, want), (
        f"brightness_contrast({X.tolist()}, 0.8, 10.6) = {got.tolist()}, expected {want.tolist()} (round, do not truncate)"
    )


@pytest.mark.region("linear")
@given(_images(), st.floats(-3.0, 3.0), st.floats(-300.0, 300.0))
def test_linear_matches_opencv(lab, img, alpha, beta):
    """Random images and parameters: equal to cv2.addWeighted(img, alpha, 0, 0, beta) up to one level (tie rounding)."""
    got = np.asarray(lab.brightness_contrast(img, alpha, beta))
    ref = cv2.addWeighted(img, alpha, np.zeros_like(img), 0.0, beta)
    assert got.shape == img.shape, f"image {img.shape}: got shape {got.shape}"
    err = np.abs(got.astype(int) - ref.astype(int)).max()
    assert err <= 1, f"alpha={alpha}, beta={beta}: differs from cv2 by {err} levels{where_differs(got, ref)}"


@pytest.mark.region("linear")
def test_linear_integer_parameters_do_not_wrap(lab):
    """Python-int alpha and beta: uint8 * 2 or uint8 + 100 must not wrap around (convert to float first)."""
    x = np.array([[150, 200]], dtype=np.uint8)
    for alpha, beta, want in ((2, 0, [[255, 255]]), (1, 100, [[250, 255]]), (-1, 255, [[105, 55]])):
        got = np.asarray(lab.brightness_contrast(x, alpha, beta))
        assert np.array_equal(got, want), (
            f"brightness_contrast({x.tolist()}, {alpha}, {beta}) = {got.tolist()}, expected {want} "
            f"(an int alpha or beta keeps uint8 arithmetic, which wraps: 150 * 2 -> 44)"
        )


@pytest.mark.region("linear")
def test_linear_on_photo_mostly_identical(lab):
    """On the camera photo with alpha=1.37, beta=-12.4, at least 99% of pixels equal cv2's result."""
    img = data.skimage_image("camera")
    got = np.asarray(lab.brightness_contrast(img, 1.37, -12.4))
    ref = cv2.addWeighted(img, 1.37, np.zeros_like(img), 0.0, -12.4)
    same = (got == ref).mean()
    assert same >= 0.99, f"only {same:.1%} of pixels equal cv2.addWeighted: round to nearest and clip"


@pytest.mark.region("linear")
def test_linear_identity_colour_and_empty(lab):
    """alpha=1, beta=0 is the identity on a colour image; an empty image stays empty."""
    img = np.random.default_rng(0).integers(0, 256, size=(5, 7, 3), dtype=np.uint8)
    got = np.asarray(lab.brightness_contrast(img, 1.0, 0.0))
    assert got.shape == img.shape and np.array_equal(got, img), "alpha=1, beta=0 must return the image unchanged"
    assert np.asarray(lab.brightness_contrast(np.zeros((0, 4), np.uint8), 2.0, 1.0)).shape == (0, 4)
    with pytest.raises(ValueError):
        lab.brightness_contrast(img.astype(np.float32), 1.0, 0.0)


@pytest.mark.region("gamma")
def test_gamma_worked_example(lab):
    """The README example: gamma 0.5 brightens the shadows, 0 and 255 stay fixed."""
    got = np.asarray(lab.gamma_correct(X, 0.5))
    want = np.array([[0, 113, 160, 226, 255]], dtype=np.uint8)
    assert got.dtype == np.uint8, f"returned dtype {got.dtype}, expected uint8"
    assert np.array_equal(got, want), f"gamma_correct({X.tolist()}, 0.5) = {got.tolist()}, expected {want.tolist()}"


@pytest.mark.region("gamma")
@given(_images(), st.floats(0.1, 5.0))
def test_gamma_matches_skimage(lab, img, gamma):
    """Random images and gammas: equal to skimage.exposure.adjust_gamma up to one level (float rounding of ties)."""
    got = np.asarray(lab.gamma_correct(img, gamma))
    ref = exposure.adjust_gamma(img, gamma)
    assert got.shape == img.shape, f"image {img.shape}: got shape {got.shape}"
    err = np.abs(got.astype(int) - ref.astype(int)).max()
    assert err <= 1, f"gamma={gamma}: differs from skimage by {err} levels{where_differs(got, ref)}"


@pytest.mark.region("gamma")
def test_gamma_full_range_and_monotone(lab):
    """All 256 levels: exactly skimage's table for gamma 2.2, monotone, and gamma 1 is the identity."""
    ramp = np.arange(256, dtype=np.uint8).reshape(16, 16)
    got = np.asarray(lab.gamma_correct(ramp, 2.2)).ravel().astype(int)
    ref = exposure.adjust_gamma(ramp, 2.2).ravel().astype(int)
    assert np.array_equal(got, ref), f"gamma 2.2 table differs from skimage{where_differs(got, ref)}"
    assert np.all(np.diff(got) >= 0), "a gamma curve must be non-decreasing"
    same = np.asarray(lab.gamma_correct(ramp, 1.0))
    assert np.array_equal(same, ramp), "gamma 1 must be the identity"


@pytest.mark.region("gamma")
def test_gamma_colour_image_shape(lab):
    """A colour image keeps its (H, W, 3) shape and every channel gets the same curve."""
    img = np.random.default_rng(1).integers(0, 256, size=(4, 6, 3), dtype=np.uint8)
    got = np.asarray(lab.gamma_correct(img, 0.7))
    ref = exposure.adjust_gamma(img, 0.7)
    assert got.shape == img.shape, f"got shape {got.shape}, expected {img.shape}"
    assert np.abs(got.astype(int) - ref.astype(int)).max() <= 1, "colour image differs from skimage"


@pytest.mark.region("gamma")
@pytest.mark.parametrize("gamma", [0.0, -1.0])
def test_gamma_non_positive_raises(lab, gamma):
    """gamma <= 0 raises ValueError."""
    with pytest.raises(ValueError):
        lab.gamma_correct(X, gamma)
