"""a14 - Count unique colours in an RGB image.

Pack each uint8 (R, G, B) triple into one uint32 key  R·2^16 + G·2^8 + B, so that counting
colours is np.unique on a 1-d integer array (a fast sort) instead of np.unique(axis=0) on
rows (a lexicographic sort of structured rows, several times slower). Key order equals
lexicographic (R, G, B) order, so the results come out sorted the same way.
"""

from __future__ import annotations

import numpy as np


def pack_rgb(img: np.ndarray) -> np.ndarray:
    """(..., 3) uint8 -> (...) uint32 keys  (R << 16) | (G << 8) | B."""
    # TODO(pack): Return uint32 keys of shape img.shape[:-1]: key = R * 65536 + G * 256 + B for each uint8 (R, G, B).
    # | Raise ValueError unless img is uint8 with a last axis of size 3. (Shifting uint8 values overflows: widen first.)
    raise NotImplementedError("TODO(pack): write this region")


def unpack_rgb(keys: np.ndarray) -> np.ndarray:
    """(...) integer keys -> (..., 3) uint8 (R, G, B); the inverse of pack_rgb."""
    # TODO(unpack): Return uint8 of shape keys.shape + (3,) with (R, G, B) = ((k >> 16) & 255, (k >> 8) & 255, k & 255).
    # | Raise ValueError if keys is not an integer array or any key is outside [0, 2**24).
    raise NotImplementedError("TODO(unpack): write this region")


def unique_colours(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct colours of an (..., 3) uint8 image and how many pixels have each.

    Returns (colours (K, 3) uint8 sorted lexicographically by (R, G, B), counts (K,) int64),
    counts.sum() == number of pixels. Same result as np.unique(img.reshape(-1, 3), axis=0,
    return_counts=True), through 1-d keys.
    """
    # TODO(unique): Return (colours (K, 3) uint8, counts (K,) int64): the distinct (R, G, B) triples of img (..., 3) uint8,
    # | sorted lexicographically (R first, then G, then B), and the number of pixels of each. An image with no pixels
    # | gives (0, 3) and (0,). Raise ValueError for non-uint8 input or a last axis that is not 3. You may use pack/unpack.
    raise NotImplementedError("TODO(unique): write this region")


if __name__ == "__main__":
    img = np.array([[[255, 0, 0], [0, 0, 255], [255, 0, 0]],
                    [[0, 0, 255], [255, 0, 0], [0, 128, 0]]], dtype=np.uint8)
    print("pack_rgb(img) =\n", pack_rgb(img))
    colours, counts = unique_colours(img)
    print("unique_colours(img):\n", colours, "\n counts", counts)
