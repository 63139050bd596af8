"""e08 - Gaussian mixture by EM (full covariances).

p(x) = Σ_k π_k N(x | μ_k, Σ_k). The E-step computes responsibilities in log space (log-sum-exp),
the M-step re-estimates weights, means and full covariances from them (plus a small ridge on
the diagonal, as scikit-learn's reg_covar), and EM alternates them while the log-likelihood rises.
"""

from __future__ import annotations

import numpy as np


def _log_gauss(X: np.ndarray, mean: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """log N(x | mean, cov) for each row of X (N, D) -> (N,), through a Cholesky factor."""
    L = np.linalg.cholesky(cov)  # cov = L Lᵀ
    z = np.linalg.solve(L, (X - mean).T)  # (D, N): L z = (x - μ)  =>  ||z||² = Mahalanobis²
    logdet = 2.0 * np.log(np.diag(L)).sum()
    return -0.5 * (X.shape[1] * np.log(2 * np.pi) + logdet + np.einsum("dn,dn->n", z, z))


def e_step(
    X: np.ndarray, weights: np.ndarray, means: np.ndarray, covs: np.ndarray
) -> tuple[np.ndarray, float]:
    """Responsibilities γ[i, k] = π_k N(x_i | μ_k, Σ_k) / Σ_j π_j N(x_i | μ_j, Σ_j) and the mean log-likelihood.

    In log space: a[i, k] = log π_k + log N(x_i | μ_k, Σ_k), l_i = logsumexp_k a[i, k],
    γ = exp(a - l[:, None]), and the mean log-likelihood is mean_i l_i.
    """
    # TODO(e_step): Return (resp (N, K) float64 with rows summing to 1, mean log-likelihood float) for X (N, D) under the mixture.
    # | weights (K,), means (K, D), covs (K, D, D) full covariance matrices. Mean log-likelihood
    # | = (1/N) Σ_i log Σ_k weights_k N(x_i | means_k, covs_k). Must stay finite for points far
    # | from every component (log densities of -1e5): work in log space.
    raise NotImplementedError("TODO(e_step): write this region")


def m_step(
    X: np.ndarray, resp: np.ndarray, reg_covar: float = 1e-6
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Maximise the expected complete-data log-likelihood given responsibilities γ (N, K).

    N_k = Σ_i γ[i, k],  π_k = N_k / N,  μ_k = Σ_i γ[i, k] x_i / N_k,
    Σ_k = Σ_i γ[i, k] (x_i - μ_k)(x_i - μ_k)ᵀ / N_k + reg_covar·I.
    """
    # TODO(m_step): Return (weights (K,), means (K, D), covs (K, D, D)) maximising the expected log-likelihood for responsibilities resp (N, K).
    # | weights = N_k / N with N_k = column sums of resp; means = resp-weighted means; covs =
    # | resp-weighted covariances around the NEW means divided by N_k (not N_k - 1), plus
    # | reg_covar added to the diagonal.
    raise NotImplementedError("TODO(m_step): write this region")


def fit(
    X: np.ndarray, means_init: np.ndarray, n_iter: int = 100, tol: float = 1e-8, reg_covar: float = 1e-6
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """EM from means_init (K, D), equal weights and every covariance = cov(X) + reg_covar·I."""
    # TODO(fit): EM from means_init (K, D) with weights 1/K and every cov = biased covariance of X + reg_covar·I.
    # | Each iteration: e_step, record its mean log-likelihood, m_step. Stop after n_iter
    # | iterations or when the log-likelihood rose by less than tol since the previous one.
    # | Return (weights, means, covs, history) with history (T,) float64, one entry per E-step.
    raise NotImplementedError("TODO(fit): write this region")


if __name__ == "__main__":
    X = np.array([[0.0], [1.0], [2.0]])
    resp, ll = e_step(X, np.array([0.5, 0.5]), np.array([[0.0], [2.0]]), np.array([[[1.0]], [[1.0]]]))
    print("responsibilities:\n", resp.round(4), "\nmean log-likelihood:", ll)
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal([0, 0], 1, size=(100, 2)), rng.normal([6, 6], 0.5, size=(100, 2))])
    w, m, c, h = fit(X, X[[0, 150]])
    print("weights", w.round(3), "means", m.round(2).tolist(), "iterations", len(h))
