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
    # TODO(allocate): Return int64 shares (C,) with sum == n_total and |share_c - n_total * count_c / sum(counts)| < 1 for each c.
    # | class_counts (C,) non-negative integers with a positive sum; 0 <= n_total <= sum(counts). A class whose exact share
    # | is an integer gets exactly that; empty classes get 0. Raise ValueError otherwise (negative counts, bad n_total).
    raise NotImplementedError("TODO(allocate): write this region")


def stratified_split(labels: np.ndarray, test_fraction: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Split sample indices into (train, test), both sorted int64, stratified by label.

    The test set has n_test = ceil(test_fraction · N) samples (scikit-learn's rule), shared over
    the classes by ``allocate``; within each class the test members are a uniform random subset.
    """
    # TODO(split): Return (train_idx, test_idx): sorted int64 index arrays, disjoint, together 0..N-1.
    # | len(test_idx) = ceil(test_fraction * N), shared over the classes of `labels` (N,) with allocate(), so each class
    # | has its proportional number of test samples (within 1). Inside a class every subset of that size is equally likely;
    # | use only `rng`. Labels can be any sortable values (ints, strings). Raise ValueError unless 0 < test_fraction < 1 and N >= 1.
    raise NotImplementedError("TODO(split): write this region")


if __name__ == "__main__":
    print("allocate([50, 30, 20, 1], 11) =", allocate(np.array([50, 30, 20, 1]), 11))
    labels = np.array(["cat"] * 6 + ["dog"] * 3 + ["bird"])
    train, test = stratified_split(labels, 0.3, np.random.default_rng(0))
    print("labels =", labels.tolist())
    print("test  =", test.tolist(), labels[test].tolist())
    print("train =", train.tolist())
