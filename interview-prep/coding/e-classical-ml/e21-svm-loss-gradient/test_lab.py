"""Grader for e21 - vectorised multiclass SVM loss and gradient.

References: an explicit double loop over samples and classes written here (the definition,
term by term); float64 central differences of the loss for the gradient (relative error);
a hand-computed example that includes a margin of exactly 0.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvlab.testing import numerical_gradient


def _loop_reference(W, X, y, reg):
    n, c = X.shape[0], W.shape[1]
    loss, dW = 0.0, np.zeros_like(W)
    for i in range(n):
        s = X[i] @ W
        for j in range(c):
            if j == y[i]:
                continue
            m = s[j] - s[y[i]] + 1.0
            if m > 0:
                loss += m
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    return loss / n + reg * np.sum(W * W), dW / n + 2 * reg * W


def _problem(seed, n, d, c):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(d, c)) * 0.5, rng.normal(size=(n, d)), rng.integers(0, c, size=n)


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: loss 3.075 (one margin is exactly 0 and does not count) and its gradient."""
    W = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.5]])
    X = np.array([[1.0, 2.0], [0.5, -1.0]])
    y = np.array([0, 2])
    loss, dW = lab.svm_loss(W, X, y, reg=0.1)
    want = np.array([[-0.05, 0.75, -0.7], [-1.5, 0.7, 1.1]])
    assert np.isclose(loss, 3.075), f"loss {loss}, expected 3.075 = (2 + 2.5 + 1)/2 + 0.1 * 3.25"
    assert np.asarray(dW).shape == (2, 3) and np.allclose(dW, want), f"dW\n{np.asarray(dW)}\nexpected\n{want}"


@pytest.mark.region("solve")
@given(
    st.integers(0, 2**31 - 1),
    st.integers(1, 16),
    st.integers(1, 6),
    st.integers(2, 6),
    st.sampled_from([0.0, 0.05, 1.0]),
)
def test_matches_loop_reference(lab, seed, n, d, c, reg):
    """Random problems: loss and gradient equal an explicit loop over samples and classes."""
    W, X, y = _problem(seed, n, d, c)
    loss, dW = lab.svm_loss(W, X, y, reg)
    rl, rdW = _loop_reference(W, X, y, reg)
    assert np.isclose(loss, rl, rtol=1e-9, atol=1e-12), f"N={n}, D={d}, C={c}, reg={reg}: loss {loss}, expected {rl}"
    assert np.allclose(dW, rdW, rtol=1e-9, atol=1e-12), (
        f"N={n}, D={d}, C={c}, reg={reg}: gradient off by up to {np.abs(np.asarray(dW) - rdW).max():.3g}"
    )


@pytest.mark.region("solve")
def test_gradient_check_central_differences(lab):
    """dW agrees with central differences of the loss (h = 1e-5) to a relative error below 1e-6."""
    W, X, y = _problem(7, 30, 5, 4)
    reg = 0.1
    _, dW = lab.svm_loss(W, X, y, reg)
    num = numerical_gradient(lambda: lab.svm_loss(W.copy(), X, y, reg)[0], W, h=1e-5)
    rel = np.abs(np.asarray(dW) - num).max() / max(1e-12, np.abs(num).max())
    assert rel < 1e-6, f"analytic vs numerical gradient: max relative error {rel:.3g}; numerical\n{num}\nanalytic\n{dW}"


@pytest.mark.region("solve")
def test_zero_weights_give_c_minus_one(lab):
    """W = 0: every wrong class has margin exactly 1, so the loss is C - 1 (reg adds nothing)."""
    X = np.random.default_rng(3).normal(size=(5, 4))
    loss, _ = lab.svm_loss(np.zeros((4, 3)), X, np.array([0, 1, 2, 0, 1]), reg=2.0)
    assert np.isclose(loss, 2.0), f"W=0, C=3: loss {loss}, expected C - 1 = 2"


@pytest.mark.region("solve")
def test_bad_labels_raise(lab):
    """A label outside [0, C) or no samples raise ValueError."""
    W = np.zeros((2, 3))
    with pytest.raises(ValueError):
        lab.svm_loss(W, np.ones((2, 2)), np.array([0, 3]), 0.0)
    with pytest.raises(ValueError):
        lab.svm_loss(W, np.ones((0, 2)), np.zeros(0, dtype=int), 0.0)
