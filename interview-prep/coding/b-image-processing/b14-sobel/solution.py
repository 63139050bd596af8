"""b14 - Sobel gradient magnitude and orientation.

3x3 Sobel derivatives (a [1, 2, 1] smoothing times a [-1, 0, 1] central difference) with
reflect-101 borders, as cv2.Sobel computes them, then the gradient magnitude and its
orientation in (-pi, pi] from arctan2.
"""

from __future__ import annotations

import numpy as np


def sobel_xy(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sobel derivatives of a 2-D image: (gx, gy), each float64 (H, W).

        gx = correlate(I, [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])   positive where I grows to the right
        gy = correlate(I, [[-1, -2, -1], [0, 0, 0], [1, 2, 1]])   positive where I grows downwards
    Each is separable: a central difference along one axis, [1, 2, 1] smoothing along the other.
    Borders reflect-101 (cv2's default), so a derivative is 0 across the image border.
    """
    # BEGIN REGION sobel: Return (gx, gy), float64 (H, W) each: the 2-D image correlated with the 3x3 Sobel kernels
    # | [[-1,0,1],[-2,0,2],[-1,0,1]] (gx, x to the right) and its transpose (gy, y downwards), as cv2.Sobel(img, CV_64F, 1, 0)
    # | and (0, 1) compute them, borders reflect-101 (np.pad mode "reflect"). Any real dtype; H, W >= 2; not 2-D: ValueError.
    img = np.asarray(image, dtype=np.float64)
    if img.ndim != 2 or min(img.shape) < 2:
        raise ValueError(f"expected a 2-D image with both sides >= 2, got shape {img.shape}")
    p = np.pad(img, 1, mode="reflect")  # (H + 2, W + 2)
    dx = p[:, 2:] - p[:, :-2]  # (H + 2, W)   central difference along x
    dy = p[2:, :] - p[:-2, :]  # (H, W + 2)   central difference along y
    gx = dx[:-2] + 2.0 * dx[1:-1] + dx[2:]  # [1, 2, 1] smoothing along y -> (H, W)
    gy = dy[:, :-2] + 2.0 * dy[:, 1:-1] + dy[:, 2:]  # [1, 2, 1] smoothing along x -> (H, W)
    return gx, gy
    # END REGION sobel


def magnitude_orientation(gx: np.ndarray, gy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gradient magnitude sqrt(gx² + gy²) and orientation arctan2(gy, gx) in (-pi, pi].

    The orientation is measured from the +x axis towards +y (downwards in image coordinates).
    Where the gradient is exactly zero the direction is undefined: return 0 there (arctan2 of
    signed zeros could give ±pi).
    """
    # BEGIN REGION orientation: Return (magnitude, orientation), float64 arrays shaped like gx: magnitude = sqrt(gx^2 + gy^2)
    # | (without overflow for large values), orientation = arctan2(gy, gx) in (-pi, pi] radians (any -pi returned as pi),
    # | exactly 0 where gx == gy == 0. gx and gy of different shapes raise ValueError.
    gx = np.asarray(gx, dtype=np.float64)
    gy = np.asarray(gy, dtype=np.float64)
    if gx.shape != gy.shape:
        raise ValueError(f"gx {gx.shape} and gy {gy.shape} must have the same shape")
    magnitude = np.hypot(gx, gy)
    orientation = np.arctan2(gy, gx)
    orientation = np.where(orientation == -np.pi, np.pi, orientation)  # -pi: gy = -0.0 or tiny gy < 0, with gx < 0
    orientation = np.where(magnitude == 0, 0.0, orientation)
    return magnitude, orientation
    # END REGION orientation


if __name__ == "__main__":
    img = np.array([[0, 0, 0, 0], [0, 0, 0, 0], [8, 8, 8, 8], [8, 8, 8, 8]], dtype=np.float64)
    gx, gy = sobel_xy(img)
    print("image (dark top, bright bottom) =\n", img)
    print("gx =\n", gx)
    print("gy =\n", gy)
    mag, ori = magnitude_orientation(np.array([-1.0, 0.0, 0.0, 3.0]), np.array([-0.0, 0.0, -2.0, 4.0]))
    print("magnitude_orientation([-1, 0, 0, 3], [-0, 0, -2, 4]) =", mag, np.round(ori, 4))
