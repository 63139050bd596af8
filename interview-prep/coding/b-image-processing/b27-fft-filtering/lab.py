"""b27 - FFT filtering.

The convolution theorem on a finite image: multiplying DFT spectra is CIRCULAR convolution.
fft_convolve filters with a small spatial kernel through the FFT; lowpass builds ideal and
Gaussian low-pass transfer functions directly on the DFT frequency grid (unshifted order,
as np.fft.fft2 returns it).
"""

from __future__ import annotations

import numpy as np


def fft_convolve(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Circular convolution of a (H, W) image with a (kh, kw) kernel via the FFT.

        out[y, x] = Σ_i Σ_j kernel[i, j] · image[(y - i + kh//2) mod H, (x - j + kw//2) mod W]
    The kernel's centre (kh//2, kw//2) is its origin. Embed the kernel in a (H, W) zero array,
    roll it so that its centre lands on (0, 0) (otherwise the output is shifted by
    (kh//2, kw//2)), then out = real(ifft2(fft2(image) · fft2(kernel_padded))).
    Equals scipy.ndimage.convolve(image, kernel, mode="wrap"). O(HW log HW) for any kernel size.
    """
    # TODO(convolve): Return float64 (H, W): the circular convolution of image with kernel (origin at the kernel's centre
    # | (kh//2, kw//2), wrap-around borders), computed with the FFT; equal to scipy.ndimage.convolve(image, kernel, mode="wrap").
    # | ValueError: image or kernel not 2-D, or the kernel larger than the image in either dimension.
    raise NotImplementedError("TODO(convolve): write this region")


def lowpass(image: np.ndarray, cutoff: float, kind: str = "gaussian") -> np.ndarray:
    """Low-pass filter a (H, W) image in the frequency domain.

    Frequencies in cycles per pixel on the DFT grid, in np.fft order (0, +, ..., -):
        fy = np.fft.fftfreq(H)[:, None],  fx = np.fft.fftfreq(W)[None, :],  f = sqrt(fy² + fx²)
        ideal:     T(f) = 1 if f <= cutoff else 0
        gaussian:  T(f) = exp(-f² / (2 · cutoff²))    (= spatial Gaussian with σ = 1 / (2π · cutoff))
    out = real(ifft2(fft2(image) · T)). T is built in the unshifted order; fftshift is only
    for displaying a spectrum with DC in the middle.
    """
    # TODO(lowpass): Return float64 (H, W): real(ifft2(fft2(image) * T)) with f = hypot(fftfreq(H)[:, None], fftfreq(W)[None, :])
    # | (cycles/pixel, np.fft order): T = (f <= cutoff) for kind "ideal", T = exp(-f^2 / (2 cutoff^2)) for "gaussian".
    # | ValueError: image not 2-D, cutoff <= 0, unknown kind.
    raise NotImplementedError("TODO(lowpass): write this region")


if __name__ == "__main__":
    np.set_printoptions(precision=3, suppress=True)
    img = np.zeros((4, 5))
    img[0, 0] = 1.0  # an impulse in the corner: its neighbours wrap around
    kernel = np.array([[0.0, 1.0, 0.0], [1.0, 2.0, 3.0], [0.0, 1.0, 0.0]])
    print("fft_convolve(corner impulse, kernel) =\n", fft_convolve(img, kernel))
    stripes = np.tile([1.0, -1.0], (4, 4))  # the highest horizontal frequency, 0.5 cycles/pixel
    print("lowpass(stripes, 0.25, 'ideal') max |value| =", np.abs(lowpass(stripes, 0.25, "ideal")).max())
