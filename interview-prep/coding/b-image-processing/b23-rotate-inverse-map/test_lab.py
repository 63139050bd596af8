"""Grader for b23 - rotation by inverse mapping.

References: np.rot90 / flips for multiples of 90 degrees (exact); scipy.ndimage.affine_transform
(order=1, mode='grid-constant') with the rotation written as its inverse map, for random
angles (float64, exact); cv2.getRotationMatrix2D + cv2.warpAffine on a real photo (OpenCV
quantises coordinates to 1/32 pixel, so a small error is allowed).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import ndimage as ndi

from cvlab import data
from cvlab.testing import where_differs


def _scipy_reference(img: np.ndarray, angle_deg: float, fill: float) -> np.ndarray:
    h, w = img.shape[:2]
    th = np.deg2rad(angle_deg)
    c, s = np.cos(th), np.sin(th)
    # source (row, col) = Rt_rc @ (dst - centre) + centre, with the x/y inverse map rewritten in (row, col)
    mat = np.array([[c, s], [-s, c]])
    centre = np.array([(h - 1) / 2, (w - 1) / 2])
    offset = centre - mat @ centre
    chans = [img] if img.ndim == 2 else [img[..., k] for k in range(img.shape[2])]
    out = [ndi.affine_transform(ch, mat, offset=offset, order=1, mode="grid-constant", cval=fill) for ch in chans]
    return out[0] if img.ndim == 2 else np.stack(out, axis=-1)


@pytest.mark.region("solve")
def test_quarter_turn_example(lab):
    """The README example: rotating the 3x3 ramp by +90 degrees is np.rot90 (counter-clockwise)."""
    img = np.arange(9, dtype=np.float64).reshape(3, 3)
    got = np.asarray(lab.rotate(img, 90))
    want = np.array([[2.0, 5, 8], [1, 4, 7], [0, 3, 6]])
    assert np.allclose(got, want, atol=1e-9), f"rotate(arange(9).reshape(3, 3), 90) gave\n{got}\nexpected\n{want}"


@pytest.mark.region("solve")
@pytest.mark.parametrize("shape", [(6, 6), (7, 7), (4, 4, 3)])
def test_multiples_of_90_degrees(lab, shape):
    """Square images: 90 / 180 / 270 / -90 degrees equal np.rot90 with k = 1, 2, 3, -1 (centre (W-1)/2, (H-1)/2)."""
    img = np.random.default_rng(1).normal(size=shape)
    for angle, k in [(90, 1), (180, 2), (270, 3), (-90, -1)]:
        got = np.asarray(lab.rotate(img, angle))
        want = np.rot90(img, k)
        assert np.allclose(got, want, atol=1e-9), f"{shape} by {angle} deg: {where_differs(got, want)}"


@pytest.mark.region("solve")
def test_half_turn_of_non_square_image(lab):
    """A 5x8 image turned by 180 degrees is flipped both ways, with nothing cut off."""
    img = np.random.default_rng(2).normal(size=(5, 8))
    got = np.asarray(lab.rotate(img, 180, fill=-99))
    assert np.allclose(got, img[::-1, ::-1], atol=1e-9), f"180 degrees: {where_differs(got, img[::-1, ::-1])}"


@pytest.mark.region("solve")
@given(
    img=st.tuples(st.integers(1, 12), st.integers(1, 12), st.sampled_from([None, 2])).flatmap(
        lambda s: hnp.arrays(np.float64, s[:2] if s[2] is None else s, elements=st.integers(0, 99).map(float))
    ),
    angle=st.floats(-360, 360),
    fill=st.sampled_from([0.0, -5.0]),
)
def test_matches_scipy_affine_transform(lab, img, angle, fill):
    """Random images and angles: equals scipy affine_transform (order 1, grid-constant) to 1e-6."""
    got = np.asarray(lab.rotate(img, angle, fill))
    ref = _scipy_reference(img, angle, fill)
    assert got.shape == img.shape, f"rotate kept shape {img.shape}? got {got.shape}"
    assert np.allclose(got, ref, atol=1e-6), f"image {img.shape}, angle {angle}, fill {fill}: {where_differs(got, ref)}"


@pytest.mark.region("solve")
def test_real_photo_matches_opencv(lab):
    """camera (256x256 crop) by 33 degrees agrees with getRotationMatrix2D + warpAffine (1/32-px quantisation)."""
    img = data.skimage_image("camera")[100:356, 150:406].astype(np.float32)
    h, w = img.shape
    M = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), 33.0, 1.0)
    ref = cv2.warpAffine(img, M, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    got = np.asarray(lab.rotate(img, 33.0))
    err = np.abs(got - ref)
    assert err.mean() < 0.5 and np.percentile(err, 99) < 5, (
        f"camera by 33 deg: mean |diff| to cv2 {err.mean():.3f}, 99th percentile {np.percentile(err, 99):.2f}; "
        "expected < 0.5 and < 5 grey levels (is the rotation counter-clockwise about ((W-1)/2, (H-1)/2)?)"
    )


@pytest.mark.region("solve")
def test_identity_and_bad_input(lab):
    """0 and 360 degrees return the image; a 1-D or empty image raises ValueError."""
    img = np.random.default_rng(3).normal(size=(4, 6))
    for angle in (0, 360):
        got = np.asarray(lab.rotate(img, angle))
        assert np.allclose(got, img, atol=1e-9), f"rotate by {angle}: {where_differs(got, img)}"
    for bad in (np.zeros(5), np.zeros((0, 3))):
        with pytest.raises(ValueError):
            lab.rotate(bad, 10)
