"""Grader for b20 - nearest-neighbour resize (pixel-centre convention).

Reference: cv2.resize(..., interpolation=cv2.INTER_NEAREST_EXACT). Where the mapped centre
lies exactly between two input pixels (a tie: both are nearest), OpenCV's fixed-point
arithmetic picks either one, so the grader accepts either source pixel there and demands
equality everywhere else. Plus exact hand cases, identity, dtypes and bad input.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab import data


def _candidates(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper nearest source index per output position (equal unless the centre is a tie)."""
    d = np.arange(n_out)
    lo = ((2 * d + 1) * n_in - 1) // (2 * n_out)
    hi = (2 * d + 1) * n_in // (2 * n_out)
    return lo, np.minimum(hi, n_in - 1)


def _check_against_cv2(got: np.ndarray, img: np.ndarray, out_h: int, out_w: int, what: str) -> None:
    ref = cv2.resize(img, (out_w, out_h), interpolation=cv2.INTER_NEAREST_EXACT)
    if img.ndim == 3 and ref.ndim == 2:
        ref = ref[:, :, None]
    assert got.shape == ref.shape, (
        f"{what}: resize to ({out_h}, {out_w}) returned shape {got.shape}, expected {ref.shape}"
    )
    assert got.dtype == img.dtype, f"{what}: returned dtype {got.dtype}, expected {img.dtype}"
    rlo, rhi = _candidates(img.shape[0], out_h)
    clo, chi = _candidates(img.shape[1], out_w)
    ok = np.zeros(got.shape[:2], dtype=bool)
    for r in (rlo, rhi):
        for c in (clo, chi):
            cand = img[r[:, None], c[None, :]]
            ok |= (got == cand).all(axis=-1) if got.ndim == 3 else got == cand
    exact = (rlo == rhi)[:, None] & (clo == chi)[None, :]
    same = (got == ref).all(axis=-1) if got.ndim == 3 else got == ref
    bad = np.argwhere(~ok | (exact & ~same))
    assert bad.size == 0, (
        f"{what}: output pixel {tuple(bad[0])} = {got[tuple(bad[0])]} is not the nearest input pixel "
        f"(cv2.INTER_NEAREST_EXACT gives {ref[tuple(bad[0])]}); map centres: src = floor((dst + 0.5) * in / out)"
    )


@pytest.mark.region("solve")
def test_upscale_2x_example(lab):
    """The README example: a 2x3 image doubled to 4x6 repeats every pixel in a 2x2 block."""
    img = np.arange(6, dtype=np.uint8).reshape(2, 3)
    got = np.asarray(lab.resize_nearest(img, 4, 6))
    want = np.array([[0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2], [3, 3, 4, 4, 5, 5], [3, 3, 4, 4, 5, 5]], np.uint8)
    assert np.array_equal(got, want), f"resize_nearest(2x3, 4, 6) gave\n{got}\nexpected\n{want}"


@pytest.mark.region("solve")
def test_downscale_3x_takes_block_centres(lab):
    """Shrinking 6x6 to 2x2 takes the CENTRE pixel of each 3x3 block (7, 10, 25, 28), not its corner (0, 3, 18, 21)."""
    got = np.asarray(lab.resize_nearest(np.arange(36).reshape(6, 6), 2, 2))
    want = np.array([[7, 10], [25, 28]])
    assert np.array_equal(got, want), (
        f"resize_nearest(arange(36).reshape(6, 6), 2, 2) gave\n{got}\nexpected\n{want} "
        "(floor(dst * scale) without the half-pixel shift is the legacy, shifted cv2.INTER_NEAREST)"
    )


@pytest.mark.region("solve")
@given(
    img=st.tuples(st.integers(1, 16), st.integers(1, 16), st.sampled_from([None, 3])).flatmap(
        lambda s: hnp.arrays(np.uint8, s[:2] if s[2] is None else s, elements=st.integers(0, 255))
    ),
    out_h=st.integers(1, 24),
    out_w=st.integers(1, 24),
)
def test_matches_opencv_nearest_exact(lab, img, out_h, out_w):
    """Random grey and colour images and sizes: equals cv2 INTER_NEAREST_EXACT (either pixel accepted at exact ties)."""
    got = np.asarray(lab.resize_nearest(img, out_h, out_w))
    _check_against_cv2(got, img, out_h, out_w, f"image {img.shape}")


@pytest.mark.region("solve")
def test_real_photo_odd_sizes(lab):
    """The astronaut photo (512x512x3) resized to 123x77 and to 1000x700 matches cv2."""
    img = data.skimage_image("astronaut")
    for out_h, out_w in [(123, 77), (1000, 700)]:
        got = np.asarray(lab.resize_nearest(img, out_h, out_w))
        _check_against_cv2(got, img, out_h, out_w, f"astronaut {img.shape}")


@pytest.mark.region("solve")
def test_identity_and_dtypes(lab):
    """Same size returns the same image; float64 and int16 images keep their dtype and values."""
    img = np.random.default_rng(0).normal(size=(5, 7))
    got = np.asarray(lab.resize_nearest(img, 5, 7))
    assert got.dtype == np.float64 and np.array_equal(got, img), "resize to the same size must return the same pixels"
    small = np.array([[-300, 5], [7, 30000]], np.int16)
    got = np.asarray(lab.resize_nearest(small, 1, 1))
    assert got.dtype == np.int16 and got.shape == (1, 1), f"int16 2x2 -> 1x1: got {got!r}"
    assert got[0, 0] in small, f"int16 2x2 -> 1x1 gave {got[0, 0]}, which is not an input pixel"


@pytest.mark.region("solve")
def test_bad_input_raises(lab):
    """Zero output size, an empty image, or a 1-D array raise ValueError."""
    img = np.zeros((4, 4), np.uint8)
    for args in [(img, 0, 4), (img, 4, 0), (np.zeros((0, 4), np.uint8), 2, 2), (np.zeros(4), 2, 2)]:
        with pytest.raises(ValueError):
            lab.resize_nearest(*args)
