"""d05 - Precision, recall and F1: micro, macro, weighted.

Per-class precision, recall and F1 of a single-label classifier from TP/FP/FN counts, and
the three ways of averaging them over classes.
"""

from __future__ import annotations

import numpy as np


def precision_recall_f1(
    y_true: np.ndarray, y_pred: np.ndarray, num_classes: int, average: str | None = "macro"
) -> tuple:
    """Precision, recall and F1 over the classes 0..C-1 (0 wherever a ratio is 0/0).

    Per class c:  TP_c = #(true c, pred c), FP_c = #(pred c, true ≠ c), FN_c = #(true c, pred ≠ c)
        P_c = TP/(TP+FP),  R_c = TP/(TP+FN),  F1_c = 2 P R / (P + R) = 2TP / (2TP + FP + FN)
    average=None       -> three (C,) float64 arrays
    average="macro"    -> unweighted mean of the per-class values over all C classes
    average="weighted" -> mean weighted by the support n_c = TP_c + FN_c
    average="micro"    -> the formulas on the summed TP, FP, FN (= accuracy for single-label data)
    """
    # BEGIN REGION solve: Return (precision, recall, f1) for labels 0..C-1: three (C,) float64 arrays if average is None,
    # | else three floats for average "macro" (plain mean over all C classes), "weighted" (weights =
    # | support, the number of true samples per class) or "micro" (from the pooled TP, FP, FN).
    # | Any 0/0 ratio is 0, including F1 when P + R = 0 and every result for empty input.
    # | Raise ValueError for labels outside [0, C), different lengths or an unknown average.
    t = np.asarray(y_true).ravel().astype(np.int64)
    p = np.asarray(y_pred).ravel().astype(np.int64)
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_pred must have the same length, got {t.size} and {p.size}")
    if average not in (None, "macro", "weighted", "micro"):
        raise ValueError(f"unknown average {average!r}")
    c = int(num_classes)
    if t.size and (min(t.min(), p.min()) < 0 or max(t.max(), p.max()) >= c):
        raise ValueError(f"labels must lie in [0, {c})")
    cm = np.bincount(t * c + p, minlength=c * c).reshape(c, c).astype(np.float64)  # rows true, cols pred
    tp = np.diag(cm)  # (C,)
    fp = cm.sum(axis=0) - tp  # predicted c, true something else
    fn = cm.sum(axis=1) - tp  # true c, predicted something else

    def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
        num, den = np.asarray(num, np.float64), np.asarray(den, np.float64)
        out = np.zeros_like(den)
        np.divide(num, den, out=out, where=den > 0)
        return out

    if average == "micro":
        tp_s, fp_s, fn_s = tp.sum(), fp.sum(), fn.sum()
        return (
            float(ratio(tp_s, tp_s + fp_s)),
            float(ratio(tp_s, tp_s + fn_s)),
            float(ratio(2 * tp_s, 2 * tp_s + fp_s + fn_s)),
        )
    prec, rec, f1 = ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(2 * tp, 2 * tp + fp + fn)
    if average is None:
        return prec, rec, f1
    if average == "macro":
        return float(prec.mean()), float(rec.mean()), float(f1.mean())
    support = tp + fn  # (C,) number of true samples per class
    if support.sum() == 0:
        return 0.0, 0.0, 0.0
    w = support / support.sum()
    return float(prec @ w), float(rec @ w), float(f1 @ w)
    # END REGION solve


if __name__ == "__main__":
    y_true = np.array([0, 0, 0, 0, 1, 1, 2, 2])
    y_pred = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    for avg in (None, "macro", "weighted", "micro"):
        print(f"average={avg!r:10}", precision_recall_f1(y_true, y_pred, 3, avg))
