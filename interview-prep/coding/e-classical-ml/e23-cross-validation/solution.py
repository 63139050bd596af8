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
    # BEGIN REGION kfold: Return n_splits pairs (train_idx, test_idx) of sorted int64 arrays for indices 0..n_samples-1.
    # | Test folds are consecutive blocks in order; the first n_samples % n_splits folds have one sample more
    # | than the rest. train_idx is everything else. n_splits < 2 or n_splits > n_samples: ValueError.
    if n_splits < 2 or n_splits > n_samples:
        raise ValueError(f"need 2 <= n_splits <= n_samples, got n_splits={n_splits}, n_samples={n_samples}")
    sizes = np.full(n_splits, n_samples // n_splits, dtype=np.int64)
    sizes[: n_samples % n_splits] += 1  # spread the remainder over the first folds
    stops = np.cumsum(sizes)
    idx = np.arange(n_samples)
    return [
        (np.concatenate([idx[: stop - size], idx[stop:]]), idx[stop - size : stop]) for size, stop in zip(sizes, stops)
    ]
    # END REGION kfold


def stratified_kfold_indices(y: np.ndarray, n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds without shuffling.

    1. Number the classes in order of first appearance in y.
    2. Sort the samples' class numbers and deal the sorted list round-robin: position p goes to fold
       p % n_splits. alloc[f, c] = how many class-c entries fold f received.
    3. For each class, its samples in index order: the first alloc[0, c] go to fold 0, the next
       alloc[1, c] to fold 1, and so on.
    """
    # BEGIN REGION stratified: Return n_splits pairs (train_idx, test_idx) of sorted int64 arrays for labels y (N,).
    # | Number classes by first appearance; deal the sorted class numbers round-robin over the folds
    # | (position p -> fold p % n_splits) to get how many samples of each class each fold tests; then give
    # | each class's samples, in index order, to fold 0 first (its quota), then fold 1, ... Labels may be
    # | ints or strings. n_splits < 2, or n_splits larger than every class's size: ValueError.
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {y.shape}")
    _, first_idx, inverse = np.unique(y, return_index=True, return_inverse=True)
    appearance_rank = np.argsort(np.argsort(first_idx))  # sorted-label id -> first-appearance id
    codes = appearance_rank[inverse]  # (N,) class number of every sample
    n_classes = len(first_idx)
    counts = np.bincount(codes, minlength=n_classes)
    if n_splits < 2 or np.all(counts < n_splits):
        raise ValueError(f"need n_splits >= 2 and at least one class with >= n_splits samples, got {n_splits}")
    dealt = np.sort(codes)
    alloc = np.stack([np.bincount(dealt[f::n_splits], minlength=n_classes) for f in range(n_splits)])  # (k, C)
    fold = np.empty(len(y), dtype=np.int64)
    for c in range(n_classes):
        fold[codes == c] = np.repeat(np.arange(n_splits), alloc[:, c])  # in index order: fold 0's quota first
    idx = np.arange(len(y))
    return [(idx[fold != f], idx[fold == f]) for f in range(n_splits)]
    # END REGION stratified


if __name__ == "__main__":
    for k, (train, test) in enumerate(kfold_indices(7, 3)):
        print(f"kfold fold {k}: test {test.tolist()}")
    y = np.array(["b", "a", "a", "b", "a", "b", "a"])
    for k, (train, test) in enumerate(stratified_kfold_indices(y, 2)):
        print(f"stratified fold {k}: test {test.tolist()} labels {y[test].tolist()}")
