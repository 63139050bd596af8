"""Grader for e19 - leak-free standard scaler inside cross-validation.

References: sklearn.preprocessing.StandardScaler (mean_, scale_, its zero-variance rule) for
fit_scaler; sklearn.model_selection.cross_val_score on make_pipeline(StandardScaler(),
estimator), the leak-free way, for cross_val_scores (scores compared exactly), on data built
so that fitting the scaler on all rows, or on the test fold, changes the scores.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.datasets import make_classification
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted


def _shifted_data():
    X, y = make_classification(60, n_features=4, n_informative=2, random_state=0)
    X = X * np.array([1, 50, 0.01, 5]) + np.array([0, 100, 3, -2])
    X[:12, 1] += 400  # the first fold is shifted: global and train-fold statistics differ a lot
    return X, y


@pytest.mark.region("fit_scaler")
def test_fit_scaler_example(lab):
    """The README example: mean [3, 5], scale [sqrt(8/3), 1] (ddof 0; the constant column gets 1)."""
    mean, scale = lab.fit_scaler(np.array([[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]]))
    assert np.allclose(mean, [3, 5]), f"mean {mean}, expected [3, 5]"
    assert np.allclose(scale, [np.sqrt(8 / 3), 1.0]), (
        f"scale {scale}, expected [{np.sqrt(8 / 3):.6f}, 1] (population std, and 1 for a constant feature)"
    )


@pytest.mark.region("fit_scaler")
@given(
    st.tuples(st.integers(1, 16), st.integers(1, 4)).flatmap(
        lambda t: hnp.arrays(np.float64, t, elements=st.integers(-50, 50).map(float))
    )
)
def test_fit_scaler_matches_sklearn(lab, X):
    """Random matrices (constant columns included): mean and scale equal StandardScaler's mean_ and scale_."""
    mean, scale = lab.fit_scaler(X)
    ref = StandardScaler().fit(X)
    assert np.allclose(mean, ref.mean_) and np.allclose(scale, ref.scale_), (
        f"X={X.tolist()}: got mean {np.asarray(mean)}, scale {np.asarray(scale)}; "
        f"StandardScaler gives {ref.mean_}, {ref.scale_}"
    )


@pytest.mark.region("fit_scaler")
def test_fit_scaler_bad_input(lab):
    """No rows (nothing to estimate from) or a 1-D array raise ValueError."""
    with pytest.raises(ValueError):
        lab.fit_scaler(np.zeros((0, 3)))
    with pytest.raises(ValueError):
        lab.fit_scaler(np.zeros(5))


@pytest.mark.region("cross_val", needs=["fit_scaler"])
@pytest.mark.parametrize("model", ["knn", "logreg"])
def test_scores_equal_sklearn_pipeline(lab, model):
    """5-fold scores equal cross_val_score(make_pipeline(StandardScaler(), model)) on shifted data."""
    X, y = _shifted_data()
    folds = list(KFold(5).split(X))
    est = KNeighborsClassifier(3) if model == "knn" else LogisticRegression(C=0.1)
    got = np.asarray(lab.cross_val_scores(est, X, y, folds), dtype=float)
    ref = cross_val_score(make_pipeline(StandardScaler(), est), X, y, cv=folds)
    assert got.shape == (5,), f"got {got.shape} scores, expected one per fold (5,)"
    assert np.allclose(got, ref), (
        f"{model}: scores {np.round(got, 4).tolist()}, the leak-free pipeline gives {np.round(ref, 4).tolist()} "
        "(fit the scaler on the training fold only and apply those statistics to the test fold)"
    )


@pytest.mark.region("cross_val", needs=["fit_scaler"])
def test_estimator_passed_in_is_not_fitted(lab):
    """The estimator argument is a template: each fold fits a clone, the original stays unfitted."""
    X, y = _shifted_data()
    est = LogisticRegression()
    lab.cross_val_scores(est, X, y, list(KFold(3).split(X)))
    with pytest.raises(NotFittedError):
        check_is_fitted(est)


@pytest.mark.region("cross_val", needs=["fit_scaler"])
def test_constant_feature_in_a_training_fold(lab):
    """A feature constant on the training rows gives finite scores (scale 1), not NaN."""
    X = np.array([[0.0, 1.0], [1.0, 1.0], [2.0, 1.0], [3.0, 1.0], [0.5, 7.0], [2.5, 9.0]])
    y = np.array([0, 0, 1, 1, 0, 1])
    folds = [(np.arange(4), np.arange(4, 6))]
    got = np.asarray(lab.cross_val_scores(KNeighborsClassifier(1), X, y, folds), dtype=float)
    ref = cross_val_score(make_pipeline(StandardScaler(), KNeighborsClassifier(1)), X, y, cv=folds)
    assert np.all(np.isfinite(got)) and np.allclose(got, ref), f"got {got}, expected {ref}"
