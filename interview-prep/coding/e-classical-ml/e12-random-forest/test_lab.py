"""Grader for e12 - random forest from a depth-limited tree.

References: sklearn.ensemble.RandomForestClassifier (same n_trees, depth and max_features) for
held-out accuracy on sklearn.datasets.make_classification; the known bootstrap statistics
(~63.2% distinct rows per tree); structural checks of the trees for per-node feature
subsampling; and a hand-built forest of stumps for exact soft voting.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier


def _features_used(node, acc=None):
    acc = set() if acc is None else acc
    if node is not None and node.feature is not None:
        acc.add(int(node.feature))
        _features_used(node.left, acc)
        _features_used(node.right, acc)
    return acc


def _task(seed: int, n: int = 400):
    X, y = make_classification(n_samples=n, n_features=12, n_informative=5, n_redundant=2, n_classes=3,
                               n_clusters_per_class=1, class_sep=1.2, random_state=seed)
    return X[: n // 2], y[: n // 2], X[n // 2 :], y[n // 2 :]


# ---------------------------------------------------------------- fit
@pytest.mark.region("fit")
def test_fit_bootstrap_samples(lab):
    """Every tree gets N row indices drawn with replacement: on average ~63.2% of the rows are distinct."""
    X, y, _, _ = _task(0)
    forest = lab.fit_forest(X, y, n_trees=20, max_depth=2, seed=1)
    assert len(forest.trees) == 20 and len(forest.samples) == 20, f"expected 20 trees and 20 sample arrays, got {len(forest.trees)}, {len(forest.samples)}"
    n = len(y)
    for s in forest.samples:
        s = np.asarray(s)
        assert s.shape == (n,) and s.min() >= 0 and s.max() < n, f"a bootstrap sample must be {n} row indices in [0, {n}), got shape {s.shape}"
    frac = np.mean([len(np.unique(s)) / n for s in forest.samples])
    assert 0.58 < frac < 0.68, (
        f"on average {frac:.3f} of the rows are distinct per tree; a bootstrap (N draws WITH replacement) "
        "gives 1 - 1/e ≈ 0.632 (1.0 means no resampling)"
    )
    assert len({tuple(np.asarray(s)[:10]) for s in forest.samples}) > 1, "all trees got the same bootstrap sample"


@pytest.mark.region("fit")
def test_fit_is_reproducible_from_seed(lab):
    """The same seed gives identical bootstrap samples; another seed gives different ones."""
    X, y, _, _ = _task(1)
    a = lab.fit_forest(X, y, n_trees=5, max_depth=3, seed=7)
    b = lab.fit_forest(X, y, n_trees=5, max_depth=3, seed=7)
    c = lab.fit_forest(X, y, n_trees=5, max_depth=3, seed=8)
    assert all(np.array_equal(s, t) for s, t in zip(a.samples, b.samples)), "seed 7 twice gave different bootstrap samples"
    assert not all(np.array_equal(s, t) for s, t in zip(a.samples, c.samples)), "seeds 7 and 8 gave identical samples"


@pytest.mark.region("fit")
def test_fit_features_redrawn_at_every_node(lab):
    """max_features = 1: trees still split on several different features (a new draw at every node, not one per tree)."""
    X, y, _, _ = _task(2)
    forest = lab.fit_forest(X, y, n_trees=10, max_depth=4, max_features=1, seed=0)
    per_tree = [len(_features_used(t)) for t in forest.trees]
    assert max(per_tree) >= 3, (
        f"distinct features per tree: {per_tree}; with one feature drawn per NODE a depth-4 tree uses several, "
        "a single draw per tree uses only one"
    )


@pytest.mark.region("fit")
def test_fit_all_features_gives_the_best_root(lab):
    """max_features = D: every root may see every feature, so all trees split first on the dominant feature."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(200, 5))
    y = (X[:, 3] > 0).astype(int)  # only feature 3 matters
    forest = lab.fit_forest(X, y, n_trees=8, max_depth=1, max_features=5, seed=0)
    roots = [t.feature for t in forest.trees]
    assert all(r == 3 for r in roots), f"root features {roots}; with max_features = D every root should pick feature 3"


@pytest.mark.region("fit")
def test_fit_keeps_all_classes(lab):
    """Labels 10, 20, 30: classes are sorted and every leaf distribution has length 3."""
    rng = np.random.default_rng(4)
    X = rng.normal(size=(60, 3))
    y = np.array([10, 20, 30])[rng.integers(0, 3, size=60)]
    forest = lab.fit_forest(X, y, n_trees=3, max_depth=2, seed=0)
    assert list(forest.classes) == [10, 20, 30], f"classes {list(forest.classes)}, expected [10, 20, 30]"
    assert all(t.proba.shape == (3,) for t in forest.trees), "every node's proba must have one entry per class (n_classes = C)"


@pytest.mark.region("fit")
@pytest.mark.parametrize("kwargs", [{"n_trees": 0}, {"max_features": 0}, {"max_features": 13}])
def test_fit_bad_arguments_raise(lab, kwargs):
    """n_trees < 1 or max_features outside [1, D] raise ValueError."""
    X, y, _, _ = _task(5, n=40)
    with pytest.raises(ValueError):
        lab.fit_forest(X, y, **kwargs)


# ---------------------------------------------------------------- predict_proba
@pytest.mark.region("predict_proba")
def test_predict_soft_voting_by_hand(lab):
    """Three hand-built stumps: probabilities are the mean of leaf distributions (soft voting), not hard votes."""
    Node, Forest = lab.Node, lab.Forest
    leaf = lambda p: Node(np.array(p, dtype=float))
    t1 = Node(np.array([0.5, 0.5]), 0, 0.0, leaf([0.6, 0.4]), leaf([0.0, 1.0]))
    t2 = Node(np.array([0.5, 0.5]), 0, 0.0, leaf([0.6, 0.4]), leaf([0.0, 1.0]))
    t3 = Node(np.array([0.5, 0.5]), 0, 0.0, leaf([0.0, 1.0]), leaf([1.0, 0.0]))
    forest = Forest(np.array([0, 1]), [t1, t2, t3], [np.zeros(1, int)] * 3)
    P = np.asarray(lab.predict_proba(forest, np.array([[-1.0], [1.0]])))
    want = np.array([[0.4, 0.6], [1 / 3, 2 / 3]])
    assert P.shape == (2, 2), f"shape {P.shape}, expected (2, 2)"
    assert np.allclose(P, want), (
        f"P =\n{P}\nexpected\n{want}\n(x = -1: two trees say class 0 with 0.6, one says class 1 with 1.0; "
        "averaging the distributions gives class 1, counting hard votes would give class 0)"
    )


@pytest.mark.region("predict_proba")
@given(st.integers(0, 10_000), st.integers(1, 5))
def test_predict_rows_are_distributions(lab, seed, n_trees):
    """Random stumps: every row of predict_proba is a probability distribution with one column per class."""
    rng = np.random.default_rng(seed)
    Node, Forest = lab.Node, lab.Forest
    trees = [Node(np.ones(3) / 3, int(rng.integers(2)), float(rng.normal()),
                  Node(rng.dirichlet(np.ones(3))), Node(rng.dirichlet(np.ones(3)))) for _ in range(n_trees)]
    X = rng.normal(size=(7, 2))
    P = np.asarray(lab.predict_proba(Forest(np.arange(3), trees, []), X))
    ref = np.mean([lab.tree_proba(t, X) for t in trees], axis=0)
    assert np.allclose(P, ref), "predict_proba is not the average of tree_proba over the trees"


@pytest.mark.region("predict_proba", needs=["fit"])
def test_accuracy_close_to_sklearn(lab):
    """make_classification, 3 classes: held-out accuracy within 0.06 of sklearn's RandomForestClassifier (same settings)."""
    accs, refs = [], []
    for seed in (0, 1):
        Xtr, ytr, Xte, yte = _task(seed)
        forest = lab.fit_forest(Xtr, ytr, n_trees=25, max_depth=6, seed=seed)
        accs.append(np.mean(lab.predict(forest, Xte) == yte))
        ref = RandomForestClassifier(n_estimators=25, max_depth=6, max_features="sqrt", random_state=seed).fit(Xtr, ytr)
        refs.append(ref.score(Xte, yte))
    assert np.mean(accs) >= np.mean(refs) - 0.06, f"held-out accuracy {np.mean(accs):.3f}, sklearn {np.mean(refs):.3f}"
