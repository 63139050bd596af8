"""Grader for e08 - Gaussian mixture by EM.

References: scipy.stats.multivariate_normal.logpdf + scipy.special.logsumexp for the E-step,
numpy.cov with aweights (weighted covariance) for the M-step, and
sklearn.mixture.GaussianMixture (full covariances, the same initial parameters and reg_covar)
for the whole EM run; plus a hand-computed 1-D case and points far from every component.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from sklearn.mixture import GaussianMixture


def _random_params(rng, k: int, d: int):
    weights = rng.dirichlet(np.ones(k))
    means = rng.normal(size=(k, d)) * 3
    A = rng.normal(size=(k, d, d))
    covs = A @ A.transpose(0, 2, 1) + 0.5 * np.eye(d)
    return weights, means, covs


def _two_blobs(seed: int):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(100, 2)) @ np.array([[1.0, 0.0], [0.6, 0.5]])
    B = rng.normal(size=(80, 2)) * 0.4 + [6.0, -4.0]
    return np.concatenate([A, B])


# ---------------------------------------------------------------- e_step
@pytest.mark.region("e_step")
def test_e_step_worked_example(lab):
    """The README example: components N(0,1) and N(2,1), x = 0, 1, 2 -> γ = [0.8808, 0.5, 0.1192]."""
    X = np.array([[0.0], [1.0], [2.0]])
    resp, ll = lab.e_step(X, np.array([0.5, 0.5]), np.array([[0.0], [2.0]]), np.array([[[1.0]], [[1.0]]]))
    g = 1 / (1 + np.exp(-2))
    want = np.array([[g, 1 - g], [0.5, 0.5], [1 - g, g]])
    assert np.asarray(resp).shape == (3, 2), f"resp shape {np.asarray(resp).shape}, expected (N, K) = (3, 2)"
    assert np.allclose(resp, want), f"resp =\n{resp}\nexpected\n{want}"
    assert np.isclose(ll, -1.4630846462159877), f"mean log-likelihood {ll}, expected -1.46308"


@pytest.mark.region("e_step")
@given(st.integers(0, 10_000), st.integers(1, 12), st.integers(1, 3), st.integers(1, 4))
def test_e_step_matches_scipy(lab, seed, n, d, k):
    """Random full covariances: responsibilities and mean log-likelihood equal scipy's logpdf + logsumexp."""
    rng = np.random.default_rng(seed)
    weights, means, covs = _random_params(rng, k, d)
    X = rng.normal(size=(n, d)) * 3
    resp, ll = lab.e_step(X, weights, means, covs)
    a = np.stack([multivariate_normal(means[j], covs[j]).logpdf(X).reshape(n) for j in range(k)], 1) + np.log(weights)
    ref_ll = logsumexp(a, axis=1)
    assert np.allclose(resp, np.exp(a - ref_ll[:, None]), atol=1e-9), "responsibilities differ from scipy's"
    assert np.isclose(ll, ref_ll.mean(), rtol=1e-9), f"mean log-likelihood {ll}, expected {ref_ll.mean()}"


@pytest.mark.region("e_step")
def test_e_step_far_points_stay_finite(lab):
    """A point 1000 standard deviations from both components: finite responsibilities that sum to 1."""
    X = np.array([[1000.0, 0.0], [0.0, 0.0]])
    means = np.array([[0.0, 0.0], [3.0, 0.0]])
    covs = np.array([np.eye(2), np.eye(2)])
    resp, ll = lab.e_step(X, np.array([0.5, 0.5]), means, covs)
    resp = np.asarray(resp)
    assert np.all(np.isfinite(resp)), f"resp =\n{resp}\nhas NaN: exp(-5e5) underflows to 0; normalise with log-sum-exp"
    assert np.allclose(resp.sum(1), 1) and resp[0, 1] > 0.999, f"the far point belongs to the nearer component 1, got {resp[0]}"
    assert np.isfinite(ll), f"mean log-likelihood {ll} is not finite"


# ---------------------------------------------------------------- m_step
@pytest.mark.region("m_step")
def test_m_step_hard_assignments(lab):
    """One-hot responsibilities: weights are cluster fractions, means and biased covariances per cluster (+ reg)."""
    X = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [10.0, 10.0]])
    resp = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    w, m, c = lab.m_step(X, resp, reg_covar=0.1)
    assert np.allclose(w, [0.75, 0.25]), f"weights {w}, expected [0.75, 0.25]"
    assert np.allclose(m, [[2 / 3, 2 / 3], [10, 10]]), f"means {m}, expected [[2/3, 2/3], [10, 10]]"
    want0 = np.cov(X[:3].T, bias=True) + 0.1 * np.eye(2)
    assert np.allclose(c[0], want0), f"covs[0] =\n{c[0]}\nexpected (divide by N_k = 3, add reg_covar)\n{want0}"
    assert np.allclose(c[1], 0.1 * np.eye(2)), f"a one-point cluster has covariance reg_covar·I, got\n{c[1]}"


@pytest.mark.region("m_step")
@given(st.integers(0, 10_000), st.integers(2, 12), st.integers(1, 3), st.integers(1, 4))
def test_m_step_matches_weighted_numpy(lab, seed, n, d, k):
    """Random soft responsibilities: means and covariances equal np.average / np.cov(aweights=γ_k, bias=True)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    resp = rng.dirichlet(np.ones(k), size=n)
    w, m, c = lab.m_step(X, resp, reg_covar=1e-6)
    assert np.allclose(w, resp.mean(0)), f"weights {w}, expected column means of resp {resp.mean(0)}"
    for j in range(k):
        assert np.allclose(m[j], np.average(X, axis=0, weights=resp[:, j])), f"means[{j}] differs from the weighted mean"
        ref = np.cov(X.T, aweights=resp[:, j], bias=True).reshape(d, d) + 1e-6 * np.eye(d)
        assert np.allclose(c[j], ref, atol=1e-10), f"covs[{j}] =\n{c[j]}\nexpected\n{ref}"


# ---------------------------------------------------------------- fit
@pytest.mark.region("fit", needs=["e_step", "m_step"])
def test_fit_log_likelihood_never_decreases(lab):
    """EM on two blobs from poor initial means: every recorded log-likelihood is >= the previous one."""
    X = _two_blobs(0)
    _, _, _, hist = lab.fit(X, np.array([[0.0, 0.0], [0.5, 0.5]]), n_iter=60, tol=0.0)
    hist = np.asarray(hist)
    assert hist.ndim == 1 and len(hist) >= 2, f"history should have one entry per iteration, got shape {hist.shape}"
    drops = np.diff(hist)
    assert np.all(drops >= -1e-9), f"log-likelihood decreased at iteration {int(np.argmin(drops)) + 1} by {-drops.min():.3g}"


@pytest.mark.region("fit", needs=["e_step", "m_step"])
@pytest.mark.parametrize("seed", [1, 2])
def test_fit_matches_sklearn(lab, seed):
    """Same start (means, weights 1/K, cov(X) + reg): weights, means and covariances equal sklearn GaussianMixture's."""
    X = _two_blobs(seed)
    means0 = X[[0, 150]]
    w, m, c, hist = lab.fit(X, means0, n_iter=500, tol=1e-12)
    cov0 = np.cov(X.T, bias=True) + 1e-6 * np.eye(2)
    ref = GaussianMixture(
        2, covariance_type="full", means_init=means0, weights_init=[0.5, 0.5],
        precisions_init=np.array([np.linalg.inv(cov0)] * 2), tol=1e-12, max_iter=500, reg_covar=1e-6,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref.fit(X)
    assert np.allclose(w, ref.weights_, atol=1e-6), f"weights {w}, sklearn {ref.weights_}"
    assert np.allclose(m, ref.means_, atol=1e-6), f"means\n{m}\nsklearn\n{ref.means_}"
    assert np.allclose(c, ref.covariances_, atol=1e-6), f"covariances differ from sklearn's by {np.abs(np.asarray(c) - ref.covariances_).max():.3g}"
    assert np.isclose(hist[-1], ref.score(X), atol=1e-6), f"final mean log-likelihood {hist[-1]}, sklearn score {ref.score(X)}"


@pytest.mark.region("fit", needs=["e_step", "m_step"])
def test_fit_stops_at_tolerance(lab):
    """With tol = 1e-3 EM stops early: the last improvement is below tol, the previous ones are not."""
    X = _two_blobs(3)
    _, _, _, hist = lab.fit(X, X[[0, 150]], n_iter=500, tol=1e-3)
    d = np.diff(np.asarray(hist))
    assert len(hist) < 500 and d[-1] < 1e-3, f"ran {len(hist)} iterations, last gain {d[-1] if len(d) else None}"
    assert np.all(d[:-1] >= 1e-3), "stopped late: an earlier gain was already below tol"
