"""Grader for e15 - perceptron.

References: sklearn.linear_model.Perceptron(shuffle=False, eta0=1, alpha=0, tol=None), which
runs the same update in the same order and so must give the same w and b exactly; a
hand-traced example; Novikoff's mistake bound on data built with a known separating margin.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.linear_model import Perceptron


def _sklearn(X, y, epochs):
    p = Perceptron(shuffle=False, eta0=1.0, alpha=0.0, tol=None, max_iter=epochs, fit_intercept=True)
    return p.fit(X, y)


@st.composite
def _separable(draw):
    d = draw(st.integers(1, 3))
    w_star = draw(hnp.arrays(np.float64, d, elements=st.integers(-3, 3).map(float)).filter(lambda v: np.any(v != 0)))
    b_star = float(draw(st.integers(-3, 3)))
    X = draw(hnp.arrays(np.float64, (draw(st.integers(2, 16)), d), elements=st.integers(-5, 5).map(float)))
    score = X @ w_star + b_star
    keep = np.abs(score) >= 1  # a margin of at least 1 / ||[w*, b*]||
    X, y = X[keep], np.where(score[keep] > 0, 1, -1)
    return X, y, w_star, b_star


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: three updates (one on a point exactly on the boundary) give w=[2,-1], b=-1."""
    X = np.array([[0.0, 1.0], [2.0, 1.0], [1.0, -1.0], [-1.0, 0.0]])
    y = np.array([-1, 1, 1, -1])
    w, b, m = lab.perceptron_fit(X, y)
    assert np.allclose(w, [2, -1]) and b == -1 and m == 3, f"got w={w}, b={b}, mistakes={m}; expected [2, -1], -1, 3"


@pytest.mark.region("solve")
@given(_separable())
def test_separable_data_matches_sklearn_and_the_mistake_bound(lab, data):
    """Separable data: zero training error, at most (R/gamma)^2 updates, same w and b as sklearn's Perceptron."""
    X, y, w_star, b_star = data
    if len(y) == 0:
        return
    w, b, m = lab.perceptron_fit(X, y, max_epochs=1000)
    w = np.asarray(w, dtype=float)
    pred = np.where(X @ w + b > 0, 1, -1)
    assert (pred == y).all(), (
        f"X={X.tolist()}, y={y.tolist()}: w={w}, b={b} still misclassifies {int((pred != y).sum())} points"
    )
    xa = np.hstack([X, np.ones((len(X), 1))])
    u = np.append(w_star, b_star)
    gamma = (y * (xa @ u)).min() / np.linalg.norm(u)
    bound = (np.linalg.norm(xa, axis=1).max() / gamma) ** 2
    assert m <= bound + 1e-9, f"{m} updates exceed Novikoff's bound (R/gamma)^2 = {bound:.2f}"
    if len(np.unique(y)) == 2:
        ref = _sklearn(X, y, 1000)
        assert np.allclose(w, ref.coef_[0]) and np.isclose(b, ref.intercept_[0]), (
            f"X={X.tolist()}, y={y.tolist()}: got w={w}, b={b}; sklearn's in-order perceptron gives "
            f"w={ref.coef_[0]}, b={ref.intercept_[0]}"
        )


@pytest.mark.region("solve")
def test_non_separable_stops_after_max_epochs(lab):
    """XOR is not linearly separable: exactly max_epochs epochs run, and w, b equal sklearn's after 7 epochs."""
    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    y = np.array([-1, -1, 1, 1])
    w, b, m = lab.perceptron_fit(X, y, max_epochs=7)
    ref = _sklearn(X, y, 7)
    assert np.allclose(w, ref.coef_[0]) and np.isclose(b, ref.intercept_[0]), (
        f"XOR, 7 epochs: got w={w}, b={b}; expected w={ref.coef_[0]}, b={ref.intercept_[0]}"
    )
    assert m >= 7, f"every XOR epoch makes at least one mistake, so >= 7 updates in 7 epochs, got {m}"


@pytest.mark.region("solve")
def test_one_class_and_empty(lab):
    """One class only: one update on the first sample; no samples: w = 0, b = 0, no updates."""
    w, b, m = lab.perceptron_fit(np.array([[1.0, 2.0], [3.0, 1.0]]), np.array([1, 1]))
    assert np.allclose(w, [1, 2]) and b == 1 and m == 1, f"got w={w}, b={b}, mistakes={m}; expected [1, 2], 1, 1"
    w, b, m = lab.perceptron_fit(np.zeros((0, 3)), np.zeros(0, dtype=int))
    assert np.asarray(w).shape == (3,) and np.allclose(w, 0) and b == 0 and m == 0, (
        f"no samples: got w={w}, b={b}, mistakes={m}; expected zeros(3), 0, 0"
    )


@pytest.mark.region("solve")
def test_labels_must_be_plus_minus_one(lab):
    """Labels 0/1 raise ValueError: with y = 0 the update does nothing."""
    with pytest.raises(ValueError):
        lab.perceptron_fit(np.array([[1.0], [2.0]]), np.array([0, 1]))
