"""a09 - Per-row gather and its inverse scatter (torch.gather / torch.scatter semantics).

gather picks, along one axis, the entry named by an index array of the same rank:
    axis = 1 (2-d):  out[i, j] = x[i, index[i, j]]
scatter writes back:  out = x.copy();  out[i, index[i, j]] = src[i, j]
Both in NumPy, for any rank and axis, with index smaller than x in the other axes allowed.
"""

from __future__ import annotations

import numpy as np


def _validate(x: np.ndarray, index: np.ndarray, axis: int) -> int:
    """Check shapes/ranges shared by gather and scatter; return the normalised axis."""
    if x.ndim == 0 or index.ndim != x.ndim:
        raise ValueError(f"index must have the same number of dimensions as x, got {index.shape} and {x.shape}")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis {axis} out of range for {x.ndim}-d input")
    axis %= x.ndim
    if index.size and index.dtype.kind not in "iu":
        raise ValueError(f"index must be integer, got {index.dtype}")
    if any(index.shape[d] > x.shape[d] for d in range(x.ndim) if d != axis):
        raise ValueError(f"index {index.shape} larger than x {x.shape} outside axis {axis}")
    if index.size and (index.min() < 0 or index.max() >= x.shape[axis]):
        raise ValueError(f"index values must lie in [0, {x.shape[axis]})")
    return axis


def _coords(index: np.ndarray, axis: int) -> tuple[np.ndarray, ...]:
    """Open index grids of index.shape, with the `axis` component replaced by `index` itself."""
    grids = list(np.ogrid[tuple(slice(0, s) for s in index.shape)])  # each (1, .., s_d, .., 1)
    grids[axis] = index
    return tuple(grids)  # broadcast together to index.shape


def gather(x: np.ndarray, index: np.ndarray, axis: int) -> np.ndarray:
    """out[p] = x[p with its `axis` coordinate replaced by index[p]] for every position p of index.

    Shapes: x (..., M, ...), index same rank with index.shape[d] <= x.shape[d] for d != axis
    -> out index.shape, dtype of x.
    """
    # BEGIN REGION gather: Return an array of index.shape (x's dtype): out[p] = x[p with coordinate `axis` replaced by index[p]].
    # | 2-d, axis=1: out[i, j] = x[i, index[i, j]]; axis=0: out[i, j] = x[index[i, j], j]. Any rank, negative axis allowed.
    # | index has x's rank and may be SMALLER than x in the other axes (torch.gather rules). Raise ValueError if the
    # | ranks differ, index is larger than x outside `axis`, index is not integer, or a value is outside [0, x.shape[axis]).
    x, index = np.asarray(x), np.asarray(index)
    axis = _validate(x, index, axis)
    return x[_coords(index, axis)]  # advanced indexing with broadcast grids -> index.shape
    # END REGION gather


def scatter(x: np.ndarray, index: np.ndarray, src: np.ndarray, axis: int) -> np.ndarray:
    """A copy of x with out[p with coordinate `axis` = index[p]] = src[p] for every position p of index.

    The inverse of gather: scatter(x, idx, gather(x, idx, a), a) == x, and for an index without
    repeats along `axis`, gather(scatter(z, idx, s, a), idx, a) == s. Repeats would make the
    result depend on write order, so they are rejected.
    """
    # BEGIN REGION scatter: Return a COPY of x (x unchanged) with out[p with coordinate `axis` = index[p]] = src[p] for every p.
    # | src has index.shape. Same shape rules and ValueErrors as gather, plus ValueError if src.shape != index.shape or if
    # | the same target is written twice (an index value repeated along `axis` within one line).
    x, index, src = np.asarray(x), np.asarray(index), np.asarray(src)
    axis = _validate(x, index, axis)
    if src.shape != index.shape:
        raise ValueError(f"src must have index's shape {index.shape}, got {src.shape}")
    if index.shape[axis] > 1:
        s = np.sort(index, axis=axis)  # repeats become neighbours along axis
        if np.any(np.diff(s, axis=axis) == 0):
            raise ValueError("index repeats a target along the scatter axis")
    out = x.copy()
    out[_coords(index, axis)] = src
    return out
    # END REGION scatter


if __name__ == "__main__":
    x = np.array([[10, 11, 12], [20, 21, 22]])
    idx = np.array([[2, 0], [1, 1]])
    print("x =", x.tolist(), " index =", idx.tolist())
    print("gather(x, index, axis=1) =", gather(x, idx, axis=1).tolist())
    print("scatter(zeros, [[2, 0]], [[7, 8]], axis=1) =",
          scatter(np.zeros((1, 3), int), np.array([[2, 0]]), np.array([[7, 8]]), axis=1).tolist())
