"""a04 - im2col and col2im.

im2col unrolls every kh x kw patch of a (C, H, W) image into one column, so a convolution
layer (cross-correlation, as in every deep-learning framework) becomes one matrix product:
    out (F, Ho*Wo) = weights.reshape(F, C*kh*kw) @ im2col(x)
col2im is its adjoint: it scatters columns back into the image and SUMS overlapping
patches, which is exactly the gradient of the convolution with respect to its input.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _out_size(n: int, k: int, stride: int, padding: int) -> int:
    """Number of window positions along one axis: floor((n + 2p - k) / s) + 1."""
    return (n + 2 * padding - k) // stride + 1


def im2col(x: np.ndarray, kh: int, kw: int, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Patches of a zero-padded (C, H, W) image as columns of a (C*kh*kw, Ho*Wo) matrix.

    Ho = floor((H + 2p - kh) / s) + 1, Wo likewise.
    cols[(c*kh + i)*kw + j, oy*Wo + ox] = xpad[c, oy*s + i, ox*s + j]
    i.e. rows in (c, i, j) C-order (matching weights.reshape(F, -1) of (F, C, kh, kw) filters),
    columns in row-major (oy, ox) order (matching out.reshape(F, Ho, Wo)).
    """
    # BEGIN REGION im2col: Return the float64 (C*kh*kw, Ho*Wo) patch matrix of x (C, H, W) zero-padded by `padding`.
    # | Ho = (H + 2*padding - kh) // stride + 1 (Wo likewise). Row r = (c*kh + i)*kw + j holds tap (c, i, j),
    # | column oy*Wo + ox holds the window whose top-left corner is (oy*stride, ox*stride) in the padded image:
    # | cols[r, oy*Wo + ox] = xpad[c, oy*stride + i, ox*stride + j]. No loop over pixels or windows.
    # | Raise ValueError if x is not 3-d, kh, kw or stride < 1, padding < 0, or the kernel is larger than the padded image.
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 3 or kh < 1 or kw < 1 or stride < 1 or padding < 0:
        raise ValueError(f"bad arguments: x {x.shape}, kernel {kh}x{kw}, stride {stride}, padding {padding}")
    c, h, w = x.shape
    ho, wo = _out_size(h, kh, stride, padding), _out_size(w, kw, stride, padding)
    if ho < 1 or wo < 1:
        raise ValueError(f"kernel {kh}x{kw} does not fit the padded {h + 2 * padding}x{w + 2 * padding} image")
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))  # (C, H+2p, W+2p)
    win = sliding_window_view(xp, (kh, kw), axis=(1, 2))  # (C, H+2p-kh+1, W+2p-kw+1, kh, kw), a view
    win = win[:, ::stride, ::stride][:, :ho, :wo]  # (C, Ho, Wo, kh, kw)
    return win.transpose(0, 3, 4, 1, 2).reshape(c * kh * kw, ho * wo)  # (C, kh, kw, Ho, Wo) -> 2-d copy
    # END REGION im2col


def col2im(cols: np.ndarray, x_shape: tuple[int, int, int], kh: int, kw: int, stride: int = 1,
           padding: int = 0) -> np.ndarray:
    """Adjoint of im2col: scatter-add every column back to its patch, then crop the padding.

    For every (c, i, j, oy, ox):  xpad[c, oy*s + i, ox*s + j] += cols[(c*kh + i)*kw + j, oy*Wo + ox]
    so  <im2col(x), cols> = <x, col2im(cols)>  for all x and cols. Pixels covered by k windows
    receive the sum of k values (that is the input gradient of a convolution).
    """
    # BEGIN REGION col2im: Return the float64 (C, H, W) image, x_shape = (C, H, W), that SUMS each column of cols back into its patch.
    # | cols has shape (C*kh*kw, Ho*Wo) in im2col's layout (same kh, kw, stride, padding). Overlapping
    # | patches add up; values that land in the zero padding are dropped. Must be the adjoint:
    # | sum(im2col(x) * cols) == sum(x * col2im(cols)). Raise ValueError if cols has the wrong shape.
    # | A loop over the kh*kw kernel taps is fine; no loop over pixels or windows.
    cols = np.asarray(cols, dtype=np.float64)
    c, h, w = x_shape
    ho, wo = _out_size(h, kh, stride, padding), _out_size(w, kw, stride, padding)
    if cols.shape != (c * kh * kw, ho * wo):
        raise ValueError(f"cols has shape {cols.shape}, expected {(c * kh * kw, ho * wo)}")
    taps = cols.reshape(c, kh, kw, ho, wo)
    xp = np.zeros((c, h + 2 * padding, w + 2 * padding))
    for i in range(kh):  # kh*kw strided slice-adds; windows never repeat within one tap
        for j in range(kw):
            xp[:, i:i + stride * ho:stride, j:j + stride * wo:stride] += taps[:, i, j]  # (C, Ho, Wo)
    return xp[:, padding:padding + h, padding:padding + w].copy()
    # END REGION col2im


if __name__ == "__main__":
    x = np.arange(9.0).reshape(1, 3, 3)
    cols = im2col(x, 2, 2)
    print("x[0] =\n", x[0])
    print("im2col(x, 2, 2) =\n", cols)
    print("col2im(ones) counts windows per pixel =\n", col2im(np.ones_like(cols), x.shape, 2, 2)[0])
