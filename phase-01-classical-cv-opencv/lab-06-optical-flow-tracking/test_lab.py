"""Grader for lab 1.6 - Optical flow and tracking.

References are independent of the code under test: exact ground truth from
``cvlab.data.synthetic.motion`` (frames warped by a known translation, rotation + zoom or
smooth random field; sprites on known trajectories; a simulated constant-velocity target)
and OpenCV on the same input: ``calcOpticalFlowPyrLK`` (single level, pyramidal, and its
minimum eigenvalues), ``accumulateWeighted``, ``KalmanFilter`` (float64, same matrices),
``meanShift`` and ``calcBackProject``. Real video: the first frames of OpenCV's
``vtest.avi``. Expected numbers (hand-computed cases, metric definitions) are computed
here with plain NumPy.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvlab import data
from cvlab.data.synthetic import motion

# ---------------------------------------------------------------------------------------------
# Shared data
# ---------------------------------------------------------------------------------------------
SIZE = (128, 160)  # (h, w) of the synthetic frames: small keeps every test fast


@pytest.fixture(scope="module")
def gravel() -> np.ndarray:
    return data.skimage_image("gravel")  # (512, 512) uint8, fine random texture


@pytest.fixture(scope="module")
def grass() -> np.ndarray:
    return data.skimage_image("grass")  # (512, 512) uint8, sharp blades: LK's linear range is ~1 px


@pytest.fixture(scope="module")
def vtest() -> np.ndarray:
    """The first 20 frames of OpenCV's vtest.avi (pedestrians, static camera), grey (20, 576, 768)."""
    cap = cv2.VideoCapture(str(data.opencv_sample("vtest.avi")))
    assert cap.isOpened(), "cannot open OpenCV's vtest.avi sample: run `cvlab data fetch opencv-samples`"
    frames = []
    while len(frames) < 20:
        ok, f = cap.read()
        assert ok, "vtest.avi ended early"
        frames.append(cv2.cvtColor(f, cv2.COLOR_BGR2GRAY))
    cap.release()
    return np.stack(frames)


def corners(img: np.ndarray, n: int = 80, border: int = 12) -> np.ndarray:
    """Shi-Tomasi corners (N, 2) float64, at least ``border`` px from the edges."""
    c = cv2.goodFeaturesToTrack(img, n, 0.01, 7).reshape(-1, 2).astype(np.float64)
    h, w = img.shape
    keep = (c[:, 0] >= border) & (c[:, 0] <= w - 1 - border) & (c[:, 1] >= border) & (c[:, 1] <= h - 1 - border)
    return c[keep]


def cv2_pyrlk(prev, nxt, pts, levels, win=21, max_iter=30, eps=0.01, flags=0):
    p = np.ascontiguousarray(pts, dtype=np.float32).reshape(-1, 1, 2)
    crit = (cv2.TERM_CRITERIA_COUNT | cv2.TERM_CRITERIA_EPS, max_iter, eps)
    out, st_, err = cv2.calcOpticalFlowPyrLK(
        prev, nxt, p, None, winSize=(win, win), maxLevel=levels, criteria=crit, flags=flags
    )
    return out.reshape(-1, 2).astype(np.float64), st_.reshape(-1).astype(bool), err.reshape(-1)


def epe(a, b) -> np.ndarray:
    return np.linalg.norm(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64), axis=-1)


def unpack_lk(res, call: str):
    assert isinstance(res, tuple) and len(res) == 3, (
        f"{call} must return (next_pts, status, min_eigs), got {type(res).__name__}"
    )
    p1, st_, eig = (np.asarray(r) for r in res)
    return p1, st_.astype(bool), eig


def unpack2(res, call: str):
    assert isinstance(res, tuple) and len(res) == 2, f"{call} must return (next_pts, status), got {type(res).__name__}"
    return np.asarray(res[0], dtype=np.float64), np.asarray(res[1]).astype(bool)


# ---------------------------------------------------------------------------------------------
# Fail fast when a region (or one the test relies on) is not written yet
# ---------------------------------------------------------------------------------------------
def _fake_flow(prev, nxt, pts):
    return np.asarray(pts, dtype=np.float64), np.ones(len(pts), dtype=bool)


def _probe_update(lab):
    kf = lab.KalmanFilter(np.eye(2), np.eye(2), np.eye(2), np.eye(2))
    kf.predict()
    kf.update(np.zeros(2))


PROBES = {
    "lk": lambda lab: lab.lucas_kanade(np.zeros((9, 9)), np.zeros((9, 9)), np.full((1, 2), 4.0), win_size=3),
    "pyramid": lambda lab: lab.pyramidal_lk(np.zeros((16, 16)), np.zeros((16, 16)), np.full((1, 2), 8.0), levels=1),
    "epe": lambda lab: lab.flow_errors(np.zeros((1, 2)), np.zeros((1, 2))),
    "fb_check": lambda lab: lab.forward_backward(np.zeros((4, 4)), np.zeros((4, 4)), np.ones((1, 2)), flow=_fake_flow),
    "background": lambda lab: lab.RunningAverageBackground().apply(np.zeros((2, 2))),
    "cv_model": lambda lab: lab.constant_velocity_model(1.0, 1.0, 1.0),
    "update": _probe_update,
    "mean_shift": lambda lab: lab.mean_shift(np.ones((4, 4)), (0, 0, 2, 2)),
}
#: Tests that also run other regions (through the given code or on purpose).
ALSO_NEEDS = {
    "test_pyramid_large_translation": ["lk"],
    "test_pyramid_ten_pixel_motions": ["lk"],
    "test_pyramid_matches_cv2_pyrlk": ["lk"],
    "test_pyramid_rotation_zoom_and_smooth_flow": ["lk"],
    "test_pyramid_random_large_translations": ["lk"],
    "test_fb_with_your_pyramidal_lk_drops_what_cv2_drops": ["lk", "pyramid"],
    "test_kalman_filter_beats_raw_measurements": ["cv_model"],
}


@pytest.fixture(autouse=True)
def _region_started(request: pytest.FixtureRequest, lab) -> None:
    """Fail fast with the region's TODO when it (or a region the test relies on) is not written yet."""
    mark = request.node.get_closest_marker("region")
    needed = ALSO_NEEDS.get(request.node.originalname, []) + ([mark.args[0]] if mark else [])
    for region in needed:
        try:
            PROBES[region](lab)
        except NotImplementedError:
            raise
        except Exception:  # noqa: BLE001, S110 - any other error is for the test itself to explain
            pass


# =============================================================================================
# lk: single-level Lucas-Kanade
# =============================================================================================
@pytest.mark.region("lk")
def test_lk_subpixel_translation(lab, gravel):
    """Single-level LK recovers a sub-pixel translation (0.4, -0.3) of a real texture: median EPE < 0.1 px."""
    pair = motion.translation_pair(gravel, (0.4, -0.3), size=SIZE)
    pts = corners(pair.frame0)
    p1, st_, eig = unpack_lk(lab.lucas_kanade(pair.frame0, pair.frame1, pts), "lucas_kanade(frame0, frame1, pts)")
    assert p1.shape == pts.shape and st_.shape == (len(pts),) and eig.shape == (len(pts),), (
        f"for {len(pts)} points got shapes {p1.shape}, {st_.shape}, {eig.shape}; expected ({len(pts)}, 2), ({len(pts)},), ({len(pts)},)"
    )
    e = epe(p1, pair.motion(pts))
    assert st_.mean() > 0.9, f"only {st_.mean():.0%} of {len(pts)} Shi-Tomasi corners got status True (expected > 90 %)"
    med = float(np.median(e[st_]))
    assert med < 0.1, (
        f"true motion (0.4, -0.3) px for every point; median endpoint error {med:.3f} px, expected < 0.1. "
        f"Median estimated displacement: {np.median(p1 - pts, axis=0).round(3)}"
    )


@pytest.mark.region("lk")
def test_lk_matches_cv2_single_level(lab, gravel):
    """On the same points, single-level LK agrees with cv2.calcOpticalFlowPyrLK(maxLevel=0) to ~0.01 px."""
    pair = motion.translation_pair(gravel, (0.8, 0.55), size=SIZE)
    pts = corners(pair.frame0)
    p1, st_, _ = unpack_lk(lab.lucas_kanade(pair.frame0, pair.frame1, pts), "lucas_kanade")
    ref, rst, _ = cv2_pyrlk(pair.frame0, pair.frame1, pts, levels=0)
    both = st_ & rst
    assert both.mean() > 0.85, f"status True for only {both.mean():.0%} of points where cv2 also tracks them"
    d = epe(p1[both], ref[both])
    assert np.median(d) < 0.01 and np.quantile(d, 0.9) < 0.05, (
        f"distance to cv2's result: median {np.median(d):.4f} px, 90th percentile {np.quantile(d, 0.9):.4f} px "
        "(expected < 0.01 and < 0.05)"
    )


@pytest.mark.region("lk")
def test_lk_iterates_to_a_two_pixel_motion(lab, gravel):
    """Iterating the LK step converges for a 2-3 px motion at one level (one linearised step does not)."""
    pair = motion.translation_pair(gravel, (2.3, -1.6), size=SIZE)
    pts = corners(pair.frame0)
    p1, st_, _ = unpack_lk(lab.lucas_kanade(pair.frame0, pair.frame1, pts), "lucas_kanade")
    med = float(np.median(epe(p1, pair.motion(pts))[st_]))
    assert med < 0.1, (
        f"true motion (2.3, -1.6) px; median EPE {med:.3f} px (expected < 0.1). One Gauss-Newton step only "
        "gets part of the way: repeat the step, resampling next at the updated position, until |delta| < eps."
    )


@pytest.mark.region("lk")
def test_lk_min_eigenvalues_match_opencv(lab, gravel):
    """min_eigs = lambda_min(G) / win^2 in grey levels^2/px^2: OpenCV reports the same value divided by 1024."""
    pair = motion.translation_pair(gravel, (0.3, 0.2), size=SIZE)
    rng = np.random.default_rng(0)
    pts = np.c_[rng.uniform(15, SIZE[1] - 16, 40), rng.uniform(15, SIZE[0] - 16, 40)]
    _, _, eig = unpack_lk(lab.lucas_kanade(pair.frame0, pair.frame1, pts), "lucas_kanade")
    _, _, ref = cv2_pyrlk(pair.frame0, pair.frame1, pts, levels=0, flags=cv2.OPTFLOW_LK_GET_MIN_EIGENVALS)
    rel = np.abs(eig / 1024.0 - ref) / ref
    i = int(np.argmax(rel))
    assert rel.max() < 0.03, (
        f"min_eigs / 1024 differs from cv2's OPTFLOW_LK_GET_MIN_EIGENVALS by up to {rel.max():.1%}: at point "
        f"{pts[i].round(1)} got {eig[i]:.4g} (/1024 = {eig[i] / 1024:.4g}), cv2 {ref[i]:.4g}. Use the Scharr gradients "
        "of image_gradients(prev) and divide the smallest eigenvalue of G by win_size**2"
    )


@pytest.mark.region("lk")
def test_lk_flags_flat_and_edge_windows(lab):
    """Windows with no texture (flat) or one straight edge (aperture problem) get status False; a corner is tracked."""
    img = np.full((80, 80), 100.0)
    img[:, 40:] = 180.0  # vertical edge at x = 39.5
    img[45:, 40:] = 30.0  # ... and a corner at (39.5, 44.5) below it
    nxt = np.roll(img, 1, axis=1)  # everything moves 1 px right (the wrap-around column is far away)
    pts = np.array([[15.0, 20.0], [40.0, 15.0], [40.0, 45.0]])  # flat, edge only, corner
    p1, st_, eig = unpack_lk(lab.lucas_kanade(img, nxt, pts, win_size=15), "lucas_kanade(step image)")
    assert not st_[0], f"a flat 15x15 window (min_eig {eig[0]:.3g}) must get status False"
    assert not st_[1], (
        f"a window on a straight vertical edge only constrains dx: lambda_min = {eig[1]:.3g} must fail the "
        "min-eigenvalue test (status False)"
    )
    assert st_[2], f"the corner window (min_eig {eig[2]:.3g}) must be tracked"
    assert abs(p1[2, 0] - 41.0) < 0.15 and abs(p1[2, 1] - 45.0) < 0.15, f"corner (40, 45) moved by (1, 0): got {p1[2]}"


@pytest.mark.region("lk")
def test_lk_uses_the_initial_guess_and_handles_no_points(lab, grass):
    """With guess = the true displacement a large motion converges at one level; zero points give empty outputs."""
    pair = motion.translation_pair(grass, (6.6, -4.3), size=SIZE, blur=0.0)
    pts = corners(pair.frame0)
    guess = np.tile([6.4, -4.0], (len(pts), 1))
    p1, st_, _ = unpack_lk(lab.lucas_kanade(pair.frame0, pair.frame1, pts, guess=guess), "lucas_kanade(guess=...)")
    med = float(np.median(epe(p1, pair.motion(pts))[st_]))
    assert med < 0.1, f"started 0.3 px from the truth (6.6, -4.3), the median EPE is {med:.3f} px (expected < 0.1)"
    p1, st_, eig = unpack_lk(lab.lucas_kanade(pair.frame0, pair.frame1, np.zeros((0, 2))), "lucas_kanade(no points)")
    assert p1.shape == (0, 2) and st_.shape == (0,) and eig.shape == (0,), (
        f"got shapes {p1.shape}, {st_.shape}, {eig.shape}"
    )


@pytest.mark.region("lk")
@settings(max_examples=6)
@given(dx=st.floats(-0.9, 0.9), dy=st.floats(-0.9, 0.9))
def test_lk_random_subpixel_shifts(lab, gravel, dx, dy):
    """For any sub-pixel translation, the median estimated displacement is within 0.1 px of the truth."""
    pair = motion.translation_pair(gravel, (dx, dy), size=(96, 112))
    pts = corners(pair.frame0, n=40)
    p1, st_, _ = unpack_lk(lab.lucas_kanade(pair.frame0, pair.frame1, pts), "lucas_kanade")
    est = np.median((p1 - pts)[st_], axis=0)
    assert np.hypot(*(est - [dx, dy])) < 0.1, f"true shift ({dx:.3f}, {dy:.3f}); median estimate {est.round(3)}"


# =============================================================================================
# pyramid: coarse-to-fine LK
# =============================================================================================
@pytest.mark.region("pyramid")
def test_pyramid_large_translation(lab, grass):
    """Pyramidal LK tracks a (6.6, -4.3) px motion of a sharp texture (where one level fails): median EPE < 0.1."""
    pair = motion.translation_pair(grass, (6.6, -4.3), size=SIZE, blur=0.0)
    pts = corners(pair.frame0)
    p1, st_ = unpack2(lab.pyramidal_lk(pair.frame0, pair.frame1, pts, levels=3), "pyramidal_lk(levels=3)")
    assert p1.shape == pts.shape and st_.shape == (len(pts),), f"got shapes {p1.shape}, {st_.shape}"
    e = epe(p1, pair.motion(pts))
    assert st_.mean() > 0.85, f"status True for only {st_.mean():.0%} of the points (expected > 85 %)"
    med, good = float(np.median(e[st_])), float((e[st_] < 0.1).mean())
    assert med < 0.1 and good > 0.7, (
        f"true motion (6.6, -4.3) px; median EPE {med:.3f} px, {good:.0%} of tracked points within 0.1 px "
        "(expected < 0.1 px and > 70 %). A single level only converges within ~1-2 px on this texture: start at the "
        "coarsest level and pass 2 * displacement down as the next level's guess"
    )


@pytest.mark.region("pyramid")
def test_pyramid_ten_pixel_motions(lab, grass):
    """Motions of 10-12 px need every level's estimate doubled on the way down: > 80 % of points within 0.1 px."""
    for shift in [(11.3, 4.6), (8.2, -9.1)]:
        pair = motion.translation_pair(grass, shift, size=(160, 192), blur=0.0)
        pts = corners(pair.frame0)
        p1, _ = unpack2(lab.pyramidal_lk(pair.frame0, pair.frame1, pts, levels=3), "pyramidal_lk(levels=3)")
        good = float((epe(p1, pair.motion(pts)) < 0.1).mean())
        assert good > 0.8, (
            f"true motion {shift} px: only {good:.0%} of {len(pts)} points within 0.1 px (expected > 80 %). "
            "A displacement d found at level L is 2 * d at level L - 1"
        )


@pytest.mark.region("pyramid")
def test_pyramid_matches_cv2_pyrlk(lab, gravel):
    """On the same points, pyramidal LK agrees with cv2.calcOpticalFlowPyrLK(maxLevel=3) to ~0.01 px."""
    pair = motion.translation_pair(gravel, (-5.3, 3.4), size=SIZE)
    pts = corners(pair.frame0)
    p1, st_ = unpack2(lab.pyramidal_lk(pair.frame0, pair.frame1, pts, levels=3), "pyramidal_lk")
    ref, rst, _ = cv2_pyrlk(pair.frame0, pair.frame1, pts, levels=3)
    both = st_ & rst
    assert both.mean() > 0.85, f"status True for only {both.mean():.0%} of the points cv2 tracks"
    d = epe(p1[both], ref[both])
    assert np.median(d) < 0.01 and np.quantile(d, 0.9) < 0.05, (
        f"distance to cv2's result: median {np.median(d):.4f} px, 90th percentile {np.quantile(d, 0.9):.4f} px"
    )


@pytest.mark.region("pyramid")
def test_pyramid_rotation_zoom_and_smooth_flow(lab, gravel):
    """Rotation + zoom + shift and a smooth random field: median EPE < 0.25 px and no worse than cv2's PyrLK."""
    for pair, what in [
        (motion.affine_pair(gravel, 3.0, 1.03, (3.0, -2.0), size=SIZE), "rotation 3 deg, zoom 1.03, shift (3, -2)"),
        (motion.smooth_flow_pair(gravel, 5.0, seed=3, size=SIZE), "smooth random field, max 5 px"),
    ]:
        pts = corners(pair.frame0)
        pts = pts[pair.valid[pts[:, 1].astype(int), pts[:, 0].astype(int)]]
        true = pair.motion(pts)
        p1, st_ = unpack2(lab.pyramidal_lk(pair.frame0, pair.frame1, pts), "pyramidal_lk")
        ref, rst, _ = cv2_pyrlk(pair.frame0, pair.frame1, pts, levels=3)
        med, ref_med = float(np.median(epe(p1, true)[st_])), float(np.median(epe(ref, true)[rst]))
        # a translation-only window model is biased when the window deforms (rotation, zoom, curl):
        # ~0.1-0.2 px here for cv2 as well, so the bar is "as good as OpenCV"
        assert st_.mean() > 0.8 and med < 0.25 and med <= 1.1 * ref_med + 0.01, (
            f"{what}: status {st_.mean():.0%}, median EPE {med:.3f} px; cv2.calcOpticalFlowPyrLK gets {ref_med:.3f} px "
            "on the same points (expected < 0.25 and at most 10 % worse than cv2)"
        )


@pytest.mark.region("pyramid")
@settings(max_examples=4)
@given(angle=st.floats(0, 2 * math.pi), mag=st.floats(3.0, 8.0))
def test_pyramid_random_large_translations(lab, grass, angle, mag):
    """Any translation of 3-8 px in any direction is recovered: median estimate within 0.1 px."""
    dx, dy = mag * math.cos(angle), mag * math.sin(angle)
    pair = motion.translation_pair(grass, (dx, dy), size=(112, 128), blur=0.0)
    pts = corners(pair.frame0, n=40, border=16)
    p1, st_ = unpack2(lab.pyramidal_lk(pair.frame0, pair.frame1, pts), "pyramidal_lk")
    est = np.median((p1 - pts)[st_], axis=0)
    assert np.hypot(*(est - [dx, dy])) < 0.1, f"true shift ({dx:.2f}, {dy:.2f}); median estimate {est.round(3)}"


# =============================================================================================
# epe: flow metrics
# =============================================================================================
@pytest.mark.region("epe")
def test_flow_errors_hand_example(lab):
    """flow_errors on three hand-computed vectors: EPE 0, 5 and 1; angular errors 0, ~78.7 and 45 degrees."""
    f = np.array([[1.0, 0.0], [3.0, 4.0], [1.0, 0.0]])
    g = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    got = lab.flow_errors(f, g)
    ang = [0.0, math.degrees(math.acos(1 / math.sqrt(26))), 45.0]
    want = {"epe": 2.0, "median": 1.0, "over1": 1 / 3, "over3": 1 / 3, "aae": sum(ang) / 3}
    assert isinstance(got, dict) and set(want) <= set(got), f"expected a dict with keys {sorted(want)}, got {got!r}"
    for k, v in want.items():
        assert got[k] == pytest.approx(v, abs=1e-6), (
            f"flow_errors({f.tolist()}, {g.tolist()})[{k!r}] = {got[k]}, expected {v}"
        )


@pytest.mark.region("epe")
def test_flow_errors_on_farneback_vs_ground_truth(lab, gravel):
    """Farneback (given) on a smooth known field: your metrics equal a NumPy computation over the valid pixels."""
    pair = motion.smooth_flow_pair(gravel, 3.0, seed=1, size=SIZE)
    flow = cv2.calcOpticalFlowFarneback(
        pair.frame0, pair.frame1, None, 0.5, 4, 21, 5, 7, 1.5, cv2.OPTFLOW_FARNEBACK_GAUSSIAN
    )
    got = lab.flow_errors(flow, pair.flow, pair.valid)
    f, g = flow[pair.valid].astype(np.float64), pair.flow[pair.valid]
    e = epe(f, g)
    cos = (np.sum(f * g, axis=1) + 1) / np.sqrt((np.sum(f * f, axis=1) + 1) * (np.sum(g * g, axis=1) + 1))
    want = {
        "epe": e.mean(),
        "median": np.median(e),
        "over1": (e > 1).mean(),
        "over3": (e > 3).mean(),
        "aae": np.degrees(np.arccos(np.clip(cos, -1, 1))).mean(),
    }
    for k, v in want.items():
        assert got[k] == pytest.approx(v, rel=1e-6, abs=1e-9), (
            f"{k}: got {got[k]:.6g}, expected {v:.6g} (valid pixels only)"
        )
    assert want["epe"] < 0.5, f"sanity: Farneback's mean EPE on this easy field is {want['epe']:.3f} px"


@pytest.mark.region("epe")
def test_flow_errors_nonfinite_and_empty(lab):
    """A NaN vector counts as EPE inf / angle 180 deg; an all-False valid mask raises ValueError."""
    f = np.array([[[0.0, 0.0], [np.nan, 1.0]]])  # (1, 2, 2)
    g = np.zeros((1, 2, 2))
    got = lab.flow_errors(f, g)
    assert math.isinf(got["epe"]) and got["over3"] == 0.5 and got["aae"] == pytest.approx(90.0), (
        f"with one perfect and one NaN vector expected epe inf, over3 0.5, aae 90 (mean of 0 and 180); got {got}"
    )
    only = lab.flow_errors(f, g, valid=np.array([[True, False]]))
    assert only["epe"] == 0.0 and only["aae"] == 0.0, f"valid mask ignored: {only}"
    with pytest.raises(ValueError):
        lab.flow_errors(f, g, valid=np.zeros((1, 2), dtype=bool))


@pytest.mark.region("epe")
@settings(max_examples=25)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 50))
def test_flow_errors_properties(lab, seed, n):
    """Identical flows score 0 everywhere; EPE and AAE are symmetric; outlier rates lie in [0, 1]."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(0, 3, (n, 2)), rng.normal(0, 3, (n, 2))
    same = lab.flow_errors(a, a)
    assert same["epe"] == 0 and same["over1"] == 0 and same["aae"] == pytest.approx(0.0, abs=1e-5), (
        f"flow_errors(a, a) = {same}"
    )
    ab, ba = lab.flow_errors(a, b), lab.flow_errors(b, a)
    assert ab["epe"] == pytest.approx(ba["epe"]) and ab["aae"] == pytest.approx(ba["aae"]), f"{ab} vs {ba}"
    assert 0 <= ab["over3"] <= ab["over1"] <= 1, f"outlier rates {ab['over1']}, {ab['over3']}"


# =============================================================================================
# fb_check: forward-backward consistency and KLT tracks
# =============================================================================================
@pytest.mark.region("fb_check")
def test_fb_drops_points_that_do_not_come_back(lab):
    """With a fake flow that returns 3 of 5 points home exactly, only those 3 are kept; errors are exact."""
    pts = np.array([[10.0, 10.0], [20.0, 10.0], [30.0, 10.0], [40.0, 10.0], [50.0, 10.0]])
    img_a, img_b = np.zeros((64, 64)), np.ones((64, 64))

    def flow(prev, nxt, p):
        p = np.asarray(p, dtype=np.float64)
        if prev.mean() == 0:  # forward: move right by 2
            return p + [2.0, 0.0], np.ones(len(p), dtype=bool)
        back = p - [2.0, 0.0]
        back[3] += [0.6, 0.8]  # comes back 1.0 px off
        back[4] += [3.0, 4.0]  # 5 px off
        return back, np.array([True, True, False, True, True])  # point 2 lost on the way back

    p1, keep, err = lab.forward_backward(img_a, img_b, pts, max_error=0.9, flow=flow)
    assert np.allclose(p1, pts + [2, 0]), f"p1 must be the forward result, got {np.asarray(p1).tolist()}"
    assert np.asarray(keep).tolist() == [True, True, False, False, False], (
        f"keep = {np.asarray(keep).tolist()}; expected [True, True, False, False, False] (point 2: backward status "
        "False; point 3: FB error 1.0 > 0.9; point 4: FB error 5)"
    )
    err = np.asarray(err, dtype=np.float64)
    assert np.allclose(err[[0, 1, 3, 4]], [0, 0, 1.0, 5.0]) and math.isinf(err[2]), (
        f"fb_error = {err.tolist()}; expected [0, 0, inf, 1, 5]"
    )


@pytest.mark.region("fb_check")
def test_fb_with_cv2_on_vtest(lab, vtest):
    """Default flow (cv2) on vtest frames 0 -> 1: the forward points, FB errors and kept set equal a direct computation."""
    pts = corners(vtest[0], n=300, border=0)
    p1, keep, err = lab.forward_backward(vtest[0], vtest[1], pts, max_error=0.5)
    f, sf, _ = cv2_pyrlk(vtest[0], vtest[1], pts, levels=3)
    b, sb, _ = cv2_pyrlk(vtest[1], vtest[0], f, levels=3)
    ref_err = np.where(sf & sb, epe(b, pts), np.inf)
    ref_keep = sf & sb & (ref_err <= 0.5)
    assert np.allclose(p1, f, atol=1e-4), "p1 must be cv2_lk's forward result when flow is None"
    ok = np.isfinite(ref_err)
    assert np.allclose(np.asarray(err)[ok], ref_err[ok], atol=1e-4), (
        "FB errors differ from ||backward(forward(p)) - p||"
    )
    keep = np.asarray(keep, dtype=bool)
    assert (keep == ref_keep).all(), (
        f"kept {keep.sum()} of {len(pts)} points, the direct computation keeps {ref_keep.sum()}; "
        f"{(keep & ~ref_keep).sum()} kept that should be dropped"
    )


@pytest.mark.region("fb_check")
def test_klt_tracks_on_vtest_are_consistent(lab, vtest):
    """KLT over 20 vtest frames (given driver + your check): most tracks survive, some are dropped, survivors are consistent."""
    tracks, alive = lab.klt_tracks(vtest, max_error=0.5)
    tracks, alive = np.asarray(tracks), np.asarray(alive, dtype=bool)
    n = alive.shape[1]
    assert alive[-1].mean() > 0.6, f"only {alive[-1].sum()} of {n} tracks alive after 20 frames (expected > 60 %)"
    assert alive[-1].sum() < n, (
        f"all {n} tracks survived 20 frames of walking pedestrians: the FB check never drops anything. "
        "Points whose backward track misses the start by more than max_error must go"
    )
    for t in (3, 11, 18):  # every surviving step passes an independent FB check
        idx = np.flatnonzero(alive[t + 1])
        f, sf, _ = cv2_pyrlk(vtest[t], vtest[t + 1], tracks[t, idx], levels=3)
        b, sb, _ = cv2_pyrlk(vtest[t + 1], vtest[t], f, levels=3)
        bad = ~(sf & sb) | (epe(b, tracks[t, idx]) > 0.5 + 1e-3)
        assert not bad.any(), f"frame {t} -> {t + 1}: {bad.sum()} surviving tracks fail the forward-backward check"


@pytest.mark.region("fb_check")
def test_fb_with_your_pyramidal_lk_drops_what_cv2_drops(lab, vtest):
    """With YOUR pyramidal LK as the flow, the FB check keeps/drops the same vtest points as with cv2's (>= 97 %)."""
    crop0, crop1 = vtest[5][200:456, 200:520], vtest[6][200:456, 200:520]  # (256, 320): people walking
    pts = corners(crop0, n=150, border=0)
    _, keep, _ = lab.forward_backward(crop0, crop1, pts, max_error=0.5, flow=lab.pyramidal_lk)
    f, sf, _ = cv2_pyrlk(crop0, crop1, pts, levels=3)
    b, sb, _ = cv2_pyrlk(crop1, crop0, f, levels=3)
    ref = sf & sb & (epe(b, pts) <= 0.5)
    keep = np.asarray(keep, dtype=bool)
    agree = float((keep == ref).mean())
    assert agree >= 0.97, f"keep masks agree on {agree:.1%} of {len(pts)} points (expected >= 97 %)"
    missed = int((keep & ~sf).sum())
    assert missed == 0, f"{missed} points that cv2 itself flags as lost are kept"


# =============================================================================================
# background: running average
# =============================================================================================
@pytest.mark.region("background")
def test_background_first_frame_initialises(lab):
    """The first frame becomes the background (float64 copy) and gets an all-False mask."""
    frame = np.arange(12, dtype=np.uint8).reshape(3, 4) * 20
    model = lab.RunningAverageBackground(alpha=0.1, threshold=10)
    mask = np.asarray(model.apply(frame))
    assert mask.shape == (3, 4) and mask.dtype == bool and not mask.any(), f"first mask {mask.tolist()}"
    assert np.array_equal(model.background, frame.astype(np.float64)), "background after the first frame must equal it"
    frame[0, 0] = 255
    assert model.background[0, 0] == 0, "the background must be a copy, not a view of the caller's frame"


@pytest.mark.region("background")
def test_background_matches_accumulate_weighted(lab):
    """Background after each frame equals cv2.accumulateWeighted; masks are |frame - previous background| > threshold."""
    rng = np.random.default_rng(0)
    frames = rng.integers(0, 256, (8, 24, 32), dtype=np.uint8)
    model = lab.RunningAverageBackground(alpha=0.2, threshold=40)
    acc = frames[0].astype(np.float64)
    model.apply(frames[0])
    for t in range(1, len(frames)):
        want_mask = np.abs(frames[t] - acc) > 40
        cv2.accumulateWeighted(frames[t], acc, 0.2)
        mask = np.asarray(model.apply(frames[t]))
        assert np.array_equal(mask, want_mask), f"frame {t}: {int((mask != want_mask).sum())} mask pixels differ"
        err = float(np.abs(model.background - acc).max())
        assert err < 1e-9, (
            f"frame {t}: background differs from cv2.accumulateWeighted(frame, bg, alpha=0.2) by {err:.3g}; "
            "expected (1 - alpha) * background + alpha * frame"
        )


@pytest.mark.region("background")
def test_background_foreground_iou_on_sprites(lab, gravel):
    """On generated sprites over a static background, the foreground masks match the true ones (IoU > 0.9)."""
    vid = motion.sprite_video(gravel, 50, empty_frames=10, seed=0)
    model = lab.RunningAverageBackground(alpha=0.02, threshold=30)
    masks = np.stack([np.asarray(model.apply(f)) for f in vid.frames])
    inter = np.logical_and(masks[10:], vid.foreground[10:]).sum()
    union = np.logical_or(masks[10:], vid.foreground[10:]).sum()
    iou = inter / union
    assert iou > 0.9, (
        f"foreground IoU over frames 10-49 is {iou:.3f} (expected > 0.9): {masks[10:].sum()} pixels detected, "
        f"{vid.foreground[10:].sum()} true"
    )


@pytest.mark.region("background")
def test_background_colour_frames_use_the_largest_channel_difference(lab):
    """A colour pixel is foreground when ANY channel differs by more than the threshold."""
    bg = np.full((2, 3, 3), 100, dtype=np.uint8)
    f = bg.copy()
    f[0, 0, 2] = 150  # one channel +50
    f[1, 2] = (120, 120, 120)  # every channel +20
    model = lab.RunningAverageBackground(alpha=0.5, threshold=30)
    model.apply(bg)
    mask = np.asarray(model.apply(f))
    assert mask.shape == (2, 3), f"mask shape {mask.shape}, expected (2, 3)"
    assert mask.tolist() == [[True, False, False], [False, False, False]], f"mask {mask.tolist()}"
    assert np.allclose(model.background[0, 0], [100, 100, 125]), f"background {model.background[0, 0]}"


# =============================================================================================
# cv_model: F, H, Q, R
# =============================================================================================
@pytest.mark.region("cv_model")
def test_cv_model_matrices(lab):
    """F, H, Q, R for dt = 0.5, accel_std = 2, meas_std = 3 equal the constant-velocity model written out by hand."""
    F, H, Q, R = (np.asarray(m, dtype=np.float64) for m in lab.constant_velocity_model(0.5, 2.0, 3.0))
    dt, q = 0.5, 4.0
    F_ = np.array([[1, 0, dt, 0], [0, 1, 0, dt], [0, 0, 1, 0], [0, 0, 0, 1]])
    H_ = np.array([[1.0, 0, 0, 0], [0, 1, 0, 0]])
    a, b, c = q * dt**4 / 4, q * dt**3 / 2, q * dt**2
    Q_ = np.array([[a, 0, b, 0], [0, a, 0, b], [b, 0, c, 0], [0, b, 0, c]])
    R_ = 9.0 * np.eye(2)
    for name, got, want in [("F", F, F_), ("H", H, H_), ("Q", Q, Q_), ("R", R, R_)]:
        assert got.shape == want.shape, f"{name} has shape {got.shape}, expected {want.shape} (state [x, y, vx, vy])"
        assert np.allclose(got, want, atol=1e-12), f"{name} =\n{got}\nexpected\n{want}"


@pytest.mark.region("cv_model")
def test_cv_model_q_is_the_covariance_of_the_simulated_noise(lab):
    """Q equals the covariance of the one-step state change that a random acceleration causes (Monte Carlo)."""
    dt, s = 0.8, 1.5
    _, _, Q, _ = lab.constant_velocity_model(dt, s, 1.0)
    a = s * np.random.default_rng(0).standard_normal((200_000, 2))
    w = np.c_[a * dt * dt / 2, a * dt]  # (N, 4): position and velocity change per axis
    emp = np.cov(w.T)
    assert np.allclose(Q, emp, atol=0.02 * np.abs(emp).max()), (
        f"Q =\n{np.asarray(Q).round(4)}\nsimulated\n{emp.round(4)}"
    )


# =============================================================================================
# update: the Kalman measurement update
# =============================================================================================
@pytest.mark.region("update")
def test_update_scalar_example(lab):
    """A 1-D filter with P_prior = 2, R = 2 has gain 0.5: it lands halfway between prediction and measurement."""
    kf = lab.KalmanFilter(
        np.eye(1), np.eye(1), np.zeros((1, 1)), np.array([[2.0]]), x0=np.array([1.0]), P0=np.array([[2.0]])
    )
    kf.predict()
    x = np.asarray(kf.update(np.array([5.0])))
    assert np.allclose(x, [3.0]), f"prior 1, measurement 5, equal variances: x_post {x}, expected [3.0]"
    assert np.allclose(kf.P_post, [[1.0]]), f"P_post {kf.P_post}, expected [[1.0]] = (1 - 0.5) * 2"
    assert np.allclose(kf.K, [[0.5]]), f"K {kf.K}, expected [[0.5]]"


@pytest.mark.region("update")
def test_kalman_matches_cv2_step_by_step(lab):
    """Predict/update equals cv2.KalmanFilter (float64, identical F, H, Q, R, x0, P0) at every step to 1e-6."""
    rng = np.random.default_rng(1)
    n, m = 4, 2
    F = np.eye(n) + 0.1 * rng.normal(size=(n, n))
    H = rng.normal(size=(m, n))
    A = rng.normal(size=(n, n))
    Q = 0.05 * A @ A.T + 0.01 * np.eye(n)
    B = rng.normal(size=(m, m))
    R = B @ B.T + 0.5 * np.eye(m)
    x0, P0 = rng.normal(size=n), 3.0 * np.eye(n)
    ref = cv2.KalmanFilter(n, m, 0, cv2.CV_64F)
    ref.transitionMatrix, ref.measurementMatrix = F.copy(), H.copy()
    ref.processNoiseCov, ref.measurementNoiseCov = Q.copy(), R.copy()
    ref.statePost, ref.errorCovPost = x0.reshape(n, 1).copy(), P0.copy()
    kf = lab.KalmanFilter(F, H, Q, R, x0=x0, P0=P0)
    for k in range(25):
        z = rng.normal(size=m) * 3
        ref.predict()
        kf.predict()
        ref.correct(z.reshape(m, 1))
        x = np.asarray(kf.update(z)).reshape(n)
        for name, got, want in [
            ("x_post", x, ref.statePost.reshape(n)),
            ("P_post", kf.P_post, ref.errorCovPost),
            ("K", kf.K, ref.gain),
        ]:
            err = float(np.abs(np.asarray(got) - want).max())
            assert err < 1e-6, (
                f"step {k}: {name} differs from cv2.KalmanFilter by {err:.3g}\ngot\n{np.asarray(got)}\nexpected\n{want}"
            )


@pytest.mark.region("update")
def test_kalman_filter_beats_raw_measurements(lab):
    """On a simulated noisy constant-velocity track, the filtered positions have < 70 % of the raw measurement RMSE."""
    tr = motion.noisy_trajectory(200, dt=1.0, accel_std=0.05, meas_std=2.0, seed=0)
    F, H, Q, R = lab.constant_velocity_model(tr.dt, tr.accel_std, tr.meas_std)
    kf = lab.KalmanFilter(F, H, Q, R, x0=np.r_[tr.measurements[0], 0, 0], P0=np.diag([4.0, 4.0, 100.0, 100.0]))
    est = [tr.measurements[0]]
    for z in tr.measurements[1:]:
        kf.predict()
        est.append(np.asarray(kf.update(z))[:2])
    est = np.array(est)
    rmse = lambda a: float(np.sqrt(((a[20:] - tr.positions[20:]) ** 2).sum(axis=1).mean()))
    ours, raw = rmse(est), rmse(tr.measurements)
    assert ours < 0.7 * raw, f"filtered RMSE {ours:.2f} px vs raw measurements {raw:.2f} px (expected < 70 % of raw)"
    P = np.asarray(kf.P_post)
    assert np.allclose(P, P.T, atol=1e-9) and np.linalg.eigvalsh((P + P.T) / 2).min() > 0, (
        "P_post must stay symmetric positive definite"
    )


# =============================================================================================
# mean_shift
# =============================================================================================
def _cv2_meanshift(prob, win, max_iter, eps):
    it, w = cv2.meanShift(
        prob.astype(np.float32),
        tuple(int(v) for v in win),
        (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, max_iter, eps),
    )
    return it, tuple(int(v) for v in w)


def _ms(lab, prob, win, max_iter, eps):
    res = lab.mean_shift(prob.astype(np.float32), win, max_iter, eps)
    assert isinstance(res, tuple) and len(res) == 2, f"mean_shift must return (iterations, window), got {res!r}"
    it, w = res
    return int(it), tuple(int(v) for v in w)


@pytest.mark.region("mean_shift")
def test_mean_shift_climbs_onto_a_blob(lab):
    """A window next to a bright square moves onto it, exactly as cv2.meanShift does."""
    prob = np.zeros((60, 80), np.float32)
    prob[30:40, 50:60] = 255.0
    got = _ms(lab, prob, (40, 22, 14, 14), 10, 1.0)
    want = _cv2_meanshift(prob, (40, 22, 14, 14), 10, 1.0)
    assert got == want, f"mean_shift(blob at x 50-59, y 30-39, window (40, 22, 14, 14)) = {got}, cv2 gives {want}"


@pytest.mark.region("mean_shift")
def test_mean_shift_matches_cv2_on_back_projections(lab, gravel):
    """On back-projections of sprite frames, 120 windows (some partly outside) x 3 criteria equal cv2.meanShift."""
    vid = motion.sprite_video(gravel, 6, n_sprites=3, seed=1)
    hist = np.zeros(32, np.float32)
    hist[29:] = 1.0
    rng = np.random.default_rng(0)
    for t in range(len(vid)):
        prob = cv2.calcBackProject([vid.frames[t]], [0], 255 * hist, [0, 256], 1).astype(np.float32)
        for _ in range(20):
            w, h = (int(v) for v in rng.integers(5, 60, 2))
            x, y = int(rng.integers(-20, 200)), int(rng.integers(-20, 160))
            for max_iter, eps in [(10, 1.0), (3, 0.5), (20, 2.0)]:
                got = _ms(lab, prob, (x, y, w, h), max_iter, eps)
                want = _cv2_meanshift(prob, (x, y, w, h), max_iter, eps)
                assert got == want, (
                    f"frame {t}, window {(x, y, w, h)}, max_iter {max_iter}, eps {eps}: got {got}, cv2 {want}"
                )


@pytest.mark.region("mean_shift")
@settings(max_examples=40)
@given(
    seed=st.integers(0, 10**6),
    x=st.integers(-8, 40),
    y=st.integers(-8, 30),
    w=st.integers(1, 25),
    h=st.integers(1, 25),
    eps=st.sampled_from([0.0, 0.5, 1.0, 3.0]),
)
def test_mean_shift_random_images_match_cv2(lab, seed, x, y, w, h, eps):
    """On random non-negative images, every (window, eps) gives cv2.meanShift's iterations and window."""
    prob = (np.random.default_rng(seed).random((32, 44)) ** 4 * 255).astype(np.float32)
    if x + w <= 0 or y + h <= 0:
        return  # entirely outside: OpenCV's behaviour there is an implementation detail
    got = _ms(lab, prob, (x, y, w, h), 10, eps)
    want = _cv2_meanshift(prob, (x, y, w, h), 10, eps)
    assert got == want, f"window {(x, y, w, h)}, eps {eps}: got {got}, cv2 {want}"


@pytest.mark.region("mean_shift")
def test_mean_shift_empty_window_and_bad_size(lab):
    """A window with no probability mass stays put after 0 iterations; a zero-width window raises ValueError."""
    prob = np.zeros((30, 30), np.float32)
    prob[25:, 25:] = 1.0
    assert _ms(lab, prob, (2, 2, 8, 8), 10, 1.0) == _cv2_meanshift(prob, (2, 2, 8, 8), 10, 1.0) == (0, (2, 2, 8, 8))
    with pytest.raises(ValueError):
        lab.mean_shift(prob, (2, 2, 0, 8))


@pytest.mark.region("mean_shift")
def test_mean_shift_tracks_a_moving_sprite(lab, gravel):
    """The given tracker + your mean_shift follows a generated sprite: median centre error < 2 px, max < 5 px."""
    vid = motion.sprite_video(gravel, 40, n_sprites=2, seed=0)
    c, r = vid.centers[0, 0], int(vid.radii[0]) + 2
    window = (round(c[0]) - r, round(c[1]) - r, 2 * r + 1, 2 * r + 1)
    centres = np.asarray(lab.track_mean_shift(vid.frames, window))
    err = epe(centres, vid.centers[:, 0])
    assert np.median(err) < 2 and err.max() < 5, (
        f"centre error vs the true trajectory: median {np.median(err):.2f} px, max {err.max():.2f} px at frame "
        f"{int(np.argmax(err))} (expected < 2 and < 5)"
    )
