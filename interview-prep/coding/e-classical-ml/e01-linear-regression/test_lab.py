"""Grader for e01 - linear regression, closed form and gradient descent.

References: sklearn.linear_model.LinearRegression (centred least squares, an independent
implementation) for the closed form, plus exact constructed data (y = 2x + 1), a hand-computed
first gradient step, and the normal-equation optimum that gradient descent must reach.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import LinearRegression


def _problem(seed: int, n: int, d: int, noise: float = 0.1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    y = X @ w + 0.7 + noise * rng.normal(size=n)
    return X, y


# ---------------------------------------------------------------- fit_normal
@pytest.mark.region("fit_normal")
def test_normal_worked_example(lab):
    """The README example: points on y = 2x + 1 give w = [2], b = 1 exactly."""
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([1.0, 3.0, 5.0, 7.0])
    w, b = lab.fit_normal(X, y)
    assert np.asarray(w).shape == (1,), f"w should have shape (D,) = (1,), got {np.asarray(w).shape}"
    assert np.allclose(w, [2.0]) and np.isclose(b, 1.0), f"fit_normal on y = 2x + 1: got w={w}, b={b}, expected w=[2], b=1"


@pytest.mark.region("fit_normal")
@given(st.integers(0, 10_000), st.integers(2, 16), st.integers(1, 5))
def test_normal_matches_sklearn(lab, seed, n, d):
    """Random full-rank data: w and b equal sklearn LinearRegression's to 1e-6."""
    X, y = _problem(seed, n + d, d)  # N > D, so the solution is unique
    w, b = lab.fit_normal(X, y)
    ref = LinearRegression().fit(X, y)
    assert np.allclose(w, ref.coef_, atol=1e-6), f"X {X.shape}: got w={w}, sklearn coef_={ref.coef_}"
    assert np.isclose(b, ref.intercept_, atol=1e-6), f"X {X.shape}: got b={b}, sklearn intercept_={ref.intercept_}"


@pytest.mark.region("fit_normal")
def test_normal_rank_deficient(lab):
    """A duplicated column (XᵀX singular): predictions still equal the least-squares fit."""
    X, y = _problem(3, 30, 3)
    Xd = np.hstack([X, X[:, :1]])  # column 0 twice
    w, b = lab.fit_normal(Xd, y)
    pred = Xd @ np.asarray(w) + b
    ref = LinearRegression().fit(X, y).predict(X)
    assert np.all(np.isfinite(pred)), "fit_normal returned non-finite weights for a duplicated column (did you invert XᵀX?)"
    assert np.allclose(pred, ref, atol=1e-6), (
        f"with a duplicated column the predictions differ from least squares by {np.abs(pred - ref).max():.3g}; "
        "XᵀX is singular: solve with lstsq / pinv instead of inv"
    )


@pytest.mark.region("fit_normal")
def test_normal_underdetermined_interpolates(lab):
    """N <= D (more features than samples): a least-squares solution fits the training data exactly."""
    X, y = _problem(4, 3, 6)
    w, b = lab.fit_normal(X, y)
    pred = X @ np.asarray(w) + b
    assert np.allclose(pred, y, atol=1e-8), f"N=3, D=6: training predictions {pred} should equal y {y}"


@pytest.mark.region("fit_normal")
def test_normal_integer_input(lab):
    """Integer X and y are cast to float (no integer division or truncation)."""
    X = np.array([[0], [1], [2], [4]], dtype=np.int64)
    y = np.array([1, 2, 2, 4], dtype=np.int64)
    w, b = lab.fit_normal(X, y)
    ref = LinearRegression().fit(X.astype(float), y.astype(float))
    assert np.allclose(w, ref.coef_) and np.isclose(b, ref.intercept_), f"got w={w}, b={b}; expected {ref.coef_}, {ref.intercept_}"


@pytest.mark.region("fit_normal")
@pytest.mark.parametrize("shape_x, shape_y", [((0, 2), (0,)), ((3, 2), (4,)), ((3, 2), (3, 1))])
def test_normal_bad_shapes_raise(lab, shape_x, shape_y):
    """No samples, len(y) != N, or a 2-D y raise ValueError."""
    with pytest.raises(ValueError):
        lab.fit_normal(np.ones(shape_x), np.ones(shape_y))


# ---------------------------------------------------------------- fit_gd
@pytest.mark.region("fit_gd")
def test_gd_first_step_by_hand(lab):
    """One step from zero: w = lr·Xᵀy/N, b = lr·mean(y), losses = [mean(y²)/2]."""
    X = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    y = np.array([3.0, -1.0, 2.0])
    w, b, losses = lab.fit_gd(X, y, lr=0.5, n_iters=1)
    want_w = 0.5 * X.T @ y / 3  # [5/6, 0]
    assert np.allclose(w, want_w), f"after one step with lr=0.5: got w={w}, expected {want_w} (gradient is Xᵀr/N)"
    assert np.isclose(b, 0.5 * y.mean()), f"after one step: got b={b}, expected {0.5 * y.mean()}"
    assert np.asarray(losses).shape == (1,), f"losses should have shape (n_iters,) = (1,), got {np.asarray(losses).shape}"
    assert np.isclose(losses[0], np.mean(y**2) / 2), f"losses[0] = {losses[0]}, expected mean(y²)/2 = {np.mean(y**2) / 2}"


@pytest.mark.region("fit_gd")
def test_gd_reaches_the_closed_form(lab):
    """Well-conditioned data: 2000 steps of lr 0.1 reach sklearn's least-squares w and b to 1e-4."""
    X, y = _problem(7, 60, 4)
    w, b, losses = lab.fit_gd(X, y, lr=0.1, n_iters=2000)
    ref = LinearRegression().fit(X, y)
    assert np.allclose(w, ref.coef_, atol=1e-4), f"gradient descent ended at w={w}, least squares is {ref.coef_}"
    assert np.isclose(b, ref.intercept_, atol=1e-4), f"gradient descent ended at b={b}, least squares is {ref.intercept_}"
    assert np.asarray(losses).shape == (2000,), f"losses shape {np.asarray(losses).shape}, expected (2000,)"


@pytest.mark.region("fit_gd")
def test_gd_loss_history_decreases(lab):
    """With a stable step size the recorded loss never increases and starts at mean(y²)/2."""
    X, y = _problem(8, 40, 3, noise=0.5)
    _, _, losses = lab.fit_gd(X, y, lr=0.05, n_iters=200)
    losses = np.asarray(losses)
    assert np.isclose(losses[0], np.mean(y**2) / 2), f"losses[0] = {losses[0]}, expected the loss at w=0, b=0: {np.mean(y**2) / 2}"
    assert np.all(np.diff(losses) <= 1e-12), f"loss went up at step {int(np.argmax(np.diff(losses) > 1e-12)) + 1}"


@pytest.mark.region("fit_gd")
def test_gd_bad_shapes_raise(lab):
    """Mismatched X and y raise ValueError."""
    with pytest.raises(ValueError):
        lab.fit_gd(np.ones((3, 2)), np.ones(4))
