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
    # BEGIN REGION integral: Return the (H+1, W+1) (or (H+1, W+1, C)) table with ii[y, x] = img[:y, :x].sum(axis=(0, 1)).
    # | Row 0 and column 0 are zeros. Output dtype: int64 for integer or bool input (uint64 is also accepted for
    # | unsigned input), float64 for float input.
    # | Raise ValueError unless img is 2-d (H, W) or 3-d (H, W, C). H or W may be 0.
    img = np.asarray(img)
    if img.ndim not in (2, 3):
        raise ValueError(f"expected (H, W) or (H, W, C), got {img.shape}")
    acc = np.float64 if img.dtype.kind == "f" else np.int64
    ii = np.zeros((img.shape[0] + 1, img.shape[1] + 1) + img.shape[2:], dtype=acc)
    # Two prefix sums (rows, then columns), written into the interior; row/col 0 stay 0.
    np.cumsum(np.cumsum(img, axis=0, dtype=acc), axis=1, out=ii[1:, 1:])
    return ii
    # END REGION integral


def box_sums(ii: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Sums of K half-open boxes (y0, x0, y1, x1) from an integral image, four lookups each.

    boxes (K, 4) integers with 0 <= y0 <= y1 <= H and 0 <= x0 <= x1 <= W  ->  (K,) or (K, C).
    S = ii[y1, x1] - ii[y0, x1] - ii[y1, x0] + ii[y0, x0]; an empty box (y0 == y1 or x0 == x1) is 0.
    """
    # BEGIN REGION box_sums: Return the (K,) (or (K, C)) sums of img[y0:y1, x0:x1] for each row (y0, x0, y1, x1) of boxes (K, 4),
    # | using only the integral image ii (H+1, W+1[, C]) and no loop over boxes. Boxes are half-open like slices;
    # | empty boxes give 0; result dtype = ii.dtype. Raise ValueError if boxes is not (K, 4) integers or a box
    # | is outside the image or has y0 > y1 or x0 > x1 (no negative-index wrap-around).
    ii, boxes = np.asarray(ii), np.asarray(boxes)
    if boxes.ndim != 2 or boxes.shape[1] != 4 or (boxes.size and boxes.dtype.kind not in "iu"):
        raise ValueError(f"expected boxes (K, 4) of integers, got {boxes.shape} {boxes.dtype}")
    h, w = ii.shape[0] - 1, ii.shape[1] - 1
    y0, x0, y1, x1 = boxes.T.astype(np.intp)  # each (K,)
    if np.any((y0 < 0) | (x0 < 0) | (y0 > y1) | (x0 > x1) | (y1 > h) | (x1 > w)):
        raise ValueError(f"boxes must satisfy 0 <= y0 <= y1 <= {h} and 0 <= x0 <= x1 <= {w}")
    return ii[y1, x1] - ii[y0, x1] - ii[y1, x0] + ii[y0, x0]  # inclusion-exclusion, (K,) or (K, C)
    # END REGION box_sums


if __name__ == "__main__":
    img = np.arange(1, 10).reshape(3, 3)
    ii = integral_image(img)
    print("img =\n", img, "\nintegral_image(img) =\n", ii)
    print("box_sums(ii, [[1, 1, 3, 3], [0, 0, 3, 3], [2, 0, 2, 3]]) =", box_sums(ii, np.array([[1, 1, 3, 3], [0, 0, 3, 3], [2, 0, 2, 3]])))
