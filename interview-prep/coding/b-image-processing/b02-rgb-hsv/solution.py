"""b02 - RGB <-> HSV.

Convert float RGB in [0, 1] to HSV with hue in degrees [0, 360) and saturation, value in
[0, 1] (the convention of cv2 on float32 images), and back.
"""

from __future__ import annotations

import numpy as np


def to_hsv(rgb: np.ndarray) -> np.ndarray:
    """RGB (..., 3) in [0, 1] -> HSV (..., 3) float64: H in [0, 360), S and V in [0, 1].

    V = max(R, G, B), C = V - min(R, G, B) (chroma), S = C / V (0 when V = 0), and
        H = 60 * ((G - B) / C mod 6)   if V == R
        H = 60 * ((B - R) / C + 2)     if V == G
        H = 60 * ((R - G) / C + 4)     if V == B
        H = 0                          if C == 0 (grey: hue undefined)
    """
    # BEGIN REGION to_hsv: Return HSV (..., 3) float64 for float RGB (..., 3) in [0, 1]: H in degrees in [0, 360),
    # | S = chroma / V and V = max channel. Grey pixels (chroma 0) get H = 0 and S = 0; black gets S = 0 (no NaN).
    # | Any leading shape works (a pixel (3,), an image (H, W, 3), empty); a last axis other than 3 raises ValueError.
    rgb = np.asarray(rgb, dtype=np.float64)
    if rgb.ndim == 0 or rgb.shape[-1] != 3:
        raise ValueError(f"expected (..., 3) RGB, got shape {rgb.shape}")
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    v = rgb.max(axis=-1)  # (...)
    c = v - rgb.min(axis=-1)  # chroma (...)
    safe_c = np.where(c > 0, c, 1.0)  # avoid 0/0; the result is masked below
    h = np.where(
        v == r,
        ((g - b) / safe_c) % 6.0,
        np.where(v == g, (b - r) / safe_c + 2.0, (r - g) / safe_c + 4.0),
    )
    h = np.where(c > 0, 60.0 * h, 0.0)
    h = np.where(h >= 360.0, h - 360.0, h)  # a rounding 6.0 from the mod
    s = np.where(v > 0, c / np.where(v > 0, v, 1.0), 0.0)
    return np.stack([h, s, v], axis=-1)
    # END REGION to_hsv


def to_rgb(hsv: np.ndarray) -> np.ndarray:
    """HSV (..., 3) with H in degrees -> RGB (..., 3) float64 in [0, 1].

    Compact form: for channel offsets n = 5 (R), 3 (G), 1 (B), with k = (n + H / 60) mod 6,
        channel = V - V * S * clip(min(k, 4 - k), 0, 1)
    which reproduces the six-sector piecewise-linear hue ramps without branches.
    """
    # BEGIN REGION to_rgb: Return RGB (..., 3) float64 in [0, 1] for HSV (..., 3) with H in degrees (any real value,
    # | taken modulo 360), S and V in [0, 1]. S = 0 gives the grey (V, V, V) whatever H is. A last axis other
    # | than 3 raises ValueError. to_rgb(to_hsv(x)) must give back x.
    hsv = np.asarray(hsv, dtype=np.float64)
    if hsv.ndim == 0 or hsv.shape[-1] != 3:
        raise ValueError(f"expected (..., 3) HSV, got shape {hsv.shape}")
    h = (hsv[..., 0] % 360.0) / 60.0  # sector position in [0, 6)
    s, v = hsv[..., 1], hsv[..., 2]
    n = np.array([5.0, 3.0, 1.0])  # R, G, B offsets
    k = (n + h[..., None]) % 6.0  # (..., 3)
    ramp = np.clip(np.minimum(k, 4.0 - k), 0.0, 1.0)  # (..., 3)
    return v[..., None] - (v * s)[..., None] * ramp
    # END REGION to_rgb


if __name__ == "__main__":
    px = np.array([[1.0, 0.0, 0.0], [0.0, 0.5, 1.0], [0.5, 0.5, 0.5], [1.0, 0.0, 0.5]])
    print("rgb =", px.tolist())
    hsv = to_hsv(px)
    print("to_hsv(rgb) =\n", hsv)
    print("to_rgb(to_hsv(rgb)) =\n", to_rgb(hsv))
