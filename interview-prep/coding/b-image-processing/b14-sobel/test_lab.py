"""Grader for b14 - Sobel gradient magnitude and orientation.

References: cv2.Sobel(img, CV_64F, 1, 0 / 0, 1, ksize=3) (correlation, reflect-101 borders),
np.arctan2 and cv2.cartToPolar (angles in [0, 2pi), compared circularly, to its ~1e-4 rad accuracy), exact ramps whose
Sobel response is 8 times the slope, and the zero-gradient and signed-zero cases.
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


def _cv2_sobel(img):
    img = np.asarray(img)
    return cv2.Sobel(img, cv2.CV_64F, 1, 0, ksize=3), cv2.Sobel(img, cv2.CV_64F, 0, 1, ksize=3)


@pytest.mark.region("sobel")
def test_sobel_worked_example(lab):
    """The README example: dark top, bright bottom gives gy = 32 on the edge rows and gx = 0."""
    img = np.array([[0, 0, 0, 0], [0, 0, 0, 0], [8, 8, 8, 8], [8, 8, 8, 8]], dtype=np.float64)
    gx, gy = (np.asarray(a) for a in lab.sobel_xy(img))
    want_gy = np.array([[0.0] * 4, [32.0] * 4, [32.0] * 4, [0.0] * 4])
    assert gx.shape == gy.shape == (4, 4), f"got shapes {gx.shape}, {gy.shape}, expected (4, 4)"
    assert np.allclose(gx, 0.0), f"gx should be 0 for a horizontal edge, got\n{gx}"
    assert np.allclose(gy, want_gy), (
        f"gy =\n{gy}\nexpected\n{want_gy}\n(positive: brighter downwards; a negative result means the kernel was flipped)"
    )


@pytest.mark.region("sobel")
def test_sobel_linear_ramp(lab):
    """I = 3x - 2y: inside the image gx = 8 * 3 = 24 and gy = 8 * (-2) = -16."""
    yy, xx = np.mgrid[0:8, 0:9]
    gx, gy = (np.asarray(a) for a in lab.sobel_xy(3.0 * xx - 2.0 * yy))
    assert np.allclose(gx[1:-1, 1:-1], 24.0), (
        f"interior gx should be 24, got values in [{gx[1:-1, 1:-1].min()}, {gx[1:-1, 1:-1].max()}]"
    )
    assert np.allclose(gy[1:-1, 1:-1], -16.0), (
        f"interior gy should be -16, got values in [{gy[1:-1, 1:-1].min()}, {gy[1:-1, 1:-1].max()}]"
    )


@pytest.mark.region("sobel")
@given(hnp.arrays(np.float64, st.tuples(st.integers(2, 16), st.integers(2, 16)), elements=st.floats(-1e3, 1e3)))
def test_sobel_matches_opencv(lab, img):
    """Random float images: gx and gy equal cv2.Sobel (ksize 3, reflect-101 borders)."""
    gx, gy = (np.asarray(a) for a in lab.sobel_xy(img))
    rx, ry = _cv2_sobel(img)
    assert gx.shape == rx.shape and gy.shape == ry.shape, f"image {img.shape}: got shapes {gx.shape}, {gy.shape}"
    assert np.allclose(gx, rx, atol=1e-9), (
        f"gx differs from cv2.Sobel(1, 0){where_differs(np.round(gx, 6), np.round(rx, 6))}"
    )
    assert np.allclose(gy, ry, atol=1e-9), (
        f"gy differs from cv2.Sobel(0, 1){where_differs(np.round(gy, 6), np.round(ry, 6))}"
    )


@pytest.mark.region("sobel")
def test_sobel_uint8_photo(lab):
    """The camera photo as uint8: no overflow, equal to cv2.Sobel into float64."""
    img = data.skimage_image("camera")
    gx, gy = (np.asarray(a) for a in lab.sobel_xy(img))
    rx, ry = _cv2_sobel(img)
    assert np.array_equal(gx, rx) and np.array_equal(gy, ry), f"camera: differs from cv2.Sobel{where_differs(gx, rx)}"


@pytest.mark.region("sobel")
@pytest.mark.parametrize("shape", [(1, 5), (5,), (4, 4, 3)])
def test_sobel_bad_shapes_raise(lab, shape):
    """A side shorter than 2 or a non-2-D image raises ValueError."""
    with pytest.raises(ValueError):
        lab.sobel_xy(np.zeros(shape))


@pytest.mark.region("orientation")
def test_orientation_worked_example(lab):
    """The README example: -x points to pi (not -pi), a zero gradient to 0, up is -pi/2, and a 3-4-5 vector."""
    mag, ori = lab.magnitude_orientation(np.array([-1.0, 0.0, 0.0, 3.0]), np.array([-0.0, 0.0, -2.0, 4.0]))
    mag, ori = np.asarray(mag), np.asarray(ori)
    assert np.allclose(mag, [1.0, 0.0, 2.0, 5.0]), f"magnitude = {mag}, expected [1, 0, 2, 5]"
    want = np.array([np.pi, 0.0, -np.pi / 2, np.arctan2(4.0, 3.0)])
    assert np.allclose(ori, want), (
        f"orientation = {ori}, expected {want}: arctan2(gy, gx) in (-pi, pi], 0 where the gradient is zero"
    )


@pytest.mark.region("orientation")
@given(
    hnp.arrays(np.float64, st.integers(1, 30), elements=st.floats(-1e3, 1e3)).flatmap(
        lambda a: st.tuples(st.just(a), hnp.arrays(np.float64, a.shape, elements=st.floats(-1e3, 1e3)))
    )
)
def test_orientation_matches_cart_to_polar(lab, g):
    """Random gradients: magnitude equals np.hypot, the angle equals arctan2 and cv2.cartToPolar's (mod 2pi), range (-pi, pi]."""
    gx, gy = g
    mag, ori = (np.asarray(a) for a in lab.magnitude_orientation(gx, gy))
    assert mag.shape == ori.shape == gx.shape, f"got shapes {mag.shape}, {ori.shape}, expected {gx.shape}"
    assert np.allclose(mag, np.hypot(gx, gy)), "magnitude differs from sqrt(gx^2 + gy^2)"
    bad = ~((ori > -np.pi) & (ori <= np.pi))
    assert not bad.any(), (
        f"orientation outside (-pi, pi]: got {ori[bad][0]!r} for gx = {gx[bad][0]!r}, gy = {gy[bad][0]!r}"
        " (a tiny negative gy with gx < 0 also rounds to -pi: map every -pi to pi)"
    )
    moving = mag > 1e-6
    d = np.abs(np.angle(np.exp(1j * (ori[moving] - np.arctan2(gy, gx)[moving]))))
    assert d.size == 0 or d.max() < 1e-9, f"angle differs from arctan2(gy, gx) by up to {d.max():.3g} rad"
    _, ref = cv2.cartToPolar(gx, gy)  # OpenCV's fast atan2 is accurate to about 1e-4 rad
    d = np.abs(np.angle(np.exp(1j * (ori[moving] - ref.ravel()[moving]))))
    assert d.size == 0 or d.max() < 1e-3, f"angle differs from cv2.cartToPolar by up to {d.max():.3g} rad"
    assert np.all(ori[mag == 0] == 0), "zero gradients must have orientation 0"


@pytest.mark.region("orientation", needs=["sobel"])
def test_flat_image_has_zero_orientation(lab):
    """A constant image has zero gradient everywhere, so magnitude 0 and orientation exactly 0 (no +-pi from signed zeros)."""
    gx, gy = lab.sobel_xy(np.zeros((5, 6)))
    mag, ori = (np.asarray(a) for a in lab.magnitude_orientation(gx, gy))
    assert np.all(mag == 0), "magnitude of a flat image must be 0"
    assert np.all(ori == 0), f"orientation of a flat image must be 0, got values {np.unique(ori)}"
    mag, ori = (np.asarray(a) for a in lab.magnitude_orientation(np.array([-0.0]), np.array([-0.0])))
    assert ori[0] == 0, f"arctan2(-0.0, -0.0) is -pi: got {ori[0]}, expected 0 for a zero gradient"


@pytest.mark.region("orientation")
def test_magnitude_no_overflow_and_shape_mismatch(lab):
    """Huge components do not overflow (use np.hypot); gx and gy of different shapes raise ValueError."""
    mag, _ = lab.magnitude_orientation(np.array([3e200]), np.array([4e200]))
    assert np.isfinite(mag).all() and np.isclose(mag[0], 5e200), f"got {mag}, expected [5e200] (gx**2 overflows)"
    with pytest.raises(ValueError):
        lab.magnitude_orientation(np.zeros((2, 3)), np.zeros((3, 2)))


@pytest.mark.region("orientation")
def test_tiny_negative_gy_gives_pi(lab):
    """gx < 0 with a tiny negative gy: arctan2 rounds to -pi, which must come back as pi (range (-pi, pi])."""
    gx, gy = np.array([-1.0, -5.0]), np.array([-1e-300, -1e-17])
    _, ori = (np.asarray(a) for a in lab.magnitude_orientation(gx, gy))
    assert np.all(ori == np.pi), f"gx = {gx}, gy = {gy}: orientation {ori!r}, expected [pi, pi] (map every -pi to pi)"
