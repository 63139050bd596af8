"""Grader for a10 - Welford running statistics and Chan's merge.

References: np.mean and np.var(ddof=0 / 1) on the whole data (two-pass, accurate), exact
hand-computed cases, and the cases an interviewer probes: a large offset (1e9 + noise, where
sum-of-squares formulas cancel catastrophically), generators read once, vector samples,
empty and single-sample streams, merges of unequal chunks and with an empty state.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


def _variance(state, ddof):
    n, _, m2 = state
    return np.asarray(m2, dtype=np.float64) / (n - ddof)


_data = hnp.arrays(np.float64, st.integers(1, 30), elements=st.floats(-1e3, 1e3))


def _offset_data(offset):
    return offset + np.random.default_rng(0).normal(0.0, 1.0, 200)


# ----------------------------------------------------------------------------- update
@pytest.mark.region("update")
def test_update_worked_example(lab):
    """The README example: 1e9 + [4, 7, 13, 16] has mean 1e9 + 10 and sample variance exactly 30."""
    n, mean, m2 = lab.welford(iter(1e9 + np.array([4.0, 7.0, 13.0, 16.0])))
    assert n == 4, f"n = {n}, expected 4"
    assert abs(float(mean) - (1e9 + 10)) < 1e-6, f"mean = {float(mean)!r}, expected 1000000010.0"
    assert abs(float(m2) - 90.0) < 1e-6, (
        f"m2 = {float(m2)!r}, expected 90 (variance 30): sum(x^2) - (sum x)^2 / n loses every digit at 1e9; "
        "use Welford's update"
    )


@pytest.mark.region("update")
@given(_data)
def test_update_matches_numpy(lab, x):
    """Random data read from a generator: n, mean and variance (ddof 0 and 1) equal np.mean / np.var."""
    state = lab.welford(v for v in x)
    n, mean = state[0], float(state[1])
    assert n == len(x), f"n = {n}, expected {len(x)}"
    assert np.isclose(mean, np.mean(x), rtol=1e-9, atol=1e-9), f"mean = {mean}, expected {np.mean(x)}"
    assert np.isclose(float(_variance(state, 0)), np.var(x), rtol=1e-8, atol=1e-8), (
        f"m2 / n = {float(_variance(state, 0))}, expected np.var(x) = {np.var(x)}"
    )
    if len(x) > 1:
        assert np.isclose(float(_variance(state, 1)), np.var(x, ddof=1), rtol=1e-8, atol=1e-8), "ddof=1 variance wrong"


@pytest.mark.region("update")
@pytest.mark.parametrize("offset", [1e6, 1e9])
def test_update_large_offset_is_accurate(lab, offset):
    """200 samples of N(offset, 1): the variance is within 1e-6 relative of np.var (no catastrophic cancellation)."""
    x = _offset_data(offset)
    got = float(_variance(lab.welford(iter(x)), 1))
    ref = np.var(x, ddof=1)
    assert np.isclose(got, ref, rtol=1e-6), (
        f"offset {offset:g}: variance {got!r}, expected {ref!r}; the sum-of-squares formula cancels at large offsets"
    )


@pytest.mark.region("update")
def test_update_vector_samples(lab):
    """Per-channel statistics: a stream of RGB pixels (3,) gives (3,) mean and m2."""
    px = np.random.default_rng(1).integers(0, 256, (50, 3)).astype(np.uint8)
    n, mean, m2 = lab.welford(iter(px))
    assert n == 50 and np.shape(mean) == (3,) and np.shape(m2) == (3,), f"n {n}, mean shape {np.shape(mean)}, m2 shape {np.shape(m2)}"
    assert np.allclose(mean, px.mean(0)), f"per-channel mean {mean}, expected {px.mean(0)} (uint8 must not wrap)"
    assert np.allclose(np.asarray(m2) / 50, px.astype(float).var(0)), f"per-channel variance {np.asarray(m2) / 50}"


@pytest.mark.region("update")
def test_update_does_not_modify_the_samples(lab):
    """float64 (3,) samples: the caller's data is unchanged afterwards (no in-place update of an aliased sample)."""
    x = np.random.default_rng(3).normal(size=(20, 3))
    before = x.copy()
    n, mean, m2 = lab.welford(iter(x))
    assert np.array_equal(x, before), (
        "welford modified the input samples: starting with mean = x (no copy) and then mean += d / n writes into "
        "the caller's first sample; copy it, or use mean = mean + d / n"
    )
    assert n == 20 and np.allclose(mean, before.mean(0)) and np.allclose(np.asarray(m2) / 20, before.var(0)), (
        f"per-channel float64 stream: n {n}, mean {mean}, m2 / n {np.asarray(m2) / 20}, expected {before.mean(0)}, "
        f"{before.var(0)}"
    )


@pytest.mark.region("update")
def test_update_empty_and_single(lab):
    """An empty stream is (0, 0, 0); one sample has mean = the sample and m2 = 0."""
    n, mean, m2 = lab.welford(iter([]))
    assert (n, float(mean), float(m2)) == (0, 0.0, 0.0), f"welford([]) = {(n, mean, m2)}, expected (0, 0.0, 0.0)"
    n, mean, m2 = lab.welford([5.0])
    assert (n, float(mean), float(m2)) == (1, 5.0, 0.0), f"welford([5]) = {(n, mean, m2)}, expected (1, 5.0, 0.0)"


# ----------------------------------------------------------------------------- merge
def _state(x):
    """Exact reference state of an array: (n, mean, m2) by two passes."""
    x = np.asarray(x, dtype=np.float64)
    if len(x) == 0:
        return 0, np.float64(0.0), np.float64(0.0)
    m = x.mean(0)
    return len(x), m, ((x - m) ** 2).sum(0)


@pytest.mark.region("merge")
def test_merge_worked_example(lab):
    """The README example: merging [4, 7] (1e9 offset) and [13, 16] gives mean 1e9 + 10, m2 90."""
    d = 1e9 + np.array([4.0, 7.0, 13.0, 16.0])
    n, mean, m2 = lab.merge(_state(d[:2]), _state(d[2:]))
    assert n == 4 and abs(float(mean) - (1e9 + 10)) < 1e-6, f"merged n, mean = {n}, {float(mean)!r}, expected 4, 1000000010.0"
    assert abs(float(m2) - 90.0) < 1e-6, (
        f"merged m2 = {float(m2)!r}, expected 90 = 4.5 + 4.5 + delta^2 * n_a * n_b / n with delta = 9"
    )


@pytest.mark.region("merge")
@given(_data, st.integers(0, 30))
def test_merge_equals_whole(lab, x, cut):
    """Any split point, unequal chunk sizes: merge(state(x[:c]), state(x[c:])) equals the state of x."""
    cut = min(cut, len(x))
    n, mean, m2 = lab.merge(_state(x[:cut]), _state(x[cut:]))
    rn, rmean, rm2 = _state(x)
    assert n == rn, f"split at {cut} of {len(x)}: n = {n}, expected {rn}"
    assert np.isclose(float(mean), float(rmean), rtol=1e-9, atol=1e-9), (
        f"split at {cut} of {len(x)}: mean {float(mean)}, expected {float(rmean)} (weight the means by chunk size)"
    )
    assert np.isclose(float(m2), float(rm2), rtol=1e-8, atol=1e-7), (
        f"split at {cut} of {len(x)}: m2 {float(m2)}, expected {float(rm2)} (add delta^2 * n_a * n_b / n)"
    )


@pytest.mark.region("merge")
def test_merge_with_empty_state(lab):
    """Merging with an empty state returns the other state unchanged (no 0/0 = NaN)."""
    s = _state([1.0, 2.0, 6.0])
    for got in (lab.merge(s, _state([])), lab.merge(_state([]), s)):
        n, mean, m2 = got
        assert n == 3 and np.isclose(float(mean), 3.0) and np.isclose(float(m2), 14.0), (
            f"merge with an empty state gave {(n, float(mean), float(m2))}, expected (3, 3.0, 14.0)"
        )
    n, mean, m2 = lab.merge(_state([]), _state([]))
    assert n == 0 and not np.isnan(float(mean)), f"merge of two empty states gave {(n, mean, m2)}, expected n = 0, mean 0"


@pytest.mark.region("merge")
def test_merge_does_not_modify_its_inputs(lab):
    """merge(a, b) with (3,) states leaves the arrays of a and b unchanged (they may be merged again)."""
    x = np.random.default_rng(4).normal(size=(30, 3))
    a, b = _state(x[:10]), _state(x[10:])
    a_copy = (a[0], a[1].copy(), a[2].copy())
    b_copy = (b[0], b[1].copy(), b[2].copy())
    n, mean, m2 = lab.merge(a, b)
    for name, s, c in (("a", a, a_copy), ("b", b, b_copy)):
        assert np.array_equal(s[1], c[1]) and np.array_equal(s[2], c[2]), (
            f"merge modified state {name} in place (e.g. mean_a += ...): build new arrays, the caller may reuse {name}"
        )
    rn, rmean, rm2 = _state(x)
    assert n == 30 and np.allclose(mean, rmean) and np.allclose(m2, rm2), f"merged {(n, mean, m2)}, expected {(rn, rmean, rm2)}"


@pytest.mark.region("merge")
def test_merge_many_shards_vectors(lab):
    """Reduce 7 unequal shards of (3,) samples at offset 1e6, pairwise: equals np.var of all the data."""
    x = 1e6 + np.random.default_rng(2).normal(size=(100, 3))
    cuts = [0, 3, 4, 20, 21, 55, 90, 100]
    states = [_state(x[a:b]) for a, b in zip(cuts, cuts[1:])]
    while len(states) > 1:
        states = [lab.merge(states[i], states[i + 1]) if i + 1 < len(states) else states[i] for i in range(0, len(states), 2)]
    n, mean, m2 = states[0]
    assert n == 100, f"n = {n}, expected 100"
    assert np.allclose(mean, x.mean(0), rtol=1e-12), f"mean {mean}, expected {x.mean(0)}"
    assert np.allclose(np.asarray(m2) / 99, x.var(0, ddof=1), rtol=1e-6), f"variance {np.asarray(m2) / 99}, expected {x.var(0, ddof=1)}"
