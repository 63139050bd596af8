"""Grader for b06 - CLAHE.

References: cv2.createCLAHE(clip, (cols, rows)).apply (the definition followed here; it
blends in float32, so one grey level of difference is allowed), a plain-loop transcription
of the stated clip-and-redistribute rule for clip_histogram, and exact tables for
constructed tiles. cv2 pads a whole extra tile when only ONE side is not a multiple of the
grid, so the cv2 comparisons use sizes where both sides divide or neither does.
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


def _loop_clip(hist, limit):
    """Straightforward loop version of the stated rule (independent of any vectorised trick)."""
    hist = [int(h) for h in hist]
    if limit <= 0:
        return np.array(hist)
    excess = 0
    for i in range(256):
        if hist[i] > limit:
            excess += hist[i] - limit
            hist[i] = limit
    for i in range(256):
        hist[i] += excess // 256
    residual = excess % 256
    if residual:
        step = max(256 // residual, 1)
        i = 0
        while i < 256 and residual > 0:
            hist[i] += 1
            i += step
            residual -= 1
    return np.array(hist)


@st.composite
def _image_and_grid(draw):
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    kh, kw = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    if rows >= 2 and cols >= 2 and draw(st.booleans()):  # neither side divides
        h, w = rows * kh + draw(st.integers(1, rows - 1)), cols * kw + draw(st.integers(1, cols - 1))
    else:  # both divide
        h, w = rows * kh, cols * kw
    img = draw(hnp.arrays(np.uint8, (h, w), elements=st.integers(0, 255)))
    clip = draw(st.sampled_from([0.0, 1.0, 2.0, 4.0, 40.0]))
    return img, (rows, cols), clip


def _cv2_clahe(img, clip, tiles):
    return cv2.createCLAHE(clipLimit=clip, tileGridSize=(tiles[1], tiles[0])).apply(img)


@pytest.mark.region("clip_histogram")
def test_clip_worked_example(lab):
    """The README example: 6 clipped counts go one each to bins 0, 42, 84, 126, 168, 210."""
    hist = np.zeros(256, dtype=np.int64)
    hist[0], hist[255] = 10, 2
    got = np.asarray(lab.clip_histogram(hist, 4))
    want = np.zeros(256, dtype=np.int64)
    want[0], want[255] = 4, 2
    want[[0, 42, 84, 126, 168, 210]] += 1
    assert got.shape == (256,), f"clip_histogram returned shape {got.shape}, expected (256,)"
    assert np.array_equal(got, want), (
        f"clip_histogram(hist with 10 at bin 0 and 2 at bin 255, 4){where_differs(got, want)}"
    )
    assert hist[0] == 10, "clip_histogram modified its input histogram"


@pytest.mark.region("clip_histogram")
def test_clip_large_excess(lab):
    """600 clipped counts: every bin gets 2, and the 88 left over go to bins 0, 2, 4, ..., 174."""
    hist = np.zeros(256, dtype=np.int64)
    hist[100] = 610
    got = np.asarray(lab.clip_histogram(hist, 10))
    want = np.full(256, 2, dtype=np.int64)
    want[100] += 10
    want[np.arange(88) * 2] += 1
    assert np.array_equal(got, want), f"clip_histogram(610 counts in bin 100, limit 10){where_differs(got, want)}"


@pytest.mark.region("clip_histogram")
@given(hnp.arrays(np.int64, 256, elements=st.integers(0, 60)), st.integers(-1, 40))
def test_clip_matches_loop_rule(lab, hist, limit):
    """Random histograms and limits: equal to a plain loop over the stated rule, total count preserved."""
    got = np.asarray(lab.clip_histogram(hist.copy(), limit))
    want = _loop_clip(hist, limit)
    assert np.array_equal(got, want), f"limit {limit}: differs from the stated rule{where_differs(got, want)}"
    assert got.sum() == hist.sum(), f"clipping must preserve the total: {got.sum()} != {hist.sum()}"


@pytest.mark.region("tile_luts", needs=["clip_histogram"])
def test_tile_luts_constant_tiles(lab):
    """Four constant 4x4 tiles, no clipping: each table is a step from 0 to 255 at the tile's level."""
    img = np.block([[np.full((4, 4), 10), np.full((4, 4), 50)], [np.full((4, 4), 90), np.full((4, 4), 200)]]).astype(
        np.uint8
    )
    got = np.asarray(lab.tile_luts(img, (2, 2), 0.0))
    assert got.shape == (2, 2, 256), (
        f"tile_luts(8x8 image, tiles (2, 2)) returned shape {got.shape}, expected (2, 2, 256)"
    )
    for (i, j), level in np.ndenumerate(np.array([[10, 50], [90, 200]])):
        want = np.where(np.arange(256) >= level, 255, 0)
        assert np.array_equal(got[i, j], want), (
            f"tile ({i}, {j}) of constant level {level}{where_differs(got[i, j], want)}"
        )


@pytest.mark.region("tile_luts", needs=["clip_histogram"])
def test_tile_luts_clip_limit_in_average_bin_units(lab):
    """A constant 32x32 tile with clip_limit 2: limit int(2 * 1024 / 256) = 8, so level 100 keeps 8 + 3 counts."""
    img = np.full((32, 32), 100, dtype=np.uint8)
    got = np.asarray(lab.tile_luts(img, (1, 1), 2.0))[0, 0].astype(int)
    # excess 1016 -> 3 per bin, residual 248 -> step 1, bins 0..247 get one more.
    counts = np.full(256, 3) + (np.arange(256) < 248)
    counts[100] += 8
    want = np.rint(np.cumsum(counts) * 255 / 1024).astype(int)
    assert np.array_equal(got, want), (
        f"constant tile, clip 2.0: the limit is clip_limit * tile_area / 256 counts{where_differs(got, want)}"
    )


@pytest.mark.region("tile_luts", needs=["clip_histogram"])
def test_tile_luts_pads_by_reflection(lab):
    """A 5x6 image in (2, 2) tiles is padded to 6x6 with reflect-101: each tile is 3x3 and every table ends at 255."""
    img = np.arange(30, dtype=np.uint8).reshape(5, 6) * 8
    got = np.asarray(lab.tile_luts(img, (2, 2), 0.0)).astype(int)
    padded = np.pad(img, ((0, 1), (0, 0)), mode="reflect")
    for i in range(2):
        for j in range(2):
            tile = padded[3 * i : 3 * i + 3, 3 * j : 3 * j + 3]
            want = np.rint(np.cumsum(np.bincount(tile.ravel(), minlength=256)) * 255 / 9).astype(int)
            assert np.array_equal(got[i, j], want), (
                f"tile ({i}, {j}) of the reflect-101-padded image{where_differs(got[i, j], want)}"
            )


@pytest.mark.region("apply", needs=["tile_luts", "clip_histogram"])
@pytest.mark.parametrize("clip, tiles", [(2.0, (8, 8)), (0.0, (4, 4)), (4.0, (2, 4))])
def test_camera_matches_opencv(lab, clip, tiles):
    """The camera photo: within one level of cv2.createCLAHE and identical on at least 98% of pixels.

    About 0.5-0.8% of the blends are exact .5 ties (weights are multiples of 1 / (2 th)); cv2 rounds them
    half to even like np.rint, a half-up rounding lands one level above on those pixels: both are accepted.
    """
    img = data.skimage_image("camera")
    got = np.asarray(lab.clahe(img, clip, tiles))
    ref = _cv2_clahe(img, clip, tiles)
    assert got.shape == ref.shape and got.dtype == np.uint8, f"got {got.dtype} {got.shape}, expected uint8 {ref.shape}"
    diff = np.abs(got.astype(int) - ref.astype(int))
    assert diff.max() <= 1, f"clip {clip}, tiles {tiles}: up to {diff.max()} levels from cv2{where_differs(got, ref)}"
    assert (diff == 0).mean() >= 0.98, f"only {(diff == 0).mean():.2%} of pixels identical to cv2"


@pytest.mark.region("apply", needs=["tile_luts", "clip_histogram"])
@given(_image_and_grid())
def test_random_images_match_opencv(lab, case):
    """Random images, grids and clip limits: within one level of cv2.createCLAHE."""
    img, tiles, clip = case
    got = np.asarray(lab.clahe(img, clip, tiles))
    ref = _cv2_clahe(img, clip, tiles)
    assert got.shape == img.shape, f"image {img.shape}: got shape {got.shape}"
    err = np.abs(got.astype(int) - ref.astype(int)).max()
    assert err <= 1, f"image {img.shape}, tiles {tiles}, clip {clip}: {err} levels from cv2{where_differs(got, ref)}"


@pytest.mark.region("apply", needs=["tile_luts", "clip_histogram"])
def test_blends_between_tile_centres(lab):
    """Two constant halves, no clipping: pixels between the tile centres blend the two tables linearly."""
    img = np.zeros((4, 8), dtype=np.uint8)
    img[:, 4:] = 100
    got = np.asarray(lab.clahe(img, 0.0, (1, 2)))[0].astype(int)
    # Tiles are 4 wide: fx = x / 4 - 0.5 puts the centres at x = 2 and x = 6. The left table maps 0 -> 255,
    # the right one maps 0 -> 0 (it has no zeros). x = 3 (fx = 0.25): 0.75 * 255 + 0.25 * 0 = 191.25 -> 191.
    want = np.array([255, 255, 255, 191, 255, 255, 255, 255])
    assert np.array_equal(got, want), f"row of a half-0 / half-100 image: got {got.tolist()}, expected {want.tolist()}"


@pytest.mark.region("apply", needs=["tile_luts", "clip_histogram"])
def test_empty_and_bad_input(lab):
    """An empty image stays empty; float, colour or a zero tile count raise ValueError."""
    assert np.asarray(lab.clahe(np.zeros((0, 4), np.uint8))).shape == (0, 4), "empty image must stay empty"
    for bad, tiles in (
        (np.zeros((8, 8), np.float32), (2, 2)),
        (np.zeros((8, 8, 3), np.uint8), (2, 2)),
        (np.zeros((8, 8), np.uint8), (0, 2)),
    ):
        with pytest.raises(ValueError):
            lab.clahe(bad, 2.0, tiles)
