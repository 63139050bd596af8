"""Grader for a08 - per-row top-k.

Reference: a full stable sort, np.argsort(-x.astype(float64), kind="stable")[:, :k] (the
O(M log M) answer with the same tie rule), exact hand-computed cases, and the edge cases an
interviewer probes: ties at the k-th place, k = 0, k = M, k > M, unsigned integers
(negation wraps), a single row.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st


def _ref(x, k):
    idx = np.argsort(-x.astype(np.float64), axis=1, kind="stable")[:, :k]
    return np.take_along_axis(x, idx, axis=1), idx


@st.composite
def _case(draw):
    n, m = draw(st.integers(1, 6)), draw(st.integers(1, 12))
    rng = np.random.default_rng(draw(st.integers(0, 9999)))
    levels = draw(st.sampled_from([3, 1000]))  # few levels -> many ties
    dtype = draw(st.sampled_from([np.float64, np.int32, np.uint8]))
    x = rng.integers(0, min(levels, 256), (n, m)).astype(dtype)
    return x, draw(st.integers(0, m))


def _check(lab, x, k):
    v, i = lab.topk(x, k)
    v, i = np.asarray(v), np.asarray(i)
    rv, ri = _ref(x, k)
    assert i.shape == (x.shape[0], k) and v.shape == (x.shape[0], k), (
        f"topk(x {x.shape}, k={k}) returned shapes {v.shape}, {i.shape}, expected ({x.shape[0]}, {k}) each"
    )
    assert np.issubdtype(i.dtype, np.integer), f"indices dtype {i.dtype}, expected int64"
    assert np.array_equal(i, ri), (
        f"topk(x={x.tolist()}, k={k}) indices {i.tolist()}, expected {ri.tolist()} (largest first, equal values by "
        "lower column first)"
    )
    assert np.array_equal(v, rv), f"topk(x={x.tolist()}, k={k}) values {v.tolist()}, expected {rv.tolist()}"


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: tied 0.9s come out in column order; each row sorted descending."""
    x = np.array([[0.1, 0.9, 0.5, 0.9], [3.0, 1.0, 2.0, 0.0]])
    v, i = lab.topk(x, 2)
    assert np.array_equal(np.asarray(i), [[1, 3], [0, 2]]), f"topk(x, 2) indices = {np.asarray(i).tolist()}, expected [[1, 3], [0, 2]]"
    assert np.array_equal(np.asarray(v), [[0.9, 0.9], [3.0, 2.0]]), f"topk(x, 2) values = {np.asarray(v).tolist()}"


@pytest.mark.region("solve")
def test_ties_at_the_boundary_take_lowest_columns(lab):
    """Five equal values compete for the last two places: columns 1 and 2 win, not any two of them."""
    x = np.array([[5, 7, 7, 7, 7, 7, 1]])
    _check(lab, x, 3)
    v, i = lab.topk(x, 3)
    assert np.asarray(i).tolist() == [[1, 2, 3]], f"topk([[5, 7, 7, 7, 7, 7, 1]], 3) indices {np.asarray(i).tolist()}, expected [[1, 2, 3]]"


@pytest.mark.region("solve")
@given(_case())
def test_matches_stable_sort(lab, case):
    """Random rows with many ties, float / int32 / uint8: equals the first k of a stable descending argsort."""
    x, k = case
    _check(lab, x, k)


@pytest.mark.region("solve")
@pytest.mark.parametrize("k", [1, 7, 20, 39])
def test_many_boundary_ties_fixed_batch(lab, k):
    """50 rows of 40 scores with only 3 distinct values: ties at the k-th place go to the lowest columns.

    np.argpartition picks an arbitrary subset of the tied values; sorting the winners afterwards
    cannot repair a wrong choice of WHICH tied columns made it into the top k.
    """
    x = np.random.default_rng(7).integers(0, 3, (50, 40)).astype(np.float64)
    _check(lab, x, k)


@pytest.mark.region("solve")
def test_unsigned_integers(lab):
    """uint8 scores: the order is by value (negating uint8 wraps 1 to 255 and reverses the order)."""
    x = np.array([[0, 255, 1, 128]], dtype=np.uint8)
    v, i = lab.topk(x, 4)
    assert np.asarray(i).tolist() == [[1, 3, 2, 0]], f"topk(uint8 [[0, 255, 1, 128]], 4) indices {np.asarray(i).tolist()}, expected [[1, 3, 2, 0]]"
    assert np.asarray(v).dtype == np.uint8, f"values dtype {np.asarray(v).dtype}, expected uint8 (the input dtype)"


@pytest.mark.region("solve")
@pytest.mark.parametrize("k", [0, 4])
def test_k_zero_and_k_equals_m(lab, k):
    """k = 0 gives (N, 0) arrays; k = M is a full descending sort of each row."""
    x = np.array([[2.0, 8.0, 4.0, 6.0], [1.0, 1.0, 0.0, 3.0]])
    _check(lab, x, k)


@pytest.mark.region("solve")
@pytest.mark.parametrize("shape, k", [((2, 3), 4), ((2, 3), -1), ((6,), 2)])
def test_bad_arguments_raise(lab, shape, k):
    """k > M, k < 0 and a 1-d input raise ValueError."""
    with pytest.raises(ValueError):
        lab.topk(np.zeros(shape), k)
