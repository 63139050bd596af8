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
    # BEGIN REGION pack: Return uint32 keys of shape img.shape[:-1]: key = R * 65536 + G * 256 + B for each uint8 (R, G, B).
    # | Raise ValueError unless img is uint8 with a last axis of size 3. (Shifting uint8 values overflows: widen first.)
    img = np.asarray(img)
    if img.dtype != np.uint8 or img.ndim < 1 or img.shape[-1] != 3:
        raise ValueError(f"expected uint8 (..., 3), got {img.dtype} {img.shape}")
    c = img.astype(np.uint32)  # widen BEFORE shifting: np.uint8(200) << 16 wraps to 0
    return (c[..., 0] << 16) | (c[..., 1] << 8) | c[..., 2]
    # END REGION pack


def unpack_rgb(keys: np.ndarray) -> np.ndarray:
    """(...) integer keys -> (..., 3) uint8 (R, G, B); the inverse of pack_rgb."""
    # BEGIN REGION unpack: Return uint8 of shape keys.shape + (3,) with (R, G, B) = ((k >> 16) & 255, (k >> 8) & 255, k & 255).
    # | Raise ValueError if keys is not an integer array or any key is outside [0, 2**24).
    keys = np.asarray(keys)
    if keys.dtype.kind not in "iu" or (keys.size and (keys.min() < 0 or keys.max() >= 1 << 24)):
        raise ValueError("keys must be integers in [0, 2**24)")
    k = keys.astype(np.uint32)
    return np.stack([(k >> 16) & 0xFF, (k >> 8) & 0xFF, k & 0xFF], axis=-1).astype(np.uint8)
    # END REGION unpack


def unique_colours(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct colours of an (..., 3) uint8 image and how many pixels have each.

    Returns (colours (K, 3) uint8 sorted lexicographically by (R, G, B), counts (K,) int64),
    counts.sum() == number of pixels. Same result as np.unique(img.reshape(-1, 3), axis=0,
    return_counts=True), through 1-d keys.
    """
    # BEGIN REGION unique: Return (colours (K, 3) uint8, counts (K,) int64): the distinct (R, G, B) triples of img (..., 3) uint8,
    # | sorted lexicographically (R first, then G, then B), and the number of pixels of each. An image with no pixels
    # | gives (0, 3) and (0,). Raise ValueError for non-uint8 input or a last axis that is not 3. You may use pack/unpack.
    keys = pack_rgb(img).ravel()  # (P,) uint32
    uniq, counts = np.unique(keys, return_counts=True)  # sorted keys == lexicographic RGB order
    return unpack_rgb(uniq), counts.astype(np.int64)
    # END REGION unique


if __name__ == "__main__":
    img = np.array([[[255, 0, 0], [0, 0, 255], [255, 0, 0]],
                    [[0, 0, 255], [255, 0, 0], [0, 128, 0]]], dtype=np.uint8)
    print("pack_rgb(img) =\n", pack_rgb(img))
    colours, counts = unique_colours(img)
    print("unique_colours(img):\n", colours, "\n counts", counts)
