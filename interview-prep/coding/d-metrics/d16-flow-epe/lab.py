"""d16 - Optical-flow end-point error and outlier rate.

The two numbers of every optical-flow benchmark: the average end-point error (Sintel, KITTI
"EPE") and KITTI's Fl-all, the fraction of pixels whose error exceeds both 3 px and 5% of the
true motion, both restricted to the pixels that have ground truth.
"""

from __future__ import annotations

import numpy as np


def _valid_mask(shape: tuple[int, ...], valid: np.ndarray | None) -> np.ndarray:
    """Boolean (...) mask of pixels with ground truth; None -> all valid (given)."""
    if valid is None:
        return np.ones(shape, dtype=bool)
    v = np.asarray(valid)
    if v.shape != shape:
        raise ValueError(f"valid has shape {v.shape}, expected {shape}")
    return v != 0


def endpoint_error(pred: np.ndarray, gt: np.ndarray, valid: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Per-pixel end-point error and its mean over valid pixels.

    pred, gt: (..., H, W, 2) flow (u, v). EPE(p) = sqrt((u_p - u_g)² + (v_p - v_g)²).
    Returns (epe (..., H, W) float64 with NaN at invalid pixels, mean EPE over valid pixels).
    """
    # TODO(epe): Return (epe_map, mean_epe): epe_map (..., H, W) float64 = Euclidean norm of pred - gt over the last axis
    # | (u, v), set to NaN where the pixel is not valid; mean_epe (float) = mean over valid pixels only.
    # | Ground truth at invalid pixels may be NaN or garbage and must not leak into the mean. Use the
    # | given _valid_mask(shape, valid) (None = all valid). ValueError if shapes differ, the last axis
    # | is not 2, or no pixel is valid.
    raise NotImplementedError("TODO(epe): write this region")


def fl_all(pred: np.ndarray, gt: np.ndarray, valid: np.ndarray | None = None) -> float:
    """KITTI Fl-all: fraction of valid pixels with EPE > 3 px AND EPE > 0.05 · |gt flow|."""
    # TODO(fl_all): Return the fraction (float in [0, 1]) of valid pixels that are outliers:
    # | EPE > 3 px AND EPE > 0.05 * ||gt flow|| (both strict). Use your endpoint_error for the EPE map and
    # | _valid_mask for the pixels; the same ValueErrors apply.
    raise NotImplementedError("TODO(fl_all): write this region")


if __name__ == "__main__":
    gt = np.zeros((2, 3, 2))
    gt[..., 0] = [[0, 10, 100], [1, 2, np.nan]]  # u; the NaN pixel has no ground truth
    pred = gt.copy()
    pred[..., 0] += [[1, 4, 4], [3, 6, 0]]  # errors along u
    pred[1, 2] = [5, 5]
    valid = np.array([[1, 1, 1], [1, 1, 0]], dtype=bool)
    epe, mean = endpoint_error(pred, gt, valid)
    print("EPE map =\n", epe)
    print("mean EPE =", mean, " Fl-all =", fl_all(pred, gt, valid))
