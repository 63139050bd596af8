"""d07 - PR curve and average precision: 11-point vs all-point.

The precision-recall curve of a ranked list, and the two interpolated average precisions of
PASCAL VOC: the 11-point AP of VOC2007 and the all-point (area under the precision envelope)
AP of VOC2010+, which COCO also builds on.
"""

from __future__ import annotations

import numpy as np


def pr_curve(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(precision, recall, thresholds), one point per distinct score, thresholds decreasing.

    Point k predicts positive every sample with score >= thresholds[k]:
        precision_k = TP_k / (TP_k + FP_k),   recall_k = TP_k / n_pos
    Tied scores enter together (one point per tie group). No artificial (recall 0) point.
    """
    # BEGIN REGION pr_curve: Return (precision, recall, thresholds) as float64 arrays, one point per distinct score, thresholds decreasing.
    # | Point k counts the samples with score >= thresholds[k]: precision = TP / (TP + FP),
    # | recall = TP / n_pos. Tied scores form one point. Raise ValueError if y_true has no positive,
    # | labels are not in {0, 1}, or the lengths differ.
    y = np.asarray(y_true).ravel()
    s = np.asarray(scores, dtype=np.float64).ravel()
    if y.shape != s.shape:
        raise ValueError(f"y_true and scores must have the same length, got {y.size} and {s.size}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("y_true must contain only 0 and 1")
    y = y.astype(np.int64)
    if y.sum() == 0:
        raise ValueError("precision-recall needs at least one positive")
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s_sorted)), s.size - 1]  # last index of each tie group
    tp = np.cumsum(y_sorted)[last].astype(np.float64)  # (K,)
    predicted = (last + 1).astype(np.float64)  # TP + FP at each threshold
    return tp / predicted, tp / y.sum(), s_sorted[last]
    # END REGION pr_curve


def ap_all_point(y_true: np.ndarray, scores: np.ndarray) -> float:
    """All-point interpolated AP (VOC2010+): area under the precision envelope.

    p_interp(r) = max_{r' >= r} p(r')
    AP = Σ_k (r_k - r_{k-1}) · p_interp(r_k),   r_0 = 0
    """
    # BEGIN REGION ap_all_point: Return the all-point AP (float) from your pr_curve: sum over curve points of
    # | (recall_k - recall_{k-1}) * envelope_k, recall_0 = 0, envelope_k = max precision at recall >= recall_k.
    # | ValueError when there is no positive (pr_curve raises it).
    precision, recall, _ = pr_curve(y_true, scores)
    envelope = np.maximum.accumulate(precision[::-1])[::-1]  # best precision at this or any higher recall
    return float(np.sum(np.diff(recall, prepend=0.0) * envelope))
    # END REGION ap_all_point


def ap_11_point(y_true: np.ndarray, scores: np.ndarray) -> float:
    """11-point interpolated AP (VOC2007).

        AP = (1/11) Σ_{t ∈ {0, 0.1, ..., 1}} max { p_k : r_k >= t }   (0 if no r_k >= t)
    with t = k / 10 computed exactly that way (np.linspace(0, 1, 11) gives 0.30000000000000004).
    """
    # BEGIN REGION ap_11_point: Return the 11-point AP (float): the mean over t = k/10, k = 0..10, of the highest
    # | precision on your pr_curve at recall >= t (0 if none). Compute t as k / 10 so that a recall
    # | of exactly 3/10 counts for t = 0.3. ValueError when there is no positive.
    precision, recall, _ = pr_curve(y_true, scores)
    t = np.arange(11) / 10.0  # (11,) exactly k/10
    reach = recall[None, :] >= t[:, None]  # (11, K)
    best = np.where(reach, precision[None, :], 0.0).max(axis=1)  # (11,) 0 when no point reaches t
    return float(best.mean())
    # END REGION ap_11_point


if __name__ == "__main__":
    y = np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 1])
    s = np.array([0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
    p, r, thr = pr_curve(y, s)
    print("precision =", p.round(4))
    print("recall    =", r)
    print("AP all-point =", ap_all_point(y, s))
    print("AP 11-point  =", ap_11_point(y, s))
