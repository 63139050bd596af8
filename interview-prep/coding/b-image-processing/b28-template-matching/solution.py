"""b28 - Template matching: SSD and NCC.

Slide a (h, w) template over a (H, W) image ("valid" positions only) and score every
placement: the sum of squared differences (lower is better, cv2.TM_SQDIFF) and the
zero-mean normalised cross-correlation (higher is better, in [-1, 1], cv2.TM_CCOEFF_NORMED).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _window_sums(img: np.ndarray, h: int, w: int) -> np.ndarray:
    """Sum of every (h, w) window, (H-h+1, W-w+1), from an integral image (4 lookups per window)."""
    ii = np.pad(img, ((1, 0), (1, 0))).cumsum(0).cumsum(1)  # (H+1, W+1), ii[y, x] = sum of img[:y, :x]
    return ii[h:, w:] - ii[:-h, w:] - ii[h:, :-w] + ii[:-h, :-w]


def _check(image: np.ndarray, template: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    img = np.asarray(image, dtype=np.float64)
    tpl = np.asarray(template, dtype=np.float64)
    if img.ndim != 2 or tpl.ndim != 2:
        raise ValueError(f"image and template must be 2-D, got {img.shape} and {tpl.shape}")
    if tpl.size == 0 or tpl.shape[0] > img.shape[0] or tpl.shape[1] > img.shape[1]:
        raise ValueError(f"template {tpl.shape} must be non-empty and fit inside the image {img.shape}")
    return img, tpl


def ssd_map(image: np.ndarray, template: np.ndarray) -> np.ndarray:
    """SSD[y, x] = Σ_{i,j} (I[y+i, x+j] - T[i, j])², for every valid placement (H-h+1, W-w+1).

    Expanded: Σ I² (window sums of I², integral image) - 2 Σ I·T (a correlation) + Σ T²
    (a constant). Clamp at 0: the expansion can round to a tiny negative number.
    """
    # BEGIN REGION ssd: Return float64 (H-h+1, W-w+1): SSD[y, x] = sum over the template of (image[y+i, x+j] - template[i, j])^2,
    # | never negative. No Python loop over positions. ValueError: image or template not 2-D, template empty
    # | or larger than the image.
    img, tpl = _check(image, template)
    h, w = tpl.shape
    windows = sliding_window_view(img, (h, w))  # (H', W', h, w) view, no copy
    cross = np.einsum("yxij,ij->yx", windows, tpl)  # Σ I·T per placement
    ssd = _window_sums(img * img, h, w) - 2.0 * cross + np.sum(tpl * tpl)
    return np.maximum(ssd, 0.0)
    # END REGION ssd


def ncc_map(image: np.ndarray, template: np.ndarray) -> np.ndarray:
    """Zero-mean NCC (cv2.TM_CCOEFF_NORMED), (H-h+1, W-w+1), values in [-1, 1].

        T' = T - mean(T),  I'_yx = window - mean(window),  n = h·w
        NCC[y, x] = Σ T'·I'_yx / sqrt(Σ T'² · Σ I'_yx²)
    Σ T'·I' = Σ T'·I (T' sums to 0, so the window mean drops out): one correlation.
    Σ I'² = Σ I² - (Σ I)² / n from two integral images. Invariant to brightness offset and
    contrast gain of the window: the reason NCC works under lighting changes where SSD fails.
    A flat window or template (Σ I'² or Σ T'² <= 1e-8·n) has no defined correlation: score 0.
    """
    # BEGIN REGION ncc: Return float64 (H-h+1, W-w+1) zero-mean normalised cross-correlation (cv2.TM_CCOEFF_NORMED) in [-1, 1]:
    # | sum(T' * I') / sqrt(sum(T'^2) * sum(I'^2)) with T', I' the template and the window minus their own means.
    # | Score 0 where the window or the template is flat (sum of squared deviations <= 1e-8 * h * w).
    # | No Python loop over positions. ValueError: as for ssd_map.
    img, tpl = _check(image, template)
    h, w = tpl.shape
    n = h * w
    t0 = tpl - tpl.mean()  # (h, w) zero-mean template
    t_energy = np.sum(t0 * t0)
    num = np.einsum("yxij,ij->yx", sliding_window_view(img, (h, w)), t0)  # Σ T'·I
    s1 = _window_sums(img, h, w)
    s2 = _window_sums(img * img, h, w)
    w_energy = np.maximum(s2 - s1 * s1 / n, 0.0)  # Σ (I - mean)² per window
    flat = (w_energy <= 1e-8 * n) | (t_energy <= 1e-8 * n)
    denom = np.sqrt(np.where(flat, 1.0, w_energy * t_energy))
    return np.where(flat, 0.0, np.clip(num / denom, -1.0, 1.0))
    # END REGION ncc


if __name__ == "__main__":
    image = np.array(
        [
            [0, 0, 0, 0, 0],
            [0, 1, 2, 0, 0],
            [0, 3, 4, 0, 0],
            [0, 0, 0, 5, 5],
        ],
        dtype=float,
    )
    template = np.array([[1.0, 2.0], [3.0, 4.0]])
    print("ssd_map =\n", ssd_map(image, template))
    print("ncc_map =\n", ncc_map(image, template).round(3))
