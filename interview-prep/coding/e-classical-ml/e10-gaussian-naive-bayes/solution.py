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
    # BEGIN REGION fit: Return (classes (C,), priors (C,), means (C, D), variances (C, D)) for X (N, D) and labels y (N,).
    # | classes = sorted unique labels. priors = class frequencies. variances are the per-class
    # | BIASED (divide by N_c) variances plus epsilon = var_smoothing * (largest biased variance
    # | of any column of X), added to every entry. Raise ValueError for N == 0 or len(y) != N.
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],) or X.shape[0] == 0:
        raise ValueError(f"expected X (N, D) and y (N,) with N >= 1, got {X.shape} and {y.shape}")
    classes, codes = np.unique(y, return_inverse=True)  # (C,), (N,) codes in 0..C-1
    counts = np.bincount(codes).astype(np.float64)  # (C,)
    onehot = (codes[:, None] == np.arange(classes.size)).astype(np.float64)  # (N, C)
    means = onehot.T @ X / counts[:, None]  # (C, N) @ (N, D) -> (C, D)
    diff = X - means[codes]  # (N, D) two-pass: centre first, avoids E[x²] - E[x]² cancellation
    variances = onehot.T @ (diff * diff) / counts[:, None]  # (C, D) biased per-class variances
    eps = var_smoothing * X.var(axis=0).max()
    return classes, counts / counts.sum(), means, variances + eps
    # END REGION fit


def predict_proba(
    X: np.ndarray, priors: np.ndarray, means: np.ndarray, variances: np.ndarray
) -> np.ndarray:
    """Posterior P(c | x) ∝ π_c Π_j N(x_j | μ_cj, σ²_cj), computed as a softmax of
    log π_c - ½ Σ_j [log(2π σ²_cj) + (x_j - μ_cj)² / σ²_cj]."""
    # BEGIN REGION predict_proba: Return (M, C) float64 posterior probabilities for X (M, D); rows sum to 1.
    # | Work in log space: joint log-likelihood per class, then normalise with log-sum-exp, so
    # | points far from every class still get finite probabilities. No loop over points.
    X = np.asarray(X, dtype=np.float64)
    log_norm = -0.5 * np.log(2.0 * np.pi * variances).sum(axis=1)  # (C,)
    maha = ((X[:, None, :] - means[None]) ** 2 / variances[None]).sum(axis=2)  # (M, C, D) -> (M, C)
    jll = np.log(priors)[None] + log_norm[None] - 0.5 * maha  # (M, C) joint log-likelihood
    jll -= jll.max(axis=1, keepdims=True)  # log-sum-exp shift
    P = np.exp(jll)
    return P / P.sum(axis=1, keepdims=True)
    # END REGION predict_proba


if __name__ == "__main__":
    X = np.array([[0.0], [2.0], [10.0], [14.0]])
    y = np.array([0, 0, 1, 1])
    classes, priors, means, variances = fit_gnb(X, y, var_smoothing=0.0)
    print("classes", classes, "priors", priors, "means", means.ravel(), "variances", variances.ravel())
    print("P(c | x=5) =", predict_proba(np.array([[5.0]]), priors, means, variances))
