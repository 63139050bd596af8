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
    # TODO(solve): Return the top-label ECE (float) of probs (N, C) and labels (N,) with n_bins equal-width bins.
    # | confidence = row max, prediction = row argmax (first index on ties). Bin edges are
    # | np.linspace(0, 1, n_bins + 1); bin b holds edges[b] < confidence <= edges[b+1] (0 goes to bin 0).
    # | ECE = sum over non-empty bins of (bin size / N) * |accuracy in bin - mean confidence in bin|.
    # | ValueError for N = 0, n_bins < 1, or shapes that do not match. No loop over samples.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    probs = np.array([[0.9, 0.1], [0.75, 0.25], [0.3, 0.7], [0.35, 0.65], [0.55, 0.45]])
    labels = np.array([0, 1, 1, 1, 1])
    print("ECE (5 bins) =", expected_calibration_error(probs, labels, n_bins=5))
