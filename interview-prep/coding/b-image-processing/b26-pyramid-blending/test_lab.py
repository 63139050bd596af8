"""Grader for b26 - Gaussian/Laplacian pyramids and blending.

References: cv2.pyrDown / cv2.pyrUp (float32 and float64, any size, odd output sizes
included) for the two pyramid steps; a Laplacian-pyramid blend written here with cv2's
functions for the blend; exact properties: collapse(laplacian_pyramid(x)) == x, a mask of
ones returns a, levels = 1 is plain alpha blending.
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


def _images(dtype=np.float32, max_side=16):
    return st.tuples(st.integers(1, max_side), st.integers(1, max_side), st.sampled_from([None, 3])).flatmap(
        lambda s: hnp.arrays(dtype, s[:2] if s[2] is None else s, elements=st.integers(0, 255).map(float))
    )


def _cv_blend(a: np.ndarray, b: np.ndarray, mask: np.ndarray, levels: int) -> np.ndarray:
    def lap(x):
        g, out = x, []
        for _ in range(levels - 1):
            s = cv2.pyrDown(g)
            out.append(g - cv2.pyrUp(s, dstsize=(g.shape[1], g.shape[0])))
            g = s
        return out + [g]

    la, lb, gm = lap(a), lap(b), [mask]
    for _ in range(levels - 1):
        gm.append(cv2.pyrDown(gm[-1]))
    mix = [
        (m[..., None] if a.ndim == 3 else m) * x + (1 - (m[..., None] if a.ndim == 3 else m)) * y
        for m, x, y in zip(gm, la, lb)
    ]
    out = mix[-1]
    for d in reversed(mix[:-1]):
        out = cv2.pyrUp(out, dstsize=(d.shape[1], d.shape[0])) + d
    return out


# ---------------------------------------------------------------- pyr_down


@pytest.mark.region("pyr_down")
def test_pyr_down_impulse_example(lab):
    """README example: a 16 at the centre of a 5x5 image becomes the 3x3 outer product of (1, 3, 1)/4 times 16/16."""
    x = np.zeros((5, 5))
    x[2, 2] = 16.0
    got = np.asarray(lab.pyr_down(x))
    want = np.array([[0.25, 0.75, 0.25], [0.75, 2.25, 0.75], [0.25, 0.75, 0.25]])
    assert got.shape == (3, 3), f"pyr_down of 5x5 returned shape {got.shape}, expected (3, 3) = ((H+1)//2, (W+1)//2)"
    assert np.allclose(got, want), f"pyr_down(impulse) gave\n{got}\nexpected\n{want}"


@pytest.mark.region("pyr_down")
@given(_images())
def test_pyr_down_matches_opencv(lab, img):
    """Random grey / colour images of any size (odd, 1-pixel): equals cv2.pyrDown to 1e-3."""
    got = np.asarray(lab.pyr_down(img))
    ref = cv2.pyrDown(img).astype(np.float64)
    if img.ndim == 3 and ref.ndim == 2:
        ref = ref[:, :, None]
    assert got.shape == ref.shape, f"pyr_down of {img.shape}: shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-3), f"pyr_down of {img.shape}: {where_differs(got, ref)}"


# ---------------------------------------------------------------- pyr_up


@pytest.mark.region("pyr_up")
def test_pyr_up_keeps_brightness(lab):
    """pyr_up of a constant image is the same constant (the kernel is [1, 4, 6, 4, 1]/8 per axis, not /16)."""
    got = np.asarray(lab.pyr_up(np.full((3, 4), 4.0), 6, 8))
    assert np.allclose(got, 4.0), f"pyr_up(constant 4, 6, 8) gave\n{got}\nexpected all 4"


@pytest.mark.region("pyr_up")
@given(img=_images(max_side=10), odd_h=st.booleans(), odd_w=st.booleans())
def test_pyr_up_matches_opencv(lab, img, odd_h, odd_w):
    """Random images, outputs 2h or 2h-1 by 2w or 2w-1: equals cv2.pyrUp(dstsize=...) to 1e-3."""
    h, w = img.shape[:2]
    out_h, out_w = 2 * h - (odd_h and h > 1), 2 * w - (odd_w and w > 1)
    got = np.asarray(lab.pyr_up(img, out_h, out_w))
    ref = cv2.pyrUp(img, dstsize=(out_w, out_h)).astype(np.float64)
    if img.ndim == 3 and ref.ndim == 2:
        ref = ref[:, :, None]
    assert got.shape == ref.shape, (
        f"pyr_up of {img.shape} to ({out_h}, {out_w}): shape {got.shape}, expected {ref.shape}"
    )
    assert np.allclose(got, ref, atol=1e-3), f"pyr_up of {img.shape} to ({out_h}, {out_w}): {where_differs(got, ref)}"


@pytest.mark.region("pyr_up")
def test_pyr_up_bad_size_raises(lab):
    """An output size other than 2h or 2h-1 (by 2w or 2w-1) raises ValueError."""
    with pytest.raises(ValueError):
        lab.pyr_up(np.zeros((3, 3)), 7, 6)
    with pytest.raises(ValueError):
        lab.pyr_up(np.zeros((3, 3)), 6, 4)


@pytest.mark.region("pyr_up", needs=["pyr_down"])
@given(img=_images(np.float64), levels=st.integers(1, 5))
def test_laplacian_pyramid_reconstructs_exactly(lab, img, levels):
    """collapse(laplacian_pyramid(x, levels)) == x to 1e-9, for any size and number of levels."""
    pyr = lab.laplacian_pyramid(img, levels)
    assert len(pyr) == levels, f"{levels} levels requested, got {len(pyr)}"
    got = np.asarray(lab.collapse(pyr))
    assert np.allclose(got, img, atol=1e-9), (
        f"reconstruction of {img.shape} with {levels} levels: {where_differs(got, img)}"
    )


# ---------------------------------------------------------------- blend


@pytest.mark.region("blend", needs=["pyr_down", "pyr_up"])
def test_blend_of_real_photos_matches_reference(lab):
    """camera and a grey astronaut (128x128), left/right mask, 4 levels: equals the same blend built on cv2 to 1e-6."""
    a = data.skimage_image("camera")[::4, ::4].astype(np.float64)
    b = cv2.cvtColor(data.skimage_image("astronaut"), cv2.COLOR_RGB2GRAY)[::4, ::4].astype(np.float64)
    mask = np.zeros(a.shape)
    mask[:, :64] = 1.0
    got = np.asarray(lab.pyramid_blend(a, b, mask, 4))
    ref = _cv_blend(a, b, mask, 4)
    assert got.shape == ref.shape, f"shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-6), f"camera|astronaut blend: {where_differs(got, ref)}"


@pytest.mark.region("blend", needs=["pyr_down", "pyr_up"])
@given(a=_images(np.float64, 12), levels=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_blend_matches_reference_on_random_inputs(lab, a, levels, seed):
    """Random images, soft random masks and level counts (colour too): equals the cv2-built blend to 1e-6."""
    rng = np.random.default_rng(seed)
    b = rng.uniform(0, 255, a.shape)
    mask = rng.uniform(0, 1, a.shape[:2])
    got = np.asarray(lab.pyramid_blend(a, b, mask, levels))
    ref = _cv_blend(a, b, mask, levels)
    assert np.allclose(got, ref, atol=1e-6), f"{a.shape}, {levels} levels: {where_differs(got, ref)}"


@pytest.mark.region("blend", needs=["pyr_down", "pyr_up"])
def test_blend_limits_and_bad_input(lab):
    """levels=1 is alpha blending; a mask of ones returns a; mismatched shapes or levels=0 raise ValueError."""
    rng = np.random.default_rng(0)
    a, b, mask = rng.normal(size=(9, 7)), rng.normal(size=(9, 7)), rng.uniform(size=(9, 7))
    got = np.asarray(lab.pyramid_blend(a, b, mask, 1))
    assert np.allclose(got, mask * a + (1 - mask) * b), "levels=1 must be mask * a + (1 - mask) * b"
    got = np.asarray(lab.pyramid_blend(a, b, np.ones((9, 7)), 4))
    assert np.allclose(got, a, atol=1e-9), f"a mask of ones must return a: {where_differs(got, a)}"
    for args in [(a, b[:, :6], mask, 3), (a, b, mask[:8], 3), (a, b, mask, 0)]:
        with pytest.raises(ValueError):
            lab.pyramid_blend(*args)
