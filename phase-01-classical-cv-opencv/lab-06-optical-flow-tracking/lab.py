"""Lab 1.6 - Optical flow and tracking.

Sparse optical flow (Lucas-Kanade, single level and pyramidal), how to score a flow field
(endpoint and angular error against ground truth), KLT tracks with a forward-backward
consistency check, background subtraction (a running average; MOG2 given), a
constant-velocity Kalman filter, and mean-shift on a back-projection. Everything is
graded on frames with a KNOWN motion (``cvlab.data.synthetic.motion``) and against OpenCV
(calcOpticalFlowPyrLK, accumulateWeighted, KalmanFilter, meanShift) on the same input.

Conventions used throughout
    * images: (H, W) grey, uint8 or float; intensities in grey levels (0..255);
    * points: (N, 2) float64 arrays of (x, y) = (column, row), OpenCV's order; pixel (x, y)
      is the centre of img[y, x];
    * flow: (..., 2) arrays of displacements (dx, dy) from the first frame to the second,
      the convention of cv2.calcOpticalFlowFarneback and of the motion generator;
    * windows: (x, y, w, h) integer rectangles, OpenCV's order.

No Python loop visits a pixel or a point: LK solves all points at once on (N, win, win)
stacks of bilinear samples; loops are over iterations, pyramid levels and frames only.

Run ``python solution.py`` for a tour; ``cvlab check 1.6`` grades your ``lab.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

#: A sparse flow function: (prev, next, pts (N, 2)) -> (next_pts (N, 2), status (N,) bool).
FlowFn = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


# ---------------------------------------------------------------------------------------------
# Given helpers: sampling, gradients, pyramids, OpenCV wrappers
# ---------------------------------------------------------------------------------------------
def bilinear(img: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Sample ``img`` (H, W) at real-valued positions ``(x, y)`` (any equal shapes), bilinearly.

    Positions outside the image are clamped to the border (replicate). Exact float64
    weights (``cv2.remap`` rounds the weights to 1/32 px, too coarse for sub-pixel LK).
    """
    img = np.asarray(img, dtype=np.float64)
    H, W = img.shape
    x = np.clip(x, 0.0, W - 1.0)
    y = np.clip(y, 0.0, H - 1.0)
    x0 = np.minimum(np.floor(x).astype(np.intp), max(W - 2, 0))
    y0 = np.minimum(np.floor(y).astype(np.intp), max(H - 2, 0))
    x1, y1 = np.minimum(x0 + 1, W - 1), np.minimum(y0 + 1, H - 1)
    fx, fy = x - x0, y - y0
    top = img[y0, x0] * (1 - fx) + img[y0, x1] * fx
    bot = img[y1, x0] * (1 - fx) + img[y1, x1] * fx
    return top * (1 - fy) + bot * fy


def image_gradients(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(Ix, Iy) in grey levels per pixel: the 3x3 Scharr derivative divided by 32 (what OpenCV's LK uses).

    Scharr's [3, 10, 3] smoothing across the derivative direction makes it the most
    rotation-invariant 3x3 derivative; dividing by 32 (= 2 * (3 + 10 + 3)) gives the slope.
    """
    f = np.asarray(img, dtype=np.float64)
    ix = cv2.Scharr(f, cv2.CV_64F, 1, 0, borderType=cv2.BORDER_REPLICATE) / 32.0
    iy = cv2.Scharr(f, cv2.CV_64F, 0, 1, borderType=cv2.BORDER_REPLICATE) / 32.0
    return ix, iy


def build_pyramid(img: np.ndarray, levels: int) -> list[np.ndarray]:
    """[level 0 = img, level 1 = half size, ...] as float64, with ``cv2.pyrDown`` (5x5 Gaussian, keep even pixels).

    Pixel (x, y) of level 0 is pixel (x / 2^L, y / 2^L) of level L.
    """
    pyr = [np.asarray(img, dtype=np.float64)]
    for _ in range(levels):
        if min(pyr[-1].shape) < 8:
            break
        pyr.append(cv2.pyrDown(pyr[-1]))
    return pyr


def cv2_lk(
    prev: np.ndarray,
    next: np.ndarray,
    pts: np.ndarray,
    *,
    win_size: int = 21,
    levels: int = 3,
    max_iter: int = 30,
    eps: float = 0.01,
) -> tuple[np.ndarray, np.ndarray]:
    """``cv2.calcOpticalFlowPyrLK`` with this lab's point and status conventions: ((N, 2) float64, (N,) bool)."""
    p = np.ascontiguousarray(np.asarray(pts, dtype=np.float32).reshape(-1, 1, 2))
    if len(p) == 0:
        return np.zeros((0, 2)), np.zeros(0, dtype=bool)
    crit = (cv2.TERM_CRITERIA_COUNT | cv2.TERM_CRITERIA_EPS, max_iter, eps)
    nxt, st, _ = cv2.calcOpticalFlowPyrLK(
        _u8(prev), _u8(next), p, None, winSize=(win_size, win_size), maxLevel=levels, criteria=crit
    )
    return nxt.reshape(-1, 2).astype(np.float64), st.reshape(-1).astype(bool)


def _u8(img: np.ndarray) -> np.ndarray:
    img = np.asarray(img)
    return img if img.dtype == np.uint8 else np.clip(np.rint(img), 0, 255).astype(np.uint8)


def farneback_flow(frame0: np.ndarray, frame1: np.ndarray) -> np.ndarray:
    """Dense flow (H, W, 2) float64 from frame0 to frame1 with OpenCV's Farneback (given).

    Farneback fits a quadratic polynomial to every neighbourhood of both frames and reads
    the displacement off the change of the linear coefficient, coarse to fine.
    """
    flow = cv2.calcOpticalFlowFarneback(
        _u8(frame0),
        _u8(frame1),
        None,
        pyr_scale=0.5,
        levels=4,
        winsize=21,
        iterations=5,
        poly_n=7,
        poly_sigma=1.5,
        flags=cv2.OPTFLOW_FARNEBACK_GAUSSIAN,
    )
    return flow.astype(np.float64)


def read_video(path: str | Path, n_frames: int, *, grey: bool = True) -> np.ndarray:
    """The first ``n_frames`` frames of a video as a (T, H, W) uint8 (grey) or (T, H, W, 3) BGR array."""
    cap = cv2.VideoCapture(str(path))
    if not cap.isOpened():
        raise OSError(f"cannot open video {path}")
    frames = []
    try:
        while len(frames) < n_frames:
            ok, frame = cap.read()
            if not ok:
                break
            frames.append(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if grey else frame)
    finally:
        cap.release()
    return np.stack(frames)


# ---------------------------------------------------------------------------------------------
# 1. Lucas-Kanade at one level (iterative, with the minimum-eigenvalue test)
# ---------------------------------------------------------------------------------------------
def lucas_kanade(
    prev: np.ndarray,
    next: np.ndarray,
    pts: np.ndarray,
    *,
    win_size: int = 21,
    max_iter: int = 30,
    eps: float = 0.01,
    min_eig: float = 1e-4,
    guess: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Track ``pts`` from ``prev`` to ``next`` with iterative Lucas-Kanade at a single scale.

    Brightness constancy, linearised around the current estimate d of the displacement
    of a window W centred at p (T = prev on W, J = next on W shifted by d)::

        J(x + d + delta) ~ J(x + d) + grad(x)^T delta  =  T(x)     for every x in W
        =>  G delta = b,   G = sum_W grad grad^T  (2x2),   b = sum_W grad * (T(x) - J(x + d))

    The gradient is taken on ``prev`` (so G is computed once per point: the "inverse
    compositional" trick OpenCV uses too); iterate d += delta until |delta| < eps or
    ``max_iter``. Note the sign: with I_t = J - T the right-hand side is ``-sum grad * I_t``.

    The 2x2 G is the structure tensor of the window. Its smallest eigenvalue divided by
    the number of window pixels (grey levels^2 / px^2, OpenCV's ``minEigThreshold`` units)
    measures how well the window pins down BOTH components of d: ~0 on a flat patch or a
    straight edge (aperture problem). Points with ``lambda_min / win_size^2 < min_eig``
    are not tracked (status False, position left at p + guess).

    prev, next: (H, W); pts: (N, 2) (x, y); guess: (N, 2) initial displacement (default 0).
    Returns (next_pts (N, 2) float64, status (N,) bool, min_eigs (N,) float64). Status is
    also False when the tracked point leaves the image.
    """
    # TODO(lk): Return (next_pts (N, 2), status (N,) bool, min_eigs (N,)). For every point, sample
    # | the win_size x win_size window around it in prev (bilinear) and the gradients (image_gradients(prev))
    # | there; G = sum of [[gx^2, gx gy], [gx gy, gy^2]]. min_eig = smallest eigenvalue of G / win_size^2;
    # | status False where it is < min_eig. Then iterate (at most max_iter, stop when |delta| < eps):
    # | sample next at window + d, b = sum(grad * (prev_window - next_window)), solve G delta = b, d += delta.
    # | Start from guess (N, 2) (zeros if None). Vectorise over points: (N, win, win) stacks, no loop over points.
    raise NotImplementedError("TODO(lk): write this region")


# ---------------------------------------------------------------------------------------------
# 2. Pyramidal Lucas-Kanade (coarse to fine)
# ---------------------------------------------------------------------------------------------
def pyramidal_lk(
    prev: np.ndarray,
    next: np.ndarray,
    pts: np.ndarray,
    *,
    win_size: int = 21,
    levels: int = 3,
    max_iter: int = 30,
    eps: float = 0.01,
    min_eig: float = 1e-4,
) -> tuple[np.ndarray, np.ndarray]:
    """Lucas-Kanade on Gaussian pyramids: large motions become small at the coarse levels.

    LK linearises the image, so it only converges when the motion is within about the
    window's smooth part (~1-2 px on fine texture). At level L a motion d is d / 2^L, so
    with 3 extra levels 8 px become 1 px. Coarse to fine::

        g_top = 0
        at level L (points p / 2^L):  d_L = lucas_kanade(prev_L, next_L, p / 2^L, guess=g_L) - p / 2^L
        g_{L-1} = 2 * d_L

    A point that fails at a coarse level keeps its guess (it may still succeed below);
    only the status of level 0 is returned, as OpenCV does.

    Returns (next_pts (N, 2) float64, status (N,) bool).
    """
    # TODO(pyramid): Return (next_pts (N, 2), status (N,) bool). Build both pyramids with build_pyramid
    # | (levels extra levels). From the coarsest level down: run lucas_kanade on points pts / 2^L with the
    # | current guess; where it succeeded the new displacement times 2 becomes the next level's guess (keep the
    # | old guess, doubled, where it failed). Level 0's result and status are the answer.
    raise NotImplementedError("TODO(pyramid): write this region")


# ---------------------------------------------------------------------------------------------
# 3. Scoring a flow field against ground truth
# ---------------------------------------------------------------------------------------------
def flow_errors(flow: np.ndarray, flow_true: np.ndarray, valid: np.ndarray | None = None) -> dict[str, float]:
    """Standard flow metrics over the ``valid`` entries of (..., 2) flows (every entry if None).

    * ``epe``: mean endpoint error, mean of ||f - f_true||_2 (the Middlebury / Sintel number);
    * ``median``: median endpoint error (robust to a few wild vectors);
    * ``over1``, ``over3``: fraction of entries with EPE > 1 px / > 3 px (outlier rates,
      KITTI's Fl uses 3 px);
    * ``aae``: average angular error in degrees between the space-time vectors (u, v, 1)
      and (u_t, v_t, 1) (Barron et al. 1994): ``arccos((u u_t + v v_t + 1) / (|(u,v,1)| |(u_t,v_t,1)|))``.
    Non-finite predictions count as infinitely wrong (EPE = inf, angle = 180).
    """
    # TODO(epe): Return {"epe", "median", "over1", "over3", "aae"} as floats over the valid entries
    # | of (..., 2) flows: EPE = Euclidean length of (flow - flow_true); over1/over3 = fraction with EPE > 1 / > 3;
    # | aae = mean angle in DEGREES between (u, v, 1) and (u_t, v_t, 1) (clip the cosine to [-1, 1]).
    # | Non-finite predicted vectors count as EPE inf and angle 180. Raise ValueError when nothing is valid.
    raise NotImplementedError("TODO(epe): write this region")


# ---------------------------------------------------------------------------------------------
# 4. Forward-backward consistency, and KLT tracks (given driver)
# ---------------------------------------------------------------------------------------------
def forward_backward(
    prev: np.ndarray,
    next: np.ndarray,
    pts: np.ndarray,
    *,
    max_error: float = 1.0,
    flow: FlowFn | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Track ``pts`` forward, track the results back, and keep the points that come home.

    ``p1 = flow(prev, next, p0)``, ``p0' = flow(next, prev, p1)``; the forward-backward
    error ``||p0' - p0||`` is ~0 for a correct track and large when the point was occluded,
    drifted along an edge, or jumped to a similar patch (Kalal et al., 2010).
    ``flow`` defaults to :func:`cv2_lk`.

    Returns (p1 (N, 2), keep (N,) bool, fb_error (N,) float64): keep = forward status and
    backward status and fb_error <= max_error; fb_error is inf where a status is False.
    """
    # TODO(fb_check): Return (p1, keep, fb_error). flow = cv2_lk when None. Track pts forward
    # | (prev -> next), then track p1 backward (next -> prev); fb_error = Euclidean distance between the
    # | returned point and the original (inf where either status is False); keep = both statuses and
    # | fb_error <= max_error.
    raise NotImplementedError("TODO(fb_check): write this region")


def klt_tracks(
    frames: np.ndarray,
    *,
    max_corners: int = 300,
    quality: float = 0.01,
    min_distance: int = 7,
    max_error: float = 1.0,
    flow: FlowFn | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """KLT: Shi-Tomasi corners on frame 0, tracked frame to frame, dropped at the first failed FB check (given).

    Returns (tracks (T, N, 2) float64 with NaN once a track is dropped, alive (T, N) bool).
    """
    frames = np.asarray(frames)
    corners = cv2.goodFeaturesToTrack(_u8(frames[0]), max_corners, quality, min_distance)
    p = np.zeros((0, 2)) if corners is None else corners.reshape(-1, 2).astype(np.float64)
    T, N = len(frames), len(p)
    tracks = np.full((T, N, 2), np.nan)
    alive = np.zeros((T, N), dtype=bool)
    tracks[0], alive[0] = p, True
    for t in range(1, T):
        idx = np.flatnonzero(alive[t - 1])
        if len(idx) == 0:
            break
        p1, keep, _ = forward_backward(frames[t - 1], frames[t], tracks[t - 1, idx], max_error=max_error, flow=flow)
        alive[t, idx[keep]] = True
        tracks[t, idx[keep]] = p1[keep]
    return tracks, alive


# ---------------------------------------------------------------------------------------------
# 5. Background subtraction: a running average (MOG2 given)
# ---------------------------------------------------------------------------------------------
class RunningAverageBackground:
    """The simplest background model: an exponential moving average of the frames.

    ``bg_t = (1 - alpha) bg_{t-1} + alpha frame_t`` (what ``cv2.accumulateWeighted(frame,
    bg, alpha)`` computes): a pixel's background forgets a frame with a time constant of
    ~1/alpha frames. Foreground = pixels whose difference to the background (before this
    frame's update) exceeds ``threshold`` grey levels. Small alpha: slow to absorb a
    lighting change, but a passing object barely imprints; large alpha: adapts fast, but a
    slow object gets absorbed and leaves a "ghost" trail.
    """

    def __init__(self, alpha: float = 0.05, threshold: float = 25.0) -> None:
        if not 0.0 < alpha <= 1.0:
            raise ValueError(f"alpha must be in (0, 1], got {alpha}")
        self.alpha = float(alpha)
        self.threshold = float(threshold)
        self.background: np.ndarray | None = None  # (H, W[, C]) float64 once the first frame arrived

    def apply(self, frame: np.ndarray) -> np.ndarray:
        """Return the (H, W) bool foreground mask of ``frame``, then update the background with it."""
        # TODO(background): Return the (H, W) bool foreground mask and update self.background (float64).
        # | The first frame initialises the background (a copy, as float64) and has an all-False mask. Later frames:
        # | mask = |frame - background| > threshold (colour frames: the largest difference over channels), then
        # | background = (1 - alpha) * background + alpha * frame.
        raise NotImplementedError("TODO(background): write this region")


def mog2_masks(frames: np.ndarray, *, history: int = 100, var_threshold: float = 16.0) -> np.ndarray:
    """Foreground masks (T, H, W) bool from OpenCV's MOG2 (given; shadows off).

    MOG2 keeps, per pixel, a mixture of up to 5 Gaussians over the recent ``history``
    frames, with a per-component variance, and adapts the number of components; a pixel
    is foreground when it fits none of the components that make up the background.
    """
    mog = cv2.createBackgroundSubtractorMOG2(history=history, varThreshold=var_threshold, detectShadows=False)
    return np.stack([mog.apply(_u8(f)) > 0 for f in frames])


def mask_iou(pred: np.ndarray, true: np.ndarray) -> float:
    """|pred & true| / |pred | true| over all entries (1.0 when both are empty)."""
    pred, true = np.asarray(pred, dtype=bool), np.asarray(true, dtype=bool)
    union = np.logical_or(pred, true).sum()
    return 1.0 if union == 0 else float(np.logical_and(pred, true).sum() / union)


# ---------------------------------------------------------------------------------------------
# 6-7. A constant-velocity Kalman filter
# ---------------------------------------------------------------------------------------------
def constant_velocity_model(
    dt: float, accel_std: float, meas_std: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(F, H, Q, R) of a 2-D constant-velocity model; state [x, y, vx, vy], measurement [x, y].

    Per step the unknown acceleration a ~ N(0, accel_std^2) (per axis) is constant over dt::

        x_k+1 = x_k + vx_k dt + a dt^2 / 2          F = [[1, 0, dt, 0],      H = [[1, 0, 0, 0],
        vx_k+1 = vx_k + a dt                              [0, 1, 0, dt],            [0, 1, 0, 0]]
                                                          [0, 0, 1,  0],
                                                          [0, 0, 0,  1]]
    so the process noise is G a with G = [dt^2/2, dt] per axis and
    Q = accel_std^2 G G^T = accel_std^2 [[dt^4/4, dt^3/2], [dt^3/2, dt^2]] for each axis
    (x with vx, y with vy; no cross terms between axes). R = meas_std^2 I_2.
    Returns float64 arrays of shapes (4, 4), (2, 4), (4, 4), (2, 2).
    """
    # TODO(cv_model): Return (F, H, Q, R) float64 for state [x, y, vx, vy] and measurement [x, y]:
    # | F adds velocity * dt to position; H picks the position; Q = accel_std^2 * G G^T per axis with
    # | G = [dt^2/2, dt] (so Q[x, x] = s^2 dt^4/4, Q[x, vx] = s^2 dt^3/2, Q[vx, vx] = s^2 dt^2, no x-y terms);
    # | R = meas_std^2 * I (2x2).
    raise NotImplementedError("TODO(cv_model): write this region")


class KalmanFilter:
    """Linear Kalman filter with OpenCV's naming: x_prior/P_prior after predict, x_post/P_post after update.

    Model: x_k = F x_k-1 + w, w ~ N(0, Q);  z_k = H x_k + v, v ~ N(0, R).
    """

    def __init__(
        self,
        F: np.ndarray,
        H: np.ndarray,
        Q: np.ndarray,
        R: np.ndarray,
        x0: np.ndarray | None = None,
        P0: np.ndarray | None = None,
    ) -> None:
        self.F = np.asarray(F, dtype=np.float64)
        self.H = np.asarray(H, dtype=np.float64)
        self.Q = np.asarray(Q, dtype=np.float64)
        self.R = np.asarray(R, dtype=np.float64)
        n = self.F.shape[0]
        self.x_post = np.zeros(n) if x0 is None else np.asarray(x0, dtype=np.float64).reshape(n).copy()
        self.P_post = np.eye(n) if P0 is None else np.asarray(P0, dtype=np.float64).copy()
        self.x_prior = self.x_post.copy()
        self.P_prior = self.P_post.copy()
        self.K = np.zeros((n, self.H.shape[0]))

    def predict(self) -> np.ndarray:
        """Time update (given): x_prior = F x_post, P_prior = F P_post F^T + Q. Returns x_prior.

        Like cv2.KalmanFilter.predict, it also copies the prior into x_post/P_post, so that
        predicting twice without a measurement propagates the uncertainty twice.
        """
        self.x_prior = self.F @ self.x_post  # (n, n) @ (n,) -> (n,)
        self.P_prior = self.F @ self.P_post @ self.F.T + self.Q
        self.x_post, self.P_post = self.x_prior.copy(), self.P_prior.copy()
        return self.x_prior

    def update(self, z: np.ndarray) -> np.ndarray:
        """Measurement update with z (m,): returns x_post (n,). Call after predict()::

        S = H P_prior H^T + R            innovation covariance (m, m)
        K = P_prior H^T S^-1             Kalman gain (n, m)
        x_post = x_prior + K (z - H x_prior)
        P_post = (I - K H) P_prior
        """
        # TODO(update): Return self.x_post after the measurement update with z (shape (m,)). Use the PRIOR
        # | (self.x_prior, self.P_prior from predict): innovation y = z - H x_prior, S = H P_prior H^T + R,
        # | K = P_prior H^T S^-1 (solve, do not invert), x_post = x_prior + K y, P_post = (I - K H) P_prior.
        # | Store self.K, self.x_post, self.P_post.
        raise NotImplementedError("TODO(update): write this region")


def kalman_smooth_track(measurements: np.ndarray, dt: float, accel_std: float, meas_std: float) -> np.ndarray:
    """Filter (T, 2) noisy positions with the constant-velocity model; returns (T, 2) filtered positions (given).

    The state starts at the first measurement with zero velocity and a large velocity
    variance (we know nothing about it yet).
    """
    z = np.asarray(measurements, dtype=np.float64)
    F, Hm, Q, R = constant_velocity_model(dt, accel_std, meas_std)
    P0 = np.diag([meas_std**2, meas_std**2, 100.0, 100.0])
    kf = KalmanFilter(F, Hm, Q, R, x0=np.r_[z[0], 0.0, 0.0], P0=P0)
    out = np.empty_like(z)
    out[0] = z[0]
    for k in range(1, len(z)):
        kf.predict()
        out[k] = kf.update(z[k])[:2]
    return out


# ---------------------------------------------------------------------------------------------
# 8. Mean-shift on a back-projection
# ---------------------------------------------------------------------------------------------
def mean_shift(
    prob: np.ndarray, window: tuple[int, int, int, int], max_iter: int = 10, eps: float = 1.0
) -> tuple[int, tuple[int, int, int, int]]:
    """Move ``window`` = (x, y, w, h) uphill on the probability image ``prob``, like ``cv2.meanShift``.

    Mean-shift is gradient ascent on the (kernel-smoothed) density without a step size:
    each iteration moves the window so that its centre sits on the centroid (first moments
    over zeroth moment) of the probability mass inside it. OpenCV's exact rules:

    * the window is first intersected with the image;
    * per iteration: clip to the image (width/height at least 1); m00 = sum of prob in the
      window; stop if m00 < 2.2e-16; centroid (cx, cy) relative to the window's top-left
      pixel; shift (dx, dy) = (round(cx - w0/2), round(cy - h0/2)) with w0, h0 the size of
      the (clipped) input window and round = round half to even; move and clamp so the
      window stays inside the image; stop when the ACTUAL move has dx^2 + dy^2 < round(eps^2);
    * at most ``max_iter`` iterations; returns (number of iterations completed before the
      break (or max_iter), final window).
    """
    # TODO(mean_shift): Return (iterations, (x, y, w, h)) exactly as cv2.meanShift(prob, window,
    # | (EPS | COUNT, max_iter, eps)) (see the docstring for OpenCV's rules: clipping, m00 < 2.2e-16 stop,
    # | shift = np.rint(centroid - size/2) with the size of the clipped input window, clamp to the image,
    # | stop when dx^2 + dy^2 < round(eps^2); iterations = loop index at the break, max_iter if none).
    # | Raise ValueError for a non-positive window size.
    raise NotImplementedError("TODO(mean_shift): write this region")


def back_projection(frame: np.ndarray, hist: np.ndarray, bins: int = 32) -> np.ndarray:
    """Per-pixel probability of belonging to the target: ``hist`` (bins,) looked up at each grey level (given).

    Equivalent to ``cv2.calcBackProject([frame], [0], hist, [0, 256], 1)`` with ``hist``
    scaled to a maximum of 255; returns float64 in [0, 255].
    """
    h = np.asarray(hist, dtype=np.float64).reshape(-1)
    h = 255.0 * h / max(h.max(), 1e-12)
    return h[(_u8(frame).astype(np.intp) * bins) // 256]


def track_mean_shift(
    frames: np.ndarray, window: tuple[int, int, int, int], *, bins: int = 32, max_iter: int = 10
) -> np.ndarray:
    """Track the object inside ``window`` on frame 0 through ``frames`` with :func:`mean_shift` (given).

    The target model is the grey-level histogram of the first window; every frame is
    back-projected through it and the window is moved by mean-shift from its last
    position. Returns (T, 2) window centres (x + (w - 1) / 2, y + (h - 1) / 2).
    """
    x, y, w, h = window
    roi = _u8(frames[0])[y : y + h, x : x + w]
    hist = np.bincount((roi.astype(np.intp) * bins // 256).ravel(), minlength=bins).astype(np.float64)
    centres = np.empty((len(frames), 2))
    win = tuple(int(v) for v in window)
    for t, frame in enumerate(frames):
        if t > 0:
            _, win = mean_shift(back_projection(frame, hist, bins), win, max_iter=max_iter)
        centres[t] = (win[0] + (win[2] - 1) / 2, win[1] + (win[3] - 1) / 2)
    return centres


# ---------------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------------
if __name__ == "__main__":
    from cvlab import data
    from cvlab.data.synthetic import motion

    np.set_printoptions(precision=3, suppress=True)
    tex = data.skimage_image("gravel")
    pair = motion.translation_pair(tex, (0.4, -0.3))
    pts = cv2.goodFeaturesToTrack(pair.frame0, 200, 0.01, 7).reshape(-1, 2).astype(np.float64)
    true = pair.motion(pts)
    print(f"{len(pts)} Shi-Tomasi corners on a gravel texture moved by (0.4, -0.3) px")
    try:
        p1, st, eig = lucas_kanade(pair.frame0, pair.frame1, pts)
        print(f"  single-level LK : median EPE {np.median(np.linalg.norm(p1 - true, axis=1)[st]):.4f} px")
        big = motion.translation_pair(data.skimage_image("grass"), (6.6, -4.3), blur=0.0)
        pts = cv2.goodFeaturesToTrack(big.frame0, 200, 0.01, 7).reshape(-1, 2).astype(np.float64)
        truth = big.motion(pts)
        p1, st, _ = lucas_kanade(big.frame0, big.frame1, pts)
        print(
            f"  sharp grass moved (6.6, -4.3) px, single level : median EPE {np.median(np.linalg.norm(p1 - truth, axis=1)):.2f} px"
        )
        p1, st = pyramidal_lk(big.frame0, big.frame1, pts)
        print(
            f"  sharp grass moved (6.6, -4.3) px, pyramidal    : median EPE {np.median(np.linalg.norm(p1 - truth, axis=1)[st]):.4f} px"
        )
        c1, cst = cv2_lk(big.frame0, big.frame1, pts)
        print(
            f"  sharp grass moved (6.6, -4.3) px, cv2 PyrLK    : median EPE {np.median(np.linalg.norm(c1 - truth, axis=1)[cst]):.4f} px"
        )

        sm = motion.smooth_flow_pair(tex, 3.0, seed=1)
        e = flow_errors(farneback_flow(sm.frame0, sm.frame1), sm.flow, sm.valid)
        print(f"Farneback on a smooth random field (max 3 px): EPE {e['epe']:.3f} px, AAE {e['aae']:.2f} deg")

        frames = read_video(data.opencv_sample("vtest.avi"), 20)
        tracks, alive = klt_tracks(frames)
        print(f"KLT on vtest.avi: {alive.shape[1]} corners, {alive[-1].sum()} alive after {len(frames)} frames")

        vid = motion.sprite_video(tex, 60, empty_frames=10, seed=0)
        model = RunningAverageBackground(alpha=0.02, threshold=30)
        masks = np.stack([model.apply(f) for f in vid.frames])
        print(f"running-average background: foreground IoU {mask_iou(masks[10:], vid.foreground[10:]):.3f}")
        mog = mog2_masks(vid.frames)
        print(f"MOG2 (given) on the same frames: IoU {mask_iou(mog[10:], vid.foreground[10:]):.3f}")

        tr = motion.noisy_trajectory(200, seed=0)
        est = kalman_smooth_track(tr.measurements, tr.dt, tr.accel_std, tr.meas_std)
        rmse = lambda a: float(np.sqrt(((a - tr.positions) ** 2).sum(axis=1).mean()))
        print(f"Kalman: position RMSE {rmse(est):.2f} px vs raw measurements {rmse(tr.measurements):.2f} px")

        c = vid.centers[10, 0]
        r = int(vid.radii[0]) + 2
        centres = track_mean_shift(vid.frames[10:], (int(c[0]) - r, int(c[1]) - r, 2 * r + 1, 2 * r + 1))
        err = np.linalg.norm(centres - vid.centers[10:, 0], axis=1)
        print(f"mean-shift tracking of sprite 0: median centre error {np.median(err):.2f} px, max {err.max():.2f}")
    except NotImplementedError as exc:
        print(f"\n(stopped: {exc})")
