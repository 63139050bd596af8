"""Grader for c04 - BRIEF descriptor and Hamming distance.

References: a per-keypoint, per-bit transcription of the BRIEF rule (plain Python), exact
hand-made cases (a ramp image whose comparisons are known, MSB-first packing), and
scipy.spatial.distance.cdist(..., 'hamming') on np.unpackbits'd descriptors, times the bit
count, for the distance matrix.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.spatial.distance import cdist

RAMP = np.arange(25, dtype=np.uint8).reshape(5, 5)
PATTERN8 = np.array(
    [
        [0, -1, 0, 1],
        [0, 1, 0, -1],
        [-1, 0, 1, 0],
        [1, 0, -1, 0],
        [-1, -1, 1, 1],
        [1, 1, -1, -1],
        [0, 0, 0, 0],
        [-1, 1, 1, -1],
    ]
)


# ----------------------------------------------------------------------------- describe
@pytest.mark.region("describe")
def test_ramp_example(lab):
    """README example: on a ramp the 8 comparisons give bits 1010 1001 = 169; (0, 0) is too close to the border."""
    desc, kept = lab.brief_describe(RAMP, np.array([[2, 2], [0, 0]]), PATTERN8)
    desc, kept = np.asarray(desc), np.asarray(kept)
    assert desc.dtype == np.uint8, f"descriptors dtype {desc.dtype}, expected uint8 (packed bits)"
    assert desc.shape == (1, 1), f"got shape {desc.shape}, expected (1, 1): one kept keypoint, 8 bits = 1 byte"
    assert kept.tolist() == [0], f"kept = {kept.tolist()}, expected [0]: the pattern around (0, 0) leaves the image"
    assert int(desc[0, 0]) == 169, (
        f"got byte {int(desc[0, 0])} = bits {np.unpackbits(desc[0]).tolist()}, expected 169 = [1,0,1,0,1,0,0,1]: "
        "bit i is I[p + (dr1, dc1)] < I[p + (dr2, dc2)] (strict, so the (0,0,0,0) test is 0), packed MSB-first"
    )


@pytest.mark.region("describe")
def test_msb_first_packing(lab):
    """Only the first of 16 tests true: byte 0 is 128 (bit 0 is the most significant bit), byte 1 is 0."""
    img = np.zeros((3, 3))
    img[1, 2] = 1.0
    pattern = np.zeros((16, 4), dtype=int)
    pattern[0] = [0, 0, 0, 1]  # I[1,1]=0 < I[1,2]=1 -> 1; every other test compares a pixel with itself -> 0
    desc, _ = lab.brief_describe(img, np.array([[1, 1]]), pattern)
    assert np.asarray(desc).tolist() == [[128, 0]], (
        f"got {np.asarray(desc).tolist()}, expected [[128, 0]] (np.packbits order)"
    )


@pytest.mark.region("describe")
def test_offsets_are_row_then_col(lab):
    """Offsets are (drow, dcol): a test comparing the pixel above with the pixel to the right."""
    img = np.zeros((5, 5))
    img[1, 2] = 5.0  # above the keypoint (2, 2)
    img[2, 3] = 9.0  # right of the keypoint
    pattern = np.zeros((8, 4), dtype=int)
    pattern[0] = [-1, 0, 0, 1]  # above (5) < right (9) -> 1
    pattern[1] = [0, 1, -1, 0]  # right (9) < above (5) -> 0
    pattern[2] = [0, -1, -1, 0]  # left (0) < above (5) -> 1 ; with (dx, dy) swapped it would read 0 < 0
    desc, _ = lab.brief_describe(img, np.array([[2, 2]]), pattern)
    assert np.unpackbits(np.asarray(desc, dtype=np.uint8)[0])[:3].tolist() == [1, 0, 1], (
        f"bits {np.unpackbits(np.asarray(desc, dtype=np.uint8)[0])[:3].tolist()}, expected [1, 0, 1]: "
        "each pattern row is (drow1, dcol1, drow2, dcol2)"
    )


@pytest.mark.region("describe")
def test_one_sided_pattern_keeps_corner_keypoint(lab):
    """A pattern that only looks down and right: a keypoint at (0, 0) fits and is kept; one at (3, 3) of a 5x5 image does not."""
    pattern = np.array([[0, 0, 2, 2], [0, 1, 1, 0], [2, 0, 0, 2], [1, 1, 0, 0]] * 2)  # offsets in 0..2 only
    desc, kept = lab.brief_describe(RAMP, np.array([[0, 0], [3, 3], [2, 2]]), pattern)
    assert np.asarray(kept).tolist() == [0, 2], (
        f"kept {np.asarray(kept).tolist()}, expected [0, 2]: every sample of (0, 0) is at rows/cols 0..2, inside the "
        "image (check the pattern's actual offsets, not a symmetric radius); (3, 3) + (2, 2) = (5, 5) is outside"
    )
    want = _reference(RAMP, np.array([[0, 0], [2, 2]]), pattern)[0]
    assert np.array_equal(desc, want), f"got {np.asarray(desc).tolist()}, expected {want.tolist()}"


def _reference(img, kps, pattern):
    rows, kept = [], []
    h, w = img.shape
    for k, (r, c) in enumerate(kps):
        pts = [(r + a, c + b) for a, b in pattern[:, :2]] + [(r + a, c + b) for a, b in pattern[:, 2:]]
        if all(0 <= y < h and 0 <= x < w for y, x in pts):
            bits = [int(img[r + p[0], c + p[1]] < img[r + p[2], c + p[3]]) for p in pattern]
            rows.append(np.packbits(np.array(bits, dtype=np.uint8)))
            kept.append(k)
    nb = len(pattern) // 8
    return (np.array(rows, dtype=np.uint8).reshape(-1, nb), kept)


@pytest.mark.region("describe")
@given(
    hnp.arrays(np.uint8, st.tuples(st.integers(3, 14), st.integers(3, 14))),
    st.integers(0, 8),
    st.sampled_from([8, 16, 32]),
    st.integers(0, 2**31 - 1),
)
def test_matches_reference_loop(lab, img, k, nbits, seed):
    """Random images, keypoints (some near the border) and patterns: equal to a bit-by-bit loop."""
    rng = np.random.default_rng(seed)
    pattern = rng.integers(-2, 3, size=(nbits, 4))
    kps = np.stack([rng.integers(0, img.shape[0], k), rng.integers(0, img.shape[1], k)], axis=1)
    desc, kept = lab.brief_describe(img, kps, pattern)
    ref_desc, ref_kept = _reference(img, kps, pattern)
    assert np.asarray(kept).tolist() == ref_kept, (
        f"image {img.shape}, keypoints {kps.tolist()}: kept {np.asarray(kept).tolist()}, expected {ref_kept}"
    )
    assert np.asarray(desc).shape == ref_desc.shape, (
        f"descriptor shape {np.asarray(desc).shape}, expected {ref_desc.shape}"
    )
    assert np.array_equal(desc, ref_desc), (
        f"descriptors differ: got {np.asarray(desc).tolist()}, expected {ref_desc.tolist()}"
    )


@pytest.mark.region("describe")
def test_describe_errors_and_empty(lab):
    """No keypoint fits -> (0, B) and (0,); nbits not a multiple of 8 or a colour image raise ValueError."""
    desc, kept = lab.brief_describe(RAMP, np.array([[0, 0], [4, 4]]), PATTERN8)
    assert np.asarray(desc).shape == (0, 1) and np.asarray(kept).shape == (0,), (
        f"no keypoint fits: got shapes {np.asarray(desc).shape}, {np.asarray(kept).shape}, expected (0, 1) and (0,)"
    )
    with pytest.raises(ValueError):
        lab.brief_describe(RAMP, np.array([[2, 2]]), PATTERN8[:5])
    with pytest.raises(ValueError):
        lab.brief_describe(np.zeros((5, 5, 3)), np.array([[2, 2]]), PATTERN8)


# ----------------------------------------------------------------------------- hamming
@pytest.mark.region("hamming")
def test_hamming_example(lab):
    """README example: distances between 1-byte descriptors count differing bits."""
    d1 = np.array([[0b10110000], [255]], dtype=np.uint8)
    d2 = np.array([[0b10110000], [0], [0b00001111]], dtype=np.uint8)
    got = np.asarray(lab.hamming_matrix(d1, d2))
    want = np.array([[0, 3, 7], [5, 8, 4]])
    assert got.shape == (2, 3), f"got shape {got.shape}, expected (2, 3)"
    assert np.array_equal(got, want), f"got\n{got}\nexpected\n{want}"


@pytest.mark.region("hamming")
@given(
    st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(1, 8)).flatmap(
        lambda t: st.tuples(hnp.arrays(np.uint8, (t[0], t[2])), hnp.arrays(np.uint8, (t[1], t[2])))
    )
)
def test_matches_scipy_cdist_hamming(lab, pair):
    """Random descriptors: equal to cdist(unpackbits(d1), unpackbits(d2), 'hamming') · nbits."""
    d1, d2 = pair
    got = np.asarray(lab.hamming_matrix(d1, d2))
    nbits = 8 * d1.shape[1]
    if len(d1) and len(d2):
        ref = np.rint(cdist(np.unpackbits(d1, axis=1), np.unpackbits(d2, axis=1), "hamming") * nbits).astype(int)
    else:
        ref = np.zeros((len(d1), len(d2)), dtype=int)
    assert got.shape == ref.shape, f"d1 {d1.shape}, d2 {d2.shape}: got shape {got.shape}, expected {ref.shape}"
    assert np.array_equal(got, ref), f"d1 {d1.tolist()}, d2 {d2.tolist()}: got\n{got}\nexpected\n{ref}"


@pytest.mark.region("hamming")
def test_256_bit_distance_does_not_wrap(lab):
    """32-byte (ORB-size) complementary descriptors are 256 bits apart, not 0 (a uint8 sum wraps)."""
    a = np.zeros((1, 32), dtype=np.uint8)
    b = np.full((1, 32), 255, dtype=np.uint8)
    got = np.asarray(lab.hamming_matrix(a, b))
    assert int(got[0, 0]) == 256, (
        f"got {int(got[0, 0])}, expected 256: accumulate the bit counts in a wide integer type"
    )


@pytest.mark.region("hamming")
def test_hamming_rejects_mismatched_inputs(lab):
    """Different byte counts or non-uint8 descriptors raise ValueError."""
    with pytest.raises(ValueError):
        lab.hamming_matrix(np.zeros((2, 4), np.uint8), np.zeros((2, 8), np.uint8))
    with pytest.raises(ValueError):
        lab.hamming_matrix(np.zeros((2, 4), np.float32), np.zeros((2, 4), np.float32))
