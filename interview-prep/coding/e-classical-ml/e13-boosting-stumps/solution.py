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
    # BEGIN REGION solve: Return (stumps, alphas): stumps float64 (T, 3) rows [feature, threshold, polarity], alphas (T,).
    # | y holds only -1/+1 (else ValueError); X is (N, D). Start with weights 1/N. Each round pick the stump
    # | with the smallest weighted error e over every feature, every midpoint threshold between consecutive
    # | distinct values and polarity +-1 (stump = polarity if x[f] > threshold else -polarity), set
    # | alpha = log((1 - e) / e), multiply the weights of misclassified samples by exp(alpha), renormalise.
    # | If the best e is 0 (test e <= 1e-12: cumulative sums leave ~1e-17 of rounding): append that stump
    # | with alpha = 1 and stop (T < n_rounds). If no feature has two distinct values, raise ValueError.
    # | Loop over rounds only: evaluate all thresholds of a feature at once.
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],) or X.shape[0] == 0:
        raise ValueError(f"expected X (N, D) and y (N,), got {X.shape} and {y.shape}")
    if not np.all(np.isin(y, (-1, 1))):
        raise ValueError("labels must be -1 or +1")
    y = y.astype(np.float64)
    n = X.shape[0]
    order = np.argsort(X, axis=0, kind="stable")  # (N, D) sorted row indices per feature
    xs = np.take_along_axis(X, order, axis=0)  # (N, D) sorted values
    valid = xs[1:] > xs[:-1]  # (N-1, D) a threshold exists between sorted positions i and i+1
    if not valid.any():
        raise ValueError("no feature has two distinct values: no stump can split the data")
    thresholds = 0.5 * (xs[1:] + xs[:-1])  # (N-1, D) midpoints
    ys = y[order]  # (N, D) labels in sorted order per feature

    w = np.full(n, 1.0 / n)
    stumps, alphas = [], []
    for _ in range(n_rounds):
        ws = w[order]  # (N, D)
        # Polarity +1 predicts +1 above the threshold: errors are positives at or below, negatives above.
        pos_below = np.cumsum(ws * (ys > 0), axis=0)[:-1]  # (N-1, D)
        neg_below = np.cumsum(ws * (ys < 0), axis=0)[:-1]
        neg_total = (w * (y < 0)).sum()
        err_plus = pos_below + (neg_total - neg_below)  # (N-1, D)
        err = np.stack([err_plus, w.sum() - err_plus])  # (2, N-1, D): polarity +1, -1
        err = np.where(valid[None], err, np.inf)
        k, i, f = np.unravel_index(np.argmin(err), err.shape)
        e = float(max(err[k, i, f], 0.0))
        stump = (float(f), float(thresholds[i, f]), 1.0 if k == 0 else -1.0)
        if e <= 1e-12:
            stumps.append(stump)
            alphas.append(1.0)
            break
        alpha = np.log((1.0 - e) / e)
        miss = stump_predict(X, *stump) != y  # (N,)
        w = w * np.exp(alpha * miss)
        w /= w.sum()
        stumps.append(stump)
        alphas.append(alpha)
    return np.array(stumps, dtype=np.float64).reshape(-1, 3), np.array(alphas, dtype=np.float64)
    # END REGION solve


if __name__ == "__main__":
    X = np.array([[1.0], [2.0], [3.0], [4.0], [5.0]])
    y = np.array([1, 1, -1, -1, 1])
    stumps, alphas = adaboost_fit(X, y, n_rounds=3)
    print("stumps [feature, threshold, polarity] =\n", stumps)
    print("alphas =", np.round(alphas, 4))
    print("predictions =", adaboost_predict(X, stumps, alphas))
