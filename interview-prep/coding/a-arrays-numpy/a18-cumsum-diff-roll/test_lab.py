"""Grader for a18 - cumsum / diff / roll / triu puzzles.

References: plain Python loops written from the definitions (running max, shift with fill,
the mask predicate), np.diff (undiff must invert it), np.roll (circular shift), hand-computed
cases, and the edge cases an interviewer probes: axis handling, negative shifts, |k| >= n,
integer exactness, windows of 1 and >= n, empty inputs.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab.testing import where_differs

_arrays = hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=6), elements=st.integers(-50, 50))


# ----------------------------------------------------------------------------- running_max
@pytest.mark.region("running_max")
def test_running_max_worked_example(lab):
    """The README example: the best-so-far of [3, 1, 4, 1, 5, 9, 2, 6]."""
    got = np.asarray(lab.running_max(np.array([3, 1, 4, 1, 5, 9, 2, 6])))
    assert got.tolist() == [3, 3, 4, 4, 5, 9, 9, 9], f"running_max = {got.tolist()}, expected [3, 3, 4, 4, 5, 9, 9, 9]"


@pytest.mark.region("running_max")
@given(_arrays, st.data())
def test_running_max_matches_loop(lab, x, d):
    """Random int arrays of 1-3 dims, any axis: equals a loop taking max(prev, x[t]) along that axis."""
    axis = d.draw(st.integers(-x.ndim, x.ndim - 1))
    got = np.asarray(lab.running_max(x, axis=axis))
    ref = np.moveaxis(x, axis, 0).copy()
    for t in range(1, ref.shape[0]):
        ref[t] = np.maximum(ref[t - 1], ref[t])
    ref = np.moveaxis(ref, 0, axis)
    assert got.shape == x.shape and got.dtype == x.dtype, f"x {x.shape} {x.dtype}: got {got.shape} {got.dtype}"
    assert np.array_equal(got, ref), f"x {x.shape}, axis {axis}: {where_differs(got, ref)}"


@pytest.mark.region("running_max")
def test_running_max_rejects_scalar(lab):
    """A 0-d input raises ValueError."""
    with pytest.raises(ValueError):
        lab.running_max(np.float64(3.0))


# ----------------------------------------------------------------------------- undiff
@pytest.mark.region("undiff")
def test_undiff_worked_example(lab):
    """The README example: undiff([2, -1, 3], initial=10) = [10, 12, 11, 14]."""
    got = np.asarray(lab.undiff(np.array([2, -1, 3]), 10))
    assert got.tolist() == [10, 12, 11, 14], (
        f"undiff([2, -1, 3], 10) = {got.tolist()}, expected [10, 12, 11, 14]: n differences give n + 1 values, starting at initial"
    )


@pytest.mark.region("undiff")
@given(_arrays)
def test_undiff_inverts_diff(lab, x):
    """Random int arrays with at least one column: undiff(np.diff(x), x[..., 0]) == x exactly (integers stay integers)."""
    if x.shape[-1] == 0:
        x = np.zeros(x.shape[:-1] + (1,), dtype=np.int64)
    got = np.asarray(lab.undiff(np.diff(x, axis=-1), x[..., 0]))
    assert got.shape == x.shape, f"x {x.shape}: undiff returned shape {got.shape}, expected {x.shape}"
    assert np.issubdtype(got.dtype, np.integer), f"integer input returned {got.dtype}: keep integers exact"
    assert np.array_equal(got, x), f"x {x.shape}: {where_differs(got, x)}"


@pytest.mark.region("undiff")
def test_undiff_scalar_initial_broadcasts_and_empty(lab):
    """A scalar initial starts every row; no differences gives just the initial value; floats mix in."""
    got = np.asarray(lab.undiff(np.array([[1, 1], [2, 2]]), 5))
    assert got.tolist() == [[5, 6, 7], [5, 7, 9]], f"undiff([[1, 1], [2, 2]], 5) = {got.tolist()}, expected [[5, 6, 7], [5, 7, 9]]"
    got = np.asarray(lab.undiff(np.zeros(0, dtype=np.int64), 3))
    assert got.tolist() == [3], f"undiff([], 3) = {got.tolist()}, expected [3]"
    got = np.asarray(lab.undiff(np.array([1, 2]), 0.5))
    assert np.allclose(got, [0.5, 1.5, 3.5]), f"undiff([1, 2], 0.5) = {got.tolist()}, expected [0.5, 1.5, 3.5]"


# ----------------------------------------------------------------------------- causal_mask
@pytest.mark.region("causal_mask")
def test_causal_mask_worked_example(lab):
    """The README example: causal_mask(4, window=2) lets each query see itself and the previous key."""
    got = np.asarray(lab.causal_mask(4, window=2))
    want = np.array([[1, 0, 0, 0], [1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]], dtype=bool)
    assert got.dtype == bool, f"dtype {got.dtype}, expected bool"
    assert np.array_equal(got, want), f"causal_mask(4, 2) =\n{got.astype(int)}\nexpected\n{want.astype(int)}"


@pytest.mark.region("causal_mask")
@given(st.integers(0, 9), st.one_of(st.none(), st.integers(1, 11)))
def test_causal_mask_matches_predicate(lab, n, window):
    """Every n and window (None, 1, >= n): M[i, j] == (j <= i and i - j < window)."""
    got = np.asarray(lab.causal_mask(n, window))
    i, j = np.indices((n, n))
    ref = (j <= i) & (True if window is None else (i - j < window))
    assert got.shape == (n, n), f"causal_mask({n}, {window}) has shape {got.shape}, expected {(n, n)}"
    assert np.array_equal(got, ref), f"causal_mask({n}, {window}) =\n{got.astype(int)}\nexpected\n{np.asarray(ref).astype(int)}"


@pytest.mark.region("causal_mask")
def test_causal_mask_bad_arguments_raise(lab):
    """n < 0 or window < 1 raise ValueError."""
    with pytest.raises(ValueError):
        lab.causal_mask(-1)
    with pytest.raises(ValueError):
        lab.causal_mask(3, window=0)


# ----------------------------------------------------------------------------- shift
@pytest.mark.region("shift")
def test_shift_worked_example(lab):
    """The README example: circular shift by 2, filled shift by -2."""
    x = np.array([1, 2, 3, 4, 5])
    got = np.asarray(lab.shift(x, 2))
    assert got.tolist() == [4, 5, 1, 2, 3], f"shift([1..5], 2) = {got.tolist()}, expected [4, 5, 1, 2, 3]"
    got = np.asarray(lab.shift(x, -2, fill=0))
    assert got.tolist() == [3, 4, 5, 0, 0], f"shift([1..5], -2, fill=0) = {got.tolist()}, expected [3, 4, 5, 0, 0]"
    assert x.tolist() == [1, 2, 3, 4, 5], "shift modified its input"


@pytest.mark.region("shift")
@given(_arrays, st.integers(-9, 9), st.data())
def test_shift_circular_matches_roll(lab, x, k, d):
    """Random arrays, any axis, any k (also |k| > n): the circular shift equals np.roll."""
    axis = d.draw(st.integers(-x.ndim, x.ndim - 1))
    got = np.asarray(lab.shift(x, k, axis=axis))
    ref = np.roll(x, k, axis=axis)
    assert np.array_equal(got, ref), f"x {x.shape}, k={k}, axis={axis}: {where_differs(got, ref)}"


@pytest.mark.region("shift")
@given(_arrays, st.integers(-9, 9), st.data())
def test_shift_filled_matches_loop(lab, x, k, d):
    """Random arrays, any axis, any k: out[t + k] = x[t] inside the array, fill elsewhere (no wrap-around)."""
    axis = d.draw(st.integers(-x.ndim, x.ndim - 1))
    got = np.asarray(lab.shift(x, k, axis=axis, fill=-99))
    xm = np.moveaxis(x, axis, 0)
    ref = np.full_like(xm, -99)
    for t in range(xm.shape[0]):
        if 0 <= t + k < xm.shape[0]:
            ref[t + k] = xm[t]
    ref = np.moveaxis(ref, 0, axis)
    assert got.shape == x.shape and got.dtype == x.dtype, f"x {x.shape} {x.dtype}: got {got.shape} {got.dtype}"
    assert np.array_equal(got, ref), f"x {x.shape}, k={k}, axis={axis}, fill=-99: {where_differs(got, ref)}"


@pytest.mark.region("shift")
def test_shift_rejects_scalar(lab):
    """A 0-d input raises ValueError."""
    with pytest.raises(ValueError):
        lab.shift(np.float64(1.0), 1)
