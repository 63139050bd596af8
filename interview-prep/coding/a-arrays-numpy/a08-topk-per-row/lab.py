"""a08 - Per-row top-k (values and indices, sorted descending).

For every row of an (N, M) score matrix return its k largest values and their column
indices, largest first; equal values are ordered by column index (lowest first). Selection
with np.partition is O(M) per row; only the k winners are sorted.
"""

from __future__ import annotations

import numpy as np


def _desc_order(v: np.ndarray) -> np.ndarray:
    """Column order of each row of v by value descending, ties by column ascending (no negation).

    A stable ascending sort of the reversed row orders ties by reversed position; reading
    that result backwards gives descending values with ties in original column order.
    Negating would break unsigned integers (-np.uint8(1) == 255).
    """
    m = v.shape[1]
    asc = np.argsort(v[:, ::-1], axis=1, kind="stable")  # (N, m) positions in the reversed rows
    return (m - 1 - asc)[:, ::-1]  # (N, m) original columns, descending


def topk(x: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k largest entries of every row of ``x`` (N, M) and their columns.

    Returns (values (N, k) in x's dtype, indices (N, k) int64) with values[i] non-increasing,
    values[i, j] == x[i, indices[i, j]], and equal values ordered by lower column first.
    Cost: O(N·M) selection (np.partition) + O(N·k log k) sorting of the winners.
    """
    # TODO(solve): Return (values, indices), both (N, k): each row's k largest entries, largest first, and their columns (int64).
    # | values keep x's dtype and values[i, j] == x[i, indices[i, j]]. Ties: among equal values the lower column
    # | comes first, also when deciding which of several equal values make it into the top k.
    # | k == 0 gives (N, 0) arrays. Raise ValueError if x is not 2-d or k < 0 or k > M. Works for unsigned ints.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    x = np.array([[0.1, 0.9, 0.5, 0.9], [3.0, 1.0, 2.0, 0.0]])
    v, i = topk(x, 2)
    print("x =", x.tolist())
    print("topk(x, 2) values =", v.tolist(), " indices =", i.tolist())
