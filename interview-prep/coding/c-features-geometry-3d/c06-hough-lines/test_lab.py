"""Grader for c06 - Hough transform for lines.

References: cv2.HoughLines / cv2.HoughLinesWithAccumulator on synthetic lines drawn at known
(rho, θ) (same x = column, y = row, θ ∈ [0, π) convention), exact vote counts for horizontal,
vertical and single-pixel inputs, a vote-conservation property (each pixel votes once per θ)
and scipy.ndimage.maximum_filter for the peak rule.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.ndimage import maximum_filter


def _line(shape, rho, theta_deg):
    y, x = np.indices(shape)
    t = np.deg2rad(theta_deg)
    return np.abs(x * np.cos(t) + y * np.sin(t) - rho) < 0.5


def _acc(lab, edges, rho_res=1.0, n_theta=180):
    acc, rhos, thetas = lab.hough_accumulate(edges, rho_res=rho_res, n_theta=n_theta)
    return np.asarray(acc), np.asarray(rhos, dtype=np.float64), np.asarray(thetas, dtype=np.float64)


# ----------------------------------------------------------------------------- accumulate
@pytest.mark.region("accumulate")
def test_axes_and_horizontal_vertical_lines(lab):
    """8x10 image: R = ceil(hypot(8, 10)) = 13, so 27 rho rows; a row-5 line votes 10 at (5, 90°), a col-7 line 8 at (7, 0°)."""
    edges = np.zeros((8, 10), dtype=bool)
    edges[5, :] = True
    acc, rhos, thetas = _acc(lab, edges)
    assert acc.shape == (27, 180), (
        f"accumulator shape {acc.shape}, expected (27, 180): n_rho = 2·ceil(hypot(H, W)/rho_res) + 1"
    )
    assert np.allclose(rhos[[0, 13, 26]], [-13, 0, 13]) and np.isclose(thetas[90], np.pi / 2), (
        f"rhos should run -13..13 and thetas[k] = k·π/180; got rhos[0]={rhos[0]}, rhos[13]={rhos[13]}, thetas[90]={thetas[90]}"
    )
    assert acc[13 + 5, 90] == 10, (
        f"horizontal line y=5 (10 px): acc at rho=5, θ=90° is {acc[18, 90]}, expected 10 (rho = x·cosθ + y·sinθ)"
    )
    edges = np.zeros((8, 10), dtype=bool)
    edges[:, 7] = True
    acc, _, _ = _acc(lab, edges)
    assert acc[13 + 7, 0] == 8, (
        f"vertical line x=7 (8 px): acc at rho=7, θ=0 is {acc[20, 0]}, expected 8 (x is the column)"
    )


@pytest.mark.region("accumulate")
def test_negative_rho_does_not_wrap(lab):
    """A line at θ=135° through the top-right has negative rho: its votes sit below the rho=0 row, not at the end."""
    edges = np.zeros((20, 20), dtype=bool)
    idx = np.arange(10, 20)
    edges[idx - 10, idx] = True  # y = x - 10  ->  rho = (y - x)/√2 = -10/√2 ≈ -7.07
    acc, rhos, _ = _acc(lab, edges)
    i = int(np.argmax(acc[:, 135]))
    assert np.isclose(rhos[i], -7.0), (
        f"the θ=135° column peaks at rho={rhos[i]}, expected -7 (rint(-7.07)); negative rho must not wrap"
    )
    assert acc[i, 135] == 10, f"all 10 pixels should vote for (rho=-7, θ=135°), got {acc[i, 135]}"


@pytest.mark.region("accumulate")
@given(
    hnp.arrays(np.bool_, st.tuples(st.integers(1, 12), st.integers(1, 12))),
    st.sampled_from([1.0, 2.0, 0.5]),
    st.sampled_from([1, 4, 90, 180]),
)
def test_every_pixel_votes_once_per_angle(lab, edges, rho_res, n_theta):
    """Random edge maps: each θ column holds exactly one vote per edge pixel, and θ=0 votes are the column histogram."""
    acc, _, _ = _acc(lab, edges, rho_res, n_theta)
    big_r = int(np.ceil(np.hypot(*edges.shape) / rho_res))
    assert acc.shape == (2 * big_r + 1, n_theta), (
        f"edges {edges.shape}, rho_res {rho_res}: shape {acc.shape}, expected {(2 * big_r + 1, n_theta)}"
    )
    n = int(edges.sum())
    assert np.all(acc.sum(axis=0) == n), (
        f"{n} edge pixels, but column sums are {acc.sum(axis=0)[:6]}...: one vote per pixel per θ"
    )
    _, xs = np.nonzero(edges)
    # x / rho_res can be exactly k + 0.5 (rho_res 2 or 0.5): accept rint's half-to-even and half-up rounding.
    refs = [
        np.bincount(big_r + rnd(xs / rho_res).astype(int), minlength=2 * big_r + 1)
        for rnd in (np.rint, lambda v: np.floor(v + 0.5))
    ]
    assert any(np.array_equal(acc[:, 0], r) for r in refs), (
        f"θ = 0 votes at rho = x (x = column, rho_res = {rho_res}): got {acc[:, 0].tolist()}, expected {refs[0].tolist()}"
    )


@pytest.mark.region("accumulate")
def test_votes_match_cv2_accumulator(lab):
    """Three synthetic lines on 64x64: our votes at cv2's five best (rho, θ) equal cv2.HoughLinesWithAccumulator's to ±1."""
    img = _line((64, 64), 20.0, 30) | _line((64, 64), -10.0, 120) | _line((64, 64), 40.0, 80)
    acc, rhos, _ = _acc(lab, img)
    ref = cv2.HoughLinesWithAccumulator(img.astype(np.uint8) * 255, 1, np.pi / 180, 20)[:5, 0]
    for rho, theta, votes in ref:
        i, k = int(np.argmin(np.abs(rhos - rho))), int(np.rint(theta / (np.pi / 180)))
        assert abs(int(acc[i, k]) - votes) <= 1, (
            f"at rho={rho}, θ={np.rad2deg(theta):.1f}°: got {acc[i, k]} votes, cv2 counts {votes:.0f}"
        )


@pytest.mark.region("accumulate")
def test_accumulate_rejects_bad_input(lab):
    """A 3-D edge map or rho_res <= 0 raises ValueError."""
    with pytest.raises(ValueError):
        lab.hough_accumulate(np.zeros((4, 4, 3)))
    with pytest.raises(ValueError):
        lab.hough_accumulate(np.zeros((4, 4)), rho_res=0.0)


# ----------------------------------------------------------------------------- peaks
@pytest.mark.region("peaks", needs=["accumulate"])
def test_recovers_synthetic_lines_like_cv2(lab):
    """README example: three lines drawn at known (rho, θ) come back exactly, in cv2.HoughLines' order."""
    img = _line((64, 64), 20.0, 30) | _line((64, 64), -10.0, 120) | _line((64, 64), 40.0, 80)
    acc, rhos, thetas = _acc(lab, img)
    got = np.asarray(lab.hough_peaks(acc, rhos, thetas, threshold=20, top_n=3), dtype=np.float64)
    want = np.array([[40.0, np.deg2rad(80)], [-10.0, np.deg2rad(120)], [20.0, np.deg2rad(30)]])
    assert got.shape == (3, 2), f"top_n=3 returned shape {got.shape}, expected (3, 2)"
    assert np.allclose(got, want, atol=1e-6), (
        f"got (rho, θ°) {[(r, round(np.rad2deg(t), 2)) for r, t in got]}, expected [(40, 80), (-10, 120), (20, 30)]"
    )
    ref = cv2.HoughLines(img.astype(np.uint8) * 255, 1, np.pi / 180, 20)[:3, 0]
    assert np.allclose(got, ref, atol=1e-5), f"cv2.HoughLines' three strongest lines are {ref.tolist()}"


def _ref_peaks(acc, rhos, thetas, threshold):
    mx = maximum_filter(acc.astype(float), size=3, mode="constant", cval=-np.inf)
    ii, kk = np.nonzero((acc == mx) & (acc >= threshold))
    order = np.lexsort((kk, ii, -acc[ii, kk]))
    return np.stack([rhos[ii[order]], thetas[kk[order]]], axis=1).reshape(-1, 2)


@pytest.mark.region("peaks")
@given(
    hnp.arrays(np.int64, st.tuples(st.integers(1, 12), st.integers(1, 12)), elements=st.integers(0, 6)),
    st.integers(0, 6),
    st.one_of(st.none(), st.integers(0, 5)),
)
def test_peaks_match_maximum_filter(lab, acc, threshold, top_n):
    """Random accumulators (many ties): peaks equal the 3x3 maximum-filter rule, votes descending then (i, k)."""
    rhos = np.arange(acc.shape[0], dtype=float) - acc.shape[0] // 2
    thetas = np.arange(acc.shape[1]) * np.pi / acc.shape[1]
    got = np.asarray(lab.hough_peaks(acc, rhos, thetas, threshold=threshold, top_n=top_n), dtype=np.float64).reshape(
        -1, 2
    )
    ref = _ref_peaks(acc, rhos, thetas, threshold)
    ref = ref if top_n is None else ref[:top_n]
    assert got.shape == ref.shape and np.allclose(got, ref), (
        f"accumulator\n{acc}\nthreshold={threshold}, top_n={top_n}: got {got.tolist()}\nexpected {ref.tolist()}"
    )


@pytest.mark.region("peaks")
def test_threshold_inclusive_and_empty(lab):
    """A peak with exactly `threshold` votes counts; none reaching it gives shape (0, 2)."""
    acc = np.zeros((5, 4), dtype=np.int64)
    acc[2, 1] = 7
    rhos, thetas = np.arange(-2.0, 3.0), np.arange(4) * np.pi / 4
    got = np.asarray(lab.hough_peaks(acc, rhos, thetas, threshold=7))
    assert np.allclose(got, [[0.0, np.pi / 4]]), (
        f"7 votes with threshold 7: got {got.tolist()}, expected [[0.0, π/4]] (>=)"
    )
    assert np.asarray(lab.hough_peaks(acc, rhos, thetas, threshold=8)).shape == (0, 2), (
        "no peak reaches 8: expected shape (0, 2)"
    )
