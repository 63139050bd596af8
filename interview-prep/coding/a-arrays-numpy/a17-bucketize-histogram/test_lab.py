"""Grader for a17 - bucketize and histogram.

References: np.digitize (with the flag flipped: digitize's right=False is bucketize's
right=True) for bucketize, np.histogram (counts and weights) for histogram, hand-computed
cases, and the edge cases an interviewer probes: values equal to a boundary (both sides),
repeated boundaries, the closed last bin, values exactly on floating-point edges, values out of
range and NaN, empty input.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab.testing import where_differs


# ----------------------------------------------------------------------------- bucketize
@pytest.mark.region("bucketize")
def test_bucketize_worked_example(lab):
    """The README example: boundaries [1, 3, 5]; a value equal to a boundary goes left (right=False) or right (right=True)."""
    b, x = np.array([1.0, 3.0, 5.0]), np.array([0.0, 1.0, 2.0, 3.0, 6.0])
    got = np.asarray(lab.bucketize(x, b))
    assert got.tolist() == [0, 0, 1, 1, 3], f"bucketize({x.tolist()}, {b.tolist()}) = {got.tolist()}, expected [0, 0, 1, 1, 3]"
    got = np.asarray(lab.bucketize(x, b, right=True))
    assert got.tolist() == [0, 1, 1, 2, 3], f"bucketize(..., right=True) = {got.tolist()}, expected [0, 1, 1, 2, 3]"
    assert np.issubdtype(got.dtype, np.integer), f"dtype {got.dtype}, expected int64"


@pytest.mark.region("bucketize")
@given(st.lists(st.integers(-5, 5), max_size=6).map(sorted), hnp.arrays(np.int64, hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=6),
       elements=st.integers(-7, 7)), st.booleans())
def test_bucketize_matches_digitize(lab, b, x, right):
    """Random sorted boundaries (with repeats) and values hitting them: equals np.digitize(x, b, right=not right)."""
    b = np.array(b, dtype=np.float64)
    x = x.astype(np.float64)
    got = np.asarray(lab.bucketize(x, b, right=right))
    ref = np.digitize(x, b, right=not right)
    assert got.shape == ref.shape, f"x {x.shape}: result shape {got.shape}, expected {ref.shape}"
    assert np.array_equal(got, ref), f"boundaries {b.tolist()}, right={right}: {where_differs(got, ref)}"


@pytest.mark.region("bucketize")
def test_bucketize_bad_boundaries_raise(lab):
    """Decreasing or 2-d boundaries raise ValueError (a binary search on unsorted data is silently wrong)."""
    with pytest.raises(ValueError):
        lab.bucketize(np.array([1.0]), np.array([3.0, 1.0, 5.0]))
    with pytest.raises(ValueError):
        lab.bucketize(np.array([1.0]), np.array([[1.0, 2.0]]))


# ----------------------------------------------------------------------------- histogram
@pytest.mark.region("histogram", needs=["bucketize"])
def test_histogram_worked_example(lab):
    """The README example: 2 bins over [0, 2]; 1 goes to bin 1, 2 is in the closed last bin, -1 is dropped."""
    got = np.asarray(lab.histogram(np.array([0, 0.5, 1, 1, 2, -1]), 2, 0.0, 2.0))
    assert got.tolist() == [2, 3], (
        f"histogram([0, 0.5, 1, 1, 2, -1], 2 bins, [0, 2]) = {got.tolist()}, expected [2, 3]: bins are [0, 1) and [1, 2] "
        "(the last bin includes its right edge)"
    )


@pytest.mark.region("histogram", needs=["bucketize"])
@given(st.integers(1, 12), st.sampled_from([(0.0, 1.0), (-1.0, 2.0), (0.1, 0.7), (3.0, 10.0), (-1e-3, 1e-3)]),
       st.integers(0, 999))
def test_histogram_values_on_edges(lab, bins, rng_, seed):
    """Values exactly on the float edges linspace(lo, hi, bins + 1), plus random ones: equals np.histogram exactly."""
    lo, hi = rng_
    edges = np.linspace(lo, hi, bins + 1)
    rng = np.random.default_rng(seed)
    x = np.concatenate([edges, rng.uniform(lo - 0.2 * (hi - lo), hi + 0.2 * (hi - lo), 30)])
    got = np.asarray(lab.histogram(x, bins, lo, hi))
    ref = np.histogram(x, bins, (lo, hi))[0]
    assert got.shape == ref.shape, f"{bins} bins: shape {got.shape}, expected {ref.shape}"
    assert np.array_equal(got, ref), (
        f"{bins} bins over [{lo}, {hi}]: counts {got.tolist()}, np.histogram {ref.tolist()}. floor((x - lo) / width) "
        "misplaces values that sit exactly on an edge; compare with the edges themselves"
    )


@pytest.mark.region("histogram", needs=["bucketize"])
@given(hnp.arrays(np.float64, st.integers(0, 40), elements=st.floats(-3, 3)), st.integers(1, 8))
def test_histogram_weights_match_numpy(lab, x, bins):
    """Random data with weights: the weighted sums equal np.histogram(..., weights=w) to 1e-12."""
    w = np.cos(np.arange(x.size))
    got = np.asarray(lab.histogram(x, bins, -2.0, 2.0, weights=w))
    ref = np.histogram(x, bins, (-2.0, 2.0), weights=w)[0]
    assert np.allclose(got, ref, atol=1e-12), f"weighted histogram: {where_differs(got, ref)}"
    counts = np.asarray(lab.histogram(x, bins, -2.0, 2.0))
    assert np.issubdtype(counts.dtype, np.integer), f"unweighted counts dtype {counts.dtype}, expected int64"


@pytest.mark.region("histogram", needs=["bucketize"])
def test_histogram_out_of_range_nan_and_2d(lab):
    """Out-of-range values and NaN are not counted; a 2-d image is histogrammed over all its pixels; empty -> zeros."""
    x = np.array([[-5.0, 0.25, np.nan], [0.75, 9.0, 1.0]])
    got = np.asarray(lab.histogram(x, 4, 0.0, 1.0))
    assert got.tolist() == [0, 1, 0, 2], f"histogram(with -5, 9, NaN) = {got.tolist()}, expected [0, 1, 0, 2] (outliers ignored, not clipped)"
    got = np.asarray(lab.histogram(np.zeros(0), 3, 0.0, 1.0))
    assert got.tolist() == [0, 0, 0], f"histogram([]) = {got.tolist()}, expected [0, 0, 0]"


@pytest.mark.region("histogram", needs=["bucketize"])
@pytest.mark.parametrize("bins, lo, hi, w", [(0, 0.0, 1.0, None), (3, 1.0, 1.0, None), (3, 2.0, 1.0, None), (3, 0.0, 1.0, np.ones(2))])
def test_histogram_bad_arguments_raise(lab, bins, lo, hi, w):
    """bins < 1, lo >= hi, or weights of the wrong shape raise ValueError."""
    with pytest.raises(ValueError):
        lab.histogram(np.array([0.5, 0.2, 0.1]), bins, lo, hi, weights=w)
