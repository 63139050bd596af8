"""Grader for b21 - bilinear resize with align_corners.

References: cv2.resize(INTER_LINEAR) on float32 input for align_corners=False (OpenCV's
half-pixel mapping with edge replication is torch's align_corners=False, antialias=False);
scipy.ndimage.map_coordinates(order=1) sampled at d·(n-1)/(m-1) for align_corners=True.
Plus exact hand cases, linear-ramp reproduction, channels and bad input.
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

IMG = np.array([[0.0, 10.0], [20.0, 30.0]])


def _images():
    return st.tuples(st.integers(1, 16), st.integers(1, 16), st.sampled_from([None, 3])).flatmap(
        lambda s: hnp.arrays(np.float32, s[:2] if s[2] is None else s, elements=st.integers(0, 255).map(float))
    )


def _aligned_reference(img: np.ndarray, out_h: int, out_w: int) -> np.ndarray:
    ys = np.arange(out_h) * ((img.shape[0] - 1) / (out_h - 1)) if out_h > 1 else np.zeros(1)
    xs = np.arange(out_w) * ((img.shape[1] - 1) / (out_w - 1)) if out_w > 1 else np.zeros(1)
    yy, xx = np.meshgrid(ys, xs, indexing="ij")
    chans = [img] if img.ndim == 2 else [img[..., c] for c in range(img.shape[2])]
    out = [ndi.map_coordinates(c.astype(np.float64), [yy, xx], order=1, mode="nearest") for c in chans]
    return out[0] if img.ndim == 2 else np.stack(out, axis=-1)


@pytest.mark.region("solve")
def test_half_pixel_example(lab):
    """README example 1: 2x2 -> 4x4 with align_corners=False; corners replicate, inner values at 1/4, 3/4."""
    got = np.asarray(lab.resize_bilinear(IMG, 4, 4))
    want = np.array([[0, 2.5, 7.5, 10], [5, 7.5, 12.5, 15], [15, 17.5, 22.5, 25], [20, 22.5, 27.5, 30]])
    assert got.shape == (4, 4), f"shape {got.shape}, expected (4, 4)"
    assert np.allclose(got, want), f"resize_bilinear(IMG, 4, 4) gave\n{got}\nexpected\n{want}"


@pytest.mark.region("solve")
def test_align_corners_example(lab):
    """README example 2: 2x2 -> 3x3 with align_corners=True keeps the corners and puts the mean in the middle."""
    got = np.asarray(lab.resize_bilinear(IMG, 3, 3, align_corners=True))
    want = np.array([[0, 5, 10], [10, 15, 20], [20, 25, 30]])
    assert np.allclose(got, want), f"resize_bilinear(IMG, 3, 3, align_corners=True) gave\n{got}\nexpected\n{want}"


@pytest.mark.region("solve")
@given(img=_images(), out_h=st.integers(1, 24), out_w=st.integers(1, 24))
def test_half_pixel_matches_opencv(lab, img, out_h, out_w):
    """Random grey / colour images, up and down: align_corners=False equals cv2 INTER_LINEAR (float32) to 1e-3."""
    got = np.asarray(lab.resize_bilinear(img, out_h, out_w))
    ref = cv2.resize(img, (out_w, out_h), interpolation=cv2.INTER_LINEAR).astype(np.float64)
    if img.ndim == 3 and ref.ndim == 2:
        ref = ref[:, :, None]
    assert got.shape == ref.shape, f"image {img.shape} -> ({out_h}, {out_w}): shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-3), f"image {img.shape} -> ({out_h}, {out_w}): {where_differs(got, ref)}"


@pytest.mark.region("solve")
@given(img=_images(), out_h=st.integers(1, 24), out_w=st.integers(1, 24))
def test_align_corners_matches_map_coordinates(lab, img, out_h, out_w):
    """Random images: align_corners=True equals linear interpolation at d*(n-1)/(m-1) (scipy map_coordinates)."""
    got = np.asarray(lab.resize_bilinear(img, out_h, out_w, align_corners=True))
    ref = _aligned_reference(img, out_h, out_w)
    assert got.shape == ref.shape, f"image {img.shape} -> ({out_h}, {out_w}): shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-6), (
        f"align_corners=True, {img.shape} -> ({out_h}, {out_w}): {where_differs(got, ref)}"
    )


@pytest.mark.region("solve")
def test_real_photo_and_ramp(lab):
    """camera 512x512 -> 200x333 matches cv2; a linear ramp is reproduced exactly with align_corners=True."""
    img = data.skimage_image("camera").astype(np.float32)
    got = np.asarray(lab.resize_bilinear(img, 200, 333))
    ref = cv2.resize(img, (333, 200), interpolation=cv2.INTER_LINEAR)
    assert np.allclose(got, ref, atol=1e-3), f"camera -> (200, 333): {where_differs(got, ref)}"
    ramp = np.add.outer(np.arange(5) * 2.0, np.arange(7) * 3.0)  # f(y, x) = 2y + 3x
    got = np.asarray(lab.resize_bilinear(ramp, 9, 13, align_corners=True))
    ys, xs = np.arange(9) * 4 / 8, np.arange(13) * 6 / 12
    want = np.add.outer(2 * ys, 3 * xs)
    assert np.allclose(got, want), (
        f"the ramp 2y + 3x resized with align_corners=True is not linear: {where_differs(got, want)}"
    )


@pytest.mark.region("solve")
def test_single_output_and_dtype(lab):
    """1x1 output: align_corners=True takes the top-left pixel, False the centre value; uint8 input gives float output."""
    img = np.array([[0, 10], [20, 30]], np.uint8)
    got_t = np.asarray(lab.resize_bilinear(img, 1, 1, align_corners=True))
    got_f = np.asarray(lab.resize_bilinear(img, 1, 1))
    assert np.allclose(got_t, [[0.0]]), f"align_corners=True to 1x1 gave {got_t}, expected [[0]] (u = 0 when m = 1)"
    assert np.allclose(got_f, [[15.0]]), (
        f"align_corners=False to 1x1 gave {got_f}, expected [[15]] (centre of the image)"
    )
    assert np.issubdtype(got_f.dtype, np.floating), f"dtype {got_f.dtype}: return float, do not round"


@pytest.mark.region("solve")
def test_bad_input_raises(lab):
    """Zero output size, an empty image, or a 1-D array raise ValueError."""
    for args in [(IMG, 0, 3), (IMG, 3, 0), (np.zeros((0, 3)), 2, 2), (np.zeros(5), 2, 2)]:
        with pytest.raises(ValueError):
            lab.resize_bilinear(*args)
