"""Grader for b02 - RGB <-> HSV.

References: skimage.color.rgb2hsv / hsv2rgb (hue in [0, 1), rescaled to degrees here) and
cv2.cvtColor(COLOR_RGB2HSV / COLOR_HSV2RGB) on float32 images (hue in degrees, the same
convention as this problem), plus exact hand-computed pixels and the round trip.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from skimage import color

from cvlab.testing import where_differs


def _rgb(max_side: int = 8):
    shape = st.tuples(st.integers(1, max_side), st.integers(1, max_side), st.just(3))
    # Values on a 1/255 grid, like real 8-bit images, plus exact greys and zeros.
    return hnp.arrays(np.int64, shape, elements=st.integers(0, 255)).map(lambda a: a / 255.0)


def _hue_diff(a, b):
    d = np.abs(a - b) % 360.0
    return np.minimum(d, 360.0 - d)


@pytest.mark.region("to_hsv")
def test_to_hsv_worked_example(lab):
    """The README example: red, an azure, a grey and a rose pixel."""
    px = np.array([[1.0, 0.0, 0.0], [0.0, 0.5, 1.0], [0.5, 0.5, 0.5], [1.0, 0.0, 0.5]])
    got = np.asarray(lab.to_hsv(px))
    want = np.array([[0.0, 1.0, 1.0], [210.0, 1.0, 1.0], [0.0, 0.0, 0.5], [330.0, 1.0, 1.0]])
    assert got.shape == (4, 3), f"to_hsv(rgb (4, 3)) returned shape {got.shape}, expected (4, 3)"
    assert np.allclose(got, want, atol=1e-9), (
        f"to_hsv returned\n{got}\nexpected\n{want}\n(H in degrees; a red-max pixel with G < B needs the mod 6 "
        f"so its hue is 330, not -30)"
    )


@pytest.mark.region("to_hsv")
@given(_rgb())
def test_to_hsv_matches_skimage(lab, rgb):
    """Random 8-bit-like images: S and V equal skimage's, H equals 360 * skimage's hue (circularly)."""
    got = np.asarray(lab.to_hsv(rgb))
    ref = color.rgb2hsv(rgb)
    assert got.shape == rgb.shape, f"to_hsv(rgb {rgb.shape}) returned shape {got.shape}"
    assert np.allclose(got[..., 1:], ref[..., 1:], atol=1e-9), (
        f"S or V differ from skimage{where_differs(got[..., 1:], ref[..., 1:])}"
    )
    chroma = rgb.max(-1) - rgb.min(-1)
    coloured = chroma > 0
    dh = _hue_diff(got[..., 0], 360.0 * ref[..., 0])[coloured]
    assert dh.size == 0 or dh.max() < 1e-6, f"hue differs from 360 * skimage hue by up to {dh.max():.4g} degrees"
    h = got[..., 0]
    assert np.all((h >= 0) & (h < 360)), f"hue out of [0, 360): min {h.min()}, max {h.max()}"


@pytest.mark.region("to_hsv")
def test_to_hsv_matches_opencv_float(lab):
    """A smooth colour ramp image: equal to cv2.cvtColor(float32, COLOR_RGB2HSV) to float32 precision."""
    yy, xx = np.mgrid[0:16, 0:16] / 15.0
    rgb = np.stack([xx, yy, 1 - xx * yy], axis=-1)
    got = np.asarray(lab.to_hsv(rgb))
    ref = cv2.cvtColor(rgb.astype(np.float32), cv2.COLOR_RGB2HSV).astype(np.float64)
    dh = _hue_diff(got[..., 0], ref[..., 0])
    assert dh.max() < 1e-2, f"hue differs from cv2 by up to {dh.max():.4g} degrees"
    assert np.allclose(got[..., 1:], ref[..., 1:], atol=1e-5), "S or V differ from cv2"


@pytest.mark.region("to_hsv")
def test_to_hsv_grey_and_black(lab):
    """Greys (including black) have H = 0 and S = 0, never NaN."""
    greys = np.array([[0.0, 0.0, 0.0], [0.25, 0.25, 0.25], [1.0, 1.0, 1.0]])
    got = np.asarray(lab.to_hsv(greys))
    assert not np.isnan(got).any(), f"to_hsv(greys) contains NaN: {got.tolist()} (guard C / V and (...)/C against 0)"
    want = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.25], [0.0, 0.0, 1.0]])
    assert np.allclose(got, want), f"to_hsv(greys) = {got.tolist()}, expected {want.tolist()}"


@pytest.mark.region("to_hsv")
def test_to_hsv_shapes_and_errors(lab):
    """A single pixel (3,) and an empty (0, 3) array keep their shape; a last axis of 4 raises ValueError."""
    assert np.asarray(lab.to_hsv(np.array([0.0, 1.0, 0.0]))).shape == (3,), "a single pixel (3,) must give (3,)"
    assert np.allclose(lab.to_hsv(np.array([0.0, 1.0, 0.0])), [120.0, 1.0, 1.0]), "pure green must be (120, 1, 1)"
    assert np.asarray(lab.to_hsv(np.zeros((0, 3)))).shape == (0, 3), "an empty (0, 3) input must give (0, 3)"
    with pytest.raises(ValueError):
        lab.to_hsv(np.zeros((2, 4)))


@pytest.mark.region("to_rgb")
def test_to_rgb_worked_example(lab):
    """HSV (210, 1, 1) is (0, 0.5, 1); a hue of -30 or 690 degrees wraps to 330; S = 0 is grey."""
    hsv = np.array([[210.0, 1.0, 1.0], [-30.0, 1.0, 1.0], [690.0, 1.0, 1.0], [77.0, 0.0, 0.4]])
    got = np.asarray(lab.to_rgb(hsv))
    want = np.array([[0.0, 0.5, 1.0], [1.0, 0.0, 0.5], [1.0, 0.0, 0.5], [0.4, 0.4, 0.4]])
    assert np.allclose(got, want, atol=1e-9), f"to_rgb returned\n{got}\nexpected\n{want}"


@pytest.mark.region("to_rgb")
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 8), st.integers(1, 8), st.just(3)),
        elements=st.floats(0.0, 1.0, allow_nan=False),
    )
)
def test_to_rgb_matches_skimage(lab, unit):
    """Random HSV images: equal to skimage.color.hsv2rgb with hue rescaled from degrees to [0, 1)."""
    hsv = unit.copy()
    hsv[..., 0] = np.minimum(unit[..., 0], 0.999999) * 360.0
    got = np.asarray(lab.to_rgb(hsv))
    ref = color.hsv2rgb(np.stack([hsv[..., 0] / 360.0, hsv[..., 1], hsv[..., 2]], axis=-1))
    assert got.shape == hsv.shape, f"to_rgb(hsv {hsv.shape}) returned shape {got.shape}"
    assert np.allclose(got, ref, atol=1e-9), (
        f"differs from skimage.hsv2rgb{where_differs(np.round(got, 9), np.round(ref, 9))}"
    )


@pytest.mark.region("to_rgb")
def test_to_rgb_matches_opencv_float(lab):
    """A hue sweep at several S, V: equal to cv2.cvtColor(float32, COLOR_HSV2RGB)."""
    h, s = np.meshgrid(np.linspace(0, 359, 37), np.linspace(0, 1, 5))
    hsv = np.stack([h, s, np.full_like(h, 0.8)], axis=-1)
    got = np.asarray(lab.to_rgb(hsv))
    ref = cv2.cvtColor(hsv.astype(np.float32), cv2.COLOR_HSV2RGB).astype(np.float64)
    assert np.allclose(got, ref, atol=1e-5), f"differs from cv2 HSV2RGB by up to {np.abs(got - ref).max():.3g}"


@pytest.mark.region("to_rgb", needs=["to_hsv"])
@given(_rgb())
def test_round_trip(lab, rgb):
    """to_rgb(to_hsv(x)) gives back x for any RGB image in [0, 1]."""
    back = np.asarray(lab.to_rgb(lab.to_hsv(rgb)))
    err = np.abs(back - rgb).max()
    assert err < 1e-9, f"round trip error {err:.3g}{where_differs(np.round(back, 9), np.round(rgb, 9))}"


@pytest.mark.region("to_rgb")
def test_to_rgb_bad_shape_raises(lab):
    """A last axis of 2 raises ValueError."""
    with pytest.raises(ValueError):
        lab.to_rgb(np.zeros((3, 2)))
