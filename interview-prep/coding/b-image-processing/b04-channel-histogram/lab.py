"""b04 - Per-channel histogram.

Count, for every channel of an image, how many pixels fall into each of `bins` equal-width,
half-open bins over [lo, hi), with one np.bincount call and no loop over pixels or channels.
"""

from __future__ import annotations

import numpy as np


def channel_histogram(
    image: np.ndarray, bins: int = 256, value_range: tuple[float, float] = (0.0, 256.0)
) -> np.ndarray:
    """Histogram of every channel: (H, W) or (H, W, C) -> int64 (C, bins) counts (C = 1 for grey).

    Bin k covers [lo + k·w, lo + (k+1)·w) with w = (hi - lo) / bins, so the bin of a value x is
        k = floor((x - lo) · bins / (hi - lo))
    and values outside [lo, hi) (including x == hi) are not counted: the cv2.calcHist convention.
    Offsetting bin indices by c·bins turns C histograms into one bincount of length C·bins.
    """
    # TODO(solve): Return int64 counts of shape (C, bins) for an (H, W, C) image ((1, bins) for an (H, W) image):
    # | counts[c, k] = number of pixels of channel c with lo + k*w <= x < lo + (k+1)*w, w = (hi - lo) / bins.
    # | Values outside [lo, hi), including x == hi, are not counted. Works for uint8 and float images.
    # | bins < 1, hi <= lo or an image that is not 2-D or 3-D raise ValueError.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    img = np.array([[[0, 10, 255], [128, 10, 200]], [[255, 0, 64], [129, 10, 0]]], dtype=np.uint8)
    print("image (2, 2, 3) =", img.tolist())
    print("channel_histogram(img, bins=4) =\n", channel_histogram(img, bins=4))
    print("grey, bins=4, range (0, 1):", channel_histogram(np.array([[0.0, 0.5], [0.99, 1.0]]), 4, (0.0, 1.0)))
