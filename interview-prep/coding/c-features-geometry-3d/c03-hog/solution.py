"""c03 - HOG descriptor.

Region `cells`: per-cell histograms of unsigned gradient orientation weighted by gradient
magnitude, with hard or bilinear (between the two nearest bin centres) orientation voting.
Region `blocks`: L2-Hys normalisation of overlapping blocks of cells. `hog` (given) chains them
into the descriptor, laid out like skimage.feature.hog.
"""

from __future__ import annotations

import numpy as np


def cell_histograms(image: np.ndarray, cell: int = 8, n_bins: int = 9, bilinear: bool = True) -> np.ndarray:
    """Orientation histograms of a grey image (H, W) -> float64 (H // cell, W // cell, n_bins).

    g_row[r] = I[r+1] - I[r-1], g_col[c] = I[c+1] - I[c-1]  (0 on the first/last row/col)
    mag = sqrt(g_row² + g_col²),  θ = degrees(atan2(g_row, g_col)) mod 180  in [0, 180)
    bin width w = 180 / n_bins, bin i covers [i·w, (i+1)·w) with centre (i + 0.5)·w
    hard:     mag -> bin floor(θ / w)
    bilinear: f = θ / w - 0.5, i = floor(f), a = f - i:  (1 - a)·mag -> bin i mod n,  a·mag -> bin (i+1) mod n
    A cell's histogram is the SUM of its cell x cell pixels' votes; leftover rows/cols are ignored.
    """
    # BEGIN REGION cells: Return float64 (H // cell, W // cell, n_bins) histograms of unsigned gradient orientation, magnitude-weighted.
    # | Gradients: central differences WITHOUT /2, g_row[r] = I[r+1] - I[r-1] and g_col likewise, 0 on the first and
    # | last row (col). θ = degrees(atan2(g_row, g_col)) mod 180. Bin i covers [i·w, (i+1)·w), w = 180 / n_bins.
    # | bilinear=False: the whole magnitude goes to bin floor(θ / w). bilinear=True: split it between the two bins
    # | whose centres (i + 0.5)·w surround θ, linearly by distance, wrapping around (bin n_bins-1 neighbours bin 0).
    # | Each cell sums the votes of its cell x cell pixels (pixels past the last full cell are ignored). Input: 2-D,
    # | any numeric dtype. Raise ValueError if the image is not 2-D or smaller than one cell. No loop over pixels.
    img = np.asarray(image, dtype=np.float64)
    if img.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got shape {img.shape}")
    ncr, ncc = img.shape[0] // cell, img.shape[1] // cell
    if ncr == 0 or ncc == 0:
        raise ValueError(f"image {img.shape} is smaller than one {cell}x{cell} cell")
    g_row = np.zeros_like(img)
    g_col = np.zeros_like(img)
    g_row[1:-1, :] = img[2:, :] - img[:-2, :]
    g_col[:, 1:-1] = img[:, 2:] - img[:, :-2]
    img_h, img_w = ncr * cell, ncc * cell  # drop the partial cells
    g_row, g_col = g_row[:img_h, :img_w], g_col[:img_h, :img_w]
    mag = np.hypot(g_row, g_col)  # (h, w)
    theta = np.rad2deg(np.arctan2(g_row, g_col)) % 180.0  # (h, w) in [0, 180]
    theta[theta >= 180.0] = 0.0  # tiny negative angles can round up to exactly 180
    w = 180.0 / n_bins
    rr, cc = np.indices((img_h, img_w))
    cell_idx = (rr // cell) * ncc + (cc // cell)  # (h, w) flat cell index
    if bilinear:
        f = theta / w - 0.5
        lo = np.floor(f)
        a = f - lo  # (h, w) weight of the upper bin
        lo = lo.astype(np.int64) % n_bins  # -1 (θ below the first centre) wraps to the last bin
        hi = (lo + 1) % n_bins
        idx = np.concatenate([(cell_idx * n_bins + lo).ravel(), (cell_idx * n_bins + hi).ravel()])
        wts = np.concatenate([((1.0 - a) * mag).ravel(), (a * mag).ravel()])
    else:
        b = np.minimum((theta // w).astype(np.int64), n_bins - 1)
        idx, wts = (cell_idx * n_bins + b).ravel(), mag.ravel()
    hist = np.bincount(idx, weights=wts, minlength=ncr * ncc * n_bins)
    return hist.reshape(ncr, ncc, n_bins)
    # END REGION cells


def normalize_blocks(hist: np.ndarray, block: int = 2, eps: float = 1e-5) -> np.ndarray:
    """L2-Hys normalisation of every block x block group of cells (stride one cell).

    hist (Ncr, Ncc, B) -> float64 (Ncr - block + 1, Ncc - block + 1, block, block, B), where each block v:
    v <- v / sqrt(||v||² + eps²);  v <- min(v, 0.2);  v <- v / sqrt(||v||² + eps²)
    """
    # BEGIN REGION blocks: Return float64 (Ncr-block+1, Ncc-block+1, block, block, B): every block x block group of cells, L2-Hys normalised.
    # | Blocks start at every cell (stride 1 cell), in row-major order. For each block's block·block·B values v:
    # | v / sqrt(||v||² + eps²), then clip at 0.2, then v / sqrt(||v||² + eps²) again. An all-zero block stays zero.
    # | Raise ValueError if hist is not 3-D or has fewer than block cells along either axis. No loop over blocks needed.
    h = np.asarray(hist, dtype=np.float64)
    if h.ndim != 3 or h.shape[0] < block or h.shape[1] < block:
        raise ValueError(f"need a (Ncr, Ncc, B) histogram with at least {block} cells per side, got {h.shape}")
    win = np.lib.stride_tricks.sliding_window_view(h, (block, block), axis=(0, 1))  # (nbr, nbc, B, block, block)
    v = np.moveaxis(win, -3, -1)  # (nbr, nbc, block, block, B)
    norm = np.sqrt((v**2).sum(axis=(-3, -2, -1), keepdims=True) + eps**2)
    v = np.minimum(v / norm, 0.2)
    norm = np.sqrt((v**2).sum(axis=(-3, -2, -1), keepdims=True) + eps**2)
    return v / norm
    # END REGION blocks


def hog(image: np.ndarray, cell: int = 8, block: int = 2, n_bins: int = 9, bilinear: bool = True) -> np.ndarray:
    """The HOG feature vector (GIVEN): cell histograms -> L2-Hys blocks -> ravel (skimage layout)."""
    return normalize_blocks(cell_histograms(image, cell, n_bins, bilinear), block).ravel()


if __name__ == "__main__":
    r, c = np.indices((24, 24))
    a = np.deg2rad(25.0)
    img = np.sin(a) * r + np.cos(a) * c  # brightness grows along 25° (rows point down)
    print("25° ramp, interior cell (1, 1), hard:    ", cell_histograms(img, 8, 9, bilinear=False)[1, 1])
    print("25° ramp, interior cell (1, 1), bilinear:", cell_histograms(img, 8, 9, bilinear=True)[1, 1])
    print("L2-Hys of [3, 4]:", normalize_blocks(np.array([[[3.0, 4.0]]]), block=1).ravel())
    print("hog(24x24, cell 8, block 2) has", hog(img, 8, 2).size, "values")
