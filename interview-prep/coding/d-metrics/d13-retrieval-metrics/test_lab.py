"""Grader for d13 - Recall@K, mAP@K and MRR.

References: per-query Python loops written from the definitions (independent of any
vectorisation), sklearn.metrics.label_ranking_average_precision_score (equal to mAP over the
full list when scores have no ties), hand-computed cases, and the conventions: queries
without relevant items are excluded, ties are broken by the lower gallery index.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import label_ranking_average_precision_score

SCORES = np.array([[0.9, 0.1, 0.8, 0.3, 0.5], [0.2, 0.7, 0.6, 0.4, 0.1], [0.5, 0.4, 0.3, 0.2, 0.1]])
RELEVANT = np.array([[0, 1, 1, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 0]], dtype=bool)


def _ensure_one(r):
    r = r.copy()
    r[0, -1] |= not r.any()
    return r


def _data():
    """Tied integer scores, random relevance with at least one relevant item somewhere, and k."""
    return st.tuples(st.integers(1, 6), st.integers(1, 10)).flatmap(
        lambda qn: st.tuples(
            hnp.arrays(np.float64, qn, elements=st.integers(0, 4).map(float)),
            hnp.arrays(np.bool_, qn).map(_ensure_one),
            st.integers(1, qn[1] + 2),
        )
    )


def _loops(scores, relevant, k):
    recalls, aps, rrs = [], [], []
    for s, r in zip(scores.tolist(), relevant.tolist()):
        order = sorted(range(len(s)), key=lambda j: (-s[j], j))
        ranked = [r[j] for j in order]
        n_rel = sum(ranked)
        if n_rel == 0:
            continue
        recalls.append(sum(ranked[:k]) / n_rel)
        hits, total = 0, 0.0
        for i, x in enumerate(ranked[:k], start=1):
            if x:
                hits += 1
                total += hits / i
        aps.append(total / min(k, n_rel))
        rrs.append(1.0 / (ranked.index(True) + 1))
    return np.mean(recalls), np.mean(aps), np.mean(rrs)


@pytest.mark.region("recall_at_k")
def test_recall_worked_example(lab):
    """README example: recall@3 = mean(1/2, 0); the query without relevant items is excluded."""
    got = float(lab.recall_at_k(SCORES, RELEVANT, 3))
    assert abs(got - 0.25) < 1e-12, f"recall@3 = {got}, expected 0.25 (query 2 has no relevant item and is skipped)"


@pytest.mark.region("recall_at_k")
@given(_data())
def test_recall_matches_loop(lab, data):
    """Random tied scores: equals a per-query loop (ties -> lower gallery index first)."""
    s, r, k = data
    got = float(lab.recall_at_k(s, r, k))
    ref = _loops(s, r, k)[0]
    assert abs(got - ref) < 1e-12, (
        f"scores={s.tolist()}, relevant={r.astype(int).tolist()}, k={k}: got {got}, expected {ref}"
    )


@pytest.mark.region("recall_at_k")
def test_recall_edge_cases(lab):
    """k >= N gives recall 1; no relevant item anywhere or k < 1 raises ValueError."""
    assert abs(float(lab.recall_at_k(SCORES, RELEVANT, 50)) - 1.0) < 1e-12, "k beyond the gallery size must give 1"
    with pytest.raises(ValueError):
        lab.recall_at_k(SCORES, np.zeros_like(RELEVANT), 3)
    with pytest.raises(ValueError):
        lab.recall_at_k(SCORES, RELEVANT, 0)


@pytest.mark.region("map_at_k")
def test_map_worked_example(lab):
    """README example: AP@3 = (1/2)/min(3, 2) for query 0 and 0 for query 1: mAP@3 = 0.125."""
    got = float(lab.map_at_k(SCORES, RELEVANT, 3))
    assert abs(got - 0.125) < 1e-12, f"mAP@3 = {got}, expected 0.125"


@pytest.mark.region("map_at_k")
def test_map_normaliser_is_min_k_r(lab):
    """Three relevant items, the top 2 both relevant: AP@2 = (1 + 1) / min(2, 3) = 1."""
    s = np.array([[5.0, 4.0, 3.0, 2.0, 1.0]])
    r = np.array([[1, 1, 0, 1, 0]], dtype=bool)
    got = float(lab.map_at_k(s, r, 2))
    assert abs(got - 1.0) < 1e-12, f"AP@2 = {got}, expected 1 (divide by min(k, R) = 2, not R = 3 or the hits)"
    got = float(lab.map_at_k(s, r, 5))
    assert abs(got - (1 + 1 + 3 / 4) / 3) < 1e-12, f"AP@5 = {got}, expected (1 + 1 + 3/4) / 3"


@pytest.mark.region("map_at_k")
@given(_data())
def test_map_matches_loop(lab, data):
    """Random tied scores: equals a per-query loop of the AP@k definition."""
    s, r, k = data
    got = float(lab.map_at_k(s, r, k))
    ref = _loops(s, r, k)[1]
    assert abs(got - ref) < 1e-12, (
        f"scores={s.tolist()}, relevant={r.astype(int).tolist()}, k={k}: got {got}, expected {ref}"
    )


@pytest.mark.region("map_at_k")
def test_map_full_list_equals_sklearn_lrap(lab):
    """Without ties and with k = N, mAP equals sklearn's label_ranking_average_precision_score."""
    rng = np.random.default_rng(0)
    s = rng.normal(size=(20, 12))
    r = rng.random((20, 12)) < 0.3
    r[:, 0] |= ~r.any(axis=1)  # every query has a relevant item
    got = float(lab.map_at_k(s, r, 12))
    ref = label_ranking_average_precision_score(r.astype(int), s)
    assert abs(got - ref) < 1e-12, f"mAP@N = {got}, sklearn LRAP {ref}"


@pytest.mark.region("mrr")
def test_mrr_worked_example(lab):
    """README example: first relevant item at rank 2 and rank 4: MRR = (1/2 + 1/4) / 2."""
    got = float(lab.mrr(SCORES, RELEVANT))
    assert abs(got - 0.375) < 1e-12, f"MRR = {got}, expected 0.375"


@pytest.mark.region("mrr")
@given(_data())
def test_mrr_matches_loop(lab, data):
    """Random tied scores: equals a per-query loop; ties put the lower gallery index first."""
    s, r, _ = data
    got = float(lab.mrr(s, r))
    ref = _loops(s, r, 1)[2]
    assert abs(got - ref) < 1e-12, f"scores={s.tolist()}, relevant={r.astype(int).tolist()}: got {got}, expected {ref}"


@pytest.mark.region("mrr")
def test_mrr_errors(lab):
    """No relevant item in any query, or mismatched shapes: ValueError."""
    with pytest.raises(ValueError):
        lab.mrr(SCORES, np.zeros_like(RELEVANT))
    with pytest.raises(ValueError):
        lab.mrr(SCORES, RELEVANT[:, :3])
