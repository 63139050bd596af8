"""b25 - warpPerspective.

Warp an image with a 3x3 forward homography H (source -> destination) by inverse mapping:
every destination pixel is mapped through H⁻¹ in homogeneous coordinates, divided by w, and
the source is sampled there bilinearly; outside samples and points with w <= 0 (behind the
camera, or on the line at infinity) read a constant.
"""

from __future__ import annotations

import numpy as np


def warp_perspective(image: np.ndarray, H: np.ndarray, out_h: int, out_w: int, border_value: float = 0.0) -> np.ndarray:
    """Perspective warp, float64 (out_h, out_w[, C]); cv2.warpPerspective with INTER_LINEAR, BORDER_CONSTANT.

    Homogeneous inverse map for destination pixel (x, y) (x = column, y = row):
        [u, v, w]ᵀ = H⁻¹ [x, y, 1]ᵀ,     (x_s, y_s) = (u / w, v / w)     if w > 0
    H and -H are the same projective map, so the sign of w only means something once H is
    oriented: flip H's sign if needed so the source image's centre maps with positive w.
    Then w <= 0 means the destination ray meets the source plane behind the camera (or at
    infinity): there is no valid source point, so the pixel is border_value (dividing anyway
    mirrors far-away content into the image). Bilinear sampling follows, where each of the
    4 neighbours outside the image reads border_value.
    """
    # BEGIN REGION solve: Return float64 (out_h, out_w[, C]): destination pixel (x, y) = bilinear sample of image at
    # | (u/w, v/w) with [u, v, w] = H^-1 [x, y, 1] (H is the 3x3 FORWARD homography, x = column, y = row).
    # | Orient H first: if the source centre ((W-1)/2, (H-1)/2, 1) maps to a negative w, use -H. Then a pixel with
    # | w <= 1e-12 (behind the camera / at infinity) is border_value; each of the 4 bilinear neighbours outside
    # | the image reads border_value. Scaling H by any non-zero factor (also negative) changes nothing.
    # | ValueError: image not 2-D/3-D, H not 3x3 or singular, out_h or out_w < 1.
    img = np.asarray(image, dtype=np.float64)
    H = np.asarray(H, dtype=np.float64)
    if img.ndim not in (2, 3):
        raise ValueError(f"expected a (H, W) or (H, W, C) image, got shape {img.shape}")
    if H.shape != (3, 3):
        raise ValueError(f"H must be 3x3, got {H.shape}")
    if out_h < 1 or out_w < 1:
        raise ValueError(f"output size must be at least 1x1, got {out_h}x{out_w}")
    if abs(np.linalg.det(H)) < 1e-12 * max(np.abs(H).max(), 1e-300) ** 3:
        raise ValueError("H is singular: the warp cannot be inverted")
    h, wd = img.shape[:2]
    if (H @ np.array([(wd - 1) / 2.0, (h - 1) / 2.0, 1.0]))[2] < 0:
        H = -H  # orient: the source centre is in front of the camera
    H_inv = np.linalg.inv(H)
    ys, xs = np.mgrid[0:out_h, 0:out_w].astype(np.float64)
    dst = np.stack([xs.ravel(), ys.ravel(), np.ones(xs.size)])  # (3, N) homogeneous
    u, v, w = H_inv @ dst  # (3, 3) @ (3, N)
    valid = w > 1e-12  # in front of the camera
    w_safe = np.where(valid, w, 1.0)
    sx, sy = u / w_safe, v / w_safe  # (N,) source coordinates
    sx = np.where(valid, sx, -2.0)  # park invalid points outside the image: they read the border
    sy = np.where(valid, sy, -2.0)
    x0 = np.floor(sx).astype(np.int64)
    y0 = np.floor(sy).astype(np.int64)
    fx, fy = sx - x0, sy - y0
    out = np.zeros((xs.size,) + img.shape[2:])
    for dy, dx, wgt in ((0, 0, (1 - fy) * (1 - fx)), (0, 1, (1 - fy) * fx), (1, 0, fy * (1 - fx)), (1, 1, fy * fx)):
        yy, xx = y0 + dy, x0 + dx
        inside = (yy >= 0) & (yy < h) & (xx >= 0) & (xx < wd)
        val = np.full((xs.size,) + img.shape[2:], float(border_value))
        val[inside] = img[yy[inside], xx[inside]]
        out += wgt.reshape((-1,) + (1,) * (img.ndim - 2)) * val
    return out.reshape((out_h, out_w) + img.shape[2:])
    # END REGION solve


if __name__ == "__main__":
    img = np.arange(16, dtype=np.float64).reshape(4, 4)
    H = -2.0 * np.eye(3)  # any non-zero multiple of the identity is the identity
    print("warp_perspective(img, -2*I, 4, 4) == img:", np.allclose(warp_perspective(img, H, 4, 4), img))
    H = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.5, 1.0]])  # w = 1 + 0.5 y_s: rows shrink with y
    np.set_printoptions(precision=3, suppress=True)
    print("warp_perspective(img, H, 4, 4, border_value=-1) =\n", warp_perspective(img, H, 4, 4, -1.0))
