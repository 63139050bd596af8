"""b12 - Median filter.

Replace every pixel by the median of its (2r+1) x (2r+1) neighbourhood (edge pixels replicated
at the border, as cv2.medianBlur does), vectorised over a strided window view.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def median_filter(image: np.ndarray, radius: int) -> np.ndarray:
    """Median of each (2r+1) x (2r+1) window, replicate borders: (H, W) -> (H, W), same dtype.

    The window holds k² = (2r+1)² values, an odd count, so the median is one of them: the
    result is exact in the input dtype. np.partition finds the middle element in O(k²)
    per pixel instead of the O(k² log k) of a full sort.
    """
    # TODO(solve): Return the (H, W) median filter of a 2-D image with a (2r+1) x (2r+1) window, in the image's dtype.
    # | Border: replicate the edge pixels (np.pad mode "edge", cv2.medianBlur's border). radius 0 returns a copy.
    # | radius < 0 or a non-2-D image raises ValueError. Vectorised over pixels (a window view), no Python pixel loop.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    img = np.array([[10, 10, 10, 10], [10, 255, 10, 10], [10, 10, 0, 90], [90, 90, 90, 90]], dtype=np.uint8)
    print("image (salt, pepper, an edge) =\n", img)
    print("median_filter(image, 1) =\n", median_filter(img, 1))
