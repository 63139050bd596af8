"""Grader for a01 - pairwise L2 distances.

Reference: scipy.spatial.distance.cdist (an independent, loop-based C implementation),
plus exact hand-computed cases and the edge cases an interviewer probes: empty sets,
identical points with large coordinates (catastrophic cancellation), mismatched D.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.spatial.distance import cdist

from cvlab.testing import where_differs


def _points(n_max: int = 12, d_max: int = 6):
    return st.tuples(st.integers(0, n_max), st.integers(0, n_max), st.integers(1, d_max)).flatmap(
        lambda t: st.tuples(
            hnp.arrays(np.float64, (t[0], t[2]), elements=st.floats(-1e3, 1e3)),
            hnp.arrays(np.float64, (t[1], t[2]), elements=st.floats(-1e3, 1e3)),
        )
    )


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README's worked example: 3-4-5 triangles give exact distances."""
    x = np.array([[0.0, 0.0], [3.0, 4.0]])
    y = np.array([[0.0, 0.0], [6.0, 8.0], [3.0, 0.0]])
    got = lab.pairwise_l2(x, y)
    want = np.array([[0.0, 10.0, 3.0], [5.0, 5.0, 4.0]])
    assert got.shape == (2, 3), f"pairwise_l2(x (2, 2), y (3, 2)) returned shape {got.shape}, expected (2, 3)"
    assert np.allclose(got, want, atol=1e-9), f"pairwise_l2 returned\n{got}\nexpected\n{want}"


@pytest.mark.region("solve")
@given(_points())
def test_matches_scipy_cdist(lab, xy):
    """Random point sets: the result equals scipy's cdist(x, y, 'euclidean') to 1e-6 relative."""
    x, y = xy
    got = np.asarray(lab.pairwise_l2(x, y))
    ref = cdist(x, y, "euclidean")
    assert got.shape == ref.shape, f"x {x.shape}, y {y.shape}: got shape {got.shape}, expected {ref.shape}"
    # The expansion ||x||² - 2x·y + ||y||² rounds each term to ~D·eps relative, so the squared
    # distance carries an absolute error up to ~D·eps·(||x||² + ||y||²); at a true distance of 0
    # that becomes sqrt(...) in the distance itself. Allow that bound (with a safety factor), not more.
    d = x.shape[1]
    norms2 = (x * x).sum(1).max(initial=0) + (y * y).sum(1).max(initial=0)
    atol = np.sqrt(16 * d * np.finfo(np.float64).eps * (1.0 + norms2))
    assert np.allclose(got, ref, rtol=1e-6, atol=atol), f"differs from cdist (atol {atol:.2g}): {where_differs(got, ref)}"


@pytest.mark.region("solve")
def test_identical_large_points_are_zero_not_nan(lab):
    """Identical points far from the origin: distance 0 (tiny), never NaN from sqrt of a rounding error."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 64)) * 1e4 + 1e5
    got = lab.pairwise_l2(x, x)
    assert not np.isnan(got).any(), (
        "pairwise_l2(x, x) contains NaN: ||x||^2 - 2x.y + ||y||^2 rounds to a tiny negative number for identical "
        "points; clamp the squared distances at 0 before the square root"
    )
    assert np.all(got >= 0), "distances must never be negative"
    assert np.abs(np.diag(got)).max() < 1e-2 * np.abs(x).max(), "the distance of a point to itself should be ~0"


@pytest.mark.region("solve")
def test_result_is_symmetric_for_the_same_set(lab):
    """pairwise_l2(x, x) is symmetric with a zero diagonal (up to rounding)."""
    x = np.random.default_rng(1).normal(size=(40, 5))
    got = lab.pairwise_l2(x, x)
    assert np.allclose(got, got.T, atol=1e-9), "pairwise_l2(x, x) should be symmetric"
    assert np.allclose(np.diag(got), 0, atol=1e-6), f"diagonal should be 0, got up to {np.abs(np.diag(got)).max():.3g}"


@pytest.mark.region("solve")
@pytest.mark.parametrize("n, m", [(0, 3), (4, 0), (0, 0), (1, 1)])
def test_empty_and_single_point_sets(lab, n, m):
    """Empty sets give an empty (N, M) matrix; one point against one point gives a (1, 1) matrix."""
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(n, 3)), rng.normal(size=(m, 3))
    got = np.asarray(lab.pairwise_l2(x, y))
    assert got.shape == (n, m), f"x {x.shape}, y {y.shape}: got shape {got.shape}, expected {(n, m)}"
    assert np.allclose(got, cdist(x, y)), "single-point distance is wrong"


@pytest.mark.region("solve")
def test_integer_input_does_not_overflow(lab):
    """uint8 pixels as features: the result is float and exact, not wrapped modulo 256."""
    x = np.array([[255, 0, 0]], dtype=np.uint8)
    y = np.array([[0, 0, 0], [255, 255, 255]], dtype=np.uint8)
    got = lab.pairwise_l2(x, y)
    want = np.array([[255.0, 255.0 * np.sqrt(2.0)]])
    assert np.issubdtype(np.asarray(got).dtype, np.floating), f"returned dtype {np.asarray(got).dtype}, expected float"
    assert np.allclose(got, want), f"uint8 input: got {got}, expected {want} (convert to float before squaring)"


@pytest.mark.region("solve")
def test_mismatched_feature_sizes_raise(lab):
    """x with D=3 and y with D=4 raise ValueError instead of broadcasting into nonsense."""
    with pytest.raises(ValueError):
        lab.pairwise_l2(np.zeros((2, 3)), np.zeros((2, 4)))
