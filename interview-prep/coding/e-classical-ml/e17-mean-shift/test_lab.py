"""Grader for e17 - mean-shift clustering (flat kernel).

References: sklearn.cluster.MeanShift on well-separated blobs (same kernel, same stopping
rule and greedy merge; its tie-breaks differ, so centres are matched as a set with a
tolerance); a per-seed loop implementation of the statement written here (exact, with
tol=0 so every seed stops at an exact fixed point); a hand-computed 1-D example.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.cluster import MeanShift
from sklearn.datasets import make_blobs


def _reference(X, bw, max_iter):
    modes = []
    for x in X:
        m = x.copy()
        for _ in range(max_iter):
            new = X[np.linalg.norm(X - m, axis=1) <= bw].mean(axis=0)
            done = np.linalg.norm(new - m) <= 0.0
            m = new
            if done:
                break
        modes.append(m)
    support = [int((np.linalg.norm(X - m, axis=1) <= bw).sum()) for m in modes]
    kept = []
    for i in sorted(range(len(X)), key=lambda i: -support[i]):
        if all(np.linalg.norm(modes[i] - k) > bw for k in kept):
            kept.append(modes[i])
    return np.array(kept)


@pytest.mark.region("solve")
def test_worked_example(lab):
    """The README example: 0, 1, 2 climb to 1 and 10, 11 to 10.5; the larger mode comes first."""
    X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0]])
    centres, labels = lab.mean_shift(X, bandwidth=2.0)
    assert np.allclose(np.asarray(centres), [[1.0], [10.5]]), (
        f"centres {np.asarray(centres).tolist()}, expected [[1.0], [10.5]]"
    )
    assert np.array_equal(labels, [0, 0, 0, 1, 1]), f"labels {np.asarray(labels).tolist()}, expected [0, 0, 0, 1, 1]"


@pytest.mark.region("solve")
@given(
    st.tuples(st.integers(1, 14), st.integers(1, 2)).flatmap(
        lambda t: hnp.arrays(np.float64, t, elements=st.integers(0, 9).map(float))
    ),
    st.sampled_from([np.pi / 2, np.e, np.pi]),
)
def test_matches_the_specified_algorithm(lab, X, bw):
    """Small integer data, tol=0: the centres equal a per-seed loop implementation of the statement, in order."""
    centres, labels = lab.mean_shift(X, bandwidth=bw, max_iter=500, tol=0.0)
    centres = np.asarray(centres, dtype=float).reshape(-1, X.shape[1])
    ref = _reference(X, bw, 500)
    assert centres.shape == ref.shape and np.allclose(centres, ref, atol=1e-9), (
        f"X={X.ravel().tolist() if X.shape[1] == 1 else X.tolist()}, bandwidth={bw:.4f}: "
        f"centres {centres.tolist()}, expected {ref.tolist()}"
    )
    for c in centres:
        fixed = X[np.linalg.norm(X - c, axis=1) <= bw].mean(axis=0)
        assert np.allclose(fixed, c, atol=1e-9), f"centre {c} is not a fixed point: the mean of its window is {fixed}"
    near = np.argmin(((X[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
    assert np.array_equal(labels, near), (
        f"labels {np.asarray(labels).tolist()} are not the nearest centres {near.tolist()}"
    )


@pytest.mark.region("solve")
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_centres_match_sklearn_on_blobs(lab, seed):
    """Three blobs, bandwidth 1.5: same number of centres as sklearn's MeanShift, each within 0.1 * bandwidth."""
    X, _ = make_blobs(150, centers=3, n_features=2, cluster_std=0.6, random_state=seed)
    bw = 1.5
    centres, labels = lab.mean_shift(X, bandwidth=bw)
    centres = np.asarray(centres, dtype=float)
    ref = MeanShift(bandwidth=bw).fit(X)
    assert len(centres) == len(ref.cluster_centers_), (
        f"blobs seed={seed}: {len(centres)} centres, sklearn finds {len(ref.cluster_centers_)} (merge modes within bandwidth)"
    )
    d = np.linalg.norm(ref.cluster_centers_[:, None] - centres[None], axis=2)  # (K_ref, K)
    match = d.argmin(axis=1)
    assert d.min(axis=1).max() <= 0.1 * bw and len(set(match)) == len(match), (
        f"blobs seed={seed}: centres {np.round(centres, 3).tolist()} vs sklearn {np.round(ref.cluster_centers_, 3).tolist()}"
    )
    agree = (match[ref.labels_] == np.asarray(labels)).mean()
    assert agree >= 0.98, f"blobs seed={seed}: labels agree with sklearn (after matching centres) on only {agree:.0%}"


@pytest.mark.region("solve")
def test_single_point_and_bad_input(lab):
    """One point is its own centre; bandwidth <= 0 or no points raise ValueError."""
    centres, labels = lab.mean_shift(np.array([[3.0, 4.0]]), bandwidth=1.0)
    assert np.allclose(centres, [[3.0, 4.0]]) and np.array_equal(labels, [0]), f"got {centres}, {labels}"
    with pytest.raises(ValueError):
        lab.mean_shift(np.zeros((3, 2)), bandwidth=0.0)
    with pytest.raises(ValueError):
        lab.mean_shift(np.zeros((0, 2)), bandwidth=1.0)
