"""Grader for c03 - HOG descriptor.

References: skimage.feature.hog (same gradient, hard orientation binning, L2-Hys with
eps=1e-5; its cell histograms are means, ours sums, which block normalisation cancels),
numpy.histogram per cell for hard binning, and exact ramps at known angles for bilinear voting
(including the wrap-around between the last and the first bin).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from skimage.feature import hog as sk_hog

from cvlab import data


def _ramp(deg: float, size: int = 24) -> np.ndarray:
    """An image whose brightness grows along direction `deg` (rows point down): gradient angle deg."""
    a = np.deg2rad(deg)
    r, c = np.indices((size, size), dtype=np.float64)
    return np.sin(a) * r + np.cos(a) * c


def _hist(lab, img, cell=8, n_bins=9, bilinear=True):
    return np.asarray(lab.cell_histograms(img, cell=cell, n_bins=n_bins, bilinear=bilinear), dtype=np.float64)


# ----------------------------------------------------------------------------- cells
@pytest.mark.region("cells")
@pytest.mark.parametrize(
    "deg, bilinear, want",
    [
        (25.0, True, {0: 32.0, 1: 96.0}),  # README: 25° is 3/4 of the way from centre 10° to centre 30°
        (25.0, False, {1: 128.0}),
        (175.0, True, {8: 96.0, 0: 32.0}),  # wraps: centre 170° and centre 190° ≡ 10°
        (5.0, True, {8: 32.0, 0: 96.0}),  # below the first centre: wraps the other way
        (90.0, False, {4: 128.0}),  # brightness grows down the rows: atan2(g_row > 0, 0) = 90°
        (-45.0, False, {6: 128.0}),  # grows up-right: -45° ≡ 135°
    ],
)
def test_ramp_votes_exact(lab, deg, bilinear, want):
    """An interior cell of a linear ramp at a known angle: every one of its 64 pixels votes magnitude 2."""
    got = _hist(lab, _ramp(deg), bilinear=bilinear)
    assert got.shape == (3, 3, 9), (
        f"cell_histograms(24x24, cell=8, n_bins=9) returned shape {got.shape}, expected (3, 3, 9)"
    )
    ref = np.zeros(9)
    for b, v in want.items():
        ref[b] = v
    assert np.allclose(got[1, 1], ref, atol=1e-6), (
        f"ramp at {deg}°, bilinear={bilinear}: cell (1, 1) got {np.round(got[1, 1], 4)}, expected {ref} "
        "(gradient = I[+1] - I[-1] so magnitude 2; θ = atan2(g_row, g_col) mod 180; bin centres (i + 0.5)·20°)"
    )


@pytest.mark.region("cells")
def test_partial_cells_ignored_and_border_gradient_zero(lab):
    """A 19x27 image with 8-pixel cells has 2x3 cells; the first row/col get zero gradient."""
    img = _ramp(0.0, 27)[:19]
    got = _hist(lab, img, bilinear=False)
    assert got.shape == (2, 3, 9), f"19x27 image, cell 8: got shape {got.shape}, expected (2, 3, 9)"
    # cell (0, 0): column 0 has g_col = 0, the other 7 columns x 8 rows vote 2 into bin 0
    assert np.isclose(got[0, 0, 0], 112.0), (
        f"cell (0, 0) bin 0 = {got[0, 0, 0]}, expected 7·8·2 = 112 (first column has no gradient)"
    )
    assert np.isclose(got[0, 1, 0], 128.0), f"cell (0, 1) bin 0 = {got[0, 1, 0]}, expected 128"


def _images(min_side: int = 4, max_side: int = 16):
    return st.tuples(st.integers(min_side, max_side), st.integers(min_side, max_side)).flatmap(
        lambda s: hnp.arrays(np.float64, s, elements=st.floats(0, 1, width=32))
    )


@pytest.mark.region("cells")
@given(_images(), st.sampled_from([2, 3, 4]), st.sampled_from([4, 6, 9]))
def test_hard_binning_matches_numpy_histogram(lab, img, cell, n_bins):
    """Random images: hard-binned cells equal numpy.histogram of each cell's angles weighted by magnitude."""
    got = _hist(lab, img, cell=cell, n_bins=n_bins, bilinear=False)
    g_row, g_col = np.zeros_like(img), np.zeros_like(img)
    g_row[1:-1], g_col[:, 1:-1] = img[2:] - img[:-2], img[:, 2:] - img[:, :-2]
    mag, ang = np.hypot(g_row, g_col), np.rad2deg(np.arctan2(g_row, g_col)) % 180
    ncr, ncc = img.shape[0] // cell, img.shape[1] // cell
    assert got.shape == (ncr, ncc, n_bins), (
        f"image {img.shape}, cell {cell}: got shape {got.shape}, expected {(ncr, ncc, n_bins)}"
    )
    for i in range(ncr):
        for j in range(ncc):
            sl = np.s_[i * cell : (i + 1) * cell, j * cell : (j + 1) * cell]
            ref, _ = np.histogram(ang[sl], bins=n_bins, range=(0, 180), weights=mag[sl])
            assert np.allclose(got[i, j], ref, atol=1e-9), (
                f"image {img.shape}, cell {cell}: cell ({i}, {j}) got {got[i, j]}, expected {ref}"
            )


@pytest.mark.region("cells")
@given(_images(), st.sampled_from([2, 4]), st.sampled_from([6, 9]))
def test_bilinear_conserves_mass_and_mean_angle(lab, img, cell, n_bins):
    """Bilinear voting keeps each cell's total magnitude and never votes more than one bin away from hard binning."""
    soft = _hist(lab, img, cell=cell, n_bins=n_bins, bilinear=True)
    hard = _hist(lab, img, cell=cell, n_bins=n_bins, bilinear=False)
    assert np.allclose(soft.sum(-1), hard.sum(-1), atol=1e-9), (
        "bilinear votes must add up to the pixel's magnitude (1 - a) + a = 1"
    )
    assert (soft >= -1e-12).all(), "votes are never negative"
    # every soft vote lands in the hard bin or a neighbour: mass outside (hard ± 1) must be zero
    near = hard + np.roll(hard, 1, -1) + np.roll(hard, -1, -1)
    assert np.all(soft[near == 0] < 1e-9), "a bilinear vote landed in a bin that is not next to the pixel's own bin"


@pytest.mark.region("cells")
def test_cells_reject_bad_input(lab):
    """A colour image or an image smaller than one cell raises ValueError."""
    for img in (np.zeros((16, 16, 3)), np.zeros((5, 20))):
        with pytest.raises(ValueError):
            lab.cell_histograms(img, cell=8, n_bins=9)


# ----------------------------------------------------------------------------- blocks
@pytest.mark.region("blocks")
def test_l2_hys_exact(lab):
    """A single-cell block [3, 4]: L2 -> [0.6, 0.8], clip at 0.2 -> [0.2, 0.2], renormalise -> [0.7071, 0.7071]."""
    got = np.asarray(lab.normalize_blocks(np.array([[[3.0, 4.0]]]), block=1))
    assert got.shape == (1, 1, 1, 1, 2), (
        f"normalize_blocks((1, 1, 2), block=1) returned shape {got.shape}, expected (1, 1, 1, 1, 2)"
    )
    assert np.allclose(got.ravel(), [0.5**0.5, 0.5**0.5], atol=1e-6), (
        f"got {got.ravel()}, expected [0.7071, 0.7071] (normalise, clip at 0.2, normalise again)"
    )


@pytest.mark.region("blocks")
def test_block_layout_and_zero_block(lab):
    """(3, 4, 2) cells with block 2 -> (2, 3, 2, 2, 2); block (0, 1) holds cells rows 0-1, cols 1-2; zeros stay 0."""
    hist = np.zeros((3, 4, 2))
    hist[0, 2, 1] = 5.0
    got = np.asarray(lab.normalize_blocks(hist, block=2))
    assert got.shape == (2, 3, 2, 2, 2), f"got shape {got.shape}, expected (2, 3, 2, 2, 2)"
    assert np.isclose(got[0, 1, 0, 1, 1], 1.0, atol=1e-6), (
        f"block (0, 1), cell (0, 1) of the block = hist[0, 2]: got {got[0, 1, 0, 1]}, expected [0, 1]"
    )
    assert np.all(np.isfinite(got)) and np.allclose(got[1, 0], 0.0), (
        "a block of zeros must stay zero (eps keeps it finite)"
    )


@pytest.mark.region("blocks", needs=["cells"])
def test_hog_matches_skimage_on_camera(lab):
    """A 80x96 crop of 'camera': hog(bilinear=False) equals skimage.feature.hog(9 bins, 8x8 cells, 2x2 blocks, L2-Hys)."""
    img = data.skimage_image("camera")[100:180, 200:296].astype(np.float64)
    got = np.asarray(lab.normalize_blocks(lab.cell_histograms(img, 8, 9, bilinear=False), block=2))
    ref = sk_hog(
        img, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(2, 2), block_norm="L2-Hys", feature_vector=False
    )
    assert got.shape == ref.shape, f"got shape {got.shape}, skimage gives {ref.shape}"
    err = np.abs(got - ref)
    i = np.unravel_index(np.argmax(err), err.shape)
    assert err.max() < 1e-5, f"differs from skimage by {err.max():.3g} at {i}: got {got[i]:.6f}, expected {ref[i]:.6f}"


@pytest.mark.region("blocks", needs=["cells"])
@given(_images(8, 16), st.sampled_from([2, 3, 4]), st.sampled_from([1, 2, 3]), st.sampled_from([6, 9]))
def test_hog_matches_skimage_random(lab, img, cell, block, n_bins):
    """Random images and parameters: the full descriptor equals skimage.feature.hog with L2-Hys."""
    if min(img.shape) // cell < block:
        block = 1
    got = np.asarray(lab.normalize_blocks(lab.cell_histograms(img, cell, n_bins, bilinear=False), block=block)).ravel()
    ref = sk_hog(
        img, orientations=n_bins, pixels_per_cell=(cell, cell), cells_per_block=(block, block), block_norm="L2-Hys"
    )
    assert got.shape == ref.shape, (
        f"image {img.shape}, cell {cell}, block {block}: got {got.shape}, skimage {ref.shape}"
    )
    assert np.allclose(got, ref, atol=1e-5), (
        f"image {img.shape}, cell {cell}, block {block}, {n_bins} bins: max diff {np.abs(got - ref).max():.3g}"
    )


@pytest.mark.region("blocks")
def test_blocks_reject_too_few_cells(lab):
    """A (1, 3, 9) histogram cannot hold a 2x2 block: ValueError."""
    with pytest.raises(ValueError):
        lab.normalize_blocks(np.ones((1, 3, 9)), block=2)
