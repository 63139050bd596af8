"""Lab 2.3 - Evaluation metrics: from the confusion matrix to COCO mAP.

Every number a model review quotes, written from its definition and vectorised:

    classification   confusion_matrix -> precision_recall_f1 (micro / macro / weighted)
    ranking          roc_auc (rank statistic, ties count 1/2), average_precision (envelope)
    calibration      expected_calibration_error (equal-width bins)
    detection        box_iou -> nms -> match_detections -> coco_map (101-point, [.5:.95])
    uncertainty      bootstrap_ci (resample images, recompute the metric)

The grader compares each function with scikit-learn, SciPy, torchmetrics, torchvision and
pycocotools on many random cases; ``cvlab.metrics`` holds those reference adapters.

Detection format (one dict per image, the same as ``cvlab.metrics``)::

    preds[i] = {"boxes": (N, 4) xyxy, "scores": (N,), "labels": (N,) int}
    gts[i]   = {"boxes": (M, 4) xyxy, "labels": (M,) int}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

Average = Literal["micro", "macro", "weighted"] | None

#: COCO's ten IoU thresholds 0.50, 0.55, ..., 0.95 (built the way pycocotools builds them).
COCO_IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den elementwise, 0 where den == 0 (the 'zero_division=0' convention)."""
    num, den = np.asarray(num, dtype=np.float64), np.asarray(den, dtype=np.float64)
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den != 0)


# =========================================================================== classification
def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, num_classes: int) -> np.ndarray:
    """C[i, j] = #{n : y_true[n] = i and y_pred[n] = j}; rows = truth, columns = prediction.

    Shapes: y_true, y_pred (N,) ints in [0, C) -> (C, C) int64. The diagonal holds the
    correct predictions; column j sums to how often j was predicted, row i to the support of i.
    """
    y_true = np.asarray(y_true, dtype=np.int64).ravel()
    y_pred = np.asarray(y_pred, dtype=np.int64).ravel()
    # TODO(confusion_matrix): Return the (C, C) int64 count matrix: entry [i, j] counts samples
    # | whose true class is i and predicted class is j (rows = truth, columns = prediction).
    # | Labels are 0..C-1; empty input gives all zeros. No Python loop over samples.
    raise NotImplementedError("TODO(confusion_matrix): write this region")


def precision_recall_f1(
    y_true: np.ndarray, y_pred: np.ndarray, num_classes: int, average: Average = "macro"
) -> tuple[Any, Any, Any]:
    """Precision, recall and F1 of a single-label classifier over the classes 0..C-1.

    Per class c:  P_c = TP_c / (TP_c + FP_c),  R_c = TP_c / (TP_c + FN_c),
                  F1_c = 2 P_c R_c / (P_c + R_c) = 2 TP_c / (2 TP_c + FP_c + FN_c),
    each 0 when its denominator is 0 (sklearn's ``zero_division=0``).

    average=None      -> three (C,) arrays
    average="micro"   -> pool TP, FP, FN over classes first (for single-label data P = R = F1 = accuracy)
    average="macro"   -> unweighted mean of the per-class values over ALL C classes
    average="weighted"-> mean weighted by support n_c = TP_c + FN_c (0 if there are no samples)
    """
    if average not in (None, "micro", "macro", "weighted"):
        raise ValueError(f"average must be None, 'micro', 'macro' or 'weighted', got {average!r}")
    cm = confusion_matrix(y_true, y_pred, num_classes)  # (C, C)
    # TODO(prf): From the confusion matrix, return (precision, recall, f1) per class for
    # | average=None ((C,) float arrays), else three floats averaged "micro", "macro" or "weighted".
    # | Any 0/0 is 0 (zero_division=0); macro averages over all C classes, weighted uses supports.
    raise NotImplementedError("TODO(prf): write this region")


# =========================================================================== ranking: ROC and PR
def threshold_counts(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cumulative TP and FP counts at every distinct score, highest score first (given).

    Predicting "positive" when score >= thresholds[k] gives tps[k] true and fps[k] false
    positives. Tied scores form ONE operating point: a threshold cannot separate them.
    Shapes: (N,), (N,) -> thresholds (T,), tps (T,), fps (T,) with T = #distinct scores.
    """
    y = np.asarray(y_true).ravel().astype(bool)
    s = np.asarray(scores, dtype=np.float64).ravel()
    order = np.argsort(-s, kind="stable")  # (N,) highest score first
    s, y = s[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s)), s.size - 1] if s.size else np.zeros(0, np.int64)  # end of each tie block
    tps = np.cumsum(y)[last]  # (T,) positives at or above each threshold
    fps = last + 1 - tps  # (T,) the rest of the samples at or above it
    return s[last], tps, fps


def roc_curve(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(fpr, tpr, thresholds): (0, 0) at threshold +inf, then one point per distinct score (given).

    Same points as ``sklearn.metrics.roc_curve(drop_intermediate=False)``.
    """
    thresholds, tps, fps = threshold_counts(y_true, scores)
    n_pos, n_neg = (tps[-1], fps[-1]) if tps.size else (0, 0)
    fpr = np.r_[0.0, fps] / max(n_neg, 1)
    tpr = np.r_[0.0, tps] / max(n_pos, 1)
    return fpr, tpr, np.r_[np.inf, thresholds]


def precision_recall_curve(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(precision, recall, thresholds), one point per distinct score, highest threshold first (given).

    Recall is non-decreasing along the arrays. sklearn returns the same points reversed, plus
    an extra (precision 1, recall 0) point with no threshold.
    """
    thresholds, tps, fps = threshold_counts(y_true, scores)
    precision = tps / (tps + fps)  # every threshold is a real score, so tps + fps >= 1
    recall = tps / max(tps[-1], 1) if tps.size else tps.astype(np.float64)
    return precision, recall, thresholds


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve = P(s+ > s-) + 1/2 P(s+ = s-) for a random positive/negative pair.

    Rank form (Mann-Whitney): rank all N scores ascending, tied scores sharing the mean of the
    ranks they occupy (midranks). With R+ the sum of the positives' ranks,
        U = R+ - n+ (n+ + 1) / 2,   AUC = U / (n+ n-).
    It equals the trapezoid area under ``roc_curve`` (a tie block is a diagonal segment).
    """
    y = np.asarray(y_true).ravel().astype(bool)
    s = np.asarray(scores, dtype=np.float64).ravel()
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError(f"ROC AUC is undefined with {n_pos} positives and {n_neg} negatives")
    # TODO(auc): Return AUC = P(score of a random positive > score of a random negative),
    # | a tied pair counting 1/2. Vectorised: O(N log N), no loop over the n+ * n- pairs.
    raise NotImplementedError("TODO(auc): write this region")


def average_precision(y_true: np.ndarray, scores: np.ndarray) -> float:
    """All-point interpolated AP (PASCAL VOC 2010+, the COCO envelope without the grid).

    Walk the PR curve by decreasing threshold, recall R_1 <= R_2 <= ... <= R_T = 1:
        P_env(k) = max_{j >= k} P_j                (the precision envelope)
        AP       = sum_k (R_k - R_{k-1}) P_env(k),  R_0 = 0.
    sklearn's ``average_precision_score`` is the same sum with P_k instead of P_env(k).
    """
    y = np.asarray(y_true).ravel().astype(bool)
    if not y.any():
        raise ValueError("average precision is undefined without positives")
    precision, recall, _ = precision_recall_curve(y, scores)  # (T,) each, recall non-decreasing
    # TODO(ap): Return the all-point AP of the PR curve above: the area under the precision
    # | ENVELOPE (at each point, the best precision reachable at that recall or higher), summed over
    # | the recall increments starting from recall 0. Vectorised, no loop over points.
    raise NotImplementedError("TODO(ap): write this region")


# =========================================================================== calibration
def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, n_bins: int = 15) -> float:
    """Top-label ECE with equal-width confidence bins.

    confidence_n = max_c probs[n, c], correct_n = [argmax_c probs[n, c] == labels[n]],
    bin b holds the samples with confidence in (b/B, (b+1)/B] (confidence 0 goes to bin 0):
        ECE = sum_b (|B_b| / N) |acc(B_b) - conf(B_b)| = (1/N) sum_b |sum_{n in B_b} (correct_n - confidence_n)|
    Shapes: probs (N, C) rows summing to 1, labels (N,) -> float in [0, 1]. For a binary model
    with P(y=1) = p pass ``np.c_[1 - p, p]``.
    """
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(labels).ravel()
    if probs.shape[0] == 0:
        return 0.0
    # TODO(ece): Return the top-label ECE: confidence = max probability, correct = argmax == label,
    # | n_bins equal-width bins over [0, 1] with bin b = (b/B, (b+1)/B] (0 in the first bin); the
    # | bins' |accuracy - mean confidence| averaged with weights |bin| / N. Vectorised (no loop over samples).
    raise NotImplementedError("TODO(ece): write this region")


# =========================================================================== boxes
def box_iou(boxes1: np.ndarray, boxes2: np.ndarray) -> np.ndarray:
    """Pairwise IoU of xyxy boxes: (N, 4), (M, 4) -> (N, M) float64.

    IoU = |A ∩ B| / (|A| + |B| - |A ∩ B|); the intersection's width and height are clamped at
    0 (disjoint boxes), and IoU is 0 where the union is 0 (two zero-area boxes).
    """
    b1 = np.asarray(boxes1, dtype=np.float64).reshape(-1, 4)
    b2 = np.asarray(boxes2, dtype=np.float64).reshape(-1, 4)
    # TODO(box_iou): Return the (N, M) float64 IoU matrix of every box in boxes1 with every box
    # | in boxes2 (xyxy corners). Disjoint boxes have IoU 0; where the union is 0 (zero-area boxes)
    # | return 0, not NaN. Broadcasting only, no Python loops.
    raise NotImplementedError("TODO(box_iou): write this region")


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Greedy non-maximum suppression: (N, 4), (N,) -> kept indices (K,) int64, best score first.

    Repeatedly keep the highest-scoring remaining box and drop every remaining box whose IoU
    with it is > iou_threshold (torchvision.ops.nms semantics).
    """
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    scores = np.asarray(scores, dtype=np.float64).ravel()
    # TODO(nms): Return the indices (into the inputs, int64) of the boxes greedy NMS keeps,
    # | ordered by decreasing score: a box is dropped if its IoU with an already KEPT higher-scoring
    # | box is > iou_threshold. Compute the IoUs once with box_iou; the greedy pass is sequential.
    raise NotImplementedError("TODO(nms): write this region")


# =========================================================================== detection mAP
def match_detections(
    pred_boxes: np.ndarray, pred_scores: np.ndarray, gt_boxes: np.ndarray, iou_threshold: float
) -> np.ndarray:
    """COCO greedy matching for ONE image and ONE class at one IoU threshold.

    Predictions are visited by decreasing score; each takes the still-unmatched ground truth
    with the highest IoU, if that IoU >= iou_threshold (a true positive), else it is a false
    positive. A ground truth is matched at most once: a duplicate detection is a FP.
    Shapes: (N, 4), (N,), (M, 4) -> (N,) int64, the matched GT index per prediction in INPUT
    order, -1 for a false positive.
    """
    pred_boxes = np.asarray(pred_boxes, dtype=np.float64).reshape(-1, 4)
    pred_scores = np.asarray(pred_scores, dtype=np.float64).ravel()
    gt_boxes = np.asarray(gt_boxes, dtype=np.float64).reshape(-1, 4)
    # TODO(match): Return (N,) int64: for each prediction (input order) the index of the ground
    # | truth it matches, or -1. Visit predictions by decreasing score; each takes the still-unmatched
    # | GT with the highest IoU if that IoU >= iou_threshold. A GT can be matched only once.
    raise NotImplementedError("TODO(match): write this region")


def _as_arrays(entry: dict[str, Any], with_scores: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    boxes = np.asarray(entry.get("boxes", np.zeros((0, 4))), dtype=np.float64).reshape(-1, 4)
    labels = np.asarray(entry.get("labels", np.zeros(0)), dtype=np.int64).ravel()
    scores = np.asarray(entry.get("scores", np.ones(len(boxes))), dtype=np.float64).ravel() if with_scores else None
    return boxes, labels, scores


def coco_map(
    preds: Sequence[dict[str, Any]],
    gts: Sequence[dict[str, Any]],
    iou_thresholds: Sequence[float] = COCO_IOU_THRESHOLDS,
    max_dets: int = 100,
) -> dict[str, Any]:
    """COCO-style mean average precision over images, classes and IoU thresholds.

    For class c and threshold t: keep the ``max_dets`` highest-scoring predictions of class c
    per image, match them per image (``match_detections``), pool all images' predictions
    sorted by score, and with n_gt = #GT boxes of class c over all images:
        recall_k = TP_k / n_gt,  precision_k = TP_k / k  (cumulative over the top k),
        AP[t, c] = mean over r in linspace(0, 1, 101) of P_env(first k with recall_k >= r),
    0 where recall r is never reached. Classes without any GT are left out; a class with GT
    but no predictions has AP 0. mAP = mean of AP over thresholds and classes.

    Returns {"map", "map_50", "map_75" (-1 if that threshold was not evaluated or nothing has
    GT), "ap": (T, K), "ap_per_class": (K,) mean over thresholds, "classes": (K,) labels}.
    """
    if len(preds) != len(gts):
        raise ValueError(f"preds and gts need one entry per image, got {len(preds)} and {len(gts)}")
    thresholds = np.asarray(iou_thresholds, dtype=np.float64).ravel()
    images = [(_as_arrays(p, True), _as_arrays(g, False)) for p, g in zip(preds, gts)]
    classes = np.unique(np.concatenate([g[1] for _, g in images])) if images else np.zeros(0, np.int64)
    ap = np.zeros((thresholds.size, classes.size))  # (T, K)
    # TODO(coco_map): Fill ap[t, k] (T, K) with the AP of class classes[k] at IoU thresholds[t]:
    # | per image keep the max_dets best predictions of the class and match them; pool all images by
    # | score; precision envelope; average it over COCO's recall grid np.linspace(0, 1, 101), taking at
    # | each grid recall r the envelope at the first point with recall >= r (np.searchsorted side="left")
    # | and 0 if r is never reached. Classes with GT but no predictions get AP 0.
    raise NotImplementedError("TODO(coco_map): write this region")

    def at(iou: float) -> float:
        rows = np.flatnonzero(np.isclose(thresholds, iou))
        return float(ap[rows].mean()) if rows.size and classes.size else -1.0

    return {
        "map": float(ap.mean()) if ap.size else -1.0,
        "map_50": at(0.5),
        "map_75": at(0.75),
        "ap": ap,
        "ap_per_class": ap.mean(axis=0) if thresholds.size else np.zeros(classes.size),
        "classes": classes,
    }


# =========================================================================== uncertainty
def bootstrap_ci(
    statistic: Callable[[np.ndarray], float],
    n: int,
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of a statistic over n items (e.g. images).

    Draw n_boot resamples of n item indices WITH replacement, evaluate ``statistic(indices)``
    on each ((n,) int64 array -> float), and return the (1-confidence)/2 and (1+confidence)/2
    quantiles of the n_boot values. Deterministic for a given ``seed``.
    """
    rng = np.random.default_rng(seed)
    # TODO(bootstrap): Return (low, high), the percentile bootstrap interval: n_boot resamples of
    # | n indices drawn with replacement from range(n) (use rng), the statistic of each, and the
    # | (1 - confidence) / 2 and (1 + confidence) / 2 quantiles of those values, as floats.
    raise NotImplementedError("TODO(bootstrap): write this region")


# =========================================================================== demo
def _demo_scene(rng: np.random.Generator, n_images: int = 40, n_classes: int = 3) -> tuple[list, list]:
    """A synthetic detector on synthetic images: jittered hits, duplicates, misses, false alarms."""
    preds, gts = [], []
    for _ in range(n_images):
        m = rng.integers(1, 6)
        xy = rng.uniform(0, 400, (m, 2))
        wh = rng.uniform(20, 150, (m, 2))
        gt_boxes = np.c_[xy, xy + wh]  # (m, 4)
        gt_labels = rng.integers(0, n_classes, m)
        found = rng.random(m) < 0.85  # 15 % missed
        jitter = rng.normal(0, 0.08, (m, 4)) * np.c_[wh, wh]  # box noise ~8 % of the size
        p_boxes = (gt_boxes + jitter)[found]
        p_scores = rng.uniform(0.4, 1.0, found.sum())
        p_labels = gt_labels[found]
        dup = rng.random(len(p_boxes)) < 0.2  # duplicates NMS would remove
        n_fp = rng.integers(0, 3)
        fp_xy = rng.uniform(0, 400, (n_fp, 2))
        fp_boxes = np.c_[fp_xy, fp_xy + rng.uniform(20, 150, (n_fp, 2))]
        preds.append(
            {
                "boxes": np.r_[p_boxes, p_boxes[dup] + 3.0, fp_boxes],
                "scores": np.r_[p_scores, p_scores[dup] * 0.9, rng.uniform(0.0, 0.7, n_fp)],
                "labels": np.r_[p_labels, p_labels[dup], rng.integers(0, n_classes, n_fp)],
            }
        )
        gts.append({"boxes": gt_boxes, "labels": gt_labels})
    return preds, gts


if __name__ == "__main__":
    np.set_printoptions(precision=3, suppress=True)
    rng = np.random.default_rng(0)

    print("== classification: logistic regression on sklearn digits (8x8) ==")
    from sklearn.linear_model import LogisticRegression

    from cvlab import data

    X, y = data.digits()
    X = X.reshape(len(X), -1) / 16.0
    split = rng.permutation(len(X))
    train, test = split[:1200], split[1200:]
    model = LogisticRegression(max_iter=5000, C=1.0).fit(X[train], y[train])
    probs = model.predict_proba(X[test])  # (N, 10)
    y_hat = probs.argmax(1)
    print("confusion matrix (rows = truth):\n", confusion_matrix(y[test], y_hat, 10))
    for avg in ("micro", "macro", "weighted"):
        p, r, f = precision_recall_f1(y[test], y_hat, 10, avg)
        print(f"{avg:>8}: precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    is8, score8 = y[test] == 8, probs[:, 8]
    print(
        f"class 8 vs rest: ROC-AUC {roc_auc(is8, score8):.4f}  AP {average_precision(is8, score8):.4f}"
        f"  (prevalence {is8.mean():.3f}: the AP of a random ranking)"
    )
    for c in (0.05, 1.0, 10.0):  # stronger L2 regularisation (small C) -> softer, underconfident probabilities
        pr = LogisticRegression(max_iter=5000, C=c).fit(X[train], y[train]).predict_proba(X[test])
        print(
            f"C={c:>5}: accuracy {(pr.argmax(1) == y[test]).mean():.3f}  mean confidence {pr.max(1).mean():.3f}"
            f"  ECE(15 bins) {expected_calibration_error(pr, y[test]):.3f}"
        )
    correct = (y_hat == y[test]).astype(float)
    lo, hi = bootstrap_ci(lambda i: correct[i].mean(), len(correct))
    print(f"accuracy {correct.mean():.3f}, 95% bootstrap CI [{lo:.3f}, {hi:.3f}] over {len(correct)} images")

    print("\n== detection: a synthetic detector on 40 images, 3 classes ==")
    preds, gts = _demo_scene(rng)
    print("IoU of image 0's predictions with its ground truth:\n", box_iou(preds[0]["boxes"], gts[0]["boxes"]))
    kept = [nms(p["boxes"], p["scores"], 0.5) for p in preds]
    print(f"NMS@0.5 keeps {sum(map(len, kept))} of {sum(len(p['scores']) for p in preds)} predictions")
    raw = coco_map(preds, gts)
    after = coco_map([{k: v[i] for k, v in p.items()} for p, i in zip(preds, kept)], gts)
    for name, res in (("raw", raw), ("after NMS", after)):
        print(
            f"{name:>9}: mAP@[.5:.95] {res['map']:.3f}  mAP@.5 {res['map_50']:.3f}  mAP@.75 {res['map_75']:.3f}"
            f"  per class {res['ap_per_class']}"
        )
    lo, hi = bootstrap_ci(lambda i: coco_map([preds[k] for k in i], [gts[k] for k in i])["map"], len(gts), n_boot=200)
    print(f"mAP 95% bootstrap CI over images: [{lo:.3f}, {hi:.3f}]  (40 images is not many)")
