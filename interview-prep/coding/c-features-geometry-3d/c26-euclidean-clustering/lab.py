"""c26 - Euclidean clustering of a point cloud.

Two points are linked when they are at most ``radius`` apart; clusters are the connected
components of that graph (single-linkage clustering cut at ``radius``). Components with fewer
than ``min_size`` points are noise. This is PCL's EuclideanClusterExtraction, used to split a
lidar scan into objects after removing the ground.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree


def euclidean_clusters(points: np.ndarray, radius: float, min_size: int = 1) -> np.ndarray:
    """Cluster labels (N,) int64: connected components of the graph |p_i - p_j| <= radius.

    Components with fewer than ``min_size`` points get label -1. The kept clusters are numbered
    0, 1, 2, ... in the order of their smallest point index (so the labelling is canonical).
    Neighbour pairs from a kd-tree (O(N log N + pairs)), components by union-find / BFS.
    """
    # TODO(solve): Return int64 labels (N,) for points (N, D): i and j share a cluster iff a chain of points
    # | with consecutive distances <= radius (inclusive) links them. Clusters with fewer than min_size points get -1;
    # | the others are numbered 0, 1, 2, ... consecutively in the order of their smallest point index.
    # | scipy.spatial.cKDTree / scipy.sparse.csgraph are allowed. N = 0 gives an empty array.
    # | Raise ValueError if points are not 2-D, radius < 0 or min_size < 1.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    pts = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [10.0, 0.0], [10.5, 0.0], [20.0, 0.0]])
    print("radius 1, min_size 1:", euclidean_clusters(pts, 1.0))
    print("radius 1, min_size 2:", euclidean_clusters(pts, 1.0, min_size=2))
    print("radius 0.9          :", euclidean_clusters(pts, 0.9))
