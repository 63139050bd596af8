"""b08 - 2D convolution with padding and stride.

True 2-D convolution (kernel flipped in both axes) of a single-channel image with zero
padding p and stride s, computed from a strided window view and one einsum:
out[i, j] = Σ_{u, v} x_pad[s·i + u, s·j + v] · k[kh-1-u, kw-1-v].
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d(image: np.ndarray, kernel: np.ndarray, padding: int = 0, stride: int = 1) -> np.ndarray:
    """Zero-padded, strided true convolution: (H, W) * (kh, kw) -> float64 (Ho, Wo).

    Ho = floor((H + 2p - kh) / s) + 1,  Wo = floor((W + 2p - kw) / s) + 1.
    Convolution flips the kernel; without the flip it is cross-correlation (what deep-learning
    "conv" layers compute). For a symmetric kernel the two agree.
    """
    # BEGIN REGION solve: Return the float64 (Ho, Wo) true convolution (kernel flipped in both axes) of the 2-D image with the
    # | 2-D kernel after zero-padding p pixels on every side, keeping every s-th output position starting at 0:
    # | Ho = (H + 2p - kh) // s + 1, Wo likewise. Raise ValueError for padding < 0, stride < 1, non-2-D inputs or a
    # | kernel larger than the padded image. No Python loops over pixels.
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if image.ndim != 2 or kernel.ndim != 2 or padding < 0 or stride < 1:
        raise ValueError(
            f"need 2-D image and kernel, padding >= 0, stride >= 1; got {image.shape}, {kernel.shape}, {padding}, {stride}"
        )
    kh, kw = kernel.shape
    x = np.pad(image, padding)  # (H + 2p, W + 2p) zeros around
    if x.shape[0] < kh or x.shape[1] < kw or kh == 0 or kw == 0:
        raise ValueError(f"kernel {kernel.shape} does not fit the padded image {x.shape}")
    windows = sliding_window_view(x, (kh, kw))[::stride, ::stride]  # (Ho, Wo, kh, kw), a view: no copy
    return np.einsum("ijuv,uv->ij", windows, kernel[::-1, ::-1])  # flip = convolution
    # END REGION solve


if __name__ == "__main__":
    img = np.arange(16.0).reshape(4, 4)
    k = np.array([[1.0, 0.0], [0.0, -1.0]])
    print("image =\n", img)
    print("conv2d(image, [[1, 0], [0, -1]], padding=1, stride=2) =\n", conv2d(img, k, padding=1, stride=2))
