"""d13 - Recall@K, mAP@K and MRR.

Ranking metrics of a retrieval system (image search, re-identification, face search): each
query scores every gallery item, the gallery is ranked by decreasing score, and the metrics
look at where the relevant items land.
"""

from __future__ import annotations

import numpy as np


def _ranked_relevance(scores: np.ndarray, relevant: np.ndarray) -> np.ndarray:
    """(Q, N) bool: relevance of the gallery items in ranked order (given).

    Ranking: decreasing score, ties broken by the lower gallery index (stable sort).
    Raises ValueError if the shapes differ or are not 2-D.
    """
    s = np.asarray(scores, dtype=np.float64)
    r = np.asarray(relevant).astype(bool)
    if s.ndim != 2 or s.shape != r.shape:
        raise ValueError(f"expected scores and relevant of the same shape (Q, N), got {s.shape} and {r.shape}")
    order = np.argsort(-s, axis=1, kind="stable")
    return np.take_along_axis(r, order, axis=1)


def recall_at_k(scores: np.ndarray, relevant: np.ndarray, k: int) -> float:
    """Mean over queries of |relevant items in the top k| / |relevant items|.

    Queries without any relevant item are excluded from the mean.
    """
    # TODO(recall_at_k): Return the mean over queries of (relevant items among the top k) / (all relevant items of the query), float.
    # | Get the ranked relevance from the given _ranked_relevance(scores, relevant). Queries with no
    # | relevant item are left out of the mean; ValueError if no query has one, or if k < 1.
    # | k larger than N means the whole list.
    raise NotImplementedError("TODO(recall_at_k): write this region")


def map_at_k(scores: np.ndarray, relevant: np.ndarray, k: int) -> float:
    """Mean over queries of AP@k = (1 / min(k, R)) Σ_{i<=k} P@i · rel_i.

    R = number of relevant items of the query, P@i = precision of the top i, rel_i = 1 if the
    item at rank i is relevant. Queries with R = 0 are excluded.
    """
    # TODO(map_at_k): Return the mean over queries of AP@k (float): sum over ranks i <= k of precision@i at the
    # | relevant ranks, divided by min(k, R) with R the query's number of relevant items.
    # | Queries with R = 0 are excluded; ValueError if none is left or k < 1. Vectorised over queries.
    raise NotImplementedError("TODO(map_at_k): write this region")


def mrr(scores: np.ndarray, relevant: np.ndarray) -> float:
    """Mean reciprocal rank: mean over queries of 1 / (rank of the first relevant item), ranks from 1.

    Queries without any relevant item are excluded.
    """
    # TODO(mrr): Return the mean over queries of 1 / rank of the first relevant item (ranks start at 1), float.
    # | Uses the full ranking. Queries with no relevant item are excluded; ValueError if none is left.
    raise NotImplementedError("TODO(mrr): write this region")


if __name__ == "__main__":
    scores = np.array([[0.9, 0.1, 0.8, 0.3, 0.5], [0.2, 0.7, 0.6, 0.4, 0.1], [0.5, 0.4, 0.3, 0.2, 0.1]])
    relevant = np.array([[0, 1, 1, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 0]], dtype=bool)
    print("recall@3 =", recall_at_k(scores, relevant, 3))
    print("mAP@3    =", map_at_k(scores, relevant, 3))
    print("MRR      =", mrr(scores, relevant))
