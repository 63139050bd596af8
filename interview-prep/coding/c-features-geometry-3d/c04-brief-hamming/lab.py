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
    # TODO(describe): Return (desc uint8 (K', nbits // 8), kept int64 (K',)) for the keypoints whose whole pattern fits in the image.
    # | keypoints (K, 2) int (row, col); pattern (nbits, 4) int offsets (dr1, dc1, dr2, dc2). Bit i of a keypoint p is 1
    # | iff image[p + (dr1, dc1)] < image[p + (dr2, dc2)] (strict). Pack bits MSB-first like np.packbits (bit 0 -> value 128
    # | of byte 0). kept lists, in increasing order, the indices of the keypoints kept (every sampled pixel inside the image).
    # | No keypoints kept -> shapes (0, nbits // 8) and (0,). Raise ValueError if the image is not 2-D, pattern is not
    # | (nbits, 4), or nbits is not a positive multiple of 8. No Python loop over keypoints or bits.
    raise NotImplementedError("TODO(describe): write this region")


def hamming_matrix(d1: np.ndarray, d2: np.ndarray) -> np.ndarray:
    """Hamming distances between packed binary descriptors d1 (N, B) and d2 (M, B), uint8.

    dist[i, j] = popcount(d1[i] XOR d2[j]) summed over the B bytes, in 0 .. 8·B. Returns int64 (N, M).
    """
    # TODO(hamming): Return the int64 (N, M) matrix of Hamming distances (number of differing BITS) between rows of d1 (N, B) and d2 (M, B).
    # | Inputs are uint8 packed descriptors. Distances range over 0 .. 8·B (e.g. 256 for a 32-byte ORB descriptor).
    # | Empty sets give an empty (N, M) matrix. Raise ValueError if the inputs are not 2-D uint8 or B differs.
    # | No Python loop over pairs.
    raise NotImplementedError("TODO(hamming): write this region")


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
