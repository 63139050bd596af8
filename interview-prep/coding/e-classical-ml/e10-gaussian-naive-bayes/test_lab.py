"""Grader for e10 - Gaussian naive Bayes.

Reference: sklearn.naive_bayes.GaussianNB (class_prior_, theta_, var_ with its var_smoothing
rule, predict_proba) on random data, plus a hand-computed 1-D case, a constant feature (where
smoothing decides everything) and points far from every class (log-space normalisation).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.naive_bayes import GaussianNB


def _data(seed: int, n: int, d: int, c: int):
    rng = np.random.default_rng(seed)
    y = np.concatenate([np.arange(c), rng.integers(0, c, size=n - c)])  # every class present
    X = rng.normal(size=(c, d))[y] * 3 + rng.normal(size=(n, d)) * rng.uniform(0.3, 2.0, size=d)
    return X, y


# ---------------------------------------------------------------- fit
@pytest.mark.region("fit")
def test_fit_worked_example(lab):
    """The README example: classes at x = 0, 2 and 10, 14 give means 1, 12 and variances 1, 4."""
    X = np.array([[0.0], [2.0], [10.0], [14.0]])
    classes, priors, means, variances = lab.fit_gnb(X, np.array([0, 0, 1, 1]), var_smoothing=0.0)
    assert np.array_equal(classes, [0, 1]) and np.allclose(priors, [0.5, 0.5]), f"classes {classes}, priors {priors}"
    assert np.allclose(np.ravel(means), [1, 12]), f"means {np.ravel(means)}, expected [1, 12]"
    assert np.allclose(np.ravel(variances), [1, 4]), f"variances {np.ravel(variances)}, expected [1, 4] (biased: divide by N_c)"


@pytest.mark.region("fit")
@given(st.integers(0, 10_000), st.integers(4, 16), st.integers(1, 4), st.integers(2, 4))
def test_fit_matches_sklearn(lab, seed, n, d, c):
    """Random data: priors, means and smoothed variances equal sklearn GaussianNB's."""
    X, y = _data(seed, n, d, min(c, n))
    classes, priors, means, variances = lab.fit_gnb(X, y)
    ref = GaussianNB().fit(X, y)
    assert np.array_equal(classes, ref.classes_), f"classes {classes}, sklearn {ref.classes_}"
    assert np.allclose(priors, ref.class_prior_), f"priors {priors}, sklearn {ref.class_prior_}"
    assert np.allclose(means, ref.theta_), "means differ from sklearn theta_"
    assert np.allclose(variances, ref.var_, rtol=1e-9, atol=1e-12), f"variances\n{variances}\nsklearn var_\n{ref.var_}"


@pytest.mark.region("fit")
def test_fit_smoothing_is_relative_to_largest_variance(lab):
    """A feature constant within each class: its variance is var_smoothing · max column variance, as in sklearn."""
    rng = np.random.default_rng(1)
    y = np.repeat([0, 1], 10)
    X = np.column_stack([rng.normal(size=20) * 1000, y * 5.0])  # column 1 constant per class
    _, _, _, variances = lab.fit_gnb(X, y, var_smoothing=1e-4)
    ref = GaussianNB(var_smoothing=1e-4).fit(X, y).var_
    assert np.allclose(variances, ref, rtol=1e-9), (
        f"variances\n{variances}\nexpected\n{ref}\n(epsilon = var_smoothing × the largest biased column variance of X)"
    )


@pytest.mark.region("fit")
def test_fit_string_labels_sorted(lab):
    """Labels 'dog', 'cat' come back sorted as classes ['cat', 'dog'] with matching rows."""
    X = np.array([[1.0], [3.0], [10.0]])
    classes, priors, means, _ = lab.fit_gnb(X, np.array(["dog", "dog", "cat"]))
    assert list(classes) == ["cat", "dog"], f"classes {list(classes)}, expected ['cat', 'dog']"
    assert np.allclose(priors, [1 / 3, 2 / 3]) and np.allclose(np.ravel(means), [10, 2]), f"priors {priors}, means {np.ravel(means)}"


@pytest.mark.region("fit")
def test_fit_bad_shapes_raise(lab):
    """len(y) != N raises ValueError."""
    with pytest.raises(ValueError):
        lab.fit_gnb(np.zeros((3, 2)), np.zeros(4))


# ---------------------------------------------------------------- predict_proba
@pytest.mark.region("predict_proba")
def test_predict_worked_example(lab):
    """The README example: x = 5 between N(1, 1) and N(12, 4) gives P = [0.2347, 0.7653]."""
    P = np.asarray(lab.predict_proba(np.array([[5.0]]), np.array([0.5, 0.5]), np.array([[1.0], [12.0]]), np.array([[1.0], [4.0]])))
    assert P.shape == (1, 2), f"shape {P.shape}, expected (1, 2)"
    assert np.allclose(P, [[0.23471922, 0.76528078]]), f"P(c | x=5) = {P}, expected [[0.2347, 0.7653]]"


@pytest.mark.region("predict_proba")
@given(st.integers(0, 10_000), st.integers(4, 16), st.integers(1, 4), st.integers(2, 4))
def test_predict_matches_sklearn(lab, seed, n, d, c):
    """sklearn's fitted parameters, new points: probabilities equal GaussianNB.predict_proba to 1e-9."""
    X, y = _data(seed, n, d, min(c, n))
    ref = GaussianNB().fit(X, y)
    Xq = np.random.default_rng(seed + 1).normal(size=(5, d)) * 4
    P = lab.predict_proba(Xq, ref.class_prior_, ref.theta_, ref.var_)
    assert np.allclose(P, ref.predict_proba(Xq), atol=1e-9), f"probabilities\n{P}\nsklearn\n{ref.predict_proba(Xq)}"


@pytest.mark.region("predict_proba")
def test_predict_far_points_stay_finite(lab):
    """A point 10^4 standard deviations away: finite probabilities summing to 1, the nearer class wins."""
    P = np.asarray(lab.predict_proba(np.array([[1e4, 0.0]]), np.array([0.5, 0.5]), np.array([[0.0, 0.0], [5.0, 0.0]]), np.ones((2, 2))))
    assert np.all(np.isfinite(P)), f"P = {P}: exp(-5e7) underflows to 0 for both classes; normalise the log-likelihoods with log-sum-exp"
    assert np.allclose(P.sum(1), 1) and P[0, 1] > 0.999, f"P = {P}, expected ≈ [0, 1]"
