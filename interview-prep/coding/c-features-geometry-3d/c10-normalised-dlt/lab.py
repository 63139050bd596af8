"""c10 - Normalised DLT homography.

Region `normalize`: Hartley's conditioning - translate the points to their centroid and scale
them to a mean distance of sqrt(2). Region `dlt`: stack two linear equations per
correspondence, take the SVD null vector, undo the normalisation and fix H[2, 2] = 1.
"""

from __future__ import annotations

import numpy as np


def normalize_points(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hartley normalisation of (N, 2) points -> (normalised (N, 2), T (3, 3)).

    T = [[s, 0, -s·mx], [0, s, -s·my], [0, 0, 1]],  s = sqrt(2) / mean_i ||p_i - m||,
    so the normalised points T·[p; 1] have centroid 0 and mean distance sqrt(2) from it.
    """
    # TODO(normalize): Return (normalised points float64 (N, 2), T float64 (3, 3)) with T·[x, y, 1]ᵀ = [x', y', 1]ᵀ.
    # | T translates the centroid to the origin, then scales uniformly so the MEAN Euclidean distance to the origin is
    # | sqrt(2). Raise ValueError if points is not (N, 2) with N >= 1, or if all points coincide (mean distance 0).
    raise NotImplementedError("TODO(normalize): write this region")


def homography_dlt(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Homography H (3, 3), H[2, 2] = 1, with dst ~ H·src, from N >= 4 pairs by the normalised DLT.

    For a pair (x, y) -> (u, v), [u, v, 1]ᵀ × H·[x, y, 1]ᵀ = 0 gives two rows of A·h = 0 (h = H raveled):
        [-x, -y, -1,  0,  0,  0, u·x, u·y, u]
        [ 0,  0,  0, -x, -y, -1, v·x, v·y, v]
    h = right singular vector of A (2N, 9) with the smallest singular value (min ||A·h|| s.t. ||h|| = 1).
    With normalised points: H = T_dst⁻¹ · H_n · T_src, then divide by H[2, 2].
    """
    # TODO(dlt): Return float64 (3, 3) H with H[2, 2] = 1 mapping src (N, 2) to dst (N, 2): dst ~ H·[x, y, 1] up to scale.
    # | Use normalize_points on both sets, build the (2N, 9) DLT system from the normalised pairs, take the SVD null vector,
    # | denormalise (H = T_dst⁻¹ · H_n · T_src) and scale so H[2, 2] = 1. Raise ValueError if shapes differ, N < 4,
    # | the system's null space is not one-dimensional (second-smallest singular value <= 1e-9 times the largest),
    # | the fitted H is singular (smallest singular value of H_n <= 1e-9 times its largest: e.g. 3 of 4 points
    # | collinear in one image but not the other, which no invertible homography can map), or H[2, 2] is ~0.
    raise NotImplementedError("TODO(dlt): write this region")


if __name__ == "__main__":
    src = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    dst = np.array([[10.0, 10.0], [30.0, 12.0], [28.0, 30.0], [8.0, 26.0]])
    print("normalize_points(unit square) ->\n", normalize_points(src)[1])
    H = homography_dlt(src, dst)
    print("H(unit square -> quadrilateral) =\n", np.round(H, 6))
    ph = np.c_[src, np.ones(4)] @ H.T
    print("H maps the corners to", np.round(ph[:, :2] / ph[:, 2:], 6).tolist())
