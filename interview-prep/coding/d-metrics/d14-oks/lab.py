"""d14 - Object keypoint similarity (OKS).

COCO's IoU for poses: a per-keypoint Gaussian score of the prediction error, normalised
by the object scale and by how precisely humans can annotate that keypoint, averaged over
the labelled keypoints.
"""

from __future__ import annotations

import numpy as np

#: Per-keypoint standard deviations of human annotation (COCO's 17 body keypoints: nose, eyes,
#: ears, shoulders, elbows, wrists, hips, knees, ankles), as used by pycocotools.
COCO_SIGMAS = (
    np.array([0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89])
    / 10.0
)


def oks(pred: np.ndarray, gt: np.ndarray, areas: np.ndarray, sigmas: np.ndarray | None = None) -> np.ndarray:
    """OKS between every predicted pose and every ground-truth pose -> (N, M) float64.

    pred (N, K, 2+) (x, y[, anything]), gt (M, K, 3) (x, y, v), areas (M,) object areas s²,
    sigmas (K,) (COCO_SIGMAS when None and K == 17). With k_i = 2 σ_i and d_i the distance
    between predicted and ground-truth keypoint i:
        OKS = Σ_i exp(-d_i² / (2 s² k_i²)) · [v_i > 0]  /  Σ_i [v_i > 0]
    A ground truth without labelled keypoints (all v = 0) has OKS 0 with every prediction.
    """
    # TODO(solve): Return the (N, M) float64 OKS matrix of pred (N, K, >=2) against gt (M, K, 3) with visibility v in column 2.
    # | OKS = mean over the labelled keypoints of gt m (v > 0: both 1 "occluded" and 2 "visible") of
    # | exp(-d² / (2 * area_m * (2*sigma_i)²)); 0 for a gt with no labelled keypoint. sigmas=None means
    # | COCO_SIGMAS (needs K == 17). ValueError on shapes that do not fit, a missing sigma set, or an
    # | area <= 0. Vectorise over (N, M, K).
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    gt = np.array([[[10, 10, 2], [20, 10, 2], [30, 10, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]], dtype=float)
    pred = np.array([[[10, 10], [22, 12], [0, 0]]], dtype=float)
    print("oks =", oks(pred, gt, areas=np.array([100.0, 100.0]), sigmas=np.array([0.1, 0.1, 0.1])))
