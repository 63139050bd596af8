"""Grader for b28 - template matching with SSD and NCC.

Reference: cv2.matchTemplate on float32 input with TM_SQDIFF and TM_CCOEFF_NORMED (OpenCV
also scores flat windows 0 for the normalised method); a direct per-placement computation
written here for exact small cases; invariances (NCC ignores brightness offset and contrast
gain) and the flat-patch edge case.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab import data
from cvlab.testing import where_differs

IMAGE = np.array([[0, 0, 0, 0, 0], [0, 1, 2, 0, 0], [0, 3, 4, 0, 0], [0, 0, 0, 5, 5]], dtype=float)
TEMPLATE = np.array([[1.0, 2.0], [3.0, 4.0]])


def _pairs(levels: int):
    """An integer image (levels small -> many flat windows) and a template that fits inside it."""
    return st.tuples(st.integers(1, 12), st.integers(1, 12)).flatmap(
        lambda s: st.tuples(
            hnp.arrays(np.float32, s, elements=st.integers(0, levels).map(float)),
            st.integers(1, s[0]).flatmap(
                lambda th: st.integers(1, s[1]).flatmap(
                    lambda tw: hnp.arrays(np.float32, (th, tw), elements=st.integers(0, levels).map(float))
                )
            ),
        )
    )


# ---------------------------------------------------------------- ssd


@pytest.mark.region("ssd")
def test_ssd_example(lab):
    """README example: the template's exact copy at (1, 1) scores 0; the map has shape (H-h+1, W-w+1)."""
    got = np.asarray(lab.ssd_map(IMAGE, TEMPLATE))
    want = np.array([[23.0, 13, 22, 30], [12, 0, 22, 30], [27, 33, 23, 10]])
    assert got.shape == (3, 4), f"ssd_map of a 4x5 image and 2x2 template has shape {got.shape}, expected (3, 4)"
    assert np.allclose(got, want), f"ssd_map gave\n{got}\nexpected\n{want}"


@pytest.mark.region("ssd")
@given(_pairs(255))
def test_ssd_matches_opencv(lab, pair):
    """Random images and templates of any fitting size: equals cv2 TM_SQDIFF (float32) to 1e-5 relative."""
    img, tpl = pair
    got = np.asarray(lab.ssd_map(img, tpl))
    ref = cv2.matchTemplate(img, tpl, cv2.TM_SQDIFF).astype(np.float64)
    assert got.shape == ref.shape, f"image {img.shape}, template {tpl.shape}: shape {got.shape}, expected {ref.shape}"
    scale = 1e-5 * (tpl.size * 255.0**2)
    assert np.allclose(got, ref, atol=scale), f"image {img.shape}, template {tpl.shape}: {where_differs(got, ref)}"
    assert (got >= 0).all(), "SSD must never be negative (clamp the expansion at 0)"


@pytest.mark.region("ssd")
def test_ssd_finds_patch_in_photo(lab):
    """An 11x9 patch cut from 'camera' (128x128) at (70, 40): the SSD minimum is exactly there, with value 0."""
    img = data.skimage_image("camera")[::4, ::4]
    tpl = img[70:81, 40:49]
    got = np.asarray(lab.ssd_map(img, tpl))
    pos = np.unravel_index(np.argmin(got), got.shape)
    assert pos == (70, 40), f"argmin of the SSD map is {pos}, expected (70, 40)"
    assert got[70, 40] < 1e-6, f"SSD at the true position is {got[70, 40]}, expected 0 (convert uint8 to float first)"


@pytest.mark.region("ssd")
def test_ssd_bad_input(lab):
    """A template larger than the image, an empty template or 3-D input raise ValueError."""
    for img, tpl in [
        (np.zeros((3, 3)), np.zeros((4, 1))),
        (np.zeros((3, 3)), np.zeros((0, 2))),
        (np.zeros((3, 3, 3)), np.zeros((1, 1))),
    ]:
        with pytest.raises(ValueError):
            lab.ssd_map(img, tpl)


# ---------------------------------------------------------------- ncc


@pytest.mark.region("ncc")
def test_ncc_example_with_flat_windows(lab):
    """README example: 1 at the exact copy, 0 on all-zero (flat) windows, values in [-1, 1]."""
    got = np.asarray(lab.ncc_map(IMAGE, TEMPLATE))
    want = np.array([[0.775, 0.944, 0.258, 0.0], [0.730, 1.0, -0.135, 0.0], [-0.258, -0.814, 0.147, 0.894]])
    assert got.shape == (3, 4), f"shape {got.shape}, expected (3, 4)"
    assert np.allclose(got, want, atol=1e-3), f"ncc_map gave\n{got.round(3)}\nexpected\n{want}"


@pytest.mark.region("ncc")
@given(_pairs(3))
def test_ncc_matches_opencv(lab, pair):
    """Random low-contrast images (many flat windows): equals cv2 TM_CCOEFF_NORMED to 1e-4 (non-flat templates)."""
    img, tpl = pair
    assume(tpl.std() > 0)  # OpenCV returns 1 everywhere for a flat template; this problem specifies 0 (tested below)
    got = np.asarray(lab.ncc_map(img, tpl))
    ref = cv2.matchTemplate(img, tpl, cv2.TM_CCOEFF_NORMED).astype(np.float64)
    assert got.shape == ref.shape, f"image {img.shape}, template {tpl.shape}: shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-4), f"image=\n{img}\ntemplate=\n{tpl}\n{where_differs(got, ref)}"
    assert -1 - 1e-12 <= got.min() and got.max() <= 1 + 1e-12, (
        f"image=\n{img}\ntemplate=\n{tpl}\nNCC ranges over [{got.min()!r}, {got.max()!r}], must stay within [-1, 1]"
    )


@pytest.mark.region("ncc")
def test_ncc_is_invariant_to_gain_and_offset(lab):
    """Under a lighting change 0.5 * I + 40 the NCC map is unchanged and still peaks at the true position."""
    img = data.skimage_image("camera")[::2, ::2].astype(np.float64)
    tpl = img[60:85, 100:120].copy()
    base = np.asarray(lab.ncc_map(img, tpl))
    lit = np.asarray(lab.ncc_map(0.5 * img + 40.0, tpl))
    for name, m in (("original", base), ("relit", lit)):
        assert -1 - 1e-12 <= m.min() and m.max() <= 1 + 1e-12, (
            f"{name} photo: NCC ranges over [{m.min()!r}, {m.max()!r}], must stay within [-1, 1] "
            "(round-off in the window sums can push |NCC| past 1: clip)"
        )
    assert np.allclose(base, lit, atol=1e-6), f"NCC changed under I -> 0.5 I + 40: {where_differs(lit, base)}"
    pos = np.unravel_index(np.argmax(lit), lit.shape)
    assert pos == (60, 100) and abs(lit[pos] - 1) < 1e-9, f"NCC peak at {pos} = {lit[pos]}, expected 1 at (60, 100)"


@pytest.mark.region("ncc")
def test_ncc_flat_template_and_bad_input(lab):
    """A constant template scores 0 everywhere (no NaN; OpenCV would say 1); bad shapes raise ValueError."""
    img = np.random.default_rng(0).uniform(0, 255, size=(10, 12))
    got = np.asarray(lab.ncc_map(img, np.full((3, 4), 9.0)))
    assert np.all(got == 0), f"flat template: got values {np.unique(got)[:5]}, expected all 0 (and never NaN)"
    with pytest.raises(ValueError):
        lab.ncc_map(np.zeros((3, 3)), np.zeros((2, 4)))


@pytest.mark.region("ncc")
@pytest.mark.parametrize("y, x", [(60, 100), (30, 40), (90, 150), (200, 60)])
def test_ncc_stays_in_range_with_large_offset(lab, y, x):
    """Pixel values near 1e6 (a camera photo on a large offset): running sums of I and I^2 cancel badly, yet NCC
    must stay within [-1, 1] (clip the ratio) and still peak, at about 1, at the template's true position."""
    img = 0.5 * data.skimage_image("camera")[::2, ::2].astype(np.float64) + 1e6
    tpl = img[y : y + 25, x : x + 20].copy()
    got = np.asarray(lab.ncc_map(img, tpl))
    assert -1 - 1e-12 <= got.min() and got.max() <= 1 + 1e-12, (
        f"template at ({y}, {x}): NCC ranges over [{got.min()!r}, {got.max()!r}], must stay within [-1, 1] "
        "(round-off in the window sums can push |NCC| past 1: clip)"
    )
    pos = np.unravel_index(np.argmax(got), got.shape)
    assert pos == (y, x) and abs(got[pos] - 1) < 1e-4, f"NCC peak at {pos} = {got[pos]}, expected 1 at ({y}, {x})"
