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
    # TODO(solve): Return the float64 (H, W) bilateral filter of a 2-D image (uint8 or float): the normalised sum over
    # | offsets (dy, dx) with dy^2 + dx^2 <= r^2 of exp(-(dy^2 + dx^2) / (2 ss^2)) * exp(-(I[p+d] - I[p])^2 / (2 sc^2)) * I[p+d].
    # | Borders reflect-101 (np.pad mode "reflect"). Do not round. radius < 0, sigmas <= 0, a non-2-D image or
    # | radius >= min(H, W) raise ValueError. Loop over offsets if you like, never over pixels.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    step = np.array([[10.0, 10.0, 10.0, 200.0, 200.0, 200.0]] * 3)
    np.set_printoptions(precision=2, suppress=True)
    print("step row =", step[1])
    print("bilateral(step, 1, 2.0, 20.0)[1] =", bilateral(step, 1, 2.0, 20.0)[1])
    print("bilateral(step, 1, 2.0, 1e4)[1]  =", bilateral(step, 1, 2.0, 1e4)[1], "(huge sigma_color: a Gaussian blur)")
