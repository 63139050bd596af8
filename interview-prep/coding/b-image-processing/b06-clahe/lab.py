"""b06 - CLAHE (contrast-limited adaptive histogram equalisation).

Equalise each tile of a tile grid with its own clipped histogram, then blend the four
nearest tile mappings bilinearly at every pixel, following cv2.createCLAHE's definition
(clip limit in units of the average bin count, reflect-101 padding, OpenCV's residual rule).
"""

from __future__ import annotations

import numpy as np


def clip_histogram(hist: np.ndarray, limit: int) -> np.ndarray:
    """Clip a 256-bin histogram at ``limit`` and give the excess back uniformly (OpenCV's rule).

    excess = Σ max(hist - limit, 0);  every bin is cut to min(hist, limit) and receives
    excess // 256;  the remaining r = excess % 256 counts go one each to bins 0, s, 2s, ...
    (r of them) with s = max(256 // r, 1). The total count is preserved. limit <= 0: no clipping.
    """
    # TODO(clip_histogram): Return an int64 (256,) copy of the int (256,) histogram clipped at limit, excess given back:
    # | excess = sum(max(hist - limit, 0)); bins become min(hist, limit) + excess // 256, and the
    # | r = excess % 256 leftover counts add 1 to bins 0, s, 2s, ... (r bins) with s = max(256 // r, 1).
    # | The sum is preserved. limit <= 0 returns the histogram unchanged. Do not modify the input.
    raise NotImplementedError("TODO(clip_histogram): write this region")


def tile_luts(image: np.ndarray, tiles: tuple[int, int], clip_limit: float) -> np.ndarray:
    """Per-tile equalisation tables: uint8 (H, W) -> uint8 (rows, cols, 256).

    The image is padded at the bottom and right by reflection (reflect-101, cv2's
    BORDER_REFLECT_101) up to a multiple of the grid, so all tiles have th x tw pixels (A = th·tw).
    For each tile: hist -> clip_histogram(hist, L) with L = max(int(clip_limit · A / 256), 1)
    (no clipping when clip_limit <= 0) -> lut[v] = round(cumsum(hist)[v] · 255 / A).
    """
    # TODO(tile_luts): Return uint8 (rows, cols, 256) tables for tiles=(rows, cols). Pad the image bottom/right with
    # | reflect-101 (np.pad mode "reflect") to multiples of rows and cols; tile (i, j) has A = th*tw pixels.
    # | Per tile: 256-bin histogram, clip_histogram with limit max(int(clip_limit * A / 256), 1) (0 if clip_limit <= 0),
    # | then lut[v] = round(cumulative count up to v * 255 / A). No Python loop over pixels (a loop over tiles is fine).
    raise NotImplementedError("TODO(tile_luts): write this region")


def clahe(image: np.ndarray, clip_limit: float = 2.0, tiles: tuple[int, int] = (8, 8)) -> np.ndarray:
    """CLAHE of a uint8 grey image (H, W) -> uint8 (H, W), as cv2.createCLAHE(clip_limit, (cols, rows)).

    Tile (i, j) has its centre at ((i + 0.5)·th, (j + 0.5)·tw). For pixel (y, x) with level v:
        fy = y / th - 0.5,  i0 = floor(fy),  a = fy - i0,  i1 = i0 + 1   (i0, i1 clamped to [0, rows-1])
        fx = x / tw - 0.5,  j0 = floor(fx),  b = fx - j0,  j1 = j0 + 1   (clamped to [0, cols-1])
        out = round( (1-a)·((1-b)·L[i0,j0][v] + b·L[i0,j1][v]) + a·((1-b)·L[i1,j0][v] + b·L[i1,j1][v]) )
    """
    # TODO(apply): Return the uint8 (H, W) CLAHE result: bilinearly blend the four nearest tiles' tables
    # | (tile_luts) at every pixel, with fy = y / th - 0.5, i0 = floor(fy), a = fy - i0, i1 = i0 + 1, both clamped
    # | to [0, rows - 1] (same for x with tw, cols), th and tw the padded tile size; round to nearest.
    # | image must be uint8 2-D and tiles two positive ints, else ValueError. Vectorised: no loop over pixels.
    raise NotImplementedError("TODO(apply): write this region")


if __name__ == "__main__":
    print(
        "clip_histogram([10, 0, 0, ..., 0, 2], limit=4) ->",
        clip_histogram(np.r_[10, np.zeros(254, int), 2], 4)[[0, 1, 42, 255]],
    )
    rng = np.random.default_rng(0)
    img = np.clip(rng.normal(100, 10, size=(64, 64)), 0, 255).astype(np.uint8)
    img[:, 32:] += 60
    out = clahe(img, clip_limit=2.0, tiles=(4, 4))
    print("input range", img.min(), img.max(), "-> CLAHE range", out.min(), out.max())
