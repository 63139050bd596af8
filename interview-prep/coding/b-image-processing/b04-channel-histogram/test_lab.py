"""Grader for b04 - per-channel histogram.

References: exact integer counting ((x - lo) * bins // (hi - lo) on integer data), cv2.calcHist
(same half-open bins, values outside [lo, hi) ignored; its float lookup table puts a few values
lying exactly on an inner bin edge one bin low when lo != 0, e.g. 105 with 2 bins over [10, 200),
so it is compared only for lo = 0) and np.histogram per channel (equal on uint8 data with the
range (0, 256)), plus exact hand-counted cases and the boundary cases x == lo, x == hi, x < lo.
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


def _images(max_side: int = 16):
    shape = st.tuples(st.integers(1, max_side), st.integers(1, max_side), st.integers(1, 4))
    return hnp.arrays(np.uint8, shape, elements=st.integers(0, 255))


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: a 2x2 colour image in 4 bins of width 64."""
    img = np.array([[[0, 10, 255], [128, 10, 200]], [[255, 0, 64], [129, 10, 0]]], dtype=np.uint8)
    got = np.asarray(lab.channel_histogram(img, bins=4))
    want = np.array([[1, 0, 2, 1], [4, 0, 0, 0], [1, 1, 0, 2]])
    assert got.shape == (3, 4), (
        f"channel_histogram(image (2, 2, 3), bins=4) returned shape {got.shape}, expected (3, 4)"
    )
    assert np.issubdtype(got.dtype, np.integer), f"counts must be integers, got dtype {got.dtype}"
    assert np.array_equal(got, want), f"got\n{got}\nexpected\n{want}"


def _exact_counts(img, bins, rng):
    lo, hi = rng
    rows = []
    for k in range(img.shape[2]):
        x = img[:, :, k].ravel().astype(np.int64)
        x = x[(x >= lo) & (x < hi)]
        rows.append(np.bincount((x - lo) * bins // (hi - lo), minlength=bins))
    return np.stack(rows)


@pytest.mark.region("solve")
@given(_images(), st.sampled_from([1, 2, 3, 7, 10, 16, 100, 256]), st.sampled_from([(0, 256), (10, 200), (0, 128)]))
def test_matches_opencv_calchist(lab, img, bins, rng):
    """Random uint8 images, bin counts and ranges: equal to exact integer counts, and to cv2.calcHist when lo = 0."""
    got = np.asarray(lab.channel_histogram(img, bins, rng))
    c = img.shape[2]
    exact = _exact_counts(img, bins, rng)
    assert got.shape == (c, bins), f"image {img.shape}, bins {bins}: got shape {got.shape}, expected {(c, bins)}"
    assert np.array_equal(got, exact), (
        f"bins={bins}, range={rng}: differs from floor((x - lo) * bins / (hi - lo)){where_differs(got, exact)}"
    )
    if rng[0] != 0:
        return
    ref = np.stack(
        [
            cv2.calcHist([np.ascontiguousarray(img[:, :, k])], [0], None, [bins], list(map(float, rng))).ravel()
            for k in range(c)
        ]
    ).astype(np.int64)
    assert np.array_equal(got, ref), f"bins={bins}, range={rng}: differs from cv2.calcHist{where_differs(got, ref)}"


@pytest.mark.region("solve")
@pytest.mark.parametrize("bins", [2, 10, 100])
def test_values_on_inner_edges_open_the_upper_bin(lab, bins):
    """All levels 0..255 over [10, 200): a value exactly on an inner edge (105 for 2 bins) counts in the upper bin."""
    ramp = np.arange(256, dtype=np.uint8).reshape(16, 16, 1)
    got = np.asarray(lab.channel_histogram(ramp, bins, (10, 200)))
    want = _exact_counts(ramp, bins, (10, 200))
    assert np.array_equal(got, want), (
        f"levels 0..255, {bins} bins over [10, 200): got {got.tolist()}, expected {want.tolist()} "
        f"(bin = floor((x - lo) * bins / (hi - lo)); cv2.calcHist itself is off by one bin here)"
    )


@pytest.mark.region("solve")
def test_photo_matches_numpy_histogram(lab):
    """The astronaut photo, 256 bins over (0, 256): every channel equals np.histogram's counts."""
    img = data.skimage_image("astronaut")
    got = np.asarray(lab.channel_histogram(img))
    ref = np.stack([np.histogram(img[:, :, k], bins=256, range=(0, 256))[0] for k in range(3)])
    assert got.shape == (3, 256), f"got shape {got.shape}, expected (3, 256)"
    assert np.array_equal(got, ref), f"differs from np.histogram{where_differs(got, ref)}"
    assert got.sum() == img.size, f"the counts sum to {got.sum()}, expected one count per value ({img.size})"


@pytest.mark.region("solve")
def test_float_image_boundaries(lab):
    """Float grey image over [0, 1): x == 1.0 and x < 0 are not counted, 0.0 and 0.5 open their bins."""
    img = np.array([[0.0, 0.5, 0.99, 1.0, -0.1, 0.25]])
    got = np.asarray(lab.channel_histogram(img, 4, (0.0, 1.0)))
    want = np.array([[1, 1, 1, 1]])
    assert np.array_equal(got, want), (
        f"channel_histogram({img.tolist()}, 4, (0, 1)) = {got.tolist()}, expected {want.tolist()}: bins are half-open, "
        f"so 1.0 and -0.1 fall outside (np.histogram would put 1.0 in the last bin; cv2.calcHist does not)"
    )
    ref = cv2.calcHist([img.astype(np.float32)], [0], None, [4], [0.0, 1.0]).ravel()
    assert np.array_equal(got[0], ref), f"differs from cv2.calcHist on float32: got {got[0]}, expected {ref}"


@pytest.mark.region("solve")
def test_grey_and_empty_images(lab):
    """A 2-D image gives one row; an empty colour image gives all-zero counts of the right shape."""
    grey = np.array([[0, 1], [2, 255]], dtype=np.uint8)
    got = np.asarray(lab.channel_histogram(grey, 2))
    assert got.shape == (1, 2) and np.array_equal(got, [[3, 1]]), f"grey image: got {got.tolist()}, expected [[3, 1]]"
    empty = np.asarray(lab.channel_histogram(np.zeros((0, 5, 3), np.uint8), 8))
    assert empty.shape == (3, 8) and not empty.any(), f"empty image: got {empty.tolist()}, expected zeros (3, 8)"


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "img, bins, rng",
    [
        (np.zeros((4, 4), np.uint8), 0, (0, 256)),
        (np.zeros((4, 4), np.uint8), 4, (10, 10)),
        (np.zeros((4,), np.uint8), 4, (0, 256)),
    ],
    ids=["zero-bins", "empty-range", "1-d"],
)
def test_bad_input_raises(lab, img, bins, rng):
    """bins < 1, hi <= lo or an image that is not 2-D/3-D raise ValueError."""
    with pytest.raises(ValueError):
        lab.channel_histogram(img, bins, rng)
