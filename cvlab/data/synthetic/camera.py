"""Chessboard views through a known camera, and two-view scenes with exact epipolar geometry.

The ground truth for calibration, undistortion, PnP, the fundamental matrix and
triangulation::

    from cvlab.data.synthetic import camera
    views = camera.chessboard_views(n_views=8, seed=0)     # rendered images + exact corners
    views.images, views.corners, views.object_points      # (n, H, W) uint8, (n, 54, 2), (54, 3)
    views.K, views.dist, views.rvecs, views.tvecs          # the camera and the poses that made them
    scene = camera.two_view_scene(n_points=100, sigma=0.5, seed=0)
    scene.X, scene.x1, scene.x2, scene.F, scene.E, scene.P1, scene.P2

Conventions (OpenCV's, everywhere in this module):

* **Pixels** ``(u, v)`` = (column, row); pixel ``(u, v)`` is the centre of ``img[v, u]``.
* **Camera model**: a world point ``X`` goes to camera coordinates ``Xc = R X + t``
  (``R = Rodrigues(rvec)``), to normalised coordinates ``(x, y) = (Xc/Zc, Yc/Zc)``, through
  the radial-tangential ("plumb bob", Brown-Conrady) distortion with
  ``dist = (k1, k2, p1, p2, k3)``::

      r² = x² + y²,  radial = 1 + k1 r² + k2 r⁴ + k3 r⁶
      x_d = x·radial + 2 p1 x y + p2 (r² + 2x²)
      y_d = y·radial + p1 (r² + 2y²) + 2 p2 x y

  and to pixels ``[u, v, 1]ᵀ = K [x_d, y_d, 1]ᵀ``. :func:`project_points` is this model,
  equal to ``cv2.projectPoints`` to ~1e-9 px (tests/test_synthetic_camera.py checks it).
* **Chessboard**: ``pattern = (cols, rows)`` *inner* corners (OpenCV's ``patternSize``,
  9x6 like OpenCV's left01..14 samples), so the board has ``(cols + 1) x (rows + 1)``
  squares of side ``square`` and a white paper margin of one square around it, on a grey
  background. Object points lie in the board plane ``Z = 0``: corner ``k = j * cols + i``
  is at ``(i * square, j * square, 0)`` (x fastest, the order ``cv2.findChessboardCorners``
  reports for the poses generated here). The square touching corner 0 diagonally is black.
* **Two-view scenes**: camera 1 is ``P1 = K [I | 0]``, camera 2 ``P2 = K [R | t]``, so a
  point's camera-2 coordinates are ``R Xc1 + t``. ``E = [t]ₓ R`` and
  ``F = K⁻ᵀ E K⁻¹`` satisfy ``x2ᵀ F x1 = 0`` for homogeneous pixels ``x1`` (image 1) and
  ``x2`` (image 2); both are scaled to unit Frobenius norm (their scale is arbitrary).
* **Determinism**: every random function takes ``seed`` (int or ``numpy.random.Generator``).

Rendering
---------
:func:`render_board` computes every output pixel exactly: the pixel centre is undistorted
(the inverse of the distortion, solved by ``cv2.undistortPointsIter`` to 1e-12), the ray is
intersected with the board plane (the inverse of the plane's homography ``K[r1 r2 t]``),
and the chessboard intensity is evaluated there, anti-aliased by integrating each square
edge over the pixel's footprint on the board (a box filter, separable along the board
axes). Optional Gaussian blur and noise are applied last, then the result is rounded to
uint8. Corners detected with ``findChessboardCorners`` + ``cornerSubPix`` on these images
land within ~0.05 px of :attr:`ChessboardViews.corners` (noise 1 grey level).
"""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

__all__ = [
    "DEFAULT_DIST",
    "DEFAULT_K",
    "DEFAULT_PATTERN",
    "DEFAULT_SIZE",
    "ChessboardViews",
    "TwoViewScene",
    "board_points",
    "chessboard_views",
    "distort_normalized",
    "essential_from_pose",
    "fundamental_from_pose",
    "look_at_board_pose",
    "project_points",
    "render_board",
    "rodrigues",
    "skew",
    "two_view_scene",
]

SeedLike = int | np.random.Generator | None

#: A 640x480 camera like the one that took OpenCV's left01..14 (fx != fy on purpose).
DEFAULT_K = np.array([[525.0, 0.0, 318.5], [0.0, 520.0, 242.0], [0.0, 0.0, 1.0]])
#: Barrel distortion of the same order as those images: (k1, k2, p1, p2, k3).
DEFAULT_DIST = np.array([-0.26, 0.09, 0.001, -0.0008, 0.0])
DEFAULT_SIZE = (640, 480)  # (width, height), OpenCV's imageSize order
DEFAULT_PATTERN = (9, 6)  # inner corners (cols, rows)


class ChessboardViews(NamedTuple):
    images: np.ndarray  # (n, H, W) uint8 grey renders
    corners: np.ndarray  # (n, cols*rows, 2) float64 exact projections of the inner corners
    object_points: np.ndarray  # (cols*rows, 3) float64 board coordinates, Z = 0
    K: np.ndarray  # (3, 3) the intrinsics that made them
    dist: np.ndarray  # (5,) (k1, k2, p1, p2, k3)
    rvecs: np.ndarray  # (n, 3) Rodrigues vectors, board -> camera
    tvecs: np.ndarray  # (n, 3) translations, board -> camera
    image_size: tuple[int, int]  # (width, height)
    pattern: tuple[int, int]  # (cols, rows) inner corners
    square: float  # side of one square in board units


class TwoViewScene(NamedTuple):
    X: np.ndarray  # (N, 3) points in camera-1 (= world) coordinates, in front of both cameras
    K: np.ndarray  # (3, 3) intrinsics shared by both cameras
    R: np.ndarray  # (3, 3) rotation camera 1 -> camera 2
    t: np.ndarray  # (3,) translation camera 1 -> camera 2, |t| = baseline
    P1: np.ndarray  # (3, 4) K [I | 0]
    P2: np.ndarray  # (3, 4) K [R | t]
    x1: np.ndarray  # (N, 2) observed pixels in image 1 (true + N(0, sigma^2))
    x2: np.ndarray  # (N, 2) observed pixels in image 2
    x1_true: np.ndarray  # (N, 2) exact projections
    x2_true: np.ndarray  # (N, 2)
    F: np.ndarray  # (3, 3) exact fundamental matrix, ||F||_F = 1, x2ᵀ F x1 = 0
    E: np.ndarray  # (3, 3) exact essential matrix, ||E||_F = 1


def _rng(seed: SeedLike) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


# ---------------------------------------------------------------------------------------
# the camera model
# ---------------------------------------------------------------------------------------


def skew(v: np.ndarray) -> np.ndarray:
    """The (3, 3) cross-product matrix [v]ₓ with [v]ₓ w = v x w."""
    x, y, z = np.asarray(v, dtype=np.float64).reshape(3)
    return np.array([[0.0, -z, y], [z, 0.0, -x], [-y, x, 0.0]])


def rodrigues(rvec: np.ndarray) -> np.ndarray:
    """Rotation matrix of an axis-angle vector: R = I + sinθ [k]ₓ + (1 - cosθ) [k]ₓ², k = r/|r|."""
    r = np.asarray(rvec, dtype=np.float64).reshape(3)
    theta = float(np.linalg.norm(r))
    if theta < 1e-15:
        return np.eye(3) + skew(r)
    k = skew(r / theta)
    return np.eye(3) + np.sin(theta) * k + (1.0 - np.cos(theta)) * (k @ k)


def distort_normalized(xy: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """Apply the radial-tangential model to (N, 2) normalised coordinates (see the module doc)."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    k1, k2, p1, p2, k3 = np.pad(np.asarray(dist, dtype=np.float64).ravel(), (0, 5))[:5]
    x, y = xy[:, 0], xy[:, 1]
    r2 = x * x + y * y
    radial = 1.0 + r2 * (k1 + r2 * (k2 + r2 * k3))
    xd = x * radial + 2.0 * p1 * x * y + p2 * (r2 + 2.0 * x * x)
    yd = y * radial + p1 * (r2 + 2.0 * y * y) + 2.0 * p2 * x * y
    return np.stack([xd, yd], axis=1)


def project_points(
    X: np.ndarray, rvec: np.ndarray, tvec: np.ndarray, K: np.ndarray, dist: np.ndarray | None = None
) -> np.ndarray:
    """(N, 3) world points -> (N, 2) pixels through pose (rvec, tvec), K and dist (cv2.projectPoints)."""
    X = np.asarray(X, dtype=np.float64).reshape(-1, 3)
    Xc = X @ rodrigues(rvec).T + np.asarray(tvec, dtype=np.float64).reshape(1, 3)  # (N, 3)
    xy = Xc[:, :2] / Xc[:, 2:3]
    xy = distort_normalized(xy, np.zeros(5) if dist is None else dist)
    K = np.asarray(K, dtype=np.float64)
    u = K[0, 0] * xy[:, 0] + K[0, 1] * xy[:, 1] + K[0, 2]
    v = K[1, 1] * xy[:, 1] + K[1, 2]
    return np.stack([u, v], axis=1)


def board_points(pattern: tuple[int, int] = DEFAULT_PATTERN, square: float = 1.0) -> np.ndarray:
    """(cols*rows, 3) inner-corner coordinates on the board, x fastest, Z = 0."""
    cols, rows = pattern
    j, i = np.mgrid[0:rows, 0:cols]
    return np.stack([i.ravel() * square, j.ravel() * square, np.zeros(cols * rows)], axis=1).astype(np.float64)


def _board_outline(pattern: tuple[int, int], square: float, margin: float) -> np.ndarray:
    """(4, 3) corners of the paper: the squares span [-1, cols] x [-1, rows] squares, plus margin."""
    cols, rows = pattern
    lo, hx, hy = -(1.0 + margin) * square, (cols + margin) * square, (rows + margin) * square
    return np.array([[lo, lo, 0], [hx, lo, 0], [hx, hy, 0], [lo, hy, 0]], dtype=np.float64)


def look_at_board_pose(
    pattern: tuple[int, int],
    square: float,
    distance: float,
    tilt_x: float,
    tilt_y: float,
    roll: float,
    offset: tuple[float, float] = (0.0, 0.0),
) -> tuple[np.ndarray, np.ndarray]:
    """(rvec, tvec) putting the board centre at camera coordinates (offset, distance) with the
    board rotated by ``roll`` about its normal, then tilted by ``tilt_x``/``tilt_y`` (radians)."""
    cols, rows = pattern
    cx, sx = np.cos(tilt_x), np.sin(tilt_x)
    cy, sy = np.cos(tilt_y), np.sin(tilt_y)
    cz, sz = np.cos(roll), np.sin(roll)
    Rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    Ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    Rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    R = Ry @ Rx @ Rz
    centre = np.array([(cols - 1) / 2 * square, (rows - 1) / 2 * square, 0.0])
    t = np.array([offset[0], offset[1], distance]) - R @ centre
    rvec, _ = cv2.Rodrigues(R)
    return rvec.ravel(), t


# ---------------------------------------------------------------------------------------
# rendering
# ---------------------------------------------------------------------------------------


def _undistorted_grid(K: np.ndarray, dist: np.ndarray, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Ideal normalised coordinates (x, y), each (H, W), of every pixel centre (exact to ~1e-12)."""
    w, h = size
    v, u = np.mgrid[0:h, 0:w].astype(np.float64)
    pix = np.stack([u.ravel(), v.ravel()], axis=1).reshape(-1, 1, 2)
    crit = (cv2.TERM_CRITERIA_COUNT | cv2.TERM_CRITERIA_EPS, 100, 1e-12)
    K = np.asarray(K, dtype=np.float64)
    xy = cv2.undistortPointsIter(pix, K, np.asarray(dist, np.float64), None, None, crit).reshape(h, w, 2)
    return xy[..., 0].copy(), xy[..., 1].copy()


def _soft_sign(m: np.ndarray, footprint: np.ndarray) -> np.ndarray:
    """Box-filtered square wave sign(sin(pi m)) over a footprint of width ``footprint`` (in m units)."""
    k = np.round(m)
    parity = 1.0 - 2.0 * (k - 2.0 * np.floor(0.5 * k))  # +1 when k is even: sin(pi m) > 0 just above k
    signed = parity * (m - k)  # signed distance to the nearest edge, positive on the + side
    return 2.0 * np.clip(0.5 + signed / np.maximum(footprint, 1e-9), 0.0, 1.0) - 1.0


def _soft_inside(m: np.ndarray, lo: float, hi: float, footprint: np.ndarray) -> np.ndarray:
    """Box-filtered indicator of lo <= m <= hi."""
    d = np.minimum(m - lo, hi - m)
    return np.clip(0.5 + d / np.maximum(footprint, 1e-9), 0.0, 1.0)


def render_board(
    K: np.ndarray,
    dist: np.ndarray,
    rvec: np.ndarray,
    tvec: np.ndarray,
    size: tuple[int, int] = DEFAULT_SIZE,
    pattern: tuple[int, int] = DEFAULT_PATTERN,
    square: float = 1.0,
    noise: float = 1.0,
    blur: float = 0.6,
    seed: SeedLike = 0,
    black: float = 30.0,
    white: float = 225.0,
    background: float = 110.0,
    _grid: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Render the chessboard seen through (K, dist) from pose (rvec, tvec): (H, W) uint8.

    Every pixel is mapped back to the board plane through the inverse of the distorted
    projection (see the module doc); ``blur`` is a Gaussian sigma in pixels (0: none),
    ``noise`` the std of additive Gaussian noise in grey levels (0: none).
    """
    _w, _h = size
    x, y = _undistorted_grid(K, dist, size) if _grid is None else _grid  # (H, W) each
    R = rodrigues(rvec)
    Hn = np.column_stack([R[:, 0], R[:, 1], np.asarray(tvec, np.float64).ravel()])  # board (X, Y, 1) -> ray
    G = np.linalg.inv(Hn)  # ray (x, y, 1) -> homogeneous board point
    qx = G[0, 0] * x + G[0, 1] * y + G[0, 2]
    qy = G[1, 0] * x + G[1, 1] * y + G[1, 2]
    qw = G[2, 0] * x + G[2, 1] * y + G[2, 2]
    in_front = qw > 1e-12
    qw = np.where(in_front, qw, 1.0) * square
    mx, my = qx / qw, qy / qw  # (H, W) board coordinates in squares
    # footprint of a pixel on the board, per board axis (box projection of the Jacobian)
    dmx_dv, dmx_du = np.gradient(mx)
    dmy_dv, dmy_du = np.gradient(my)
    fx_ = np.abs(dmx_du) + np.abs(dmx_dv)
    fy_ = np.abs(dmy_du) + np.abs(dmy_dv)
    cols, rows = pattern
    # +1 white, -1 black, square (-1..0)^2 black. The outer squares' colour is evaluated away from
    # the board's outer edge (clip) so the board/paper edge is blended only once, by `board`.
    sx = _soft_sign(np.clip(mx, -0.5, cols - 0.5), fx_)
    sy = _soft_sign(np.clip(my, -0.5, rows - 0.5), fy_)
    checker = -sx * sy
    board = _soft_inside(mx, -1.0, cols, fx_) * _soft_inside(my, -1.0, rows, fy_)
    paper = _soft_inside(mx, -2.0, cols + 1.0, fx_) * _soft_inside(my, -2.0, rows + 1.0, fy_)
    paper *= in_front
    mid, half = (white + black) / 2.0, (white - black) / 2.0
    on_paper = white * (1.0 - board) + board * (mid + half * checker)
    img = background * (1.0 - paper) + paper * on_paper
    if blur > 0:
        img = cv2.GaussianBlur(img, (0, 0), blur)
    if noise > 0:
        img = img + noise * _rng(seed).standard_normal(img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def _random_pose(rng, K, dist, size, pattern, square, max_tilt):
    w, h = size
    outline = _board_outline(pattern, square, margin=1.0)
    cols, _rows = pattern
    fmean = 0.5 * (K[0, 0] + K[1, 1])
    for _ in range(1000):
        # distance so that the board spans 45-75 % of the image width
        span = rng.uniform(0.45, 0.75) * w
        distance = (cols + 1) * square * fmean / span
        tilt_x, tilt_y = rng.uniform(-max_tilt, max_tilt, 2)
        roll = rng.uniform(-0.25, 0.25)
        off = rng.uniform(-0.25, 0.25, 2) * distance * np.array([w / K[0, 0], h / K[1, 1]]) * 0.5
        rvec, tvec = look_at_board_pose(pattern, square, distance, tilt_x, tilt_y, roll, tuple(off))
        corners = project_points(outline, rvec, tvec, K, dist)
        pts_c = outline @ rodrigues(rvec).T + tvec
        if (
            np.all(pts_c[:, 2] > 0)
            and np.all(corners >= 8)
            and np.all(corners[:, 0] <= w - 9)
            and np.all(corners[:, 1] <= h - 9)
        ):
            return rvec, tvec
    raise RuntimeError("could not place the board inside the image; check K, size and pattern")


def chessboard_views(
    n_views: int = 10,
    seed: SeedLike = 0,
    K: np.ndarray | None = None,
    dist: np.ndarray | None = None,
    size: tuple[int, int] = DEFAULT_SIZE,
    pattern: tuple[int, int] = DEFAULT_PATTERN,
    square: float = 1.0,
    noise: float = 1.0,
    blur: float = 0.6,
    max_tilt: float = 0.6,
) -> ChessboardViews:
    """``n_views`` renders of the board from random poses that keep the whole paper in view.

    Poses: the board spans 45-75 % of the image width, tilted by up to ``max_tilt``
    radians about each board axis (tilt is what makes Zhang's method well posed), rolled
    by up to ±0.25 rad (so OpenCV's detector reports the corners in the documented order),
    centred within ±12 % of the image. Defaults: :data:`DEFAULT_K`, :data:`DEFAULT_DIST`.
    """
    rng = _rng(seed)
    K = DEFAULT_K.copy() if K is None else np.asarray(K, dtype=np.float64).copy()
    dist = DEFAULT_DIST.copy() if dist is None else np.pad(np.asarray(dist, np.float64).ravel(), (0, 5))[:5].copy()
    obj = board_points(pattern, square)
    rvecs, tvecs, imgs, corners = [], [], [], []
    grid = _undistorted_grid(K, dist, size)  # the same for every view
    for _ in range(n_views):
        rvec, tvec = _random_pose(rng, K, dist, size, pattern, square, max_tilt)
        noise_seed = rng.integers(0, 2**32)
        imgs.append(render_board(K, dist, rvec, tvec, size, pattern, square, noise, blur, noise_seed, _grid=grid))
        corners.append(project_points(obj, rvec, tvec, K, dist))
        rvecs.append(rvec)
        tvecs.append(tvec)
    return ChessboardViews(
        np.stack(imgs),
        np.stack(corners),
        obj,
        K,
        dist,
        np.stack(rvecs),
        np.stack(tvecs),
        (int(size[0]), int(size[1])),
        (int(pattern[0]), int(pattern[1])),
        float(square),
    )


# ---------------------------------------------------------------------------------------
# two views
# ---------------------------------------------------------------------------------------


def essential_from_pose(R: np.ndarray, t: np.ndarray) -> np.ndarray:
    """E = [t]ₓ R scaled to unit Frobenius norm (x2ᵀ E x1 = 0 for normalised coordinates)."""
    E = skew(t) @ np.asarray(R, dtype=np.float64)
    return E / np.linalg.norm(E)


def fundamental_from_pose(K1: np.ndarray, K2: np.ndarray, R: np.ndarray, t: np.ndarray) -> np.ndarray:
    """F = K2⁻ᵀ [t]ₓ R K1⁻¹ scaled to unit Frobenius norm (x2ᵀ F x1 = 0 for pixels)."""
    F = np.linalg.inv(K2).T @ essential_from_pose(R, t) @ np.linalg.inv(K1)
    return F / np.linalg.norm(F)


def two_view_scene(
    n_points: int = 100,
    sigma: float = 0.0,
    seed: SeedLike = 0,
    K: np.ndarray | None = None,
    size: tuple[int, int] = DEFAULT_SIZE,
    baseline: float = 1.0,
    depth: tuple[float, float] = (4.0, 10.0),
) -> TwoViewScene:
    """Points in a frustum seen by two pinhole cameras (no distortion) with exact F, E.

    The points fill the central 80 % of image 1 at depths ``depth`` (camera-1 units);
    camera 2 sits ``baseline`` away, mostly sideways, converging on the cloud by a few
    degrees with a random small rotation. Only points that land inside both images are
    kept (the generator draws until it has ``n_points``). Observations get i.i.d.
    ``N(0, sigma²)`` pixel noise per coordinate; ``x*_true`` are the exact projections.
    """
    rng = _rng(seed)
    K = DEFAULT_K.copy() if K is None else np.asarray(K, dtype=np.float64).copy()
    w, h = size
    # camera 2: centre C2 mostly along +x, looking back towards the cloud centre
    direction = np.array([1.0, rng.uniform(-0.15, 0.15), rng.uniform(-0.2, 0.2)])
    C2 = baseline * direction / np.linalg.norm(direction)
    mid_depth = 0.5 * (depth[0] + depth[1])
    yaw = -np.arctan2(C2[0], mid_depth) + rng.uniform(-0.03, 0.03)  # turn towards the cloud
    extra = rng.uniform(-0.05, 0.05, 3)
    R = rodrigues(np.array([0.0, yaw, 0.0]) + extra)
    t = -R @ C2  # camera-2 coordinates: R (X - C2)
    P1 = K @ np.c_[np.eye(3), np.zeros(3)]
    P2 = K @ np.c_[R, t]
    pts: list[np.ndarray] = []
    while sum(len(p) for p in pts) < n_points:
        m = 4 * n_points + 16
        uv = np.c_[rng.uniform(0.1 * w, 0.9 * w, m), rng.uniform(0.1 * h, 0.9 * h, m)]
        z = rng.uniform(depth[0], depth[1], m)
        X = np.c_[(uv - K[:2, 2]) / np.diag(K)[:2] * z[:, None], z]  # back-project (no skew)
        x2 = X @ R.T + t
        uv2 = x2[:, :2] / x2[:, 2:3] * np.diag(K)[:2] + K[:2, 2]
        ok = (x2[:, 2] > 0.1) & (uv2[:, 0] >= 0) & (uv2[:, 0] <= w - 1) & (uv2[:, 1] >= 0) & (uv2[:, 1] <= h - 1)
        pts.append(X[ok])
    X = np.concatenate(pts)[:n_points]
    hom1, hom2 = np.c_[X, np.ones(n_points)] @ P1.T, np.c_[X, np.ones(n_points)] @ P2.T
    x1_true, x2_true = hom1[:, :2] / hom1[:, 2:3], hom2[:, :2] / hom2[:, 2:3]
    x1 = x1_true + sigma * rng.standard_normal(x1_true.shape)
    x2 = x2_true + sigma * rng.standard_normal(x2_true.shape)
    return TwoViewScene(
        X, K, R, t, P1, P2, x1, x2, x1_true, x2_true, fundamental_from_pose(K, K, R, t), essential_from_pose(R, t)
    )
