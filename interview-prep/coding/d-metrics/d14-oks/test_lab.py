"""Grader for d14 - object keypoint similarity.

Reference: pycocotools COCOeval.computeOks (the COCO keypoint benchmark's own code, with its
17 sigmas) on random poses, plus hand-computed cases (a keypoint error of exactly one
'standard deviation', unlabelled and occluded keypoints, a ground truth without labels) and
invariances (OKS is unchanged when positions and areas are scaled together).
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

GT = np.array([[[10, 10, 2], [20, 10, 2], [30, 10, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]], dtype=float)
PRED = np.array([[[10, 10], [22, 12], [0, 0]]], dtype=float)
SIG = np.array([0.1, 0.1, 0.1])


def _pycocotools_oks(pred, gt, areas):
    gts = [
        {
            "id": m + 1,
            "image_id": 1,
            "category_id": 1,
            "keypoints": gt[m].ravel().tolist(),
            "num_keypoints": int((gt[m, :, 2] > 0).sum()),
            "area": float(areas[m]),
            "bbox": [0, 0, 1, 1],
            "iscrowd": 0,
        }
        for m in range(len(gt))
    ]
    dts = [
        {
            "id": n + 1,
            "image_id": 1,
            "category_id": 1,
            "score": 1.0 - 0.01 * n,
            "area": 1.0,
            "bbox": [0, 0, 1, 1],
            "keypoints": np.c_[pred[n], np.ones(len(pred[n]))].ravel().tolist(),
            "iscrowd": 0,
        }
        for n in range(len(pred))
    ]
    with contextlib.redirect_stdout(io.StringIO()):
        cg, cd = COCO(), COCO()
        cg.dataset = {"images": [{"id": 1}], "annotations": gts, "categories": [{"id": 1, "name": "person"}]}
        cd.dataset = {"images": [{"id": 1}], "annotations": dts, "categories": [{"id": 1, "name": "person"}]}
        cg.createIndex()
        cd.createIndex()
        ev = COCOeval(cg, cd, "keypoints")
        ev.params.imgIds = [1]
        ev._prepare()
    return np.asarray(ev.computeOks(1, 1), dtype=float)


@pytest.mark.region("solve")
def test_worked_example(lab):
    """README example: (1 + e^-1) / 2 for the first ground truth, 0 for the unlabelled one."""
    got = np.asarray(lab.oks(PRED, GT, np.array([100.0, 100.0]), SIG), dtype=float)
    want = np.array([[(1 + np.exp(-1)) / 2, 0.0]])
    assert got.shape == (1, 2), f"oks(pred (1, 3, 2), gt (2, 3, 3)) returned shape {got.shape}, expected (1, 2)"
    assert np.allclose(got, want, atol=1e-12), f"oks = {got}, expected {want}"


@pytest.mark.region("solve")
@settings(max_examples=20)
@given(st.integers(0, 10**6))
def test_matches_pycocotools(lab, seed):
    """Random 17-keypoint poses with COCO sigmas (sigmas=None): equals pycocotools computeOks."""
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    gt = np.concatenate([rng.uniform(0, 200, (m, 17, 2)), rng.integers(0, 3, (m, 17, 1))], axis=2)
    gt[0, 0, 2] = 2  # at least one labelled keypoint in the first ground truth
    gt[:, :, 2] = np.where(gt[:, :, 2].sum(1, keepdims=True) == 0, 1, gt[:, :, 2])  # pycocotools special-cases none
    areas = rng.uniform(300, 20000, m)
    pred = gt[rng.integers(0, m, n), :, :2] + rng.normal(0, 6, (n, 17, 2))
    got = np.asarray(lab.oks(pred, gt, areas), dtype=float)
    ref = _pycocotools_oks(pred, gt, areas)
    assert got.shape == ref.shape, f"shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-9), f"seed {seed}: oks\n{got.round(5)}\npycocotools\n{ref.round(5)}"


@pytest.mark.region("solve")
def test_occluded_keypoints_count(lab):
    """v = 1 (labelled but occluded) counts like v = 2; v = 0 is skipped whatever the prediction."""
    gt = np.array([[[0, 0, 1], [10, 0, 2], [50, 50, 0]]], dtype=float)
    pred = np.array([[[0, 0], [10, 0], [-999, 999]]], dtype=float)
    got = float(np.asarray(lab.oks(pred, gt, np.array([50.0]), SIG))[0, 0])
    assert abs(got - 1.0) < 1e-12, f"perfect on the two labelled keypoints: got {got}, expected 1"
    pred2 = np.array([[[4, 0], [10, 0], [50, 50]]], dtype=float)  # error 4 on the occluded one
    got = float(np.asarray(lab.oks(pred2, gt, np.array([50.0]), SIG))[0, 0])
    want = (np.exp(-16 / (2 * 50 * 0.04)) + 1) / 2
    assert abs(got - want) < 1e-12, f"error on an occluded (v=1) keypoint must count: got {got}, expected {want}"


@pytest.mark.region("solve")
@given(st.floats(0.1, 20.0), st.integers(0, 1000))
def test_scale_invariance(lab, scale, seed):
    """Scaling every coordinate by c and every area by c² leaves OKS unchanged; OKS is in [0, 1]."""
    rng = np.random.default_rng(seed)
    gt = np.concatenate([rng.uniform(0, 50, (2, 5, 2)), rng.integers(1, 3, (2, 5, 1))], axis=2)
    pred = gt[:, :, :2] + rng.normal(0, 3, (2, 5, 2))
    areas = rng.uniform(100, 1000, 2)
    sig = rng.uniform(0.02, 0.1, 5)
    a = np.asarray(lab.oks(pred, gt, areas, sig), dtype=float)
    g2 = gt.copy()
    g2[:, :, :2] *= scale
    b = np.asarray(lab.oks(pred * scale, g2, areas * scale**2, sig), dtype=float)
    assert np.allclose(a, b, atol=1e-9), f"scaling by {scale}: {a} -> {b}"
    assert np.all((a >= 0) & (a <= 1)), f"OKS outside [0, 1]: {a}"


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "pred, gt, areas, sig",
    [
        (PRED, GT, np.array([100.0, 100.0]), None),
        (PRED, GT[:, :2], np.array([100.0, 100.0]), SIG[:2]),
        (PRED, GT, np.array([100.0, 0.0]), SIG),
        (PRED, GT[..., :2], np.array([100.0, 100.0]), SIG),
    ],
    ids=["default-sigmas-need-17", "keypoint-count-mismatch", "zero-area", "gt-without-visibility"],
)
def test_invalid_input_raises(lab, pred, gt, areas, sig):
    """Mismatched keypoint counts, sigmas=None with K != 17, an area <= 0, or gt without v: ValueError."""
    with pytest.raises(ValueError):
        lab.oks(pred, gt, areas, sig)
