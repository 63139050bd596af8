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
    # BEGIN REGION convolve: Return float64 (H, W): the circular convolution of image with kernel (origin at the kernel's centre
    # | (kh//2, kw//2), wrap-around borders), computed with the FFT; equal to scipy.ndimage.convolve(image, kernel, mode="wrap").
    # | ValueError: image or kernel not 2-D, or the kernel larger than the image in either dimension.
    img = np.asarray(image, dtype=np.float64)
    k = np.asarray(kernel, dtype=np.float64)
    if img.ndim != 2 or k.ndim != 2:
        raise ValueError(f"image and kernel must be 2-D, got {img.shape} and {k.shape}")
    h, w = img.shape
    kh, kw = k.shape
    if kh > h or kw > w or kh == 0 or kw == 0:
        raise ValueError(f"kernel {k.shape} must be non-empty and fit inside the image {img.shape}")
    padded = np.zeros((h, w))
    padded[:kh, :kw] = k
    padded = np.roll(padded, (-(kh // 2), -(kw // 2)), axis=(0, 1))  # kernel centre -> (0, 0)
    return np.fft.irfft2(np.fft.rfft2(img) * np.fft.rfft2(padded), s=(h, w))  # real in, real out
    # END REGION convolve


def lowpass(image: np.ndarray, cutoff: float, kind: str = "gaussian") -> np.ndarray:
    """Low-pass filter a (H, W) image in the frequency domain.

    Frequencies in cycles per pixel on the DFT grid, in np.fft order (0, +, ..., -):
        fy = np.fft.fftfreq(H)[:, None],  fx = np.fft.fftfreq(W)[None, :],  f = sqrt(fy² + fx²)
        ideal:     T(f) = 1 if f <= cutoff else 0
        gaussian:  T(f) = exp(-f² / (2 · cutoff²))    (= spatial Gaussian with σ = 1 / (2π · cutoff))
    out = real(ifft2(fft2(image) · T)). T is built in the unshifted order; fftshift is only
    for displaying a spectrum with DC in the middle.
    """
    # BEGIN REGION lowpass: Return float64 (H, W): real(ifft2(fft2(image) * T)) with f = hypot(fftfreq(H)[:, None], fftfreq(W)[None, :])
    # | (cycles/pixel, np.fft order): T = (f <= cutoff) for kind "ideal", T = exp(-f^2 / (2 cutoff^2)) for "gaussian".
    # | ValueError: image not 2-D, cutoff <= 0, unknown kind.
    img = np.asarray(image, dtype=np.float64)
    if img.ndim != 2:
        raise ValueError(f"image must be 2-D, got {img.shape}")
    if cutoff <= 0:
        raise ValueError(f"cutoff must be positive, got {cutoff}")
    fy = np.fft.fftfreq(img.shape[0])[:, None]  # (H, 1) cycles per pixel, DC at index 0
    fx = np.fft.fftfreq(img.shape[1])[None, :]  # (1, W)
    f2 = fy**2 + fx**2  # (H, W) squared radial frequency
    if kind == "ideal":
        transfer = (f2 <= cutoff**2).astype(np.float64)
    elif kind == "gaussian":
        transfer = np.exp(-f2 / (2.0 * cutoff**2))
    else:
        raise ValueError(f"unknown kind {kind!r}, expected 'ideal' or 'gaussian'")
    return np.fft.ifft2(np.fft.fft2(img) * transfer).real  # T is even in f, so the result is real
    # END REGION lowpass


if __name__ == "__main__":
    np.set_printoptions(precision=3, suppress=True)
    img = np.zeros((4, 5))
    img[0, 0] = 1.0  # an impulse in the corner: its neighbours wrap around
    kernel = np.array([[0.0, 1.0, 0.0], [1.0, 2.0, 3.0], [0.0, 1.0, 0.0]])
    print("fft_convolve(corner impulse, kernel) =\n", fft_convolve(img, kernel))
    stripes = np.tile([1.0, -1.0], (4, 4))  # the highest horizontal frequency, 0.5 cycles/pixel
    print("lowpass(stripes, 0.25, 'ideal') max |value| =", np.abs(lowpass(stripes, 0.25, "ideal")).max())
