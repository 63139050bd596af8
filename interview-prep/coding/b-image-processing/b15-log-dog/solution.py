"""b15 - LoG and DoG.

The Laplacian of Gaussian as a zero-sum kernel, the difference of Gaussians as its cheap
scale-normalised approximation, and blob-scale selection: a disk of radius R gives the
strongest scale-normalised LoG response at sigma = R / sqrt(2).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import ndimage


def log_kernel(sigma: float, ksize: int | None = None) -> np.ndarray:
    """Sampled Laplacian of Gaussian, shifted to sum to exactly zero: float64 (ksize, ksize).

        ∇²G(x, y) = (x² + y² - 2σ²) / σ⁴ · exp(-(x² + y²) / (2σ²)) / (2πσ²)
    sampled at integer offsets from the centre, ksize = 2·ceil(4σ) + 1 by default; then the mean
    is subtracted so a constant image gives exactly 0 (truncation and sampling break that).
    """
    # BEGIN REGION log_kernel: Return the float64 (ksize, ksize) LoG kernel: (r^2 - 2 sigma^2) / sigma^4 * exp(-r^2 / (2 sigma^2)) / (2 pi sigma^2)
    # | at integer offsets (r^2 = x^2 + y^2 from the centre), minus its mean so it sums to 0. ksize None means
    # | 2 * ceil(4 * sigma) + 1. sigma <= 0, or an even or non-positive ksize, raises ValueError.
    if not sigma > 0:
        raise ValueError(f"sigma must be positive, got {sigma}")
    if ksize is None:
        ksize = 2 * math.ceil(4 * sigma) + 1
    if ksize < 1 or ksize % 2 == 0:
        raise ValueError(f"ksize must be odd and positive, got {ksize}")
    c = np.arange(ksize) - (ksize - 1) / 2.0
    r2 = c[:, None] ** 2 + c[None, :] ** 2  # (k, k) squared distance to the centre
    s2 = sigma * sigma
    k = (r2 - 2 * s2) / (s2 * s2) * np.exp(-r2 / (2 * s2)) / (2 * np.pi * s2)
    return k - k.mean()
    # END REGION log_kernel


def dog(image: np.ndarray, sigma: float, k: float = 1.6) -> np.ndarray:
    """Scale-normalised difference of Gaussians: (G_{kσ} * I - G_σ * I) / (k - 1) -> float64 (H, W).

    From ∂G/∂σ = σ ∇²G:  G_{kσ} - G_σ ≈ (kσ - σ) · σ ∇²G = (k - 1) σ² ∇²G, so dividing by (k - 1)
    approximates the scale-normalised LoG σ² ∇²G * I (SIFT's detector uses the DoG for this).
    Blurs: scipy.ndimage.gaussian_filter with its defaults (reflect borders, truncate 4).
    """
    # BEGIN REGION dog: Return float64 (H, W): (gaussian_filter(I, k * sigma) - gaussian_filter(I, sigma)) / (k - 1) for a 2-D image,
    # | with scipy.ndimage.gaussian_filter and its default border. It approximates sigma^2 * LoG. sigma <= 0, k <= 1 or a
    # | non-2-D image raise ValueError.
    img = np.asarray(image, dtype=np.float64)
    if img.ndim != 2 or not sigma > 0 or not k > 1:
        raise ValueError(f"need a 2-D image, sigma > 0 and k > 1; got {img.shape}, {sigma}, {k}")
    return (ndimage.gaussian_filter(img, k * sigma) - ndimage.gaussian_filter(img, sigma)) / (k - 1.0)
    # END REGION dog


def blob_sigma(image: np.ndarray, center: tuple[int, int], sigmas: np.ndarray) -> float:
    """The sigma in ``sigmas`` whose scale-normalised LoG response |σ² (∇²G_σ * I)| at ``center`` is largest.

    The response at one pixel is the dot product of log_kernel(σ) with the patch around it
    (reflect-101 padding where the patch leaves the image). Without the σ² factor, responses
    shrink with scale and the smallest sigma always wins. For a disk of radius R the
    normalised response peaks at σ = R / sqrt(2): the zero crossing of ∇²G, at r = sqrt(2)·σ,
    then lies on the disk's edge.
    """
    # BEGIN REGION blob_sigma: Return (as a float) the sigma from the 1-D sigmas with the largest |sigma^2 * (LoG_sigma * I)(center)|,
    # | using log_kernel(sigma) (default size) applied at the single pixel center = (row, col), image padded by reflect-101
    # | (np.pad mode "reflect") where needed. First sigma wins ties. Empty sigmas or a center outside the image: ValueError.
    img = np.asarray(image, dtype=np.float64)
    sigmas = np.asarray(sigmas, dtype=np.float64).ravel()
    y, x = center
    if img.ndim != 2 or sigmas.size == 0 or not (0 <= y < img.shape[0] and 0 <= x < img.shape[1]):
        raise ValueError(
            f"need a 2-D image, a center inside it and at least one sigma; got {img.shape}, {center}, {sigmas.size}"
        )
    responses = []
    for s in sigmas:  # loop over scales, not pixels
        kern = log_kernel(float(s))
        r = kern.shape[0] // 2
        padded = np.pad(img, r, mode="reflect")
        patch = padded[y : y + 2 * r + 1, x : x + 2 * r + 1]  # (k, k) centred on (y, x)
        responses.append(abs(s * s * float((kern * patch).sum())))
    return float(sigmas[int(np.argmax(responses))])
    # END REGION blob_sigma


if __name__ == "__main__":
    np.set_printoptions(precision=4, suppress=True)
    k = log_kernel(1.0, 5)
    print("log_kernel(1.0, 5) =\n", k, "\nsum =", round(float(k.sum()), 12))
    yy, xx = np.mgrid[0:64, 0:64]
    disk = ((yy - 32) ** 2 + (xx - 32) ** 2 <= 8**2).astype(float)
    s = blob_sigma(disk, (32, 32), np.arange(2.0, 10.0, 0.25))
    print(f"disk of radius 8: best sigma {s} (R / sqrt(2) = {8 / np.sqrt(2):.2f})")
