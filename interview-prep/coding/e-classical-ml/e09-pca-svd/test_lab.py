"""Grader for e09 - PCA by SVD.

Reference: sklearn.decomposition.PCA (svd_solver="full": LAPACK SVD with its svd_flip sign rule,
the largest-|.| entry of each component positive) for components, variances, ratios and
(whitened) transforms; plus a hand-computed 2-D case, sign invariance under X -> -X, and
exact reconstruction when every component is kept.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.decomposition import PCA


def _data(seed: int, n: int, d: int):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d, d)) * rng.uniform(0.2, 3.0, size=d)
    return rng.normal(size=(n, d)) @ A + rng.normal(size=d) * 5


# ---------------------------------------------------------------- fit
@pytest.mark.region("fit")
def test_fit_worked_example(lab):
    """The README example: a diamond with variances 8/3 and 2/3 along x and y."""
    X = np.array([[2.0, 0.0], [0.0, 1.0], [-2.0, 0.0], [0.0, -1.0]])
    mean, comps, var, ratio = lab.fit_pca(X, 2)
    assert np.allclose(mean, [0, 0]), f"mean {mean}, expected [0, 0]"
    assert np.allclose(comps, np.eye(2)), f"components\n{comps}\nexpected the identity (largest entry positive)"
    assert np.allclose(var, [8 / 3, 2 / 3]), f"explained_variance {var}, expected [8/3, 2/3] (S² / (N - 1))"
    assert np.allclose(ratio, [0.8, 0.2]), f"explained_variance_ratio {ratio}, expected [0.8, 0.2]"


@pytest.mark.region("fit")
@given(st.integers(0, 10_000), st.integers(3, 16), st.integers(1, 6), st.data())
def test_fit_matches_sklearn(lab, seed, n, d, data):
    """Random correlated data: mean, signed components, variances and ratios equal sklearn PCA's."""
    k = data.draw(st.integers(1, min(n - 1, d)), label="n_components")
    X = _data(seed, n, d)
    mean, comps, var, ratio = lab.fit_pca(X, k)
    ref = PCA(n_components=k, svd_solver="full").fit(X)
    assert np.asarray(comps).shape == (k, d), f"components shape {np.asarray(comps).shape}, expected {(k, d)}"
    assert np.allclose(mean, ref.mean_), "mean differs from sklearn's"
    assert np.allclose(comps, ref.components_, atol=1e-7), f"components\n{comps}\nsklearn\n{ref.components_}"
    assert np.allclose(var, ref.explained_variance_, rtol=1e-9), f"variance {var}, sklearn {ref.explained_variance_}"
    assert np.allclose(ratio, ref.explained_variance_ratio_, rtol=1e-9), f"ratio {ratio}, sklearn {ref.explained_variance_ratio_}"


@pytest.mark.region("fit")
def test_fit_sign_convention(lab):
    """Negating the data flips every SVD axis; the sign rule must give back the same components."""
    X = _data(3, 30, 4)
    _, c1, _, _ = lab.fit_pca(X, 3)
    _, c2, _, _ = lab.fit_pca(-X, 3)
    c1 = np.asarray(c1)
    big = c1[np.arange(3), np.argmax(np.abs(c1), axis=1)]
    assert np.all(big > 0), f"largest-|.| entries {big} must be positive"
    assert np.allclose(c1, c2), "fit_pca(-X) gave different components than fit_pca(X): apply the sign rule"


@pytest.mark.region("fit")
def test_fit_ratio_uses_total_variance(lab):
    """Keeping 1 of 4 components: the ratio is that variance over the TOTAL variance, below 1."""
    X = _data(4, 50, 4)
    _, _, var, ratio = lab.fit_pca(X, 1)
    total = X.var(axis=0, ddof=1).sum()
    assert np.isclose(ratio[0], var[0] / total), f"ratio {ratio[0]:.4f}, expected variance / total variance = {var[0] / total:.4f}"


@pytest.mark.region("fit")
@pytest.mark.parametrize("n, d, k", [(1, 3, 1), (5, 3, 4), (5, 3, 0)])
def test_fit_bad_input_raises(lab, n, d, k):
    """A single sample, or n_components outside [1, min(N, D)], raise ValueError."""
    with pytest.raises(ValueError):
        lab.fit_pca(np.random.default_rng(0).normal(size=(n, d)), k)


# ---------------------------------------------------------------- transform
@pytest.mark.region("transform")
@pytest.mark.parametrize("whiten", [False, True])
def test_transform_matches_sklearn(lab, whiten):
    """New points projected with (and without) whitening equal sklearn PCA(whiten=...).transform."""
    X = _data(5, 40, 5)
    Xnew = _data(6, 7, 5)
    ref = PCA(n_components=3, svd_solver="full", whiten=whiten).fit(X)
    Z = lab.transform(Xnew, ref.mean_, ref.components_, ref.explained_variance_, whiten=whiten)
    want = ref.transform(Xnew)
    assert np.asarray(Z).shape == (7, 3), f"transform shape {np.asarray(Z).shape}, expected (7, 3)"
    assert np.allclose(Z, want, atol=1e-8), f"whiten={whiten}: projections differ from sklearn's by {np.abs(np.asarray(Z) - want).max():.3g}"


@pytest.mark.region("transform")
def test_whitened_training_data_has_identity_covariance(lab):
    """Whitened training projections have covariance I (N - 1 denominator)."""
    X = _data(7, 60, 4)
    ref = PCA(n_components=3, svd_solver="full").fit(X)
    Z = np.asarray(lab.transform(X, ref.mean_, ref.components_, ref.explained_variance_, whiten=True))
    cov = np.cov(Z.T)
    assert np.allclose(cov, np.eye(3), atol=1e-8), f"covariance of whitened data\n{cov.round(4)}\nexpected I: divide by sqrt(variance)"


@pytest.mark.region("transform", needs=["fit"])
def test_full_rank_round_trip(lab):
    """Keeping all D components, Z @ components + mean reconstructs X exactly."""
    X = _data(8, 20, 3)
    mean, comps, var, _ = lab.fit_pca(X, 3)
    Z = np.asarray(lab.transform(X, mean, comps, var))
    back = Z @ np.asarray(comps) + mean
    assert np.allclose(back, X, atol=1e-9), f"reconstruction error {np.abs(back - X).max():.3g}"
