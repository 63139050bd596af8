"""c21 - Stereo block matching (SAD, winner-takes-all) and depth from disparity.

For a rectified pair a pixel (x, y) of the left image appears at (x - d, y) in the right
image, d >= 0 being its disparity. Block matching compares a small window around each
pixel for every candidate d (the cost volume), keeps the cheapest d, and converts it to
metric depth Z = f B / d.
"""

from __future__ import annotations

import numpy as np


def disparity_sad(left: np.ndarray, right: np.ndarray, max_disp: int, block: int) -> np.ndarray:
    """Winner-takes-all disparity (H, W) int64 from a SAD cost volume over d = 0 .. max_disp - 1.

        AD[d, y, x]  = |L[y, x] - R[y, max(x - d, 0)]|                    (edge-replicated right image)
        SAD[d, y, x] = Σ_{|i|, |j| <= r} AD[d, y + i, x + j],  r = block // 2  (terms outside the image are 0)
        disp[y, x]   = argmin_d SAD[d, y, x]                               (smallest d on ties)
    Box sums by a 2-D integral image: O(D·H·W) whatever the block size.
    """
    # TODO(disparity): Return the (H, W) int64 disparity of every left pixel, d in 0 .. max_disp - 1:
    # | AD[d, y, x] = |L[y, x] - R[y, max(x - d, 0)]| (compare with the right pixel d columns to the LEFT,
    # | repeating column 0 where x - d < 0); SAD = sum of AD over the block x block window centred on (y, x),
    # | window pixels outside the image count 0; disparity = argmin over d (any d of minimal cost is accepted).
    # | Compute in float64 or int64 (uint8 differences wrap). No loop over pixels (a loop over d is fine).
    # | Raise ValueError for images that are not the same 2-D shape, max_disp < 1, or an even or < 1 block.
    raise NotImplementedError("TODO(disparity): write this region")


def depth_from_disparity(disparity: np.ndarray, focal_px: float, baseline: float) -> np.ndarray:
    """Metric depth Z = f B / d (same shape as disparity, float64); d = 0 (no parallax) -> +inf."""
    # TODO(depth): Return float64 depth f·B/d of the same shape as disparity (any shape, int or float).
    # | Zero disparity means a point at infinity: return +inf there, without a division warning. Negative
    # | disparities, focal_px <= 0 or baseline <= 0 raise ValueError.
    raise NotImplementedError("TODO(depth): write this region")


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    right = rng.integers(0, 256, size=(8, 20)).astype(np.uint8)
    left = np.roll(right, 3, axis=1)  # every left pixel sits 3 columns right of its match
    disp = disparity_sad(left, right, max_disp=6, block=3)
    print("disparity rows 1..6, columns 6..13:\n", disp[1:7, 6:14])
    print("depth for f = 700 px, B = 0.12 m:", depth_from_disparity(np.array([0, 3, 12]), 700.0, 0.12))
