"""Grader for e06 - vectorised k-NN classifier.

Reference: sklearn.neighbors.KNeighborsClassifier (brute force, uniform weights) on random
continuous data (no distance ties), plus exact constructed cases for the two stated
tie-breaks (equal distances -> lower training index; equal votes -> smallest label).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.neighbors import KNeighborsClassifier

from cvlab.testing import where_differs


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: two clusters, k = 3 votes locally, k = 5 takes the global majority."""
    X_train = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0]])
    y_train = np.array([0, 0, 1, 1, 1])
    X_test = np.array([[0.2, 0.1], [5.5, 5.0]])
    for k, want in ((3, [0, 1]), (5, [1, 1])):
        got = np.asarray(lab.knn_predict(X_train, y_train, X_test, k))
        assert got.shape == (2,) and np.array_equal(got, want), f"k={k}: got {got}, expected {want}"


@pytest.mark.region("solve")
@given(st.integers(0, 10_000), st.integers(1, 16), st.integers(0, 10), st.integers(1, 4), st.integers(2, 4), st.data())
def test_matches_sklearn(lab, seed, n, m, d, n_classes, data):
    """Random continuous points and labels: predictions equal sklearn KNeighborsClassifier's for every k."""
    k = data.draw(st.integers(1, n), label="k")
    rng = np.random.default_rng(seed)
    X_train, X_test = rng.normal(size=(n, d)), rng.normal(size=(m, d))
    y_train = rng.integers(0, n_classes, size=n)
    got = np.asarray(lab.knn_predict(X_train, y_train, X_test, k))
    if m == 0:
        assert got.shape == (0,), f"no test points: got shape {got.shape}, expected (0,)"
        return
    ref = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X_train, y_train).predict(X_test)
    assert np.array_equal(got, ref), f"N={n}, M={m}, D={d}, k={k}: predictions differ from sklearn{where_differs(got, ref)}"


@pytest.mark.region("solve")
def test_vote_tie_goes_to_smallest_label(lab):
    """Two neighbours with labels 7 and 3 (k = 2): the tie is broken towards label 3."""
    X_train = np.array([[-1.0], [1.0], [10.0]])
    y_train = np.array([7, 3, 7])
    got = np.asarray(lab.knn_predict(X_train, y_train, np.array([[0.0]]), 2))
    assert got.tolist() == [3], f"one vote each for 7 and 3: got {got.tolist()}, expected [3] (smallest label wins a tie)"


@pytest.mark.region("solve")
def test_distance_tie_prefers_lower_training_index(lab):
    """k = 1 with two training points at the same distance: the one with the lower index is used."""
    X_train = np.array([[2.0, 0.0], [0.0, 2.0], [-2.0, 0.0]])
    y_train = np.array([5, 1, 9])
    got = np.asarray(lab.knn_predict(X_train, y_train, np.array([[0.0, 0.0]]), 1))
    assert got.tolist() == [5], f"all three at distance 2, k=1: got {got.tolist()}, expected [5] (training index 0)"
    got = np.asarray(lab.knn_predict(X_train[::-1].copy(), y_train[::-1].copy(), np.array([[0.0, 0.0]]), 1))
    assert got.tolist() == [9], f"reversed training order: got {got.tolist()}, expected [9] (now index 0)"


@pytest.mark.region("solve")
def test_arbitrary_label_values_and_dtype(lab):
    """Labels 10, 20, 30 come back as those labels (not as class indices), in y_train's dtype."""
    rng = np.random.default_rng(4)
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    y_train = np.repeat(np.array([10, 20, 30], dtype=np.int32), 5)
    X_train = centres[np.repeat(np.arange(3), 5)] + rng.normal(size=(15, 2)) * 0.5
    got = np.asarray(lab.knn_predict(X_train, y_train, centres, 3))
    assert got.tolist() == [10, 20, 30], f"predicting the cluster centres: got {got.tolist()}, expected [10, 20, 30]"
    assert got.dtype == np.int32, f"dtype {got.dtype}, expected y_train's dtype int32"


@pytest.mark.region("solve")
def test_k1_on_training_points_returns_their_labels(lab):
    """k = 1 on the training points themselves gives back y_train (each point is its own nearest neighbour)."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 4)) * 100 + 500
    y = rng.integers(0, 3, size=30)
    got = np.asarray(lab.knn_predict(X, y, X, 1))
    assert np.array_equal(got, y), f"k=1 on training data{where_differs(got, y)}"


@pytest.mark.region("solve")
@pytest.mark.parametrize("k", [0, 4])
def test_bad_k_raises(lab, k):
    """k = 0 or k > N (here N = 3) raise ValueError."""
    with pytest.raises(ValueError):
        lab.knn_predict(np.zeros((3, 2)), np.zeros(3, dtype=int), np.zeros((1, 2)), k)


@pytest.mark.region("solve")
def test_mismatched_features_raise(lab):
    """X_train with D = 2 and X_test with D = 3 raise ValueError."""
    with pytest.raises(ValueError):
        lab.knn_predict(np.zeros((3, 2)), np.zeros(3, dtype=int), np.zeros((1, 3)), 1)
