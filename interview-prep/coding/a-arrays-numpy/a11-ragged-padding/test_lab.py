"""Grader for a11 - ragged batch padding and masks.

Reference: a plain loop that writes each sequence into its row (right or left aligned),
exact hand-computed cases, round trips pad -> unpad, and the edge cases an interviewer
probes: empty sequences, all sequences empty, left padding, integer dtypes, feature
dimensions, mismatched shapes, bad side names.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st


def _loop_pad(seqs, side, pad_value):
    lmax = max(len(s) for s in seqs)
    out = np.full((len(seqs), lmax) + seqs[0].shape[1:], pad_value, dtype=np.result_type(*seqs))
    mask = np.zeros((len(seqs), lmax), dtype=bool)
    for b, s in enumerate(seqs):
        start = 0 if side == "right" else lmax - len(s)
        out[b, start:start + len(s)] = s
        mask[b, start:start + len(s)] = True
    return out, mask


@st.composite
def _batch(draw):
    rng = np.random.default_rng(draw(st.integers(0, 9999)))
    feat = draw(st.sampled_from([(), (2,), (2, 3)]))
    lengths = draw(st.lists(st.integers(0, 6), min_size=1, max_size=6))
    dtype = draw(st.sampled_from([np.float32, np.int64]))
    seqs = [rng.integers(1, 100, (n,) + feat).astype(dtype) for n in lengths]
    return seqs, draw(st.sampled_from(["right", "left"]))


# ----------------------------------------------------------------------------- pad
@pytest.mark.region("pad")
def test_pad_worked_example(lab):
    """The README example: lengths 1, 3, 2 padded on the right with 0, and on the left with -1."""
    seqs = [np.array([1]), np.array([2, 3, 4]), np.array([5, 6])]
    p, m = lab.pad_batch(seqs)
    assert np.array_equal(p, [[1, 0, 0], [2, 3, 4], [5, 6, 0]]), f"pad_batch(right) =\n{p}\nexpected [[1 0 0] [2 3 4] [5 6 0]]"
    assert np.asarray(m).dtype == bool, f"mask dtype {np.asarray(m).dtype}, expected bool"
    assert np.array_equal(m, [[1, 0, 0], [1, 1, 1], [1, 1, 0]]), f"right mask =\n{m}\nexpected True at the real entries"
    p, m = lab.pad_batch(seqs, side="left", pad_value=-1)
    assert np.array_equal(p, [[-1, -1, 1], [2, 3, 4], [-1, 5, 6]]), f"pad_batch(left, -1) =\n{p}\nexpected [[-1 -1 1] [2 3 4] [-1 5 6]]"
    assert np.array_equal(m, [[0, 0, 1], [1, 1, 1], [0, 1, 1]]), f"left mask =\n{m}"


@pytest.mark.region("pad")
@given(_batch(), st.sampled_from([0, -1, 7]))
def test_pad_matches_loop(lab, batch, pad_value):
    """Random lengths (0 included), features (), (2,), (2, 3), both sides: equals the row-by-row loop."""
    seqs, side = batch
    p, m = lab.pad_batch(seqs, side=side, pad_value=pad_value)
    rp, rm = _loop_pad(seqs, side, pad_value)
    shapes = [s.shape for s in seqs]
    assert np.asarray(p).shape == rp.shape, f"seqs {shapes}: padded shape {np.asarray(p).shape}, expected {rp.shape}"
    assert np.asarray(p).dtype == rp.dtype, f"seqs {shapes}: dtype {np.asarray(p).dtype}, expected {rp.dtype} (keep the input dtype)"
    assert np.array_equal(m, rm), f"seqs {shapes}, side {side}: mask\n{np.asarray(m).astype(int)}\nexpected\n{rm.astype(int)}"
    assert np.array_equal(p, rp), f"seqs {shapes}, side {side}, pad_value {pad_value}: padded values differ from the loop"


@pytest.mark.region("pad")
def test_pad_mixed_dtypes_use_the_common_type(lab):
    """An int64 sequence and a float32 one: the padded array is float64 (np.result_type), nothing truncated."""
    seqs = [np.array([1, 2], dtype=np.int64), np.array([0.5, 1.5, 2.5], dtype=np.float32)]
    p, m = lab.pad_batch(seqs)
    p = np.asarray(p)
    assert p.dtype == np.result_type(*seqs), (
        f"pad_batch([int64, float32]) has dtype {p.dtype}, expected {np.result_type(*seqs)}: taking the first "
        "sequence's dtype truncates 0.5 to 0"
    )
    assert np.array_equal(p, [[1.0, 2.0, 0.0], [0.5, 1.5, 2.5]]), f"pad_batch([int64, float32]) =\n{p}"


@pytest.mark.region("pad")
def test_pad_all_empty(lab):
    """Every sequence empty: padded (B, 0, *F) and mask (B, 0)."""
    p, m = lab.pad_batch([np.zeros((0, 4)), np.zeros((0, 4))])
    assert np.asarray(p).shape == (2, 0, 4) and np.asarray(m).shape == (2, 0), (
        f"two empty (0, 4) sequences gave shapes {np.asarray(p).shape}, {np.asarray(m).shape}, expected (2, 0, 4), (2, 0)"
    )


@pytest.mark.region("pad")
@pytest.mark.parametrize("seqs, side", [
    ([], "right"), ([np.zeros((2, 3)), np.zeros((2, 4))], "right"), ([np.zeros(2)], "middle"), ([np.float64(1.0)], "right"),
])
def test_pad_bad_input_raises(lab, seqs, side):
    """Empty list, different feature sizes, an unknown side, a 0-d array: ValueError."""
    with pytest.raises(ValueError):
        lab.pad_batch(seqs, side=side)


# ----------------------------------------------------------------------------- unpad
@pytest.mark.region("unpad")
def test_unpad_worked_example(lab):
    """The README example: a left-padded batch comes back as [1], [2, 3, 4], [5, 6]."""
    p = np.array([[-1, -1, 1], [2, 3, 4], [-1, 5, 6]])
    m = np.array([[0, 0, 1], [1, 1, 1], [0, 1, 1]], dtype=bool)
    got = lab.unpad(p, m)
    assert len(got) == 3, f"unpad returned {len(got)} sequences, expected 3"
    for g, w in zip(got, [[1], [2, 3, 4], [5, 6]]):
        assert np.array_equal(g, w), f"unpad(left-padded) gave {[np.asarray(x).tolist() for x in got]}, expected [[1], [2, 3, 4], [5, 6]]"


@pytest.mark.region("unpad")
@given(_batch())
def test_unpad_round_trip(lab, batch):
    """unpad(*loop_pad(seqs)) returns the original sequences, shapes and values, for both sides."""
    seqs, side = batch
    got = lab.unpad(*_loop_pad(seqs, side, 0))
    assert len(got) == len(seqs), f"{len(seqs)} sequences in, {len(got)} out"
    for b, (g, s) in enumerate(zip(got, seqs)):
        assert np.asarray(g).shape == s.shape, f"side {side}: sequence {b} came back with shape {np.asarray(g).shape}, expected {s.shape}"
        assert np.array_equal(g, s), f"side {side}: sequence {b} came back as {np.asarray(g).tolist()}, expected {s.tolist()}"


@pytest.mark.region("unpad")
def test_unpad_bad_mask_raises(lab):
    """A mask of the wrong shape or a non-boolean (0/1 integer) mask raises ValueError."""
    with pytest.raises(ValueError):
        lab.unpad(np.zeros((2, 3)), np.ones((2, 2), dtype=bool))
    with pytest.raises(ValueError):
        lab.unpad(np.zeros((2, 3)), np.ones((2, 3), dtype=int))
