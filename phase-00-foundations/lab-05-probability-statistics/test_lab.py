"""Grader for lab 0.5: probability and statistics for model evaluation.

References: SciPy (kstest, norm.fit, logpdf/logpmf, bootstrap, binomtest and its Wilson
interval), exact enumeration with fractions.Fraction, and data sets built here with
exactly known counts. Monte-Carlo comparisons use fixed seeds and tolerances of several
standard errors, so any correct implementation (a different random stream, another
algorithm) passes.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from scipy import stats

# ----------------------------------------------------------------------------------------
# helpers: test data built here, independent of the implementation under test
# ----------------------------------------------------------------------------------------


def _pairs(n11: int, n10: int, n01: int, n00: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Correctness of models A and B with exact cell counts (11 = both right, 10 = only A, ...), shuffled."""
    a = np.array([1] * n11 + [1] * n10 + [0] * n01 + [0] * n00, dtype=bool)
    b = np.array([1] * n11 + [0] * n10 + [1] * n01 + [0] * n00, dtype=bool)
    perm = np.random.default_rng(seed).permutation(a.size)
    return a[perm], b[perm]


def _simulate(n: int, acc_a: float, acc_b: float, phi: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two correlated 0/1 correctness vectors: P(A right)=acc_a, P(B right)=acc_b, correlation phi."""
    p11 = acc_a * acc_b + phi * math.sqrt(acc_a * (1 - acc_a) * acc_b * (1 - acc_b))
    edges = np.cumsum([p11, acc_a - p11, acc_b - p11])  # cells 11 | 10 | 01 | 00
    cell = np.searchsorted(edges, np.random.default_rng(seed).random(n), side="right")
    return cell <= 1, (cell == 0) | (cell == 2)


def _exact_inclusion(w: np.ndarray, k: int) -> np.ndarray:
    """P(item i is among k sequential weighted draws without replacement), by enumerating every ordered draw."""
    inc = np.zeros(w.size)
    for seq in itertools.permutations(range(w.size), k):
        p, left = 1.0, w.sum()
        for i in seq:
            p *= w[i] / left
            left -= w[i]
        inc[list(seq)] += p
    return inc


def _brute_posterior(prior, sens, spec, alarms: int, inspections: int) -> Fraction:
    """P(defect | alarms out of inspections) by summing every inspection sequence of both part states."""
    num = den = Fraction(0)
    for defect in (True, False):
        p_alarm = sens if defect else 1 - spec
        for seq in itertools.product((0, 1), repeat=inspections):
            if sum(seq) != alarms:
                continue
            p = prior if defect else 1 - prior
            for s in seq:
                p *= p_alarm if s else 1 - p_alarm
            den += p
            num += p if defect else 0
    return num / den


def _ci_close(got, ref_low: float, ref_high: float, tol: float, what: str) -> None:
    assert abs(got.low - ref_low) <= tol and abs(got.high - ref_high) <= tol, (
        f"{what}: got [{got.low:.4f}, {got.high:.4f}], reference [{ref_low:.4f}, {ref_high:.4f}] "
        f"(allowed Monte-Carlo difference {tol:.4f} per end)"
    )


# ----------------------------------------------------------------------------------------
# inverse_cdf
# ----------------------------------------------------------------------------------------


@pytest.mark.region("inverse_cdf")
@pytest.mark.parametrize("rate", [0.5, 2.0, 10.0])
def test_exponential_passes_ks_test(lab, rate):
    """Inverse-CDF samples are Exponential(rate) according to SciPy's Kolmogorov-Smirnov test."""
    x = lab.sample_exponential(rate, 4000, np.random.default_rng(1234))
    assert isinstance(x, np.ndarray) and x.shape == (4000,), (
        f"sample_exponential({rate}, 4000) returned {type(x)} {getattr(x, 'shape', '')}, expected shape (4000,)"
    )
    assert (x >= 0).all(), (
        f"sample_exponential({rate}, ...) returned negative values (min {x.min():.3g}): -ln(1-u) is >= 0"
    )
    ks = stats.kstest(x, stats.expon(scale=1 / rate).cdf)
    assert ks.pvalue > 1e-3, (
        f"sample_exponential(rate={rate}): KS statistic {ks.statistic:.3f}, p-value {ks.pvalue:.2g} against "
        f"Exponential(rate={rate}) (mean should be {1 / rate:.3g}, got {x.mean():.3g}). Check F^-1(u) = -ln(1-u)/rate"
    )


@pytest.mark.region("inverse_cdf")
def test_exponential_moments(lab):
    """20,000 samples of Exponential(4) have mean 1/4 and variance 1/16 (within 5 standard errors)."""
    x = lab.sample_exponential(4.0, 20_000, np.random.default_rng(7))
    assert abs(x.mean() - 0.25) < 5 * 0.25 / math.sqrt(20_000), (
        f"mean of Exponential(rate=4) samples is {x.mean():.4f}, expected 0.25"
    )
    assert abs(x.var() / 0.0625 - 1) < 0.1, (
        f"variance of Exponential(rate=4) samples is {x.var():.4f}, expected 1/16 = 0.0625"
    )


@pytest.mark.region("inverse_cdf")
def test_exponential_shape_and_seed(lab):
    """size may be a tuple; the same seed gives the same samples and another seed different ones."""
    x = lab.sample_exponential(1.0, (3, 4), np.random.default_rng(0))
    assert np.shape(x) == (3, 4), f"sample_exponential(1.0, size=(3, 4)) returned shape {np.shape(x)}, expected (3, 4)"
    assert np.asarray(x).dtype == np.float64, f"expected float64 samples, got {np.asarray(x).dtype}"
    again = lab.sample_exponential(1.0, (3, 4), np.random.default_rng(0))
    other = lab.sample_exponential(1.0, (3, 4), np.random.default_rng(1))
    assert np.array_equal(x, again), (
        "two calls with rng=np.random.default_rng(0) gave different samples: draw only from `rng`"
    )
    assert not np.array_equal(x, other), "seeds 0 and 1 gave identical samples: use the `rng` you are given"


@pytest.mark.region("inverse_cdf")
@given(rate=st.floats(0.01, 100.0), seed=st.integers(0, 2**32 - 1))
@example(rate=2.5, seed=0)
def test_exponential_rate_only_rescales(lab, rate, seed):
    """Exponential(rate) = Exponential(1) / rate: with the same seed, rate * samples does not depend on the rate."""
    x = lab.sample_exponential(rate, 50, np.random.default_rng(seed))
    unit = lab.sample_exponential(1.0, 50, np.random.default_rng(seed))
    assert np.allclose(x * rate, unit, rtol=1e-12, atol=0), (
        f"with seed {seed}: sample_exponential({rate}, 50) * {rate} differs from sample_exponential(1.0, 50) "
        f"(first values {x[:3] * rate} vs {unit[:3]}): the rate should divide the standard sample, not multiply it"
    )


# ----------------------------------------------------------------------------------------
# weighted_sample
# ----------------------------------------------------------------------------------------


@pytest.mark.region("weighted_sample")
def test_weighted_sample_matches_exact_probabilities(lab):
    """Over 4000 draws of 2 of 4 items weighted 1:2:3:4, first picks and inclusions match the exact probabilities."""
    w = np.array([1.0, 2.0, 3.0, 4.0])
    rng = np.random.default_rng(2024)
    reps = 4000
    draws = np.array([lab.weighted_sample_without_replacement(w, 2, rng) for _ in range(reps)])
    assert draws.shape == (reps, 2), f"each call with k=2 should return 2 indices; stacked shape {draws.shape}"
    dup = int((draws[:, 0] == draws[:, 1]).sum())
    assert dup == 0, f"{dup} of {reps} samples contained the same index twice: sampling must be WITHOUT replacement"
    first = np.bincount(draws[:, 0], minlength=4) / reps
    assert np.abs(first - w / w.sum()).max() < 0.04, (
        f"first-drawn index frequencies {np.round(first, 3)}, expected w / sum(w) = {w / w.sum()}"
    )
    incl = np.array([(draws == i).any(axis=1).mean() for i in range(4)])
    exact = _exact_inclusion(w, 2)
    assert np.abs(incl - exact).max() < 0.04, (
        f"P(index i is in the sample) measured {np.round(incl, 3)}, exact {np.round(exact, 3)} for weights {w}, k=2. "
        "Each draw must be proportional to the weights that are LEFT"
    )


@pytest.mark.region("weighted_sample")
@given(
    w=st.lists(st.one_of(st.just(0.0), st.floats(0.01, 10.0)), min_size=1, max_size=12),
    frac=st.floats(0, 1),
    seed=st.integers(0, 1000),
)
@example(w=[0.0, 1.0, 5.0, 0.0, 2.0], frac=1.0, seed=0)
def test_weighted_sample_distinct_and_never_zero_weight(lab, w, frac, seed):
    """Any weights and k: k distinct valid indices, none with zero weight; k = all positives returns exactly those."""
    w = np.array(w)
    positive = np.flatnonzero(w > 0)
    k = round(frac * positive.size)
    got = np.asarray(lab.weighted_sample_without_replacement(w, k, np.random.default_rng(seed)))
    assert got.shape == (k,), f"weights {w.tolist()}, k={k}: got shape {got.shape}, expected ({k},)"
    assert np.issubdtype(got.dtype, np.integer), f"expected integer indices, got dtype {got.dtype}"
    assert len(set(got.tolist())) == k, f"weights {w.tolist()}, k={k}: indices {got.tolist()} repeat"
    assert ((got >= 0) & (got < w.size)).all() and (w[got] > 0).all(), (
        f"weights {w.tolist()}, k={k}: returned {got.tolist()}, which includes an invalid or zero-weight index"
    )
    if k == positive.size:
        assert set(got.tolist()) == set(positive.tolist()), (
            f"k = number of positive weights must return all of them, got {got.tolist()}"
        )


# ----------------------------------------------------------------------------------------
# stratified
# ----------------------------------------------------------------------------------------


@pytest.mark.region("stratified")
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_stratified_preserves_proportions_exactly(lab, seed):
    """100 of 1000 images labelled 900 ok / 90 scratch / 10 crack gives exactly 90 / 9 / 1."""
    labels = np.array(["ok"] * 900 + ["scratch"] * 90 + ["crack"] * 10)
    labels = labels[np.random.default_rng(99).permutation(labels.size)]
    idx = np.asarray(lab.stratified_sample(labels, 100, np.random.default_rng(seed)))
    assert idx.shape == (100,) and len(set(idx.tolist())) == 100, (
        f"expected 100 distinct indices, got shape {idx.shape} with {len(set(idx.tolist()))} distinct"
    )
    counts = {c: int((labels[idx] == c).sum()) for c in ("ok", "scratch", "crack")}
    assert counts == {"ok": 90, "scratch": 9, "crack": 1}, (
        f"seed {seed}: class counts {counts}, expected ok 90, scratch 9, crack 1. Allocate per class, do not sample globally"
    )


@pytest.mark.region("stratified")
def test_stratified_largest_remainder(lab):
    """10 of 30 items in three classes of 10: counts are 4, 3, 3 in some order (they must add up to n)."""
    labels = np.repeat([0, 1, 2], 10)
    idx = np.asarray(lab.stratified_sample(labels, 10, np.random.default_rng(0)))
    counts = sorted(np.bincount(labels[idx], minlength=3).tolist())
    assert counts == [3, 3, 4], (
        f"stratified_sample(3 classes x 10, n=10) gave class counts {counts}, expected 3, 3, 4 (sum must be n = 10)"
    )


@pytest.mark.region("stratified")
@given(labels=st.lists(st.integers(0, 4), min_size=1, max_size=60), frac=st.floats(0, 1), seed=st.integers(0, 99))
@example(labels=[0, 0, 1, 1, 1, 2], frac=0.5, seed=0)
def test_stratified_counts_are_floor_or_ceil(lab, labels, frac, seed):
    """Any labels and n: n distinct indices, each class count is floor or ceil of n * N_c / N."""
    labels = np.array(labels)
    n = round(frac * labels.size)
    idx = np.asarray(lab.stratified_sample(labels, n, np.random.default_rng(seed)))
    assert idx.shape == (n,), f"labels {labels.tolist()}, n={n}: got shape {idx.shape}, expected ({n},)"
    assert len(set(idx.tolist())) == n and ((idx >= 0) & (idx < labels.size)).all(), (
        f"labels {labels.tolist()}, n={n}: indices {idx.tolist()} repeat or are out of range"
    )
    for c in np.unique(labels):
        quota = Fraction(n * int((labels == c).sum()), labels.size)
        got = int((labels[idx] == c).sum())
        assert math.floor(quota) <= got <= math.ceil(quota), (
            f"labels {labels.tolist()}, n={n}: class {c} got {got} items, its quota is {float(quota):.3f}"
        )


@pytest.mark.region("stratified")
def test_stratified_uniform_within_class(lab):
    """Every item of a class is equally likely: 2000 draws of 5 from 10 cats + 10 dogs pick each item ~50 %."""
    labels = np.array([0, 1] * 10)
    rng = np.random.default_rng(5)
    hits = np.zeros(20)
    for _ in range(2000):
        hits[np.asarray(lab.stratified_sample(labels, 10, rng))] += 1
    freq = hits / 2000
    assert np.abs(freq - 0.5).max() < 0.06, (
        f"inclusion frequency per item ranges {freq.min():.3f}..{freq.max():.3f}, expected 0.5 for all: "
        "pick uniformly at random within each class"
    )


# ----------------------------------------------------------------------------------------
# mle
# ----------------------------------------------------------------------------------------


@pytest.mark.region("mle")
def test_gaussian_mle_matches_scipy_norm_fit(lab):
    """Gaussian MLE on 7 points equals scipy.stats.norm.fit: mean and the variance that divides by N."""
    x = np.random.default_rng(3).normal(2.0, 1.5, size=7)
    fit = lab.mle_fit(x, "gaussian")
    loc, scale = stats.norm.fit(x)
    assert math.isclose(fit["mean"], loc, rel_tol=1e-9), f"mean {fit['mean']}, scipy.stats.norm.fit gives {loc}"
    assert math.isclose(fit["var"], scale**2, rel_tol=1e-9), (
        f"var {fit['var']:.6f}, MLE (norm.fit scale**2) is {scale**2:.6f}; the unbiased N-1 estimate would be "
        f"{x.var(ddof=1):.6f}. The MLE divides by N"
    )


@pytest.mark.region("mle")
def test_mle_exact_small_examples(lab):
    """Hand-checked values: [1, 2, 3, 4] -> mean 2.5, var 1.25; 3 of 4 correct -> p 0.75; counts [0, 2, 4] -> rate 2."""
    g = lab.mle_fit(np.array([1.0, 2.0, 3.0, 4.0]), "gaussian")
    assert math.isclose(g["mean"], 2.5) and math.isclose(g["var"], 1.25), (
        f"gaussian [1,2,3,4]: got {g}, expected mean 2.5, var 1.25 (not 5/3)"
    )
    assert math.isclose(g["se_mean"], math.sqrt(1.25 / 4)), (
        f"gaussian [1,2,3,4]: se_mean {g['se_mean']}, expected sqrt(var / N) = {math.sqrt(1.25 / 4):.6f}"
    )
    b = lab.mle_fit(np.array([1, 1, 0, 1]), "bernoulli")
    assert math.isclose(b["p"], 0.75) and math.isclose(b["se_p"], math.sqrt(0.75 * 0.25 / 4)), (
        f"bernoulli [1,1,0,1]: got {b}, expected p 0.75, se_p sqrt(p(1-p)/N) = {math.sqrt(0.75 * 0.25 / 4):.6f}"
    )
    p = lab.mle_fit(np.array([0, 2, 4]), "poisson")
    assert math.isclose(p["rate"], 2.0) and math.isclose(p["se_rate"], math.sqrt(2 / 3)), (
        f"poisson [0,2,4]: got {p}, expected rate 2, se_rate sqrt(rate/N) = {math.sqrt(2 / 3):.6f}"
    )


def _loglik(family: str, x: np.ndarray, theta: dict[str, float]) -> float:
    if family == "gaussian":
        return float(stats.norm.logpdf(x, theta["mean"], math.sqrt(theta["var"])).sum())
    if family == "bernoulli":
        return float(stats.bernoulli.logpmf(x, theta["p"]).sum())
    return float(stats.poisson.logpmf(x, theta["rate"]).sum())


_FAMILY_DATA = {
    "gaussian": (lambda r: r.normal(-1.0, 2.0, 400), "mean"),
    "bernoulli": (lambda r: (r.random(400) < 0.3).astype(int), "p"),
    "poisson": (lambda r: r.poisson(3.5, 400), "rate"),
}


@pytest.mark.region("mle")
@pytest.mark.parametrize("family", ["gaussian", "bernoulli", "poisson"])
def test_mle_maximises_scipy_log_likelihood(lab, family):
    """Moving any estimated parameter a little either way lowers the SciPy log-likelihood."""
    make, _ = _FAMILY_DATA[family]
    x = make(np.random.default_rng(11))
    fit = lab.mle_fit(x, family)
    best = _loglik(family, x, fit)
    for key in ("mean", "var") if family == "gaussian" else (_FAMILY_DATA[family][1],):
        for step in (-1e-3, 1e-3):
            moved = dict(fit, **{key: fit[key] * (1 + step) + step * 1e-3})
            assert _loglik(family, x, moved) < best, (
                f"{family}: moving {key} from {fit[key]:.6g} to {moved[key]:.6g} INCREASES the log-likelihood "
                f"({_loglik(family, x, moved):.6f} > {best:.6f}), so {fit[key]:.6g} is not the maximum"
            )


@pytest.mark.region("mle")
@pytest.mark.parametrize("family", ["gaussian", "bernoulli", "poisson"])
def test_mle_standard_error_is_inverse_observed_information(lab, family):
    """The returned se equals 1 / sqrt(-d2 logL / d theta2) at the MLE, by float64 central differences of SciPy's log-likelihood."""
    make, key = _FAMILY_DATA[family]
    x = make(np.random.default_rng(12))
    fit = lab.mle_fit(x, family)
    theta, h = fit[key], 1e-4 * max(abs(fit[key]), 1.0)
    ll = [_loglik(family, x, dict(fit, **{key: theta + d})) for d in (-h, 0.0, h)]
    info = -(ll[0] - 2 * ll[1] + ll[2]) / h**2
    se_num = 1 / math.sqrt(info)
    se = fit["se_" + key]
    assert abs(se - se_num) / se_num < 1e-3, (
        f"{family}: se_{key} = {se:.6g}, but 1/sqrt(observed information) is {se_num:.6g} (N = {x.size})"
    )


@pytest.mark.region("mle")
@given(x=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=30), shift=st.floats(-100, 100))
@example(x=[1.0, 2.0, 4.0], shift=10.0)
def test_gaussian_mle_properties(lab, x, shift):
    """Any sample: var equals np.var(ddof=0) and is >= 0; shifting the data shifts the mean and keeps the var."""
    x = np.array(x)
    fit, moved = lab.mle_fit(x, "gaussian"), lab.mle_fit(x + shift, "gaussian")
    assert fit["var"] >= 0 and math.isclose(fit["var"], x.var(), rel_tol=1e-9, abs_tol=1e-9), (
        f"{x.tolist()}: var {fit['var']}, expected {x.var()}"
    )
    assert math.isclose(moved["mean"], fit["mean"] + shift, rel_tol=1e-9, abs_tol=1e-6), (
        f"shifting by {shift} moved the mean from {fit['mean']} to {moved['mean']}"
    )
    assert math.isclose(moved["var"], fit["var"], rel_tol=1e-6, abs_tol=1e-6), (
        f"shifting by {shift} changed the var from {fit['var']} to {moved['var']}"
    )


# ----------------------------------------------------------------------------------------
# bayes
# ----------------------------------------------------------------------------------------


@pytest.mark.region("bayes")
def test_bayes_inspection_example_exact(lab):
    """1 % defects, 95 % sensitivity, 90 % specificity: one alarm means only 19/217 (8.8 %) defect, exactly."""
    got = lab.posterior_defect(Fraction(1, 100), Fraction(95, 100), Fraction(90, 100))
    assert got == Fraction(19, 217), (
        f"posterior_defect(1/100, 95/100, 90/100) = {got} ({float(got):.4f}), expected 19/217 = 0.0876. "
        "0.95 would mean the base rate was ignored; weigh the 1 % defects against the 99 % good parts' 10 % false alarms"
    )


@pytest.mark.region("bayes")
@pytest.mark.parametrize(
    "prior, sens, spec, alarms, inspections",
    [
        (Fraction(1, 100), Fraction(95, 100), Fraction(90, 100), 2, 2),
        (Fraction(1, 100), Fraction(95, 100), Fraction(90, 100), 3, 3),
        (Fraction(1, 1000), Fraction(99, 100), Fraction(999, 1000), 1, 1),  # face-ID style: rare target
        (Fraction(1, 10), Fraction(8, 10), Fraction(7, 10), 2, 5),
        (Fraction(1, 20), Fraction(9, 10), Fraction(95, 100), 0, 3),
        (Fraction(1, 2), Fraction(6, 10), Fraction(6, 10), 0, 0),
    ],
)
def test_bayes_matches_enumeration(lab, prior, sens, spec, alarms, inspections):
    """Repeated inspections: the posterior equals brute-force enumeration of every inspection sequence."""
    got = lab.posterior_defect(prior, sens, spec, alarms=alarms, inspections=inspections)
    want = _brute_posterior(prior, sens, spec, alarms, inspections)
    assert got == want, (
        f"posterior_defect(prior={prior}, sens={sens}, spec={spec}, alarms={alarms}, inspections={inspections}) = {got} "
        f"({float(got):.5f}), expected {want} ({float(want):.5f})"
    )


_prob = st.fractions(Fraction(1, 1000), Fraction(999, 1000), max_denominator=1000)


@pytest.mark.region("bayes")
@given(prior=st.fractions(0, 1, max_denominator=1000), sens=_prob, spec=_prob, first_alarm=st.booleans())
@example(prior=Fraction(1, 100), sens=Fraction(95, 100), spec=Fraction(9, 10), first_alarm=True)
def test_bayes_sequential_update_equals_batch(lab, prior, sens, spec, first_alarm):
    """Updating on one inspection and using the posterior as the next prior equals updating on both at once."""
    a1 = int(first_alarm)
    step1 = lab.posterior_defect(prior, sens, spec, alarms=a1, inspections=1)
    step2 = lab.posterior_defect(step1, sens, spec, alarms=1, inspections=1)
    batch = lab.posterior_defect(prior, sens, spec, alarms=a1 + 1, inspections=2)
    assert step2 == batch, f"prior {prior}, sens {sens}, spec {spec}: one-at-a-time gives {step2}, both at once {batch}"
    assert 0 <= batch <= 1, f"a posterior must be a probability, got {batch}"


@pytest.mark.region("bayes")
def test_bayes_works_on_numpy_arrays(lab):
    """Float and NumPy-array priors work elementwise (a sweep over base rates)."""
    priors = np.array([0.001, 0.01, 0.1, 0.5])
    got = np.asarray(lab.posterior_defect(priors, 0.95, 0.9), dtype=float)
    want = priors * 0.95 / (priors * 0.95 + (1 - priors) * 0.1)
    assert got.shape == (4,) and np.allclose(got, want, rtol=1e-12), f"priors {priors}: got {got}, expected {want}"


# ----------------------------------------------------------------------------------------
# bootstrap
# ----------------------------------------------------------------------------------------


@pytest.mark.region("bootstrap")
def test_bootstrap_matches_scipy_percentile(lab):
    """850 of 1000 correct: our percentile interval matches scipy.stats.bootstrap(method='percentile') within Monte-Carlo error."""
    correct = _pairs(850, 0, 0, 150)[0]
    got = lab.bootstrap_accuracy_ci(correct, n_boot=4000, alpha=0.05, rng=np.random.default_rng(1))
    assert math.isclose(got.estimate, 0.85), f"estimate should be the accuracy 0.85, got {got.estimate}"
    ref = stats.bootstrap(
        (correct,), np.mean, n_resamples=4000, method="percentile", rng=np.random.default_rng(2)
    ).confidence_interval
    _ci_close(got, ref.low, ref.high, 0.004, "bootstrap CI of 850/1000 correct vs scipy.stats.bootstrap")
    ratio = (got.high - got.low) / (ref.high - ref.low)
    assert 0.9 < ratio < 1.1, (
        f"interval width {got.high - got.low:.4f} vs SciPy's {ref.high - ref.low:.4f} (ratio {ratio:.2f}). "
        "A 95 % interval uses the alpha/2 and 1 - alpha/2 quantiles"
    )


@pytest.mark.region("bootstrap")
def test_bootstrap_agrees_with_wilson_on_large_n(lab):
    """3600 of 4000 correct: the bootstrap interval is within 0.0015 of the Wilson score interval."""
    correct = _pairs(3600, 0, 0, 400, seed=4)[0]
    got = lab.bootstrap_accuracy_ci(correct, n_boot=2000, rng=np.random.default_rng(3))
    wilson = stats.binomtest(3600, 4000).proportion_ci(confidence_level=0.95, method="wilson")
    _ci_close(got, wilson.low, wilson.high, 0.0015, "bootstrap CI of 3600/4000 vs the Wilson interval")


@pytest.mark.region("bootstrap")
def test_bootstrap_width_and_seed(lab):
    """320 of 400 correct: width is about 2 * 1.96 * sqrt(p(1-p)/n) (not zero), and the same seed repeats the answer."""
    correct = _pairs(320, 0, 0, 80, seed=8)[0]
    got = lab.bootstrap_accuracy_ci(correct, n_boot=2000, rng=np.random.default_rng(5))
    width, expected = got.high - got.low, 2 * 1.96 * math.sqrt(0.8 * 0.2 / 400)
    assert abs(width / expected - 1) < 0.15, (
        f"interval [{got.low:.4f}, {got.high:.4f}] has width {width:.4f}, expected about {expected:.4f}. "
        "A zero width means every resample is the same set of images: resample WITH replacement"
    )
    again = lab.bootstrap_accuracy_ci(correct, n_boot=2000, rng=np.random.default_rng(5))
    assert tuple(again) == tuple(got), f"same seed, different intervals: {tuple(got)} then {tuple(again)}"


@pytest.mark.region("bootstrap")
def test_bootstrap_coverage_on_simulated_test_sets(lab):
    """On 150 simulated 200-image test sets with true accuracy 0.8, the 95 % interval covers 0.8 about 95 % of the time."""
    rng = np.random.default_rng(21)
    covered = 0
    for _ in range(150):
        correct = rng.random(200) < 0.8
        ci = lab.bootstrap_accuracy_ci(correct, n_boot=400, rng=rng)
        covered += ci.low <= 0.8 <= ci.high
    rate = covered / 150
    assert 0.87 <= rate <= 0.995, (
        f"the interval covered the true accuracy in {covered}/150 = {rate:.2f} of test sets, expected ~0.95"
    )


@pytest.mark.region("bootstrap")
@given(correct=st.lists(st.booleans(), min_size=1, max_size=40), seed=st.integers(0, 1000))
@example(correct=[True, False, True, True], seed=0)
def test_bootstrap_interval_is_sane(lab, correct, seed):
    """Any correctness vector: estimate = accuracy and 0 <= low <= estimate <= high <= 1; all-correct gives [1, 1]."""
    c = np.array(correct)
    got = lab.bootstrap_accuracy_ci(c, n_boot=200, rng=np.random.default_rng(seed))
    acc = c.mean()
    assert math.isclose(got.estimate, acc), f"{c.astype(int).tolist()}: estimate {got.estimate}, accuracy {acc}"
    assert 0 <= got.low <= acc + 1e-12 and acc - 1e-12 <= got.high <= 1, (
        f"{c.astype(int).tolist()}: interval [{got.low}, {got.high}] must lie in [0, 1] and contain the accuracy {acc}"
    )
    if c.all() or not c.any():
        assert got.low == got.high == acc, (
            f"all {'right' if c.all() else 'wrong'}: every resample has accuracy {acc}, got [{got.low}, {got.high}]"
        )


# ----------------------------------------------------------------------------------------
# paired
# ----------------------------------------------------------------------------------------


def _diff(a, b, axis=-1):
    return np.mean(a, axis=axis) - np.mean(b, axis=axis)


@pytest.mark.region("paired")
@pytest.mark.parametrize("paired", [True, False])
def test_diff_ci_matches_scipy(lab, paired):
    """Two correlated models on the same 1000 images: the CI of acc(A) - acc(B) matches scipy.stats.bootstrap(paired=...)."""
    a, b = _simulate(1000, 0.85, 0.87, 0.5, seed=31)
    got = lab.bootstrap_diff_ci(a, b, n_boot=4000, rng=np.random.default_rng(6), paired=paired)
    assert math.isclose(got.estimate, a.mean() - b.mean()), (
        f"estimate {got.estimate}, expected acc(A) - acc(B) = {a.mean() - b.mean()}"
    )
    ref = stats.bootstrap(
        (a, b),
        _diff,
        paired=paired,
        vectorized=True,
        n_resamples=4000,
        method="percentile",
        rng=np.random.default_rng(7),
    ).confidence_interval
    tol = max(0.004, 0.1 * (ref.high - ref.low))
    _ci_close(got, ref.low, ref.high, tol, f"paired={paired} bootstrap CI of the accuracy difference vs SciPy")


@pytest.mark.region("paired")
def test_paired_identical_models_have_zero_width(lab):
    """Identical predictions: the paired interval is exactly [0, 0]; the unpaired one is wide even though nothing differs."""
    a = _pairs(850, 0, 0, 150, seed=2)[0]
    got = lab.bootstrap_diff_ci(a, a.copy(), n_boot=1000, rng=np.random.default_rng(0), paired=True)
    assert got.low == got.high == 0.0, (
        f"A and B are identical, yet the paired interval is [{got.low:.4f}, {got.high:.4f}]: "
        "resample the same images for both models (one index matrix)"
    )
    un = lab.bootstrap_diff_ci(a, a.copy(), n_boot=1000, rng=np.random.default_rng(0), paired=False)
    assert un.high - un.low > 0.03, (
        f"unpaired interval for identical models is [{un.low:.4f}, {un.high:.4f}]; resampling A and B independently "
        "should give a width near 2*1.96*sqrt(2*0.85*0.15/1000) = 0.063"
    )


@pytest.mark.region("paired")
def test_paired_finds_difference_unpaired_misses(lab):
    """1000 images, 10 only-A-right vs 30 only-B-right: paired CI excludes 0, unpaired includes it; widths match theory."""
    a, b = _pairs(830, 10, 30, 130, seed=9)  # acc A 0.84, acc B 0.86
    p = lab.bootstrap_diff_ci(a, b, n_boot=4000, rng=np.random.default_rng(10), paired=True)
    u = lab.bootstrap_diff_ci(a, b, n_boot=4000, rng=np.random.default_rng(11), paired=False)
    assert p.high < 0, (
        f"paired CI [{p.low:.4f}, {p.high:.4f}] should exclude 0: B wins 30 of the 40 images where they disagree"
    )
    assert u.low < 0 < u.high, f"unpaired CI [{u.low:.4f}, {u.high:.4f}] should include 0 (it ignores the pairing)"
    d = a.astype(float) - b
    paired_w = 2 * 1.96 * math.sqrt(d.var() / d.size)
    unpaired_w = 2 * 1.96 * math.sqrt((a.var() + b.var()) / a.size)
    assert abs((p.high - p.low) / paired_w - 1) < 0.15, (
        f"paired width {p.high - p.low:.4f}, theory 2*1.96*sqrt(Var(a-b)/N) = {paired_w:.4f}"
    )
    assert abs((u.high - u.low) / unpaired_w - 1) < 0.15, (
        f"unpaired width {u.high - u.low:.4f}, theory 2*1.96*sqrt((Var a + Var b)/N) = {unpaired_w:.4f}"
    )


# ----------------------------------------------------------------------------------------
# mcnemar
# ----------------------------------------------------------------------------------------


@pytest.mark.region("mcnemar")
def test_mcnemar_constructed_example(lab):
    """10 only-A-right and 30 only-B-right images: b=10, c=30, p equals scipy.stats.binomtest(10, 40) (0.0022)."""
    a, b = _pairs(830, 10, 30, 130, seed=9)
    got = lab.mcnemar_exact(a, b)
    assert (got.b, got.c) == (10, 30), (
        f"discordant counts (b, c) = ({got.b}, {got.c}), expected (10, 30): b = A right & B wrong"
    )
    want = stats.binomtest(10, 40, 0.5).pvalue
    assert math.isclose(got.pvalue, want, rel_tol=1e-9), (
        f"p-value {got.pvalue:.6g}, expected the two-sided exact binomial p of 10 out of b + c = 40: {want:.6g}"
    )


@pytest.mark.region("mcnemar")
def test_mcnemar_ignores_concordant_images(lab):
    """Adding 5000 images both models get right (or both wrong) does not change McNemar's p-value."""
    small = lab.mcnemar_exact(*_pairs(0, 12, 25, 0))
    big = lab.mcnemar_exact(*_pairs(4000, 12, 25, 1000))
    want = stats.binomtest(12, 37, 0.5).pvalue
    assert math.isclose(small.pvalue, want, rel_tol=1e-9) and math.isclose(big.pvalue, want, rel_tol=1e-9), (
        f"b=12, c=25: p = {small.pvalue:.6g} alone and {big.pvalue:.6g} with 5000 concordant images; both should be "
        f"{want:.6g}. Only the b + c discordant images enter the binomial"
    )


@pytest.mark.region("mcnemar")
@pytest.mark.parametrize("b, c", [(0, 0), (7, 7), (0, 9), (300, 360), (1, 0)])
def test_mcnemar_edge_and_large_counts(lab, b, c):
    """No or balanced disagreements give p = 1; large counts still match scipy.stats.binomtest."""
    got = lab.mcnemar_exact(*_pairs(50, b, c, 20, seed=b + c))
    want = 1.0 if b + c == 0 else stats.binomtest(b, b + c, 0.5).pvalue
    assert (got.b, got.c) == (b, c), f"discordant counts ({got.b}, {got.c}), expected ({b}, {c})"
    assert math.isclose(got.pvalue, want, rel_tol=1e-9), f"b={b}, c={c}: p-value {got.pvalue:.6g}, expected {want:.6g}"


@pytest.mark.region("mcnemar")
@given(pairs=st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=80))
@example(pairs=[(True, False), (False, True), (True, True), (True, False)])
def test_mcnemar_matches_binomtest(lab, pairs):
    """Any paired predictions: (b, c) are the discordant counts and p equals scipy.stats.binomtest(b, b + c)."""
    a = np.array([p[0] for p in pairs])
    bb = np.array([p[1] for p in pairs])
    b, c = int((a & ~bb).sum()), int((~a & bb).sum())
    got = lab.mcnemar_exact(a, bb)
    want = 1.0 if b + c == 0 else stats.binomtest(b, b + c, 0.5).pvalue
    assert (got.b, got.c) == (b, c), f"discordant counts ({got.b}, {got.c}), expected ({b}, {c})"
    assert math.isclose(got.pvalue, want, rel_tol=1e-9), f"b={b}, c={c}: p-value {got.pvalue:.6g}, expected {want:.6g}"
