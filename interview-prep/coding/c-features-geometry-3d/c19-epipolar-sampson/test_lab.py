"""Grader for c19 - epipolar lines and Sampson error.

References: cv2.computeCorrespondEpilines (lines, normalised a² + b² = 1), cv2.sampsonDistance
(per pair), cv2.correctMatches (the exact optimal correction of Hartley-Sturm, to which
Sampson is the first-order approximation), exact two-view scenes from
cvlab.data.synthetic.camera, and a hand-worked rectified pair.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cvlab.data.synthetic import camera

F_RECT = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]])  # rectified pair: v1 = v2
F_FORWARD = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])  # forward motion, K = I: epipole (0, 0)


def _same_up_to_sign(got, ref):
    s = np.where(np.einsum("ni,ni->n", got, ref) < 0, -1.0, 1.0)[:, None]
    return np.abs(got * s - ref).max(initial=0.0)


# ----------------------------------------------------------------------------- lines
@pytest.mark.region("lines")
def test_lines_worked_example(lab):
    """README example: in a rectified pair the line of (u, v) is the row v: (0, -1, v)."""
    got = lab.epipolar_lines(F_RECT, np.array([[10.0, 20.0], [0.0, 5.0]]), 1)
    want = np.array([[0.0, -1.0, 20.0], [0.0, -1.0, 5.0]])
    assert np.allclose(got, want), f"epipolar_lines(F_rect, [[10, 20], [0, 5]], 1) returned\n{got}\nexpected\n{want}"


@pytest.mark.region("lines")
@pytest.mark.parametrize("which", [1, 2])
def test_lines_match_opencv(lab, which):
    """Random scene: the lines equal cv2.computeCorrespondEpilines (a² + b² = 1) for points of either image."""
    scene = camera.two_view_scene(n_points=30, sigma=1.0, seed=which)
    pts = scene.x1 if which == 1 else scene.x2
    got = np.asarray(lab.epipolar_lines(scene.F, pts, which))
    ref = cv2.computeCorrespondEpilines(pts.reshape(-1, 1, 2), which, scene.F).reshape(-1, 3)
    assert got.shape == (30, 3), f"30 points gave shape {got.shape}, expected (30, 3)"
    assert np.allclose(np.hypot(got[:, 0], got[:, 1]), 1.0), "every line must have a² + b² = 1"
    err = _same_up_to_sign(got, ref)
    assert err < 1e-6, f"which_image={which}: lines differ from OpenCV by {err:.3g} (image 2 points use Fᵀ)"


@pytest.mark.region("lines")
def test_true_match_lies_on_its_line(lab):
    """Exact correspondences: |a u + b v + c| of x2 on the line of x1 is 0 px, and vice versa."""
    scene = camera.two_view_scene(n_points=25, sigma=0.0, seed=5)
    l2 = np.asarray(lab.epipolar_lines(scene.F, scene.x1, 1))
    l1 = np.asarray(lab.epipolar_lines(scene.F, scene.x2, 2))
    d2 = np.abs(np.einsum("ni,ni->n", l2, np.c_[scene.x2, np.ones(25)])).max()
    d1 = np.abs(np.einsum("ni,ni->n", l1, np.c_[scene.x1, np.ones(25)])).max()
    assert d2 < 1e-6 and d1 < 1e-6, f"true matches are {d2:.3g} px / {d1:.3g} px from their epipolar lines, expected 0"


@pytest.mark.region("lines")
def test_lines_epipole_and_empty(lab):
    """The epipole itself has no epipolar line (NaN row); no points give a (0, 3) array."""
    got = np.asarray(lab.epipolar_lines(F_FORWARD, np.array([[0.0, 0.0], [1.0, 0.0]]), 1))
    assert np.isnan(got[0]).all(), f"the epipole (0, 0) gave {got[0]}, expected a row of NaN"
    assert np.allclose(np.abs(got[1]), [0.0, 1.0, 0.0]), f"(1, 0) gave {got[1]}, expected ±(0, 1, 0)"
    assert np.asarray(lab.epipolar_lines(F_RECT, np.zeros((0, 2)), 2)).shape == (0, 3), "no points: expected (0, 3)"


@pytest.mark.region("lines")
@pytest.mark.parametrize("F_shape, pts_shape, which", [((3, 3), (4, 2), 0), ((3, 3), (4, 3), 1), ((2, 3), (4, 2), 1)])
def test_lines_bad_input_raises(lab, F_shape, pts_shape, which):
    """which_image other than 1/2, points not (N, 2) or F not (3, 3) raise ValueError."""
    with pytest.raises(ValueError):
        lab.epipolar_lines(np.ones(F_shape), np.ones(pts_shape), which)


# ----------------------------------------------------------------------------- sampson
@pytest.mark.region("sampson")
def test_sampson_worked_example(lab):
    """README example: rows 20 and 23 in a rectified pair -> (3²) / 2 = 4.5 px²; the same row -> 0."""
    got = lab.sampson_error(F_RECT, np.array([[10.0, 20.0], [0.0, 5.0]]), np.array([[30.0, 23.0], [7.0, 5.0]]))
    assert np.allclose(got, [4.5, 0.0]), f"sampson_error returned {got}, expected [4.5, 0.0]"


@pytest.mark.region("sampson")
@given(
    hnp.arrays(np.float64, (3, 3), elements=st.floats(-1, 1)),
    hnp.arrays(np.float64, (6, 4), elements=st.floats(0, 640)),
)
def test_sampson_matches_opencv(lab, F, pts):
    """Random F and points: equals cv2.sampsonDistance pair by pair."""
    x1, x2 = pts[:, :2], pts[:, 2:]
    got = np.asarray(lab.sampson_error(F, x1, x2))
    ref = np.array([cv2.sampsonDistance(np.r_[a, 1.0], np.r_[b, 1.0], F) for a, b in zip(x1, x2)])
    ok = np.isfinite(ref)
    assert got.shape == (6,), f"6 pairs gave shape {got.shape}"
    assert np.allclose(got[ok], ref[ok], rtol=1e-7, atol=1e-9), f"F =\n{F}\ngot {got}\nOpenCV {ref}"


@pytest.mark.region("sampson")
def test_sampson_approximates_optimal_correction(lab):
    """Small noise: Sampson ≈ the squared displacement of cv2.correctMatches (the exact geometric error)."""
    scene = camera.two_view_scene(n_points=40, sigma=0.7, seed=8)
    got = np.asarray(lab.sampson_error(scene.F, scene.x1, scene.x2))
    c1, c2 = cv2.correctMatches(scene.F, scene.x1[None], scene.x2[None])
    exact = ((c1[0] - scene.x1) ** 2).sum(1) + ((c2[0] - scene.x2) ** 2).sum(1)
    rel = np.abs(got - exact) / np.maximum(exact, 1e-6)
    assert np.all((rel < 1e-3) | (np.abs(got - exact) < 1e-6)), (
        f"Sampson differs from the optimal correction by up to {rel.max():.3g} relative; "
        f"example pair 0: got {got[0]:.5f} px², exact {exact[0]:.5f} px²"
    )


@pytest.mark.region("sampson")
def test_sampson_zero_on_exact_and_at_epipole(lab):
    """Exact matches give ~0; the epipole (0/0) gives 0, not NaN; no pairs give an empty array."""
    scene = camera.two_view_scene(n_points=20, sigma=0.0, seed=2)
    got = np.asarray(lab.sampson_error(scene.F, scene.x1, scene.x2))
    assert np.abs(got).max() < 1e-12, f"exact matches: got up to {np.abs(got).max():.3g} px², expected 0"
    at_e = np.asarray(lab.sampson_error(F_FORWARD, np.zeros((1, 2)), np.zeros((1, 2))))
    assert np.array_equal(at_e, [0.0]), f"epipole to epipole: got {at_e}, expected [0.] (0/0 -> 0)"
    assert np.asarray(lab.sampson_error(F_RECT, np.zeros((0, 2)), np.zeros((0, 2)))).shape == (0,)


@pytest.mark.region("sampson")
def test_sampson_bad_input_raises(lab):
    """Different numbers of points, 3-D points or a (3, 4) F raise ValueError."""
    for F, a, b in [(F_RECT, np.ones((3, 2)), np.ones((2, 2))), (F_RECT, np.ones((3, 3)), np.ones((3, 3))), (np.ones((3, 4)), np.ones((3, 2)), np.ones((3, 2)))]:
        with pytest.raises(ValueError):
            lab.sampson_error(F, a, b)
