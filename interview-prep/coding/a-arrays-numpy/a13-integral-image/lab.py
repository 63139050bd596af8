"""a13 - Integral image and O(1) box sums.

ii[y, x] = sum of img[:y, :x]  (a zero-padded (H+1, W+1) table, as in cv2.integral). Then the
sum over any half-open box [y0, y1) x [x0, x1) is four lookups:
    S = ii[y1, x1] - ii[y0, x1] - ii[y1, x0] + ii[y0, x0]
Viola-Jones Haar features, box filters of any size in O(1) per pixel, adaptive thresholding,
SURF's box-filtered Hessian, and fast local mean/variance all rest on this table.
"""

from __future__ import annotations

import numpy as np


def integral_image(img: np.ndarray) -> np.ndarray:
    """Zero-padded summed-area table: (H, W[, C]) -> (H+1, W+1[, C]).

    ii[0, :] = ii[:, 0] = 0,  ii[y, x] = Σ_{v < y, u < x} img[v, u]
    Integer images accumulate in int64 (uint8 sums overflow int32 above ~8.4 Mpx of white);
    float images in float64.
    """
    # TODO(integral): Return the (H+1, W+1) (or (H+1, W+1, C)) table with ii[y, x] = img[:y, :x].sum(axis=(0, 1)).
    # | Row 0 and column 0 are zeros. Output dtype: int64 for integer or bool input (uint64 is also accepted for
    # | unsigned input), float64 for float input.
    # | Raise ValueError unless img is 2-d (H, W) or 3-d (H, W, C). H or W may be 0.
    raise NotImplementedError("TODO(integral): write this region")


def box_sums(ii: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Sums of K half-open boxes (y0, x0, y1, x1) from an integral image, four lookups each.

    boxes (K, 4) integers with 0 <= y0 <= y1 <= H and 0 <= x0 <= x1 <= W  ->  (K,) or (K, C).
    S = ii[y1, x1] - ii[y0, x1] - ii[y1, x0] + ii[y0, x0]; an empty box (y0 == y1 or x0 == x1) is 0.
    """
    # TODO(box_sums): Return the (K,) (or (K, C)) sums of img[y0:y1, x0:x1] for each row (y0, x0, y1, x1) of boxes (K, 4),
    # | using only the integral image ii (H+1, W+1[, C]) and no loop over boxes. Boxes are half-open like slices;
    # | empty boxes give 0; result dtype = ii.dtype. Raise ValueError if boxes is not (K, 4) integers or a box
    # | is outside the image or has y0 > y1 or x0 > x1 (no negative-index wrap-around).
    raise NotImplementedError("TODO(box_sums): write this region")


if __name__ == "__main__":
    img = np.arange(1, 10).reshape(3, 3)
    ii = integral_image(img)
    print("img =\n", img, "\nintegral_image(img) =\n", ii)
    print("box_sums(ii, [[1, 1, 3, 3], [0, 0, 3, 3], [2, 0, 2, 3]]) =", box_sums(ii, np.array([[1, 1, 3, 3], [0, 0, 3, 3], [2, 0, 2, 3]])))
