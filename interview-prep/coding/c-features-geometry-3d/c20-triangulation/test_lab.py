"""Grader for c20 - two-view DLT triangulation.

References: exact 3-D points of cvlab.data.synthetic.camera.two_view_scene, cv2.triangulatePoints
(the same DLT, unweighted rows) on noisy pixels, and a hand-worked rectified stereo pair.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvlab.data.synthetic import camera

P1_EX = np.array([[100.0, 0, 50, 0], [0, 100, 50, 0], [0, 0, 1, 0]])
P2_EX = np.array([[100.0, 0, 50, -100], [0, 100, 50, 0], [0, 0, 1, 0]])


def _reproj(P, X, x):
    h = np.c_[X, np.ones(len(X))] @ P.T
    return np.linalg.norm(h[:, :2] / h[:, 2:] - x, axis=1)


@pytest.mark.region("solve")
def test_worked_example(lab):
    """README example: a 1 m baseline, f = 100 px, 25 px disparity -> depth 4 m."""
    got = np.asarray(lab.triangulate_dlt(P1_EX, P2_EX, np.array([[50.0, 50.0], [70.0, 40.0]]), np.array([[25.0, 50.0], [45.0, 40.0]])))
    want = np.array([[0.0, 0.0, 4.0], [0.8, -0.4, 4.0]])
    assert got.shape == (2, 3), f"returned shape {got.shape}, expected (2, 3)"
    assert np.allclose(got, want, atol=1e-9), f"got\n{got}\nexpected\n{want}"


@pytest.mark.region("solve")
@given(st.integers(0, 10_000), st.integers(1, 20), st.floats(-5, 5).filter(lambda s: abs(s) > 0.1))
def test_exact_scene_any_camera_scale(lab, seed, n, scale):
    """Exact pixels of a random scene, cameras multiplied by any nonzero scale: the true points to 1e-7."""
    scene = camera.two_view_scene(n_points=n, sigma=0.0, seed=seed)
    got = np.asarray(lab.triangulate_dlt(scene.P1 * scale, scene.P2, scene.x1, scene.x2))
    err = np.abs(got - scene.X).max()
    assert got.shape == (n, 3), f"{n} points gave shape {got.shape}"
    assert err < 1e-7 * np.abs(scene.X).max(), f"seed {seed}: points differ from the truth by up to {err:.3g}"


@pytest.mark.region("solve")
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_noisy_pixels_agree_with_opencv(lab, seed):
    """0.2 px noise: points within 1 % of depth of cv2.triangulatePoints, reprojection error no worse."""
    scene = camera.two_view_scene(n_points=50, sigma=0.2, seed=seed)
    got = np.asarray(lab.triangulate_dlt(scene.P1, scene.P2, scene.x1, scene.x2))
    ref = cv2.triangulatePoints(scene.P1, scene.P2, scene.x1.T, scene.x2.T)
    ref = (ref[:3] / ref[3]).T
    rel = (np.linalg.norm(got - ref, axis=1) / ref[:, 2]).max()
    assert rel < 1e-2, f"seed {seed}: differs from cv2.triangulatePoints by up to {100 * rel:.2f} % of the depth"
    e_got = _reproj(scene.P1, got, scene.x1).mean() + _reproj(scene.P2, got, scene.x2).mean()
    e_ref = _reproj(scene.P1, ref, scene.x1).mean() + _reproj(scene.P2, ref, scene.x2).mean()
    assert e_got <= 1.05 * e_ref + 1e-3, f"mean reprojection error {e_got:.4f} px vs OpenCV {e_ref:.4f} px"


@pytest.mark.region("solve")
def test_empty_input(lab):
    """No points give a (0, 3) array."""
    got = np.asarray(lab.triangulate_dlt(P1_EX, P2_EX, np.zeros((0, 2)), np.zeros((0, 2))))
    assert got.shape == (0, 3), f"no points: got shape {got.shape}, expected (0, 3)"


@pytest.mark.region("solve")
@pytest.mark.parametrize("p_shape, s1, s2", [((3, 3), (2, 2), (2, 2)), ((3, 4), (2, 2), (3, 2)), ((3, 4), (2, 3), (2, 3))])
def test_bad_input_raises(lab, p_shape, s1, s2):
    """A camera that is not (3, 4) or points that are not matching (N, 2) arrays raise ValueError."""
    with pytest.raises(ValueError):
        lab.triangulate_dlt(np.ones(p_shape), P2_EX, np.ones(s1), np.ones(s2))
