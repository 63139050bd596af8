"""Grader for c05 - ratio-test matching with cross-check.

References: cv2.BFMatcher(NORM_L2).knnMatch(k=2) for the ratio test and
cv2.BFMatcher(NORM_L2, crossCheck=True).match for mutual nearest neighbours (their
intersection is the expected match set), plus an exact constructed case where each rule
removes a different match, ties, and the M == 1 / empty edge cases.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

D1 = np.array([[0.0, 0.0], [10.0, 0.0], [5.0, 5.0], [0.0, 9.0], [0.2, 0.0]])
D2 = np.array([[1.0, 0.0], [10.0, 1.0], [4.0, 5.0], [6.0, 5.0], [0.0, 10.0], [0.5, 0.0]])


def _m(lab, a, b, **kw) -> list[list[int]]:
    got = np.asarray(lab.match_descriptors(a, b, **kw))
    assert got.ndim == 2 and got.shape[1] == 2, f"match_descriptors returned shape {got.shape}, expected (K, 2)"
    return got.tolist()


@pytest.mark.region("solve")
def test_constructed_example(lab):
    """README example: (2) is ambiguous (ratio test), (0) loses d2[5] to the closer (4) (cross-check)."""
    got = _m(lab, D1, D2, ratio=0.8, cross_check=True)
    assert got == [[1, 1], [3, 4], [4, 5]], (
        f"got {got}, expected [[1, 1], [3, 4], [4, 5]]: d1[2]=(5,5) is 1 from both (4,5) and (6,5) so the ratio test "
        "drops it; d1[0] and d1[4] both want d2[5], which is nearest to d1[4], so cross-check drops (0, 5)"
    )
    got = _m(lab, D1, D2, ratio=0.8, cross_check=False)
    assert got == [[0, 5], [1, 1], [3, 4], [4, 5]], (
        f"cross_check=False: got {got}, expected [[0, 5], [1, 1], [3, 4], [4, 5]]"
    )


@pytest.mark.region("solve")
def test_ratio_uses_distances_not_squares(lab):
    """dist1 = 0.85, dist2 = 1 with ratio 0.8 is rejected (squared distances would give 0.72 < 0.8 and accept)."""
    d1 = np.array([[0.0, 0.0]])
    d2 = np.array([[0.85, 0.0], [0.0, -1.0]])
    assert _m(lab, d1, d2, ratio=0.8, cross_check=False) == [], (
        "0.85 < 0.8 · 1.0 is false: compare distances, not squared distances"
    )
    assert _m(lab, d1, d2, ratio=0.9, cross_check=False) == [[0, 0]], "with ratio 0.9 the match (0, 0) passes"


@pytest.mark.region("solve")
def test_duplicate_reference_fails_ratio(lab):
    """Two identical nearest references: dist1 == dist2, so the strict ratio test rejects the query."""
    d1 = np.array([[1.0, 1.0]])
    d2 = np.array([[1.0, 2.0], [1.0, 2.0], [9.0, 9.0]])
    assert _m(lab, d1, d2, ratio=1.0, cross_check=False) == [], (
        "dist1 == dist2 must fail dist1 < ratio · dist2 even for ratio 1"
    )


@pytest.mark.region("solve")
def test_cross_check_counts_queries_the_ratio_test_rejected(lab):
    """The cross-check looks at ALL queries: a closer query that failed the ratio test still wins the reference."""
    d1 = np.array([[0.0, 0.45], [0.0, -1.0]])  # q0: 0.45 vs 0.55 (ambiguous), q1: 1 vs 2 (clear)
    d2 = np.array([[0.0, 0.0], [0.0, 1.0]])
    assert _m(lab, d1, d2, ratio=0.8, cross_check=False) == [[1, 0]], "without cross-check only (1, 0) passes the ratio test"
    got = _m(lab, d1, d2, ratio=0.8, cross_check=True)
    assert got == [], (
        f"got {got}, expected []: d2[0]'s nearest query is d1[0] (0.45 away, rejected by the ratio test), not d1[1] "
        "(1.0 away), so (1, 0) is not a mutual nearest-neighbour pair. Run the cross-check on the full distance "
        "matrix, not only on the queries that survived the ratio test (this is what BFMatcher(crossCheck=True) does)"
    )


def _cv2_expected(a: np.ndarray, b: np.ndarray, ratio: float, cross: bool) -> tuple[set, set]:
    a32, b32 = a.astype(np.float32), b.astype(np.float32)
    knn = cv2.BFMatcher(cv2.NORM_L2).knnMatch(a32, b32, k=2)
    passed, borderline = set(), set()
    for ms in knn:
        if len(ms) == 1 or ms[0].distance < ratio * ms[1].distance:
            passed.add((ms[0].queryIdx, ms[0].trainIdx))
        if len(ms) == 2 and abs(ms[0].distance - ratio * ms[1].distance) < 1e-3 * (1 + ms[1].distance):
            borderline.add(ms[0].queryIdx)
    if cross:
        mutual = {(m.queryIdx, m.trainIdx) for m in cv2.BFMatcher(cv2.NORM_L2, crossCheck=True).match(a32, b32)}
        passed &= mutual
    return passed, borderline


@pytest.mark.region("solve")
@given(
    st.integers(1, 12),
    st.integers(1, 12),
    st.integers(1, 6),
    st.sampled_from([0.6, 0.8, 1.0]),
    st.booleans(),
    st.integers(0, 2**31 - 1),
)
def test_matches_cv2_bfmatcher(lab, n, m, d, ratio, cross, seed):
    """Random descriptors: the matches equal cv2 knnMatch + ratio test (and crossCheck=True matching when cross_check)."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(n, d)), rng.normal(size=(m, d))
    got = {tuple(p) for p in _m(lab, a, b, ratio=ratio, cross_check=cross)}
    want, borderline = _cv2_expected(a, b, ratio, cross)
    # cv2 works in float32: ignore queries whose ratio sits on the threshold
    got_c = {p for p in got if p[0] not in borderline}
    want_c = {p for p in want if p[0] not in borderline}
    assert got_c == want_c, (
        f"N={n}, M={m}, D={d}, ratio={ratio}, cross_check={cross}: got {sorted(got_c)}, cv2 gives {sorted(want_c)}"
    )
    rows = [p[0] for p in _m(lab, a, b, ratio=ratio, cross_check=cross)]
    assert rows == sorted(rows), f"matches must be sorted by query index i, got order {rows}"


@pytest.mark.region("solve")
def test_single_reference_and_empty(lab):
    """M == 1: no second neighbour, the ratio test passes; empty inputs give (0, 2); bad D or ratio raise ValueError."""
    assert _m(lab, np.array([[0.0], [5.0]]), np.array([[1.0]]), cross_check=False) == [[0, 0], [1, 0]], (
        "with one reference dist2 = +inf, so every query passes the ratio test"
    )
    assert _m(lab, np.array([[0.0], [5.0]]), np.array([[1.0]]), cross_check=True) == [[0, 0]], (
        "cross-check keeps only the query that is nearest to the single reference"
    )
    assert np.asarray(lab.match_descriptors(np.zeros((0, 3)), np.ones((4, 3)))).shape == (0, 2), (
        "N == 0 gives shape (0, 2)"
    )
    assert np.asarray(lab.match_descriptors(np.ones((4, 3)), np.zeros((0, 3)))).shape == (0, 2), (
        "M == 0 gives shape (0, 2)"
    )
    with pytest.raises(ValueError):
        lab.match_descriptors(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError):
        lab.match_descriptors(np.zeros((2, 3)), np.zeros((2, 3)), ratio=1.5)
