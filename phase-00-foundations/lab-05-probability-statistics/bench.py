"""`cvlab bench 0.5`: what the vectorised versions cost next to the library calls.

Each case times the lab's function against a library doing the same statistical work and
prints the ratio (lab time / reference time). Measured on a 2-core CPU: inverse-CDF sampling is ~1.6x
NumPy's ziggurat `rng.exponential` (a log per sample vs mostly table look-ups); the
exponential race with argpartition matches `rng.choice(replace=False, p=...)`; the
permute-and-group stratified sampler is >10x faster than sklearn's StratifiedShuffleSplit
(input validation, a general-purpose allocation); the index-matrix bootstrap is on par with
`scipy.stats.bootstrap(method="percentile")` and the paired one ~2x faster (SciPy batches
and handles any statistic); the exact McNemar test is one binomial CDF, ~5x cheaper than
`scipy.stats.binomtest` (which also builds a result object with a confidence interval).
"""

from __future__ import annotations

import numpy as np
from scipy import stats
from sklearn.model_selection import StratifiedShuffleSplit

from cvlab.bench import Case


def cases(impl):
    rng = np.random.default_rng(0)
    weights = rng.random(10_000) ** 3  # (10000,) skewed "loss" weights, e.g. hard-negative mining
    labels = rng.choice(5, size=20_000, p=[0.6, 0.25, 0.1, 0.04, 0.01])  # (20000,) imbalanced classes
    correct = rng.random(1000) < 0.85  # (1000,) one model on 1000 test images
    other = np.where(rng.random(1000) < 0.9, correct, rng.random(1000) < 0.87)  # correlated second model
    splitter = StratifiedShuffleSplit(n_splits=1, train_size=2000, random_state=0)

    def diff(a, b, axis=-1):
        return a.mean(axis=axis) - b.mean(axis=axis)

    return [
        Case(
            "exponential 1M samples",
            lambda: impl.sample_exponential(2.0, 1_000_000, 1),
            lambda: np.random.default_rng(1).exponential(0.5, 1_000_000),
            "rng.exponential",
        ),
        Case(
            "weighted 100 of 10k, no replacement",
            lambda: impl.weighted_sample_without_replacement(weights, 100, 1),
            lambda: np.random.default_rng(1).choice(10_000, 100, replace=False, p=weights / weights.sum()),
            "rng.choice(replace=False)",
        ),
        Case(
            "stratified 2000 of 20k",
            lambda: impl.stratified_sample(labels, 2000, 1),
            lambda: next(splitter.split(np.zeros(labels.size), labels))[0],
            "sklearn StratifiedShuffleSplit",
        ),
        Case(
            "bootstrap CI, N=1000, B=2000",
            lambda: impl.bootstrap_accuracy_ci(correct, 2000, rng=1),
            lambda: stats.bootstrap((correct,), np.mean, n_resamples=2000, method="percentile", rng=1),
            "scipy.stats.bootstrap",
        ),
        Case(
            "paired diff CI, N=1000, B=2000",
            lambda: impl.bootstrap_diff_ci(correct, other, 2000, rng=1),
            lambda: stats.bootstrap(
                (correct, other), diff, paired=True, vectorized=True, n_resamples=2000, method="percentile", rng=1
            ),
            "scipy.stats.bootstrap(paired)",
        ),
        Case(
            "McNemar exact, N=1000",
            lambda: impl.mcnemar_exact(correct, other),
            lambda: stats.binomtest(int((correct & ~other).sum()), int((correct != other).sum())),
            "scipy.stats.binomtest",
        ),
    ]
