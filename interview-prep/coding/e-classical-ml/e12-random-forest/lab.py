"""e12 - Random forest from a depth-limited tree.

A depth-limited Gini tree is given (``build_tree``); it asks a callback which features it may
consider at each node. The forest is the part to write: bootstrap samples and per-node feature
subsampling (both from one seeded generator), then soft voting of the trees' leaf class
distributions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Node:
    """A tree node: a leaf if ``feature`` is None. Leaves hold class frequencies ``proba`` (C,)."""

    proba: np.ndarray
    feature: int | None = None
    threshold: float = 0.0
    left: Node | None = None
    right: Node | None = None


@dataclass
class Forest:
    classes: np.ndarray  # (C,) sorted labels
    trees: list[Node] = field(default_factory=list)
    samples: list[np.ndarray] = field(default_factory=list)  # per tree: the (N,) bootstrap row indices


def build_tree(
    X: np.ndarray, codes: np.ndarray, n_classes: int, max_depth: int, choose_features: Callable[[], np.ndarray]
) -> Node:
    """Given: a CART tree on Gini impurity, split while depth < max_depth and the node is impure.

    ``codes`` are labels 0..n_classes-1. At every node ``choose_features()`` returns the feature
    indices that node may split on (the random-forest hook). Left child: X[:, f] <= threshold.
    """
    proba = np.bincount(codes, minlength=n_classes) / len(codes)
    if max_depth == 0 or proba.max() == 1.0:
        return Node(proba)
    feats = np.asarray(choose_features())
    best = (0.0, -1, 0.0)  # (gain, feature, threshold); only strictly positive gains split
    n = len(codes)
    parent = 1.0 - (proba**2).sum()
    for f in feats:  # loop over the few candidate features; thresholds are vectorised
        order = np.argsort(X[:, f], kind="stable")
        xs = X[order, f]
        left = np.cumsum(np.eye(n_classes)[codes[order]], axis=0)[:-1]  # (n-1, C)
        nl = np.arange(1, n)[:, None]
        gl = 1.0 - ((left / nl) ** 2).sum(1)
        gr = 1.0 - (((left[-1] + np.eye(n_classes)[codes[order[-1]]] - left) / (n - nl)) ** 2).sum(1)
        gain = np.where(xs[1:] > xs[:-1], parent - (nl[:, 0] * gl + (n - nl[:, 0]) * gr) / n, -np.inf)
        i = int(np.argmax(gain))
        if gain[i] > best[0] + 1e-12:
            best = (float(gain[i]), int(f), float((xs[i] + xs[i + 1]) / 2))
    if best[1] < 0:
        return Node(proba)
    _, f, t = best
    mask = X[:, f] <= t
    return Node(
        proba, f, t,
        build_tree(X[mask], codes[mask], n_classes, max_depth - 1, choose_features),
        build_tree(X[~mask], codes[~mask], n_classes, max_depth - 1, choose_features),
    )


def tree_proba(node: Node, X: np.ndarray) -> np.ndarray:
    """Given: leaf class distributions (M, C) for the rows of X, routing all rows at once."""
    out = np.empty((X.shape[0], node.proba.size))
    stack = [(node, np.arange(X.shape[0]))]
    while stack:  # loop over tree nodes, vectorised over the rows that reach them
        nd, rows = stack.pop()
        if nd.feature is None:
            out[rows] = nd.proba
            continue
        go_left = X[rows, nd.feature] <= nd.threshold
        stack += [(nd.left, rows[go_left]), (nd.right, rows[~go_left])]
    return out


def fit_forest(
    X: np.ndarray, y: np.ndarray, n_trees: int = 50, max_depth: int = 8, max_features: int | None = None, seed: int = 0
) -> Forest:
    """Bagging + random feature subsets: tree t is build_tree on a bootstrap sample (N draws with
    replacement), and every node of it may split only on max_features features drawn without
    replacement (default: round(sqrt(D)), at least 1). One generator, np.random.default_rng(seed)."""
    # TODO(fit): Return a Forest(classes, trees, samples) of n_trees trees built with build_tree, reproducible from seed.
    # | classes = sorted unique labels; trees get codes 0..C-1 and n_classes = C (all classes, even
    # | those missing from a bootstrap). Tree t: N row indices drawn WITH replacement (keep them
    # | in forest.samples) and a choose_features callback that returns max_features distinct
    # | features, redrawn at EVERY node (default max(1, round(sqrt(D)))). Use one
    # | np.random.default_rng(seed). Raise ValueError if n_trees < 1 or max_features not in [1, D].
    raise NotImplementedError("TODO(fit): write this region")


def predict_proba(forest: Forest, X: np.ndarray) -> np.ndarray:
    """Soft voting: the mean over trees of each tree's leaf class distribution, (M, C)."""
    # TODO(predict_proba): Return (M, C) class probabilities for X (M, D): the AVERAGE of tree_proba over the forest's trees.
    # | Soft voting (average the leaf distributions), not a majority of hard votes. Columns follow
    # | forest.classes.
    raise NotImplementedError("TODO(predict_proba): write this region")


def predict(forest: Forest, X: np.ndarray) -> np.ndarray:
    """Given: the label with the highest averaged probability (ties -> the smallest label)."""
    return forest.classes[np.argmax(predict_proba(forest, X), axis=1)]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 6))
    y = (X[:, 0] + X[:, 1] ** 2 > 1).astype(int)
    forest = fit_forest(X[:200], y[:200], n_trees=30, max_depth=5, seed=0)
    print("test accuracy:", np.mean(predict(forest, X[200:]) == y[200:]))
