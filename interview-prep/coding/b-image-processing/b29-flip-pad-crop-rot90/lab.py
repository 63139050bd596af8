"""b29 - Flip, pad, crop, rot90 from scratch.

The everyday array surgery of augmentation and border handling, written with slicing,
transposes and fancy indexing only (no np.flip / np.rot90 / np.pad / cv2): flips, quarter
turns, crops that may leave the image, and padding with OpenCV's four border modes.
"""

from __future__ import annotations

import numpy as np


def flip(image: np.ndarray, code: int) -> np.ndarray:
    """cv2.flip semantics: code 0 flips upside down (rows), 1 left-right (columns), -1 both."""
    # TODO(flip): Return image flipped like cv2.flip(image, code): 0 reverses the rows (upside down),
    # | 1 reverses the columns (mirror), -1 both. Works for (H, W) and (H, W, C) (channels untouched).
    # | Slicing only (no np.flip). Any other code raises ValueError.
    raise NotImplementedError("TODO(flip): write this region")


def rot90(image: np.ndarray, k: int = 1) -> np.ndarray:
    """Rotate by k quarter turns counter-clockwise (as displayed), like np.rot90(image, k).

    One CCW turn: out[i, j] = in[j, W-1-i], i.e. reverse the columns, then swap the first two
    axes. k is taken modulo 4 (negative k turns clockwise). Channels stay last.
    """
    # TODO(rot90): Return image rotated by k quarter turns counter-clockwise, equal to np.rot90(image, k) for
    # | (H, W) and (H, W, C) images (channels stay last); any integer k (negative = clockwise).
    # | Use slicing and axis swaps only (no np.rot90 / np.flip).
    raise NotImplementedError("TODO(rot90): write this region")


def crop(image: np.ndarray, y: int, x: int, h: int, w: int, fill: float = 0) -> np.ndarray:
    """The (h, w) box with top-left (y, x); parts outside the image are filled with ``fill``.

    Detection pipelines crop boxes that stick out of the frame; the output must still be
    (h, w[, C]) with the object at the same offset. Copy the overlap of the box with the
    image into a filled canvas. The result is a new array (never a view into the image).
    """
    # TODO(crop): Return a new (h, w[, C]) array, same dtype as image: the box rows y..y+h-1, columns x..x+w-1.
    # | y and x may be negative and the box may extend past any border; those pixels are fill (the box may
    # | even miss the image entirely). h < 1 or w < 1 raises ValueError.
    raise NotImplementedError("TODO(crop): write this region")


def _border_index(i: np.ndarray, n: int, mode: str) -> np.ndarray:
    """Map any integer coordinates i (may be < 0 or >= n) into [0, n) for the border mode."""
    if mode == "replicate":  # aaaaaa|abcdefgh|hhhhhhh
        return np.clip(i, 0, n - 1)
    if mode == "reflect":  # fedcba|abcdefgh|hgfedcb   period 2n, edge repeated
        j = np.mod(i, 2 * n)
        return np.where(j < n, j, 2 * n - 1 - j)
    if n == 1:  # reflect101 of a single pixel: it is its own mirror
        return np.zeros_like(i)
    j = np.mod(i, 2 * n - 2)  # gfedcb|abcdefgh|gfedcba   period 2n - 2, edge not repeated
    return np.where(j < n, j, 2 * n - 2 - j)


def pad(
    image: np.ndarray, top: int, bottom: int, left: int, right: int, mode: str = "constant", value: float = 0
) -> np.ndarray:
    """cv2.copyMakeBorder with BORDER_CONSTANT / REPLICATE / REFLECT / REFLECT_101.

    Build the source row index for every output row (-top .. H-1+bottom) and the source column
    index for every output column, map them into the image with the mode's rule (periodic
    reflection handles pads wider than the image), and gather once: image[rows][:, cols].
    constant: out-of-image positions take ``value``.
    """
    # TODO(pad): Return the image padded by top/bottom rows and left/right columns, same dtype, like cv2.copyMakeBorder:
    # | "constant" (value), "replicate" (aaa|abc), "reflect" (cba|abc|cba), "reflect101" (cb|abc|ba). Pads may be wider than
    # | the image (keep reflecting). (H, W) or (H, W, C). Indexing only (no np.pad / cv2).
    # | ValueError: a negative pad, an unknown mode, or an empty image with a non-constant mode.
    raise NotImplementedError("TODO(pad): write this region")


if __name__ == "__main__":
    img = np.array([[1, 2, 3], [4, 5, 6]])
    print("flip(img, 1) =\n", flip(img, 1))
    print("rot90(img) =\n", rot90(img))
    print("crop(img, -1, 1, 3, 3, fill=0) =\n", crop(img, -1, 1, 3, 3))
    for mode in ("constant", "replicate", "reflect", "reflect101"):
        print(
            f"pad(row [1 2 3], left=4, right=4, {mode!r}) =", pad(np.array([[1, 2, 3]]), 0, 0, 4, 4, mode, value=9)[0]
        )
