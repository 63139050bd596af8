"""b30 - PSNR and SSIM.

Two full-reference image quality metrics: PSNR (a log-scaled mean squared error relative to
the signal's range) and SSIM (local comparisons of luminance, contrast and structure under
a Gaussian window, Wang et al. 2004), with the conventions of scikit-image's
peak_signal_noise_ratio and structural_similarity(gaussian_weights=True, sigma=1.5,
use_sample_covariance=False).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

K1, K2 = 0.01, 0.03  # SSIM stabilising constants (Wang et al.)
SIGMA, TRUNCATE = 1.5, 3.5  # Gaussian window: radius int(3.5 * 1.5 + 0.5) = 5 -> 11 x 11


def psnr(reference: np.ndarray, test: np.ndarray, data_range: float) -> float:
    """PSNR = 10 · log10(R² / MSE) in dB, MSE = mean((reference - test)²), R = data_range.

    R is the span of possible values (255 for uint8, 1.0 for [0, 1] floats), NOT the max of
    the image. Identical images have MSE = 0 and PSNR = +inf.
    """
    # TODO(psnr): Return float PSNR in dB: 10 * log10(data_range^2 / MSE), MSE = mean((reference - test)^2) in float64;
    # | +inf when the images are identical (no division warning). ValueError: different shapes, empty images,
    # | data_range <= 0.
    raise NotImplementedError("TODO(psnr): write this region")


def ssim(reference: np.ndarray, test: np.ndarray, data_range: float) -> float:
    """Mean SSIM of two grey images (H, W), both at least 11 x 11.

    Local statistics with a normalised Gaussian window G (σ = 1.5, truncated at 3.5σ,
    border mode 'reflect' = edge repeated), population (not sample) moments:
        μx = G∗x,  μy = G∗y,  σx² = G∗x² - μx²,  σy² = G∗y² - μy²,  σxy = G∗(xy) - μx μy
        C1 = (K1·R)²,  C2 = (K2·R)²,   K1 = 0.01, K2 = 0.03, R = data_range
        S = (2 μx μy + C1)(2 σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2))
    The mean is taken over S without a 5-pixel border (where the window leaves the image).
    """
    # TODO(ssim): Return the float mean SSIM of two 2-D images: Gaussian-weighted local means, variances and covariance
    # | (sigma 1.5, truncate 3.5 -> 11 x 11 window, border 'reflect', population moments), C1 = (0.01 R)^2, C2 = (0.03 R)^2,
    # | S = (2 mx my + C1)(2 sxy + C2) / ((mx^2 + my^2 + C1)(sx^2 + sy^2 + C2)), averaged over S[5:-5, 5:-5].
    # | ValueError: different shapes, not 2-D, a side shorter than 11, data_range <= 0.
    raise NotImplementedError("TODO(ssim): write this region")


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    ref = np.tile(np.linspace(0, 255, 16), (16, 1))
    noisy = np.clip(ref + rng.normal(0, 10, ref.shape), 0, 255)
    print("psnr(ref, ref, 255) =", psnr(ref, ref, 255))
    print("psnr(ref, ref + 1, 255) =", round(psnr(ref, ref + 1, 255), 4))
    print("ssim(ref, ref, 255) =", ssim(ref, ref, 255))
    print("ssim(ref, noisy, 255) =", round(ssim(ref, noisy, 255), 4))
