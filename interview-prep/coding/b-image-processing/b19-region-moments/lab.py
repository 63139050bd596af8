"""b19 - Region moments: area, centroid, orientation, Hu moments.

Image moments summarise a region (a binary mask or a non-negative weight image) in a few
numbers: area and centroid (order 0 and 1), the best-fit ellipse's orientation (order 2),
and Hu's seven invariants (orders 2 and 3) that do not change under translation, scaling
and rotation.
"""

from __future__ import annotations

import numpy as np


def region_moments(image: np.ndarray) -> dict:
    """Moments of a 2-D non-negative weight image (a binary mask is weights 0/1).

    Pixel (row y, column x) sits at coordinates (x, y), as in OpenCV.

        m_pq  = Σ x^p y^q I(y, x)                         raw moments; area = m00
        (cx, cy) = (m10 / m00, m01 / m00)                 centroid
        mu_pq = Σ (x - cx)^p (y - cy)^q I(y, x)           central moments
        theta = ½ atan2(2 mu11, mu20 - mu02)              major-axis angle from +x toward +y
        eta_pq = mu_pq / m00^(1 + (p + q) / 2)            scale-normalised moments
        hu[0..6] = Hu's seven polynomials in eta (see README)

    Returns {"area": float, "centroid": (cx, cy), "theta": float in (-pi/2, pi/2],
    "hu": float64 (7,)}.
    """
    # TODO(solve): Return {"area", "centroid", "theta", "hu"} for a 2-D non-negative weight image (mask = 0/1).
    # | Pixel (y, x) is at coordinates (x = column, y = row). area = m00; centroid = (cx, cy) = (m10/m00, m01/m00)
    # | as a tuple of floats; theta = 0.5 * atan2(2 mu11, mu20 - mu02) in radians (0 when mu11 = 0 and mu20 = mu02);
    # | hu = float64 (7,) Hu invariants of eta_pq = mu_pq / m00^(1 + (p+q)/2), in the standard order (README).
    # | ValueError: image not 2-D, any negative value, or zero total weight (empty region).
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    mask = np.zeros((5, 7), dtype=np.uint8)
    mask[1:3, 1:6] = 1  # a 2 x 5 bar: long axis along x
    r = region_moments(mask)
    print("area =", r["area"], " centroid =", r["centroid"], " theta =", r["theta"])
    print("hu =", np.round(r["hu"], 6))
