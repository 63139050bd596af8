"""Grader for e13 - AdaBoost with decision stumps.

References: a hand-traced three-round example; a brute-force stump search written here
(every feature, every midpoint, both polarities) that re-derives the sample weights from
the returned model and checks each round's stump is a minimiser and each alpha is
log((1-e)/e); the AdaBoost training-error bound; and sklearn's AdaBoostClassifier with
depth-1 trees (a different stump criterion, so only accuracy is compared).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.datasets import make_classification
from sklearn.ensemble import AdaBoostClassifier
from sklearn.tree import DecisionTreeClassifier


def _stump(X, f, thr, pol):
    return np.where(X[:, int(f)] > thr, pol, -pol)


def _predict(X, stumps, alphas):
    score = np.zeros(len(X))
    for (f, thr, pol), a in zip(stumps, alphas):
        score += a * _stump(X, f, thr, pol)
    return np.where(score >= 0, 1, -1)


def _best_error(X, y, w):
    best = np.inf
    for f in range(X.shape[1]):
        v = np.unique(X[:, f])
        for thr in (v[1:] + v[:-1]) / 2:
            for pol in (1.0, -1.0):
                best = min(best, w[_stump(X, f, thr, pol) != y].sum())
    return best


@st.composite
def _problems(draw):
    n = draw(st.integers(2, 14))
    d = draw(st.integers(1, 3))
    X = draw(hnp.arrays(np.float64, (n, d), elements=st.integers(0, 5).map(float)))
    X[0, 0], X[1, 0] = 0.0, 5.0  # at least one split exists
    y = np.array(draw(st.lists(st.sampled_from([-1, 1]), min_size=n, max_size=n)))
    return X, y


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: three rounds on five 1-D points give the traced stumps and alphas."""
    X = np.array([[1.0], [2.0], [3.0], [4.0], [5.0]])
    y = np.array([1, 1, -1, -1, 1])
    stumps, alphas = lab.adaboost_fit(X, y, n_rounds=3)
    want_s = np.array([[0, 2.5, -1], [0, 4.5, 1], [0, 2.5, -1]], dtype=float)
    want_a = np.log([4.0, 3.0, 2.0])
    assert np.asarray(stumps).shape == (3, 3), f"stumps shape {np.asarray(stumps).shape}, expected (3, 3)"
    assert np.allclose(stumps, want_s), f"stumps\n{np.asarray(stumps)}\nexpected\n{want_s}"
    assert np.allclose(alphas, want_a), f"alphas {np.asarray(alphas)}, expected log(4), log(3), log(2) = {want_a}"


@pytest.mark.region("solve")
@given(_problems(), st.integers(1, 4))
def test_every_round_is_a_best_stump_with_samme_alpha(lab, problem, rounds):
    """Replaying the returned model: each stump minimises the weighted error, alpha = log((1-e)/e)."""
    X, y = problem
    stumps, alphas = lab.adaboost_fit(X, y, n_rounds=rounds)
    stumps, alphas = np.asarray(stumps, dtype=float).reshape(-1, 3), np.asarray(alphas, dtype=float)
    assert 1 <= len(stumps) <= rounds and len(alphas) == len(stumps), (
        f"n_rounds={rounds}: got {len(stumps)} stumps and {len(alphas)} alphas"
    )
    w = np.full(len(y), 1.0 / len(y))
    bound = 1.0
    for t, ((f, thr, pol), a) in enumerate(zip(stumps, alphas)):
        v = np.unique(X[:, int(f)])
        assert np.isclose((v[1:] + v[:-1]) / 2, thr).any(), (
            f"round {t}: threshold {thr} is not a midpoint between consecutive distinct values {v}"
        )
        assert pol in (1.0, -1.0), f"round {t}: polarity {pol}, expected +1 or -1"
        miss = _stump(X, f, thr, pol) != y
        e, best = w[miss].sum(), _best_error(X, y, w)
        assert e <= best + 1e-9, (
            f"round {t}: your stump {[f, thr, pol]} has weighted error {e:.6f}; the best stump has {best:.6f}"
        )
        if e <= 1e-12:
            assert a == 1.0 and t == len(stumps) - 1, f"round {t}: a perfect stump (error 0) must get alpha=1 and stop boosting, got alpha {a}; compare e <= 1e-12, not e == 0 (rounding)"
            bound = 0.0
            break
        assert np.isclose(a, np.log((1 - e) / e)), (
            f"round {t}: alpha {a}, expected log((1-e)/e) = {np.log((1 - e) / e)}"
        )
        bound *= 2 * np.sqrt(e * (1 - e))
        w = w * np.exp(a * miss)
        w /= w.sum()
    else:
        assert len(stumps) == rounds, f"no perfect stump was found, yet only {len(stumps)} of {rounds} rounds ran"
    train_err = (_predict(X, stumps, alphas) != y).mean()
    assert train_err <= bound + 1e-9, (
        f"training error {train_err} exceeds the AdaBoost bound prod 2 sqrt(e(1-e)) = {bound}"
    )


@pytest.mark.region("solve")
@pytest.mark.parametrize("seed", [1, 3])
def test_accuracy_close_to_sklearn(lab, seed):
    """40 rounds on make_classification: held-out accuracy within 0.06 of sklearn's AdaBoost with stumps."""
    X, y = make_classification(n_samples=300, n_features=6, n_informative=3, random_state=seed)
    y = 2 * y - 1
    stumps, alphas = lab.adaboost_fit(X[:200], y[:200], n_rounds=40)
    ours = (_predict(X[200:], np.asarray(stumps).reshape(-1, 3), alphas) == y[200:]).mean()
    sk = AdaBoostClassifier(DecisionTreeClassifier(max_depth=1), n_estimators=40).fit(X[:200], y[:200])
    ref = sk.score(X[200:], y[200:])
    assert ours >= ref - 0.06, f"held-out accuracy {ours:.3f}, sklearn AdaBoostClassifier gets {ref:.3f}"


@pytest.mark.region("solve")
def test_perfect_stump_stops_early(lab):
    """Data one stump separates: a single stump with alpha 1 is returned, not n_rounds of them."""
    X = np.array([[0.0, 5.0], [1.0, 3.0], [2.0, 4.0], [3.0, 1.0]])
    y = np.array([-1, -1, 1, 1])
    stumps, alphas = lab.adaboost_fit(X, y, n_rounds=10)
    stumps = np.asarray(stumps).reshape(-1, 3)
    assert len(stumps) == 1, f"expected 1 stump (x0 > 1.5 separates the data), got {len(stumps)}"
    assert np.allclose(stumps[0], [0, 1.5, 1]) and np.allclose(alphas, [1.0]), (
        f"got stump {stumps[0]} alpha {np.asarray(alphas)}, expected [0, 1.5, 1] with alpha 1"
    )


@pytest.mark.region("solve")
def test_bad_input_raises(lab):
    """Labels 0/1 and data with no split (all rows identical) raise ValueError."""
    with pytest.raises(ValueError):
        lab.adaboost_fit(np.array([[0.0], [1.0]]), np.array([0, 1]), 3)
    with pytest.raises(ValueError):
        lab.adaboost_fit(np.ones((4, 2)), np.array([1, -1, 1, -1]), 3)
