"""e23 - k-fold and stratified k-fold cross-validation from scratch.

Index generators for cross-validation without shuffling: contiguous k-fold, and stratified
k-fold that keeps every class's proportion in each test fold while balancing fold sizes
(the same folds as scikit-learn's KFold and StratifiedKFold with shuffle=False).
"""

from __future__ import annotations

import numpy as np


def kfold_indices(n_samples: int, n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Contiguous folds: fold f tests a block of consecutive indices; the first n_samples % n_splits
    folds hold n_samples // n_splits + 1 samples, the others n_samples // n_splits.
    """
    # TODO(kfold): Return n_splits pairs (train_idx, test_idx) of sorted int64 arrays for indices 0..n_samples-1.
    # | Test folds are consecutive blocks in order; the first n_samples % n_splits folds have one sample more
    # | than the rest. train_idx is everything else. n_splits < 2 or n_splits > n_samples: ValueError.
    raise NotImplementedError("TODO(kfold): write this region")


def stratified_kfold_indices(y: np.ndarray, n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds without shuffling.

    1. Number the classes in order of first appearance in y.
    2. Sort the samples' class numbers and deal the sorted list round-robin: position p goes to fold
       p % n_splits. alloc[f, c] = how many class-c entries fold f received.
    3. For each class, its samples in index order: the first alloc[0, c] go to fold 0, the next
       alloc[1, c] to fold 1, and so on.
    """
    # TODO(stratified): Return n_splits pairs (train_idx, test_idx) of sorted int64 arrays for labels y (N,).
    # | Number classes by first appearance; deal the sorted class numbers round-robin over the folds
    # | (position p -> fold p % n_splits) to get how many samples of each class each fold tests; then give
    # | each class's samples, in index order, to fold 0 first (its quota), then fold 1, ... Labels may be
    # | ints or strings. n_splits < 2, or n_splits larger than every class's size: ValueError.
    raise NotImplementedError("TODO(stratified): write this region")


if __name__ == "__main__":
    for k, (train, test) in enumerate(kfold_indices(7, 3)):
        print(f"kfold fold {k}: test {test.tolist()}")
    y = np.array(["b", "a", "a", "b", "a", "b", "a"])
    for k, (train, test) in enumerate(stratified_kfold_indices(y, 2)):
        print(f"stratified fold {k}: test {test.tolist()} labels {y[test].tolist()}")
