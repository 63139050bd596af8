"""d11 - Top-k accuracy.

The fraction of samples whose true class is among the k highest-scoring classes, with a
stated, deterministic rule for tied scores (the one scikit-learn uses).
"""

from __future__ import annotations

import numpy as np


def topk_accuracy(scores: np.ndarray, labels: np.ndarray, k: int) -> float:
    """Top-k accuracy of scores (N, C) against integer labels (N,).

    Rank of the true class y of a sample (0 = best):
        rank = #{j : s_j > s_y} + #{j > y : s_j = s_y}
    (among tied scores the larger class index ranks first, as sklearn's top_k_accuracy_score).
    The sample is a hit if rank < k; the result is the fraction of hits.
    """
    # BEGIN REGION solve: Return the fraction (float) of samples whose true class ranks among the top k of its row of scores (N, C).
    # | rank of the true class y = number of classes with a strictly higher score + number of classes
    # | with an equal score and a larger index than y; hit if rank < k (k >= C gives 1.0).
    # | Raise ValueError for k < 1, N = 0, labels outside [0, C) or shapes that do not fit. O(N*C), no sort needed.
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels).ravel()
    if s.ndim != 2 or y.shape != (s.shape[0],):
        raise ValueError(f"expected scores (N, C) and labels (N,), got {s.shape} and {y.shape}")
    n, c = s.shape
    if n == 0:
        raise ValueError("top-k accuracy of zero samples is undefined")
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    y = y.astype(np.int64)
    if y.min() < 0 or y.max() >= c:
        raise ValueError(f"labels must lie in [0, {c})")
    true_score = s[np.arange(n), y][:, None]  # (N, 1)
    later = np.arange(c)[None, :] > y[:, None]  # (N, C) class index larger than the true one
    rank = (s > true_score).sum(axis=1) + ((s == true_score) & later).sum(axis=1)  # (N,)
    return float(np.mean(rank < k))
    # END REGION solve


if __name__ == "__main__":
    scores = np.array([[0.1, 0.6, 0.3], [0.5, 0.2, 0.3], [0.4, 0.4, 0.2], [0.2, 0.3, 0.5]])
    labels = np.array([2, 0, 0, 0])
    for k in (1, 2, 3):
        print(f"top-{k} accuracy =", topk_accuracy(scores, labels, k))
