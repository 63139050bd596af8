"""d06 - ROC curve and AUC with ties.

The ROC curve of a binary scorer (one point per distinct score) and its area computed
independently through the rank-sum (Mann-Whitney U) formula with average ranks for ties.
"""

from __future__ import annotations

import numpy as np


def _binary(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Validate labels in {0, 1} with both classes present; return int64 labels, float64 scores (given)."""
    y = np.asarray(y_true).ravel()
    s = np.asarray(scores, dtype=np.float64).ravel()
    if y.shape != s.shape:
        raise ValueError(f"y_true and scores must have the same length, got {y.size} and {s.size}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("y_true must contain only 0 and 1")
    y = y.astype(np.int64)
    if y.size == 0 or y.min() == y.max():
        raise ValueError("ROC needs at least one positive and one negative")
    return y, s


def roc_curve(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(fpr, tpr, thresholds) for the rule "predict positive if score >= threshold".

    One point per distinct score, thresholds decreasing, preceded by the point (0, 0) at
    threshold +inf. Tied scores cross the threshold together, so they form one point (the
    curve moves diagonally through them).
        tpr(θ) = #(pos, s >= θ) / n_pos,   fpr(θ) = #(neg, s >= θ) / n_neg
    """
    # BEGIN REGION roc_curve: Return (fpr, tpr, thresholds), three float64 arrays of length K + 1 for K distinct scores.
    # | Thresholds are +inf followed by the distinct scores in decreasing order; point k counts
    # | samples with score >= thresholds[k], so the curve starts at (0, 0) and ends at (1, 1).
    # | Validate with the given _binary(y_true, scores) (ValueError on one class / bad labels).
    y, s = _binary(y_true, scores)
    order = np.argsort(-s, kind="stable")  # decreasing score
    s_sorted, y_sorted = s[order], y[order]
    tps = np.cumsum(y_sorted)  # (N,) positives with score >= s_sorted[k]
    fps = np.cumsum(1 - y_sorted)
    last_of_group = np.r_[np.flatnonzero(np.diff(s_sorted)), s_sorted.size - 1]  # end of each tie group
    tpr = np.r_[0, tps[last_of_group]] / tps[-1]
    fpr = np.r_[0, fps[last_of_group]] / fps[-1]
    thresholds = np.r_[np.inf, s_sorted[last_of_group]]
    return fpr.astype(np.float64), tpr.astype(np.float64), thresholds
    # END REGION roc_curve


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve by the rank formula (no curve, no integration).

        AUC = P(s_pos > s_neg) + ½ P(s_pos = s_neg)
            = (R_pos - n_pos (n_pos + 1) / 2) / (n_pos · n_neg)
    where R_pos is the sum of the ranks (1 = lowest score) of the positives, tied scores all
    receiving the average of the ranks they span.
    """
    # BEGIN REGION roc_auc: Return the AUC as a float from the Mann-Whitney rank-sum formula with average ranks for ties.
    # | AUC = (sum of positive ranks - n_pos(n_pos+1)/2) / (n_pos * n_neg), ranks 1..N by increasing
    # | score, tied scores sharing the mean of their ranks (a tied pos/neg pair counts 1/2).
    # | O(N log N); validate with _binary (ValueError when only one class is present).
    y, s = _binary(y_true, scores)
    n = s.size
    order = np.argsort(s, kind="stable")
    s_sorted = s[order]
    # tie groups: start index of each run of equal scores in the sorted array
    starts = np.r_[0, np.flatnonzero(np.diff(s_sorted)) + 1]  # (G,)
    ends = np.r_[starts[1:], n]  # exclusive
    avg_rank = (starts + 1 + ends) / 2.0  # mean of ranks starts+1 .. ends
    group_of = np.repeat(np.arange(starts.size), ends - starts)  # (N,) group id in sorted order
    ranks = np.empty(n)
    ranks[order] = avg_rank[group_of]
    n_pos = int(y.sum())
    n_neg = n - n_pos
    r_pos = ranks[y == 1].sum()
    return float((r_pos - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))
    # END REGION roc_auc


if __name__ == "__main__":
    y = np.array([0, 0, 1, 1, 0, 1])
    s = np.array([0.1, 0.4, 0.4, 0.8, 0.6, 0.9])
    fpr, tpr, thr = roc_curve(y, s)
    print("fpr =", fpr, "\ntpr =", tpr, "\nthr =", thr)
    print("auc =", roc_auc(y, s))
