"""Grader for e03 - lasso by coordinate descent.

References: sklearn.linear_model.Lasso (same objective (1/2N)||y - Xw - b||² + α||w||₁, its own
Cython coordinate descent run to a tight tolerance), the closed form for an orthogonal design
(lasso = soft-thresholded least squares), and α ≥ α_max = max|Xcᵀyc| / N giving w = 0 exactly.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import Lasso


def _sparse_problem(seed: int, n: int, d: int, k: int = 2):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) + rng.normal(size=d)
    w = np.zeros(d)
    w[rng.choice(d, size=min(k, d), replace=False)] = rng.choice([-3.0, 2.0, 4.0], size=min(k, d))
    y = X @ w + 1.5 + 0.1 * rng.normal(size=n)
    return X, y


# ---------------------------------------------------------------- soft_threshold
@pytest.mark.region("soft_threshold")
def test_soft_threshold_examples(lab):
    """The README example: S([-3, -0.5, 0.2, 2], 1) = [-2, 0, 0, 1]."""
    got = np.asarray(lab.soft_threshold(np.array([-3.0, -0.5, 0.2, 2.0]), 1.0))
    want = np.array([-2.0, 0.0, 0.0, 1.0])
    assert got.shape == want.shape and np.allclose(got, want), f"soft_threshold([-3, -0.5, 0.2, 2], 1) = {got}, expected {want}"


@pytest.mark.region("soft_threshold")
@given(st.floats(-50, 50), st.floats(0, 20))
def test_soft_threshold_is_the_prox_of_abs(lab, z, t):
    """S(z, t) minimises ½(x - z)² + t|x|: no nearby x (or 0) has a lower value."""
    x = float(np.asarray(lab.soft_threshold(np.array(z), t)))
    f = lambda v: 0.5 * (v - z) ** 2 + t * abs(v)
    for other in (0.0, x - 1e-3, x + 1e-3, z):
        assert f(x) <= f(other) + 1e-9, f"soft_threshold({z}, {t}) = {x} but x = {other} gives a lower ½(x-z)² + t|x|"
    if abs(z) <= t:
        assert x == 0.0, f"|z| <= t must give exactly 0, soft_threshold({z}, {t}) = {x}"


# ---------------------------------------------------------------- fit
@pytest.mark.region("fit", needs=["soft_threshold"])
def test_orthogonal_design_closed_form(lab):
    """The README example: orthogonal columns give w = S(ρ, α) / z = [2, 0], b = 0."""
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    y = np.array([3.0, -3.0, 0.5, -0.5])
    w, b = lab.fit_lasso(X, y, 0.5)
    assert np.allclose(w, [2.0, 0.0], atol=1e-9) and abs(b) < 1e-9, f"got w={w}, b={b}; expected w=[2, 0], b=0"
    assert np.asarray(w)[1] == 0.0, f"the second weight must be exactly 0.0, got {np.asarray(w)[1]!r}"


@pytest.mark.region("fit", needs=["soft_threshold"])
@given(st.integers(0, 10_000), st.integers(8, 16), st.integers(1, 6), st.sampled_from([0.01, 0.1, 0.5]))
def test_matches_sklearn_lasso(lab, seed, n, d, alpha):
    """Random sparse problems: w and b equal sklearn Lasso's (tight tolerance) to 1e-5."""
    X, y = _sparse_problem(seed, n, d)
    w, b = lab.fit_lasso(X, y, alpha)
    ref = Lasso(alpha=alpha, tol=1e-12, max_iter=100_000).fit(X, y)
    assert np.allclose(w, ref.coef_, atol=1e-5), f"X {X.shape}, alpha={alpha}: got w={w}, sklearn coef_={ref.coef_}"
    assert np.isclose(b, ref.intercept_, atol=1e-5), f"X {X.shape}, alpha={alpha}: got b={b}, sklearn intercept_={ref.intercept_}"


@pytest.mark.region("fit", needs=["soft_threshold"])
def test_recovers_the_sparse_support(lab):
    """40 samples, 10 features, 2 of them used: the zero weights are exactly 0.0, like sklearn's."""
    X, y = _sparse_problem(11, 40, 10)
    w, _ = lab.fit_lasso(X, y, 0.2)
    ref = Lasso(alpha=0.2, tol=1e-12, max_iter=100_000).fit(X, y).coef_
    got_zero, ref_zero = np.asarray(w) == 0.0, ref == 0.0
    assert np.array_equal(got_zero, ref_zero), (
        f"exact zeros at {np.flatnonzero(got_zero).tolist()}, sklearn has them at {np.flatnonzero(ref_zero).tolist()}; "
        "the lasso solution is sparse: soft-thresholding must produce exact 0.0"
    )


@pytest.mark.region("fit", needs=["soft_threshold"])
def test_alpha_above_alpha_max_gives_zero(lab):
    """alpha >= max|Xcᵀyc| / N: every weight is 0 and b = mean(y)."""
    X, y = _sparse_problem(12, 30, 5)
    Xc, yc = X - X.mean(0), y - y.mean()
    alpha_max = np.abs(Xc.T @ yc).max() / len(y)
    w, b = lab.fit_lasso(X, y, alpha_max * 1.001)
    assert np.all(np.asarray(w) == 0.0), f"alpha just above alpha_max = {alpha_max:.4g} must give w = 0, got {w}"
    assert np.isclose(b, y.mean()), f"with w = 0 the intercept is mean(y) = {y.mean()}, got {b}"


@pytest.mark.region("fit", needs=["soft_threshold"])
def test_constant_column_gets_zero_weight(lab):
    """A constant feature carries no information: its weight is 0, the others match sklearn."""
    X, y = _sparse_problem(13, 25, 3)
    Xk = np.hstack([X, np.full((25, 1), 7.0)])
    w, b = lab.fit_lasso(Xk, y, 0.1)
    ref = Lasso(alpha=0.1, tol=1e-12, max_iter=100_000).fit(Xk, y)
    assert np.all(np.isfinite(w)), f"a constant column gave non-finite weights {w} (division by its zero variance?)"
    assert np.asarray(w)[3] == 0.0, f"constant column weight = {np.asarray(w)[3]}, expected 0"
    assert np.allclose(w, ref.coef_, atol=1e-5) and np.isclose(b, ref.intercept_, atol=1e-5), f"got {w}, {b}; sklearn {ref.coef_}, {ref.intercept_}"


@pytest.mark.region("fit", needs=["soft_threshold"])
@pytest.mark.parametrize("shape_x, shape_y, alpha", [((3, 2), (3,), -0.1), ((0, 2), (0,), 0.1), ((3, 2), (4,), 0.1)])
def test_bad_input_raises(lab, shape_x, shape_y, alpha):
    """Negative alpha, no samples, or len(y) != N raise ValueError."""
    with pytest.raises(ValueError):
        lab.fit_lasso(np.ones(shape_x), np.ones(shape_y), alpha)
