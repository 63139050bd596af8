"""The motion generator keeps its documented promises: exact flow, conventions, trajectories, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from cvlab.data.synthetic import motion


@pytest.fixture(scope="module")
def texture() -> np.ndarray:
    """A random smooth-ish texture (no data files needed): uniform noise, 2x2 block-averaged."""
    rng = np.random.default_rng(0)
    t = rng.integers(0, 256, (200, 240)).astype(np.float64)
    return ((t[:-1, :-1] + t[1:, :-1] + t[:-1, 1:] + t[1:, 1:]) / 4).astype(np.uint8)


def _residual(pair: motion.FlowPair) -> float:
    """Mean |frame1(p + flow(p)) - frame0(p)| over valid interior pixels (bilinear lookup in frame1)."""
    import cv2

    h, w = pair.frame0.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    mapx = xs + pair.flow[..., 0].astype(np.float32)
    mapy = ys + pair.flow[..., 1].astype(np.float32)
    back = cv2.remap(pair.frame1.astype(np.float32), mapx, mapy, cv2.INTER_LINEAR)
    m = pair.valid.copy()
    m[:3], m[-3:], m[:, :3], m[:, -3:] = False, False, False, False
    err = float(np.abs(back - pair.frame0.astype(np.float32))[m].mean())
    still = float(np.abs(pair.frame1.astype(np.float32) - pair.frame0)[m].mean())  # the same test with zero flow
    assert err < 0.4 * still, f"warping back with the flow leaves {err:.2f} grey levels, zero flow {still:.2f}"
    return err


def test_translation_flow_is_constant_and_consistent(texture):
    p = motion.translation_pair(texture, (2.5, -1.25), size=(64, 80), blur=2.0)
    f0, f1, flow = p  # unpacks as (frame0, frame1, flow)
    assert f0.shape == f1.shape == (64, 80) and f0.dtype == f1.dtype == np.uint8
    assert flow.shape == (64, 80, 2) and flow.dtype == np.float64
    assert np.allclose(flow[..., 0], 2.5) and np.allclose(flow[..., 1], -1.25)
    assert np.allclose(p.motion(np.array([[3.0, 4.0]])), [[5.5, 2.75]])
    # the destination is inside frame1 exactly where x + 2.5 <= 79 and y - 1.25 >= 0
    assert not p.valid[:, 77:].any() and p.valid[2:, :77].all() and not p.valid[:2].any()
    assert _residual(p) < 1.0, "frame1 sampled at p + flow(p) must reproduce frame0"


def test_integer_translation_is_an_exact_shift(texture):
    """With an integer shift there is no interpolation: frame1 is frame0 moved by (dx, dy) pixels."""
    p = motion.translation_pair(texture, (3, 2), size=(50, 60))
    assert np.array_equal(p.frame1[2:, 3:], p.frame0[:-2, :-3])


def test_affine_flow_matches_its_matrix(texture):
    p = motion.affine_pair(texture, angle=5.0, scale=1.05, shift=(1.0, -2.0), size=(64, 80), blur=2.0)
    M = p.params["matrix"]
    ys, xs = np.mgrid[0:64, 0:80]
    pts = np.stack([xs, ys], -1).reshape(-1, 2).astype(np.float64)
    dst = pts @ M[:, :2].T + M[:, 2]
    assert np.allclose(p.flow.reshape(-1, 2), dst - pts)
    c = np.array([[39.5, 31.5]])  # the centre only shifts
    assert np.allclose(p.motion(c), c + [1.0, -2.0])
    # counter-clockwise on screen: a point to the right of the centre moves UP (y decreases)
    right = p.motion(np.array([[69.5, 31.5]])) - [1.0, -2.0]
    assert right[0, 1] < 31.5 - 2
    assert _residual(p) < 1.0


def test_smooth_flow_is_bounded_invertible_and_consistent(texture):
    p = motion.smooth_flow_pair(texture, max_disp=3.0, seed=4, size=(72, 90), blur=2.0)
    mag = np.linalg.norm(p.flow, axis=2)
    assert mag.max() <= 3.0 + 1e-9 and mag.max() == pytest.approx(p.params["max_disp"])
    gy, gx = np.gradient(p.flow[..., 0]), np.gradient(p.flow[..., 1])
    assert max(np.abs(g).max() for g in (*gy, *gx)) < 0.35, "the field must be gentle enough to invert"
    assert _residual(p) < 1.0
    # motion() at integer pixels is the flow itself
    pts = np.array([[10.0, 20.0], [50.0, 60.0]])
    assert np.allclose(p.motion(pts) - pts, p.flow[[20, 60], [10, 50]])


def test_pairs_are_deterministic_and_leave_the_input_alone(texture):
    before = texture.copy()
    a = motion.smooth_flow_pair(texture, 2.0, seed=1, noise=2.0, size=(40, 50))
    b = motion.smooth_flow_pair(texture, 2.0, seed=1, noise=2.0, size=(40, 50))
    c = motion.smooth_flow_pair(texture, 2.0, seed=2, noise=2.0, size=(40, 50))
    assert np.array_equal(a.frame1, b.frame1) and np.array_equal(a.flow, b.flow)
    assert not np.array_equal(a.flow, c.flow)
    assert np.array_equal(texture, before)
    rgb = np.stack([texture] * 3, axis=-1)
    assert np.array_equal(
        motion.translation_pair(rgb, (1, 1), size=(30, 30)).frame0,
        motion.translation_pair(texture, (1, 1), size=(30, 30)).frame0,
    )


def test_bad_arguments():
    with pytest.raises(ValueError):
        motion.translation_pair(np.zeros((20, 20), np.uint8), (1, 1), size=(30, 30))
    with pytest.raises(ValueError):
        motion.affine_pair(np.zeros((50, 50), np.uint8), scale=0.0, size=(20, 20))
    with pytest.raises(ValueError):
        motion.sprite_video(np.zeros((50, 50), np.uint8), 5, empty_frames=6)


def test_sprite_video_ground_truth(texture):
    v = motion.sprite_video(texture, 30, size=(60, 80), n_sprites=3, empty_frames=4, seed=0)
    T, K = 30, 3
    assert v.frames.shape == (T, 60, 80) and v.frames.dtype == np.uint8 and len(v) == T
    assert v.centers.shape == (T, K, 2) and v.masks.shape == (T, K, 60, 80)
    assert np.isnan(v.centers[:4]).all() and not v.foreground[:4].any()
    assert np.isfinite(v.centers[4:]).all()
    lo = v.radii[None, :, None]
    assert (v.centers[4:] >= lo - 1e-9).all() and (v.centers[4:, :, 0] <= 79 - v.radii + 1e-9).all()
    # constant speed: a step is as long as the velocity, shorter only when it bounces off a wall
    steps = np.linalg.norm(np.diff(v.centers[4:], axis=0), axis=2)
    speeds = np.linalg.norm(v.velocities[4:-1], axis=2)
    assert (steps <= speeds + 1e-9).all() and np.isclose(steps, speeds).mean() > 0.8
    assert np.allclose(np.linalg.norm(v.velocities[4:], axis=2), speeds[:1])
    ys, xs = np.mgrid[0:60, 0:80]
    t, k = 10, 2  # the top sprite's mask is its full disc
    disc = (xs - v.centers[t, k, 0]) ** 2 + (ys - v.centers[t, k, 1]) ** 2 <= v.radii[k] ** 2
    assert np.array_equal(v.masks[t, k], disc)
    assert np.array_equal(v.foreground, v.masks.any(axis=1))
    # sprite pixels have the sprite's level (up to the noise), background pixels the background's
    on = v.masks[t, k]
    assert abs(v.frames[t][on].mean() - v.levels[k]) < 2
    off = ~v.foreground[t]
    assert np.abs(v.frames[t][off] - v.background[off]).mean() < 3


def test_noisy_trajectory_follows_the_model():
    tr = motion.noisy_trajectory(2000, dt=0.5, accel_std=0.1, meas_std=3.0, x0=(1, 2), v0=(2, -1), seed=0)
    assert np.allclose(tr.positions[0], [1, 2]) and np.allclose(tr.velocities[0], [2, -1])
    # positions integrate the velocities: p[k+1] - p[k] = dt (v[k] + v[k+1]) / 2 for piecewise-constant acceleration
    assert np.allclose(np.diff(tr.positions, axis=0), 0.5 * tr.dt * (tr.velocities[1:] + tr.velocities[:-1]))
    acc = np.diff(tr.velocities, axis=0) / tr.dt
    assert abs(acc.std() - 0.1) < 0.01
    noise = tr.measurements - tr.positions
    assert abs(noise.std() - 3.0) < 0.1 and abs(noise.mean()) < 0.15
    again = motion.noisy_trajectory(2000, dt=0.5, accel_std=0.1, meas_std=3.0, x0=(1, 2), v0=(2, -1), seed=0)
    assert np.array_equal(tr.measurements, again.measurements)
