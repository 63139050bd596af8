"""d15 - PCK (percentage of correct keypoints).

A predicted keypoint is correct when it lies within alpha times a per-instance reference
length (head segment for PCKh, bounding-box size for PCK@bbox) of the ground truth; PCK is
the fraction of correct keypoints among the annotated, visible ones.
"""

from __future__ import annotations

import numpy as np


def pck(
    pred: np.ndarray, gt: np.ndarray, visible: np.ndarray, ref_size: np.ndarray, alpha: float = 0.5
) -> tuple[float, np.ndarray]:
    """PCK over visible keypoints -> (overall, per_keypoint (K,)).

    correct[n, k] = ||pred[n, k] - gt[n, k]||_2 <= alpha · ref_size[n]
    overall      = Σ correct·visible / Σ visible                 (pooled over all visible keypoints)
    per_keypoint = Σ_n correct·visible / Σ_n visible per joint  (NaN for a joint never visible)
    """
    # BEGIN REGION solve: Return (overall, per_keypoint): the fraction of visible keypoints whose distance to the ground truth is
    # | <= alpha * ref_size[n] (inclusive), pooled over all visible (instance, joint) pairs, and the (K,)
    # | float64 per-joint fractions (NaN for a joint that is never visible). pred, gt: (N, K, 2); visible
    # | (N, K) bool; ref_size (N,). ValueError on mismatched shapes, ref_size <= 0, alpha <= 0 or no
    # | visible keypoint at all. Invisible keypoints never count, whatever their prediction.
    p = np.asarray(pred, dtype=np.float64)
    g = np.asarray(gt, dtype=np.float64)
    vis = np.asarray(visible).astype(bool)
    ref = np.asarray(ref_size, dtype=np.float64).ravel()
    if p.shape != g.shape or p.ndim != 3 or p.shape[2] != 2 or vis.shape != p.shape[:2] or ref.shape != (p.shape[0],):
        raise ValueError(
            f"expected pred, gt (N, K, 2), visible (N, K), ref_size (N,); got {p.shape}, {g.shape}, {vis.shape}, {ref.shape}"
        )
    if np.any(ref <= 0) or alpha <= 0:
        raise ValueError("ref_size and alpha must be positive")
    if not vis.any():
        raise ValueError("no visible keypoint: PCK is undefined")
    dist = np.linalg.norm(p - g, axis=-1)  # (N, K)
    hit = (dist <= alpha * ref[:, None]) & vis  # (N, K)
    per_joint_vis = vis.sum(axis=0)  # (K,)
    per_joint = np.full(p.shape[1], np.nan)
    np.divide(hit.sum(axis=0), per_joint_vis, out=per_joint, where=per_joint_vis > 0)
    return float(hit.sum() / vis.sum()), per_joint
    # END REGION solve


if __name__ == "__main__":
    gt = np.array([[[0, 0], [10, 0], [20, 0]], [[0, 0], [0, 10], [0, 20]]], dtype=float)
    pred = np.array([[[3, 4], [10, 6], [20, 0]], [[0, 9], [0, 10], [15, 20]]], dtype=float)
    visible = np.array([[True, True, False], [True, True, True]])
    overall, per_joint = pck(pred, gt, visible, ref_size=np.array([10.0, 20.0]), alpha=0.5)
    print("PCK@0.5 =", overall, " per keypoint =", per_joint)
