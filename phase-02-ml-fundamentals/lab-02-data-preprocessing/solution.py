"""Lab 2.2 - Data preprocessing, splits and leakage.

Every function here is something a data pipeline does before a model sees a pixel, and
every one of them can silently leak test information into training. The lab builds them
from scratch, checks them against scikit-learn, and then MEASURES the leaks on synthetic
video clips made from real Fashion-MNIST images (``cvlab.data.synthetic.clips``).

Sections (one marked region each, in the order of the README and the tests):

    1. scaling          Scaler.fit: standard (ddof=0), min-max, robust; constant features
    2. encoding         one_hot_encode with unknown categories -> all-zero block
    3. class_weights    'balanced' weights N / (K * n_c)
    4. resample         random over/undersampling of the TRAINING rows to a target ratio
    5. stratified_split exact per-class test counts (largest remainder)
    6. group_kfold      K folds with no group (clip, patient, camera) in two folds
    7. leakage          random frame split vs group split vs brand-new clips, measured
    8. validate         dtype, shape, NaN, range, label set, duplicates, cross-split copies
"""

from __future__ import annotations

import hashlib
import math
from typing import Literal

import numpy as np

# ---------------------------------------------------------------------------------------
# 1. Scaling
# ---------------------------------------------------------------------------------------

ScalerKind = Literal["standard", "minmax", "robust"]


class Scaler:
    """Per-feature affine scaling ``z = (x - center_) / scale_``, fitted on training data only.

    standard: center = mean, scale = population std (ddof=0), so train columns get mean 0, std 1
    minmax:   center = min,  scale = max - min,           so train columns land in [0, 1]
    robust:   center = median, scale = q75 - q25 (IQR),   outliers barely move the statistics
    A constant feature (or a zero IQR) gets scale 1, so it maps to 0 instead of NaN/inf.
    """

    def __init__(self, kind: ScalerKind = "standard") -> None:
        if kind not in ("standard", "minmax", "robust"):
            raise ValueError(f"kind must be 'standard', 'minmax' or 'robust', got {kind!r}")
        self.kind = kind
        self.center_: np.ndarray | None = None  # (D,)
        self.scale_: np.ndarray | None = None  # (D,)

    def fit(self, X: np.ndarray) -> Scaler:
        """Learn ``center_`` and ``scale_`` (each (D,) float64) from X (N, D)."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or len(X) == 0:
            raise ValueError(f"fit needs a non-empty (N, D) array, got shape {X.shape}")
        # BEGIN REGION scaling: Set self.center_ and self.scale_, float64 arrays of shape (D,), for self.kind:
        # | 'standard' -> mean and POPULATION std (ddof=0); 'minmax' -> min and (max - min);
        # | 'robust' -> median and the interquartile range (75th - 25th percentile, linear interpolation).
        # | A feature whose values are all equal must get scale 1 (so it transforms to 0, never NaN or
        # | +-1 from rounding); a scale that is 0 or ~1e-15 for any other reason also becomes 1.
        if self.kind == "standard":
            center = X.mean(axis=0)  # (D,)
            scale = X.std(axis=0, ddof=0)  # (D,) population std, the convention of sklearn
        elif self.kind == "minmax":
            center = X.min(axis=0)
            scale = X.max(axis=0) - center
        else:
            q25, center, q75 = np.percentile(X, [25.0, 50.0, 75.0], axis=0)  # each (D,)
            scale = q75 - q25
        # A constant column's std is often ~1e-17, not 0 (the mean of 0.1 repeated is not
        # exactly 0.1), and dividing by it turns rounding error into +-1. Detect constancy
        # exactly (max == min) and catch other near-zero scales with a tolerance.
        constant = np.ptp(X, axis=0) == 0
        tiny = scale < 10 * np.finfo(np.float64).eps * np.maximum(1.0, np.abs(center))
        self.center_ = center
        self.scale_ = np.where(constant | tiny, 1.0, scale)
        # END REGION scaling
        return self

    def _check_fitted(self) -> None:
        if self.center_ is None or self.scale_ is None:
            raise RuntimeError("Scaler is not fitted: call fit(X_train) first")

    def transform(self, X: np.ndarray) -> np.ndarray:
        """(N, D) -> (N, D) float64 with the TRAINING statistics."""
        self._check_fitted()
        return (np.asarray(X, dtype=np.float64) - self.center_) / self.scale_  # (N, D) - (D,) broadcast

    def inverse_transform(self, Z: np.ndarray) -> np.ndarray:
        self._check_fitted()
        return np.asarray(Z, dtype=np.float64) * self.scale_ + self.center_

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        return self.fit(X).transform(X)


# ---------------------------------------------------------------------------------------
# 2. Categorical encodings
# ---------------------------------------------------------------------------------------


def _as_2d(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X)
    return X.reshape(-1, 1) if X.ndim == 1 else X


def fit_categories(X: np.ndarray) -> list[np.ndarray]:
    """The sorted distinct values of each column of X (N, F): what an encoder learns in fit."""
    X = _as_2d(X)
    return [np.unique(X[:, f]) for f in range(X.shape[1])]


def ordinal_encode(X: np.ndarray, categories: list[np.ndarray], unknown_value: int = -1) -> np.ndarray:
    """Each value -> its position in that column's sorted categories; unseen -> ``unknown_value``.

    X (N, F) of any comparable dtype (ints, strings), categories: F sorted arrays -> (N, F) int64.
    A worked example for region 2: binary search, then check the hit is an exact match.
    """
    X = _as_2d(X)
    if X.shape[1] != len(categories):
        raise ValueError(f"X has {X.shape[1]} columns but {len(categories)} category lists were given")
    codes = np.full(X.shape, unknown_value, dtype=np.int64)  # (N, F)
    for f, cats in enumerate(categories):  # loop over columns, not samples
        cats = np.asarray(cats)
        if len(cats) == 0:
            continue
        pos = np.searchsorted(cats, X[:, f])  # (N,) insertion points, may be len(cats)
        pos_clipped = np.minimum(pos, len(cats) - 1)
        known = cats[pos_clipped] == X[:, f]  # (N,) bool: an exact match, not just an insertion point
        codes[known, f] = pos_clipped[known]
    return codes


def one_hot_encode(X: np.ndarray, categories: list[np.ndarray]) -> np.ndarray:
    """One-hot encoding with ``handle_unknown='ignore'`` semantics.

    X (N, F) (or (N,) for one column), categories: F sorted arrays with K_f entries
    -> (N, K_1 + ... + K_F) float64. Column f owns the block starting at K_1 + ... + K_{f-1};
    a known value puts a single 1 in its block, an unseen value leaves the block all zero.
    """
    X = _as_2d(X)
    # BEGIN REGION encoding: Return a float64 (N, sum_f K_f) array: feature f owns a block of K_f columns
    # | (blocks in feature order), with a 1 at the position of the value among that feature's sorted
    # | categories. A value not in the categories (e.g. a camera never seen in training) must leave its
    # | whole block at 0 - it must not light up any category. ordinal_encode above returns -1 for those.
    codes = ordinal_encode(X, categories)  # (N, F), -1 = unknown
    sizes = np.array([len(c) for c in categories], dtype=np.int64)  # (F,)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])  # (F,) first column of each block
    out = np.zeros((X.shape[0], int(sizes.sum())), dtype=np.float64)
    rows, feats = np.nonzero(codes >= 0)  # only known values get a 1 (codes == -1 would index the LAST column)
    out[rows, offsets[feats] + codes[rows, feats]] = 1.0
    return out
    # END REGION encoding


# ---------------------------------------------------------------------------------------
# 3. Class weights
# ---------------------------------------------------------------------------------------


def balanced_class_weights(y: np.ndarray, classes: np.ndarray | None = None) -> np.ndarray:
    """'balanced' class weights: w_c = N / (K * n_c), one per class in ``classes`` (sorted unique y by default).

    With these weights every class carries the same total weight N / K in the loss, and the
    weights average to 1 over the samples (sum_i w_{y_i} = N), so the learning rate keeps its meaning.
    """
    y = np.asarray(y)
    classes = np.unique(y) if classes is None else np.asarray(classes)
    # BEGIN REGION class_weights: Return float64 weights of shape (K,), K = len(classes), in the order of `classes`:
    # | w_c = N / (K * n_c) with N = len(y) and n_c = count of class c in y (rare class -> weight > 1).
    # | Raise ValueError if a class in `classes` never occurs in y, or y holds a label not in `classes`.
    if not np.all(np.isin(y, classes)):
        raise ValueError(f"y holds labels not in classes: {sorted(set(np.unique(y)) - set(classes.tolist()))}")
    counts = (y[None, :] == classes[:, None]).sum(axis=1)  # (K, N) -> (K,)
    if np.any(counts == 0):
        raise ValueError(f"classes never seen in y: {classes[counts == 0].tolist()}")
    return len(y) / (len(classes) * counts.astype(np.float64))
    # END REGION class_weights


# ---------------------------------------------------------------------------------------
# 4. Resampling (inside the training rows only)
# ---------------------------------------------------------------------------------------


def resample_indices(
    y: np.ndarray,
    train_idx: np.ndarray,
    ratio: float = 1.0,
    mode: Literal["over", "under"] = "over",
    seed: int = 0,
) -> np.ndarray:
    """Rows to train on after random over- or undersampling of the training rows ``train_idx``.

    Counts n_c are taken over y[train_idx] only; n_max / n_min are the largest / smallest.
    over:  class c ends with max(n_c, ceil(ratio * n_max)) rows: all of its rows kept, the
           extra ones drawn with replacement from them.
    under: class c ends with min(n_c, floor(n_min / ratio)) rows, drawn without replacement.
    Either way every class ends with at least ``ratio`` times the largest class count.
    Returns int64 indices INTO y (a subset of train_idx, repeated where oversampled).
    """
    if not 0 < ratio <= 1:
        raise ValueError(f"ratio must be in (0, 1], got {ratio}")
    if mode not in ("over", "under"):
        raise ValueError(f"mode must be 'over' or 'under', got {mode!r}")
    y = np.asarray(y)
    train_idx = np.asarray(train_idx, dtype=np.int64)
    rng = np.random.default_rng(seed)
    # BEGIN REGION resample: Using only the rows train_idx (never the rest of y), return int64 indices into y:
    # | mode 'over': each class keeps all its training rows and gains random duplicates (with replacement)
    # | up to ceil(ratio * n_max); mode 'under': each class keeps a random subset (no replacement) of
    # | min(n_c, floor(n_min / ratio)) rows. Draw with `rng`. Counts come from y[train_idx].
    classes, counts = np.unique(y[train_idx], return_counts=True)
    pieces = []
    for c, n_c in zip(classes, counts):  # loop over classes, not samples
        rows = train_idx[y[train_idx] == c]  # (n_c,)
        if mode == "over":
            target = max(int(n_c), math.ceil(ratio * counts.max()))
            extra = rng.choice(rows, size=target - n_c, replace=True)
            pieces += [rows, extra]
        else:
            target = min(int(n_c), math.floor(counts.min() / ratio))
            pieces.append(rng.choice(rows, size=target, replace=False))
    out = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
    return rng.permutation(out).astype(np.int64)  # shuffled so batches are not sorted by class
    # END REGION resample


# ---------------------------------------------------------------------------------------
# 5. Stratified split
# ---------------------------------------------------------------------------------------


def stratified_split(y: np.ndarray, test_size: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """One stratified train/test split, sklearn's size convention: n_test = ceil(test_size * N).

    The n_test slots are shared out over classes by largest remainder: class c gets
    floor(q_c) or ceil(q_c) test rows where q_c = n_c * n_test / N, the totals add up to
    exactly n_test, and the rows are chosen at random inside each class.
    Returns (train_idx, test_idx), sorted int64, disjoint, covering range(N).
    """
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be in (0, 1), got {test_size}")
    y = np.asarray(y)
    N = len(y)
    n_test = math.ceil(test_size * N)
    rng = np.random.default_rng(seed)
    # BEGIN REGION stratified_split: Return (train_idx, test_idx), sorted int64 arrays that partition range(N),
    # | with exactly n_test test rows and, for every class c, floor(q_c) or ceil(q_c) of them from class c,
    # | q_c = n_c * n_test / N (hand the leftover slots to the largest fractional parts). Pick the rows
    # | of each class at random with `rng`.
    classes, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)  # (K,), (N,), (K,)
    quota = counts * n_test / N  # (K,) ideal, fractional
    take = np.floor(quota).astype(np.int64)
    leftover = n_test - int(take.sum())  # 0 <= leftover < K
    frac = quota - take
    # Largest remainder; random tie-break so no class is systematically favoured.
    order = np.lexsort((rng.random(len(classes)), -frac))
    take[order[:leftover]] += 1
    test_parts = []
    for k in range(len(classes)):  # loop over classes
        members = np.flatnonzero(inverse == k)
        test_parts.append(rng.choice(members, size=take[k], replace=False))
    test_idx = np.sort(np.concatenate(test_parts)).astype(np.int64)
    is_test = np.zeros(N, dtype=bool)
    is_test[test_idx] = True
    return np.flatnonzero(~is_test).astype(np.int64), test_idx
    # END REGION stratified_split


# ---------------------------------------------------------------------------------------
# 6. Group-aware K-fold
# ---------------------------------------------------------------------------------------


def group_kfold(groups: np.ndarray, n_splits: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    """K folds such that every group (clip, patient, site) lies entirely inside one test fold.

    Groups are dealt largest first, each to the fold with the fewest rows so far (greedy
    longest-processing-time), which keeps fold sizes within one largest group of each other.
    Returns n_splits pairs (train_idx, test_idx) of sorted int64 indices; the test folds
    partition range(N). Raises ValueError when there are fewer groups than folds.
    """
    groups = np.asarray(groups)
    # BEGIN REGION group_kfold: Return a list of n_splits (train_idx, test_idx) pairs, sorted int64 arrays.
    # | Every row is in exactly one test fold, all rows of one group share that fold, and fold sizes
    # | stay balanced (largest fold - smallest fold <= size of the largest group): deal groups from
    # | largest to smallest, each into the fold that currently holds the fewest rows.
    # | Raise ValueError if there are fewer distinct groups than n_splits.
    uniq, inverse, sizes = np.unique(groups, return_inverse=True, return_counts=True)  # (G,), (N,), (G,)
    if len(uniq) < n_splits:
        raise ValueError(f"cannot make {n_splits} group folds from {len(uniq)} groups")
    fold_of_group = np.empty(len(uniq), dtype=np.int64)  # (G,)
    fold_rows = np.zeros(n_splits, dtype=np.int64)
    for g in np.argsort(-sizes, kind="stable"):  # loop over groups, largest first
        f = int(np.argmin(fold_rows))
        fold_of_group[g] = f
        fold_rows[f] += sizes[g]
    fold_of_row = fold_of_group[inverse]  # (N,)
    return [
        (np.flatnonzero(fold_of_row != f).astype(np.int64), np.flatnonzero(fold_of_row == f).astype(np.int64))
        for f in range(n_splits)
    ]
    # END REGION group_kfold


# ---------------------------------------------------------------------------------------
# 7. Leakage, measured
# ---------------------------------------------------------------------------------------


def nn_accuracy(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, y_test: np.ndarray) -> float:
    """Accuracy of a 1-nearest-neighbour classifier (Euclidean). X (N, D) float."""
    X_train = np.asarray(X_train, dtype=np.float64)
    X_test = np.asarray(X_test, dtype=np.float64)
    if len(X_test) == 0:
        return float("nan")
    sq_train = (X_train**2).sum(axis=1)  # (Ntr,)
    correct = 0
    for start in range(0, len(X_test), 1024):  # chunks of test rows bound the (chunk, Ntr) matrix
        xb = X_test[start : start + 1024]  # (B, D)
        # ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2; ||a||^2 is constant per row, so drop it for argmin
        d = sq_train[None, :] - 2.0 * xb @ X_train.T  # (B, D) @ (D, Ntr) -> (B, Ntr)
        pred = np.asarray(y_train)[d.argmin(axis=1)]
        correct += int((pred == np.asarray(y_test)[start : start + 1024]).sum())
    return correct / len(X_test)


def frame_leakage(
    X: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    X_new: np.ndarray,
    y_new: np.ndarray,
    n_splits: int = 5,
    seed: int = 0,
) -> dict[str, float]:
    """Measure how much a frame-level split inflates a score on clip data.

    X (N, D) frames of clips (row order as generated: clip-major), y (N,), groups (N,) clip
    ids; X_new, y_new: frames of brand-new clips (base images never seen in X).
    Returns {'random_split', 'group_split', 'new_clips', 'inflation'}:
      random_split  mean 1-NN accuracy over n_splits SHUFFLED frame-level folds (the leak)
      group_split   mean 1-NN accuracy over group_kfold(groups, n_splits) (the honest estimate)
      new_clips     1-NN trained on all of X, scored on X_new (what deployment would see)
      inflation     random_split - group_split
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    # BEGIN REGION leakage: Fill the four numbers with nn_accuracy: random_split = mean over n_splits folds of
    # | a SHUFFLED frame-level K-fold (a random permutation of rows cut into n_splits parts - frames are
    # | stored clip by clip, so an unshuffled cut would hide the leak); group_split = mean over
    # | group_kfold(groups, n_splits); new_clips = train on all of X, test on X_new;
    # | inflation = random_split - group_split. Return them as floats in a dict.
    perm = rng.permutation(len(X))
    random_folds = np.array_split(perm, n_splits)  # frames of one clip land in different folds: the leak
    random_scores = []
    for test in random_folds:
        train = np.setdiff1d(perm, test)
        random_scores.append(nn_accuracy(X[train], y[train], X[test], y[test]))
    group_scores = [nn_accuracy(X[tr], y[tr], X[te], y[te]) for tr, te in group_kfold(groups, n_splits)]
    random_split = float(np.mean(random_scores))
    group_split = float(np.mean(group_scores))
    return {
        "random_split": random_split,
        "group_split": group_split,
        "new_clips": float(nn_accuracy(X, y, X_new, y_new)),
        "inflation": random_split - group_split,
    }
    # END REGION leakage


def scaler_leakage(n: int = 400, shift: float = 12.0, seed: int = 0) -> dict[str, float]:
    """The scaler leak, on a designed case: 1-NN after standard scaling, fit on train vs on train+test.

    Two features: x0 carries the class (means -1 / +1, std 0.6), x1 is pure noise with std 1 in
    training. The test set comes from a noisier sensor: x1 has std ``shift`` there. Fitting the
    scaler on train + test quietly shrinks x1 using the test set's own statistics, so the leaky
    pipeline scores higher than what a deployed model (which only ever saw training data) gets.
    In the i.i.d. case (no shift) the two pipelines agree closely - the leak hides until the
    test data differ, which is exactly when the number matters.
    Returns accuracies {'iid_fit_train', 'iid_fit_all', 'shift_fit_train', 'shift_fit_all'}.
    """
    rng = np.random.default_rng(seed)

    def sample(m: int, noise_std: float) -> tuple[np.ndarray, np.ndarray]:
        labels = rng.integers(0, 2, size=m)
        x0 = np.where(labels == 1, 1.0, -1.0) + rng.normal(0.0, 0.6, size=m)
        x1 = rng.normal(0.0, noise_std, size=m)
        return np.stack([x0, x1], axis=1), labels  # (m, 2), (m,)

    X_tr, y_tr = sample(n, 1.0)
    out: dict[str, float] = {}
    for name, noise_std in (("iid", 1.0), ("shift", shift)):
        X_te, y_te = sample(n, noise_std)
        honest = Scaler("standard").fit(X_tr)  # statistics from training rows only
        leaky = Scaler("standard").fit(np.concatenate([X_tr, X_te]))  # peeks at the test set
        out[f"{name}_fit_train"] = nn_accuracy(honest.transform(X_tr), y_tr, honest.transform(X_te), y_te)
        out[f"{name}_fit_all"] = nn_accuracy(leaky.transform(X_tr), y_tr, leaky.transform(X_te), y_te)
    return out


def oversampling_leakage(X: np.ndarray, y: np.ndarray, test_size: float = 0.3, seed: int = 0) -> dict[str, float]:
    """Oversampling before vs after the split, measured as 1-NN recall of the rarest class.

    leaky:  duplicate minority rows over the WHOLE set (ratio 1), then split the rows at random:
            copies of one image land on both sides and the test set grades memorisation.
    honest: split first, oversample only the training rows, test on untouched rows.
    Returns {'leaky_minority_recall', 'honest_minority_recall'}.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    classes, counts = np.unique(y, return_counts=True)
    minority = classes[np.argmin(counts)]
    rng = np.random.default_rng(seed)

    def recall(tr: np.ndarray, te: np.ndarray) -> float:
        te = te[y[te] == minority]
        return nn_accuracy(X[tr], y[tr], X[te], y[te])

    # leaky: resample everything, then a random split of the resampled rows
    rows = resample_indices(y, np.arange(len(y)), ratio=1.0, mode="over", seed=seed)
    perm = rng.permutation(len(rows))
    n_te = math.ceil(test_size * len(rows))
    leaky = recall(rows[perm[n_te:]], rows[perm[:n_te]])
    # honest: a random split of the original rows, then resample the training rows only
    perm = rng.permutation(len(y))
    n_te = math.ceil(test_size * len(y))
    train_rows = resample_indices(y, perm[n_te:], ratio=1.0, mode="over", seed=seed)
    honest = recall(train_rows, perm[:n_te])
    return {"leaky_minority_recall": leaky, "honest_minority_recall": honest}


# ---------------------------------------------------------------------------------------
# 8. Data validation
# ---------------------------------------------------------------------------------------


def _first(indices: np.ndarray, k: int = 5) -> str:
    shown = ", ".join(str(int(i)) for i in indices[:k])
    return shown + (", ..." if len(indices) > k else "")


def validate_dataset(
    X: np.ndarray,
    y: np.ndarray,
    *,
    dtype: np.dtype | type | str | None = None,
    sample_shape: tuple[int, ...] | None = None,
    value_range: tuple[float, float] | None = None,
    labels: set | list | np.ndarray | None = None,
    reference: np.ndarray | None = None,
) -> list[str]:
    """Readable problems with a dataset X (N, ...) and its labels y (N,); [] when it looks clean.

    Each problem is one string "<check>: <what is wrong, with counts and example indices>",
    <check> being one of: length, dtype, shape, nan, range, labels, duplicates, leak.
    Checks that were not asked for (argument None) are skipped; 'duplicates' always runs;
    'leak' runs when ``reference`` (e.g. the training set, when validating the test set) is given.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    problems: list[str] = []
    # BEGIN REGION validate: Append one "<check>: <message>" string per failed check, checks named exactly:
    # | length (len(X) != len(y)), dtype (X.dtype != dtype), shape (X.shape[1:] != sample_shape),
    # | nan (float samples holding NaN or +-inf), range (finite values outside value_range, inclusive),
    # | labels (labels outside the allowed set), duplicates (a sample byte-identical to an earlier one;
    # | find them by hashing each sample's bytes), leak (a sample byte-identical to one in `reference`).
    # | Messages give counts and the first offending row indices (for a duplicate, the later copy),
    # | e.g. "nan: 3 samples hold NaN or inf (rows 5, 17, 40)". Return the list ([] when clean).
    if len(X) != len(y):
        problems.append(f"length: {len(X)} samples but {len(y)} labels")
    if dtype is not None and X.dtype != np.dtype(dtype):
        problems.append(f"dtype: samples are {X.dtype}, expected {np.dtype(dtype)}")
    if sample_shape is not None and X.shape[1:] != tuple(sample_shape):
        problems.append(f"shape: each sample is {X.shape[1:]}, expected {tuple(sample_shape)}")
    flat = X.reshape(len(X), math.prod(X.shape[1:]))  # (N, P); -1 would fail for N = 0
    if np.issubdtype(X.dtype, np.floating) or np.issubdtype(X.dtype, np.complexfloating):
        bad = np.flatnonzero(~np.isfinite(flat).all(axis=1))  # NaN != NaN, so `== np.nan` never fires
        if len(bad):
            problems.append(f"nan: {len(bad)} samples hold NaN or inf (rows {_first(bad)})")
    if value_range is not None and flat.size:
        lo, hi = value_range
        with np.errstate(invalid="ignore"):
            outside = np.isfinite(flat) & ((flat < lo) | (flat > hi))  # NaN/inf are the 'nan' check's job
        bad = np.flatnonzero(outside.any(axis=1))
        if len(bad):
            vals = flat[outside].astype(np.float64)
            problems.append(
                f"range: {len(bad)} samples have values outside [{lo}, {hi}] "
                f"(rows {_first(bad)}; min {vals.min():g}, max {vals.max():g})"
            )
    if labels is not None:
        allowed = set(np.asarray(list(labels)).tolist())
        unknown = sorted({v for v in np.unique(y).tolist() if v not in allowed}, key=str)
        if unknown:
            bad = np.flatnonzero(~np.isin(y, list(allowed)))
            problems.append(f"labels: {len(bad)} labels not in the allowed set: {unknown} (rows {_first(bad)})")

    def digest(a: np.ndarray) -> list[str]:  # one hash per sample; dtype and shape are part of identity
        return [hashlib.blake2b(np.ascontiguousarray(row).tobytes(), digest_size=16).hexdigest() for row in a]

    hashes = digest(flat)
    first_seen: dict[str, int] = {}
    dups: list[tuple[int, int]] = []  # (later row, earlier row it copies)
    for i, h in enumerate(hashes):  # loop over samples, O(N) with a dict
        if h in first_seen:
            dups.append((i, first_seen[h]))
        else:
            first_seen[h] = i
    if dups:
        pairs = ", ".join(f"{i} == {j}" for i, j in dups[:5]) + (", ..." if len(dups) > 5 else "")
        conflicts = sum(1 for i, j in dups if i < len(y) and j < len(y) and y[i] != y[j])
        extra = f"; {conflicts} of them with a different label" if conflicts else ""
        problems.append(f"duplicates: {len(dups)} samples copy an earlier one (rows {pairs}){extra}")
    if reference is not None:
        ref = np.asarray(reference)
        ref_hashes = set(digest(ref.reshape(len(ref), math.prod(ref.shape[1:])).astype(X.dtype, copy=False))) if len(ref) else set()
        leaked = np.array([i for i, h in enumerate(hashes) if h in ref_hashes], dtype=np.int64)
        if len(leaked):
            problems.append(f"leak: {len(leaked)} samples also appear in the reference set (rows {_first(leaked)})")
    return problems
    # END REGION validate


# ---------------------------------------------------------------------------------------
# Demo: python solution.py (or lab.py: it stops at the first region you have not written)
# ---------------------------------------------------------------------------------------

def _imbalance_tradeoffs() -> None:
    """`python solution.py --imbalance`: no fix vs class weights vs over- vs undersampling (~20 s)."""
    import warnings

    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import balanced_accuracy_score, precision_score, recall_score

    from cvlab import data

    warnings.filterwarnings("ignore")
    X, y = data.fashion_mnist("test")
    pool = np.flatnonzero(np.isin(y, [0, 2, 4, 6]))  # T-shirt, Pullover, Coat vs the rare Shirt (6)
    maj, mino = pool[y[pool] != 6], pool[y[pool] == 6]
    tr, te = np.r_[maj[:1500], mino[:80]], np.r_[maj[1500:2700], mino[80:140]]
    Xtr, Xte = X[tr].reshape(len(tr), -1) / 255.0, X[te].reshape(len(te), -1) / 255.0
    ytr, yte = (y[tr] == 6).astype(int), (y[te] == 6).astype(int)
    print(f"Shirt vs other tops, train {np.bincount(ytr)}, test {np.bincount(yte)}; logistic regression C=0.05")
    over = resample_indices(ytr, np.arange(len(ytr)), 1.0, "over")
    under = resample_indices(ytr, np.arange(len(ytr)), 1.0, "under")
    w = balanced_class_weights(ytr)[ytr]
    for name, rows, sw in (("no fix", np.arange(len(ytr)), None), ("class weights", np.arange(len(ytr)), w),
                           ("oversample", over, None), ("undersample", under, None)):
        model = LogisticRegression(C=0.05, max_iter=300).fit(Xtr[rows], ytr[rows], sample_weight=sw)
        p = model.predict(Xte)
        print(f"   {name:14s} recall {recall_score(yte, p):.3f}  precision {precision_score(yte, p, zero_division=0):.3f}"
              f"  balanced acc {balanced_accuracy_score(yte, p):.3f}  training rows {len(rows)}")


if __name__ == "__main__":
    import sys

    from cvlab import data
    from cvlab.data.synthetic.clips import fashion_mnist_clips

    np.set_printoptions(precision=3, suppress=True)
    rng = np.random.default_rng(0)

    print("1. scaling: a constant column 0.1 and an outlier column")
    X = np.c_[rng.normal(5, 2, 8), np.full(8, 0.1), np.r_[rng.normal(0, 1, 7), 100.0]]
    for kind in ("standard", "minmax", "robust"):
        s = Scaler(kind).fit(X)
        print(f"   {kind:8s} center {s.center_}  scale {s.scale_}")

    print("2. one-hot with an unseen camera")
    cams = np.array([["cam_a", "day"], ["cam_b", "night"], ["cam_a", "night"]], dtype=object)
    cats = fit_categories(cams)
    print("  ", one_hot_encode(np.array([["cam_b", "day"], ["cam_z", "night"]], dtype=object), cats))

    print("3. class weights for counts 90 / 9 / 1:", balanced_class_weights(np.repeat([0, 1, 2], [90, 9, 1])))

    y_imb = np.repeat([0, 1], [90, 10])
    over = resample_indices(y_imb, np.arange(100), ratio=0.5, mode="over")
    under = resample_indices(y_imb, np.arange(100), ratio=0.5, mode="under")
    print("4. resample 90/10 to ratio 0.5: over ->", np.bincount(y_imb[over]), " under ->", np.bincount(y_imb[under]))

    tr, te = stratified_split(np.repeat([0, 1, 2], [50, 30, 7]), test_size=0.25)
    print("5. stratified split of 50/30/7 at 25%: test counts", np.bincount(np.repeat([0, 1, 2], [50, 30, 7])[te]))

    folds = group_kfold(np.repeat(np.arange(7), [9, 8, 5, 5, 3, 2, 1]), n_splits=3)
    print("6. group k-fold, group sizes 9 8 5 5 3 2 1 -> fold sizes", [len(te) for _, te in folds])

    print("7. leakage on Fashion-MNIST clips (300 clips x 4 frames; 400 brand-new clips x 2 frames)")
    clips = fashion_mnist_clips(300, 4, split="test", pool=slice(0, 5000), seed=0)
    new = fashion_mnist_clips(400, 2, split="test", pool=slice(5000, 10000), seed=1)
    res = frame_leakage(clips.flat(), clips.labels, clips.groups, new.flat(), new.labels)
    print("   1-NN accuracy: random frame split {random_split:.3f} | group split {group_split:.3f} | "
          "brand-new clips {new_clips:.3f} | inflation {inflation:+.3f}".format(**res))
    sl = scaler_leakage()
    print("   scaler leak: iid  fit-on-train {iid_fit_train:.3f}  fit-on-all {iid_fit_all:.3f}".format(**sl))
    print("                shift fit-on-train {shift_fit_train:.3f}  fit-on-all {shift_fit_all:.3f}".format(**sl))
    Xf, yf = data.fashion_mnist("test")
    keep = np.r_[np.flatnonzero(yf[:5000] == 0)[:300], np.flatnonzero(yf[:5000] == 6)[:30]]  # T-shirt vs Shirt
    ol = oversampling_leakage(Xf[keep].reshape(len(keep), -1) / 255.0, yf[keep])
    print("   oversampling leak (minority recall): before split {leaky_minority_recall:.3f} | "
          "inside train only {honest_minority_recall:.3f}".format(**ol))

    print("8. validation of a dirty copy of the clips")
    dirty = clips.frames[:50].copy()
    dirty[3, 0, 0] = np.nan
    dirty[7] = dirty[2]
    dirty[10] = new.frames[0]  # a "test" frame that also sits in the other set
    for p in validate_dataset(dirty, clips.labels[:50], dtype=np.float32, sample_shape=(28, 28),
                              value_range=(0.0, 1.0), labels=range(10), reference=new.frames):
        print("   -", p)
    if "--imbalance" in sys.argv:
        _imbalance_tradeoffs()
