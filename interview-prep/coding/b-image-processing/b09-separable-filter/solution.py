"""b09 - Separable filtering.

Decide with the SVD whether a 2-D kernel is an outer product col ⊗ row (rank 1) and, if so,
filter an image with two 1-D passes (columns, then rows) instead of one 2-D pass:
O(kh + kw) instead of O(kh·kw) work per pixel.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def separate(kernel: np.ndarray, rtol: float = 1e-8) -> tuple[np.ndarray, np.ndarray] | None:
    """Split a (kh, kw) kernel into col (kh,) and row (kw,) with kernel = outer(col, row), or None.

    SVD: K = Σ_i σ_i u_i v_iᵀ with σ_0 >= σ_1 >= ... >= 0. K has rank 1 iff σ_1 = 0; in floating
    point, accept σ_1 <= rtol·σ_0. Then K = (sqrt(σ_0) u_0)(sqrt(σ_0) v_0)ᵀ: split the scale evenly.
    """
    # BEGIN REGION separate: Return (col, row), float64 arrays of shapes (kh,) and (kw,) with np.outer(col, row) equal to the
    # | 2-D kernel, when its second singular value is at most rtol times the first (rank 1); otherwise return None.
    # | An all-zero kernel returns two zero vectors. A kernel that is not 2-D raises ValueError.
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError(f"expected a non-empty 2-D kernel, got shape {kernel.shape}")
    u, s, vt = np.linalg.svd(kernel)  # u (kh, kh), s (min(kh, kw),), vt (kw, kw)
    if s[0] == 0.0:
        return np.zeros(kernel.shape[0]), np.zeros(kernel.shape[1])
    if s.size > 1 and s[1] > rtol * s[0]:
        return None
    scale = np.sqrt(s[0])
    col, row = u[:, 0] * scale, vt[0] * scale
    if col[np.argmax(np.abs(col))] < 0:  # cosmetic: the SVD's sign is arbitrary, make col's largest entry positive
        col, row = -col, -row
    return col, row
    # END REGION separate


def sep_filter(image: np.ndarray, col: np.ndarray, row: np.ndarray) -> np.ndarray:
    """Correlate a 2-D image with outer(col, row) as two 1-D passes, reflect-101 borders -> float64 (H, W).

    out[y, x] = Σ_u Σ_v col[u]·row[v]·x_pad[y + u, x + v]
              = Σ_v row[v] · ( Σ_u col[u]·x_pad[y + u, x + v] )     (vertical pass, then horizontal)
    with the kernel centred (odd lengths) and the image padded by reflection without repeating
    the edge pixel (cv2.BORDER_REFLECT_101, np.pad mode "reflect"): cv2.sepFilter2D's definition.
    """
    # BEGIN REGION sep_filter: Return float64 (H, W): the 2-D image correlated (no flip, like cv2.sepFilter2D) with the
    # | centred kernel outer(col, row), as a vertical pass with col followed by a horizontal pass with row, borders
    # | reflect-101 (np.pad mode "reflect"). col and row must be 1-D with odd lengths, else ValueError. No loop over pixels.
    image = np.asarray(image, dtype=np.float64)
    col = np.asarray(col, dtype=np.float64)
    row = np.asarray(row, dtype=np.float64)
    if image.ndim != 2 or col.ndim != 1 or row.ndim != 1 or col.size % 2 == 0 or row.size % 2 == 0:
        raise ValueError(f"need a 2-D image and odd-length 1-D kernels, got {image.shape}, {col.shape}, {row.shape}")
    ry, rx = col.size // 2, row.size // 2
    x = np.pad(image, ((ry, ry), (rx, rx)), mode="reflect")  # (H + 2ry, W + 2rx), reflect-101
    vert = sliding_window_view(x, col.size, axis=0) @ col  # (H, W + 2rx, kh) @ (kh,) -> (H, W + 2rx)
    return sliding_window_view(vert, row.size, axis=1) @ row  # (H, W, kw) @ (kw,) -> (H, W)
    # END REGION sep_filter


if __name__ == "__main__":
    sobel_x = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    col, row = separate(sobel_x)
    print("separate(sobel_x): col =", np.round(col, 4), "row =", np.round(row, 4))
    print("outer(col, row) =\n", np.round(np.outer(col, row), 10) + 0.0)
    print("separate(laplacian) =", separate(np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])))
    img = np.arange(16.0).reshape(4, 4)
    print("sep_filter(ramp, [1, 2, 1], [-1, 0, 1]) =\n", sep_filter(img, [1, 2, 1], [-1, 0, 1]))
