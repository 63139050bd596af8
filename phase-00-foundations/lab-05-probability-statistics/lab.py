"""Lab 0.5 - Probability and statistics for model evaluation.

Eight small tools a CV engineer reaches for whenever a number about a model has to be
trusted: drawing samples (inverse CDF, weighted draws without replacement, stratified
subsets), fitting distributions by maximum likelihood, Bayes' rule with base rates
(an inspection camera that raises alarms), bootstrap confidence intervals for accuracy,
and comparing two models on the same test set (paired bootstrap, McNemar's exact test).

Conventions
-----------
* "correct" vectors are 1-D boolean (or 0/1) arrays of shape (N,): ``correct[i]`` is True
  when the model got test image ``i`` right. Accuracy is ``correct.mean()``.
* Every random function takes ``rng``: a ``numpy.random.Generator`` (or a seed, or None,
  anything ``np.random.default_rng`` accepts). Same seed -> same answer.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import numpy as np
from scipy import stats

RngLike = np.random.Generator | int | None


class Interval(NamedTuple):
    """A point estimate with a two-sided confidence interval ``[low, high]``."""

    estimate: float
    low: float
    high: float


class McNemarResult(NamedTuple):
    """McNemar's exact test on paired predictions of models A and B.

    ``b``: images A got right and B got wrong; ``c``: A wrong and B right (the discordant
    pairs). ``pvalue``: two-sided exact binomial p-value of ``H0: P(b-type) = P(c-type)``.
    """

    b: int
    c: int
    pvalue: float


def _as_correct(correct: np.ndarray, name: str = "correct") -> np.ndarray:
    """Validate a per-image correctness vector and return it as a 1-D bool array."""
    arr = np.asarray(correct)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {arr.shape}")
    if arr.dtype != np.bool_:
        if not np.isin(arr, (0, 1)).all():
            raise ValueError(f"{name} must contain only 0/1 or True/False")
        arr = arr.astype(bool)
    return arr


# ----------------------------------------------------------------------------------------
# 1. Sampling
# ----------------------------------------------------------------------------------------


def sample_exponential(rate: float, size: int | tuple[int, ...], rng: RngLike = None) -> np.ndarray:
    """Draw Exponential(rate) samples by inverse-CDF sampling from uniforms.

    The CDF is ``F(x) = 1 - exp(-rate * x)`` for x >= 0, so its inverse is
    ``F^-1(u) = -ln(1 - u) / rate``. If ``U ~ Uniform(0, 1)`` then ``F^-1(U)`` has CDF F:
    ``P(F^-1(U) <= x) = P(U <= F(x)) = F(x)``. Mean 1/rate, variance 1/rate**2.

    Returns float64 samples of shape ``size``.
    """
    if not rate > 0:
        raise ValueError(f"rate must be > 0, got {rate}")
    rng = np.random.default_rng(rng)
    # TODO(inverse_cdf): Turn uniforms from rng.random(size) into Exponential(rate) samples
    # | with the inverse of the CDF F(x) = 1 - exp(-rate*x). Return float64 of shape `size`.
    # | (Do not call rng.exponential: the point is the inverse-CDF construction.)
    raise NotImplementedError("TODO(inverse_cdf): write this region")


def weighted_sample_without_replacement(weights: np.ndarray, k: int, rng: RngLike = None) -> np.ndarray:
    """Draw ``k`` distinct indices, each next draw proportional to the remaining weights.

    Sequential definition: draw i1 with probability w[i1] / sum(w); remove it; draw i2 with
    probability w[i2] / (sum(w) - w[i1]); and so on. (This is what hard-negative mining or
    loss-weighted replay buffers mean by "sample k examples by weight".)

    Vectorised equivalent, the exponential race: give item i an alarm clock that rings at
    ``T_i = E_i / w_i`` with ``E_i ~ Exp(1)`` i.e. ``T_i ~ Exp(w_i)``. The first clock to ring
    is i with probability ``w_i / sum(w)``, and by memorylessness the remaining clocks restart
    fresh, so the ring ORDER is exactly the sequential draw. Partitioning out the k smallest
    T_i and sorting only those is O(N + k log k) with no Python loop. (The same thing in log
    space is the Gumbel-top-k trick: the k largest log w_i + Gumbel noise.)

    Returns int64 indices of shape (k,), in draw order. Zero-weight items are never drawn.
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights must be a 1-D array of finite, non-negative numbers")
    if not 0 <= k <= np.count_nonzero(w):
        raise ValueError(f"k={k} must be between 0 and the number of positive weights ({np.count_nonzero(w)})")
    rng = np.random.default_rng(rng)
    # TODO(weighted_sample): Return k distinct int64 indices in draw order, where every draw
    # | picks index i with probability w[i] / (sum of the weights not drawn yet).
    # | Zero weights are never drawn. Vectorise it: no Python loop over the k draws.
    raise NotImplementedError("TODO(weighted_sample): write this region")


def stratified_sample(labels: np.ndarray, n: int, rng: RngLike = None) -> np.ndarray:
    """Pick ``n`` distinct indices so each class keeps its share of the data.

    Class c with ``N_c`` of the ``N`` items has the quota ``q_c = n * N_c / N``. Every class
    gets ``floor(q_c)`` or ``ceil(q_c)`` items and the counts add up to exactly ``n``
    (largest-remainder rounding: the ``n - sum(floor(q_c))`` classes with the largest
    fractional parts get one more). When every ``q_c`` is an integer the proportions are
    preserved exactly. Within a class, every item is equally likely.

    ``labels``: (N,) array of class labels (any sortable dtype). Returns int64 indices (n,).
    """
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D, got shape {labels.shape}")
    if not 0 <= n <= labels.size:
        raise ValueError(f"n={n} must be between 0 and len(labels)={labels.size}")
    rng = np.random.default_rng(rng)
    # TODO(stratified): Allocate n over the classes (floor or ceil of n * N_c / N, summing to n:
    # | largest remainders get the extra ones), then draw that many distinct indices uniformly
    # | inside each class. Return an int64 array of n distinct indices (any order).
    raise NotImplementedError("TODO(stratified): write this region")


# ----------------------------------------------------------------------------------------
# 2. Maximum likelihood
# ----------------------------------------------------------------------------------------

Family = Literal["gaussian", "bernoulli", "poisson"]


def mle_fit(x: np.ndarray, family: Family) -> dict[str, float]:
    """Closed-form maximum-likelihood estimates and the standard error of the main parameter.

    * ``"gaussian"``: ``{"mean", "var", "se_mean"}`` with ``mean = sum(x)/N``,
      ``var = sum((x - mean)^2) / N`` (the MLE divides by N, not N - 1) and
      ``se_mean = sqrt(var / N)``.
    * ``"bernoulli"`` (x in {0, 1}): ``{"p", "se_p"}``, ``p = k / N``, ``se_p = sqrt(p(1-p)/N)``.
    * ``"poisson"`` (x in {0, 1, 2, ...}): ``{"rate", "se_rate"}``, ``rate = mean(x)``,
      ``se_rate = sqrt(rate / N)``.

    Every standard error is ``1 / sqrt(observed Fisher information)`` at the MLE:
    ``-d^2 log L / d theta^2`` evaluated at theta_hat (see the README for the derivations).
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    if x.size == 0:
        raise ValueError("cannot fit a distribution to an empty sample")
    if family not in ("gaussian", "bernoulli", "poisson"):
        raise ValueError(f"unknown family {family!r}; expected 'gaussian', 'bernoulli' or 'poisson'")
    if family == "bernoulli" and not np.isin(x, (0.0, 1.0)).all():
        raise ValueError("Bernoulli data must be 0/1")
    if family == "poisson" and ((x < 0).any() or (x != np.round(x)).any()):
        raise ValueError("Poisson data must be non-negative integers")
    # TODO(mle): Return the closed-form MLEs as floats in a dict: gaussian -> "mean", "var" (the MLE,
    # | dividing by N) and "se_mean"; bernoulli -> "p" and "se_p"; poisson -> "rate" and "se_rate".
    # | Each se is sqrt(1 / Fisher information) at the estimate (see the docstring for the formulas).
    raise NotImplementedError("TODO(mle): write this region")


# ----------------------------------------------------------------------------------------
# 3. Bayes' rule with base rates
# ----------------------------------------------------------------------------------------


def posterior_defect(prior, sensitivity, specificity, alarms: int = 1, inspections: int | None = None):
    """P(defect | the camera alarmed on ``alarms`` of ``inspections`` independent inspections).

    ``prior`` = P(defect) (the base rate), ``sensitivity`` = P(alarm | defect),
    ``specificity`` = P(no alarm | good part), so P(alarm | good) = 1 - specificity.
    ``inspections`` defaults to ``alarms`` (every inspection alarmed). Inspections are
    independent given the part's true state, so with a = alarms and m = inspections - a::

        P(obs | defect) = sens^a (1 - sens)^m        P(obs | good) = (1 - spec)^a spec^m
        P(defect | obs) = prior P(obs | defect) / (prior P(obs | defect) + (1 - prior) P(obs | good))

    Pure arithmetic (no numpy calls), so it is exact for ``fractions.Fraction`` inputs and
    works elementwise on numpy arrays. Example: 1 % defects, 95 % sensitivity, 90 %
    specificity: one alarm -> 0.0095 / 0.1085 = 8.76 %.
    """
    if inspections is None:
        inspections = alarms
    if not 0 <= alarms <= inspections:
        raise ValueError(f"need 0 <= alarms <= inspections, got alarms={alarms}, inspections={inspections}")
    # TODO(bayes): Return P(defect | `alarms` alarms in `inspections` independent inspections)
    # | by Bayes' rule with the base rate `prior`. Use only + - * / ** (no numpy, no float(), no if on
    # | the values) so Fraction inputs give an exact Fraction and NumPy arrays of priors work
    # | elementwise. With 0 inspections the answer is the prior.
    raise NotImplementedError("TODO(bayes): write this region")


# ----------------------------------------------------------------------------------------
# 4. Bootstrap confidence intervals
# ----------------------------------------------------------------------------------------


def bootstrap_accuracy_ci(
    correct: np.ndarray, n_boot: int = 2000, alpha: float = 0.05, rng: RngLike = None
) -> Interval:
    """Percentile-bootstrap (1 - alpha) confidence interval for accuracy = mean(correct).

    Resample the N test images WITH replacement ``n_boot`` times (one (n_boot, N) index
    matrix, no Python loop), take each resample's accuracy, and report the alpha/2 and
    1 - alpha/2 quantiles of those ``n_boot`` accuracies. Assumes the test images are iid
    draws from the deployment distribution.
    """
    correct = _as_correct(correct)
    rng = np.random.default_rng(rng)
    # TODO(bootstrap): Resample `correct` with replacement n_boot times using one (n_boot, N)
    # | index matrix, compute each resample's accuracy, and return Interval(estimate=accuracy,
    # | low, high) where low/high are the alpha/2 and 1 - alpha/2 quantiles (np.quantile) of the
    # | n_boot resampled accuracies. All three as Python floats.
    raise NotImplementedError("TODO(bootstrap): write this region")


# ----------------------------------------------------------------------------------------
# 5. Comparing two models on the same test set
# ----------------------------------------------------------------------------------------


def bootstrap_diff_ci(
    correct_a: np.ndarray,
    correct_b: np.ndarray,
    n_boot: int = 2000,
    alpha: float = 0.05,
    rng: RngLike = None,
    paired: bool = True,
) -> Interval:
    """Percentile-bootstrap CI for the accuracy difference ``acc(A) - acc(B)``.

    ``paired=True`` (the right way when both models ran on the same images): resample
    IMAGES, i.e. one index matrix shared by A and B, so each resample keeps the pairs
    together. The difference then only varies through the discordant images, which is what
    makes it tight when the models are correlated: ``Var = Var(a_i - b_i) / N``.

    ``paired=False`` (what you would do for two independent test sets): resample A and B
    with independent index matrices. ``Var = (Var(a_i) + Var(b_i)) / N``, which ignores the
    positive correlation between two models that mostly fail on the same hard images, so the
    interval is too wide: the comparison loses power.
    """
    a = _as_correct(correct_a, "correct_a")
    b = _as_correct(correct_b, "correct_b")
    if paired and a.size != b.size:
        raise ValueError(f"a paired comparison needs the same test images: {a.size} vs {b.size}")
    rng = np.random.default_rng(rng)
    # TODO(paired): Return Interval(acc_a - acc_b, low, high) with percentile-bootstrap quantiles
    # | (alpha/2, 1 - alpha/2) of the resampled difference. paired=True: ONE (n_boot, N) index
    # | matrix used for both a and b; paired=False: an independent index matrix for each.
    raise NotImplementedError("TODO(paired): write this region")


def mcnemar_exact(correct_a: np.ndarray, correct_b: np.ndarray) -> McNemarResult:
    """McNemar's exact test: do A and B have the same accuracy on these paired images?

    Only discordant images carry information about the difference: ``b`` = #(A right, B
    wrong), ``c`` = #(A wrong, B right). Under H0 each discordant image is a fair coin, so
    ``b ~ Binomial(b + c, 1/2)`` and the two-sided exact p-value is
    ``min(1, 2 * P(X <= min(b, c)))`` with ``X ~ Binomial(b + c, 1/2)`` (1.0 when b + c = 0).
    """
    a = _as_correct(correct_a, "correct_a")
    bb = _as_correct(correct_b, "correct_b")
    if a.size != bb.size:
        raise ValueError(f"McNemar needs the same test images for both models: {a.size} vs {bb.size}")
    # TODO(mcnemar): Count the discordant pairs b = #(A right, B wrong) and c = #(A wrong, B right)
    # | and return McNemarResult(b, c, pvalue) with the two-sided EXACT binomial p-value of b out of
    # | b + c at p = 1/2 (1.0 when there are no discordant pairs). Do not call scipy.stats.binomtest:
    # | it is the grader's reference. scipy.stats.binom.cdf or math.comb are fine.
    raise NotImplementedError("TODO(mcnemar): write this region")


# ----------------------------------------------------------------------------------------
# Synthetic data: two classifiers on the same test images, with a known correlation
# ----------------------------------------------------------------------------------------


def simulate_two_classifiers(
    n: int, acc_a: float, acc_b: float, phi: float, rng: RngLike = None
) -> tuple[np.ndarray, np.ndarray]:
    """Correctness vectors of two models on the same ``n`` images.

    Each image independently falls in one of four cells with probabilities
    ``p11`` (both right), ``p10`` (only A right), ``p01`` (only B right), ``p00`` (both wrong),
    chosen so that P(A right) = acc_a, P(B right) = acc_b and the correlation between the
    two 0/1 correctness variables is ``phi``:
    ``p11 = acc_a acc_b + phi sqrt(acc_a (1-acc_a) acc_b (1-acc_b))``.
    Real models have phi around 0.3-0.7: they fail on the same hard images.
    """
    rng = np.random.default_rng(rng)
    p11 = acc_a * acc_b + phi * np.sqrt(acc_a * (1 - acc_a) * acc_b * (1 - acc_b))
    probs = np.array([p11, acc_a - p11, acc_b - p11, 1 - acc_a - acc_b + p11])
    if (probs < -1e-12).any():
        raise ValueError(f"phi={phi} is impossible for accuracies {acc_a}, {acc_b}")
    probs = np.clip(probs, 0, None)
    cell = rng.choice(4, size=n, p=probs / probs.sum())  # (n,) in {0: 11, 1: 10, 2: 01, 3: 00}
    return (cell == 0) | (cell == 1), (cell == 0) | (cell == 2)


if __name__ == "__main__":
    from fractions import Fraction

    rng = np.random.default_rng(0)

    print("1. Inverse-CDF sampling of Exponential(rate=2)")
    x = sample_exponential(2.0, 10_000, rng)
    ks = stats.kstest(x, stats.expon(scale=0.5).cdf)
    print(f"   mean {x.mean():.4f} (expected 0.5), KS statistic {ks.statistic:.4f}, p-value {ks.pvalue:.3f}")
    w = np.array([1.0, 2.0, 3.0, 4.0])
    picks = np.array([weighted_sample_without_replacement(w, 2, rng) for _ in range(4000)])  # (4000, 2)
    print(f"   weights {w}: first pick frequencies {np.bincount(picks[:, 0], minlength=4) / 4000} (expected w/sum(w))")
    labels = np.array([0] * 900 + [1] * 90 + [2] * 10)
    sub = stratified_sample(labels, 100, rng)
    print(f"   stratified 100 of (900, 90, 10): class counts {np.bincount(labels[sub])}")

    print("2. Maximum likelihood")
    g = rng.normal(3.0, 2.0, size=5)
    fit = mle_fit(g, "gaussian")
    print(
        f"   5 Gaussian samples: MLE var {fit['var']:.4f} = np.var(ddof=0) {g.var():.4f}; unbiased {g.var(ddof=1):.4f}"
    )
    acc = mle_fit(rng.random(200) < 0.9, "bernoulli")
    print(f"   accuracy on 200 images: {acc['p']:.3f} +/- {1.96 * acc['se_p']:.3f} (95 %, normal approximation)")

    print("3. Bayes with base rates (1 % defects, 95 % sensitivity, 90 % specificity)")
    for k in (1, 2, 3):
        post = posterior_defect(Fraction(1, 100), Fraction(95, 100), Fraction(90, 100), alarms=k)
        print(f"   P(defect | {k} alarm(s)) = {post} = {float(post):.4f}")

    print("4. Bootstrap CI of accuracy")
    correct = rng.random(200) < 0.85
    ci = bootstrap_accuracy_ci(correct, 4000, rng=rng)
    wilson = stats.binomtest(int(correct.sum()), correct.size).proportion_ci(method="wilson")
    print(
        f"   200 images: acc {ci.estimate:.3f}, bootstrap [{ci.low:.3f}, {ci.high:.3f}], "
        f"Wilson [{wilson.low:.3f}, {wilson.high:.3f}]"
    )

    print("5. Two models on the same 1000 images (B truly 1.5 % better, phi = 0.5)")
    ca, cb = simulate_two_classifiers(1000, 0.85, 0.865, 0.5, rng)
    pa = bootstrap_diff_ci(ca, cb, rng=rng, paired=True)
    ua = bootstrap_diff_ci(ca, cb, rng=rng, paired=False)
    print(
        f"   acc A - acc B = {pa.estimate:+.3f}; paired CI [{pa.low:+.3f}, {pa.high:+.3f}] "
        f"(width {pa.high - pa.low:.3f}), unpaired [{ua.low:+.3f}, {ua.high:+.3f}] (width {ua.high - ua.low:.3f})"
    )
    mc = mcnemar_exact(ca, cb)
    print(f"   McNemar: b = {mc.b} (only A right), c = {mc.c} (only B right), exact p = {mc.pvalue:.4f}")
