"""Grader for lab 2.2 - Data preprocessing, splits and leakage.

References: scikit-learn (StandardScaler, MinMaxScaler, RobustScaler, OneHotEncoder,
compute_class_weight, StratifiedShuffleSplit, GroupKFold, KFold, KNeighborsClassifier),
NumPy's np.unique(axis=0) for duplicates, and the exact ground truth of the synthetic
clips (every frame's clip id and label) from ``cvlab.data.synthetic.clips``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.model_selection import GroupKFold, KFold, StratifiedShuffleSplit
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, RobustScaler, StandardScaler
from sklearn.utils.class_weight import compute_class_weight

from cvlab import data
from cvlab.data.synthetic.clips import digits_clips, fashion_mnist_clips

# ---------------------------------------------------------------------------------------
# shared data (built by the tests, independent of the implementation under test)
# ---------------------------------------------------------------------------------------


def _scaling_data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Train/test tables with very different column scales, an outlier and a constant column of 0.1."""
    rng = np.random.default_rng(seed)

    def table(n: int) -> np.ndarray:
        return np.c_[
            rng.normal(5.0, 2.0, n),  # ordinary feature
            rng.normal(0.0, 1000.0, n),  # large scale
            np.full(n, 0.1),  # constant, and 0.1 is not exact in binary
            np.r_[rng.normal(0.0, 1.0, n - 2), 40.0, -25.0],  # outliers
            rng.exponential(3.0, n),  # skewed
        ]

    return table(50), table(20)


_CLIPS: dict[str, object] = {}


def _leak_clips():
    """300 Fashion-MNIST clips x 4 frames, and 400 brand-new clips x 2 frames from disjoint base images."""
    if "train" not in _CLIPS:
        _CLIPS["train"] = fashion_mnist_clips(300, 4, split="test", pool=slice(0, 5000), seed=2)
        _CLIPS["new"] = fashion_mnist_clips(400, 2, split="test", pool=slice(5000, 10000), seed=3)
    return _CLIPS["train"], _CLIPS["new"]


_LEAK_RESULT: dict[int, dict] = {}


def _leakage(lab) -> dict:
    """lab.frame_leakage on the clips above, computed once per implementation."""
    if id(lab) not in _LEAK_RESULT:
        clips, new = _leak_clips()
        res = lab.frame_leakage(clips.flat(), clips.labels, clips.groups, new.flat(), new.labels, n_splits=5, seed=0)
        assert isinstance(res, dict), f"frame_leakage returned {type(res).__name__}, expected a dict"
        missing = {"random_split", "group_split", "new_clips", "inflation"} - set(res)
        assert not missing, f"frame_leakage's dict lacks the keys {sorted(missing)}"
        _LEAK_RESULT[id(lab)] = {k: float(v) for k, v in res.items()}
    return _LEAK_RESULT[id(lab)]


def _knn_score(X_train, y_train, X_test, y_test) -> float:
    """1-NN accuracy written here, independent of lab.nn_accuracy (sklearn's KNeighborsClassifier is checked once below)."""
    X_train, X_test = np.asarray(X_train, np.float64), np.asarray(X_test, np.float64)
    d = (X_train**2).sum(1)[None, :] - 2.0 * X_test @ X_train.T  # (Nte, Ntr), ||x_test||^2 dropped
    return float((np.asarray(y_train)[d.argmin(1)] == np.asarray(y_test)).mean())


# ---------------------------------------------------------------------------------------
# 1. scaling
# ---------------------------------------------------------------------------------------


@pytest.mark.region("scaling")
def test_standard_scaler_matches_sklearn(lab):
    """Standard scaling uses the population std (ddof=0) and the TRAINING statistics, like sklearn's StandardScaler."""
    X_train, X_test = _scaling_data()
    ours = lab.Scaler("standard").fit(X_train)
    ref = StandardScaler().fit(X_train)
    np.testing.assert_allclose(ours.center_, ref.mean_, rtol=1e-9, atol=1e-9,
                               err_msg="Scaler('standard').fit(X).center_ should be the column means")
    np.testing.assert_allclose(
        ours.scale_, ref.scale_, rtol=1e-9, atol=1e-12,
        err_msg="Scaler('standard').fit(X).scale_ differs from sklearn's scale_: use the POPULATION std "
                "(divide by N, ddof=0; ddof=1 is ~1% too large at N=50) and scale 1 for the constant column")
    np.testing.assert_allclose(ours.transform(X_test), ref.transform(X_test), rtol=1e-7, atol=1e-9,
                               err_msg="transform(X_test) after fit(X_train) differs from sklearn")


@pytest.mark.region("scaling")
def test_minmax_scaler_matches_sklearn(lab):
    """Min-max scaling maps each training column onto [0, 1], like sklearn's MinMaxScaler."""
    X_train, X_test = _scaling_data(1)
    ours = lab.Scaler("minmax").fit(X_train)
    ref = MinMaxScaler().fit(X_train)
    got_train = ours.transform(X_train)
    assert got_train.min() >= -1e-12 and got_train.max() <= 1 + 1e-12, (
        f"Scaler('minmax').fit_transform(X) should lie in [0, 1], got range [{got_train.min():.3g}, {got_train.max():.3g}]")
    np.testing.assert_allclose(ours.transform(X_test), ref.transform(X_test), rtol=1e-7, atol=1e-9,
                               err_msg="minmax transform(X_test) after fit(X_train) differs from sklearn MinMaxScaler")


@pytest.mark.region("scaling")
def test_robust_scaler_matches_sklearn(lab):
    """Robust scaling centres on the median and divides by the interquartile range, like sklearn's RobustScaler."""
    X_train, X_test = _scaling_data(2)
    ours = lab.Scaler("robust").fit(X_train)
    ref = RobustScaler().fit(X_train)
    np.testing.assert_allclose(ours.center_, ref.center_, rtol=1e-9, atol=1e-9,
                               err_msg="Scaler('robust').center_ should be the column medians")
    np.testing.assert_allclose(ours.scale_, ref.scale_, rtol=1e-9, atol=1e-12,
                               err_msg="Scaler('robust').scale_ should be q75 - q25 (linear interpolation)")
    np.testing.assert_allclose(ours.transform(X_test), ref.transform(X_test), rtol=1e-7, atol=1e-9,
                               err_msg="robust transform(X_test) differs from sklearn RobustScaler")


@pytest.mark.region("scaling")
@pytest.mark.parametrize("kind", ["standard", "minmax", "robust"])
@pytest.mark.parametrize("value", [0.0, 0.1, 7.77])
def test_constant_feature_maps_to_zero(lab, kind, value):
    """A constant feature gets scale 1 and transforms to 0: no NaN, no inf, no +-1 from rounding error."""
    rng = np.random.default_rng(3)
    X = np.c_[rng.normal(size=50), np.full(50, value)]
    s = lab.Scaler(kind).fit(X)
    Z = s.transform(X)
    assert np.all(np.isfinite(Z)), f"Scaler({kind!r}) on a column of 50 x {value} produced NaN/inf: scale_ = {s.scale_}"
    assert np.abs(Z[:, 1]).max() < 1e-9, (
        f"Scaler({kind!r}) on a column of 50 x {value}: transformed values {np.unique(Z[:, 1])[:4]}, expected 0. "
        f"scale_[1] = {s.scale_[1]!r}: the std of 0.1 repeated is ~1e-17, not exactly 0, so test for a constant "
        f"column (max == min) or a tiny scale, and use 1")
    assert s.scale_[1] == 1.0, f"Scaler({kind!r}).scale_ for a constant column is {s.scale_[1]!r}, expected 1.0"


@pytest.mark.region("scaling")
@given(
    st.integers(2, 25).flatmap(
        lambda n: st.lists(st.lists(st.integers(-8000, 8000), min_size=3, max_size=3), min_size=n, max_size=n)
    )
)
def test_standard_scaler_properties(lab, rows):
    """On any table: finite output, training columns with mean 0 and std 1 (or all 0 if constant), exact inverse."""
    X = np.asarray(rows, dtype=np.float64) / 8.0  # (n, 3), values exact in binary
    s = lab.Scaler("standard").fit(X)
    Z = s.transform(X)
    assert np.all(np.isfinite(Z)), f"Scaler('standard') on {X.tolist()} gave non-finite values"
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-9, err_msg=f"column means after scaling {X.tolist()}")
    constant = np.ptp(X, axis=0) == 0
    std = Z.std(axis=0)
    np.testing.assert_allclose(std[~constant], 1.0, rtol=1e-9,
                               err_msg=f"non-constant columns should have std 1 (ddof=0) after scaling {X.tolist()}")
    assert np.all(std[constant] == 0) or np.abs(Z[:, constant]).max() < 1e-12, "constant columns should become 0"
    np.testing.assert_allclose(s.inverse_transform(Z), X, rtol=1e-12, atol=1e-9, err_msg="inverse_transform round trip")


@pytest.mark.region("scaling")
def test_scaler_leak_is_measurable(lab):
    """The scaler-leak demo: fitting on train+test scores higher than fitting on train, once the test set is shifted."""
    res = lab.scaler_leakage()
    iid_gap = res["iid_fit_all"] - res["iid_fit_train"]
    shift_gap = res["shift_fit_all"] - res["shift_fit_train"]
    assert abs(iid_gap) <= 0.03, f"i.i.d. test set: fit-on-all vs fit-on-train differ by {iid_gap:+.3f}; expected ~0 ({res})"
    assert shift_gap >= 0.08, (
        f"shifted test set: fit-on-all {res['shift_fit_all']:.3f} vs fit-on-train {res['shift_fit_train']:.3f} "
        f"(gap {shift_gap:+.3f}); the leaky scaler should look clearly better. Is your fit using only the data "
        f"it is given, with ddof=0?")


# ---------------------------------------------------------------------------------------
# 2. encoding
# ---------------------------------------------------------------------------------------


@pytest.mark.region("encoding")
def test_one_hot_matches_sklearn_with_unknown_categories(lab):
    """One-hot of string features equals sklearn OneHotEncoder(handle_unknown='ignore'): an unseen value -> all-zero block."""
    train = np.array([["cam_a", "day", "s"], ["cam_b", "night", "m"], ["cam_c", "day", "l"],
                      ["cam_a", "dusk", "m"]], dtype=object)
    test = np.array([["cam_b", "night", "s"], ["cam_z", "day", "xl"], ["cam_c", "fog", "l"],
                     ["cam_a", "dusk", "m"]], dtype=object)
    cats = lab.fit_categories(train)
    got = lab.one_hot_encode(test, cats)
    ref_enc = OneHotEncoder(categories=[list(c) for c in cats], handle_unknown="ignore", sparse_output=False)
    ref_enc.fit(train)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ref_enc.transform(test)
    assert got.shape == ref.shape, f"one_hot_encode(4 x 3 features, category sizes {[len(c) for c in cats]}) " \
                                   f"returned shape {got.shape}, expected {ref.shape}"
    bad = np.flatnonzero((got != ref).any(axis=1))
    assert bad.size == 0, (
        f"one_hot_encode row {bad[0]} = {test[bad[0]].tolist()} encoded as {got[bad[0]].astype(int).tolist()}, "
        f"expected {ref[bad[0]].astype(int).tolist()} (blocks of sizes {[len(c) for c in cats]}; unknown -> zeros)")


@pytest.mark.region("encoding")
@given(
    st.integers(1, 3).flatmap(
        lambda f: st.tuples(
            st.just(f),
            st.lists(st.lists(st.integers(0, 5), min_size=f, max_size=f), min_size=1, max_size=12),
            st.lists(st.lists(st.integers(0, 7), min_size=f, max_size=f), min_size=0, max_size=12),
        )
    )
)
def test_one_hot_properties(lab, tables):
    """Each feature's block holds exactly one 1 at the category's position if the value is known, else all zeros."""
    f, train, test = tables
    train, test = (np.asarray(t, dtype=np.int64).reshape(len(t), f) for t in (train, test))
    cats = [np.unique(train[:, f]) for f in range(train.shape[1])]
    got = np.asarray(lab.one_hot_encode(test, cats))
    sizes = [len(c) for c in cats]
    assert got.shape == (len(test), sum(sizes)), f"one_hot_encode shape {got.shape}, expected {(len(test), sum(sizes))}"
    start = 0
    for f, c in enumerate(cats):
        block = got[:, start : start + len(c)]
        for i, v in enumerate(test[:, f]):
            expected = (c == v).astype(np.float64)
            assert np.array_equal(block[i], expected), (
                f"categories {[list(map(int, k)) for k in cats]}, row {test[i].tolist()}: feature {f} block is "
                f"{block[i].tolist()}, expected {expected.tolist()}" + ("  (value unseen in training)" if v not in c else ""))
        start += len(c)


@pytest.mark.region("encoding")
def test_one_hot_single_column_and_empty(lab):
    """A 1-D input is one feature; zero rows give a (0, K) array."""
    cats = [np.array([1, 4, 9])]
    got = lab.one_hot_encode(np.array([9, 1, 5]), cats)
    np.testing.assert_array_equal(got, [[0, 0, 1], [1, 0, 0], [0, 0, 0]],
                                  err_msg="one_hot_encode([9, 1, 5], categories [1, 4, 9])")
    empty = lab.one_hot_encode(np.zeros((0, 1), dtype=np.int64), cats)
    assert empty.shape == (0, 3), f"one_hot_encode of 0 rows returned shape {empty.shape}, expected (0, 3)"


# ---------------------------------------------------------------------------------------
# 3. class weights
# ---------------------------------------------------------------------------------------


@pytest.mark.region("class_weights")
def test_class_weights_match_sklearn(lab):
    """'balanced' weights equal sklearn's compute_class_weight: N / (K * n_c), rare classes weigh more."""
    y = np.repeat([0, 1, 2], [90, 9, 1])
    got = np.asarray(lab.balanced_class_weights(y), dtype=np.float64)
    ref = compute_class_weight("balanced", classes=np.array([0, 1, 2]), y=y)
    np.testing.assert_allclose(got, ref, rtol=1e-12, err_msg=(
        f"balanced_class_weights for counts 90/9/1: got {got}, expected N / (K n_c) = {ref}"))
    ys = np.array(["cat"] * 5 + ["dog"] * 15 + ["eel"] * 30)
    order = np.array(["eel", "cat", "dog"])
    got = np.asarray(lab.balanced_class_weights(ys, classes=order), dtype=np.float64)
    ref = compute_class_weight("balanced", classes=order, y=ys)
    np.testing.assert_allclose(got, ref, rtol=1e-12, err_msg=(
        f"balanced_class_weights(y, classes={order.tolist()}) must follow the given class order: got {got}, expected {ref}"))


@pytest.mark.region("class_weights")
@given(st.lists(st.integers(0, 4), min_size=1, max_size=60))
def test_class_weights_equalise_total_weight(lab, labels):
    """Every class carries the same total weight N / K, and the weights average to 1 over the samples."""
    y = np.asarray(labels)
    classes = np.unique(y)
    w = np.asarray(lab.balanced_class_weights(y), dtype=np.float64)
    per_sample = w[np.searchsorted(classes, y)]
    totals = np.array([per_sample[y == c].sum() for c in classes])
    np.testing.assert_allclose(totals, len(y) / len(classes), rtol=1e-9,
                               err_msg=f"total weight per class for counts {np.bincount(y)[classes].tolist()}")
    assert math.isclose(per_sample.mean(), 1.0, rel_tol=1e-9), f"mean sample weight {per_sample.mean()}, expected 1"


@pytest.mark.region("class_weights")
def test_class_weights_reject_inconsistent_classes(lab):
    """A class that never occurs in y, or a label of y missing from classes, raises ValueError (as sklearn does)."""
    with pytest.raises(ValueError):
        lab.balanced_class_weights(np.array([0, 0, 1]), classes=np.array([0, 1, 2]))
    with pytest.raises(ValueError):
        lab.balanced_class_weights(np.array([0, 1, 3]), classes=np.array([0, 1]))


# ---------------------------------------------------------------------------------------
# 4. resample
# ---------------------------------------------------------------------------------------


def _imbalanced_with_holdout():
    """Labels with counts 80/20/5 in the training rows, plus held-out rows of every class."""
    y = np.r_[np.repeat([0, 1, 2], [80, 20, 5]), np.repeat([0, 1, 2], [20, 5, 3])]  # (133,)
    rng = np.random.default_rng(0)
    perm = rng.permutation(len(y))
    y = y[perm]
    train_idx = np.sort(np.flatnonzero(perm < 105))  # the first 105 original rows are the training rows
    return y, train_idx


@pytest.mark.region("resample")
def test_oversample_counts_and_keeps_every_row(lab):
    """Oversampling to ratio 0.5 of 80/20/5 gives 80/40/40, keeps every training row and adds only duplicates."""
    y, train_idx = _imbalanced_with_holdout()
    idx = np.asarray(lab.resample_indices(y, train_idx, ratio=0.5, mode="over", seed=0))
    assert np.issubdtype(idx.dtype, np.integer), f"resample_indices returned dtype {idx.dtype}, expected integers"
    outside = np.setdiff1d(idx, train_idx)
    assert outside.size == 0, (
        f"resample_indices returned {outside.size} rows that are not training rows (e.g. {outside[:5].tolist()}): "
        f"resampling must only ever draw from train_idx - oversampling before the split copies test rows into training")
    counts = np.bincount(y[idx], minlength=3)
    assert counts.tolist() == [80, 40, 40], f"oversample 80/20/5 to ratio 0.5: class counts {counts.tolist()}, expected [80, 40, 40]"
    missing = np.setdiff1d(train_idx, idx)
    assert missing.size == 0, f"oversampling dropped training rows {missing[:5].tolist()}: every original row stays"


@pytest.mark.region("resample")
def test_undersample_counts_without_repeats(lab):
    """Undersampling to ratio 0.5 of 80/20/5 gives 10/10/5 distinct training rows."""
    y, train_idx = _imbalanced_with_holdout()
    idx = np.asarray(lab.resample_indices(y, train_idx, ratio=0.5, mode="under", seed=1))
    assert np.setdiff1d(idx, train_idx).size == 0, "undersampling returned rows outside train_idx"
    assert len(np.unique(idx)) == len(idx), "undersampling repeated a row: draw without replacement"
    counts = np.bincount(y[idx], minlength=3)
    assert counts.tolist() == [10, 10, 5], f"undersample 80/20/5 to ratio 0.5: class counts {counts.tolist()}, expected [10, 10, 5]"


@pytest.mark.region("resample")
@given(
    st.lists(st.integers(0, 3), min_size=2, max_size=80),
    st.sampled_from([0.25, 0.5, 0.75, 1.0]),
    st.sampled_from(["over", "under"]),
    st.integers(0, 2**16),
)
def test_resample_reaches_ratio_minimally(lab, labels, ratio, mode, seed):
    """After resampling every class has >= ratio x the largest class, changing each class as little as possible."""
    y = np.asarray(labels)
    rng = np.random.default_rng(seed)
    train_idx = np.sort(rng.choice(len(y), size=max(1, len(y) * 2 // 3), replace=False))
    idx = np.asarray(lab.resample_indices(y, train_idx, ratio=ratio, mode=mode, seed=seed))
    assert np.setdiff1d(idx, train_idx).size == 0, "resample_indices returned rows outside train_idx"
    before = {c: int((y[train_idx] == c).sum()) for c in np.unique(y[train_idx])}
    after = {c: int((y[idx] == c).sum()) for c in before}
    n_max, n_min = max(before.values()), min(before.values())
    for c, n in after.items():
        if mode == "over":
            target = max(before[c], math.ceil(ratio * n_max - 1e-9))
        else:
            target = min(before[c], math.floor(n_min / ratio + 1e-9))
        assert n == target, (
            f"mode={mode!r}, ratio={ratio}, training counts {before}: class {c} ends with {n} rows, expected {target}")


@pytest.mark.region("resample")
def test_resample_is_deterministic(lab):
    """The same seed gives the same rows."""
    y, train_idx = _imbalanced_with_holdout()
    a = np.sort(lab.resample_indices(y, train_idx, ratio=1.0, mode="over", seed=7))
    b = np.sort(lab.resample_indices(y, train_idx, ratio=1.0, mode="over", seed=7))
    np.testing.assert_array_equal(a, b, err_msg="resample_indices with seed=7 twice gave different rows")


@pytest.mark.region("resample")
def test_oversampling_leak_is_measurable(lab):
    """Oversampling before the split inflates minority recall far above oversampling inside the training rows."""
    images, labels = data.fashion_mnist("test")
    keep = np.r_[np.flatnonzero(labels[:5000] == 0)[:300], np.flatnonzero(labels[:5000] == 6)[:30]]  # T-shirt vs Shirt
    X, y = images[keep].reshape(len(keep), -1) / 255.0, labels[keep]  # (330, 784), 300 : 30
    res = lab.oversampling_leakage(X, y, test_size=0.3, seed=0)
    gap = res["leaky_minority_recall"] - res["honest_minority_recall"]
    assert gap >= 0.2, f"minority recall: oversample-then-split {res['leaky_minority_recall']:.3f} vs " \
                       f"split-then-oversample {res['honest_minority_recall']:.3f}; expected a gap >= 0.2"


# ---------------------------------------------------------------------------------------
# 5. stratified split
# ---------------------------------------------------------------------------------------


def _check_partition(train, test, n, what):
    train, test = np.asarray(train), np.asarray(test)
    assert np.intersect1d(train, test).size == 0, f"{what}: rows {np.intersect1d(train, test)[:5].tolist()} are in both sets"
    assert len(np.unique(np.r_[train, test])) == n == len(train) + len(test), (
        f"{what}: train ({len(train)}) and test ({len(test)}) should partition range({n}) without repeats")


@pytest.mark.region("stratified_split")
def test_stratified_counts_match_sklearn(lab):
    """Test size is ceil(test_size * N) as in sklearn, and each class's test count is within 1 of sklearn's and of n_c * n_test / N."""
    y = np.repeat([0, 1, 2, 3], [50, 30, 7, 3])
    for test_size in (0.2, 0.25, 0.33):
        train, test = lab.stratified_split(y, test_size=test_size, seed=0)
        _check_partition(train, test, len(y), f"stratified_split(test_size={test_size})")
        _, ref_test = next(StratifiedShuffleSplit(1, test_size=test_size, random_state=0).split(y, y))
        assert len(test) == len(ref_test), f"test_size={test_size}, N={len(y)}: {len(test)} test rows, sklearn has {len(ref_test)} (ceil)"
        got = np.bincount(y[test], minlength=4)
        ref = np.bincount(y[ref_test], minlength=4)
        ideal = np.bincount(y) * len(ref_test) / len(y)
        assert np.all(np.abs(got - ref) <= 1) and np.all(np.abs(got - ideal) < 1), (
            f"test_size={test_size}, class counts 50/30/7/3: test counts per class {got.tolist()}, sklearn {ref.tolist()}, "
            f"ideal {np.round(ideal, 2).tolist()}")


@pytest.mark.region("stratified_split")
@given(st.lists(st.integers(0, 4), min_size=3, max_size=120), st.floats(0.05, 0.6), st.integers(0, 1000))
def test_stratified_split_properties(lab, labels, test_size, seed):
    """Any labels: a partition, exactly ceil(test_size * N) test rows, every class within 1 of its share."""
    y = np.asarray(labels)
    n_test = math.ceil(test_size * len(y))
    if n_test >= len(y):
        return
    train, test = lab.stratified_split(y, test_size=test_size, seed=seed)
    _check_partition(train, test, len(y), f"stratified_split({labels}, {test_size})")
    assert len(test) == n_test, f"{len(test)} test rows for N={len(y)}, test_size={test_size}: expected {n_test}"
    classes = np.unique(y)
    got = np.array([(y[test] == c).sum() for c in classes])
    ideal = np.array([(y == c).sum() for c in classes]) * n_test / len(y)
    assert np.all(np.abs(got - ideal) < 1), (
        f"class counts {[(y == c).sum() for c in classes]}, n_test={n_test}: test rows per class {got.tolist()}, "
        f"ideal {np.round(ideal, 2).tolist()} (each must be its floor or ceil)")


@pytest.mark.region("stratified_split")
def test_stratified_split_seeded_and_string_labels(lab):
    """Same seed -> same split; another seed -> another split; string labels work."""
    y = np.array(["ok"] * 60 + ["defect"] * 12)
    a = lab.stratified_split(y, test_size=0.25, seed=1)
    b = lab.stratified_split(y, test_size=0.25, seed=1)
    c = lab.stratified_split(y, test_size=0.25, seed=2)
    np.testing.assert_array_equal(a[1], b[1], err_msg="stratified_split with the same seed gave different test rows")
    assert not np.array_equal(np.sort(a[1]), np.sort(c[1])), "seeds 1 and 2 gave the same test rows: use the seed"
    assert (y[a[1]] == "defect").sum() == 3, f"60 ok / 12 defect at 25%: {(y[a[1]] == 'defect').sum()} defects in test, expected 3"


# ---------------------------------------------------------------------------------------
# 6. group k-fold
# ---------------------------------------------------------------------------------------


def _check_group_folds(folds, groups, n_splits, what):
    assert len(folds) == n_splits, f"{what}: {len(folds)} folds, expected {n_splits}"
    n = len(groups)
    seen = np.zeros(n, dtype=int)
    for k, (train, test) in enumerate(folds):
        train, test = np.asarray(train), np.asarray(test)
        _check_partition(train, test, n, f"{what}, fold {k}")
        seen[test] += 1
        shared = np.intersect1d(groups[train], groups[test])
        assert shared.size == 0, (
            f"{what}, fold {k}: groups {shared[:5].tolist()} have rows in BOTH train and test - frames of one clip "
            f"on both sides is exactly the leak group k-fold exists to prevent")
    assert np.all(seen == 1), f"{what}: rows {np.flatnonzero(seen != 1)[:5].tolist()} are in {seen[seen != 1][:5].tolist()} test folds, expected 1"


@pytest.mark.region("group_kfold")
def test_group_kfold_keeps_clips_whole(lab):
    """On real clips, every clip's frames sit in one test fold and never on both sides (sklearn GroupKFold's guarantee)."""
    clips = digits_clips(23, 5, seed=0)
    folds = lab.group_kfold(clips.groups, n_splits=4)
    _check_group_folds(folds, clips.groups, 4, "group_kfold(23 clips x 5 frames, 4)")
    got = sorted(len(np.unique(clips.groups[test])) for _, test in folds)
    ref = sorted(len(np.unique(clips.groups[test])) for _, test in GroupKFold(4).split(clips.frames, clips.labels, clips.groups))
    assert got == ref, f"23 equal clips into 4 folds: clips per fold {got}, sklearn GroupKFold gives {ref}"


@pytest.mark.region("group_kfold")
def test_group_kfold_balances_fold_sizes(lab):
    """With very unequal groups, fold sizes stay within one largest group of each other (as sklearn's greedy does)."""
    sizes = [10, 1, 1, 10, 1, 1, 10, 1, 1, 4, 4, 2]
    groups = np.repeat(np.arange(len(sizes)) * 7 + 3, sizes)  # non-contiguous ids
    folds = lab.group_kfold(groups, n_splits=3)
    _check_group_folds(folds, groups, 3, f"group_kfold(group sizes {sizes}, 3)")
    fold_sizes = sorted(len(t) for _, t in folds)
    ref_sizes = sorted(len(t) for t in (te for _, te in GroupKFold(3).split(groups, groups, groups)))
    assert fold_sizes[-1] - fold_sizes[0] <= max(sizes), (
        f"group sizes {sizes} into 3 folds: fold sizes {fold_sizes} (sklearn GroupKFold: {ref_sizes}); deal the largest "
        f"groups first, each into the currently smallest fold")


@pytest.mark.region("group_kfold")
@given(st.lists(st.integers(1, 12), min_size=2, max_size=25), st.integers(2, 6), st.randoms(use_true_random=False))
def test_group_kfold_properties(lab, sizes, n_splits, rnd):
    """Any group sizes (ids shuffled, rows interleaved): partition, no group split across folds, balanced sizes."""
    if len(sizes) < n_splits:
        return
    groups = np.repeat(np.arange(len(sizes)), sizes)
    order = list(range(len(groups)))
    rnd.shuffle(order)
    groups = groups[order]  # rows of one group are scattered, as after a database query
    folds = lab.group_kfold(groups, n_splits=n_splits)
    _check_group_folds(folds, groups, n_splits, f"group_kfold(sizes {sizes}, {n_splits})")
    fold_sizes = [len(t) for _, t in folds]
    assert max(fold_sizes) - min(fold_sizes) <= max(sizes), f"sizes {sizes}, {n_splits} folds: fold sizes {fold_sizes}"


@pytest.mark.region("group_kfold")
def test_group_kfold_too_few_groups(lab):
    """Fewer groups than folds raises ValueError (as sklearn GroupKFold does)."""
    with pytest.raises(ValueError):
        lab.group_kfold(np.array([0, 0, 1, 1, 2]), n_splits=4)


# ---------------------------------------------------------------------------------------
# 7. leakage
# ---------------------------------------------------------------------------------------


@pytest.mark.region("leakage")
def test_random_frame_split_is_inflated(lab):
    """A random frame-level split scores near 100 % because sibling frames sit in train; the group split does not."""
    res = _leakage(lab)
    assert res["random_split"] >= 0.95, (
        f"random frame split scored {res['random_split']:.3f}; with sibling frames in training 1-NN should be ~0.99. "
        f"Did you shuffle the rows before cutting folds? (frames are stored clip by clip)")
    assert res["random_split"] - res["group_split"] >= 0.2, (
        f"random split {res['random_split']:.3f} vs group split {res['group_split']:.3f}: expected the random split "
        f"to be >= 0.2 higher (the leak). Is the group estimate using group_kfold?")
    assert math.isclose(res["inflation"], res["random_split"] - res["group_split"], abs_tol=1e-9), (
        f"inflation {res['inflation']} should be random_split - group_split")


@pytest.mark.region("leakage")
def test_group_split_predicts_new_clips(lab):
    """The group-split estimate is close to the accuracy on brand-new clips: it is the honest number."""
    res = _leakage(lab)
    assert abs(res["group_split"] - res["new_clips"]) <= 0.08, (
        f"group split {res['group_split']:.3f} vs brand-new clips {res['new_clips']:.3f}: an honest estimate should "
        f"land within 0.08 of what unseen clips score")


@pytest.mark.region("leakage")
def test_leakage_numbers_match_sklearn(lab):
    """Each number agrees with the same experiment run with sklearn (KFold(shuffle), GroupKFold, 1-NN)."""
    res = _leakage(lab)
    clips, new = _leak_clips()
    X, y, g = clips.flat(), clips.labels, clips.groups
    new_ref = KNeighborsClassifier(n_neighbors=1, algorithm="brute").fit(X, y).score(new.flat(), new.labels)
    assert abs(res["new_clips"] - new_ref) <= 0.003, (
        f"new_clips = {res['new_clips']:.4f}, but 1-NN trained on all clips scores {new_ref:.4f} on the new clips")
    rand_ref = np.mean([_knn_score(X[a], y[a], X[b], y[b]) for a, b in KFold(5, shuffle=True, random_state=0).split(X)])
    group_ref = np.mean([_knn_score(X[a], y[a], X[b], y[b]) for a, b in GroupKFold(5).split(X, y, g)])
    assert abs(res["random_split"] - rand_ref) <= 0.02, f"random_split {res['random_split']:.3f}, sklearn KFold(shuffle=True) gives {rand_ref:.3f}"
    assert abs(res["group_split"] - group_ref) <= 0.04, f"group_split {res['group_split']:.3f}, sklearn GroupKFold gives {group_ref:.3f}"


# ---------------------------------------------------------------------------------------
# 8. validation
# ---------------------------------------------------------------------------------------


def _clean_set():
    clips, new = _leak_clips()
    return clips.frames[:40].copy(), clips.labels[:40].copy(), new.frames[:60]


def _codes(problems) -> set[str]:
    assert isinstance(problems, list) and all(isinstance(p, str) for p in problems), (
        f"validate_dataset should return a list of strings, got {problems!r}")
    return {p.split(":", 1)[0].strip() for p in problems}


_CHECKS = {"dtype": np.float32, "sample_shape": (28, 28), "value_range": (0.0, 1.0), "labels": range(10)}


@pytest.mark.region("validate")
def test_clean_data_has_no_problems(lab):
    """Clean frames (float32, 28x28, in [0, 1], labels 0-9, no copies) give an empty list."""
    X, y, ref = _clean_set()
    problems = lab.validate_dataset(X, y, reference=ref, **_CHECKS)
    assert problems == [], f"validate_dataset on clean data reported {problems}"
    Xu = np.rint(X * 255).astype(np.uint8)
    problems = lab.validate_dataset(Xu, y, dtype=np.uint8, sample_shape=(28, 28), value_range=(0, 255), labels=range(10))
    assert problems == [], f"validate_dataset on clean uint8 data reported {problems}"


def _fault(name, X, y, ref):
    X, y, kw = X.copy(), y.copy(), dict(_CHECKS)
    if name == "length":
        y = y[:-1]
    elif name == "dtype":
        X = X.astype(np.float64)
    elif name == "shape":
        X = X[:, :, :27]
    elif name == "nan":
        X[5, 3, 3] = np.nan
    elif name == "inf":
        X[17, 0, 0] = np.inf
    elif name == "range":
        X[8, 10, 10] = 1.5
    elif name == "labels":
        y[6] = 11
    elif name == "duplicates":
        X[29] = X[12]
    elif name == "leak":
        ref = np.concatenate([ref, X[[4]]])
    return X, y, ref, kw


_FAULTS = {  # fault -> (check code expected, row index the message must name, or None)
    "length": ("length", None), "dtype": ("dtype", None), "shape": ("shape", None), "nan": ("nan", 5),
    "inf": ("nan", 17), "range": ("range", 8), "labels": ("labels", 6), "duplicates": ("duplicates", 29),
    "leak": ("leak", 4),
}


@pytest.mark.region("validate")
@pytest.mark.parametrize("fault", list(_FAULTS))
def test_each_fault_is_reported_by_its_check(lab, fault):
    """One injected fault -> exactly one problem, named by its check, pointing at the offending row."""
    X, y, ref = _clean_set()
    X, y, ref, kw = _fault(fault, X, y, ref)
    problems = lab.validate_dataset(X, y, reference=ref, **kw)
    code, row = _FAULTS[fault]
    assert _codes(problems) == {code}, f"injected a {fault!r} fault; expected one problem starting '{code}:', got {problems}"
    if row is not None:
        assert str(row) in problems[0], f"the {code!r} problem should name row {row}: {problems[0]!r}"


@pytest.mark.region("validate")
@given(st.lists(st.lists(st.integers(0, 2), min_size=3, max_size=3), min_size=1, max_size=15))
def test_duplicates_found_exactly_when_present(lab, rows):
    """'duplicates' is reported exactly when two samples are identical (checked with np.unique(axis=0))."""
    X = np.asarray(rows, dtype=np.uint8)
    y = np.zeros(len(X), dtype=np.int64)
    has_dup = len(np.unique(X, axis=0)) < len(X)
    codes = _codes(lab.validate_dataset(X, y))
    assert ("duplicates" in codes) == has_dup, (
        f"samples {X.tolist()}: duplicates {'exist' if has_dup else 'do not exist'}, but validate_dataset reported {codes}")
