"""a16 - Stratified sampling: split by label keeping class proportions.

Two parts: apportion an integer test size over classes in proportion to their sizes (largest
remainder, so every class is within one sample of its exact share and the shares add up), then
choose which samples of each class go to the test set uniformly at random.
"""

from __future__ import annotations

import math

import numpy as np


def allocate(class_counts: np.ndarray, n_total: int) -> np.ndarray:
    """Integer shares of n_total proportional to class_counts (Hamilton / largest remainder).

    exact_c = n_total · count_c / Σ count;  start from floor(exact_c) and give the remaining
    n_total - Σ floor one each to the classes with the largest fractional parts. Then
    Σ shares = n_total and |share_c - exact_c| < 1 for every class.
    """
    # BEGIN REGION allocate: Return int64 shares (C,) with sum == n_total and |share_c - n_total * count_c / sum(counts)| < 1 for each c.
    # | class_counts (C,) non-negative integers with a positive sum; 0 <= n_total <= sum(counts). A class whose exact share
    # | is an integer gets exactly that; empty classes get 0. Raise ValueError otherwise (negative counts, bad n_total).
    counts = np.asarray(class_counts)
    if counts.ndim != 1 or counts.size == 0 or counts.dtype.kind not in "iu" or counts.min() < 0 or counts.sum() == 0:
        raise ValueError(f"class_counts must be 1-d non-negative integers with a positive sum, got {counts}")
    total = int(counts.sum())
    if not 0 <= n_total <= total:
        raise ValueError(f"n_total must be in [0, {total}], got {n_total}")
    # Integer arithmetic: exact_c = n_total·count_c / total, floor and remainder without rounding error.
    num = n_total * counts.astype(np.int64)
    base, rem = num // total, num % total  # (C,), (C,)
    left = n_total - int(base.sum())  # 0 <= left < number of classes with rem > 0
    order = np.argsort(-rem, kind="stable")  # largest remainder first, ties by class order
    base[order[:left]] += 1
    return base.astype(np.int64)
    # END REGION allocate


def stratified_split(labels: np.ndarray, test_fraction: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Split sample indices into (train, test), both sorted int64, stratified by label.

    The test set has n_test = ceil(test_fraction · N) samples (scikit-learn's rule), shared over
    the classes by ``allocate``; within each class the test members are a uniform random subset.
    """
    # BEGIN REGION split: Return (train_idx, test_idx): sorted int64 index arrays, disjoint, together 0..N-1.
    # | len(test_idx) = ceil(test_fraction * N), shared over the classes of `labels` (N,) with allocate(), so each class
    # | has its proportional number of test samples (within 1). Inside a class every subset of that size is equally likely;
    # | use only `rng`. Labels can be any sortable values (ints, strings). Raise ValueError unless 0 < test_fraction < 1 and N >= 1.
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.size == 0 or not 0.0 < test_fraction < 1.0:
        raise ValueError(f"need 1-d non-empty labels and 0 < test_fraction < 1, got {labels.shape}, {test_fraction}")
    n = labels.size
    classes, inv, counts = np.unique(labels, return_inverse=True, return_counts=True)  # inv (N,) in 0..C-1
    n_test = math.ceil(test_fraction * n)
    share = allocate(counts, n_test)  # (C,) test samples per class
    # Random order inside each class: sort by (class, random key); rank = position within its class block.
    order = np.lexsort((rng.random(n), inv))  # (N,) grouped by class, shuffled inside
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])  # (C,) first position of each class block
    rank = np.arange(n) - starts[inv[order]]  # (N,) 0-based rank inside the class
    is_test = np.zeros(n, dtype=bool)
    is_test[order] = rank < share[inv[order]]
    return np.flatnonzero(~is_test).astype(np.int64), np.flatnonzero(is_test).astype(np.int64)
    # END REGION split


if __name__ == "__main__":
    print("allocate([50, 30, 20, 1], 11) =", allocate(np.array([50, 30, 20, 1]), 11))
    labels = np.array(["cat"] * 6 + ["dog"] * 3 + ["bird"])
    train, test = stratified_split(labels, 0.3, np.random.default_rng(0))
    print("labels =", labels.tolist())
    print("test  =", test.tolist(), labels[test].tolist())
    print("train =", train.tolist())
