"""b20 - Nearest-neighbour resize.

Resize a (H, W) or (H, W, C) image to (out_h, out_w) by copying, for each output pixel, the
input pixel whose centre is nearest to the output pixel's centre mapped into the input
(the half-pixel convention of cv2.INTER_NEAREST_EXACT, PIL and torch 'nearest-exact').
"""

from __future__ import annotations

import numpy as np


def _nearest_index(n_in: int, n_out: int) -> np.ndarray:
    """Source index for each of n_out output positions along one axis (integer arithmetic)."""
    # centre of output pixel d in input coordinates: u = (d + 0.5) * n_in / n_out - 0.5
    # nearest input pixel: floor(u + 0.5) = floor((2d + 1) * n_in / (2 n_out)), always <= n_in - 1
    d = np.arange(n_out, dtype=np.int64)
    return (2 * d + 1) * n_in // (2 * n_out)  # (n_out,) int64, exact: no float rounding


def resize_nearest(image: np.ndarray, out_h: int, out_w: int) -> np.ndarray:
    """Nearest-neighbour resize with pixel centres aligned.

    Output pixel (i, j) copies input pixel (r_i, c_j) with
        r_i = floor((i + 0.5) · H / out_h),   c_j = floor((j + 0.5) · W / out_w)
    i.e. the input pixel whose centre is nearest to the output centre. When the mapped centre
    falls exactly on a boundary between two input pixels (e.g. halving a size), either one
    is nearest; this implementation takes the upper/right one. Gather with two index vectors:
    image[r[:, None], c[None, :]] -> (out_h, out_w[, C]).
    """
    # TODO(solve): Return the (out_h, out_w) or (out_h, out_w, C) nearest-neighbour resize, same dtype as image.
    # | Output pixel (i, j) = input pixel (floor((i + 0.5) * H / out_h), floor((j + 0.5) * W / out_w)): the input
    # | pixel whose centre is nearest to the output pixel's centre (on an exact tie either neighbour is accepted).
    # | ValueError: image not 2-D/3-D, an empty image, or out_h / out_w < 1.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    img = np.arange(6, dtype=np.uint8).reshape(2, 3)
    print("image =\n", img)
    print("resize_nearest(image, 4, 6) =\n", resize_nearest(img, 4, 6))
    print("resize_nearest(arange(36).reshape(6, 6), 2, 2) =\n", resize_nearest(np.arange(36).reshape(6, 6), 2, 2))
