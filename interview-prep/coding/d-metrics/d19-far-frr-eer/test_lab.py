"""Grader for d19 - FAR, FRR and EER.

References: a brute-force count for FAR/FRR at every threshold; the EER derived from
sklearn.metrics.roc_curve(drop_intermediate=False) (FAR = fpr, FRR = 1 - tpr, the same
linear interpolation at the crossing) on random scores with ties; hand-computed cases
(separable, identical distributions) and the Gaussian theory value Φ(-d'/2).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import roc_curve

GEN = np.array([0.9, 0.8, 0.7, 0.4])
IMP = np.array([0.6, 0.5, 0.3, 0.2, 0.1])
# The EER is a root: a numerical route (brentq on interp1d of the ROC, the classic speaker-
# verification snippet) finds it to ~1e-12, not to the last bit. Thresholds stay exact.
_TOL = 1e-9


def _scores():
    return st.tuples(
        hnp.arrays(np.float64, st.integers(1, 15), elements=st.integers(0, 8).map(float)),
        hnp.arrays(np.float64, st.integers(1, 15), elements=st.integers(0, 8).map(float)),
    )


def _sklearn_eer(gen, imp):
    """EER on sklearn's roc_curve points -> (eer, accepted thresholds).

    The crossing is located with exact integer counts (1 - tpr is not exactly FN / n_pos in
    floating point). Where FAR == FRR exactly at a point, float rates may put that point on
    either side of the crossing, so the next point's threshold is accepted as well (the EER
    value is the same either way).
    """
    y = np.r_[np.ones(gen.size), np.zeros(imp.size)]
    fpr, tpr, thr = roc_curve(y, np.r_[gen, imp], drop_intermediate=False)
    n_pos, n_neg = gen.size, imp.size
    fp = np.rint(fpr * n_neg).astype(np.int64)
    fn = n_pos - np.rint(tpr * n_pos).astype(np.int64)
    d_exact = fn * n_neg - fp * n_pos  # sign of FRR - FAR, exact
    k = int(np.argmax(d_exact <= 0))
    far, frr = fp / n_neg, fn / n_pos
    d = frr - far
    s = d[k - 1] / (d[k - 1] - d[k])
    ok = [thr[k], thr[k + 1]] if d_exact[k] == 0 else [thr[k]]
    return far[k - 1] + s * (far[k] - far[k - 1]), ok


@pytest.mark.region("far_frr")
def test_far_frr_worked_example(lab):
    """README example at thresholds 0.5 and 0.75: FAR [0.4, 0], FRR [0.25, 0.5]."""
    far, frr = (np.asarray(x, dtype=float) for x in lab.far_frr(GEN, IMP, np.array([0.5, 0.75])))
    assert np.allclose(far, [0.4, 0.0]), f"FAR {far}, expected [0.4, 0] (impostor 0.5 is accepted at threshold 0.5)"
    assert np.allclose(frr, [0.25, 0.5]), f"FRR {frr}, expected [0.25, 0.5]"


@pytest.mark.region("far_frr")
@given(_scores(), hnp.arrays(np.float64, st.integers(1, 10), elements=st.integers(-1, 9).map(float)))
def test_far_frr_match_counting(lab, scores, thresholds):
    """Random tied scores and thresholds (often equal to a score): equals direct counting with accept = score >= t."""
    gen, imp = scores
    far, frr = (np.asarray(x, dtype=float) for x in lab.far_frr(gen, imp, thresholds))
    ref_far = np.array([(imp >= t).mean() for t in thresholds])
    ref_frr = np.array([(gen < t).mean() for t in thresholds])
    assert np.allclose(far, ref_far), (
        f"gen={gen.tolist()}, imp={imp.tolist()}, t={thresholds.tolist()}: FAR {far}, expected {ref_far}"
    )
    assert np.allclose(frr, ref_frr), (
        f"gen={gen.tolist()}, imp={imp.tolist()}, t={thresholds.tolist()}: FRR {frr}, expected {ref_frr}"
    )


@pytest.mark.region("far_frr")
def test_far_frr_empty_raises(lab):
    """An empty genuine or impostor set: ValueError."""
    with pytest.raises(ValueError):
        lab.far_frr(np.array([]), IMP, np.array([0.5]))
    with pytest.raises(ValueError):
        lab.far_frr(GEN, np.array([]), np.array([0.5]))


@pytest.mark.region("eer", needs=["far_frr"])
def test_eer_worked_example(lab):
    """README example: the crossing lies between thresholds 0.6 and 0.5, EER 0.25, threshold 0.5."""
    e, t = lab.eer(GEN, IMP)
    assert abs(e - 0.25) < _TOL and abs(t - 0.5) < 1e-12, f"eer = ({e}, {t}), expected (0.25, 0.5)"


@pytest.mark.region("eer", needs=["far_frr"])
@given(_scores())
def test_eer_matches_sklearn_roc(lab, scores):
    """Random tied scores: equals the EER interpolated on sklearn's roc_curve points."""
    gen, imp = scores
    e, t = lab.eer(gen, imp)
    ref_e, ref_t = _sklearn_eer(gen, imp)
    assert abs(e - ref_e) < _TOL, f"gen={gen.tolist()}, imp={imp.tolist()}: EER {e}, expected {ref_e}"
    assert t in ref_t, f"gen={gen.tolist()}, imp={imp.tolist()}: threshold {t}, expected {' or '.join(map(str, ref_t))}"


@pytest.mark.region("eer", needs=["far_frr"])
def test_eer_exact_tie_of_far_and_frr(lab):
    """FAR = FRR = 1/3 exactly at threshold 1: EER 1/3, threshold 1 (or 0, if your float rates rounded past it)."""
    gen, imp = np.array([0.0, 1.0, 1.0]), np.r_[np.zeros(8), np.ones(4)]
    e, t = lab.eer(gen, imp)
    assert abs(e - 1 / 3) < _TOL, f"gen={gen.tolist()}, imp={imp.tolist()}: EER {e}, expected 1/3"
    assert t in (1.0, 0.0), f"gen={gen.tolist()}, imp={imp.tolist()}: threshold {t}, expected 1.0 (FAR = FRR there)"


@pytest.mark.region("eer", needs=["far_frr"])
def test_eer_extremes(lab):
    """Separable scores give EER 0; identical score distributions give 0.5."""
    e, t = lab.eer(np.array([0.9, 0.8]), np.array([0.2, 0.1]))
    assert abs(e) < _TOL and abs(t - 0.8) < 1e-12, f"separable: got ({e}, {t}), expected (0, 0.8)"
    e, _ = lab.eer(np.full(5, 0.3), np.full(7, 0.3))
    assert abs(e - 0.5) < _TOL, f"all scores equal: EER {e}, expected 0.5"


@pytest.mark.region("eer", needs=["far_frr"])
def test_eer_gaussian_theory(lab):
    """Genuine ~ N(1, 1), impostor ~ N(-1, 1): EER ≈ Φ(-1) = 0.1587 on 20,000 samples each."""
    rng = np.random.default_rng(0)
    e, t = lab.eer(rng.normal(1, 1, 20000), rng.normal(-1, 1, 20000))
    want = 0.5 * math.erfc(1 / math.sqrt(2))
    assert abs(e - want) < 0.01, f"EER {e:.4f}, expected about {want:.4f}"
    assert abs(t) < 0.1, f"threshold {t:.3f}, expected about 0 (the midpoint)"
