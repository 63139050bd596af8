"""Reference metrics for graders: thin adapters over established, independent implementations.

Graders of later phases (detection, segmentation, calibration, model comparison) call these
to check a learner's numbers against the libraries the field trusts, through one simple
input format. Nothing here is written from scratch when an established implementation
exists; the learner's from-scratch versions live in lab 2.3 (phase 02, evaluation metrics)
and are graded against this module.

================================  ===========================================================
function                          delegates to
================================  ===========================================================
confusion_matrix                  sklearn.metrics.confusion_matrix
precision_recall_f1               sklearn.metrics.precision_recall_fscore_support(zero_division=0)
roc_curve, roc_auc                sklearn.metrics.roc_curve / roc_auc_score (ties count 1/2)
precision_recall_curve            sklearn.metrics.precision_recall_curve
average_precision                 "step": sklearn.metrics.average_precision_score;
                                  "envelope": sklearn's PR curve + the VOC2010 precision envelope
expected_calibration_error        torchmetrics multiclass/binary_calibration_error(norm="l1")
box_iou, nms, batched_nms         torchvision.ops
coco_eval, coco_map               pycocotools COCOeval (bbox or segm), the COCO benchmark's code
bootstrap_ci                      scipy.stats.bootstrap (resampling items, e.g. images)
================================  ===========================================================

Detection input format (one entry per image, lists of equal length)::

    preds = [{"boxes": (N, 4) xyxy, "scores": (N,), "labels": (N,) int}, ...]
    gts   = [{"boxes": (M, 4) xyxy, "labels": (M,) int, "iscrowd": (M,) bool (optional)}, ...]

Boxes are absolute pixel corners ``(x1, y1, x2, y2)`` with ``x2 >= x1, y2 >= y1``; arrays
may be NumPy arrays, torch tensors or nested lists. For ``iou_type="segm"`` each entry also
carries ``"masks"``: ``(N, H, W)`` bool. Every function returns NumPy arrays / Python floats.

Imports of the heavy libraries happen inside the functions, so ``import cvlab.metrics`` is
cheap and a grader only pays for what it uses.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

__all__ = [
    "COCO_IOU_THRESHOLDS",
    "COCO_RECALL_THRESHOLDS",
    "average_precision",
    "batched_nms",
    "bootstrap_ci",
    "box_iou",
    "coco_eval",
    "coco_map",
    "confusion_matrix",
    "expected_calibration_error",
    "nms",
    "precision_recall_curve",
    "precision_recall_f1",
    "roc_auc",
    "roc_curve",
]

#: The ten IoU thresholds of COCO mAP@[.5:.95], built exactly as pycocotools builds them.
COCO_IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)
#: COCO's 101-point recall grid (note: ``np.linspace`` values, e.g. 0.7000000000000001).
COCO_RECALL_THRESHOLDS = np.linspace(0.0, 1.0, 101)
#: COCO area ranges in pixels^2: all, small (< 32^2), medium (32^2..96^2), large (> 96^2).
COCO_AREA_RANGES = {"all": (0.0, 1e10), "small": (0.0, 32.0**2), "medium": (32.0**2, 96.0**2), "large": (96.0**2, 1e10)}

Average = Literal["micro", "macro", "weighted"] | None


def _np(x: Any, dtype: Any = None) -> np.ndarray:
    """Any array-like (list, NumPy, torch tensor on any device) -> NumPy array."""
    if hasattr(x, "detach"):  # torch.Tensor without importing torch
        x = x.detach().cpu().numpy()
    return np.asarray(x, dtype=dtype)


# --------------------------------------------------------------------------- classification
def confusion_matrix(y_true: Any, y_pred: Any, num_classes: int) -> np.ndarray:
    """(C, C) int64 counts, rows = true class, columns = predicted class (sklearn)."""
    from sklearn.metrics import confusion_matrix as _cm

    y_true, y_pred = _np(y_true, np.int64).ravel(), _np(y_pred, np.int64).ravel()
    if y_true.size == 0:  # sklearn rejects empty input; the matrix of nothing is all zeros
        return np.zeros((num_classes, num_classes), dtype=np.int64)
    return _cm(y_true, y_pred, labels=np.arange(num_classes)).astype(np.int64)


def precision_recall_f1(y_true: Any, y_pred: Any, num_classes: int, average: Average = "macro") -> tuple[Any, Any, Any]:
    """Precision, recall, F1 over the labels ``0..C-1`` (sklearn, ``zero_division=0``).

    ``average=None`` gives (C,) arrays; "micro" pools the counts (= accuracy for single-label
    data), "macro" is the unweighted mean over all C classes (absent classes count as 0),
    "weighted" weights each class by its support. Empty input gives zeros.
    """
    from sklearn.metrics import precision_recall_fscore_support

    y_true, y_pred = _np(y_true, np.int64).ravel(), _np(y_pred, np.int64).ravel()
    if y_true.size == 0:
        zero = np.zeros(num_classes) if average is None else 0.0
        return zero, zero, zero
    p, r, f, _ = precision_recall_fscore_support(
        y_true, y_pred, labels=np.arange(num_classes), average=average, zero_division=0
    )
    if average is None:
        return np.asarray(p, float), np.asarray(r, float), np.asarray(f, float)
    return float(p), float(r), float(f)


def roc_curve(y_true: Any, scores: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(fpr, tpr, thresholds), one point per distinct score, decreasing threshold, starting at
    (0, 0) with threshold +inf (sklearn ``roc_curve(drop_intermediate=False)``)."""
    from sklearn.metrics import roc_curve as _roc

    fpr, tpr, thr = _roc(_np(y_true).ravel().astype(int), _np(scores, float).ravel(), drop_intermediate=False)
    return fpr, tpr, thr


def roc_auc(y_true: Any, scores: Any) -> float:
    """Area under the ROC curve = P(score of a random positive > score of a random negative),
    ties counted 1/2 (sklearn ``roc_auc_score``). Raises ValueError if one class is absent."""
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(_np(y_true).ravel().astype(int), _np(scores, float).ravel()))


def precision_recall_curve(y_true: Any, scores: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """sklearn's (precision, recall, thresholds): INCREASING thresholds, and a final point
    (precision 1, recall 0) with no threshold appended, so ``len(thresholds) == len(precision) - 1``."""
    from sklearn.metrics import precision_recall_curve as _prc

    return _prc(_np(y_true).ravel().astype(int), _np(scores, float).ravel())


def average_precision(y_true: Any, scores: Any, interpolation: Literal["envelope", "step"] = "envelope") -> float:
    """Average precision of a binary ranking.

    * ``"step"``: sklearn's ``average_precision_score``, ``sum_k (R_k - R_{k-1}) P_k`` with the
      raw precision at each threshold (no interpolation).
    * ``"envelope"`` (VOC2010+/COCO style, all points): the same sum with ``P_k`` replaced by
      the precision envelope ``max_{j: R_j >= R_k} P_j``. No established library computes this
      for plain classification, so it is the VOC formula applied to sklearn's PR curve.

    Always ``envelope >= step``; they are equal when precision never rises as recall grows.
    """
    y = _np(y_true).ravel().astype(int)
    s = _np(scores, float).ravel()
    if interpolation == "step":
        from sklearn.metrics import average_precision_score

        return float(average_precision_score(y, s))
    if interpolation != "envelope":
        raise ValueError(f"interpolation must be 'envelope' or 'step', got {interpolation!r}")
    if y.sum() == 0:
        raise ValueError("average precision is undefined without positives")
    precision, recall, _ = precision_recall_curve(y, s)
    precision, recall = precision[:-1][::-1], recall[:-1][::-1]  # drop sklearn's (1, 0) point; decreasing threshold
    envelope = np.maximum.accumulate(precision[::-1])[::-1]  # max precision at this or any higher recall
    return float(np.sum(np.diff(recall, prepend=0.0) * envelope))


def expected_calibration_error(probs: Any, labels: Any, n_bins: int = 15) -> float:
    """L1 expected calibration error with ``n_bins`` equal-width bins (torchmetrics).

    * ``probs`` (N, C): top-label ECE, confidence = max probability, correct = argmax == label
      (``multiclass_calibration_error``).
    * ``probs`` (N,): binary ECE of P(y = 1), confidence = p, outcome = label
      (``binary_calibration_error``; note: this is calibration of the positive class, not
      of the top label).

    torchmetrics puts a confidence exactly on a bin edge in the upper bin ([lo, hi)); lab 2.3
    uses (lo, hi]. They differ only for confidences exactly on an edge.
    """
    import torch
    from torchmetrics.functional.classification import binary_calibration_error, multiclass_calibration_error

    p = torch.as_tensor(_np(probs, np.float64))
    y = torch.as_tensor(_np(labels, np.int64))
    if p.numel() == 0:
        return 0.0
    if p.ndim == 1:
        return float(binary_calibration_error(p, y, n_bins=n_bins, norm="l1"))
    return float(multiclass_calibration_error(p, y, num_classes=p.shape[1], n_bins=n_bins, norm="l1"))


# --------------------------------------------------------------------------- boxes
def box_iou(boxes1: Any, boxes2: Any) -> np.ndarray:
    """(N, M) pairwise IoU of xyxy boxes (torchvision.ops.box_iou), float64.

    Where the union is empty (two zero-area boxes) torchvision returns NaN; this returns 0,
    the convention the labs use (a degenerate box overlaps nothing).
    """
    import torch
    from torchvision.ops import box_iou as _iou

    a = torch.as_tensor(_np(boxes1, np.float64).reshape(-1, 4))
    b = torch.as_tensor(_np(boxes2, np.float64).reshape(-1, 4))
    return np.nan_to_num(_iou(a, b).numpy(), nan=0.0)


def nms(boxes: Any, scores: Any, iou_threshold: float) -> np.ndarray:
    """Greedy NMS (torchvision.ops.nms): kept indices, int64, by decreasing score. A box is
    dropped when its IoU with an already kept, higher-scoring box is > ``iou_threshold``."""
    import torch
    from torchvision.ops import nms as _nms

    b = torch.as_tensor(_np(boxes, np.float64).reshape(-1, 4))
    s = torch.as_tensor(_np(scores, np.float64).ravel())
    return _nms(b, s, float(iou_threshold)).numpy().astype(np.int64)


def batched_nms(boxes: Any, scores: Any, labels: Any, iou_threshold: float) -> np.ndarray:
    """Per-class greedy NMS (torchvision.ops.batched_nms): boxes of different labels never
    suppress each other. Kept indices, int64, by decreasing score."""
    import torch
    from torchvision.ops import batched_nms as _bnms

    b = torch.as_tensor(_np(boxes, np.float64).reshape(-1, 4))
    s = torch.as_tensor(_np(scores, np.float64).ravel())
    lab = torch.as_tensor(_np(labels, np.int64).ravel())
    return _bnms(b, s, lab, float(iou_threshold)).numpy().astype(np.int64)


# --------------------------------------------------------------------------- COCO detection
def _xyxy_to_xywh(boxes: np.ndarray) -> np.ndarray:
    return np.concatenate([boxes[:, :2], boxes[:, 2:] - boxes[:, :2]], axis=1)


def _build_coco(preds: Sequence[dict[str, Any]], gts: Sequence[dict[str, Any]], iou_type: str) -> tuple[Any, Any]:
    """pycocotools COCO objects for ground truth and detections, without file I/O or prints."""
    from pycocotools import mask as mask_utils
    from pycocotools.coco import COCO

    if len(preds) != len(gts):
        raise ValueError(f"preds and gts must have one entry per image, got {len(preds)} and {len(gts)}")
    images, gt_anns, dt_anns, cats = [], [], [], set()
    for img_id, (pred, gt) in enumerate(zip(preds, gts), start=1):
        image: dict[str, Any] = {"id": img_id}
        entries = []
        for kind, src in (("gt", gt), ("dt", pred)):
            boxes = _np(src.get("boxes", np.zeros((0, 4))), np.float64).reshape(-1, 4)
            labels = _np(src.get("labels", np.zeros(0)), np.int64).ravel()
            masks = src.get("masks")
            if iou_type == "segm":
                if masks is None:
                    raise ValueError(f"iou_type='segm' needs 'masks' (N, H, W) in every {kind} entry")
                masks = _np(masks, bool)
                if masks.ndim == 3 and masks.shape[0] > 0:
                    image["height"], image["width"] = int(masks.shape[1]), int(masks.shape[2])
                n = masks.shape[0] if masks.ndim == 3 else 0
            else:
                n = len(boxes)
            if len(labels) != n:
                raise ValueError(f"image {img_id - 1}: {kind} has {n} boxes/masks but {len(labels)} labels")
            entries.append((kind, src, boxes, labels, masks, n))
        if iou_type == "segm" and "height" not in image:
            image["height"] = image["width"] = 1  # no masks at all in this image
        images.append(image)
        for kind, src, boxes, labels, masks, n in entries:
            scores = _np(src.get("scores", np.ones(n)), np.float64).ravel()
            crowd = _np(src.get("iscrowd", np.zeros(n)), bool).ravel()
            xywh = _xyxy_to_xywh(boxes) if iou_type == "bbox" else None
            for i in range(n):
                # Annotation ids start at 1: pycocotools stores matches as ids and reads 0 as "unmatched".
                ann: dict[str, Any] = {"image_id": img_id, "category_id": int(labels[i])}
                if iou_type == "bbox":
                    ann["bbox"] = xywh[i].tolist()
                    ann["area"] = float(xywh[i, 2] * xywh[i, 3])
                else:
                    rle = mask_utils.encode(np.asfortranarray(masks[i].astype(np.uint8)))
                    ann["segmentation"] = rle
                    ann["area"] = float(mask_utils.area(rle))
                    ann["bbox"] = mask_utils.toBbox(rle).tolist()
                cats.add(int(labels[i]))
                if kind == "gt":
                    ann.update(id=len(gt_anns) + 1, iscrowd=int(crowd[i]))
                    gt_anns.append(ann)
                else:
                    ann.update(id=len(dt_anns) + 1, score=float(scores[i]), iscrowd=0)
                    dt_anns.append(ann)
    categories = [{"id": c, "name": str(c)} for c in sorted(cats)]
    coco_gt, coco_dt = COCO(), COCO()
    with contextlib.redirect_stdout(io.StringIO()):
        coco_gt.dataset = {"images": images, "annotations": gt_anns, "categories": categories}
        coco_gt.createIndex()
        coco_dt.dataset = {"images": images, "annotations": dt_anns, "categories": categories}
        coco_dt.createIndex()
    return coco_gt, coco_dt


def coco_eval(
    preds: Sequence[dict[str, Any]],
    gts: Sequence[dict[str, Any]],
    iou_type: Literal["bbox", "segm"] = "bbox",
    iou_thresholds: Sequence[float] | None = None,
    max_dets: int = 100,
    by_area: bool = True,
) -> Any:
    """Run pycocotools ``COCOeval`` (evaluate + accumulate) and return it, silently.

    Image ids are ``1..len(gts)``; category ids are the integer labels as given. The
    evaluator's ``params.maxDets`` is ``sorted({1, 10, max_dets})``; ``by_area=False`` keeps
    only the "all" area range (about 4x faster). ``E.eval["precision"]`` has shape
    (T, 101, K, A, M) with -1 where a class has no ground truth; ``E.evalImgs`` holds the
    per-image matches (``dtMatches``: matched GT annotation id per detection, 0 = none).
    """
    from pycocotools.cocoeval import COCOeval

    coco_gt, coco_dt = _build_coco(preds, gts, iou_type)
    with contextlib.redirect_stdout(io.StringIO()):
        ev = COCOeval(coco_gt, coco_dt, iouType=iou_type)
        ev.params.imgIds = list(range(1, len(gts) + 1))
        if iou_thresholds is not None:
            ev.params.iouThrs = np.asarray(iou_thresholds, dtype=np.float64)
        ev.params.maxDets = sorted({1, 10, int(max_dets)})
        if not by_area:
            ev.params.areaRng = [list(COCO_AREA_RANGES["all"])]
            ev.params.areaRngLbl = ["all"]
        ev.evaluate()
        ev.accumulate()
    return ev


def _summary(ev: Any, ap: bool, iou: float | None, area: str, max_det: int) -> float:
    """One COCO summary number (pycocotools ``_summarize`` without the printing): -1 if undefined."""
    p = ev.params
    if area not in p.areaRngLbl:
        return -1.0
    a, m = p.areaRngLbl.index(area), p.maxDets.index(max_det)
    s = ev.eval["precision"] if ap else ev.eval["recall"]  # (T, R, K, A, M) / (T, K, A, M)
    if iou is not None:
        s = s[np.flatnonzero(np.isclose(p.iouThrs, iou))]
    s = s[..., a, m]
    valid = s[s > -1]
    return float(valid.mean()) if valid.size else -1.0


def coco_map(
    preds: Sequence[dict[str, Any]],
    gts: Sequence[dict[str, Any]],
    iou_type: Literal["bbox", "segm"] = "bbox",
    iou_thresholds: Sequence[float] | None = None,
    max_dets: int = 100,
    by_area: bool = True,
) -> dict[str, Any]:
    """COCO detection metrics from pycocotools, as a dict of floats and per-class arrays.

    Keys: ``map`` (AP@[.5:.95], or the mean over ``iou_thresholds``), ``map_50``, ``map_75``,
    ``map_small/medium/large`` (when ``by_area``), ``mar_1``, ``mar_10``, ``mar_<max_dets>``
    (average recall), ``classes`` (K,) the labels evaluated (sorted), ``ap_per_class`` (K,)
    AP averaged over thresholds, ``ap50_per_class`` (K,), ``precision`` (T, 101, K) the
    interpolated precision on COCO's recall grid. Every AP uses COCO's 101-point
    interpolation of the precision envelope, greedy matching by score (a ground truth
    matches at most one detection) and at most ``max_dets`` detections per image and class.
    Undefined values (no ground truth anywhere) are -1, as in pycocotools; classes that only
    occur in predictions are ignored (NaN in the per-class arrays).
    """
    ev = coco_eval(preds, gts, iou_type, iou_thresholds, max_dets, by_area)
    p = ev.params
    out: dict[str, Any] = {
        "map": _summary(ev, True, None, "all", max_dets),
        "map_50": _summary(ev, True, 0.5, "all", max_dets),
        "map_75": _summary(ev, True, 0.75, "all", max_dets),
    }
    if by_area:
        for area in ("small", "medium", "large"):
            out[f"map_{area}"] = _summary(ev, True, None, area, max_dets)
    for m in p.maxDets:
        out[f"mar_{m}"] = _summary(ev, False, None, "all", m)
    if by_area:
        for area in ("small", "medium", "large"):
            out[f"mar_{area}"] = _summary(ev, False, None, area, max_dets)
    prec = ev.eval["precision"][:, :, :, 0, p.maxDets.index(max_dets)]  # (T, R, K), area "all"
    has_gt = (prec > -1).all(axis=(0, 1))  # (K,)
    t50 = np.flatnonzero(np.isclose(p.iouThrs, 0.5))
    out["classes"] = np.asarray(p.catIds, dtype=np.int64)
    out["ap_per_class"] = np.where(has_gt, prec.mean(axis=(0, 1)), np.nan)
    out["ap50_per_class"] = (
        np.where(has_gt, prec[t50].mean(axis=(0, 1)), np.nan) if t50.size else np.full(len(p.catIds), np.nan)
    )
    out["precision"] = prec
    return out


# --------------------------------------------------------------------------- uncertainty
def bootstrap_ci(
    statistic: Callable[[np.ndarray], float],
    n: int,
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
    method: Literal["percentile", "basic", "BCa"] = "percentile",
) -> tuple[float, float]:
    """Bootstrap confidence interval of ``statistic`` over ``n`` items (scipy.stats.bootstrap).

    ``statistic(indices)`` gets an (n,) int array of item indices drawn with replacement and
    returns a float: resampling whole items (images, videos, patients) keeps whatever is
    correlated inside an item together, e.g.
    ``bootstrap_ci(lambda i: coco_map([preds[k] for k in i], [gts[k] for k in i])["map"], len(gts))``.
    """
    from scipy.stats import bootstrap

    res = bootstrap(
        (np.arange(n),),
        lambda idx: statistic(np.asarray(idx, dtype=np.int64)),
        n_resamples=n_boot,
        confidence_level=confidence,
        method=method,
        vectorized=False,
        rng=np.random.default_rng(seed),
    )
    return float(res.confidence_interval.low), float(res.confidence_interval.high)
