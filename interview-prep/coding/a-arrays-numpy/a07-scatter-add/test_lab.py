"""Grader for a07 - scatter-add with repeated indices.

Reference: a plain Python loop over the pairs (index[i], values[i]) (obviously correct,
slow, independent of NumPy's ufunc.at / bincount), hand-computed cases, and the edge cases
an interviewer probes: repeated indices, untouched bins, rows of features, empty input,
negative or too-large indices, empty bins in the mean.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvlab.testing import where_differs


def _loop_scatter(size, index, values):
    out = np.zeros((size,) + values.shape[1:])
    for k, v in zip(index.tolist(), values):
        out[k] += v
    return out


@st.composite
def _case(draw):
    size = draw(st.integers(1, 8))
    n = draw(st.integers(0, 16))
    rng = np.random.default_rng(draw(st.integers(0, 9999)))
    index = rng.integers(0, size, n)
    d = draw(st.sampled_from([None, 1, 3]))
    values = rng.normal(size=(n,) if d is None else (n, d))
    return size, index, values


# ----------------------------------------------------------------------------- scatter_add
@pytest.mark.region("scatter_add")
def test_scatter_add_worked_example(lab):
    """The README example: index 2 appears three times, so bin 2 gets 10 + 20 + 30 = 60."""
    got = np.asarray(lab.scatter_add(5, np.array([0, 2, 2, 2, 4]), np.array([1.0, 10.0, 20.0, 30.0, 5.0])))
    want = np.array([1.0, 0.0, 60.0, 0.0, 5.0])
    assert got.shape == (5,), f"scatter_add(5, ...) has shape {got.shape}, expected (5,)"
    assert np.array_equal(got, want), (
        f"scatter_add(5, [0, 2, 2, 2, 4], [1, 10, 20, 30, 5]) = {got}, expected {want}. out[index] += values is "
        "buffered: repeated indices are written once (bin 2 gets 30, not 60); use np.add.at or np.bincount"
    )


@pytest.mark.region("scatter_add")
@given(_case())
def test_scatter_add_matches_loop(lab, case):
    """Random indices with many repeats, 1-d values or (N, D) rows: equals a Python loop doing out[k] += v."""
    size, index, values = case
    got = np.asarray(lab.scatter_add(size, index, values))
    ref = _loop_scatter(size, index, values)
    assert got.shape == ref.shape, f"size {size}, index {index.shape}, values {values.shape}: got shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-12), f"index {index.tolist()}: {where_differs(got, ref)}"


@pytest.mark.region("scatter_add")
def test_scatter_add_rows_and_integers(lab):
    """(N, D) feature rows are added whole; integer values give float64 sums; bins past max(index) exist."""
    got = np.asarray(lab.scatter_add(4, np.array([1, 1, 0]), np.array([[1, 2], [3, 4], [5, 6]])))
    want = np.array([[5.0, 6.0], [4.0, 6.0], [0.0, 0.0], [0.0, 0.0]])
    assert got.dtype == np.float64, f"returned dtype {got.dtype}, expected float64"
    assert got.shape == (4, 2), f"scatter_add(4, [1, 1, 0], (3, 2) rows) has shape {got.shape}, expected (4, 2)"
    assert np.array_equal(got, want), f"scatter_add(4, [1, 1, 0], rows) =\n{got}\nexpected\n{want}"


@pytest.mark.region("scatter_add")
def test_scatter_add_empty(lab):
    """No pairs at all: every bin is 0 (shape (size,))."""
    got = np.asarray(lab.scatter_add(3, np.zeros(0, dtype=np.int64), np.zeros(0)))
    assert got.shape == (3,) and np.all(got == 0), f"scatter_add(3, [], []) = {got}, expected [0, 0, 0]"


@pytest.mark.region("scatter_add")
@pytest.mark.parametrize("index, values", [([0, 3], [1.0, 1.0]), ([-1, 0], [1.0, 1.0]), ([0, 1], [1.0]),
                                           ([[0, 1]], [[1.0, 1.0]]), ([0.0, 1.0], [1.0, 1.0])])
def test_scatter_add_bad_input_raises(lab, index, values):
    """Index >= size or negative, length mismatch, 2-d index, float index: ValueError (no silent wrap-around)."""
    with pytest.raises(ValueError):
        lab.scatter_add(3, np.array(index), np.array(values))


# ----------------------------------------------------------------------------- scatter_mean
@pytest.mark.region("scatter_mean", needs=["scatter_add"])
def test_scatter_mean_worked_example(lab):
    """The README example: bin 2 averages 10, 20, 30; empty bins have mean 0 and count 0."""
    mean, count = lab.scatter_mean(5, np.array([0, 2, 2, 2, 4]), np.array([1.0, 10.0, 20.0, 30.0, 5.0]))
    mean, count = np.asarray(mean), np.asarray(count)
    assert np.array_equal(count, [1, 0, 3, 0, 1]), f"count = {count.tolist()}, expected [1, 0, 3, 0, 1]"
    assert np.issubdtype(count.dtype, np.integer), f"count dtype {count.dtype}, expected an integer type"
    assert not np.isnan(mean).any(), f"mean = {mean}: empty bins must be 0, not 0/0 = NaN"
    assert np.array_equal(mean, [1.0, 0.0, 20.0, 0.0, 5.0]), f"mean = {mean}, expected [1, 0, 20, 0, 5]"


@pytest.mark.region("scatter_mean", needs=["scatter_add"])
@given(_case())
def test_scatter_mean_matches_loop(lab, case):
    """Random bins and rows: the mean of each bin equals a loop's sum / count (0 for empty bins)."""
    size, index, values = case
    mean, count = lab.scatter_mean(size, index, values)
    mean, count = np.asarray(mean), np.asarray(count)
    ref_count = np.array([np.sum(index == k) for k in range(size)])
    sums = _loop_scatter(size, index, values)
    denom = np.maximum(ref_count, 1).reshape((size,) + (1,) * (values.ndim - 1))
    ref_mean = sums / denom
    assert np.array_equal(count, ref_count), f"index {index.tolist()}: count {count.tolist()}, expected {ref_count.tolist()}"
    assert mean.shape == ref_mean.shape, f"values {values.shape}: mean shape {mean.shape}, expected {ref_mean.shape}"
    assert np.allclose(mean, ref_mean, atol=1e-12), f"index {index.tolist()}: {where_differs(mean, ref_mean)}"
