"""Image pairs related by a known homography, and point correspondences with known inliers.

The ground truth for feature matching, homography estimation (DLT, RANSAC) and stitching::

    from cvlab.data.synthetic import warps
    img = data.skimage_image("astronaut")                     # any (H, W) or (H, W, C) image
    pair = warps.warp_pair(img, jitter=0.15, seed=0)          # pair.img1, pair.img2, pair.H, pair.mask2
    pano = warps.panorama_pair(img, width=320, overlap=0.5, seed=0)   # two overlapping views + H
    c = warps.correspondences(pair.H, (512, 512), n=200, sigma=1.0, outlier_fraction=0.4, seed=0)
    c.src, c.dst, c.inliers, c.dst_true                        # (N, 2), (N, 2), (N,) bool, (N, 2)

Conventions (the same everywhere in this module):

* **Points** are ``(x, y)`` = (column, row) in pixels, OpenCV's order, as float64 arrays of
  shape ``(N, 2)``. Pixel ``(x, y)`` is the centre of ``img[y, x]`` (no half-pixel shift).
* **Homographies** are float64 ``(3, 3)`` matrices normalised to ``H[2, 2] == 1`` that map
  a point of the *first* image to the *second*: ``[x2, y2, w]^T = H [x1, y1, 1]^T``, then
  divide by ``w``. ``img2 = cv2.warpPerspective(img1, H, (W, H))`` is the same statement for
  images (``warpPerspective`` samples ``img1`` at ``H^-1`` of every output pixel).
* **Random homographies** are *well conditioned* by construction: the four image corners
  move by independent uniform offsets of at most ``jitter * W`` horizontally and
  ``jitter * H`` vertically, and ``H`` is the exact homography taking the corners to their
  jittered positions. With ``jitter < 0.25`` the jittered quadrilateral stays convex, so
  ``w > 0`` on the whole image (no point goes through infinity) and the warp is a plausible
  change of viewpoint: tilt, zoom, shear and a shift of up to ``jitter`` of the size.
* **Determinism**: every function takes ``seed`` (an int or a ``numpy.random.Generator``)
  and is a pure function of it; input images are never modified.

The generators
--------------
``random_homography(shape, jitter, seed)``: the (3, 3) H described above for an image of
``shape`` (rows, cols[, ...]).

``warp_pair(image, jitter, seed)``: ``img1`` is the image itself (a copy), ``img2`` its
warp by a random ``H`` (bilinear, constant-0 border, same size and dtype), ``mask2`` says
which pixels of ``img2`` come from inside ``img1`` (the rest is the black border).

``panorama_pair(image, width, overlap, jitter, seed)``: two overlapping views of a wide
image, for stitching. ``img1 = image[:, :width]`` (so img1's coordinates *are* the source
image's coordinates), ``img2`` is a second ``width``-wide window starting at
``x0 = round(width * (1 - overlap))``, seen through a jittered homography. ``H`` maps img1
(= source) coordinates to img2's, so a perfect stitch into img1's frame reproduces the
source image: ``source[y, x]`` is the ground truth wherever a view covers it.

``correspondences(H, shape, n, sigma, outlier_fraction, seed)``: ``src`` uniform over the
first image, ``dst_true = H(src)``; inliers get ``dst = dst_true + N(0, sigma^2)`` per
coordinate; exactly ``round(outlier_fraction * n)`` outliers (at random positions in the
list, ``inliers`` marks the rest) get ``dst`` drawn uniformly over the second image, at
least ``min_outlier_error`` pixels from ``dst_true`` so that an outlier is unambiguous.

``apply_homography(H, pts)`` and ``corner_error(H_est, H_true, shape)`` are the helpers the
tests use: the latter is the largest distance between where the two homographies send the
four image corners (the standard way to compare homographies in pixels).
"""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

__all__ = [
    "Correspondences",
    "PanoramaPair",
    "WarpPair",
    "apply_homography",
    "corner_error",
    "correspondences",
    "homography_from_corners",
    "image_corners",
    "panorama_pair",
    "random_homography",
    "warp_pair",
]

SeedLike = int | np.random.Generator | None


class WarpPair(NamedTuple):
    img1: np.ndarray  # the input image (a copy)
    img2: np.ndarray  # img1 warped by H, same shape and dtype
    H: np.ndarray  # (3, 3) float64, img1 -> img2, H[2, 2] == 1
    mask2: np.ndarray  # (rows, cols) bool: img2 pixels whose pre-image lies inside img1


class PanoramaPair(NamedTuple):
    img1: np.ndarray  # source[:, :width]
    img2: np.ndarray  # the second window seen through a jittered homography
    H: np.ndarray  # (3, 3) img1 (= source) coordinates -> img2 coordinates
    mask2: np.ndarray  # (rows, width) bool: img2 pixels that come from inside the source image
    source: np.ndarray  # the source image: the ground truth of a stitch in img1's frame


class Correspondences(NamedTuple):
    src: np.ndarray  # (N, 2) float64 points in the first image
    dst: np.ndarray  # (N, 2) float64 observed points in the second image (noise + outliers)
    inliers: np.ndarray  # (N,) bool, exact
    dst_true: np.ndarray  # (N, 2) float64 H(src), noise-free


def _rng(seed: SeedLike) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def image_corners(shape: tuple[int, ...]) -> np.ndarray:
    """The four corner pixel centres (x, y) of an image of ``shape`` (rows, cols, ...): (4, 2)."""
    h, w = shape[0], shape[1]
    return np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float64)


def apply_homography(H: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Map (N, 2) points (x, y) through the (3, 3) homography H, with the perspective divide."""
    pts = np.asarray(pts, dtype=np.float64).reshape(-1, 2)
    hom = np.c_[pts, np.ones(len(pts))] @ np.asarray(H, dtype=np.float64).T  # (N, 3)
    return hom[:, :2] / hom[:, 2:3]


def homography_from_corners(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """The exact homography taking four points ``src`` (4, 2) to ``dst`` (4, 2), H[2, 2] = 1.

    Solves the 8x8 linear system of the DLT with h33 fixed to 1 (fine for four points in
    general position; no normalisation needed for an exact solve in float64).
    """
    src, dst = np.asarray(src, np.float64), np.asarray(dst, np.float64)
    x, y = src[:, 0], src[:, 1]
    u, v = dst[:, 0], dst[:, 1]
    zero, one = np.zeros(4), np.ones(4)
    rows_u = np.stack([x, y, one, zero, zero, zero, -u * x, -u * y], axis=1)  # (4, 8)
    rows_v = np.stack([zero, zero, zero, x, y, one, -v * x, -v * y], axis=1)  # (4, 8)
    A = np.concatenate([rows_u, rows_v])  # (8, 8)
    b = np.concatenate([u, v])  # (8,)
    h = np.linalg.solve(A, b)
    return np.append(h, 1.0).reshape(3, 3)


def random_homography(shape: tuple[int, ...], jitter: float = 0.15, seed: SeedLike = None) -> np.ndarray:
    """A well-conditioned random homography for an image of ``shape``: corners jittered by
    up to ``jitter`` of the width/height, independently and uniformly. ``0 <= jitter < 0.25``."""
    if not 0.0 <= jitter < 0.25:
        raise ValueError(f"jitter must be in [0, 0.25) to keep the warp well conditioned, got {jitter}")
    rng = _rng(seed)
    corners = image_corners(shape)  # (4, 2)
    h, w = shape[0], shape[1]
    offsets = rng.uniform(-jitter, jitter, size=(4, 2)) * np.array([w, h])  # (4, 2)
    return homography_from_corners(corners, corners + offsets)


def _warp(image: np.ndarray, H: np.ndarray, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(warped image, bool mask of pixels whose pre-image is inside ``image``), size = (w, h)."""
    src = np.ascontiguousarray(image)
    work = src.astype(np.float32) if src.dtype not in (np.uint8, np.uint16, np.float32) else src
    warped = cv2.warpPerspective(work, H, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    ones = np.ones(src.shape[:2], np.uint8)
    mask = cv2.warpPerspective(ones, H, size, flags=cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT) > 0
    return warped.astype(image.dtype, copy=False), mask


def warp_pair(image: np.ndarray, jitter: float = 0.15, seed: SeedLike = None) -> WarpPair:
    """``(img1, img2, H, mask2)`` with ``img2 = warpPerspective(img1, H)`` for a random H."""
    image = np.asarray(image)
    if image.ndim not in (2, 3):
        raise ValueError(f"expected an (H, W) or (H, W, C) image, got shape {image.shape}")
    H = random_homography(image.shape, jitter, seed)
    img2, mask2 = _warp(image, H, (image.shape[1], image.shape[0]))
    return WarpPair(image.copy(), img2, H, mask2)


def panorama_pair(
    image: np.ndarray, width: int | None = None, overlap: float = 0.5, jitter: float = 0.08, seed: SeedLike = None
) -> PanoramaPair:
    """Two overlapping views of ``image`` for stitching, with the exact homography between them.

    ``width`` (default: 60 % of the image width) is the width of each view, ``overlap`` the
    fraction of it the two windows share before the jitter (0 < overlap < 1); the second
    window must fit inside the image.
    """
    image = np.asarray(image)
    if image.ndim not in (2, 3):
        raise ValueError(f"expected an (H, W) or (H, W, C) image, got shape {image.shape}")
    rows, cols = image.shape[:2]
    width = round(0.6 * cols) if width is None else int(width)
    if not 0.0 < overlap < 1.0:
        raise ValueError(f"overlap must be in (0, 1), got {overlap}")
    x0 = round(width * (1.0 - overlap))
    if width < 8 or x0 + width > cols:
        raise ValueError(f"two windows of width {width} with overlap {overlap} do not fit in {cols} columns")
    # G: source -> img2. The second window [x0, x0 + width) moved to [0, width), then jittered.
    shift = np.array([[1.0, 0.0, -x0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    J = random_homography((rows, width), jitter, seed)
    G = J @ shift
    G /= G[2, 2]
    img2, mask2 = _warp(image, G, (width, rows))
    img1 = image[:, :width].copy()
    return PanoramaPair(img1, img2, G, mask2, image.copy())


def correspondences(
    H: np.ndarray,
    shape: tuple[int, ...],
    n: int = 200,
    sigma: float = 1.0,
    outlier_fraction: float = 0.0,
    seed: SeedLike = None,
    min_outlier_error: float = 20.0,
    shape2: tuple[int, ...] | None = None,
) -> Correspondences:
    """``n`` matches ``src -> dst`` through ``H`` with Gaussian noise and exact outliers.

    ``src`` is uniform over the first image (``shape``), ``dst`` lives in the second image
    (``shape2``, default ``shape``): inliers are ``H(src) + N(0, sigma^2)`` per coordinate,
    outliers uniform over the second image and at least ``min_outlier_error`` px from
    ``H(src)``. Exactly ``round(outlier_fraction * n)`` outliers.
    """
    if not 0.0 <= outlier_fraction <= 1.0:
        raise ValueError(f"outlier_fraction must be in [0, 1], got {outlier_fraction}")
    if n < 0 or sigma < 0:
        raise ValueError("n and sigma must be >= 0")
    rng = _rng(seed)
    h, w = shape[0], shape[1]
    h2, w2 = (shape2 or shape)[0], (shape2 or shape)[1]
    src = rng.uniform([0.0, 0.0], [w - 1.0, h - 1.0], size=(n, 2))  # (n, 2)
    dst_true = apply_homography(H, src)  # (n, 2)
    dst = dst_true + rng.normal(0.0, sigma, size=(n, 2)) if sigma > 0 else dst_true.copy()
    n_out = round(outlier_fraction * n)
    out_idx = rng.permutation(n)[:n_out]
    inliers = np.ones(n, dtype=bool)
    inliers[out_idx] = False
    todo = out_idx
    for _ in range(1000):  # rejection sampling: keep every outlier far from its true position
        if len(todo) == 0:
            break
        dst[todo] = rng.uniform([0.0, 0.0], [w2 - 1.0, h2 - 1.0], size=(len(todo), 2))
        todo = todo[np.linalg.norm(dst[todo] - dst_true[todo], axis=1) < min_outlier_error]
    else:  # pragma: no cover - only for absurd min_outlier_error
        raise ValueError(f"could not place outliers {min_outlier_error} px from their true position")
    return Correspondences(src, dst, inliers, dst_true)


def corner_error(H_est: np.ndarray, H_true: np.ndarray, shape: tuple[int, ...]) -> float:
    """Largest distance (px) between where ``H_est`` and ``H_true`` send the image corners."""
    c = image_corners(shape)
    return float(np.linalg.norm(apply_homography(H_est, c) - apply_homography(H_true, c), axis=1).max())
