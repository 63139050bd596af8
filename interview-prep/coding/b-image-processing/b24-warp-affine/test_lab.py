"""Grader for b24 - warpAffine by inverse mapping.

References: scipy.ndimage.affine_transform(order=1, mode='grid-constant') (float64, exact
bilinear with the constant read for out-of-image neighbours) for random matrices; OpenCV
cv2.warpAffine on a real photo (OpenCV quantises source coordinates to 1/32 pixel, so the
comparison allows a small error); exact hand cases (integer shift, 90-degree rotation).
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

IMG = np.arange(12, dtype=np.float64).reshape(3, 4)


def _scipy_reference(img: np.ndarray, M: np.ndarray, out_h: int, out_w: int, cval: float) -> np.ndarray:
    A_inv = np.linalg.inv(M[:, :2])
    swap = np.array([[0, 1], [1, 0]])
    mat = swap @ A_inv @ swap  # (row, col) version of the inverse map
    offset = -(swap @ A_inv @ M[:, 2])
    chans = [img] if img.ndim == 2 else [img[..., c] for c in range(img.shape[2])]
    out = [
        ndi.affine_transform(
            c, mat, offset=offset, output_shape=(out_h, out_w), order=1, mode="grid-constant", cval=cval
        )
        for c in chans
    ]
    return out[0] if img.ndim == 2 else np.stack(out, axis=-1)


def _affine():
    ang = st.floats(-np.pi, np.pi)
    scale = st.floats(0.5, 2.0)
    shear = st.floats(-0.5, 0.5)
    shift = st.floats(-8, 8)
    return st.tuples(ang, scale, scale, shear, shift, shift).map(
        lambda p: np.hstack(
            [
                np.array([[np.cos(p[0]), -np.sin(p[0])], [np.sin(p[0]), np.cos(p[0])]])
                @ np.array([[p[1], p[3]], [0.0, p[2]]]),
                [[p[4]], [p[5]]],
            ]
        )
    )


@pytest.mark.region("solve")
def test_subpixel_shift_example(lab):
    """The README example: shifting right by 1 and down by 0.5 blends rows and reads the border value at the edges."""
    M = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.5]])
    got = np.asarray(lab.warp_affine(IMG, M, 3, 4, -1.0))
    want = np.array([[-1, -0.5, 0, 0.5], [-1, 2, 3, 4], [-1, 6, 7, 8]])
    assert got.shape == (3, 4), f"shape {got.shape}, expected (3, 4)"
    assert np.allclose(got, want), f"warp_affine(IMG, shift (1, 0.5), border -1) gave\n{got}\nexpected\n{want}"


@pytest.mark.region("solve")
def test_rotation_by_90_degrees_is_exact(lab):
    """M maps (x, y) -> (y, W-1-x): a 90-degree turn with integer coordinates equals np.rot90 exactly."""
    img = np.random.default_rng(0).normal(size=(5, 7))
    h, w = img.shape
    M = np.array([[0.0, 1.0, 0.0], [-1.0, 0.0, w - 1.0]])
    got = np.asarray(lab.warp_affine(img, M, w, h))
    want = np.rot90(img)
    assert np.allclose(got, want), f"90-degree rotation: {where_differs(got, want)} (is M used forward, then inverted?)"


@pytest.mark.region("solve")
@given(
    img=st.tuples(st.integers(1, 12), st.integers(1, 12), st.sampled_from([None, 2])).flatmap(
        lambda s: hnp.arrays(np.float64, s[:2] if s[2] is None else s, elements=st.integers(0, 99).map(float))
    ),
    M=_affine(),
    out=st.tuples(st.integers(1, 14), st.integers(1, 14)),
    cval=st.sampled_from([0.0, 7.5]),
)
def test_matches_scipy_affine_transform(lab, img, M, out, cval):
    """Random rotations / scales / shears / shifts: equals scipy affine_transform (order 1, grid-constant) to 1e-6."""
    got = np.asarray(lab.warp_affine(img, M, out[0], out[1], cval))
    ref = _scipy_reference(img, M, out[0], out[1], cval)
    assert got.shape == ref.shape, f"shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-6), f"M=\n{M}\nimage {img.shape}, border {cval}: {where_differs(got, ref)}"


@pytest.mark.region("solve")
def test_real_photo_matches_opencv(lab):
    """camera rotated 30 degrees, scaled 0.8 and shifted: agrees with cv2.warpAffine (1/32-pixel quantisation allowed)."""
    img = data.skimage_image("camera")[::2, ::2].astype(np.float32)  # 256 x 256 keeps the test fast
    M = cv2.getRotationMatrix2D((120.0, 130.0), 30.0, 0.8)
    M[:, 2] += (10.0, -5.0)
    got = np.asarray(lab.warp_affine(img, M, 240, 270, 0.0))
    ref = cv2.warpAffine(img, M, (270, 240), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    err = np.abs(got - ref)
    assert got.shape == ref.shape, f"shape {got.shape}, expected {ref.shape} (out_h, out_w) = (240, 270)"
    assert err.mean() < 0.5 and np.percentile(err, 99) < 5, (
        f"camera warp: mean |diff| to cv2.warpAffine {err.mean():.3f}, 99th percentile {np.percentile(err, 99):.2f}; "
        "expected < 0.5 and < 5 grey levels"
    )


@pytest.mark.region("solve")
def test_identity_and_bad_input(lab):
    """The identity matrix returns the image; a singular matrix, a 3x3 matrix, or zero size raise ValueError."""
    got = np.asarray(lab.warp_affine(IMG, np.eye(2, 3), 3, 4))
    assert np.allclose(got, IMG), f"identity warp changed the image: {where_differs(got, IMG)}"
    for M, size in [
        (np.array([[1.0, 2.0, 0.0], [2.0, 4.0, 0.0]]), (3, 4)),
        (np.eye(3), (3, 4)),
        (np.eye(2, 3), (0, 4)),
    ]:
        with pytest.raises(ValueError):
            lab.warp_affine(IMG, M, *size)
