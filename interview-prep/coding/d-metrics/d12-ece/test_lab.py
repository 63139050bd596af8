"""Grader for d12 - expected calibration error.

References: an explicit per-bin loop written from the definition (bins (lo, hi] on
np.linspace edges), hand-computed cases (including a confidence exactly on a bin edge), and
statistical properties: a perfectly calibrated synthetic classifier has ECE close to 0, a
classifier that is always 100% confident and 50% right has ECE 0.5.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

PROBS = np.array([[0.9, 0.1], [0.75, 0.25], [0.3, 0.7], [0.35, 0.65], [0.55, 0.45]])
LABELS = np.array([0, 1, 1, 1, 1])


def _ece_loop(p, y, n_bins):
    conf, pred = p.max(1), p.argmax(1)
    edges = np.linspace(0, 1, n_bins + 1)
    total = 0.0
    for b in range(n_bins):
        lo, hi = edges[b], edges[b + 1]
        inside = (conf > lo) & (conf <= hi) if b > 0 else (conf <= hi)
        if inside.any():
            total += inside.sum() / len(conf) * abs((pred[inside] == y[inside]).mean() - conf[inside].mean())
    return total


def _data():
    return st.tuples(st.integers(1, 30), st.integers(2, 5)).flatmap(
        lambda nc: st.tuples(
            hnp.arrays(np.float64, nc, elements=st.floats(0.01, 1.0)),
            hnp.arrays(np.int64, nc[0], elements=st.integers(0, nc[1] - 1)),
            st.integers(1, 20),
        )
    )


@pytest.mark.region("solve")
def test_worked_example(lab):
    """README example with 5 bins: 0.02 + 0.02 + 0.11 = 0.15."""
    got = float(lab.expected_calibration_error(PROBS, LABELS, n_bins=5))
    assert abs(got - 0.15) < 1e-12, f"ECE = {got}, expected 0.15"


@pytest.mark.region("solve")
@given(_data())
def test_matches_per_bin_loop(lab, data):
    """Random probability rows: equals an explicit loop over the bins of the definition."""
    raw, y, n_bins = data
    p = raw / raw.sum(axis=1, keepdims=True)
    got = float(lab.expected_calibration_error(p, y, n_bins))
    ref = _ece_loop(p, y, n_bins)
    assert abs(got - ref) < 1e-9, (
        f"probs={p.round(3).tolist()}, labels={y.tolist()}, n_bins={n_bins}: got {got}, expected {ref}"
    )


@pytest.mark.region("solve")
def test_confidence_on_an_edge_goes_to_the_lower_bin(lab):
    """With 2 bins a confidence of exactly 0.5 belongs to bin (0, 0.5], not to (0.5, 1]."""
    p = np.array([[0.5, 0.5], [0.6, 0.4]])
    y = np.array([0, 1])  # first correct (conf 0.5), second wrong (conf 0.6)
    got = float(lab.expected_calibration_error(p, y, n_bins=2))
    assert abs(got - 0.55) < 1e-12, (
        f"ECE = {got}, expected 0.55 = 0.5·|1 - 0.5| + 0.5·|0 - 0.6|; "
        "0.05 means 0.5 was put in the upper bin (use (lo, hi] bins)"
    )


@pytest.mark.region("solve")
def test_perfectly_calibrated_is_near_zero(lab):
    """Synthetic classifier correct with probability equal to its confidence: ECE below 0.02 on 20,000 samples."""
    rng = np.random.default_rng(0)
    n = 20000
    conf = rng.uniform(0.5, 1.0, n)
    labels = np.where(rng.random(n) < conf, 0, 1)
    p = np.stack([conf, 1 - conf], axis=1)
    got = float(lab.expected_calibration_error(p, labels, 15))
    assert got < 0.02, f"a calibrated classifier should have ECE ~ 0, got {got:.4f}"


@pytest.mark.region("solve")
def test_overconfident_classifier(lab):
    """Always 99% confident, right half the time: ECE = 0.49; the same with argmax ties resolved to the first class."""
    p = np.tile([[0.99, 0.01]], (10, 1))
    y = np.array([0, 1] * 5)
    got = float(lab.expected_calibration_error(p, y, 10))
    assert abs(got - 0.49) < 1e-12, f"ECE = {got}, expected |0.5 - 0.99| = 0.49"
    p3 = np.array([[0.4, 0.4, 0.2], [0.4, 0.4, 0.2]])
    got = float(lab.expected_calibration_error(p3, np.array([0, 1]), 10))
    assert abs(got - 0.1) < 1e-12, (
        f"tied rows predict class 0 (argmax): 1 of 2 correct at confidence 0.4, ECE {got}, expected 0.1"
    )


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "p, y, b",
    [
        (np.zeros((0, 3)), np.zeros(0, int), 10),
        (np.full((2, 2), 0.5), np.array([0, 1]), 0),
        (np.full((2, 2), 0.5), np.array([0]), 10),
    ],
    ids=["empty", "zero-bins", "length-mismatch"],
)
def test_invalid_input_raises(lab, p, y, b):
    """No samples, n_bins < 1 or mismatched lengths: ValueError."""
    with pytest.raises(ValueError):
        lab.expected_calibration_error(p, y, b)
