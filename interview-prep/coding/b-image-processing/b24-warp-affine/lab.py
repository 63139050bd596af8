"""b24 - warpAffine.

Warp an image with a 2x3 forward affine matrix M (source pixel -> destination pixel) by
inverse mapping: for every destination pixel, invert M to find where it comes from in the
source, and sample there bilinearly; samples outside the source read a constant.
"""

from __future__ import annotations

import numpy as np


def warp_affine(image: np.ndarray, M: np.ndarray, out_h: int, out_w: int, border_value: float = 0.0) -> np.ndarray:
    """cv2.warpAffine(image, M, (out_w, out_h), INTER_LINEAR, BORDER_CONSTANT) in float64.

    Forward model (x = column, y = row, pixel centres at integers):
        [x_dst, y_dst]ᵀ = A [x_src, y_src]ᵀ + t,     M = [A | t]  (2x3)
    Inverse mapping, for every destination pixel:
        [x_src, y_src]ᵀ = A⁻¹ ([x_dst, y_dst]ᵀ - t)
    then bilinear interpolation of the 4 neighbours floor/floor+1 in x and y, where any
    neighbour outside the image contributes border_value (so edges blend into it).
    Why inverse: forward-splatting source pixels leaves holes and collisions; pulling from
    the source gives exactly one value per destination pixel.
    """
    # TODO(solve): Return float64 (out_h, out_w[, C]): destination pixel (x, y) = bilinear sample of image at
    # | A^-1 ([x, y] - t) where M = [A | t] is the 2x3 FORWARD map (x = column, y = row). Each of the 4 neighbours
    # | that lies outside the image reads border_value. ValueError: image not 2-D/3-D, M not 2x3,
    # | A singular, out_h or out_w < 1.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    img = np.arange(12, dtype=np.float64).reshape(3, 4)
    shift = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.5]])  # move right by 1, down by 0.5
    np.set_printoptions(precision=2, suppress=True)
    print("image =\n", img)
    print("warp_affine(image, shift by (1, 0.5), 3, 4, border_value=-1) =\n", warp_affine(img, shift, 3, 4, -1.0))
