"""e19 - Leak-free standard scaler inside cross-validation.

Standardisation is part of the model: its mean and scale must be learned from the training
fold only and then applied, unchanged, to the held-out fold. Fitting it on all the data first
leaks the test fold's statistics into training and inflates the cross-validation score.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import clone


def fit_scaler(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-feature mean and scale of X (N, D):  mean_j = (1/N) sum_i X_ij,
    scale_j = sqrt((1/N) sum_i (X_ij - mean_j)^2)  (population std, ddof = 0), and scale_j = 1
    for a constant feature so that (X - mean) / scale maps it to 0 instead of NaN.
    """
    # BEGIN REGION fit_scaler: Return (mean, scale), both float64 (D,), learned from X (N, D).
    # | mean is the column mean, scale the column standard deviation with ddof = 0 (divide by N); a
    # | feature whose values are all equal gets scale 1.0. N = 0 or X not 2-D: ValueError.
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"expected a non-empty X of shape (N, D), got {X.shape}")
    mean = X.mean(axis=0)  # (D,)
    scale = X.std(axis=0)  # (D,) ddof = 0
    constant = np.ptp(X, axis=0) == 0  # all values equal; var can round to 1e-34 instead of 0
    scale[constant] = 1.0
    return mean, scale
    # END REGION fit_scaler


def cross_val_scores(estimator, X: np.ndarray, y: np.ndarray, folds) -> np.ndarray:
    """Score `estimator` on each (train_idx, test_idx) fold with a standard scaler fitted on the
    training fold only:  Z = (X - mean_train) / scale_train  for both parts.
    """
    # BEGIN REGION cross_val: Return float64 (k,) scores, one per (train_idx, test_idx) pair in folds.
    # | For each fold: fit_scaler on X[train_idx] only; transform train and test rows with THOSE mean and
    # | scale; fit a fresh sklearn.base.clone(estimator) on the scaled training rows; the score is its
    # | .score(scaled test rows, y[test_idx]). Never fit the estimator object passed in.
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    scores = []
    for train_idx, test_idx in folds:
        mean, scale = fit_scaler(X[train_idx])  # statistics of the training fold only
        model = clone(estimator)
        model.fit((X[train_idx] - mean) / scale, y[train_idx])
        scores.append(model.score((X[test_idx] - mean) / scale, y[test_idx]))
    return np.asarray(scores, dtype=np.float64)
    # END REGION cross_val


if __name__ == "__main__":
    X = np.array([[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]])
    print("fit_scaler:", fit_scaler(X))
    from sklearn.neighbors import KNeighborsClassifier

    rng = np.random.default_rng(0)
    Xd = np.hstack([rng.normal(size=(60, 1)), rng.normal(size=(60, 1)) * 100])
    yd = (Xd[:, 0] > 0).astype(int)
    folds = [(np.setdiff1d(np.arange(60), np.arange(k, 60, 3)), np.arange(k, 60, 3)) for k in range(3)]
    print("3-NN scores per fold:", cross_val_scores(KNeighborsClassifier(3), Xd, yd, folds))
