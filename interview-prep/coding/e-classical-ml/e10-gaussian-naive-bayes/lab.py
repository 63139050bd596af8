"""e10 - Gaussian naive Bayes.

Each class c has a prior π_c and, per feature, an independent Gaussian N(μ_cj, σ²_cj).
Fitting is counting and averaging; predicting is Bayes' rule in log space. Variances get
scikit-learn's smoothing: var_smoothing times the largest feature variance is added to all.
"""

from __future__ import annotations

import numpy as np


def fit_gnb(
    X: np.ndarray, y: np.ndarray, var_smoothing: float = 1e-9
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-class priors, means and (smoothed, biased) variances.

    classes = sorted unique labels (C,); π_c = N_c / N; μ_cj = mean of feature j over class c;
    σ²_cj = (1/N_c) Σ (x_ij - μ_cj)² + ε with ε = var_smoothing · max_j Var(X[:, j]) (biased).
    """
    # TODO(fit): Return (classes (C,), priors (C,), means (C, D), variances (C, D)) for X (N, D) and labels y (N,).
    # | classes = sorted unique labels. priors = class frequencies. variances are the per-class
    # | BIASED (divide by N_c) variances plus epsilon = var_smoothing * (largest biased variance
    # | of any column of X), added to every entry. Raise ValueError for N == 0 or len(y) != N.
    raise NotImplementedError("TODO(fit): write this region")


def predict_proba(
    X: np.ndarray, priors: np.ndarray, means: np.ndarray, variances: np.ndarray
) -> np.ndarray:
    """Posterior P(c | x) ∝ π_c Π_j N(x_j | μ_cj, σ²_cj), computed as a softmax of
    log π_c - ½ Σ_j [log(2π σ²_cj) + (x_j - μ_cj)² / σ²_cj]."""
    # TODO(predict_proba): Return (M, C) float64 posterior probabilities for X (M, D); rows sum to 1.
    # | Work in log space: joint log-likelihood per class, then normalise with log-sum-exp, so
    # | points far from every class still get finite probabilities. No loop over points.
    raise NotImplementedError("TODO(predict_proba): write this region")


if __name__ == "__main__":
    X = np.array([[0.0], [2.0], [10.0], [14.0]])
    y = np.array([0, 0, 1, 1])
    classes, priors, means, variances = fit_gnb(X, y, var_smoothing=0.0)
    print("classes", classes, "priors", priors, "means", means.ravel(), "variances", variances.ravel())
    print("P(c | x=5) =", predict_proba(np.array([[5.0]]), priors, means, variances))
