"""Grader for c13 - depth map to point cloud.

References: cv2.rgbd.depthTo3d (opencv-contrib's back-projection: uint16 depth in millimetres,
NaN for missing pixels), hand-computed points for a tiny depth map, and the round trip
depth -> points -> depth through `render_depth`, plus a constructed occlusion for the z-buffer.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

K_SMALL = np.array([[500.0, 0.0, 1.0], [0.0, 400.0, 0.5], [0.0, 0.0, 1.0]])
DEPTH_MM = np.array([[1000, 0, 2000], [1500, 1000, 0]], dtype=np.uint16)


# ----------------------------------------------------------------------------- backproject
@pytest.mark.region("backproject")
def test_small_depth_map_exact(lab):
    """README example: 4 valid millimetre pixels become 4 points in metres, row-major, with their colours."""
    colors = np.arange(6, dtype=np.uint8).reshape(2, 3)
    pts, cols = lab.backproject(DEPTH_MM, K_SMALL, depth_scale=1000.0, colors=colors)
    pts = np.asarray(pts, dtype=np.float64)
    want = np.array([[-0.002, -0.00125, 1.0], [0.004, -0.0025, 2.0], [-0.003, 0.001875, 1.5], [0.0, 0.00125, 1.0]])
    assert pts.shape == (4, 3), f"got shape {pts.shape}, expected (4, 3): the two zero-depth pixels are dropped"
    assert np.allclose(pts, want, atol=1e-12), (
        f"got\n{pts}\nexpected\n{want}\n(u = column, v = row; X = (u - cx)·Z/fx, Y = (v - cy)·Z/fy, Z in metres)"
    )
    assert np.asarray(cols).tolist() == [0, 2, 3, 4] and np.asarray(cols).dtype == np.uint8, (
        f"colours {cols}, expected uint8 [0, 2, 3, 4]"
    )
    _, none = lab.backproject(DEPTH_MM, K_SMALL, depth_scale=1000.0)
    assert none is None, "without colors the second value is None"


@pytest.mark.region("backproject")
@given(st.integers(0, 2**31 - 1), st.integers(1, 16), st.integers(1, 16))
def test_matches_cv2_rgbd_depth_to_3d(lab, seed, h, w):
    """Random uint16 millimetre depth with holes: the valid points equal cv2.rgbd.depthTo3d's, in row-major order."""
    rng = np.random.default_rng(seed)
    depth = rng.integers(300, 5000, (h, w)).astype(np.uint16)
    depth[rng.random((h, w)) < 0.3] = 0
    K = np.array(
        [[rng.uniform(200, 600), 0, rng.uniform(0, w)], [0, rng.uniform(200, 600), rng.uniform(0, h)], [0, 0, 1]]
    )
    pts, _ = lab.backproject(depth, K, depth_scale=1000.0)
    ref = cv2.rgbd.depthTo3d(depth, K).reshape(-1, 3)
    ref = ref[np.isfinite(ref).all(1)]
    pts = np.asarray(pts, dtype=np.float64).reshape(-1, 3)
    assert pts.shape == ref.shape, (
        f"depth {h}x{w} with {int((depth > 0).sum())} valid pixels: got {pts.shape[0]} points, cv2 gives {ref.shape[0]}"
    )
    assert np.allclose(pts, ref, rtol=1e-5, atol=1e-6), (
        f"max difference from cv2.rgbd.depthTo3d {np.abs(pts - ref).max():.3g} m"
    )


@pytest.mark.region("backproject")
def test_float_depth_with_nan_and_negative(lab):
    """Float depth in metres: NaN, inf, 0 and negative values are all dropped; colour images (H, W, 3) follow."""
    depth = np.array([[2.0, np.nan, -1.0], [np.inf, 0.0, 4.0]])
    rgb = np.arange(18, dtype=np.uint8).reshape(2, 3, 3)
    pts, cols = lab.backproject(depth, np.array([[2.0, 0, 1], [0, 2.0, 1], [0, 0, 1]]), colors=rgb)
    assert np.allclose(pts, [[-1.0, -1.0, 2.0], [2.0, 0.0, 4.0]]), (
        f"got {np.asarray(pts).tolist()}, expected [[-1, -1, 2], [2, 0, 4]]"
    )
    assert np.asarray(cols).tolist() == [[0, 1, 2], [15, 16, 17]], (
        f"colours {np.asarray(cols).tolist()}, expected [[0, 1, 2], [15, 16, 17]]"
    )


@pytest.mark.region("backproject")
def test_backproject_bad_input(lab):
    """A 3-D depth, a colour image of another size or depth_scale <= 0 raise ValueError."""
    with pytest.raises(ValueError):
        lab.backproject(np.ones((2, 2, 1)), K_SMALL)
    with pytest.raises(ValueError):
        lab.backproject(np.ones((2, 3)), K_SMALL, colors=np.zeros((3, 2, 3)))
    with pytest.raises(ValueError):
        lab.backproject(np.ones((2, 3)), K_SMALL, depth_scale=0.0)


# ----------------------------------------------------------------------------- render
@pytest.mark.region("render", needs=["backproject"])
@given(st.integers(0, 2**31 - 1), st.integers(1, 16), st.integers(1, 16))
def test_round_trip(lab, seed, h, w):
    """Random depth maps with holes: render_depth(backproject(depth)) gives the same depth map back (0 at the holes)."""
    rng = np.random.default_rng(seed)
    depth = rng.uniform(0.5, 8.0, (h, w))
    depth[rng.random((h, w)) < 0.25] = 0.0
    K = np.array(
        [[rng.uniform(100, 600), 0, rng.uniform(0, w)], [0, rng.uniform(100, 600), rng.uniform(0, h)], [0, 0, 1]]
    )
    pts, _ = lab.backproject(depth, K)
    got = np.asarray(lab.render_depth(pts, K, (h, w)), dtype=np.float64)
    assert got.shape == (h, w), f"got shape {got.shape}, expected {(h, w)}"
    assert np.allclose(got, depth, atol=1e-9), f"round trip differs by up to {np.abs(got - depth).max():.3g}"


@pytest.mark.region("render")
def test_zbuffer_keeps_nearest(lab):
    """Three points on the same pixel ray at depths 3, 1, 2: the pixel shows 1, whatever the order."""
    K = np.array([[100.0, 0, 2], [0, 100.0, 2], [0, 0, 1]])
    ray = np.array([0.01, -0.01, 1.0])  # projects to u = 3, v = 1
    pts = np.vstack([3 * ray, 1 * ray, 2 * ray, [0.0, 0.0, 5.0]])
    got = np.asarray(lab.render_depth(pts, K, (4, 5)), dtype=np.float64)
    assert np.isclose(got[1, 3], 1.0), f"pixel (row 1, col 3) shows {got[1, 3]}, expected the nearest depth 1.0"
    assert np.isclose(got[2, 2], 5.0) and np.count_nonzero(got) == 2, (
        f"only pixels (1, 3) and (2, 2) should be set, got\n{got}"
    )


@pytest.mark.region("render")
def test_render_rounding_and_culling(lab):
    """Projections are rounded to the nearest pixel; points behind the camera or outside the image are ignored."""
    K = np.array([[10.0, 0, 0], [0, 10.0, 0], [0, 0, 1]])
    pts = np.array([[0.16, 0.04, 1.0], [0.1, 0.1, -1.0], [0.9, 0.0, 1.0], [-0.2, 0.0, 1.0], [-0.1, -0.1, -1.0]])
    got = np.asarray(lab.render_depth(pts, K, (3, 4)), dtype=np.float64)
    want = np.zeros((3, 4))
    want[0, 2] = 1.0  # u = 1.6 -> 2, v = 0.4 -> 0
    assert np.array_equal(got, want), (
        f"got\n{got}\nexpected\n{want}\n(np.rint, not floor; skip Z <= 0 and u, v outside the image; "
        "(-0.1, -0.1, -1) is behind the camera although X/Z, Y/Z land on pixel (1, 1))"
    )
