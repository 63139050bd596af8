"""Grader for e16 - DBSCAN.

Reference: sklearn.cluster.DBSCAN, whose labelling (clusters numbered by their lowest-index
core point, a border point kept by the first cluster that reaches it) is exactly the one
the statement asks for, so labels are compared exactly; plus hand-built cases for the
inclusive eps, the point counting itself, border points that must not chain clusters, and
bad parameters.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.cluster import DBSCAN


def _points():
    return st.tuples(st.integers(1, 16), st.integers(1, 3)).flatmap(
        lambda t: hnp.arrays(np.float64, t, elements=st.integers(0, 8).map(float))
    )


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: a chain with border points, a small dense triple, and one noise point."""
    X = np.array([[0, 0], [0, 1], [1, 0], [2, 0], [10, 10], [10, 11], [11, 10], [5, 5]], dtype=float)
    got = np.asarray(lab.dbscan(X, eps=1.0, min_samples=3))
    want = np.array([0, 0, 0, 0, 1, 1, 1, -1])
    assert np.array_equal(got, want), f"dbscan(eps=1, min_samples=3) returned {got.tolist()}, expected {want.tolist()}"


@pytest.mark.region("solve")
@given(_points(), st.sampled_from([1.2, 1.7, 2.3, 3.1]), st.integers(1, 4))
def test_matches_sklearn_exactly(lab, X, eps, min_samples):
    """Random integer points: labels equal sklearn DBSCAN's, including the cluster numbering."""
    got = np.asarray(lab.dbscan(X, eps=eps, min_samples=min_samples))
    ref = DBSCAN(eps=eps, min_samples=min_samples).fit(X).labels_
    assert np.array_equal(got, ref), (
        f"X={X.tolist()}, eps={eps}, min_samples={min_samples}: got {got.tolist()}, sklearn gives {ref.tolist()}"
    )


@pytest.mark.region("solve")
def test_eps_is_inclusive_and_point_counts_itself(lab):
    """Points exactly eps apart are neighbours, and a point counts in its own neighbourhood."""
    X = np.array([[0.0], [1.0], [5.0]])
    got = np.asarray(lab.dbscan(X, eps=1.0, min_samples=2))
    assert np.array_equal(got, [0, 0, -1]), (
        f"x = 0, 1, 5 with eps=1, min_samples=2: got {got.tolist()}, expected [0, 0, -1] "
        "(0 and 1 are exactly eps apart, and each has 2 points counting itself)"
    )
    got = np.asarray(lab.dbscan(X, eps=1.0, min_samples=1))
    assert np.array_equal(got, [0, 0, 1]), (
        f"min_samples=1 makes every point core: got {got.tolist()}, expected [0, 0, 1]"
    )


@pytest.mark.region("solve")
def test_border_point_does_not_join_clusters(lab):
    """A border point between two dense groups belongs to the first cluster only; it must not merge them."""
    X = np.array([[0, 0], [0, 0.5], [-0.5, 0], [1, 0], [2, 0], [2, 0.5], [2.5, 0]], dtype=float)
    got = np.asarray(lab.dbscan(X, eps=1.0, min_samples=3))
    # (1, 0) has neighbours (0, 0), itself and (2, 0): with min_samples=3 it is core and links both groups.
    assert np.array_equal(got, np.zeros(7, dtype=int)), (
        f"min_samples=3: got {got.tolist()}, expected all 0 (the middle point (1, 0) is core and links the groups)"
    )
    got = np.asarray(lab.dbscan(X, eps=1.0, min_samples=4))
    want = np.array([0, 0, 0, 0, 1, 1, 1])
    assert np.array_equal(got, want), (
        f"min_samples=4: the middle point (1, 0) has 3 neighbours, so it is a border point of cluster 0 and must "
        f"not link to cluster 1; got {got.tolist()}, expected {want.tolist()}"
    )


@pytest.mark.region("solve")
def test_empty_and_bad_parameters(lab):
    """No points give an empty label array; eps <= 0 or min_samples < 1 raise ValueError."""
    got = np.asarray(lab.dbscan(np.zeros((0, 2)), eps=1.0, min_samples=2))
    assert got.shape == (0,), f"no points: got shape {got.shape}, expected (0,)"
    with pytest.raises(ValueError):
        lab.dbscan(np.zeros((3, 2)), eps=0.0, min_samples=2)
    with pytest.raises(ValueError):
        lab.dbscan(np.zeros((3, 2)), eps=1.0, min_samples=0)
