"""b11 - Box filter by integral image.

Summed-area table I[y, x] = sum of image[:y, :x], then any rectangle sum is four lookups, so a
(2r+1) x (2r+1) mean filter costs O(1) per pixel whatever the radius.
"""

from __future__ import annotations

import numpy as np


def integral_image(image: np.ndarray) -> np.ndarray:
    """Summed-area table with a zero first row and column: (H, W) -> float64 (H + 1, W + 1).

    I[y, x] = Σ_{i<y} Σ_{j<x} image[i, j]   (cv2.integral's layout). The extra zero row and column
    make the rectangle formula below work at the top and left edges without special cases.
    """
    # BEGIN REGION integral: Return the float64 (H + 1, W + 1) summed-area table of a 2-D image: I[y, x] = sum of image[:y, :x],
    # | so row 0 and column 0 are zeros and I[H, W] is the total. Empty images work ((0, W) -> (1, W + 1) zeros).
    # | A non-2-D image raises ValueError.
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError(f"expected a 2-D image, got shape {image.shape}")
    out = np.zeros((image.shape[0] + 1, image.shape[1] + 1))
    out[1:, 1:] = image.cumsum(axis=0).cumsum(axis=1)  # prefix sums along y, then x
    return out
    # END REGION integral


def box_filter(image: np.ndarray, radius: int) -> np.ndarray:
    """Mean over the (2r+1) x (2r+1) window centred at each pixel, reflect-101 borders -> float64 (H, W).

    With the padded image's integral I and k = 2r + 1 (padded coordinates, window starting at (y, x)):
        sum = I[y + k, x + k] - I[y, x + k] - I[y + k, x] + I[y, x]      out = sum / k²
    Four lookups per pixel, independent of r (cv2.blur / cv2.boxFilter with normalize=True).
    """
    # BEGIN REGION box: Return the float64 (H, W) mean of each pixel's (2r+1) x (2r+1) neighbourhood, borders reflect-101
    # | (np.pad mode "reflect", cv2's default), using integral_image so the cost per pixel does not depend on r.
    # | radius 0 returns the image as float (an empty image included). radius < 0, radius >= 1 with radius >= min(H, W)
    # | or a non-2-D image raise ValueError.
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2 or radius < 0 or (radius > 0 and radius >= min(image.shape)):
        raise ValueError(f"need a 2-D image and 0 <= radius < min(H, W), got {image.shape} and {radius}")
    k = 2 * radius + 1
    ii = integral_image(np.pad(image, radius, mode="reflect"))  # (H + 2r + 1, W + 2r + 1)
    h, w = image.shape
    total = ii[k:, k:] - ii[:h, k:] - ii[k:, :w] + ii[:h, :w]  # (H, W), four shifted views
    return total / (k * k)
    # END REGION box


if __name__ == "__main__":
    img = np.arange(12.0).reshape(3, 4)
    print("image =\n", img)
    print("integral_image(image) =\n", integral_image(img))
    print("box_filter(image, 1) =\n", box_filter(img, 1))
