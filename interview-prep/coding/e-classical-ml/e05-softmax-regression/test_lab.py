"""Grader for e05 - softmax regression.

References: sklearn.metrics.log_loss (cross-entropy value), float64 central finite
differences (gradient), sklearn.linear_model.LogisticRegression (lbfgs, multinomial for K > 2,
C = 1 / (N·l2): the same objective times N) for the trained weights and probabilities, plus a
hand-computed case at W = 0 and logits of 1000 for numerical stability.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from cvlab.testing import numerical_gradient


def _blobs(seed: int, n: int, d: int, k: int, spread: float = 1.5):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, d)) * 2
    y = np.arange(n) % k
    X = centres[y] + spread * rng.normal(size=(n, d))
    return X, y


def _softmax(Z):
    Z = Z - Z.max(1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(1, keepdims=True)


# ---------------------------------------------------------------- loss_grad
@pytest.mark.region("loss_grad")
def test_loss_grad_at_zero_by_hand(lab):
    """The README example: at W = 0 the loss is log K and grad_W = Xᵀ(1/K - Y)/N."""
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    y = np.array([0, 1, 2])
    loss, gW, gb = lab.loss_grad(np.zeros((2, 3)), np.zeros(3), X, y)
    want = np.array([[-1, 0, 1], [0, -1, 1]]) / 3
    assert np.isclose(loss, np.log(3)), f"loss at W=0 = {loss}, expected log 3 = {np.log(3)}"
    assert np.asarray(gW).shape == (2, 3), f"grad_W shape {np.asarray(gW).shape}, expected (D, K) = (2, 3)"
    assert np.allclose(gW, want), f"grad_W =\n{gW}\nexpected\n{want}"
    assert np.allclose(gb, 0), f"grad_b = {gb}, expected 0 (one sample per class)"


@pytest.mark.region("loss_grad")
@given(st.integers(0, 10_000), st.integers(1, 12), st.integers(1, 4), st.integers(2, 5), st.sampled_from([0.0, 0.2]))
def test_loss_matches_sklearn_log_loss(lab, seed, n, d, k, l2):
    """Random W, b: loss = sklearn log_loss(y, softmax(XW + b)) + (l2/2)||W||², b unpenalised."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, k, size=n)
    W, b = rng.normal(size=(d, k)), rng.normal(size=k)
    loss, _, _ = lab.loss_grad(W, b, X, y, l2)
    ref = log_loss(y, _softmax(X @ W + b), labels=np.arange(k)) + 0.5 * l2 * np.sum(W * W)
    assert np.isclose(loss, ref, rtol=1e-7, atol=1e-9), f"N={n}, D={d}, K={k}, l2={l2}: loss {loss}, expected {ref}"


@pytest.mark.region("loss_grad")
@given(st.integers(0, 10_000), st.integers(1, 10), st.integers(1, 4), st.integers(2, 4), st.sampled_from([0.0, 0.3]))
def test_gradient_matches_finite_differences(lab, seed, n, d, k, l2):
    """Central differences (h = 1e-6) agree with grad_W and grad_b to 1e-5 relative."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, k, size=n)
    W, b = rng.normal(size=(d, k)), rng.normal(size=k)
    _, gW, gb = lab.loss_grad(W, b, X, y, l2)
    theta = np.concatenate([W.ravel(), b])

    def f(t):
        W_, b_ = t[: d * k].reshape(d, k), t[d * k :]
        Z = X @ W_ + b_
        lse = np.log(np.exp(Z - Z.max(1, keepdims=True)).sum(1)) + Z.max(1)
        return np.mean(lse - Z[np.arange(n), y]) + 0.5 * l2 * np.sum(W_ * W_)

    num = numerical_gradient(lambda: f(theta), theta, h=1e-6)
    got = np.concatenate([np.asarray(gW, dtype=float).ravel(), np.asarray(gb, dtype=float)])
    rel = np.abs(got - num).max() / max(1e-8, np.abs(num).max())
    assert rel < 1e-5, f"analytic gradient vs central differences: relative error {rel:.2e}"


@pytest.mark.region("loss_grad")
def test_huge_logits_are_stable(lab):
    """Logits around 1000: loss is finite and exact (a margin of 1000 against the true class costs 1000)."""
    X = np.array([[1.0], [1.0]])
    W = np.array([[1000.0, 0.0, -1000.0]])
    y = np.array([0, 1])  # sample 0 right with margin 1000, sample 1 wrong by 1000
    loss, gW, gb = lab.loss_grad(W, np.zeros(3), X, y)
    assert np.isfinite(loss) and np.isclose(loss, 500.0), f"loss = {loss}, expected (0 + 1000)/2 = 500: subtract the row max before exp"
    assert np.all(np.isfinite(gW)) and np.all(np.isfinite(gb)), f"gradient not finite: {gW}, {gb}"


@pytest.mark.region("loss_grad")
@pytest.mark.parametrize("labels", [[0, 3], [-1, 0], [0.0, 1.5]])
def test_bad_labels_raise(lab, labels):
    """Labels >= K, negative labels or non-integer labels raise ValueError."""
    with pytest.raises(ValueError):
        lab.loss_grad(np.zeros((1, 3)), np.zeros(3), np.ones((2, 1)), np.array(labels))


# ---------------------------------------------------------------- fit
@pytest.mark.region("fit", needs=["loss_grad"])
@pytest.mark.parametrize("seed, k, l2", [(0, 3, 0.01), (1, 4, 0.05)])
def test_fit_matches_sklearn(lab, seed, k, l2):
    """Overlapping blobs: W within 2e-3 and probabilities within 1e-3 of sklearn's multinomial LogisticRegression."""
    X, y = _blobs(seed, 90, 2, k)
    W, b = lab.fit(X, y, k, l2=l2, lr=0.5, n_iters=2000)
    ref = LogisticRegression(C=1 / (len(y) * l2), tol=1e-10, max_iter=10_000).fit(X, y)
    P = _softmax(X @ np.asarray(W) + np.asarray(b))
    assert np.asarray(W).shape == (2, k) and np.asarray(b).shape == (k,), f"shapes W {np.asarray(W).shape}, b {np.asarray(b).shape}"
    assert np.allclose(W, ref.coef_.T, atol=2e-3), f"W =\n{W}\nsklearn coef_.T =\n{ref.coef_.T}"
    err = np.abs(P - ref.predict_proba(X)).max()
    assert err < 1e-3, f"probabilities differ from sklearn by up to {err:.2e}"


@pytest.mark.region("fit", needs=["loss_grad"])
def test_fit_keeps_unseen_classes(lab):
    """n_classes = 4 but labels only use 0..2: W has 4 columns and class 3 gets low probability."""
    X, y = _blobs(2, 30, 2, 3, spread=0.5)
    W, b = lab.fit(X, y, 4, l2=0.01, lr=0.5, n_iters=300)
    assert np.asarray(W).shape == (2, 4), f"fit(..., n_classes=4) returned W of shape {np.asarray(W).shape}, expected (2, 4)"
    P = _softmax(X @ np.asarray(W) + np.asarray(b))
    assert P[:, 3].max() < 0.2, f"the never-seen class 3 still gets probability up to {P[:, 3].max():.2f}"
    assert np.mean(P.argmax(1) == y) > 0.9, "well-separated blobs should be >90% correct on the training set"
