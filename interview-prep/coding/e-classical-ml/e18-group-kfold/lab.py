"""e18 - Group k-fold split.

Cross-validation folds in which every group (patient, video, scene, camera...) lies entirely in
one test fold, with folds balanced greedily: the largest group goes to the emptiest fold.
"""

from __future__ import annotations

import numpy as np


def group_kfold(groups: np.ndarray, n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return n_splits pairs (train_idx, test_idx) of sorted int64 sample indices.

    Greedy balancing (longest-processing-time rule): order the distinct groups by size, largest
    first (equal sizes: larger group value first); put each into the test fold that currently
    holds the fewest samples (ties: lowest fold index). Fold f tests the samples of its groups
    and trains on all the others.
    """
    # TODO(solve): Return a list of n_splits (train_idx, test_idx) pairs, sorted int64 index arrays, for labels groups (N,).
    # | Every group's samples end up in exactly one test fold. Assign groups largest first (equal sizes: the
    # | larger group value first), each to the test fold with the fewest samples so far (ties: the lowest
    # | fold index). train_idx is the complement of test_idx. Groups may be ints or strings.
    # | n_splits < 2 or more splits than distinct groups: ValueError.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    groups = np.array(["a", "a", "a", "b", "b", "c", "c", "d"])
    for k, (train, test) in enumerate(group_kfold(groups, n_splits=2)):
        print(f"fold {k}: test {test.tolist()} (groups {sorted(set(groups[test].tolist()))}), train {train.tolist()}")
