"""Grader for e04 - logistic regression by gradient descent.

References: sklearn.metrics.log_loss for the loss value, float64 central finite differences
for the gradient, sklearn.linear_model.LogisticRegression (lbfgs, C = 1 / (N·l2), the same
objective up to a factor N) for the fitted model, plus a hand-computed case at w = 0 and
extreme logits (|z| = 1000) for numerical stability.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from cvlab.testing import numerical_gradient


def _data(seed: int, n: int, d: int):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d) * 2
    y = (rng.random(n) < 1 / (1 + np.exp(-(X @ w + 0.3)))).astype(float)
    return X, y


# ---------------------------------------------------------------- loss_grad
@pytest.mark.region("loss_grad")
def test_loss_grad_at_zero_by_hand(lab):
    """The README example: at w = 0, b = 0 the loss is log 2 and the gradient is Xᵀ(½ - y)/N."""
    X = np.array([[0.0, 1.0], [2.0, -1.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0])
    loss, gw, gb = lab.loss_grad(np.zeros(2), 0.0, X, y)
    assert np.isclose(loss, np.log(2)), f"loss at w=0 = {loss}, expected log 2 = {np.log(2)}"
    assert np.allclose(gw, [-0.5, 1 / 6]), f"grad_w at w=0 = {gw}, expected [-0.5, 0.16667] = Xᵀ(p - y)/N"
    assert np.isclose(gb, -1 / 6), f"grad_b at w=0 = {gb}, expected mean(p - y) = -1/6"


@pytest.mark.region("loss_grad")
@given(st.integers(0, 10_000), st.integers(1, 12), st.integers(1, 5), st.sampled_from([0.0, 0.1, 2.0]))
def test_loss_matches_sklearn_log_loss(lab, seed, n, d, l2):
    """Random w, b: loss = sklearn log_loss(y, σ(Xw + b)) + (l2/2)||w||², bias unpenalised."""
    X, y = _data(seed, n, d)
    rng = np.random.default_rng(seed + 1)
    w, b = rng.normal(size=d), float(rng.normal() * 2)
    loss, _, _ = lab.loss_grad(w, b, X, y, l2)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    ref = log_loss(y, p, labels=[0, 1]) + 0.5 * l2 * w @ w
    assert np.isclose(loss, ref, rtol=1e-7, atol=1e-9), f"w={w}, b={b:.3f}, l2={l2}: loss {loss}, expected {ref}"


@pytest.mark.region("loss_grad")
@given(st.integers(0, 10_000), st.integers(1, 12), st.integers(1, 5), st.sampled_from([0.0, 0.3]))
def test_gradient_matches_finite_differences(lab, seed, n, d, l2):
    """Central differences (h = 1e-6) of the loss agree with grad_w and grad_b to 1e-5 relative."""
    X, y = _data(seed, n, d)
    rng = np.random.default_rng(seed + 2)
    w, b = rng.normal(size=d), float(rng.normal())
    _, gw, gb = lab.loss_grad(w, b, X, y, l2)
    h = 1e-6

    def f(w_, b_):
        z = X @ w_ + b_
        return np.mean(np.logaddexp(0, z) - y * z) + 0.5 * l2 * w_ @ w_

    theta = np.append(w, b)  # (d + 1,): the weights, then the bias
    num = numerical_gradient(lambda: f(theta[:-1], theta[-1]), theta, h=h)
    got = np.append(np.asarray(gw, dtype=float), gb)
    rel = np.abs(got - num).max() / max(1e-8, np.abs(num).max())
    assert rel < 1e-5, f"analytic gradient {got} vs central differences {num}: relative error {rel:.2e}"


@pytest.mark.region("loss_grad")
def test_extreme_logits_are_stable(lab):
    """Logits of ±1000: loss is finite and exact (1000 for a confidently wrong point), gradient finite."""
    X = np.array([[1000.0], [-1000.0], [1000.0]])
    y = np.array([0.0, 0.0, 1.0])
    loss, gw, gb = lab.loss_grad(np.ones(1), 0.0, X, y)
    # point 0: z = 1000, y = 0 -> loss 1000; point 1: z = -1000, y = 0 -> ~0; point 2: z = 1000, y = 1 -> ~0
    assert np.isfinite(loss) and np.isclose(loss, 1000 / 3), (
        f"loss with logits ±1000 = {loss}, expected 1000/3 = {1000 / 3:.4f}: use log(1 + e^z) = logaddexp(0, z), not log(σ(z))"
    )
    assert np.all(np.isfinite(gw)) and np.isfinite(gb), f"gradient not finite: {gw}, {gb}"
    assert np.allclose(gw, [1000 / 3]), f"grad_w = {gw}, expected [(1000·1 + -1000·0 + 1000·0)/3]"


@pytest.mark.region("loss_grad")
def test_bad_labels_raise(lab):
    """Labels other than 0 and 1 (e.g. -1/+1) raise ValueError."""
    with pytest.raises(ValueError):
        lab.loss_grad(np.zeros(1), 0.0, np.ones((2, 1)), np.array([-1.0, 1.0]))


# ---------------------------------------------------------------- fit
@pytest.mark.region("fit", needs=["loss_grad"])
@pytest.mark.parametrize("seed, l2", [(0, 0.01), (1, 0.1), (2, 0.05)])
def test_fit_matches_sklearn(lab, seed, l2):
    """Noisy 2-class data: w, b within 1e-3 of sklearn LogisticRegression(C = 1/(N·l2)), probabilities within 1e-3."""
    X, y = _data(seed, 80, 3)
    w, b = lab.fit(X, y, l2=l2, lr=0.5, n_iters=2000)
    ref = LogisticRegression(C=1 / (len(y) * l2), tol=1e-10, max_iter=10_000).fit(X, y)
    assert np.allclose(w, ref.coef_[0], atol=1e-3), f"l2={l2}: got w={w}, sklearn coef_={ref.coef_[0]}"
    assert np.isclose(b, ref.intercept_[0], atol=1e-3), f"l2={l2}: got b={b}, sklearn intercept_={ref.intercept_[0]}"
    p = 1 / (1 + np.exp(-(X @ np.asarray(w) + b)))
    assert np.allclose(p, ref.predict_proba(X)[:, 1], atol=1e-3), "predicted probabilities differ from sklearn by more than 1e-3"


@pytest.mark.region("fit", needs=["loss_grad"])
def test_fit_separable_stays_finite(lab):
    """Perfectly separable data with l2 = 0: weights grow but stay finite, all points classified right."""
    X = np.array([[-2.0], [-1.0], [-0.5], [0.5], [1.0], [2.0]])
    y = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    w, b = lab.fit(X, y, l2=0.0, lr=1.0, n_iters=3000)
    assert np.all(np.isfinite(w)) and np.isfinite(b), f"fit on separable data returned w={w}, b={b}"
    pred = (X @ np.asarray(w) + b) > 0
    assert np.array_equal(pred, y == 1), f"separable data: predictions {pred.astype(int)}, labels {y.astype(int)}"
    assert np.asarray(w)[0] > 3, f"without regularisation the weight should keep growing, got w={w}"
