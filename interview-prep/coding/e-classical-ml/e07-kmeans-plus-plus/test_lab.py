"""Grader for e07 - k-means with k-means++ initialisation.

References: sklearn.cluster.KMeans (algorithm="lloyd", the same explicit initial centres,
n_init=1, tol=0) for Lloyd's iterations and KMeans(n_init=10) for the best inertia; exact
hand-computed 1-D runs (including an empty cluster); and sampling frequencies over 600 seeds
for the k-means++ distribution (uniform first centre, then probability ∝ D²).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.cluster import KMeans


def _blobs(seed: int, n_per: int, k: int, d: int = 2, sep: float = 10.0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, d)) * sep
    X = np.concatenate([c + rng.normal(size=(n_per, d)) for c in centres])
    return X, centres


def _is_row_of(C, X):
    return all(np.any(np.all(X == c, axis=1)) for c in C)


# ---------------------------------------------------------------- init_pp
@pytest.mark.region("init_pp")
def test_init_shape_rows_and_determinism(lab):
    """Centres have shape (k, D), are rows of X, are distinct on distinct data, and depend only on the seed."""
    X, _ = _blobs(0, 20, 3)
    C1 = np.asarray(lab.init_pp(X, 5, seed=3))
    C2 = np.asarray(lab.init_pp(X, 5, seed=3))
    assert C1.shape == (5, 2), f"init_pp(X (60, 2), k=5) returned shape {C1.shape}, expected (5, 2)"
    assert _is_row_of(C1, X), "every initial centre must be one of the data points"
    assert len(np.unique(C1, axis=0)) == 5, "k-means++ never picks the same point twice (its D² is 0)"
    assert np.array_equal(C1, C2), "the same seed must give the same centres (use np.random.default_rng(seed))"
    others = [np.asarray(lab.init_pp(X, 5, seed=s)) for s in range(4, 9)]
    assert any(not np.array_equal(C1, o) for o in others), "different seeds always gave the same centres: is the draw random?"


@pytest.mark.region("init_pp")
def test_init_covers_separated_clusters(lab):
    """Four far-apart clusters, k = 4: for each of 20 seeds the centres land in four different clusters."""
    X, centres = _blobs(1, 25, 4, sep=1000.0)
    for seed in range(20):
        C = np.asarray(lab.init_pp(X, 4, seed=seed))
        owner = np.argmin(((C[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
        assert len(set(owner.tolist())) == 4, (
            f"seed {seed}: two initial centres fell in the same cluster (clusters {owner.tolist()}); "
            "k-means++ samples ∝ D², which makes an already-covered cluster almost impossible"
        )


@pytest.mark.region("init_pp")
def test_init_sampling_is_proportional_to_squared_distance(lab):
    """X = nine 0s, one 1, one 5: the first centre is uniform (0 with p = 9/11) and after 0 the next is 5 with p = 25/26."""
    X = np.array([[0.0]] * 9 + [[1.0], [5.0]])
    first_zero = second_five = 0
    for seed in range(600):
        C = np.asarray(lab.init_pp(X, 2, seed=seed))
        if C[0, 0] == 0.0:
            first_zero += 1
            second_five += C[1, 0] == 5.0
    f1 = first_zero / 600
    assert 0.74 <= f1 <= 0.89, f"first centre was a 0 in {f1:.3f} of 600 seeds, expected ≈ 9/11 = 0.818 (uniform over rows)"
    f2 = second_five / max(first_zero, 1)
    assert 0.93 <= f2 <= 0.995, (
        f"after a first centre at 0 the second was 5 in {f2:.3f} of the runs, expected ≈ 25/26 = 0.962 "
        "(∝ D²; ∝ D gives 0.83, always-the-farthest gives 1.0)"
    )


@pytest.mark.region("init_pp")
def test_init_with_duplicate_points(lab):
    """Only two distinct points but k = 4: no error, both points are among the centres."""
    X = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0]])
    C = np.asarray(lab.init_pp(X, 4, seed=0))
    assert C.shape == (4, 2) and _is_row_of(C, X), f"got centres {C.tolist()}"
    assert len(np.unique(C, axis=0)) == 2, f"both distinct points should be centres, got {C.tolist()}"


@pytest.mark.region("init_pp")
@pytest.mark.parametrize("k", [0, 4])
def test_init_bad_k_raises(lab, k):
    """k = 0 or k > N (N = 3) raise ValueError."""
    with pytest.raises(ValueError):
        lab.init_pp(np.zeros((3, 2)), k, seed=0)


# ---------------------------------------------------------------- lloyd
@pytest.mark.region("lloyd")
def test_lloyd_worked_example(lab):
    """The README example: X = 0, 1, 10, 11 from centres 0 and 1 converges to 0.5 and 10.5, inertia 1."""
    X = np.array([[0.0], [1.0], [10.0], [11.0]])
    C, labels, inertia = lab.lloyd(X, np.array([[0.0], [1.0]]))
    assert np.allclose(C, [[0.5], [10.5]]), f"centres {np.asarray(C).ravel()}, expected [0.5, 10.5]"
    assert np.array_equal(labels, [0, 0, 1, 1]), f"labels {labels}, expected [0, 0, 1, 1]"
    assert np.isclose(inertia, 1.0), f"inertia {inertia}, expected 4 · 0.5² = 1.0"


@pytest.mark.region("lloyd")
def test_lloyd_one_iteration_returns_consistent_labels(lab):
    """max_iter = 1: centres [0, 22/3], and labels/inertia are those of the returned centres."""
    X = np.array([[0.0], [1.0], [10.0], [11.0]])
    init = np.array([[0.0], [1.0]])
    C, labels, inertia = lab.lloyd(X, init, max_iter=1)
    assert np.allclose(C, [[0.0], [22 / 3]]), f"after one update: centres {np.asarray(C).ravel()}, expected [0, 7.333]"
    assert np.array_equal(labels, [0, 0, 1, 1]), (
        f"labels {labels}, expected [0, 0, 1, 1]: assign to the RETURNED centres, not the ones before the update"
    )
    want = 0 + 1 + (10 - 22 / 3) ** 2 + (11 - 22 / 3) ** 2
    assert np.isclose(inertia, want), f"inertia {inertia}, expected {want:.4f}"
    assert np.array_equal(init, [[0.0], [1.0]]), "lloyd modified the caller's centres array in place"


@pytest.mark.region("lloyd")
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lloyd_matches_sklearn_from_same_init(lab, seed):
    """Overlapping blobs, the same initial centres: final centres, labels and inertia equal sklearn KMeans(lloyd)."""
    X, _ = _blobs(seed, 30, 4, sep=3.0)
    init = X[np.random.default_rng(seed).choice(len(X), 4, replace=False)]
    C, labels, inertia = lab.lloyd(X, init, max_iter=300)
    ref = KMeans(4, init=init, n_init=1, algorithm="lloyd", tol=0.0, max_iter=300).fit(X)
    assert np.allclose(C, ref.cluster_centers_, atol=1e-8), f"centres\n{C}\nsklearn\n{ref.cluster_centers_}"
    assert np.array_equal(labels, ref.labels_), "labels differ from sklearn's"
    assert np.isclose(inertia, ref.inertia_, rtol=1e-9), f"inertia {inertia}, sklearn {ref.inertia_}"


@pytest.mark.region("lloyd")
def test_lloyd_reseeds_empty_cluster(lab):
    """A centre at 100 owns no point: it moves onto the farthest point (2), ending at [0.5, 11, 2], inertia 2.5."""
    X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0], [12.0]])
    C, labels, inertia = lab.lloyd(X, np.array([[0.5], [11.0], [100.0]]))
    C = np.asarray(C)
    assert np.all(np.isfinite(C)), f"centres {C.ravel()} contain NaN: the mean of an empty cluster is undefined, re-seed it"
    assert np.allclose(C.ravel(), [0.5, 11.0, 2.0]), f"centres {C.ravel()}, expected [0.5, 11, 2]"
    assert np.array_equal(labels, [0, 0, 2, 1, 1, 1]), f"labels {labels}, expected [0, 0, 2, 1, 1, 1]"
    assert np.isclose(inertia, 2.5), f"inertia {inertia}, expected 2.5"


@pytest.mark.region("lloyd")
@given(st.integers(0, 10_000), st.integers(2, 16), st.integers(1, 3), st.data())
def test_lloyd_output_is_self_consistent(lab, seed, n, d, data):
    """Random data and initial rows: labels are the nearest returned centre, inertia their sum, and never above the start's."""
    k = data.draw(st.integers(1, n), label="k")
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    init = X[rng.choice(n, k, replace=False)]
    C, labels, inertia = lab.lloyd(X, init)
    d2 = ((X[:, None, :] - np.asarray(C)[None]) ** 2).sum(-1)
    assert np.asarray(C).shape == (k, d), f"centres shape {np.asarray(C).shape}, expected {(k, d)}"
    assert np.allclose(d2[np.arange(n), labels], d2.min(1)), "some point is not labelled with its nearest returned centre"
    assert np.isclose(inertia, d2.min(1).sum()), f"inertia {inertia} != Σ min squared distance {d2.min(1).sum()}"
    start = ((X[:, None, :] - init[None]) ** 2).sum(-1).min(1).sum()
    assert inertia <= start + 1e-9, f"inertia went up from {start} (initial centres) to {inertia}"


@pytest.mark.region("lloyd", needs=["init_pp"])
def test_pipeline_reaches_sklearn_inertia(lab):
    """init_pp + lloyd, best of 3 seeds, on 5 separated blobs: inertia equals sklearn KMeans(n_init=10)'s to 1e-6."""
    X, _ = _blobs(5, 40, 5, sep=8.0)
    best = min(lab.lloyd(X, lab.init_pp(X, 5, seed=s))[2] for s in range(3))
    ref = KMeans(5, n_init=10, random_state=0).fit(X).inertia_
    assert np.isclose(best, ref, rtol=1e-6), f"best inertia {best:.4f}, sklearn {ref:.4f}"
