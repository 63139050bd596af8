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
    # BEGIN REGION clip_histogram: Return an int64 (256,) copy of the int (256,) histogram clipped at limit, excess given back:
    # | excess = sum(max(hist - limit, 0)); bins become min(hist, limit) + excess // 256, and the
    # | r = excess % 256 leftover counts add 1 to bins 0, s, 2s, ... (r bins) with s = max(256 // r, 1).
    # | The sum is preserved. limit <= 0 returns the histogram unchanged. Do not modify the input.
    hist = np.asarray(hist, dtype=np.int64)
    if limit <= 0:
        return hist.copy()
    excess = int(np.maximum(hist - limit, 0).sum())
    out = np.minimum(hist, limit) + excess // 256  # (256,)
    residual = excess % 256
    if residual:
        step = max(256 // residual, 1)
        out[np.arange(residual) * step] += 1  # r <= 256 // s bins, all inside 0..255
    return out
    # END REGION clip_histogram


def tile_luts(image: np.ndarray, tiles: tuple[int, int], clip_limit: float) -> np.ndarray:
    """Per-tile equalisation tables: uint8 (H, W) -> uint8 (rows, cols, 256).

    The image is padded at the bottom and right by reflection (reflect-101, cv2's
    BORDER_REFLECT_101) up to a multiple of the grid, so all tiles have th x tw pixels (A = th·tw).
    For each tile: hist -> clip_histogram(hist, L) with L = max(int(clip_limit · A / 256), 1)
    (no clipping when clip_limit <= 0) -> lut[v] = round(cumsum(hist)[v] · 255 / A).
    """
    # BEGIN REGION tile_luts: Return uint8 (rows, cols, 256) tables for tiles=(rows, cols). Pad the image bottom/right with
    # | reflect-101 (np.pad mode "reflect") to multiples of rows and cols; tile (i, j) has A = th*tw pixels.
    # | Per tile: 256-bin histogram, clip_histogram with limit max(int(clip_limit * A / 256), 1) (0 if clip_limit <= 0),
    # | then lut[v] = round(cumulative count up to v * 255 / A). No Python loop over pixels (a loop over tiles is fine).
    rows, cols = tiles
    h, w = image.shape
    padded = np.pad(image, ((0, (-h) % rows), (0, (-w) % cols)), mode="reflect")
    th, tw = padded.shape[0] // rows, padded.shape[1] // cols
    area = th * tw
    limit = max(int(clip_limit * area / 256), 1) if clip_limit > 0 else 0
    # (rows, th, cols, tw) -> (rows, cols, th*tw): one row of pixels per tile
    blocks = padded.reshape(rows, th, cols, tw).transpose(0, 2, 1, 3).reshape(rows * cols, area)
    # One bincount for all tiles: tile k owns bins [256k, 256k + 256).
    offsets = (np.arange(rows * cols) * 256)[:, None]
    hists = np.bincount((blocks.astype(np.int64) + offsets).ravel(), minlength=rows * cols * 256)
    hists = hists.reshape(rows * cols, 256)
    luts = np.empty((rows * cols, 256), dtype=np.uint8)
    for k in range(rows * cols):  # loop over tiles, not pixels
        cdf = np.cumsum(clip_histogram(hists[k], limit))
        luts[k] = np.clip(np.rint(cdf * (255.0 / area)), 0, 255)
    return luts.reshape(rows, cols, 256)
    # END REGION tile_luts


def clahe(image: np.ndarray, clip_limit: float = 2.0, tiles: tuple[int, int] = (8, 8)) -> np.ndarray:
    """CLAHE of a uint8 grey image (H, W) -> uint8 (H, W), as cv2.createCLAHE(clip_limit, (cols, rows)).

    Tile (i, j) has its centre at ((i + 0.5)·th, (j + 0.5)·tw). For pixel (y, x) with level v:
        fy = y / th - 0.5,  i0 = floor(fy),  a = fy - i0,  i1 = i0 + 1   (i0, i1 clamped to [0, rows-1])
        fx = x / tw - 0.5,  j0 = floor(fx),  b = fx - j0,  j1 = j0 + 1   (clamped to [0, cols-1])
        out = round( (1-a)·((1-b)·L[i0,j0][v] + b·L[i0,j1][v]) + a·((1-b)·L[i1,j0][v] + b·L[i1,j1][v]) )
    """
    # BEGIN REGION apply: Return the uint8 (H, W) CLAHE result: bilinearly blend the four nearest tiles' tables
    # | (tile_luts) at every pixel, with fy = y / th - 0.5, i0 = floor(fy), a = fy - i0, i1 = i0 + 1, both clamped
    # | to [0, rows - 1] (same for x with tw, cols), th and tw the padded tile size; round to nearest.
    # | image must be uint8 2-D and tiles two positive ints, else ValueError. Vectorised: no loop over pixels.
    image = np.asarray(image)
    rows, cols = tiles
    if image.dtype != np.uint8 or image.ndim != 2 or rows < 1 or cols < 1:
        raise ValueError(f"expected a uint8 (H, W) image and positive tiles, got {image.dtype} {image.shape}, {tiles}")
    h, w = image.shape
    if h == 0 or w == 0:
        return image.copy()
    luts = tile_luts(image, (rows, cols), clip_limit).astype(np.float64)  # (rows, cols, 256)
    th, tw = (h + (-h) % rows) // rows, (w + (-w) % cols) // cols

    def axis_weights(n: int, size: int, count: int):
        f = np.arange(n) / size - 0.5  # (n,) position in tile units, tile centres at integers
        lo = np.floor(f).astype(np.int64)
        frac = f - lo
        return np.clip(lo, 0, count - 1), np.clip(lo + 1, 0, count - 1), frac

    i0, i1, a = axis_weights(h, th, rows)  # (H,)
    j0, j1, b = axis_weights(w, tw, cols)  # (W,)
    i0, i1, a = i0[:, None], i1[:, None], a[:, None]  # (H, 1) against (1, W) -> (H, W) gathers
    top = (1 - b) * luts[i0, j0, image] + b * luts[i0, j1, image]  # (H, W)
    bottom = (1 - b) * luts[i1, j0, image] + b * luts[i1, j1, image]
    return np.clip(np.rint((1 - a) * top + a * bottom), 0, 255).astype(np.uint8)
    # END REGION apply


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
