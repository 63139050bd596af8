"""Grader for e02 - ridge regression in closed form.

Reference: sklearn.linear_model.Ridge (fit_intercept=True: the same objective, intercept not
penalised, solved by its own Cholesky/SVD code) and sklearn LinearRegression for alpha = 0,
plus a hand-computed one-feature case and the limits alpha -> 0 and alpha -> infinity.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import LinearRegression, Ridge


def _problem(seed: int, n: int, d: int, offset: float = 0.7):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(size=d)
    y = X @ rng.normal(size=d) + offset + 0.1 * rng.normal(size=n)
    return X, y


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: y = 2x + 1 on x = 0..3 with alpha = 1 gives w = 5/3, b = 1.5."""
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([1.0, 3.0, 5.0, 7.0])
    w, b = lab.fit_ridge(X, y, 1.0)
    assert np.asarray(w).shape == (1,), f"w should have shape (1,), got {np.asarray(w).shape}"
    assert np.allclose(w, [5 / 3]) and np.isclose(b, 1.5), f"got w={w}, b={b}; expected w=[5/3], b=1.5 (Σxc·yc / (Σxc² + α) = 10/6)"


@pytest.mark.region("solve")
@given(st.integers(0, 10_000), st.integers(1, 16), st.integers(1, 6), st.sampled_from([0.01, 0.5, 3.0, 50.0]))
def test_matches_sklearn_ridge(lab, seed, n, d, alpha):
    """Random data, N from 1 to 16 and D up to 6 (so D > N happens): w and b equal sklearn Ridge's."""
    X, y = _problem(seed, n, d)
    w, b = lab.fit_ridge(X, y, alpha)
    ref = Ridge(alpha=alpha, fit_intercept=True, solver="svd").fit(X, y)
    assert np.allclose(w, ref.coef_, atol=1e-6, rtol=1e-6), f"X {X.shape}, alpha={alpha}: got w={w}, sklearn coef_={ref.coef_}"
    assert np.isclose(b, ref.intercept_, atol=1e-6, rtol=1e-6), f"X {X.shape}, alpha={alpha}: got b={b}, sklearn intercept_={ref.intercept_}"


@pytest.mark.region("solve")
def test_wide_data_dual_form(lab):
    """D = 200 features, N = 15 samples: the result equals sklearn Ridge (dual form is the fast way)."""
    X, y = _problem(5, 15, 200)
    w, b = lab.fit_ridge(X, y, 2.0)
    ref = Ridge(alpha=2.0).fit(X, y)
    assert np.asarray(w).shape == (200,), f"w shape {np.asarray(w).shape}, expected (200,)"
    assert np.allclose(w, ref.coef_, atol=1e-6), f"D > N: w differs from sklearn by {np.abs(np.asarray(w) - ref.coef_).max():.3g}"
    assert np.isclose(b, ref.intercept_, atol=1e-6), f"D > N: got b={b}, expected {ref.intercept_}"


@pytest.mark.region("solve")
def test_intercept_is_not_penalised(lab):
    """A large constant offset in y goes entirely into b: the fit is the same as without the offset."""
    X, y = _problem(6, 30, 3, offset=0.0)
    w0, b0 = lab.fit_ridge(X, y, 10.0)
    w1, b1 = lab.fit_ridge(X, y + 1000.0, 10.0)
    assert np.allclose(w0, w1, atol=1e-8), f"adding 1000 to y changed w from {w0} to {w1}: the intercept must not be penalised"
    assert np.isclose(b1 - b0, 1000.0, atol=1e-6), f"adding 1000 to y moved b by {b1 - b0}, expected exactly 1000"


@pytest.mark.region("solve")
def test_alpha_zero_is_least_squares_even_if_singular(lab):
    """alpha = 0 with a duplicated column: predictions equal ordinary least squares."""
    X, y = _problem(7, 25, 3)
    Xd = np.hstack([X, X[:, :1]])
    w, b = lab.fit_ridge(Xd, y, 0.0)
    pred = Xd @ np.asarray(w) + b
    ref = LinearRegression().fit(X, y).predict(X)
    assert np.all(np.isfinite(pred)), "alpha = 0 with collinear columns gave non-finite weights"
    assert np.allclose(pred, ref, atol=1e-6), f"alpha = 0 predictions differ from least squares by {np.abs(pred - ref).max():.3g}"


@pytest.mark.region("solve")
def test_huge_alpha_shrinks_to_the_mean(lab):
    """alpha -> infinity: w -> 0 and b -> mean(y)."""
    X, y = _problem(8, 20, 4)
    w, b = lab.fit_ridge(X, y, 1e12)
    assert np.abs(w).max() < 1e-8, f"alpha = 1e12 should shrink w to ~0, got {w}"
    assert np.isclose(b, y.mean(), atol=1e-6), f"alpha = 1e12: b = {b}, expected mean(y) = {y.mean()}"


@pytest.mark.region("solve")
def test_single_sample(lab):
    """N = 1: centred data is all zero, so w = 0 and b = y[0]."""
    w, b = lab.fit_ridge(np.array([[2.0, -1.0]]), np.array([5.0]), 1.0)
    assert np.allclose(w, 0) and np.isclose(b, 5.0), f"one sample: got w={w}, b={b}; expected w=0, b=5"


@pytest.mark.region("solve")
@pytest.mark.parametrize("shape_x, shape_y, alpha", [((3, 2), (3,), -1.0), ((0, 2), (0,), 1.0), ((3, 2), (2,), 1.0)])
def test_bad_input_raises(lab, shape_x, shape_y, alpha):
    """Negative alpha, no samples, or len(y) != N raise ValueError."""
    with pytest.raises(ValueError):
        lab.fit_ridge(np.ones(shape_x), np.ones(shape_y), alpha)
