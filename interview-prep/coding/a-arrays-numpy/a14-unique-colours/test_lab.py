"""Grader for a14 - unique colours.

Reference: np.unique(img.reshape(-1, 3), axis=0, return_counts=True) (row-wise unique, an
independent code path), exact hand-computed keys, a real photo from cvlab.data, and the edge
cases an interviewer probes: shifts that overflow uint8, channel order in the key, keys out
of range, empty images.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab import data

_img = hnp.arrays(np.uint8, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=8).map(lambda s: s + (3,)),
                  elements=st.sampled_from([0, 1, 127, 128, 200, 255]))


# ----------------------------------------------------------------------------- pack
@pytest.mark.region("pack")
def test_pack_worked_example(lab):
    """The README example: red 255<<16, blue 255, dark green 128<<8."""
    img = np.array([[[255, 0, 0], [0, 0, 255], [0, 128, 0]]], dtype=np.uint8)
    got = np.asarray(lab.pack_rgb(img))
    assert got.shape == (1, 3), f"pack_rgb((1, 3, 3)) has shape {got.shape}, expected (1, 3)"
    assert got.dtype == np.uint32, f"dtype {got.dtype}, expected uint32"
    assert got.tolist() == [[16711680, 255, 32768]], (
        f"pack_rgb(red, blue, dark green) = {got.tolist()}, expected [[16711680, 255, 32768]]; shifting a uint8 by 16 "
        "overflows to 0: convert to uint32 before shifting"
    )


@pytest.mark.region("pack")
@given(_img)
def test_pack_is_injective_and_ordered(lab, img):
    """Random images: keys equal R·65536 + G·256 + B computed in int64."""
    got = np.asarray(lab.pack_rgb(img)).astype(np.int64)
    c = img.astype(np.int64)
    ref = c[..., 0] * 65536 + c[..., 1] * 256 + c[..., 2]
    assert got.shape == ref.shape, f"img {img.shape}: keys shape {got.shape}, expected {ref.shape}"
    assert np.array_equal(got, ref), f"img {img.shape}: first pixel {img.reshape(-1, 3)[0].tolist()} gave key {got.ravel()[0]}, expected {ref.ravel()[0]}"


@pytest.mark.region("pack")
def test_pack_bad_input_raises(lab):
    """Non-uint8 or a last axis other than 3 raises ValueError."""
    with pytest.raises(ValueError):
        lab.pack_rgb(np.zeros((2, 2, 3), dtype=np.int32))
    with pytest.raises(ValueError):
        lab.pack_rgb(np.zeros((2, 2, 4), dtype=np.uint8))


# ----------------------------------------------------------------------------- unpack
@pytest.mark.region("unpack")
def test_unpack_worked_example(lab):
    """Keys 16711680, 255, 32768 unpack to red, blue and dark green."""
    got = np.asarray(lab.unpack_rgb(np.array([16711680, 255, 32768])))
    assert got.dtype == np.uint8, f"dtype {got.dtype}, expected uint8"
    assert got.tolist() == [[255, 0, 0], [0, 0, 255], [0, 128, 0]], f"unpack_rgb = {got.tolist()}, expected R, G, B order"


@pytest.mark.region("unpack")
@given(hnp.arrays(np.int64, hnp.array_shapes(min_dims=0, max_dims=2, max_side=6), elements=st.integers(0, 2**24 - 1)))
def test_unpack_inverts_packing(lab, keys):
    """Random keys: unpack gives (k >> 16, (k >> 8) & 255, k & 255) with shape keys.shape + (3,)."""
    got = np.asarray(lab.unpack_rgb(keys))
    ref = np.stack([keys >> 16, (keys >> 8) & 255, keys & 255], axis=-1).astype(np.uint8)
    assert got.shape == ref.shape, f"keys {keys.shape}: shape {got.shape}, expected {ref.shape}"
    assert np.array_equal(got, ref), f"keys {keys.ravel()[:4].tolist()}: got {got.reshape(-1, 3)[:4].tolist()}, expected {ref.reshape(-1, 3)[:4].tolist()}"


@pytest.mark.region("unpack")
def test_unpack_out_of_range_raises(lab):
    """A key of 2**24 or -1 (not a colour) and float keys raise ValueError."""
    for keys in (np.array([1 << 24]), np.array([-1]), np.array([1.0])):
        with pytest.raises(ValueError):
            lab.unpack_rgb(keys)


# ----------------------------------------------------------------------------- unique
@pytest.mark.region("unique", needs=["pack", "unpack"])
def test_unique_worked_example(lab):
    """The README example: 3 red, 2 blue, 1 green pixels, sorted by (R, G, B)."""
    img = np.array([[[255, 0, 0], [0, 0, 255], [255, 0, 0]], [[0, 0, 255], [255, 0, 0], [0, 128, 0]]], dtype=np.uint8)
    colours, counts = lab.unique_colours(img)
    assert np.asarray(colours).tolist() == [[0, 0, 255], [0, 128, 0], [255, 0, 0]], (
        f"colours = {np.asarray(colours).tolist()}, expected [[0, 0, 255], [0, 128, 0], [255, 0, 0]] (sorted by R, then G, then B)"
    )
    assert np.asarray(counts).tolist() == [2, 1, 3], f"counts = {np.asarray(counts).tolist()}, expected [2, 1, 3]"


@pytest.mark.region("unique", needs=["pack", "unpack"])
@given(_img)
def test_unique_matches_numpy_rows(lab, img):
    """Random images: equals np.unique(img.reshape(-1, 3), axis=0, return_counts=True)."""
    colours, counts = lab.unique_colours(img)
    rc, rn = np.unique(img.reshape(-1, 3), axis=0, return_counts=True)
    colours, counts = np.asarray(colours), np.asarray(counts)
    assert colours.shape == rc.shape, f"img {img.shape}: colours shape {colours.shape}, expected {rc.shape}"
    assert np.array_equal(colours, rc), f"img {img.shape}: colours {colours.tolist()}, expected {rc.tolist()}"
    assert np.array_equal(counts, rn), f"img {img.shape}: counts {counts.tolist()}, expected {rn.tolist()}"


@pytest.mark.region("unique", needs=["pack", "unpack"])
def test_unique_on_photo(lab):
    """The chelsea photo: same colours and counts as np.unique over rows; counts sum to the pixel count."""
    img = data.skimage_image("chelsea")
    colours, counts = lab.unique_colours(img)
    rc, rn = np.unique(img.reshape(-1, 3), axis=0, return_counts=True)
    assert len(colours) == len(rc), f"found {len(colours)} colours, expected {len(rc)}"
    assert np.array_equal(colours, rc) and np.array_equal(counts, rn), "colours or counts differ from np.unique(axis=0)"
    assert int(np.sum(counts)) == img.shape[0] * img.shape[1], "counts must sum to the number of pixels"


@pytest.mark.region("unique", needs=["pack", "unpack"])
def test_unique_empty_image(lab):
    """An image with no pixels gives (0, 3) colours and (0,) counts."""
    colours, counts = lab.unique_colours(np.zeros((0, 4, 3), dtype=np.uint8))
    assert np.asarray(colours).shape == (0, 3) and np.asarray(counts).shape == (0,), (
        f"empty image gave shapes {np.asarray(colours).shape}, {np.asarray(counts).shape}, expected (0, 3), (0,)"
    )
