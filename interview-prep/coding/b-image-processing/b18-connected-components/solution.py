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
    # BEGIN REGION solve: Return (labels, n): int32 (H, W) labels, 0 for background and 1..n for the components
    # | of mask != 0, numbered in raster order of each component's first pixel. connectivity 4 joins
    # | up/down/left/right neighbours, 8 also the diagonals. ValueError if mask is not 2-D or
    # | connectivity is not 4 or 8. An empty or all-zero mask gives n = 0.
    mask = np.asarray(mask)
    if mask.ndim != 2:
        raise ValueError(f"mask must be 2-D, got shape {mask.shape}")
    if connectivity not in (4, 8):
        raise ValueError(f"connectivity must be 4 or 8, got {connectivity}")
    h, w = mask.shape
    fg = mask != 0  # (H, W) bool
    idx = np.arange(h * w).reshape(h, w)
    offsets = [(0, 1), (1, 0)] + ([(1, 1), (1, -1)] if connectivity == 8 else [])
    sources, targets = [], []
    for dy, dx in offsets:  # neighbour q = p + (dy, dx); only "forward" offsets, each edge once
        y0, y1 = 0, h - dy
        x0, x1 = max(0, -dx), w - max(0, dx)
        both = fg[y0:y1, x0:x1] & fg[y0 + dy : y1 + dy, x0 + dx : x1 + dx]
        sources.append(idx[y0:y1, x0:x1][both])
        targets.append(idx[y0 + dy : y1 + dy, x0 + dx : x1 + dx][both])
    a = np.concatenate(sources)  # (E,) flat index of one end of each edge
    b = np.concatenate(targets)  # (E,)
    parent = np.arange(h * w)
    while True:
        ra, rb = parent[a], parent[b]  # roots (parent is fully compressed here)
        differ = ra != rb
        if not differ.any():
            break
        lo = np.minimum(ra[differ], rb[differ])
        hi = np.maximum(ra[differ], rb[differ])
        np.minimum.at(parent, hi, lo)  # hook: larger root -> smallest neighbouring root
        while True:  # pointer jumping until every node points at its root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    roots = parent.reshape(h, w)[fg]  # (F,) root = flat index of the component's first pixel
    labels = np.zeros((h, w), dtype=np.int32)
    if roots.size == 0:
        return labels, 0
    unique_roots, rank = np.unique(roots, return_inverse=True)  # sorted roots = raster order
    labels[fg] = rank.astype(np.int32) + 1
    return labels, int(unique_roots.size)
    # END REGION solve


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
