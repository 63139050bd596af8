"""b03 - Brightness, contrast and gamma with clipping.

Point operations on uint8 images: the linear map out = clip(round(alpha * x + beta), 0, 255)
(contrast alpha, brightness beta) and gamma correction out = round(255 * (x / 255) ** gamma)
through a 256-entry lookup table.
"""

from __future__ import annotations

import numpy as np


def brightness_contrast(image: np.ndarray, alpha: float, beta: float) -> np.ndarray:
    """Linear point operation on a uint8 image of any shape: out = saturate(round(alpha * x + beta)).

    alpha scales contrast (distances between grey levels), beta shifts brightness. The result is
    computed in float, rounded to nearest and clipped to [0, 255] before the cast: casting an
    out-of-range value to uint8 wraps around modulo 256 (300 -> 44), which turns highlights black.
    """
    # TODO(linear): Return uint8 with the shape of the uint8 image: clip(round(alpha * x + beta), 0, 255).
    # | Round to nearest (either tie rule), clip before casting (no wrap-around). alpha may be any real
    # | number (negative inverts). A non-uint8 image raises ValueError.
    raise NotImplementedError("TODO(linear): write this region")


def gamma_correct(image: np.ndarray, gamma: float) -> np.ndarray:
    """Gamma correction of a uint8 image through a lookup table: out = round(255 * (x / 255) ** gamma).

    gamma < 1 brightens the shadows, gamma > 1 darkens them; 0 and 255 are fixed points. There are
    only 256 possible inputs, so the power is evaluated 256 times (the LUT) instead of once per
    pixel, and applying it is a gather: lut[image].
    """
    # TODO(gamma): Return uint8 with the image's shape: round(255 * (x / 255) ** gamma) for each pixel x.
    # | Build the 256-entry uint8 lookup table once and index it with the image (do not call ** per pixel).
    # | gamma must be > 0 (else ValueError); a non-uint8 image raises ValueError.
    raise NotImplementedError("TODO(gamma): write this region")


if __name__ == "__main__":
    x = np.array([[0, 50, 100, 200, 255]], dtype=np.uint8)
    print("x =", x)
    print("brightness_contrast(x, 1.5, -20) =", brightness_contrast(x, 1.5, -20))
    print("gamma_correct(x, 0.5) =", gamma_correct(x, 0.5))
