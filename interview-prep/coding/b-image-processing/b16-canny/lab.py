"""b16 - Canny edge detector.

Given the Sobel gradients (gx, gy) of a grey image, finish Canny's pipeline: thin the
gradient magnitude to one-pixel-wide ridges (non-maximum suppression along the quantised
gradient direction), then keep weak ridge pixels only when they are 8-connected to a strong
one (double threshold with hysteresis).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

# Neighbour offset (dy, dx) along the gradient for the four quantised directions
# 0°, 45°, 90°, 135° (angle of (gx, gy) with y pointing down, taken modulo 180°).
_OFFSETS = ((0, 1), (1, 1), (1, 0), (1, -1))


def non_max_suppression(gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """Thin the gradient magnitude m = sqrt(gx² + gy²) to its ridges.

    θ = atan2(gy, gx) mod 180° is quantised to the nearest of 0°, 45°, 90°, 135° (sector
    boundaries at 22.5°, 67.5°, 112.5°, 157.5°, lower bound inclusive); d = (dy, dx) is the
    unit step (0,1), (1,1), (1,0), (1,-1) for that sector. A pixel p survives iff

        m[p] > m[p - d]   and   m[p] >= m[p + d]      (m = 0 outside the image)

    so a two-pixel plateau across a step edge keeps exactly its first pixel (the left / upper
    one), as OpenCV does. Returns float64 (H, W): m where kept, 0 elsewhere.
    """
    # TODO(nms): Return float64 (H, W): the magnitude hypot(gx, gy) where the pixel is a ridge, 0 elsewhere.
    # | Quantise theta = atan2(gy, gx) mod 180 deg to 0/45/90/135 (bounds 22.5, 67.5, 112.5, 157.5,
    # | lower bound inclusive); step d = (dy, dx) = (0,1), (1,1), (1,0), (1,-1) respectively.
    # | Keep p iff m[p] > m[p - d] and m[p] >= m[p + d], with m = 0 outside the image.
    # | gx, gy of different shapes or not 2-D raise ValueError; an empty image gives an empty result.
    raise NotImplementedError("TODO(nms): write this region")


def hysteresis(mag: np.ndarray, low: float, high: float) -> np.ndarray:
    """Double threshold with hysteresis on a thinned magnitude (H, W).

    strong = mag > high, candidate = mag > low. The edge map is every candidate pixel whose
    8-connected component of candidates contains at least one strong pixel. Connected
    components make it one labelling pass instead of a flood fill per seed.
    """
    # TODO(hysteresis): Return a bool (H, W) edge map: pixels with mag > low that are 8-connected,
    # | through pixels with mag > low, to at least one pixel with mag > high (strict comparisons).
    # | low > high raises ValueError; an empty input gives an empty bool array.
    raise NotImplementedError("TODO(hysteresis): write this region")


def canny(gx: np.ndarray, gy: np.ndarray, low: float, high: float) -> np.ndarray:
    """Canny edges from precomputed gradients: hysteresis(non_max_suppression(gx, gy))."""
    return hysteresis(non_max_suppression(gx, gy), low, high)


if __name__ == "__main__":
    img = np.zeros((5, 6))
    img[:, 3:] = 100.0
    gx = ndi.sobel(img, axis=1, mode="nearest")
    gy = ndi.sobel(img, axis=0, mode="nearest")
    print("gx =\n", gx)
    print("non_max_suppression(gx, gy) =\n", non_max_suppression(gx, gy))
    print("canny(gx, gy, 100, 300) =\n", canny(gx, gy, 100, 300).astype(int))
