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
    # TODO(solve): Return (precision, recall, f1) for labels 0..C-1: three (C,) float64 arrays if average is None,
    # | else three floats for average "macro" (plain mean over all C classes), "weighted" (weights =
    # | support, the number of true samples per class) or "micro" (from the pooled TP, FP, FN).
    # | Any 0/0 ratio is 0, including F1 when P + R = 0 and every result for empty input.
    # | Raise ValueError for labels outside [0, C), different lengths or an unknown average.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    y_true = np.array([0, 0, 0, 0, 1, 1, 2, 2])
    y_pred = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    for avg in (None, "macro", "weighted", "micro"):
        print(f"average={avg!r:10}", precision_recall_f1(y_true, y_pred, 3, avg))
