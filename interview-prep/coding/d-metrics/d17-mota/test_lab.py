"""Grader for d17 - MOTA.

References: exact constructed sequences whose FN / FP / IDSW counts follow by hand from the
CLEAR-MOT rules (Bernardin & Stiefelhagen 2008, as implemented by py-motmetrics): an id swap,
a sticky correspondence that must be kept although a better-overlapping hypothesis appears,
a switch across a gap of missed frames, and a frame where greedy IoU matching loses a pair
that the optimal assignment keeps. Also scipy's linear_sum_assignment on random frames for
the number of matches.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment


def _example():
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


def _frame(gt_ids, gt_boxes, hyp_ids, hyp_boxes):
    return {
        "gt_ids": gt_ids,
        "gt_boxes": np.array(gt_boxes, float).reshape(-1, 4),
        "hyp_ids": hyp_ids,
        "hyp_boxes": np.array(hyp_boxes, float).reshape(-1, 4),
    }


@pytest.mark.region("match_frame")
def test_match_keeps_previous_correspondence(lab):
    """gt 1 was tracked by hypothesis 5; 5 still overlaps (IoU 0.82) so it is kept although 6 overlaps perfectly."""
    got = lab.match_frame(
        {1: 5},
        np.array([1]),
        np.array([[0.0, 0, 10, 10]]),
        np.array([5, 6]),
        np.array([[1.0, 0, 11, 10], [0.0, 0, 10, 10]]),
        0.5,
    )
    assert dict(got) == {1: 5}, f"got {dict(got)}, expected {{1: 5}} (keep a still-valid correspondence)"


@pytest.mark.region("match_frame")
def test_match_is_optimal_not_greedy(lab):
    """Greedy highest-IoU matching would pair A with X and leave B alone; the optimal assignment matches both."""
    gts = np.array([[0.0, 0, 10, 10], [4.0, 0, 14, 10]])  # A, B
    hyps = np.array([[1.0, 0, 11, 10], [-3.0, 0, 7, 10]])  # X: 0.82 with A, 0.54 with B; Y: 0.54 with A
    got = dict(lab.match_frame({}, np.array([1, 2]), gts, np.array([7, 8]), hyps, 0.5))
    assert got == {1: 8, 2: 7}, f"got {got}, expected {{1: 8, 2: 7}} (maximise the number of matches first)"


@pytest.mark.region("match_frame")
def test_match_count_beats_total_iou(lab):
    """A chain of half-overlaps: three pairs at IoU 0.5 beat two perfect pairs (most pairs first, then total IoU)."""
    # 30 x 10 boxes shifted by 10 have IoU 200/400 = 0.5 (a match); shifted by 20, 0.2 (none)
    gts = np.array([[x, 0.0, x + 30.0, 10.0] for x in (0, 10, 20)])  # gt ids 3, 1, 2
    hyps = np.array([[x, 0.0, x + 30.0, 10.0] for x in (10, 20, 30)])  # hyp ids 11, 12, 13
    got = dict(lab.match_frame({}, np.array([3, 1, 2]), gts, np.array([11, 12, 13]), hyps, 0.5))
    want = {3: 11, 1: 12, 2: 13}
    assert got == want, (
        f"got {got}, expected {want}: maximising the total IoU gives {{1: 11, 2: 12}} (2 pairs, IoU 2.0), but the "
        "rule maximises the number of pairs first (3 pairs, IoU 1.5); give invalid pairs a cost above any valid set"
    )


@pytest.mark.region("match_frame")
def test_match_prefers_larger_total_iou_among_equal_counts(lab):
    """Both pairings match two objects; the one with total IoU 2 x 0.82 beats 2 x 0.54 whatever the input order."""
    gts = np.array([[0.0, 0, 10, 10], [4.0, 0, 14, 10]])  # gt 1, gt 2
    hyps = np.array([[3.0, 0, 13, 10], [1.0, 0, 11, 10]])  # hyp 21 (close to gt 2), hyp 20 (close to gt 1)
    got = dict(lab.match_frame({}, np.array([1, 2]), gts, np.array([21, 20]), hyps, 0.5))
    assert got == {1: 20, 2: 21}, (
        f"got {got}, expected {{1: 20, 2: 21}} (IoU 0.82 + 0.82 rather than 0.54 + 0.54): "
        "among assignments with the most pairs, take the largest total IoU"
    )


@pytest.mark.region("match_frame")
def test_match_threshold_and_empty(lab):
    """Pairs below the IoU threshold never match; empty frames give no matches."""
    got = dict(
        lab.match_frame(
            {}, np.array([1]), np.array([[0.0, 0, 10, 10]]), np.array([2]), np.array([[5.0, 0, 15, 10]]), 0.5
        )
    )
    assert got == {}, f"IoU 1/3 < 0.5 must not match, got {got}"
    got = dict(
        lab.match_frame(
            {1: 2}, np.array([1]), np.array([[0.0, 0, 10, 10]]), np.array([2]), np.array([[5.0, 0, 15, 10]]), 0.5
        )
    )
    assert got == {}, f"a previous correspondence below the threshold is not kept, got {got}"
    got = dict(lab.match_frame({}, np.zeros(0, int), np.zeros((0, 4)), np.array([2]), np.array([[0.0, 0, 1, 1]]), 0.5))
    assert got == {}, f"no ground truth: expected no matches, got {got}"


@pytest.mark.region("match_frame")
@given(st.integers(0, 10**6))
def test_match_count_is_maximal(lab, seed):
    """Random frame without history: the number of matches equals the maximum matching (scipy on IoU >= 0.5)."""
    rng = np.random.default_rng(seed)
    m, k = int(rng.integers(0, 6)), int(rng.integers(0, 6))
    gxy = rng.uniform(0, 40, (m, 2))
    gt = np.c_[gxy, gxy + 10]
    hxy = rng.uniform(0, 40, (k, 2))
    hyp = np.c_[hxy, hxy + 10]
    got = dict(lab.match_frame({}, np.arange(m), gt, np.arange(100, 100 + k), hyp, 0.5))
    if m and k:
        wh = np.clip(
            np.minimum(gt[:, None, 2:], hyp[None, :, 2:]) - np.maximum(gt[:, None, :2], hyp[None, :, :2]), 0, None
        )
        inter = wh[..., 0] * wh[..., 1]
        valid = inter / (200 - inter) >= 0.5
        r, c = linear_sum_assignment(-valid.astype(float))
        best = int(valid[r, c].sum())
    else:
        best = 0
    assert len(got) == best, f"seed {seed}: {len(got)} matches, but {best} pairs with IoU >= 0.5 can be matched at once"
    assert len(set(got.values())) == len(got), f"a hypothesis was used twice: {got}"


@pytest.mark.region("mota", needs=["match_frame"])
def test_mota_worked_example(lab):
    """README example: 2 switches (swap), 1 miss, 1 false positive over 6 gt boxes: MOTA = 1/3."""
    m, fn, fp, idsw = lab.mota(_example())
    assert (fn, fp, idsw) == (1, 1, 2), f"(FN, FP, IDSW) = {(fn, fp, idsw)}, expected (1, 1, 2)"
    assert abs(m - 1 / 3) < 1e-12, f"MOTA {m}, expected 1/3"


@pytest.mark.region("mota", needs=["match_frame"])
def test_mota_sticky_track_no_switch(lab):
    """A better-overlapping new hypothesis does not steal a still-valid track: FP 1, no switch."""
    frames = [
        _frame([1], [[0, 0, 10, 10]], [5], [[0, 0, 10, 10]]),
        _frame([1], [[0, 0, 10, 10]], [5, 6], [[1, 0, 11, 10], [0, 0, 10, 10]]),
    ]
    m, fn, fp, idsw = lab.mota(frames)
    assert (fn, fp, idsw) == (0, 1, 0), f"(FN, FP, IDSW) = {(fn, fp, idsw)}, expected (0, 1, 0)"
    assert abs(m - 0.5) < 1e-12, f"MOTA {m}, expected 0.5"


@pytest.mark.region("mota", needs=["match_frame"])
def test_mota_switch_across_a_gap(lab):
    """Tracked by 5, missed for a frame, then picked up by 7: one FN and one switch (memory survives the gap)."""
    frames = [
        _frame([1], [[0, 0, 10, 10]], [5], [[0, 0, 10, 10]]),
        _frame([1], [[0, 0, 10, 10]], [], []),
        _frame([1], [[0, 0, 10, 10]], [7], [[0, 0, 10, 10]]),
    ]
    m, fn, fp, idsw = lab.mota(frames)
    assert (fn, fp, idsw) == (1, 0, 1), f"(FN, FP, IDSW) = {(fn, fp, idsw)}, expected (1, 0, 1)"
    assert abs(m - 1 / 3) < 1e-12, f"MOTA {m}, expected 1/3"


@pytest.mark.region("mota", needs=["match_frame"])
def test_mota_can_be_negative_and_needs_gt(lab):
    """Many false positives drive MOTA below 0; a sequence without ground truth raises ValueError."""
    frames = [_frame([1], [[0, 0, 10, 10]], [1, 2, 3], [[0, 0, 10, 10], [50, 50, 60, 60], [80, 80, 90, 90]])]
    m, fn, fp, idsw = lab.mota(frames)
    assert (fn, fp, idsw) == (0, 2, 0) and abs(m - (-1.0)) < 1e-12, f"got {(m, fn, fp, idsw)}, expected (-1.0, 0, 2, 0)"
    with pytest.raises(ValueError):
        lab.mota([_frame([], [], [1], [[0, 0, 1, 1]])])
