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
    # BEGIN REGION solve: Return {"area", "centroid", "theta", "hu"} for a 2-D non-negative weight image (mask = 0/1).
    # | Pixel (y, x) is at coordinates (x = column, y = row). area = m00; centroid = (cx, cy) = (m10/m00, m01/m00)
    # | as a tuple of floats; theta = 0.5 * atan2(2 mu11, mu20 - mu02) in radians (0 when mu11 = 0 and mu20 = mu02);
    # | hu = float64 (7,) Hu invariants of eta_pq = mu_pq / m00^(1 + (p+q)/2), in the standard order (README).
    # | ValueError: image not 2-D, any negative value, or zero total weight (empty region).
    img = np.asarray(image, dtype=np.float64)
    if img.ndim != 2:
        raise ValueError(f"image must be 2-D, got shape {img.shape}")
    if (img < 0).any():
        raise ValueError("weights must be non-negative")
    m00 = img.sum()
    if m00 <= 0:
        raise ValueError("the region is empty (total weight 0)")
    h, w = img.shape
    x = np.arange(w, dtype=np.float64)  # (W,) column coordinates
    y = np.arange(h, dtype=np.float64)  # (H,) row coordinates
    col = img.sum(axis=0)  # (W,) marginal along x
    row = img.sum(axis=1)  # (H,) marginal along y
    cx = col @ x / m00
    cy = row @ y / m00
    dx = x - cx  # (W,)
    dy = y - cy  # (H,)

    def mu(p: int, q: int) -> float:
        # Σ_y Σ_x dy^q I(y, x) dx^p  as (H,) @ (H, W) @ (W,): separable, no (H, W) temporaries per moment
        return float((dy**q) @ img @ (dx**p))

    mu20, mu02, mu11 = mu(2, 0), mu(0, 2), mu(1, 1)
    theta = 0.5 * np.arctan2(2.0 * mu11, mu20 - mu02)
    if theta <= -np.pi / 2:  # atan2 returns -pi for (0, negative): map to the same axis at +pi/2
        theta += np.pi

    def eta(p: int, q: int) -> float:
        return mu(p, q) / m00 ** (1 + (p + q) / 2)

    n20, n02, n11 = eta(2, 0), eta(0, 2), eta(1, 1)
    n30, n03, n21, n12 = eta(3, 0), eta(0, 3), eta(2, 1), eta(1, 2)
    a, b = n30 + n12, n21 + n03  # recurring sums
    c, d = n30 - 3 * n12, 3 * n21 - n03  # recurring differences
    hu = np.array(
        [
            n20 + n02,
            (n20 - n02) ** 2 + 4 * n11**2,
            c**2 + d**2,
            a**2 + b**2,
            c * a * (a**2 - 3 * b**2) + d * b * (3 * a**2 - b**2),
            (n20 - n02) * (a**2 - b**2) + 4 * n11 * a * b,
            d * a * (a**2 - 3 * b**2) - c * b * (3 * a**2 - b**2),
        ]
    )
    return {"area": float(m00), "centroid": (float(cx), float(cy)), "theta": float(theta), "hu": hu}
    # END REGION solve


if __name__ == "__main__":
    mask = np.zeros((5, 7), dtype=np.uint8)
    mask[1:3, 1:6] = 1  # a 2 x 5 bar: long axis along x
    r = region_moments(mask)
    print("area =", r["area"], " centroid =", r["centroid"], " theta =", r["theta"])
    print("hu =", np.round(r["hu"], 6))
