"""`cvlab bench 2.3`: the from-scratch metrics against the libraries on the same inputs."""

from __future__ import annotations

import numpy as np
import torch
import torchvision
from sklearn.metrics import roc_auc_score

from cvlab import metrics as ref
from cvlab.bench import Case


def cases(impl):
    rng = np.random.default_rng(0)
    xy = rng.uniform(0, 600, (2000, 2))
    boxes = np.c_[xy, xy + rng.uniform(10, 120, (2000, 2))]
    scores = rng.random(2000)
    tb, ts = torch.from_numpy(boxes), torch.from_numpy(scores)
    y = rng.random(100_000) < 0.1
    s = np.round(rng.random(100_000) + y * 0.3, 3)  # many ties
    preds, gts = [], []
    for _ in range(50):
        g = np.c_[rng.uniform(0, 400, (6, 2)), np.zeros((6, 2))]
        g[:, 2:] = g[:, :2] + rng.uniform(20, 100, (6, 2))
        p = g + rng.normal(0, 4, g.shape)
        preds.append({"boxes": np.r_[p, p[:2] + 5], "scores": rng.random(8), "labels": rng.integers(0, 3, 8)})
        gts.append({"boxes": g, "labels": rng.integers(0, 3, 6)})
    return [
        Case(
            "box_iou 2000x2000",
            lambda: impl.box_iou(boxes, boxes),
            lambda: torchvision.ops.box_iou(tb, tb),
            "torchvision.ops.box_iou",
        ),
        Case(
            "nms 2000 boxes @0.5",
            lambda: impl.nms(boxes, scores, 0.5),
            lambda: torchvision.ops.nms(tb, ts, 0.5),
            "torchvision.ops.nms",
        ),
        Case(
            "roc_auc 100k scores with ties",
            lambda: impl.roc_auc(y, s),
            lambda: roc_auc_score(y, s),
            "sklearn roc_auc_score",
        ),
        Case(
            "coco_map 50 images, 3 classes",
            lambda: impl.coco_map(preds, gts),
            lambda: ref.coco_map(preds, gts, by_area=False),
            "pycocotools COCOeval",
        ),
    ]
