"""b25 - warpPerspective.

Warp an image with a 3x3 forward homography H (source -> destination) by inverse mapping:
every destination pixel is mapped through H⁻¹ in homogeneous coordinates, divided by w, and
the source is sampled there bilinearly; outside samples and points with w <= 0 (behind the
camera, or on the line at infinity) read a constant.
"""

from __future__ import annotations

import numpy as np


def warp_perspective(image: np.ndarray, H: np.ndarray, out_h: int, out_w: int, border_value: float = 0.0) -> np.ndarray:
    """Perspective warp, float64 (out_h, out_w[, C]); cv2.warpPerspective with INTER_LINEAR, BORDER_CONSTANT.

    Homogeneous inverse map for destination pixel (x, y) (x = column, y = row):
        [u, v, w]ᵀ = H⁻¹ [x, y, 1]ᵀ,     (x_s, y_s) = (u / w, v / w)     if w > 0
    H and -H are the same projective map, so the sign of w only means something once H is
    oriented: flip H's sign if needed so the source image's centre maps with positive w.
    Then w <= 0 means the destination ray meets the source plane behind the camera (or at
    infinity): there is no valid source point, so the pixel is border_value (dividing anyway
    mirrors far-away content into the image). Bilinear sampling follows, where each of the
    4 neighbours outside the image reads border_value.
    """
    # TODO(solve): Return float64 (out_h, out_w[, C]): destination pixel (x, y) = bilinear sample of image at
    # | (u/w, v/w) with [u, v, w] = H^-1 [x, y, 1] (H is the 3x3 FORWARD homography, x = column, y = row).
    # | Orient H first: if the source centre ((W-1)/2, (H-1)/2, 1) maps to a negative w, use -H. Then a pixel with
    # | w <= 1e-12 (behind the camera / at infinity) is border_value; each of the 4 bilinear neighbours outside
    # | the image reads border_value. Scaling H by any non-zero factor (also negative) changes nothing.
    # | ValueError: image not 2-D/3-D, H not 3x3 or singular, out_h or out_w < 1.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    img = np.arange(16, dtype=np.float64).reshape(4, 4)
    H = -2.0 * np.eye(3)  # any non-zero multiple of the identity is the identity
    print("warp_perspective(img, -2*I, 4, 4) == img:", np.allclose(warp_perspective(img, H, 4, 4), img))
    H = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.5, 1.0]])  # w = 1 + 0.5 y_s: rows shrink with y
    np.set_printoptions(precision=3, suppress=True)
    print("warp_perspective(img, H, 4, 4, border_value=-1) =\n", warp_perspective(img, H, 4, 4, -1.0))
