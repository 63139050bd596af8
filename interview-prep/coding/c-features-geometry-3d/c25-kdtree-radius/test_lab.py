"""Grader for c25 - kd-tree build and radius search.

References: scipy.spatial.cKDTree.query_ball_point (SciPy's C++ kd-tree) for the query results,
structural invariants of the tree (partition of the indices, leaf sizes, split ordering,
logarithmic depth) checked by walking the learner's Node objects, a hand-worked integer grid,
and the interview edge cases: duplicates, empty sets, boundary points at exactly r.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.spatial import cKDTree

GRID = np.array([[x, y] for x in range(5) for y in range(5)], dtype=float)


def _walk(node, depth=0):
    """Yield (node, depth) for every node."""
    yield node, depth
    if node.indices is None:
        yield from _walk(node.left, depth + 1)
        yield from _walk(node.right, depth + 1)


def _subtree_indices(node):
    return np.concatenate([n.indices for n, _ in _walk(node) if n.indices is not None])


_clouds = st.tuples(st.integers(0, 60), st.integers(1, 3)).flatmap(
    lambda s: hnp.arrays(np.float64, s, elements=st.integers(-4, 4).map(float))  # small integer range: many ties
)


# ----------------------------------------------------------------------------- build
@pytest.mark.region("build")
@given(_clouds, st.integers(1, 5))
def test_tree_structure_invariants(lab, pts, leaf_size):
    """Random (tie-heavy) clouds: leaves partition the indices, hold <= leaf_size points, splits order the halves."""
    tree = lab.KDTree(pts, leaf_size=leaf_size)
    assert np.asarray(tree.points).shape == pts.shape, "self.points must hold the (N, D) points"
    all_idx = np.sort(_subtree_indices(tree.root))
    assert np.array_equal(all_idx, np.arange(len(pts))), f"leaves must hold every index 0..{len(pts) - 1} exactly once"
    for node, _ in _walk(tree.root):
        if node.indices is not None:
            assert len(node.indices) <= leaf_size, f"a leaf holds {len(node.indices)} > {leaf_size} points"
            continue
        li, ri = _subtree_indices(node.left), _subtree_indices(node.right)
        assert len(li) > 0 and len(ri) > 0, "an internal node has an empty child: split at the median position, not by value"
        assert pts[li, node.axis].max() <= node.split <= pts[ri, node.axis].min(), (
            f"split {node.split} on axis {node.axis} does not separate left (max {pts[li, node.axis].max()}) "
            f"from right (min {pts[ri, node.axis].min()})"
        )


@pytest.mark.region("build")
@pytest.mark.parametrize("n", [1000, 200])
def test_depth_is_logarithmic_even_with_duplicates(lab, n):
    """1000 random points or 200 identical points: depth stays about log2(N / leaf_size)."""
    pts = np.random.default_rng(0).normal(size=(n, 3)) if n == 1000 else np.ones((n, 3))
    tree = lab.KDTree(pts, leaf_size=4)
    depth = max(d for _, d in _walk(tree.root))
    bound = math.ceil(math.log2(n / 4)) + 2
    assert depth <= bound, f"{n} points, leaf_size 4: depth {depth}, expected <= {bound} (split at the median)"


@pytest.mark.region("build")
def test_build_bad_input_raises(lab):
    """1-D points or leaf_size 0 raise ValueError."""
    with pytest.raises(ValueError):
        lab.KDTree(np.ones(5))
    with pytest.raises(ValueError):
        lab.KDTree(np.ones((5, 2)), leaf_size=0)


# ----------------------------------------------------------------------------- query
@pytest.mark.region("query", needs=["build"])
def test_query_worked_example(lab):
    """README example: on a 5x5 integer grid the points within 1 of (2, 2) are the centre and its 4 neighbours."""
    tree = lab.KDTree(GRID, leaf_size=2)
    got = np.asarray(tree.query_radius(np.array([2.0, 2.0]), 1.0))
    assert got.tolist() == [7, 11, 12, 13, 17], f"got {got.tolist()}, expected [7, 11, 12, 13, 17] (distance exactly r counts)"
    assert np.asarray(tree.query_radius(np.array([9.0, 9.0]), 0.5)).size == 0, "no point within 0.5 of (9, 9)"


@pytest.mark.region("query", needs=["build"])
@given(_clouds, st.integers(1, 5), st.integers(0, 2**32 - 1), st.sampled_from([0.0, 1.0, 1.5, 2.0, 3.0, 10.0]))
def test_query_matches_scipy(lab, pts, leaf_size, seed, r):
    """Random clouds and queries (many points at exactly distance r): the same indices as cKDTree.query_ball_point."""
    D = pts.shape[1]
    q = np.random.default_rng(seed).integers(-5, 6, size=D).astype(float)
    tree = lab.KDTree(pts, leaf_size=leaf_size)
    got = np.asarray(tree.query_radius(q, r))
    ref = np.array(sorted(cKDTree(pts).query_ball_point(q, r)), dtype=np.int64) if len(pts) else np.zeros(0, np.int64)
    assert got.tolist() == ref.tolist(), (
        f"query {q} r={r} on {len(pts)} points (leaf_size {leaf_size}): got {got.tolist()}, expected {ref.tolist()}; "
        f"missing {sorted(set(ref.tolist()) - set(got.tolist()))}, extra {sorted(set(got.tolist()) - set(ref.tolist()))}"
    )


@pytest.mark.region("query", needs=["build"])
def test_query_duplicates_and_empty_tree(lab):
    """50 copies of one point are all returned; an empty tree returns an empty int array."""
    tree = lab.KDTree(np.tile([1.0, 2.0, 3.0], (50, 1)), leaf_size=4)
    got = np.asarray(tree.query_radius(np.array([1.0, 2.0, 3.0]), 0.0))
    assert got.tolist() == list(range(50)), f"r = 0 at the duplicated point: got {len(got)} indices, expected all 50"
    empty = np.asarray(lab.KDTree(np.zeros((0, 3))).query_radius(np.zeros(3), 1.0))
    assert empty.size == 0 and np.issubdtype(empty.dtype, np.integer), f"empty tree: got {empty!r}, expected an empty int array"


@pytest.mark.region("query", needs=["build"])
def test_query_bad_input_raises(lab):
    """A negative radius or a query of the wrong dimension raises ValueError."""
    tree = lab.KDTree(GRID)
    with pytest.raises(ValueError):
        tree.query_radius(np.zeros(2), -1.0)
    with pytest.raises(ValueError):
        tree.query_radius(np.zeros(3), 1.0)
