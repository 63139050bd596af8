"""b07 - Otsu threshold.

Pick the grey level t that splits a uint8 image into background (<= t) and foreground (> t)
with the largest between-class variance, computed for all 256 candidates at once from the
cumulative histogram.
"""

from __future__ import annotations

import numpy as np


def otsu_threshold(image: np.ndarray) -> int:
    """Otsu's threshold of a uint8 image (any shape) -> int t; foreground is ``image > t``.

    With p the normalised 256-bin histogram, for every t:
        w0(t) = Σ_{v<=t} p[v]      m(t) = Σ_{v<=t} v·p[v]      mT = m(255)
        σ_b²(t) = w0·w1·(μ0 - μ1)² = (mT·w0 - m)² / (w0·(1 - w0))
    and t = argmax σ_b² over the t with 0 < w0 < 1 (the smallest t on ties). Maximising the
    between-class variance is the same as minimising the within-class variance, because the
    two add up to the (fixed) total variance.
    """
    # BEGIN REGION solve: Return Otsu's threshold t (a Python int) of a uint8 image of any shape: the level that maximises
    # | the between-class variance w0*w1*(mu0 - mu1)^2 of the split {v <= t} / {v > t}; on ties return the smallest t.
    # | A constant image returns its value. An empty or non-uint8 image raises ValueError. O(N + 256).
    image = np.asarray(image)
    if image.dtype != np.uint8 or image.size == 0:
        raise ValueError(f"expected a non-empty uint8 image, got {image.dtype} {image.shape}")
    p = np.bincount(image.ravel(), minlength=256) / image.size  # (256,) probabilities
    w0 = np.cumsum(p)  # (256,) weight of class {v <= t}
    m = np.cumsum(np.arange(256) * p)  # (256,) first moment of that class
    m_total = m[-1]
    valid = (w0 > 0) & (w0 < 1 - 1e-12)  # both classes non-empty
    if not valid.any():  # a single level
        return int(image.ravel()[0])
    sigma_b = np.full(256, -1.0)
    wv = w0[valid]
    sigma_b[valid] = (m_total * wv - m[valid]) ** 2 / (wv * (1.0 - wv))
    return int(np.argmax(sigma_b))  # argmax returns the first (smallest) maximiser
    # END REGION solve


if __name__ == "__main__":
    img = np.array([[10, 12, 200], [11, 198, 201]], dtype=np.uint8)
    t = otsu_threshold(img)
    print("image =", img.tolist())
    print("otsu_threshold(image) =", t, "-> foreground mask", (img > t).astype(int).tolist())
