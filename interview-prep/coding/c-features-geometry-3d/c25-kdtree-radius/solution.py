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
        # BEGIN REGION build: Store self.points = the (N, D) float64 array and build self.root, a Node tree:
        # | a leaf holds the row indices (int64 array) of at most leaf_size points; an internal node splits its points
        # | into two NON-EMPTY halves on the axis of largest spread at the median, with
        # | points[left, axis] <= split <= points[right, axis]. Every index appears in exactly one leaf; the depth
        # | is O(log N), also when many points are identical. N = 0 gives a leaf with no indices.
        # | Raise ValueError if points are not 2-D or leaf_size < 1.
        P = np.asarray(points, dtype=np.float64)
        if P.ndim != 2 or leaf_size < 1:
            raise ValueError(f"expected points (N, D) and leaf_size >= 1, got {P.shape} and {leaf_size}")
        self.points = P
        self.leaf_size = leaf_size

        def build(idx: np.ndarray) -> Node:
            if len(idx) <= leaf_size:
                return Node(indices=idx)
            pts = P[idx]  # (n, D)
            axis = int(np.argmax(pts.max(axis=0) - pts.min(axis=0)))
            mid = len(idx) // 2
            order = np.argpartition(pts[:, axis], mid)  # O(n): left half <= element mid <= right half
            left, right = idx[order[:mid]], idx[order[mid:]]  # both non-empty, even if all values are equal
            split = float(P[idx[order[mid]], axis])
            return Node(axis=axis, split=split, left=build(left), right=build(right))

        self.root = build(np.arange(len(P), dtype=np.int64))
        # END REGION build

    def query_radius(self, q: np.ndarray, r: float) -> np.ndarray:
        """Sorted indices (int64) of all points with |p - q| <= r (Euclidean, boundary included)."""
        # BEGIN REGION query: Return a sorted int64 array of the indices i with ||points[i] - q|| <= r (boundary
        # | included), using the tree: skip a child when the query is farther than r from the split plane on its side.
        # | q has shape (D,). No matches (or an empty tree) give an empty array. Raise ValueError if r < 0 or q has
        # | the wrong length.
        q = np.asarray(q, dtype=np.float64)
        if r < 0:
            raise ValueError(f"radius must be >= 0, got {r}")
        if q.shape != (self.points.shape[1],):
            raise ValueError(f"query must have shape ({self.points.shape[1]},), got {q.shape}")
        found: list[np.ndarray] = []
        stack = [self.root]
        r2 = r * r
        while stack:  # a loop over tree nodes, not over points
            node = stack.pop()
            if node.indices is not None:
                d2 = ((self.points[node.indices] - q) ** 2).sum(axis=1)  # (leaf,) squared distances
                found.append(node.indices[d2 <= r2])
                continue
            diff = q[node.axis] - node.split
            if diff - r <= 0:  # the ball reaches the left half-space (coords <= split)
                stack.append(node.left)
            if diff + r >= 0:  # ... and/or the right one (coords >= split)
                stack.append(node.right)
        if not found:
            return np.zeros(0, dtype=np.int64)
        return np.sort(np.concatenate(found)).astype(np.int64)
        # END REGION query


if __name__ == "__main__":
    grid = np.array([[x, y] for x in range(5) for y in range(5)], dtype=float)  # 5x5 integer grid
    tree = KDTree(grid, leaf_size=2)
    print("points within 1 of (2, 2):", tree.query_radius(np.array([2.0, 2.0]), 1.0))
    print("points within 0.5 of (9, 9):", tree.query_radius(np.array([9.0, 9.0]), 0.5))
