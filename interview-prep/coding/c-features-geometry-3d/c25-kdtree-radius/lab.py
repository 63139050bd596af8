"""c25 - kd-tree: build it, then answer radius queries.

A kd-tree splits the point set recursively at the median of the coordinate with the largest
spread. A radius query descends the tree and skips every subtree whose half-space lies
farther than r from the query along the split axis: O(log N + k) typical instead of O(N).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Node:
    """A kd-tree node. Leaf: ``indices`` holds row numbers into the points. Internal: ``axis``,
    ``split``, ``left`` and ``right`` with  points[left, axis] <= split <= points[right, axis]."""

    indices: np.ndarray | None = None
    axis: int = -1
    split: float = 0.0
    left: Node | None = None
    right: Node | None = None


class KDTree:
    """kd-tree over points (N, D) with leaves of at most ``leaf_size`` points."""

    def __init__(self, points: np.ndarray, leaf_size: int = 8) -> None:
        # TODO(build): Store self.points = the (N, D) float64 array and build self.root, a Node tree:
        # | a leaf holds the row indices (int64 array) of at most leaf_size points; an internal node splits its points
        # | into two NON-EMPTY halves on the axis of largest spread at the median, with
        # | points[left, axis] <= split <= points[right, axis]. Every index appears in exactly one leaf; the depth
        # | is O(log N), also when many points are identical. N = 0 gives a leaf with no indices.
        # | Raise ValueError if points are not 2-D or leaf_size < 1.
        raise NotImplementedError("TODO(build): write this region")

    def query_radius(self, q: np.ndarray, r: float) -> np.ndarray:
        """Sorted indices (int64) of all points with |p - q| <= r (Euclidean, boundary included)."""
        # TODO(query): Return a sorted int64 array of the indices i with ||points[i] - q|| <= r (boundary
        # | included), using the tree: skip a child when the query is farther than r from the split plane on its side.
        # | q has shape (D,). No matches (or an empty tree) give an empty array. Raise ValueError if r < 0 or q has
        # | the wrong length.
        raise NotImplementedError("TODO(query): write this region")


if __name__ == "__main__":
    grid = np.array([[x, y] for x in range(5) for y in range(5)], dtype=float)  # 5x5 integer grid
    tree = KDTree(grid, leaf_size=2)
    print("points within 1 of (2, 2):", tree.query_radius(np.array([2.0, 2.0]), 1.0))
    print("points within 0.5 of (9, 9):", tree.query_radius(np.array([9.0, 9.0]), 0.5))
