"""d12 - Expected calibration error.

Top-label ECE with equal-width confidence bins: how far, on average, a classifier's stated
confidence is from its actual accuracy.
"""

from __future__ import annotations

import numpy as np


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, n_bins: int = 15) -> float:
    """Top-label ECE of probs (N, C) against labels (N,).

    confidence_i = max_c probs[i, c],  prediction_i = argmax_c probs[i, c] (first on ties),
    correct_i = [prediction_i == labels_i]. Bins: edges = linspace(0, 1, B + 1), bin b holds
    edges[b] < confidence <= edges[b + 1] (confidence 0 in bin 0).
        ECE = Σ_b (n_b / N) · | mean(correct in b) - mean(confidence in b) |     (empty bins skipped)
    """
    # BEGIN REGION solve: Return the top-label ECE (float) of probs (N, C) and labels (N,) with n_bins equal-width bins.
    # | confidence = row max, prediction = row argmax (first index on ties). Bin edges are
    # | np.linspace(0, 1, n_bins + 1); bin b holds edges[b] < confidence <= edges[b+1] (0 goes to bin 0).
    # | ECE = sum over non-empty bins of (bin size / N) * |accuracy in bin - mean confidence in bin|.
    # | ValueError for N = 0, n_bins < 1, or shapes that do not match. No loop over samples.
    p = np.asarray(probs, dtype=np.float64)
    y = np.asarray(labels).ravel()
    if p.ndim != 2 or y.shape != (p.shape[0],) or p.shape[0] == 0:
        raise ValueError(f"expected probs (N, C) with N > 0 and labels (N,), got {p.shape} and {y.shape}")
    if n_bins < 1:
        raise ValueError(f"n_bins must be >= 1, got {n_bins}")
    conf = p.max(axis=1)  # (N,)
    correct = (p.argmax(axis=1) == y).astype(np.float64)  # (N,)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bins = np.digitize(conf, edges[1:-1], right=True)  # edges[b] < conf <= edges[b+1] -> b in 0..B-1
    sum_conf = np.bincount(bins, weights=conf, minlength=n_bins)  # (B,) per-bin sums
    sum_acc = np.bincount(bins, weights=correct, minlength=n_bins)
    # Σ_b (n_b/N)|acc_b - conf_b| = Σ_b |sum_acc_b - sum_conf_b| / N, and empty bins add 0
    return float(np.abs(sum_acc - sum_conf).sum() / conf.size)
    # END REGION solve


if __name__ == "__main__":
    probs = np.array([[0.9, 0.1], [0.75, 0.25], [0.3, 0.7], [0.35, 0.65], [0.55, 0.45]])
    labels = np.array([0, 1, 1, 1, 1])
    print("ECE (5 bins) =", expected_calibration_error(probs, labels, n_bins=5))
