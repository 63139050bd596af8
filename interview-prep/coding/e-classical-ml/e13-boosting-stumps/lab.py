"""e13 - AdaBoost with decision stumps.

Binary AdaBoost (the two-class case of SAMME) on labels in {-1, +1}, with one-feature
threshold stumps as weak learners found by an exact weighted-error search.
"""

from __future__ import annotations

import numpy as np


def stump_predict(X: np.ndarray, feature: int, threshold: float, polarity: float) -> np.ndarray:
    """One stump on every row of X (N, D): polarity where X[:, feature] > threshold, else -polarity."""
    X = np.asarray(X, dtype=np.float64)
    return np.where(X[:, int(feature)] > threshold, polarity, -polarity).astype(np.float64)  # (N,)


def adaboost_predict(X: np.ndarray, stumps: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """Sign of the weighted vote F(x) = sum_t alpha_t h_t(x); F = 0 counts as +1. Returns (N,) of +-1."""
    X = np.asarray(X, dtype=np.float64)
    score = np.zeros(X.shape[0])
    for (f, thr, pol), a in zip(np.asarray(stumps, dtype=np.float64).reshape(-1, 3), alphas):
        score += a * stump_predict(X, int(f), thr, pol)
    return np.where(score >= 0, 1, -1)


def adaboost_fit(X: np.ndarray, y: np.ndarray, n_rounds: int) -> tuple[np.ndarray, np.ndarray]:
    """Fit binary AdaBoost with stumps.

    Round t, with sample weights w (sum 1, start uniform 1/N):
        h_t   = the stump (feature f, threshold thr, polarity p) minimising the weighted
                error  e_t = sum_i w_i [h(x_i) != y_i]
        alpha_t = log((1 - e_t) / e_t)             (SAMME with K = 2 classes)
        w_i  <- w_i * exp(alpha_t [h_t(x_i) != y_i]),  then renormalise to sum 1.
    Candidate thresholds are midpoints between consecutive distinct values of a feature.
    If the best stump has e_t = 0 it is kept with alpha_t = 1 and boosting stops.

    Returns stumps (T, 3) float64 rows [feature, threshold, polarity] and alphas (T,), T <= n_rounds.
    """
    # TODO(solve): Return (stumps, alphas): stumps float64 (T, 3) rows [feature, threshold, polarity], alphas (T,).
    # | y holds only -1/+1 (else ValueError); X is (N, D). Start with weights 1/N. Each round pick the stump
    # | with the smallest weighted error e over every feature, every midpoint threshold between consecutive
    # | distinct values and polarity +-1 (stump = polarity if x[f] > threshold else -polarity), set
    # | alpha = log((1 - e) / e), multiply the weights of misclassified samples by exp(alpha), renormalise.
    # | If the best e is 0 (test e <= 1e-12: cumulative sums leave ~1e-17 of rounding): append that stump
    # | with alpha = 1 and stop (T < n_rounds). If no feature has two distinct values, raise ValueError.
    # | Loop over rounds only: evaluate all thresholds of a feature at once.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    X = np.array([[1.0], [2.0], [3.0], [4.0], [5.0]])
    y = np.array([1, 1, -1, -1, 1])
    stumps, alphas = adaboost_fit(X, y, n_rounds=3)
    print("stumps [feature, threshold, polarity] =\n", stumps)
    print("alphas =", np.round(alphas, 4))
    print("predictions =", adaboost_predict(X, stumps, alphas))
