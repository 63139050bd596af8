"""c02 - Shi-Tomasi min-eigenvalue response and good features.

Region `min_eig`: the smaller eigenvalue of the 2x2 structure tensor at every pixel, in closed
form. Region `good_features`: OpenCV-style corner selection - local maxima above a quality
level relative to the best corner, greedily accepted strongest first with a minimum distance.
`structure_tensor` is given (it is the Harris part of c01).
"""

from __future__ import annotations

import numpy as np


def structure_tensor(image: np.ndarray, block_size: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Sxx, Syy, Sxy), each float64 (H, W): window sums of Ix², Iy², Ix·Iy (GIVEN, not graded).

    3x3 unscaled Sobel gradients, plain sum over a block_size x block_size window, reflect-101
    borders - the same M as cv2.cornerMinEigenVal up to OpenCV's gradient scale 1/(4·block_size).
    """
    img = np.asarray(image, dtype=np.float64)
    if img.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got shape {img.shape}")
    if int(block_size) != block_size or block_size < 1 or block_size % 2 == 0:
        raise ValueError(f"block_size must be an odd integer >= 1, got {block_size}")
    p = np.pad(img, 1, mode="reflect")
    sr = p[:-2, :] + 2.0 * p[1:-1, :] + p[2:, :]
    ix = sr[:, 2:] - sr[:, :-2]  # (H, W)
    sc = p[:, :-2] + 2.0 * p[:, 1:-1] + p[:, 2:]
    iy = sc[2:, :] - sc[:-2, :]  # (H, W)
    r = block_size // 2
    h, w = img.shape

    def box(a: np.ndarray) -> np.ndarray:
        c = np.pad(np.cumsum(np.cumsum(np.pad(a, r, mode="reflect"), 0), 1), ((1, 0), (1, 0)))
        b = block_size
        return c[b : b + h, b : b + w] - c[:h, b : b + w] - c[b : b + h, :w] + c[:h, :w]

    return box(ix * ix), box(iy * iy), box(ix * iy)


def min_eig_response(image: np.ndarray, block_size: int = 3) -> np.ndarray:
    """Smaller eigenvalue of M = [[Sxx, Sxy], [Sxy, Syy]] at every pixel, float64 (H, W).

    For a symmetric 2x2 matrix the eigenvalues are  m ± sqrt(d² + Sxy²)  with
    m = (Sxx + Syy) / 2 and d = (Sxx - Syy) / 2, so  λmin = m - sqrt(d² + Sxy²)  (>= 0 since M is PSD).
    """
    # TODO(min_eig): Return float64 (H, W): the smaller eigenvalue of [[Sxx, Sxy], [Sxy, Syy]] at every pixel.
    # | Get (Sxx, Syy, Sxy) from the given structure_tensor(image, block_size) (it raises ValueError for
    # | bad input). Use the closed form for a symmetric 2x2 matrix, vectorised over the image (no loop,
    # | no np.linalg.eig per pixel). The result is >= 0 up to rounding.
    raise NotImplementedError("TODO(min_eig): write this region")


def good_features(
    response: np.ndarray, max_corners: int | None = None, quality_level: float = 0.01, min_distance: float = 1.0
) -> np.ndarray:
    """Select corners from a response map (H, W), OpenCV goodFeaturesToTrack semantics.

    1. candidates: R[p] == max of R over the 3x3 square around p (clipped at the border) and
       R[p] > quality_level · max(R)   (and R[p] > 0)
    2. sort candidates by R descending, ties by (row, col) ascending
    3. walk the list; accept a candidate iff its Euclidean distance to every ACCEPTED corner is
       >= min_distance; stop after max_corners accepted (None: no limit)
    Returns int64 (K, 2) (row, col) in acceptance order.
    """
    # TODO(good_features): Return int64 (K, 2) (row, col) of the selected corners, in the order they are accepted.
    # | Candidates: pixels equal to the max of their 3x3 neighbourhood (clipped at the border) with value
    # | > quality_level * max(response) and > 0. Visit them by value descending, ties by (row, col) ascending;
    # | accept one iff its Euclidean distance to every already ACCEPTED corner is >= min_distance (rejected
    # | candidates suppress nothing). Stop after max_corners (None = no limit). Nothing selected, an empty map
    # | or max_corners == 0 -> shape (0, 2). Raise ValueError if quality_level is not in (0, 1] or min_distance < 0.
    raise NotImplementedError("TODO(good_features): write this region")


def _scene() -> np.ndarray:
    img = np.zeros((40, 48))
    img[5:15, 6:20] = 1.0  # a bright rectangle
    img[22:35, 28:42] = 0.5  # a dimmer one
    return img


if __name__ == "__main__":
    img = _scene()
    R = min_eig_response(img, block_size=3)
    print("two rectangles (bright rows 5..14 x cols 6..19, dim rows 22..34 x cols 28..41)")
    print("min-eig at corner (5, 6):", R[5, 6], " edge (5, 12):", R[5, 12], " flat (10, 12):", R[10, 12])
    print(
        "good_features(R, max_corners=8, quality_level=0.1, min_distance=5) =\n",
        good_features(R, max_corners=8, quality_level=0.1, min_distance=5),
    )
