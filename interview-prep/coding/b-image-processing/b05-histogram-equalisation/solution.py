"""b05 - Histogram equalisation.

Map the grey levels of a uint8 image through its normalised cumulative histogram so the
output levels are spread (as evenly as a discrete image allows) over 0..255, matching
cv2.equalizeHist exactly.
"""

from __future__ import annotations

import numpy as np


def equalize_hist(image: np.ndarray) -> np.ndarray:
    """Histogram-equalise a uint8 grey image (H, W) -> uint8 (H, W).

    With hist the 256-bin histogram, cdf its cumulative sum, N = H·W pixels and
    cdf_min = cdf at the darkest level present:
        lut[v] = round( (cdf[v] - cdf_min) / (N - cdf_min) · 255 )        out = lut[image]
    so the darkest level present maps to 0 and the brightest to 255. A constant image
    (N == cdf_min) has no spread to stretch and is returned unchanged.
    """
    # BEGIN REGION solve: Return the uint8 (H, W) equalised image of a uint8 (H, W) image, as cv2.equalizeHist:
    # | out = lut[image] with lut[v] = round((cdf[v] - cdf_min) * 255 / (N - cdf_min)), cdf the cumulative
    # | 256-bin histogram, cdf_min its value at the darkest level present, N the pixel count.
    # | A constant image is returned unchanged; an empty image gives an empty result. Not uint8 or not 2-D: ValueError.
    image = np.asarray(image)
    if image.dtype != np.uint8 or image.ndim != 2:
        raise ValueError(f"expected a uint8 (H, W) image, got {image.dtype} {image.shape}")
    n = image.size
    if n == 0:
        return image.copy()
    hist = np.bincount(image.ravel(), minlength=256)  # (256,)
    cdf = np.cumsum(hist)  # (256,) non-decreasing, cdf[255] == n
    cdf_min = cdf[np.flatnonzero(hist)[0]]  # pixels at the darkest present level
    if cdf_min == n:  # one level only: nothing to stretch
        return image.copy()
    lut = np.rint((cdf - cdf_min) * (255.0 / (n - cdf_min)))  # (256,) levels below the min go negative
    lut = np.clip(lut, 0, 255).astype(np.uint8)
    return lut[image]
    # END REGION solve


if __name__ == "__main__":
    img = np.array([[52, 55, 61], [59, 79, 61], [85, 52, 79]], dtype=np.uint8)
    print("image =\n", img)
    print("equalize_hist(image) =\n", equalize_hist(img))
