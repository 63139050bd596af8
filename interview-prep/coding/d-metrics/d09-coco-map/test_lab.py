"""Grader for d09 - COCO mAP@[.5:.95].

Reference: pycocotools COCOeval (the COCO benchmark's own code), driven through
cvlab.metrics.coco_map on small random synthetic scenes (2 classes, jittered copies of the
ground-truth boxes, duplicates and false positives), including a run with max_dets=2;
plus exact 101-point values computed by hand (including the recall grid's
0.7000000000000001 quirk that pycocotools has).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvlab.metrics import coco_map as reference_coco_map


def _example():
    gts = [{"boxes": np.array([[0, 0, 100, 100], [200, 200, 260, 240]]), "labels": np.array([0, 1])}]
    preds = [
        {
            "boxes": np.array([[0, 0, 100, 100], [5, 5, 105, 105], [200, 200, 260, 250]]),
            "scores": np.array([0.9, 0.8, 0.7]),
            "labels": np.array([0, 0, 1]),
        }
    ]
    return preds, gts


def _scenes(seed, n_img=3):
    rng = np.random.default_rng(seed)
    preds, gts = [], []
    for _ in range(n_img):
        m = int(rng.integers(0, 4))
        xy = rng.uniform(0, 200, size=(m, 2))
        gb = np.concatenate([xy, xy + rng.uniform(10, 80, size=(m, 2))], axis=1)
        gl = rng.integers(0, 2, size=m)
        k = int(rng.integers(0, 6))
        if m:
            pick = rng.integers(0, m, size=k)
            pb = gb[pick] + rng.normal(0, 6, size=(k, 4))
            pl = np.where(rng.random(k) < 0.85, gl[pick], 1 - gl[pick])
        else:
            xy = rng.uniform(0, 200, size=(k, 2))
            pb = np.concatenate([xy, xy + 20], axis=1)
            pl = rng.integers(0, 2, size=k)
        pb[:, 2:] = np.maximum(pb[:, 2:], pb[:, :2] + 1)
        preds.append({"boxes": pb, "scores": rng.random(k), "labels": pl})
        gts.append({"boxes": gb, "labels": gl})
    if sum(len(g["labels"]) for g in gts) == 0:
        gts[0] = {"boxes": np.array([[0.0, 0, 50, 50]]), "labels": np.array([0])}
    return preds, gts


def _compare(lab, preds, gts, max_dets):
    m, ap, classes = lab.coco_map(preds, gts, max_dets=max_dets)
    ap, classes = np.asarray(ap, dtype=float), np.asarray(classes)
    ref = reference_coco_map(preds, gts, max_dets=max_dets, by_area=False)
    has_gt = [c for c in ref["classes"].tolist() if any((np.asarray(g["labels"]) == c).any() for g in gts)]
    assert classes.tolist() == has_gt, f"classes {classes.tolist()}, expected the labels with ground truth {has_gt}"
    ref_ap = ref["precision"].mean(axis=1)[:, [ref["classes"].tolist().index(c) for c in has_gt]]  # (10, K)
    assert ap.shape == ref_ap.shape, f"ap table shape {ap.shape}, expected {ref_ap.shape} (10 IoU thresholds x classes)"
    assert np.allclose(ap, ref_ap, atol=1e-9), (
        f"max_dets={max_dets}: AP table\n{ap.round(4)}\npycocotools\n{ref_ap.round(4)}"
    )
    assert abs(m - ref["map"]) < 1e-9, f"mAP {m}, pycocotools {ref['map']}"


@pytest.mark.region("ap_101")
def test_ap101_worked_example(lab):
    """README example: TP, FP, TP with 2 ground truths gives (51·1 + 50·2/3) / 101."""
    got = float(lab.ap_101(np.array([1, 0, 1]), np.array([0.9, 0.8, 0.7]), 2))
    want = (51 + 50 * 2 / 3) / 101
    assert abs(got - want) < 1e-12, f"ap_101 = {got}, expected (51 + 50·2/3) / 101 = {want:.6f}"


@pytest.mark.region("ap_101")
def test_ap101_uses_the_pycocotools_grid(lab):
    """Seven perfect detections of ten objects: recall 0.7 does NOT reach the grid value 0.7000000000000001, AP = 70/101."""
    got = float(lab.ap_101(np.ones(7), np.linspace(1, 0.1, 7), 10))
    assert abs(got - 70 / 101) < 1e-12, (
        f"ap_101 = {got}, expected 70/101 = {70 / 101:.6f} as pycocotools gives; "
        "use RECALL_GRID (np.linspace(0, 1, 101)) as given, not k / 100"
    )


@pytest.mark.region("ap_101")
def test_ap101_envelope_and_order(lab):
    """Precision is interpolated (envelope) and the input order of detections does not matter, only scores."""
    tp = np.array([0, 1, 1, 1])  # by score: FP then 3 TPs; precision 0, 1/2, 2/3, 3/4 -> envelope 3/4 everywhere
    s = np.array([0.9, 0.8, 0.7, 0.6])
    got = float(lab.ap_101(tp, s, 3))
    assert abs(got - 0.75) < 1e-12, f"ap_101 = {got}, expected 0.75 (envelope 3/4 at every recall)"
    perm = np.array([2, 0, 3, 1])
    got2 = float(lab.ap_101(tp[perm], s[perm], 3))
    assert abs(got - got2) < 1e-12, f"shuffling the detections changed AP: {got} -> {got2} (sort by score first)"


@pytest.mark.region("ap_101")
def test_ap101_edge_cases(lab):
    """No detections gives 0; n_gt = 0 raises ValueError."""
    assert float(lab.ap_101(np.zeros(0), np.zeros(0), 4)) == 0.0, "no detections: expected AP 0"
    with pytest.raises(ValueError):
        lab.ap_101(np.array([0]), np.array([0.5]), 0)


@pytest.mark.region("coco_map", needs=["ap_101"])
def test_coco_map_worked_example(lab):
    """README example: class 0 found perfectly (AP 1), class 1 at IoU 0.8 (AP 7/10): mAP 0.85."""
    m, ap, classes = lab.coco_map(*_example())
    ap = np.asarray(ap, dtype=float)
    assert np.asarray(classes).tolist() == [0, 1], f"classes {classes}, expected [0, 1]"
    assert ap.shape == (10, 2), f"ap table shape {ap.shape}, expected (10, 2)"
    assert np.allclose(ap.mean(axis=0), [1.0, 0.7]), f"per-class AP {ap.mean(axis=0)}, expected [1, 0.7]"
    assert abs(m - 0.85) < 1e-12, f"mAP {m}, expected 0.85"


@pytest.mark.region("coco_map", needs=["ap_101"])
@settings(max_examples=15)
@given(st.integers(0, 10**6))
def test_coco_map_matches_pycocotools(lab, seed):
    """Random two-class scenes over three images: the (10, K) AP table and mAP equal pycocotools COCOeval."""
    _compare(lab, *_scenes(seed), max_dets=100)


@pytest.mark.region("coco_map", needs=["ap_101"])
@settings(max_examples=10)
@given(st.integers(0, 10**6))
def test_coco_map_max_dets(lab, seed):
    """With max_dets=2 only the two best-scored detections per image and class count, as in pycocotools."""
    preds, gts = _scenes(seed, n_img=2)
    _compare(lab, preds, gts, max_dets=2)


@pytest.mark.region("coco_map", needs=["ap_101"])
def test_coco_map_errors(lab):
    """Different numbers of images, or no ground truth at all: ValueError."""
    preds, gts = _example()
    with pytest.raises(ValueError):
        lab.coco_map(preds + preds, gts)
    with pytest.raises(ValueError):
        lab.coco_map(preds, [{"boxes": np.zeros((0, 4)), "labels": np.zeros(0, int)}])
