"""d18 - IDF1.

Identity F1 (Ristani et al. 2016): match whole ground-truth trajectories to whole tracker
trajectories once for the entire sequence, so that the number of boxes carrying the right
identity (IDTP) is maximal, then score precision and recall of identities.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


def _box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(N, 4) x (M, 4) xyxy -> (N, M) IoU, 0 where the union is 0 (given: problem d01)."""
    a = np.asarray(a, dtype=np.float64).reshape(-1, 4)
    b = np.asarray(b, dtype=np.float64).reshape(-1, 4)
    wh = np.clip(np.minimum(a[:, None, 2:], b[None, :, 2:]) - np.maximum(a[:, None, :2], b[None, :, :2]), 0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = (
        ((a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1]))[:, None] + ((b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]))[None] - inter
    )
    out = np.zeros_like(inter)
    np.divide(inter, union, out=out, where=union > 0)
    return out


def overlap_counts(
    frames: list[dict], iou_threshold: float = 0.5
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Co-occurrence table of trajectories.

    counts[i, j] = number of frames in which gt trajectory gt_ids[i] and hypothesis trajectory
    hyp_ids[j] are both present with IoU >= threshold. Returns
    (gt_ids (G,) sorted, hyp_ids (H,) sorted, counts (G, H) int64, total gt boxes, total hyp boxes).
    """
    # TODO(overlap_counts): Return (gt_ids, hyp_ids, counts, n_gt_boxes, n_hyp_boxes) for the whole sequence.
    # | gt_ids / hyp_ids: sorted int64 arrays of every id that occurs; counts (G, H) int64: frames where
    # | the two trajectories overlap with IoU >= iou_threshold; n_*_boxes: total boxes over all frames.
    # | frames[t] has "gt_ids", "gt_boxes", "hyp_ids", "hyp_boxes" (as in d17). Use the given _box_iou.
    raise NotImplementedError("TODO(overlap_counts): write this region")


def idf1(frames: list[dict], iou_threshold: float = 0.5) -> tuple[float, float, float]:
    """(IDF1, IDP, IDR) with the globally optimal one-to-one trajectory assignment.

    IDTP = max over one-to-one gt<->hyp trajectory assignments of Σ counts[i, j]
    IDP  = IDTP / total hyp boxes,   IDR = IDTP / total gt boxes
    IDF1 = 2 IDTP / (total gt boxes + total hyp boxes)
    """
    # TODO(idf1): Return (idf1, idp, idr) as floats. IDTP = the maximum total of counts over one-to-one assignments
    # | of gt trajectories to hypothesis trajectories (Hungarian: scipy's linear_sum_assignment on your
    # | overlap_counts table). IDF1 = 2 IDTP / (gt boxes + hyp boxes), IDP = IDTP / hyp boxes (0 if there
    # | are none), IDR = IDTP / gt boxes. ValueError if the sequence has no ground-truth box.
    raise NotImplementedError("TODO(idf1): write this region")


def _example() -> list[dict]:
    return [
        {
            "gt_ids": [1, 2],
            "gt_boxes": [[0, 0, 10, 10], [20, 0, 30, 10]],
            "hyp_ids": [10, 11],
            "hyp_boxes": [[0, 0, 10, 10], [20, 0, 30, 10]],
        },
        {
            "gt_ids": [1, 2],
            "gt_boxes": [[1, 0, 11, 10], [21, 0, 31, 10]],
            "hyp_ids": [10, 11],
            "hyp_boxes": [[21, 0, 31, 10], [1, 0, 11, 10]],
        },
        {
            "gt_ids": [1, 3],
            "gt_boxes": [[2, 0, 12, 10], [70, 0, 80, 10]],
            "hyp_ids": [11, 12],
            "hyp_boxes": [[2, 0, 12, 10], [50, 50, 60, 60]],
        },
    ]


if __name__ == "__main__":
    g, h, c, ng, nh = overlap_counts(_example())
    print("gt ids", g, "hyp ids", h, "\ncounts =\n", c, "\nboxes:", ng, nh)
    print("IDF1, IDP, IDR =", idf1(_example()))
