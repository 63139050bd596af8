"""b23 - Rotation by inverse mapping.

Rotate an image about its centre by an angle in degrees (counter-clockwise on screen, as
cv2.getRotationMatrix2D), keeping the size: every destination pixel looks up where it came
from, samples the source bilinearly there, and reads a fill value outside the source.
"""

from __future__ import annotations

import numpy as np


def rotate(image: np.ndarray, angle_deg: float, fill: float = 0.0) -> np.ndarray:
    """Rotate (H, W[, C]) about c = ((W-1)/2, (H-1)/2) by angle_deg, counter-clockwise as displayed.

    With x = column, y = row (y points down), a counter-clockwise turn on screen is
        forward:  d - c = R (s - c),   R = [[cos θ,  sin θ],
                                            [-sin θ, cos θ]]
        inverse:  s = Rᵀ (d - c) + c  (R is orthonormal, so R⁻¹ = Rᵀ)
    Sample the source at s bilinearly; each of the 4 neighbours outside the image reads
    `fill`. Output float64, same shape as the input (corners are cut off).
    """
    # BEGIN REGION solve: Return float64, same shape as image ((H, W) or (H, W, C)): the image rotated by angle_deg degrees
    # | counter-clockwise on screen about c = ((W-1)/2, (H-1)/2) (x = column, y = row). Destination pixel d samples
    # | the source at s = R^T (d - c) + c with R = [[cos, sin], [-sin, cos]], bilinearly; every one of the 4
    # | neighbours outside the image reads fill. ValueError: image not 2-D/3-D or empty.
    img = np.asarray(image, dtype=np.float64)
    if img.ndim not in (2, 3) or img.shape[0] == 0 or img.shape[1] == 0:
        raise ValueError(f"expected a non-empty (H, W) or (H, W, C) image, got shape {img.shape}")
    h, w = img.shape[:2]
    cx, cy = (w - 1) / 2.0, (h - 1) / 2.0
    th = np.deg2rad(angle_deg)
    c, s = np.cos(th), np.sin(th)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)  # (H, W) destination grid
    dx, dy = xs - cx, ys - cy
    sx = c * dx - s * dy + cx  # R^T (d - c) + c, x component, (H, W)
    sy = s * dx + c * dy + cy  # y component
    x0 = np.floor(sx).astype(np.int64)
    y0 = np.floor(sy).astype(np.int64)
    fx, fy = sx - x0, sy - y0
    out = np.zeros(img.shape)
    chan = (Ellipsis,) + (None,) * (img.ndim - 2)  # broadcast weights over channels
    for oy, ox, wgt in ((0, 0, (1 - fy) * (1 - fx)), (0, 1, (1 - fy) * fx), (1, 0, fy * (1 - fx)), (1, 1, fy * fx)):
        yy, xx = y0 + oy, x0 + ox
        inside = (yy >= 0) & (yy < h) & (xx >= 0) & (xx < w)
        val = np.full(img.shape, float(fill))
        val[inside] = img[yy[inside], xx[inside]]
        out += wgt[chan] * val
    return out
    # END REGION solve


if __name__ == "__main__":
    img = np.arange(9, dtype=np.float64).reshape(3, 3)
    np.set_printoptions(precision=3, suppress=True)
    print("image =\n", img)
    print("rotate(image, 90) =\n", rotate(img, 90))
    print("rotate(image, 45, fill=-1) =\n", rotate(img, 45, fill=-1))
