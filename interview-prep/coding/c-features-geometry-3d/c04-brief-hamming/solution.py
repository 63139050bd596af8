"""c04 - BRIEF descriptor and Hamming distance.

Region `describe`: binary intensity comparisons at a given sampling pattern around each
keypoint, packed 8 per byte. Region `hamming`: the all-pairs Hamming distance matrix between
two sets of packed binary descriptors.
"""

from __future__ import annotations

import numpy as np


def brief_describe(image: np.ndarray, keypoints: np.ndarray, pattern: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """BRIEF descriptors of (row, col) keypoints on a grey image (H, W).

    pattern (nbits, 4) int rows (dr1, dc1, dr2, dc2):  bit i = 1  iff  I[p + (dr1, dc1)] < I[p + (dr2, dc2)].
    Bits are packed MSB-first (np.packbits order): bit 0 is the highest bit of byte 0.
    Keypoints whose pattern leaves the image are dropped.
    Returns (descriptors uint8 (K', nbits // 8), kept int64 (K',) indices into keypoints).
    """
    # BEGIN REGION describe: Return (desc uint8 (K', nbits // 8), kept int64 (K',)) for the keypoints whose whole pattern fits in the image.
    # | keypoints (K, 2) int (row, col); pattern (nbits, 4) int offsets (dr1, dc1, dr2, dc2). Bit i of a keypoint p is 1
    # | iff image[p + (dr1, dc1)] < image[p + (dr2, dc2)] (strict). Pack bits MSB-first like np.packbits (bit 0 -> value 128
    # | of byte 0). kept lists, in increasing order, the indices of the keypoints kept (every sampled pixel inside the image).
    # | No keypoints kept -> shapes (0, nbits // 8) and (0,). Raise ValueError if the image is not 2-D, pattern is not
    # | (nbits, 4), or nbits is not a positive multiple of 8. No Python loop over keypoints or bits.
    img = np.asarray(image)
    pat = np.asarray(pattern, dtype=np.int64)
    kp = np.asarray(keypoints, dtype=np.int64).reshape(-1, 2)
    if img.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got shape {img.shape}")
    if pat.ndim != 2 or pat.shape[1] != 4 or pat.shape[0] == 0 or pat.shape[0] % 8:
        raise ValueError(f"pattern must be (nbits, 4) with nbits a positive multiple of 8, got {pat.shape}")
    h, w = img.shape
    # The pattern's bounding box decides which keypoints fit.
    rmin, rmax = min(pat[:, 0].min(), pat[:, 2].min()), max(pat[:, 0].max(), pat[:, 2].max())
    cmin, cmax = min(pat[:, 1].min(), pat[:, 3].min()), max(pat[:, 1].max(), pat[:, 3].max())
    ok = (kp[:, 0] + rmin >= 0) & (kp[:, 0] + rmax < h) & (kp[:, 1] + cmin >= 0) & (kp[:, 1] + cmax < w)
    kept = np.flatnonzero(ok)
    p = kp[kept]  # (K', 2)
    a = img[p[:, 0:1] + pat[None, :, 0], p[:, 1:2] + pat[None, :, 1]]  # (K', nbits) first samples
    b = img[p[:, 0:1] + pat[None, :, 2], p[:, 1:2] + pat[None, :, 3]]  # (K', nbits) second samples
    bits = a < b  # (K', nbits) bool
    return np.packbits(bits, axis=1).reshape(len(kept), pat.shape[0] // 8), kept.astype(np.int64)
    # END REGION describe


def hamming_matrix(d1: np.ndarray, d2: np.ndarray) -> np.ndarray:
    """Hamming distances between packed binary descriptors d1 (N, B) and d2 (M, B), uint8.

    dist[i, j] = popcount(d1[i] XOR d2[j]) summed over the B bytes, in 0 .. 8·B. Returns int64 (N, M).
    """
    # BEGIN REGION hamming: Return the int64 (N, M) matrix of Hamming distances (number of differing BITS) between rows of d1 (N, B) and d2 (M, B).
    # | Inputs are uint8 packed descriptors. Distances range over 0 .. 8·B (e.g. 256 for a 32-byte ORB descriptor).
    # | Empty sets give an empty (N, M) matrix. Raise ValueError if the inputs are not 2-D uint8 or B differs.
    # | No Python loop over pairs.
    a = np.asarray(d1)
    b = np.asarray(d2)
    if a.ndim != 2 or b.ndim != 2 or a.dtype != np.uint8 or b.dtype != np.uint8 or a.shape[1] != b.shape[1]:
        raise ValueError(
            f"expected uint8 (N, B) and (M, B) with the same B, got {a.dtype}{a.shape} and {b.dtype}{b.shape}"
        )
    x = a[:, None, :] ^ b[None, :, :]  # (N, M, B) differing bits, still packed
    # popcount per byte, accumulated in int64 (a uint8 sum would wrap at 256)
    return np.bitwise_count(x).sum(axis=-1, dtype=np.int64)
    # END REGION hamming


if __name__ == "__main__":
    img = np.arange(25, dtype=np.uint8).reshape(5, 5)  # brightness grows right and down
    pattern = np.array(
        [
            [0, -1, 0, 1],
            [0, 1, 0, -1],
            [-1, 0, 1, 0],
            [1, 0, -1, 0],
            [-1, -1, 1, 1],
            [1, 1, -1, -1],
            [0, 0, 0, 0],
            [-1, 1, 1, -1],
        ]
    )
    desc, kept = brief_describe(img, np.array([[2, 2], [0, 0]]), pattern)
    print("descriptor of (2, 2):", desc, "= bits", np.unpackbits(desc[0]), " kept:", kept)
    d1 = np.array([[0b10110000], [255]], dtype=np.uint8)
    d2 = np.array([[0b10110000], [0], [0b00001111]], dtype=np.uint8)
    print("hamming_matrix =\n", hamming_matrix(d1, d2))
