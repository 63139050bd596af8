"""Grader for d18 - IDF1.

References: a per-frame, per-pair Python loop for the overlap table; an exhaustive search over
all one-to-one trajectory assignments (itertools.permutations) for IDTP on small random
sequences, independent of the Hungarian algorithm; hand-computed sequences (the d17 id swap,
and a case where greedy trajectory matching loses identity true positives).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st


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


def _greedy_trap():
    p, q = [0, 0, 10, 10], [50, 0, 60, 10]
    frames = [{"gt_ids": [1], "gt_boxes": [p], "hyp_ids": [7], "hyp_boxes": [p]} for _ in range(3)]
    frames += [{"gt_ids": [1, 2], "gt_boxes": [p, q], "hyp_ids": [8, 7], "hyp_boxes": [p, q]} for _ in range(2)]
    return frames


def _random_sequence(seed):
    rng = np.random.default_rng(seed)
    n_gt, n_hyp, n_frames = int(rng.integers(1, 4)), int(rng.integers(0, 4)), int(rng.integers(1, 6))
    anchors = rng.uniform(0, 30, (max(n_gt, n_hyp) + 1, 2))
    frames = []
    for _ in range(n_frames):
        g = [i for i in range(n_gt) if rng.random() < 0.8]
        h = [j for j in range(n_hyp) if rng.random() < 0.8]
        gb = [np.r_[anchors[rng.integers(0, len(anchors))], 0, 0] for _ in g]
        hb = [np.r_[anchors[rng.integers(0, len(anchors))] + rng.normal(0, 1, 2), 0, 0] for _ in h]
        gb = [np.r_[b[:2], b[:2] + 10] for b in gb]
        hb = [np.r_[b[:2], b[:2] + 10] for b in hb]
        frames.append(
            {
                "gt_ids": np.array(g, int) + 1,
                "gt_boxes": np.array(gb).reshape(-1, 4),
                "hyp_ids": np.array(h, int) + 100,
                "hyp_boxes": np.array(hb).reshape(-1, 4),
            }
        )
    return frames


def _iou(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _loop_counts(frames, thr=0.5):
    table = {}
    for fr in frames:
        for g, gb in zip(np.asarray(fr["gt_ids"]).tolist(), np.asarray(fr["gt_boxes"], float).reshape(-1, 4).tolist()):
            for h, hb in zip(
                np.asarray(fr["hyp_ids"]).tolist(), np.asarray(fr["hyp_boxes"], float).reshape(-1, 4).tolist()
            ):
                table[(g, h)] = table.get((g, h), 0) + (_iou(gb, hb) >= thr)
    return table


def _brute_idtp(frames):
    table = _loop_counts(frames)
    gts = sorted({int(g) for fr in frames for g in np.asarray(fr["gt_ids"]).ravel()})
    hyps = sorted({int(h) for fr in frames for h in np.asarray(fr["hyp_ids"]).ravel()})
    best = 0
    slots = hyps + [None] * len(gts)  # a gt may stay unassigned
    for perm in itertools.permutations(slots, len(gts)):
        best = max(best, sum(table.get((g, h), 0) for g, h in zip(gts, perm) if h is not None))
    return best


@pytest.mark.region("overlap_counts")
def test_counts_worked_example(lab):
    """README example: the table [[1, 2, 0], [1, 1, 0], [0, 0, 0]] and 6 boxes on each side."""
    g, h, c, ng, nh = lab.overlap_counts(_example())
    assert np.asarray(g).tolist() == [1, 2, 3] and np.asarray(h).tolist() == [10, 11, 12], f"ids {g}, {h}"
    want = [[1, 2, 0], [1, 1, 0], [0, 0, 0]]
    assert np.asarray(c).tolist() == want, f"counts\n{np.asarray(c)}\nexpected\n{np.array(want)}"
    assert (ng, nh) == (6, 6), f"box totals {(ng, nh)}, expected (6, 6)"


@pytest.mark.region("overlap_counts")
@given(st.integers(0, 10**6))
def test_counts_match_loop(lab, seed):
    """Random sequences: every table entry equals a per-frame, per-pair count of IoU >= 0.5."""
    frames = _random_sequence(seed)
    g, h, c, ng, nh = lab.overlap_counts(frames, 0.5)
    ref = _loop_counts(frames)
    c = np.asarray(c)
    for (gi, hj), v in ref.items():
        i, j = np.asarray(g).tolist().index(gi), np.asarray(h).tolist().index(hj)
        assert c[i, j] == v, f"seed {seed}: counts[gt {gi}, hyp {hj}] = {c[i, j]}, expected {v}"
    assert ng == sum(len(f["gt_ids"]) for f in frames) and nh == sum(len(f["hyp_ids"]) for f in frames), (
        "box totals are wrong"
    )


@pytest.mark.region("idf1", needs=["overlap_counts"])
def test_idf1_worked_example(lab):
    """README example: IDTP 3 (1->11 for 2 frames, 2->10 for 1), 6 + 6 boxes: IDF1 = IDP = IDR = 0.5."""
    got = tuple(float(x) for x in lab.idf1(_example()))
    assert np.allclose(got, (0.5, 0.5, 0.5)), f"(IDF1, IDP, IDR) = {got}, expected (0.5, 0.5, 0.5)"


@pytest.mark.region("idf1", needs=["overlap_counts"])
def test_idf1_global_not_greedy(lab):
    """Greedy would pair gt 1 with its longest partner 7 (3 frames) and lose 2 + 2; the optimum has IDTP 4: IDF1 = 8/14."""
    got = tuple(float(x) for x in lab.idf1(_greedy_trap()))
    assert np.allclose(got, (8 / 14, 4 / 7, 4 / 7)), f"(IDF1, IDP, IDR) = {got}, expected (0.571, 0.571, 0.571)"


@pytest.mark.region("idf1", needs=["overlap_counts"])
@given(st.integers(0, 10**6))
def test_idf1_matches_exhaustive_search(lab, seed):
    """Random small sequences: IDTP implied by IDF1 equals an exhaustive search over trajectory assignments."""
    frames = _random_sequence(seed)
    ng = sum(len(f["gt_ids"]) for f in frames)
    nh = sum(len(f["hyp_ids"]) for f in frames)
    if ng == 0:
        with pytest.raises(ValueError):
            lab.idf1(frames)
        return
    f1, idp, idr = (float(x) for x in lab.idf1(frames))
    idtp = _brute_idtp(frames)
    assert abs(f1 - 2 * idtp / (ng + nh)) < 1e-12, f"seed {seed}: IDF1 {f1}, expected 2·{idtp} / ({ng} + {nh})"
    assert abs(idr - idtp / ng) < 1e-12, f"seed {seed}: IDR {idr}, expected {idtp}/{ng}"
    assert abs(idp - (idtp / nh if nh else 0.0)) < 1e-12, f"seed {seed}: IDP {idp}, expected {idtp}/{nh}"


@pytest.mark.region("idf1", needs=["overlap_counts"])
def test_idf1_edge_cases(lab):
    """Perfect tracking gives 1; no hypotheses give 0 (IDP 0); no ground truth raises ValueError."""
    frames = [{"gt_ids": [1], "gt_boxes": [[0, 0, 5, 5]], "hyp_ids": [9], "hyp_boxes": [[0, 0, 5, 5]]}] * 3
    assert np.allclose([float(x) for x in lab.idf1(frames)], 1.0), "perfect tracking must give (1, 1, 1)"
    frames = [{"gt_ids": [1], "gt_boxes": [[0, 0, 5, 5]], "hyp_ids": [], "hyp_boxes": np.zeros((0, 4))}]
    assert np.allclose([float(x) for x in lab.idf1(frames)], 0.0), "no hypotheses must give (0, 0, 0)"
    with pytest.raises(ValueError):
        lab.idf1([{"gt_ids": [], "gt_boxes": np.zeros((0, 4)), "hyp_ids": [3], "hyp_boxes": [[0, 0, 1, 1]]}])
