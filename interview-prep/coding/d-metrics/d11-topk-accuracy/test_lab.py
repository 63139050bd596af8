"""Grader for d11 - top-k accuracy.

Reference: sklearn.metrics.top_k_accuracy_score(labels=range(C)) on random score matrices
with many ties (scores drawn from a few values, hypothesis), plus hand-computed cases for the
tie rule, k >= C, and invalid input.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import top_k_accuracy_score

SCORES = np.array([[0.1, 0.6, 0.3], [0.5, 0.2, 0.3], [0.4, 0.4, 0.2], [0.2, 0.3, 0.5]])
LABELS = np.array([2, 0, 0, 0])


def _data():
    return st.tuples(st.integers(1, 12), st.integers(3, 6)).flatmap(  # sklearn treats C = 2 as binary
        lambda nc: st.tuples(
            hnp.arrays(np.float64, nc, elements=st.integers(0, 3).map(float)),
            hnp.arrays(np.int64, nc[0], elements=st.integers(0, nc[1] - 1)),
            st.integers(1, nc[1]),
        )
    )


@pytest.mark.region("solve")
def test_worked_example(lab):
    """README example: top-1 1/4, top-2 3/4, top-3 1 (sample 2 ties with a larger class index)."""
    got = [float(lab.topk_accuracy(SCORES, LABELS, k)) for k in (1, 2, 3)]
    assert np.allclose(got, [0.25, 0.75, 1.0]), f"top-1/2/3 accuracy = {got}, expected [0.25, 0.75, 1.0]"


@pytest.mark.region("solve")
@pytest.mark.filterwarnings("ignore::UserWarning")
@given(_data())
def test_matches_sklearn_with_ties(lab, data):
    """Random tied scores: equals sklearn top_k_accuracy_score(labels=range(C))."""
    s, y, k = data
    got = float(lab.topk_accuracy(s, y, k))
    ref = top_k_accuracy_score(y, s, k=k, labels=np.arange(s.shape[1]))
    assert abs(got - ref) < 1e-12, f"scores={s.tolist()}, labels={y.tolist()}, k={k}: got {got}, sklearn {ref}"


@pytest.mark.region("solve")
def test_tie_rule(lab):
    """All four scores tied: class 3 ranks first and class 0 last, so only labels 2 and 3 are top-2 hits."""
    s = np.full((4, 4), 0.25)
    y = np.array([0, 1, 2, 3])
    got = float(lab.topk_accuracy(s, y, 2))
    assert abs(got - 0.5) < 1e-12, f"all tied, labels 0..3, k=2: got {got}, expected 0.5 (larger index wins a tie)"


@pytest.mark.region("solve")
def test_k_at_least_c_and_monotone(lab):
    """k >= C always gives 1, and top-k accuracy never decreases with k."""
    rng = np.random.default_rng(0)
    s, y = rng.normal(size=(50, 7)), rng.integers(0, 7, 50)
    accs = [float(lab.topk_accuracy(s, y, k)) for k in range(1, 10)]
    assert all(a <= b + 1e-12 for a, b in itertools.pairwise(accs)), f"accuracy must not decrease with k: {accs}"
    assert accs[6] == 1.0 and accs[8] == 1.0, f"k >= C must give 1.0, got {accs[6:]}"
    top1 = float(np.mean(s.argmax(1) == y))
    assert abs(accs[0] - top1) < 1e-12, f"top-1 with distinct scores must equal argmax accuracy {top1}, got {accs[0]}"


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "s, y, k",
    [
        (np.ones((2, 3)), np.array([0, 1]), 0),
        (np.zeros((0, 3)), np.zeros(0, int), 1),
        (np.ones((2, 3)), np.array([0, 3]), 1),
        (np.ones((2, 3)), np.array([0, 1, 2]), 1),
    ],
    ids=["k-zero", "empty", "label-out-of-range", "length-mismatch"],
)
def test_invalid_input_raises(lab, s, y, k):
    """k < 1, no samples, a label outside [0, C) or mismatched N: ValueError."""
    with pytest.raises(ValueError):
        lab.topk_accuracy(s, y, k)
