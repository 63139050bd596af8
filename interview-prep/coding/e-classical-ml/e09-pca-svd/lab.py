"""e09 - PCA by SVD.

Principal directions are the right singular vectors of the centred data matrix; their
variances are the squared singular values / (N - 1). Signs are made deterministic (the
largest-magnitude entry of every component is positive), and projections can be whitened.
"""

from __future__ import annotations

import numpy as np


def fit_pca(X: np.ndarray, n_components: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """PCA of X (N, D) keeping n_components directions.

    Xc = X - mean = U S Vᵀ (thin SVD). Rows of Vᵀ are the principal axes (unit vectors,
    decreasing variance), explained_variance_j = S_j² / (N - 1) (the eigenvalues of the sample
    covariance XcᵀXc / (N - 1)), explained_variance_ratio_j = S_j² / Σ_all S². Each axis is
    only defined up to sign: flip it so its largest-|.| entry is positive.
    """
    # TODO(fit): Return (mean (D,), components (k, D), explained_variance (k,), explained_variance_ratio (k,)) for X (N, D), k = n_components.
    # | components: unit-norm principal axes in decreasing variance, each sign-flipped so its
    # | entry of largest absolute value is positive. explained_variance uses the N - 1
    # | denominator; the ratio divides by the TOTAL variance (all D directions). Raise ValueError
    # | if N < 2 or n_components is not in [1, min(N, D)].
    raise NotImplementedError("TODO(fit): write this region")


def transform(
    X: np.ndarray, mean: np.ndarray, components: np.ndarray, explained_variance: np.ndarray, whiten: bool = False
) -> np.ndarray:
    """Project rows of X (M, D) onto the axes: Z = (X - mean) Vₖᵀ (M, k); whitened: Z / sqrt(variance)."""
    # TODO(transform): Return Z (M, k) float64 = coordinates of X (M, D) along the components, after subtracting mean.
    # | With whiten=True divide column j by sqrt(explained_variance[j]), so the training data get
    # | unit variance (N - 1 denominator) along every kept axis.
    raise NotImplementedError("TODO(transform): write this region")


if __name__ == "__main__":
    X = np.array([[2.0, 0.0], [0.0, 1.0], [-2.0, 0.0], [0.0, -1.0]])
    mean, comps, var, ratio = fit_pca(X, 2)
    print("mean", mean, "\ncomponents\n", comps, "\nvariance", var, "ratio", ratio)
    print("transform:\n", transform(X, mean, comps, var))
