"""b13 - Bilateral filter.

Edge-preserving smoothing: each pixel becomes a weighted mean of its neighbours in a disk of
radius r, weighted by a spatial Gaussian of the offset and a range Gaussian of the intensity
difference, so pixels across an edge hardly contribute.
"""

from __future__ import annotations

import numpy as np


def bilateral(image: np.ndarray, radius: int, sigma_space: float, sigma_color: float) -> np.ndarray:
    """Bilateral filter of a 2-D grey image over a disk of radius r, reflect-101 borders -> float64 (H, W).

    For the offsets (dy, dx) with dy² + dx² <= r² (a disk, as cv2.bilateralFilter uses):
        w = exp(-(dy² + dx²) / (2 σs²)) · exp(-(I[p + d] - I[p])² / (2 σc²))
        out[p] = Σ_d w · I[p + d] / Σ_d w
    The centre always has weight 1, so the denominator is never 0. The loop runs over the
    O(r²) offsets, each step a whole-image array operation; there is no loop over pixels.
    """
    # BEGIN REGION solve: Return the float64 (H, W) bilateral filter of a 2-D image (uint8 or float): the normalised sum over
    # | offsets (dy, dx) with dy^2 + dx^2 <= r^2 of exp(-(dy^2 + dx^2) / (2 ss^2)) * exp(-(I[p+d] - I[p])^2 / (2 sc^2)) * I[p+d].
    # | Borders reflect-101 (np.pad mode "reflect"). Do not round. radius < 0, sigmas <= 0, a non-2-D image or
    # | radius >= min(H, W) raise ValueError. Loop over offsets if you like, never over pixels.
    img = np.asarray(image, dtype=np.float64)
    if img.ndim != 2 or radius < 0 or not sigma_space > 0 or not sigma_color > 0:
        raise ValueError(
            f"need a 2-D image, radius >= 0 and positive sigmas; got {img.shape}, {radius}, {sigma_space}, {sigma_color}"
        )
    if img.size and radius >= min(img.shape):
        raise ValueError(f"radius {radius} too large for image {img.shape}")
    h, w = img.shape
    padded = np.pad(img, radius, mode="reflect")  # (H + 2r, W + 2r)
    num = np.zeros((h, w))
    den = np.zeros((h, w))
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            d2 = dy * dy + dx * dx
            if d2 > radius * radius:
                continue  # outside the disk
            shifted = padded[radius + dy : radius + dy + h, radius + dx : radius + dx + w]  # (H, W) neighbour values
            weight = np.exp(-d2 / (2 * sigma_space**2) - (shifted - img) ** 2 / (2 * sigma_color**2))  # (H, W)
            num += weight * shifted
            den += weight
    return num / den
    # END REGION solve


if __name__ == "__main__":
    step = np.array([[10.0, 10.0, 10.0, 200.0, 200.0, 200.0]] * 3)
    np.set_printoptions(precision=2, suppress=True)
    print("step row =", step[1])
    print("bilateral(step, 1, 2.0, 20.0)[1] =", bilateral(step, 1, 2.0, 20.0)[1])
    print("bilateral(step, 1, 2.0, 1e4)[1]  =", bilateral(step, 1, 2.0, 1e4)[1], "(huge sigma_color: a Gaussian blur)")
