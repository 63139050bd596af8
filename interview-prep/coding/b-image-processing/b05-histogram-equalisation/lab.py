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
    # TODO(solve): Return the uint8 (H, W) equalised image of a uint8 (H, W) image, as cv2.equalizeHist:
    # | out = lut[image] with lut[v] = round((cdf[v] - cdf_min) * 255 / (N - cdf_min)), cdf the cumulative
    # | 256-bin histogram, cdf_min its value at the darkest level present, N the pixel count.
    # | A constant image is returned unchanged; an empty image gives an empty result. Not uint8 or not 2-D: ValueError.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    img = np.array([[52, 55, 61], [59, 79, 61], [85, 52, 79]], dtype=np.uint8)
    print("image =\n", img)
    print("equalize_hist(image) =\n", equalize_hist(img))
