"""Grader for c26 - Euclidean clustering.

References: sklearn.cluster.DBSCAN(eps=radius, min_samples=1) (every point is a core point, so
its clusters are exactly the connected components of the radius graph), compared as
partitions after canonical relabelling; hand-worked 1-D chains; a synthetic "lidar" scene of
separated blobs with known membership.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.cluster import DBSCAN

LINE = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [10.0, 0.0], [10.5, 0.0], [20.0, 0.0]])


def _canonical(labels, min_size=1):
    """Renumber clusters 0.. by smallest member, clusters smaller than min_size -> -1."""
    labels = np.asarray(labels)
    out = np.full(len(labels), -1, dtype=np.int64)
    nxt = 0
    for i in range(len(labels)):
        if out[i] != -1 or labels[i] == -1:
            continue
        members = labels == labels[i]
        if members.sum() >= min_size:
            out[members] = nxt
            nxt += 1
    return out


@pytest.mark.region("solve")
def test_worked_example(lab):
    """README example: chains 0-1-2 and 10-10.5 and a lone point; min_size 2 drops the lone point; radius is inclusive."""
    cases = [((1.0, 1), [0, 0, 0, 1, 1, 2]), ((1.0, 2), [0, 0, 0, 1, 1, -1]), ((0.9, 1), [0, 1, 2, 3, 3, 4])]
    for (r, m), want in cases:
        got = np.asarray(lab.euclidean_clusters(LINE, r, min_size=m)).tolist()
        assert got == want, f"euclidean_clusters(line, radius={r}, min_size={m}) = {got}, expected {want}"


@pytest.mark.region("solve")
@given(
    st.tuples(st.integers(0, 40), st.integers(1, 3)).flatmap(
        lambda s: hnp.arrays(np.float64, s, elements=st.integers(0, 8).map(float))
    ),
    st.sampled_from([0.0, 1.0, 1.5, 2.0, 3.0]),
    st.integers(1, 4),
)
def test_partition_matches_dbscan(lab, pts, radius, min_size):
    """Random integer clouds (many exact-radius pairs): the same partition as DBSCAN(eps=radius, min_samples=1).

    DBSCAN needs eps > 0: radius 0 (only duplicates link) is compared with eps = 1e-9 on integer points.
    """
    got = np.asarray(lab.euclidean_clusters(pts, radius, min_size=min_size))
    assert got.shape == (len(pts),), f"{len(pts)} points gave labels of shape {got.shape}"
    if len(pts) == 0:
        return
    ref = _canonical(DBSCAN(eps=radius or 1e-9, min_samples=1).fit(pts).labels_, min_size)
    assert got.tolist() == ref.tolist(), (
        f"radius={radius}, min_size={min_size}: got {got.tolist()}\nexpected {ref.tolist()}\n"
        "(clusters are chains of links <= radius, numbered by their smallest index, small ones -1)"
    )


@pytest.mark.region("solve")
def test_chain_is_one_cluster(lab):
    """Points 0.9 apart along a line form one cluster although the ends are 90 apart (transitivity)."""
    pts = np.column_stack([np.arange(101) * 0.9, np.zeros(101)])
    got = np.asarray(lab.euclidean_clusters(pts, 1.0))
    assert np.all(got == 0), f"a chain of 101 points with gaps 0.9 < radius 1 must be one cluster, got {len(set(got.tolist()))} clusters"


@pytest.mark.region("solve")
def test_blobs_scene(lab):
    """Three well-separated 3-D blobs plus 5 isolated noise points, min_size 10: three clusters and -1 noise."""
    rng = np.random.default_rng(0)
    blobs = [rng.normal(scale=0.2, size=(60, 3)) + c for c in ([0, 0, 0], [5, 0, 0], [0, 5, 0])]
    noise = np.array([[20.0, 20, 20], [-20, 20, 0], [20, -20, 0], [0, 0, 30], [30, 0, 0]])
    pts = np.vstack(blobs + [noise])
    got = np.asarray(lab.euclidean_clusters(pts, 0.8, min_size=10))
    want = np.r_[np.zeros(60), np.ones(60), 2 * np.ones(60), -np.ones(5)].astype(int)
    assert got.tolist() == want.tolist(), f"blob labels {np.unique(got[:180]).tolist()}, noise labels {got[180:].tolist()}"


@pytest.mark.region("solve")
def test_empty_and_bad_input(lab):
    """No points give an empty int array; radius < 0, min_size 0 or 1-D points raise ValueError."""
    got = np.asarray(lab.euclidean_clusters(np.zeros((0, 3)), 1.0))
    assert got.shape == (0,), f"empty cloud: got shape {got.shape}"
    for args in [(np.ones((3, 2)), -1.0, 1), (np.ones((3, 2)), 1.0, 0), (np.ones(3), 1.0, 1)]:
        with pytest.raises(ValueError):
            lab.euclidean_clusters(args[0], args[1], min_size=args[2])
