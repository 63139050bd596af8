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
    # TODO(log_kernel): Return the float64 (ksize, ksize) LoG kernel: (r^2 - 2 sigma^2) / sigma^4 * exp(-r^2 / (2 sigma^2)) / (2 pi sigma^2)
    # | at integer offsets (r^2 = x^2 + y^2 from the centre), minus its mean so it sums to 0. ksize None means
    # | 2 * ceil(4 * sigma) + 1. sigma <= 0, or an even or non-positive ksize, raises ValueError.
    raise NotImplementedError("TODO(log_kernel): write this region")


def dog(image: np.ndarray, sigma: float, k: float = 1.6) -> np.ndarray:
    """Scale-normalised difference of Gaussians: (G_{kσ} * I - G_σ * I) / (k - 1) -> float64 (H, W).

    From ∂G/∂σ = σ ∇²G:  G_{kσ} - G_σ ≈ (kσ - σ) · σ ∇²G = (k - 1) σ² ∇²G, so dividing by (k - 1)
    approximates the scale-normalised LoG σ² ∇²G * I (SIFT's detector uses the DoG for this).
    Blurs: scipy.ndimage.gaussian_filter with its defaults (reflect borders, truncate 4).
    """
    # TODO(dog): Return float64 (H, W): (gaussian_filter(I, k * sigma) - gaussian_filter(I, sigma)) / (k - 1) for a 2-D image,
    # | with scipy.ndimage.gaussian_filter and its default border. It approximates sigma^2 * LoG. sigma <= 0, k <= 1 or a
    # | non-2-D image raise ValueError.
    raise NotImplementedError("TODO(dog): write this region")


def blob_sigma(image: np.ndarray, center: tuple[int, int], sigmas: np.ndarray) -> float:
    """The sigma in ``sigmas`` whose scale-normalised LoG response |σ² (∇²G_σ * I)| at ``center`` is largest.

    The response at one pixel is the dot product of log_kernel(σ) with the patch around it
    (reflect-101 padding where the patch leaves the image). Without the σ² factor, responses
    shrink with scale and the smallest sigma always wins. For a disk of radius R the
    normalised response peaks at σ = R / sqrt(2): the zero crossing of ∇²G, at r = sqrt(2)·σ,
    then lies on the disk's edge.
    """
    # TODO(blob_sigma): Return (as a float) the sigma from the 1-D sigmas with the largest |sigma^2 * (LoG_sigma * I)(center)|,
    # | using log_kernel(sigma) (default size) applied at the single pixel center = (row, col), image padded by reflect-101
    # | (np.pad mode "reflect") where needed. First sigma wins ties. Empty sigmas or a center outside the image: ValueError.
    raise NotImplementedError("TODO(blob_sigma): write this region")


if __name__ == "__main__":
    np.set_printoptions(precision=4, suppress=True)
    k = log_kernel(1.0, 5)
    print("log_kernel(1.0, 5) =\n", k, "\nsum =", round(float(k.sum()), 12))
    yy, xx = np.mgrid[0:64, 0:64]
    disk = ((yy - 32) ** 2 + (xx - 32) ** 2 <= 8**2).astype(float)
    s = blob_sigma(disk, (32, 32), np.arange(2.0, 10.0, 0.25))
    print(f"disk of radius 8: best sigma {s} (R / sqrt(2) = {8 / np.sqrt(2):.2f})")
