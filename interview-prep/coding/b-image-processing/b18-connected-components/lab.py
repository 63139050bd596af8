"""b18 - Connected components labelling.

Label the 4- or 8-connected components of a binary mask with 1..n, numbered in raster
order of each component's first pixel (top-to-bottom, left-to-right); background is 0.
"""

from __future__ import annotations

import numpy as np


def label(mask: np.ndarray, connectivity: int = 8) -> tuple[np.ndarray, int]:
    """Connected components of the non-zero pixels of a 2-D ``mask``.

    Graph view: pixels are nodes, an edge joins two foreground pixels that are neighbours
    (4-connectivity: up/down/left/right; 8: also the diagonals). Components are found with a
    vectorised union-find: every edge hooks the larger root onto the smaller one
    (np.minimum.at), then pointer jumping parent <- parent[parent] flattens the trees. Each
    round at least halves the number of roots, so O(log n) rounds of O(H·W) work. Because
    roots are always the smallest flat index, a component's root is its first pixel in
    raster order, and ranking the roots gives the required numbering.

    Returns (labels int32 (H, W), n).
    """
    # TODO(solve): Return (labels, n): int32 (H, W) labels, 0 for background and 1..n for the components
    # | of mask != 0, numbered in raster order of each component's first pixel. connectivity 4 joins
    # | up/down/left/right neighbours, 8 also the diagonals. ValueError if mask is not 2-D or
    # | connectivity is not 4 or 8. An empty or all-zero mask gives n = 0.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    mask = np.array(
        [
            [1, 1, 0, 0, 1],
            [0, 0, 1, 0, 1],
            [1, 0, 0, 0, 0],
            [1, 0, 1, 1, 1],
        ],
        dtype=np.uint8,
    )
    for conn in (4, 8):
        labels, n = label(mask, conn)
        print(f"connectivity {conn}: n = {n}\n{labels}")
