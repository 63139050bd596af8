"""Grader for e14 - linear SVM by subgradient descent.

References: sklearn.svm.SVC(kernel="linear", C=1/(lam N)), an exact dual solver of the same
objective (its bias is unpenalised too), compared on objective value, decisions and margin;
a two-point problem solved by hand (w = 1, b = 0); and a replay of the specified schedule
written here to check that the best iterate, not the last, is returned.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.svm import SVC


def _objective(X, y, w, b, lam):
    return 0.5 * lam * float(w @ w) + np.maximum(0.0, 1.0 - y * (X @ w + b)).mean()


def _blobs(seed, std):
    X, y = make_blobs(120, centers=2, n_features=3, cluster_std=std, random_state=seed)
    X = (X - X.mean(0)) / X.std(0)
    return X, 2 * y - 1


@pytest.mark.region("solve")
def test_two_point_example(lab):
    """The README example: x = +-1 with labels +-1 and lam = 0.1 give w = 1, b = 0, J = 0.05."""
    X, y = np.array([[1.0], [-1.0]]), np.array([1, -1])
    w, b = lab.svm_fit(X, y, lam=0.1, lr=1.0, n_iters=100)
    w = np.asarray(w, dtype=float)
    assert w.shape == (1,), f"w has shape {w.shape}, expected (1,)"
    assert abs(w[0] - 1.0) < 0.05 and abs(b) < 0.05, f"got w={w}, b={b}, expected w=[1], b=0 (margin exactly 1)"


@pytest.mark.region("solve")
@pytest.mark.parametrize("seed, std", [(0, 1.0), (1, 2.5), (4, 4.0)])
def test_objective_and_decisions_match_svc(lab, seed, std):
    """Standardised blobs, lam=0.1, 2000 steps: J within 0.005 of SVC's optimum, >= 95 % same decisions."""
    X, y = _blobs(seed, std)
    lam = 0.1
    w, b = lab.svm_fit(X, y, lam=lam, lr=1.0, n_iters=2000)
    w = np.asarray(w, dtype=float)
    ref = SVC(kernel="linear", C=1.0 / (lam * len(y)), tol=1e-8).fit(X, y)
    ws, bs = ref.coef_[0], ref.intercept_[0]
    j, js = _objective(X, y, w, b, lam), _objective(X, y, ws, bs, lam)
    assert j <= js + 5e-3, f"blobs seed={seed}: your J(w, b) = {j:.5f}, the optimum (SVC) is {js:.5f}"
    agree = (np.sign(X @ w + b) == np.sign(X @ ws + bs)).mean()
    assert agree >= 0.95, f"blobs seed={seed}: only {agree:.0%} of the decisions agree with SVC"


@pytest.mark.region("solve")
def test_margin_width_on_separable_data(lab):
    """Well-separated blobs: the margin 2/||w|| is within 10 % of SVC's."""
    X, y = _blobs(2, 0.5)
    lam = 0.1
    w, b = lab.svm_fit(X, y, lam=lam, lr=1.0, n_iters=2000)
    ref = SVC(kernel="linear", C=1.0 / (lam * len(y)), tol=1e-8).fit(X, y)
    got, want = 2 / np.linalg.norm(w), 2 / np.linalg.norm(ref.coef_[0])
    assert abs(got - want) <= 0.1 * want, f"margin width 2/||w|| = {got:.4f}, SVC gives {want:.4f}"
    assert (np.sign(X @ np.asarray(w) + b) == y).all(), "separable data should be classified without training error"


@pytest.mark.region("solve")
def test_returns_best_iterate_not_last(lab):
    """A too-large step makes the iterates oscillate: the returned (w, b) is the best one visited."""
    X, y = _blobs(3, 2.0)
    lam, lr, n_iters = 0.1, 20.0, 30
    w, b = np.zeros(3), 0.0
    best = _objective(X, y, w, b, lam)
    for t in range(n_iters):
        act = y * (X @ w + b) < 1
        gw, gb = lam * w - (y[act] @ X[act]) / len(y), -y[act].sum() / len(y)
        w, b = w - lr / np.sqrt(t + 1) * gw, b - lr / np.sqrt(t + 1) * gb
        best = min(best, _objective(X, y, w, b, lam))
    last = _objective(X, y, w, b, lam)
    gw_, gb_ = lab.svm_fit(X, y, lam=lam, lr=lr, n_iters=n_iters)
    got = _objective(X, y, np.asarray(gw_, dtype=float), gb_, lam)
    assert abs(got - best) <= 1e-9, (
        f"lr={lr}, {n_iters} steps: your iterate has J = {got:.6f}; the best visited has {best:.6f} (the last has {last:.6f})"
    )


@pytest.mark.region("solve")
def test_labels_must_be_plus_minus_one(lab):
    """Labels 0/1 raise ValueError (with y = 0 the hinge loses its meaning)."""
    with pytest.raises(ValueError):
        lab.svm_fit(np.array([[1.0], [-1.0]]), np.array([1, 0]))
