"""Grader for lab 1.4 - Edges, contours and the Hough transform.

References are independent of the code under test: OpenCV (Sobel, Scharr, cartToPolar,
Canny, HoughLines, contourArea, arcLength, moments, convexHull, findContours), scikit-image
(hough_line), SciPy (ndimage.label with 8-connectivity) and ground truth built here: ramps
with known derivatives, step edges, hand-made hysteresis cases, digital lines with known
(rho, theta), regular polygons with closed-form circularity, quadrilaterals with known
corners, and the sudoku grid corners read off OpenCV's sudoku.png by hand (see DATASETS.md).
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
import scipy.ndimage as ndi
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from skimage.transform import hough_line

from cvlab import data

#: Hand-verified outer corners of the sudoku grid in sudoku.png (x, y), TL, TR, BR, BL.
#: Read once from 6x enlarged 60x60 crops around each corner, with a 5-pixel grid drawn
#: on them: the point where the outer edges of the two thick border strokes meet.
SUDOKU_CORNERS = np.array([[72.0, 85.0], [492.0, 70.0], [520.0, 522.0], [35.0, 517.0]])


def _grey(name: str) -> np.ndarray:
    img = cv2.imread(str(data.opencv_sample(name)), cv2.IMREAD_GRAYSCALE)
    assert img is not None, f"could not read OpenCV's {name} sample: run `cvlab data fetch opencv-samples`"
    return img


@pytest.fixture(scope="module")
def camera() -> np.ndarray:
    return data.skimage_image("camera")  # (512, 512) uint8 grey


@pytest.fixture(scope="module")
def sudoku() -> np.ndarray:
    return _grey("sudoku.png")  # (563, 558) uint8


@pytest.fixture(scope="module")
def building() -> np.ndarray:
    return _grey("building.jpg")  # (600, 868) uint8


def _where(got: np.ndarray, ref: np.ndarray, tol: float = 0.0) -> str:
    bad = np.argwhere(np.abs(got - ref) > tol)
    if len(bad) == 0:
        return ""
    i = tuple(int(v) for v in bad[0])
    return f"; first difference at (row, col) {i}: got {got[i]}, expected {ref[i]} ({len(bad)} values differ)"


def _f1(pred: np.ndarray, ref: np.ndarray) -> tuple[float, float, float]:
    """Edge precision, recall, F1 with a 1-pixel (3x3) matching tolerance."""
    k = np.ones((3, 3), np.uint8)
    near_ref = cv2.dilate(ref.astype(np.uint8), k) > 0
    near_pred = cv2.dilate(pred.astype(np.uint8), k) > 0
    p = (pred & near_ref).sum() / max(int(pred.sum()), 1)
    r = (ref & near_pred).sum() / max(int(ref.sum()), 1)
    return float(p), float(r), float(2 * p * r / (p + r)) if p + r else 0.0


# ---------------------------------------------------------------------------------------------
# sobel
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("sobel")
def test_sobel_matches_cv2_on_a_small_image(lab):
    """image_gradients on a 5x6 image equals cv2.Sobel(CV_64F, ksize=3), sign and borders included."""
    img = np.array(
        [
            [0, 10, 20, 80, 80, 80],
            [0, 10, 30, 90, 90, 70],
            [5, 5, 40, 100, 60, 50],
            [0, 0, 0, 0, 0, 0],
            [9, 1, 8, 2, 7, 3],
        ],
        dtype=np.uint8,
    )
    gx, gy = lab.image_gradients(img)
    rx, ry = cv2.Sobel(img, cv2.CV_64F, 1, 0, ksize=3), cv2.Sobel(img, cv2.CV_64F, 0, 1, ksize=3)
    for name, got, ref in (("gx", gx, rx), ("gy", gy, ry)):
        got = np.asarray(got)
        assert got.shape == ref.shape, f"{name} has shape {got.shape}, expected {ref.shape}"
        assert got.dtype == np.float64, f"{name} has dtype {got.dtype}, expected float64"
        assert np.array_equal(got, ref), f"{name} differs from cv2.Sobel" + _where(got, ref)


@pytest.mark.region("sobel")
def test_sobel_ramp_gives_known_derivative(lab):
    """On I = 3x - 2y the interior Sobel gx is 8*3 = 24 and gy is 8*(-2) = -16 (Scharr: 32x)."""
    yy, xx = np.mgrid[0:8, 0:9].astype(np.float64)
    ramp = 3.0 * xx - 2.0 * yy + 100.0
    for op, gain in (("sobel", 8.0), ("scharr", 32.0)):
        gx, gy = lab.image_gradients(ramp, op)
        assert np.allclose(gx[1:-1, 1:-1], 3.0 * gain), (
            f"image_gradients(I = 3x - 2y, {op!r}) gives gx = {np.unique(np.round(gx[1:-1, 1:-1], 3))[:4]} inside, "
            f"expected {3.0 * gain}: bright to the right must give a POSITIVE gx (derivative weights [-1, 0, +1])"
        )
        assert np.allclose(gy[1:-1, 1:-1], -2.0 * gain), (
            f"image_gradients(I = 3x - 2y, {op!r}) gives gy = {np.unique(np.round(gy[1:-1, 1:-1], 3))[:4]} inside, "
            f"expected {-2.0 * gain} (y grows downwards)"
        )


@pytest.mark.region("sobel")
@pytest.mark.parametrize("op", ["sobel", "scharr"])
def test_sobel_scharr_exact_on_camera(lab, camera, op):
    """Sobel and Scharr of the camera photo equal cv2.Sobel / cv2.Scharr (CV_64F) exactly."""
    img = np.ascontiguousarray(camera[100:260, 150:330])  # (160, 180)
    if op == "sobel":
        rx, ry = cv2.Sobel(img, cv2.CV_64F, 1, 0, ksize=3), cv2.Sobel(img, cv2.CV_64F, 0, 1, ksize=3)
    else:
        rx, ry = cv2.Scharr(img, cv2.CV_64F, 1, 0), cv2.Scharr(img, cv2.CV_64F, 0, 1)
    gx, gy = lab.image_gradients(img, op)
    assert np.array_equal(gx, rx), f"{op} gx differs from OpenCV's on camera{_where(np.asarray(gx), rx)}"
    assert np.array_equal(gy, ry), f"{op} gy differs from OpenCV's on camera{_where(np.asarray(gy), ry)}"


@pytest.mark.region("sobel")
@settings(max_examples=25)
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(2, 9), st.integers(2, 9)),
        elements=st.floats(-100, 100, allow_nan=False, width=32),
    ),
    st.sampled_from(["sobel", "scharr"]),
)
def test_sobel_any_small_float_image(lab, img, op):
    """Any small float image (sides 2..9): both operators agree with OpenCV to 1e-9, borders included."""
    f = cv2.Sobel if op == "sobel" else (lambda im, d, dx, dy, ksize=None: cv2.Scharr(im, d, dx, dy))
    rx, ry = f(img, cv2.CV_64F, 1, 0, ksize=3), f(img, cv2.CV_64F, 0, 1, ksize=3)
    gx, gy = lab.image_gradients(img, op)
    assert np.allclose(gx, rx, atol=1e-9), f"{op} gx on a {img.shape} image differs{_where(np.asarray(gx), rx, 1e-9)}"
    assert np.allclose(gy, ry, atol=1e-9), f"{op} gy on a {img.shape} image differs{_where(np.asarray(gy), ry, 1e-9)}"


# ---------------------------------------------------------------------------------------------
# polar
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("polar")
def test_polar_axis_directions(lab):
    """(1,0), (0,1), (-1,0), (0,-1), (1,1), (0,0) give 0, 90, 180, 270, 45, 0 degrees."""
    gx = np.array([[1.0, 0.0, -1.0, 0.0, 1.0, 0.0]])
    gy = np.array([[0.0, 1.0, 0.0, -1.0, 1.0, 0.0]])
    mag, ang = lab.gradient_polar(gx, gy)
    assert np.allclose(ang, [[0, 90, 180, 270, 45, 0]], atol=1e-9), (
        f"gradient_polar angles for (gx, gy) = (1,0) (0,1) (-1,0) (0,-1) (1,1) (0,0): got {np.round(ang, 3)}, "
        "expected [0, 90, 180, 270, 45, 0] degrees (atan2(gy, gx), wrapped into [0, 360))"
    )
    assert np.allclose(mag, [[1, 1, 1, 1, math.sqrt(2), 0]]), f"L2 magnitudes: got {np.round(mag, 4)}"
    mag1, _ = lab.gradient_polar(gx, gy, l2=False)
    assert np.allclose(mag1, [[1, 1, 1, 1, 2, 0]]), f"L1 magnitudes (|gx| + |gy|): got {np.round(mag1, 4)}"


@pytest.mark.region("polar")
def test_polar_matches_cv2_on_camera_gradients(lab, camera):
    """Magnitude and angle of camera's Sobel gradients match cv2.cartToPolar(angleInDegrees=True)."""
    img = camera[200:328, 200:328]
    gx, gy = cv2.Sobel(img, cv2.CV_64F, 1, 0), cv2.Sobel(img, cv2.CV_64F, 0, 1)
    mag, ang = lab.gradient_polar(gx, gy, l2=True)
    rmag, rang = cv2.cartToPolar(gx, gy, angleInDegrees=True)
    assert np.allclose(mag, rmag, rtol=1e-6, atol=1e-6), "L2 magnitude differs from cv2.cartToPolar" + _where(
        mag, rmag, 1e-6
    )
    ang = np.asarray(ang)
    assert ang.min() >= 0.0 and ang.max() < 360.0, f"angles must lie in [0, 360): got [{ang.min()}, {ang.max()}]"
    d = np.abs((ang - rang + 180.0) % 360.0 - 180.0)
    assert d.max() < 0.05, f"angles differ from cv2.cartToPolar by up to {d.max():.3f} degrees (OpenCV is within 0.01)"
    mag1, _ = lab.gradient_polar(gx, gy, l2=False)
    assert np.allclose(mag1, np.abs(gx) + np.abs(gy)), "with l2=False the magnitude must be |gx| + |gy|"


# ---------------------------------------------------------------------------------------------
# nms
# ---------------------------------------------------------------------------------------------
def _step_polar(kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Sobel magnitude and angle (via OpenCV) of a 20x20 step edge, vertical or horizontal."""
    img = np.zeros((20, 20), np.float64)
    if kind == "vertical":
        img[:, 10:] = 100.0  # edge between columns 9 and 10
    else:
        img[10:, :] = 100.0
    gx, gy = cv2.Sobel(img, cv2.CV_64F, 1, 0), cv2.Sobel(img, cv2.CV_64F, 0, 1)
    mag, ang = cv2.cartToPolar(gx, gy, angleInDegrees=True)
    return mag, ang


@pytest.mark.region("nms")
def test_nms_thins_a_step_edge_to_one_pixel(lab):
    """A vertical (horizontal) step edge keeps exactly one pixel per interior row (column)."""
    for kind in ("vertical", "horizontal"):
        mag, ang = _step_polar(kind)
        thin = np.asarray(lab.non_max_suppression(mag, ang))
        assert thin.shape == mag.shape, f"non_max_suppression returned shape {thin.shape}, expected {mag.shape}"
        inner = thin[2:-2, 2:-2] if kind == "vertical" else thin[2:-2, 2:-2].T
        per_line = (inner > 0).sum(axis=1)
        assert (per_line == 1).all(), (
            f"{kind} step edge (a 2-pixel-wide ridge of equal magnitude across the edge): expected exactly 1 "
            f"surviving pixel per {'row' if kind == 'vertical' else 'column'}, got counts {per_line.tolist()}. "
            "Compare ACROSS the edge (along the gradient), with > on one side and >= on the other"
        )
        kept = np.flatnonzero(inner[0])
        assert set(kept.tolist()) <= {7, 8}, f"{kind} step: kept offset {kept} is not on the edge (columns 9-10)"
        assert np.allclose(thin[thin > 0], mag[thin > 0]), "surviving pixels must keep their magnitude"


def _directional_neighbours(mag: np.ndarray, ang: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every interior pixel, the magnitudes of its two neighbours along the quantised gradient."""
    k = np.rint((ang % 180.0) / 45.0).astype(int) % 4  # 0: 0 deg, 1: 45, 2: 90, 3: 135
    step = np.array([(0, 1), (1, 1), (1, 0), (1, -1)])  # (dy, dx) along the gradient, y down
    H, W = mag.shape
    yy, xx = np.mgrid[1 : H - 1, 1 : W - 1]
    dy, dx = step[k[1:-1, 1:-1], 0], step[k[1:-1, 1:-1], 1]
    return mag[yy + dy, xx + dx], mag[yy - dy, xx - dx]


@pytest.mark.region("nms", needs=["sobel", "polar"])
def test_nms_keeps_exactly_the_directional_maxima(lab, camera):
    """On camera, every kept pixel is >= both neighbours along its gradient and every strict maximum is kept."""
    img = camera[60:220, 180:340].astype(np.float64)
    gx, gy = cv2.Sobel(img, cv2.CV_64F, 1, 0), cv2.Sobel(img, cv2.CV_64F, 0, 1)
    mag, ang = cv2.cartToPolar(gx, gy, angleInDegrees=True)
    ang = np.where(np.abs((ang % 45.0) - 22.5) < 0.05, ang + 0.1, ang)  # stay off the sector boundaries
    thin = np.asarray(lab.non_max_suppression(mag, ang))
    a, b = _directional_neighbours(mag, ang)
    c = mag[1:-1, 1:-1]
    kept = thin[1:-1, 1:-1] > 0
    bad_kept = kept & ((c < a) | (c < b))
    assert not bad_kept.any(), (
        f"{int(bad_kept.sum())} kept pixels are smaller than a neighbour ALONG their gradient direction, "
        f"e.g. at {tuple(np.argwhere(bad_kept)[0] + 1)}; check the neighbour offsets of each sector "
        "(angles are measured with y pointing down)"
    )
    strict = (c > a) & (c > b) & (c > 0)
    missed = strict & ~kept
    assert not missed.any(), (
        f"{int(missed.sum())} pixels that are strictly larger than both neighbours along the gradient were "
        f"suppressed, e.g. at {tuple(np.argwhere(missed)[0] + 1)}"
    )
    assert np.allclose(thin[thin > 0], mag[thin > 0]), "surviving pixels must keep their magnitude"
    assert not thin[0].any() and not thin[-1].any() and not thin[:, 0].any() and not thin[:, -1].any(), (
        "the one-pixel image border must be 0"
    )


# ---------------------------------------------------------------------------------------------
# hysteresis
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("hysteresis")
def test_hysteresis_hand_made_case(lab):
    """A weak diagonal chain touching a strong pixel is kept; an isolated weak blob is dropped."""
    thin = np.zeros((10, 12))
    thin[1, 1] = 200.0  # strong
    for i in range(2, 7):
        thin[i, i] = 80.0  # weak chain, connected diagonally only
    thin[3, 9] = thin[4, 9] = thin[5, 10] = 90.0  # weak, not connected to any strong pixel
    thin[8, 3] = 40.0  # below low
    got = np.asarray(lab.hysteresis(thin, 50.0, 150.0))
    expected = np.zeros_like(thin, dtype=bool)
    expected[1, 1] = True
    for i in range(2, 7):
        expected[i, i] = True
    assert got.dtype == bool, f"hysteresis must return a bool mask, got {got.dtype}"
    assert np.array_equal(got, expected), (
        f"hysteresis(low=50, high=150): got edges at {np.argwhere(got).tolist()}, expected {np.argwhere(expected).tolist()} "
        "(the diagonal chain (2,2)..(6,6) hangs off the strong pixel (1,1) with 8-connectivity; "
        "the 90s at column 9-10 touch no strong pixel)"
    )


@pytest.mark.region("hysteresis")
def test_hysteresis_follows_a_long_winding_path(lab):
    """A 1-pixel snake of weak pixels ~430 long, strong only at its tail, is kept entirely."""
    thin = np.zeros((41, 41))
    for r in range(1, 40, 4):  # serpentine: rows 1, 5, 9, ... joined alternately at the ends
        thin[r, 1:40] = 60.0
        c = 39 if (r // 4) % 2 == 0 else 1
        if r + 4 < 40:
            thin[r : r + 5, c] = 60.0
    snake = thin > 0
    thin[37, 1] = 255.0  # the far end (last row runs from the left after an odd number of rows)
    got = np.asarray(lab.hysteresis(thin, 50.0, 100.0))
    assert np.array_equal(got, snake), (
        f"kept {int(got.sum())} of the snake's {int(snake.sum())} pixels: hysteresis must propagate until "
        "nothing changes (connected components), not for a fixed number of steps"
    )


def _hysteresis_reference(thin: np.ndarray, low: float, high: float) -> np.ndarray:
    labels, _ = ndi.label(thin > low, structure=np.ones((3, 3)))
    good = np.unique(labels[thin > high])
    return np.isin(labels, good[good > 0])


@pytest.mark.region("hysteresis")
@settings(max_examples=30)
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 14), st.integers(1, 14)),
        elements=st.sampled_from([0.0, 0.0, 60.0, 60.0, 200.0]),
    )
)
def test_hysteresis_matches_connected_components(lab, thin):
    """On random sparse maps, hysteresis equals 'components (8-connected, > low) that contain a pixel > high'."""
    got = np.asarray(lab.hysteresis(thin, 50.0, 150.0))
    ref = _hysteresis_reference(thin, 50.0, 150.0)
    assert np.array_equal(got, ref), (
        f"on a {thin.shape} map of 0/60/200 values with low=50, high=150: got {int(got.sum())} edge pixels, "
        f"expected {int(ref.sum())}{_where(got.astype(int), ref.astype(int))}"
    )


@pytest.mark.region("hysteresis", needs=["sobel", "polar", "nms"])
@pytest.mark.parametrize(
    ("image", "low", "high", "l2"),
    [("sudoku", 50, 150, False), ("sudoku", 100, 200, True), ("building", 50, 150, True), ("camera", 100, 200, False)],
)
def test_canny_matches_cv2_on_real_images(lab, request, image, low, high, l2):
    """canny (your Sobel, NMS and hysteresis) agrees with cv2.Canny on the same thresholds: F1 >= 0.93 at 1 px."""
    img = request.getfixturevalue(image)
    got = np.asarray(lab.canny(img, low, high, l2gradient=l2))
    ref = cv2.Canny(img, low, high, L2gradient=l2) > 0
    p, r, f1 = _f1(got, ref)
    assert f1 >= 0.93, (
        f"canny({image}, {low}, {high}, l2gradient={l2}): precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f} vs cv2.Canny, "
        f"expected F1 >= 0.93 ({int(got.sum())} edge pixels, cv2 has {int(ref.sum())}). Low recall: weak edges "
        "connected to strong ones are lost (hysteresis) or NMS compares the wrong neighbours"
    )


# ---------------------------------------------------------------------------------------------
# hough
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("hough")
def test_hough_single_point_votes_once_per_theta(lab):
    """One edge pixel at (x=7, y=3) in a 10x12 image votes once in each theta column, at rho = 7cos t + 3sin t."""
    edges = np.zeros((10, 12), bool)
    edges[3, 7] = True
    acc, rhos, thetas = lab.hough_accumulator(edges)
    D = math.ceil(math.hypot(10, 12))
    assert acc.shape == (2 * D + 1, 180), (
        f"accumulator shape {acc.shape}, expected (2*{D}+1, 180) for theta_res = 1 degree"
    )
    assert np.allclose(thetas, np.arange(180) * np.pi / 180), (
        "thetas must be arange(180) * pi/180: [0, pi), no pi or 2 pi"
    )
    assert np.allclose(rhos, np.arange(-D, D + 1)), f"rhos must be arange(-{D}, {D + 1}) for rho_res = 1"
    assert (acc.sum(axis=0) == 1).all(), (
        f"each theta column must hold exactly one vote, got column sums {acc.sum(axis=0)[:6]}..."
    )
    rho = 7 * np.cos(thetas) + 3 * np.sin(thetas)
    expected_row = np.rint(rho).astype(int) + D
    got_row = acc.argmax(axis=0)
    assert np.array_equal(got_row, expected_row), (
        f"votes land at rho rows {got_row[:5]}..., expected round(x cos t + y sin t) + D = {expected_row[:5]}..."
    )


@pytest.mark.region("hough")
def test_hough_accumulator_matches_skimage(lab, sudoku):
    """On sudoku's Canny edges the accumulator equals skimage.transform.hough_line's (same bins)."""
    edges = cv2.Canny(sudoku[100:356, 120:376], 50, 150) > 0  # (256, 256)
    acc, rhos, _ = lab.hough_accumulator(edges)
    ref, _, dist = hough_line(edges, theta=np.arange(180) * np.pi / 180)
    assert acc.shape == ref.shape, f"accumulator shape {acc.shape}, skimage's is {ref.shape} (rho bins x theta bins)"
    assert np.allclose(rhos, dist), "rho bins differ from skimage's distances (-D .. D, D = ceil(diagonal))"
    assert acc.sum() == edges.sum() * 180, (
        f"total votes {acc.sum()}, expected one per edge pixel per theta: {edges.sum() * 180}"
    )
    moved = np.abs(acc.astype(np.int64) - ref).sum() / 2
    assert moved <= 1e-3 * acc.sum(), f"{moved:.0f} of {acc.sum()} votes are in a different bin than skimage's"


@pytest.mark.region("hough")
def test_hough_accumulator_other_resolutions(lab):
    """rho_res=2, theta_res=2 deg: grid sizes follow the rule and votes are conserved."""
    edges = np.zeros((30, 40), bool)
    edges[6, 5:35] = True
    acc, rhos, thetas = lab.hough_accumulator(edges, rho_res=2.0, theta_res=np.pi / 90)
    D = math.ceil(50 / 2.0)
    assert acc.shape == (2 * D + 1, 90), f"shape {acc.shape}, expected ({2 * D + 1}, 90)"
    assert np.allclose(rhos, 2.0 * np.arange(-D, D + 1)) and np.allclose(thetas, np.arange(90) * np.pi / 90)
    assert acc.sum() == 30 * 90, f"total votes {acc.sum()}, expected {30 * 90}"
    t90 = 45  # theta = 90 deg: the horizontal line y = 6 -> rho = 6 -> bin 6 / 2 = 3 (+D)
    assert acc[D + 3, t90] == 30, (
        f"the 30 pixels of y = 6 should all vote at theta = 90 deg, rho bin 6 / 2 = 3 (row D + 3 = {D + 3}); "
        f"that column has votes in rows {np.flatnonzero(acc[:, t90]).tolist()}"
    )


# ---------------------------------------------------------------------------------------------
# peaks
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("peaks")
def test_peaks_plateau_and_order(lab):
    """Two separate blobs give two peaks, strongest first; a flat top of equal bins gives one peak."""
    acc = np.zeros((41, 30), np.int64)
    acc[10, 5] = acc[10, 6] = 50  # a plateau: two equal bins
    acc[9:12, 4:8] += 20
    acc[30, 20] = 70
    acc[29:32, 19:22] += 10
    got = np.asarray(lab.hough_peaks(acc, threshold=25, max_peaks=10, nms_rho=3, nms_theta=3))
    assert got.shape == (2, 2), f"expected 2 peaks (one per blob), got {got.tolist()}"
    assert got[0].tolist() == [30, 20], (
        f"first peak should be the strongest bin (30, 20) with 80 votes, got {got[0].tolist()}"
    )
    assert got[1].tolist() in ([10, 5], [10, 6]), (
        f"second peak should be on the plateau (10, 5)/(10, 6), got {got[1].tolist()}"
    )
    none = np.asarray(lab.hough_peaks(acc, threshold=100))
    assert none.shape == (0, 2), f"no bin exceeds 100 votes: expected an empty (0, 2) array, got shape {none.shape}"
    at = np.asarray(lab.hough_peaks(acc, threshold=80))
    assert at.shape == (0, 2), (
        f"threshold=80 and the strongest bin has exactly 80 votes: expected no peak (a peak needs MORE than "
        f"threshold votes, as in cv2.HoughLines), got {at.tolist()}"
    )


@pytest.mark.region("peaks")
def test_peaks_wrap_around_theta(lab):
    """theta = 179 deg at rho index i is a neighbour of theta = 0 at the mirrored index R-1-i: one peak."""
    R, T = 41, 180
    acc = np.zeros((R, T), np.int64)
    acc[12, 0] = 60  # rho = 12 - 20 = -8 at theta 0
    acc[R - 1 - 12, T - 1] = 55  # rho = +8 at theta 179 deg: almost the same line
    acc[25, 90] = 40
    got = np.asarray(lab.hough_peaks(acc, threshold=10, max_peaks=5, nms_rho=2, nms_theta=2))
    assert got.tolist() == [[12, 0], [25, 90]], (
        f"got peaks {got.tolist()}, expected [[12, 0], [25, 90]]: (28, 179) is the same line as (12, 0) seen from "
        "the other end of the theta range (theta - pi, -rho), so suppression must wrap around"
    )


def _greedy_properties(acc, peaks, threshold, max_peaks, nr, nt):
    R, T = acc.shape

    def near(a, b):
        (r1, t1), (r2, t2) = a, b
        if abs(t1 - t2) <= nt and abs(r1 - r2) <= nr:
            return True
        return T - abs(t1 - t2) <= nt and abs((R - 1 - r1) - r2) <= nr  # across the theta = 0 / pi seam

    votes = [int(acc[r, t]) for r, t in peaks]
    assert votes == sorted(votes, reverse=True), f"peaks must come by decreasing votes, got votes {votes}"
    assert all(v > threshold for v in votes), f"every peak must have MORE than threshold={threshold} votes, got {votes}"
    for i in range(len(peaks)):
        for j in range(i):
            assert not near(peaks[i], peaks[j]), f"peaks {peaks[j]} and {peaks[i]} are within the suppression window"
    if len(peaks) < max_peaks:
        for r, t in np.argwhere(acc > threshold):
            assert any(near((r, t), p) and acc[p] >= acc[r, t] for p in map(tuple, peaks)), (
                f"bin {(int(r), int(t))} with {int(acc[r, t])} votes is neither a peak nor suppressed by a stronger peak"
            )


@pytest.mark.region("peaks")
@settings(max_examples=30)
@given(
    hnp.arrays(
        np.int64,
        st.tuples(st.integers(5, 15).map(lambda n: 2 * n + 1), st.integers(8, 20)),
        elements=st.sampled_from([0, 0, 0, 3, 7, 9, 12]),
    ),
    st.integers(1, 4),
    st.integers(1, 3),
)
def test_peaks_greedy_nms_properties(lab, acc, nr, nt):
    """Random accumulators: sorted, above threshold, pairwise outside the window, every other bin suppressed."""
    peaks = [tuple(int(v) for v in p) for p in np.asarray(lab.hough_peaks(acc, 5, 50, nr, nt)).reshape(-1, 2)]
    _greedy_properties(acc, peaks, 5, 50, nr, nt)


H_SYN, W_SYN = 200, 260
#: (rho, theta in degrees) of the synthetic lines; (-150.3, 179.6) is almost the line (150.3, -0.4 deg).
LINES_GT = [(60.0, 20.0), (150.0, 75.0), (-40.0, 120.0), (-200.0, 170.0), (100.0, 90.0), (-150.3, 179.6), (40.6, 48.3)]


def _synthetic_lines() -> np.ndarray:
    """Pixels within 1 px of each ground-truth line (2 px thick, like a real edge pair)."""
    yy, xx = np.mgrid[0:H_SYN, 0:W_SYN]
    img = np.zeros((H_SYN, W_SYN), bool)
    for rho, deg in LINES_GT:
        t = np.radians(deg)
        img |= np.abs(xx * np.cos(t) + yy * np.sin(t) - rho) < 1.0
    return img


def _same_line(a, b, drho: float, dtheta_deg: float) -> bool:
    (r1, t1), (r2, t2) = a, b
    d = math.degrees(t1 - t2)
    return (abs(r1 - r2) <= drho and abs(d) <= dtheta_deg) or (
        abs(r1 + r2) <= drho and abs(abs(d) - 180.0) <= dtheta_deg
    )


@pytest.mark.region("peaks", needs=["hough"])
def test_hough_lines_recover_synthetic_lines(lab):
    """hough_lines finds the 7 drawn lines as its 7 strongest, each within one bin of the truth."""
    lines = np.asarray(lab.hough_lines(_synthetic_lines(), threshold=40, max_lines=len(LINES_GT)))
    gt = [(r, math.radians(d)) for r, d in LINES_GT]
    missing = [
        (r, d)
        for (r, d), g in zip(LINES_GT, gt, strict=True)
        if not any(_same_line(g, tuple(x), 1.01, 1.01) for x in lines)
    ]
    found = [(float(r), round(math.degrees(t), 1)) for r, t in lines]
    assert not missing, (
        f"lines {missing} (rho, theta deg) not recovered; the 7 strongest were {found}. Duplicates of one line mean "
        "the suppression is missing or does not wrap theta around pi"
    )


@pytest.mark.region("peaks", needs=["hough"])
def test_hough_lines_agree_with_cv2_on_sudoku(lab, sudoku):
    """On sudoku's Canny edges the 8 strongest lines equal cv2.HoughLines' strongest distinct lines."""
    edges = cv2.Canny(sudoku, 50, 150)
    ours = [
        tuple(x) for x in np.asarray(lab.hough_lines(edges > 0, threshold=150, max_lines=8, nms_rho=5, nms_theta=5))
    ]
    ref: list[tuple[float, float]] = []
    for r, t in cv2.HoughLines(edges, 1, np.pi / 180, 150)[:, 0]:  # by decreasing votes, duplicates included
        if not any(_same_line((float(r), float(t)), k, 5.5, 5.5) for k in ref):
            ref.append((float(r), float(t)))
    ref = ref[:8]
    fmt = lambda ls: [(round(r), round(math.degrees(t))) for r, t in ls]
    unmatched = [x for x in ours if not any(_same_line(x, k, 1.01, 1.01) for k in ref)]
    assert len(ours) == 8 and not unmatched, (
        f"our 8 strongest lines {fmt(ours)} vs cv2.HoughLines' 8 strongest distinct lines {fmt(ref)} "
        f"(rho px, theta deg): {fmt(unmatched)} have no counterpart within one bin"
    )


# ---------------------------------------------------------------------------------------------
# shape
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("shape")
def test_shape_rectangle(lab):
    """A 40x20 axis-aligned rectangle: area 800, perimeter 120, centroid its centre, circularity 4 pi 800 / 120^2."""
    rect = np.array([[[10, 5]], [[50, 5]], [[50, 25]], [[10, 25]]], np.int32)
    d = lab.shape_descriptors(rect)
    assert d["area"] == pytest.approx(800.0), f"area {d['area']}, expected 800 (shoelace: |sum cross| / 2)"
    assert d["perimeter"] == pytest.approx(120.0), f"perimeter {d['perimeter']}, expected 120 (closed polygon)"
    assert tuple(d["centroid"]) == pytest.approx((30.0, 15.0)), f"centroid {d['centroid']}, expected (30, 15)"
    assert d["circularity"] == pytest.approx(4 * math.pi * 800 / 120**2), f"circularity {d['circularity']}"
    assert d["convexity"] == pytest.approx(1.0) and d["solidity"] == pytest.approx(1.0), "a rectangle is convex"
    rev = lab.shape_descriptors(rect[::-1])
    assert rev["area"] == pytest.approx(800.0), (
        f"the same rectangle listed clockwise gives area {rev['area']}: the signed shoelace sum flips sign with the "
        "orientation, take its absolute value"
    )


def _star_polygon(draw) -> np.ndarray:
    n = draw(st.integers(3, 12))
    angles = np.sort(np.array(draw(st.lists(st.floats(0, 2 * math.pi - 1e-3), min_size=n, max_size=n, unique=True))))
    radii = np.array(draw(st.lists(st.integers(3, 60), min_size=n, max_size=n)))
    cx, cy = draw(st.integers(60, 200)), draw(st.integers(60, 200))
    pts = np.stack([cx + radii * np.cos(angles), cy + radii * np.sin(angles)], axis=1)
    pts = np.rint(pts).astype(np.int32)
    if draw(st.booleans()):
        pts = pts[::-1]
    return np.ascontiguousarray(pts.reshape(-1, 1, 2))


@pytest.mark.region("shape")
@settings(max_examples=40)
@given(st.composite(_star_polygon)())
def test_shape_matches_opencv_on_random_polygons(lab, poly):
    """Star-shaped polygons (either orientation): area, perimeter, centroid match contourArea, arcLength, moments."""
    d = lab.shape_descriptors(poly)
    area, per = cv2.contourArea(poly), cv2.arcLength(poly, True)
    assert d["area"] == pytest.approx(area, abs=1e-6), (
        f"area {d['area']} vs cv2.contourArea {area} for {poly.reshape(-1, 2).tolist()}"
    )
    assert d["perimeter"] == pytest.approx(per, rel=1e-6), (
        f"perimeter {d['perimeter']} vs cv2.arcLength(closed=True) {per}"
    )
    m = cv2.moments(poly)
    if abs(m["m00"]) > 1.0:
        c = (m["m10"] / m["m00"], m["m01"] / m["m00"])
        assert tuple(d["centroid"]) == pytest.approx(c, abs=1e-4), f"centroid {d['centroid']} vs cv2.moments {c}"
    hull = cv2.convexHull(poly)
    if area > 1.0:
        assert d["solidity"] == pytest.approx(area / cv2.contourArea(hull), rel=1e-6), "solidity = area / hull area"
        assert d["convexity"] == pytest.approx(cv2.arcLength(hull, True) / per, rel=1e-6), (
            "convexity = hull perimeter / perimeter"
        )


@pytest.mark.region("shape")
def test_shape_descriptors_rank_shapes(lab):
    """Regular n-gons have circularity pi / (n tan(pi/n)); on drawn shapes, a disc beats a square beats a star."""
    for n in (3, 4, 6, 12):
        t = 2 * np.pi * np.arange(n) / n
        poly = np.stack([100 + 50 * np.cos(t), 100 + 50 * np.sin(t)], axis=1)
        c = lab.shape_descriptors(poly)["circularity"]
        assert c == pytest.approx(math.pi / (n * math.tan(math.pi / n)), rel=1e-9), f"regular {n}-gon circularity {c}"
    canvas = np.zeros((120, 360), np.uint8)
    cv2.circle(canvas, (60, 60), 40, 255, -1)
    cv2.rectangle(canvas, (140, 20), (220, 100), 255, -1)
    t = np.linspace(0, 2 * np.pi, 10, endpoint=False)
    r = np.where(np.arange(10) % 2 == 0, 48, 20)
    star = np.stack([300 + r * np.sin(t), 60 - r * np.cos(t)], axis=1).astype(np.int32)
    cv2.fillPoly(canvas, [star], 255)
    contours, _ = cv2.findContours(canvas, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    by_x = sorted(contours, key=lambda c: c[:, 0, 0].mean())
    disc, square, st_ = (lab.shape_descriptors(c) for c in by_x)
    assert disc["circularity"] > square["circularity"] > st_["circularity"], (
        f"circularity disc {disc['circularity']:.3f}, square {square['circularity']:.3f}, star {st_['circularity']:.3f}: expected decreasing"
    )
    assert st_["solidity"] < 0.75 < square["solidity"], (
        f"solidity star {st_['solidity']:.3f} vs square {square['solidity']:.3f}"
    )
    assert disc["centroid"] == pytest.approx((60.0, 60.0), abs=0.5), (
        f"disc centroid {disc['centroid']}, drawn at (60, 60)"
    )


# ---------------------------------------------------------------------------------------------
# sudoku
# ---------------------------------------------------------------------------------------------
@pytest.mark.region("sudoku")
def test_grid_corners_picks_the_largest_quadrilateral(lab):
    """Among a big disc, a small square and a big tilted quadrilateral, the quadrilateral's corners come back in order."""
    canvas = np.zeros((300, 400), np.uint8)
    quad = np.array([[150, 40], [360, 60], [340, 260], [130, 230]], np.int32)  # TL, TR, BR, BL
    cv2.fillPoly(canvas, [quad], 255)
    cv2.circle(canvas, (70, 150), 68, 255, -1)  # area ~14500: bigger than nothing but not a quad
    cv2.rectangle(canvas, (10, 250), (40, 280), 255, -1)
    canvas[:, 121:124] = 0
    contours, _ = cv2.findContours(canvas, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    got = np.asarray(lab.grid_corners(contours), dtype=np.float64)
    assert got.shape == (4, 2), f"grid_corners returned shape {got.shape}, expected (4, 2)"
    err = np.abs(got - quad).max()
    assert err <= 2.0, f"corners {got.tolist()}, expected {quad.tolist()} (TL, TR, BR, BL), off by {err:.1f} px"
    with pytest.raises(ValueError):
        lab.grid_corners([c for c in contours if len(cv2.approxPolyDP(c, 0.02 * cv2.arcLength(c, True), True)) != 4])


@pytest.mark.region("sudoku")
@settings(max_examples=30)
@given(
    st.floats(-30, 30),
    st.floats(0.7, 1.3),
    st.lists(st.integers(-8, 8), min_size=8, max_size=8),
    st.permutations(range(4)),
)
def test_grid_corners_order_any_input_order(lab, angle, aspect, jitter, perm):
    """A rotated (+-30 deg), jittered quadrilateral given with its vertices in any order comes back TL, TR, BR, BL."""
    t = math.radians(angle)
    base = np.array([[-100, -100 * aspect], [100, -100 * aspect], [100, 100 * aspect], [-100, 100 * aspect]])
    rot = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    quad = np.rint(base @ rot.T + 250 + np.array(jitter).reshape(4, 2)).astype(np.int32)  # TL, TR, BR, BL
    contour = quad[list(perm)].reshape(-1, 1, 2)
    if not cv2.isContourConvex(contour):  # a shuffled order crosses itself: give it as findContours would
        contour = cv2.convexHull(quad.reshape(-1, 1, 2))
    got = np.asarray(lab.grid_corners([contour]), dtype=np.float64)
    assert np.abs(got - quad).max() <= 1e-6, (
        f"quadrilateral rotated {angle:.1f} deg given as {contour.reshape(-1, 2).tolist()}: got {got.tolist()}, "
        f"expected TL, TR, BR, BL = {quad.tolist()}"
    )


@pytest.mark.region("sudoku")
def test_find_sudoku_matches_hand_verified_corners(lab, sudoku):
    """On sudoku.png the grid corners are within 4 px of the hand-verified ones (TL, TR, BR, BL)."""
    got = np.asarray(lab.find_sudoku(sudoku), dtype=np.float64)
    err = np.hypot(*(got - SUDOKU_CORNERS).T)
    assert err.max() <= 4.0, (
        f"find_sudoku(sudoku.png) -> {got.round(1).tolist()}, hand-verified corners {SUDOKU_CORNERS.tolist()} "
        f"(TL, TR, BR, BL); distances {err.round(1).tolist()} px"
    )


@pytest.mark.region("sudoku")
def test_warped_grid_is_axis_aligned(lab, sudoku):
    """After warping the found grid to a square, cv2.HoughLines' 20 strongest lines are within 2 deg of the axes."""
    warped = lab.warp_square(sudoku, lab.find_sudoku(sudoku), 450)
    lines = cv2.HoughLines(cv2.Canny(warped, 50, 150), 1, np.pi / 180, 150)
    assert lines is not None and len(lines) >= 20, "expected at least 20 Hough lines on the warped grid"
    deg = np.degrees(lines[:20, 0, 1])
    off = np.min(np.abs(deg[:, None] - np.array([0.0, 90.0, 180.0])), axis=1)
    assert off.max() <= 2.0, (
        f"line angles {np.round(deg, 1).tolist()} deg: the warped grid is not axis-aligned (corners in the wrong order?)"
    )
    vertical, horizontal = int((np.abs(deg - 90) > 45).sum()), int((np.abs(deg - 90) <= 2).sum())
    assert vertical >= 5 and horizontal >= 5, (
        f"{vertical} vertical and {horizontal} horizontal lines: expected both families"
    )
