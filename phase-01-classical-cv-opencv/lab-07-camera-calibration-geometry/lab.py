"""Lab 1.7 - Camera calibration and two-view geometry.

The pinhole camera with lens distortion, Zhang's calibration, undistortion, PnP, the
eight-point fundamental matrix, linear triangulation and SGBM stereo: from scratch in
NumPy/SciPy, graded against OpenCV and against scenes whose geometry is known exactly
(``cvlab.data.synthetic.camera``).

Conventions used throughout (OpenCV's)
    * pixels (u, v) = (column, row); pixel (u, v) is the centre of img[v, u];
    * a world point X goes to the camera as Xc = R X + t; R = rodrigues(rvec);
    * normalised coordinates (x, y) = (Xc / Zc, Yc / Zc); the lens distorts them with
      dist = (k1, k2, p1, p2, k3) (the "plumb bob" model, see ``distort_normalized``);
    * K = [[fx, s, cx], [0, fy, cy], [0, 0, 1]] maps distorted normalised coords to pixels;
    * two views: x2ᵀ F x1 = 0 for homogeneous pixels of image 1 (x1) and image 2 (x2);
    * point arrays are float64 (N, 2) or (N, 3); matrices float64.

Run ``python solution.py`` for a tour; ``cvlab check 1.7`` grades your ``lab.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import cv2
import numpy as np
from scipy.optimize import least_squares  # noqa: F401, RUF100 (lab.py uses it only in your regions)

# ---------------------------------------------------------------------------------------
# given helpers: rotations, the projection pipeline, homographies
# ---------------------------------------------------------------------------------------


def skew(v: np.ndarray) -> np.ndarray:
    """[v]ₓ, the (3, 3) matrix with [v]ₓ w = v x w."""
    x, y, z = np.asarray(v, dtype=np.float64).reshape(3)
    return np.array([[0.0, -z, y], [z, 0.0, -x], [-y, x, 0.0]])


def rodrigues(rvec: np.ndarray) -> np.ndarray:
    """Axis-angle (3,) -> rotation (3, 3): R = I + sinθ [k]ₓ + (1 - cosθ) [k]ₓ², θ = |r|, k = r/θ."""
    r = np.asarray(rvec, dtype=np.float64).reshape(3)
    theta = float(np.linalg.norm(r))
    if theta < 1e-12:
        return np.eye(3) + skew(r)  # first order: exact enough for θ this small
    k = skew(r / theta)
    return np.eye(3) + np.sin(theta) * k + (1.0 - np.cos(theta)) * (k @ k)


def rvec_from_matrix(R: np.ndarray) -> np.ndarray:
    """Rotation (3, 3) -> axis-angle (3,) (cv2.Rodrigues does the inverse map for us)."""
    rvec, _ = cv2.Rodrigues(np.asarray(R, dtype=np.float64))
    return rvec.ravel()


def project_points(
    X: np.ndarray, rvec: np.ndarray, tvec: np.ndarray, K: np.ndarray, dist: np.ndarray | None = None
) -> np.ndarray:
    """World points (N, 3) -> pixels (N, 2), like ``cv2.projectPoints``.

    Xc = R X + t, (x, y) = (Xc/Zc, Yc/Zc), (x_d, y_d) = distort_normalized((x, y), dist),
    u = fx x_d + s y_d + cx, v = fy y_d + cy.
    """
    X = np.asarray(X, dtype=np.float64).reshape(-1, 3)
    Xc = X @ rodrigues(rvec).T + np.asarray(tvec, dtype=np.float64).reshape(1, 3)  # (N, 3)
    xy = Xc[:, :2] / Xc[:, 2:3]  # (N, 2) normalised
    if dist is not None:
        xy = distort_normalized(xy, dist)
    K = np.asarray(K, dtype=np.float64)
    u = K[0, 0] * xy[:, 0] + K[0, 1] * xy[:, 1] + K[0, 2]
    v = K[1, 1] * xy[:, 1] + K[1, 2]
    return np.stack([u, v], axis=1)


def _dist5(dist: np.ndarray | None) -> np.ndarray:
    """Any of None, (4,), (5,), (1, 5) -> (5,) float64 (k1, k2, p1, p2, k3), missing terms 0."""
    if dist is None:
        return np.zeros(5)
    return np.pad(np.asarray(dist, dtype=np.float64).ravel(), (0, 5))[:5]


def hartley_normalization(pts: np.ndarray) -> np.ndarray:
    """The (3, 3) similarity T moving (N, 2) points' centroid to 0 and their mean distance to √2."""
    pts = np.asarray(pts, dtype=np.float64)
    c = pts.mean(axis=0)  # (2,)
    d = np.linalg.norm(pts - c, axis=1).mean()
    s = np.sqrt(2.0) / max(d, 1e-12)
    return np.array([[s, 0.0, -s * c[0]], [0.0, s, -s * c[1]], [0.0, 0.0, 1.0]])


def homography_dlt(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Normalised DLT homography (3, 3), H[2, 2] = 1, mapping (N >= 4, 2) src to dst (lab 1.5)."""
    src, dst = np.asarray(src, dtype=np.float64), np.asarray(dst, dtype=np.float64)
    T1, T2 = hartley_normalization(src), hartley_normalization(dst)
    a = src @ T1[:2, :2].T + T1[:2, 2]  # (N, 2)
    b = dst @ T2[:2, :2].T + T2[:2, 2]
    n = len(a)
    one, zero = np.ones(n), np.zeros(n)
    x, y, u, v = a[:, 0], a[:, 1], b[:, 0], b[:, 1]
    rows_u = np.stack([-x, -y, -one, zero, zero, zero, u * x, u * y, u], axis=1)  # (N, 9)
    rows_v = np.stack([zero, zero, zero, -x, -y, -one, v * x, v * y, v], axis=1)
    _, _, Vt = np.linalg.svd(np.concatenate([rows_u, rows_v]), full_matrices=False)
    Hn = Vt[-1].reshape(3, 3)
    H = np.linalg.inv(T2) @ Hn @ T1
    return H / H[2, 2]


def pose_from_homography(K: np.ndarray, H: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(R, t) of a plane Z = 0 whose homography (board (X, Y) -> pixels) is H = λ K [r1 r2 t].

    A = K⁻¹ H; λ = 1/|a1|; r1 = λ a1, r2 = λ a2, r3 = r1 x r2, t = λ a3, with the sign of λ
    chosen so the plane is in front (t_z > 0); noise makes [r1 r2 r3] slightly non-orthogonal,
    so it is replaced by the nearest rotation U Vᵀ (SVD).
    """
    A = np.linalg.inv(K) @ np.asarray(H, dtype=np.float64)
    lam = 2.0 / (np.linalg.norm(A[:, 0]) + np.linalg.norm(A[:, 1]))
    if A[2, 2] * lam < 0:
        lam = -lam
    r1, r2, t = lam * A[:, 0], lam * A[:, 1], lam * A[:, 2]
    U, _, Vt = np.linalg.svd(np.column_stack([r1, r2, np.cross(r1, r2)]))
    R = U @ Vt
    if np.linalg.det(R) < 0:
        R = U @ np.diag([1.0, 1.0, -1.0]) @ Vt
    return R, t


def find_corners(gray: np.ndarray, pattern: tuple[int, int] = (9, 6)) -> np.ndarray | None:
    """Chessboard inner corners (cols*rows, 2) to sub-pixel accuracy, or None if not found."""
    ok, corners = cv2.findChessboardCorners(gray, pattern, cv2.CALIB_CB_ADAPTIVE_THRESH | cv2.CALIB_CB_NORMALIZE_IMAGE)
    if not ok:
        return None
    crit = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 50, 1e-4)
    corners = cv2.cornerSubPix(gray, corners, (11, 11), (-1, -1), crit)
    return corners.reshape(-1, 2).astype(np.float64)


# ---------------------------------------------------------------------------------------
# 1. the lens: distortion and its inverse
# ---------------------------------------------------------------------------------------


def distort_normalized(xy: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """Radial-tangential distortion of (N, 2) NORMALISED coordinates -> (N, 2).

    r² = x² + y², radial = 1 + k1 r² + k2 r⁴ + k3 r⁶,
    x_d = x·radial + 2 p1 x y + p2 (r² + 2x²),  y_d = y·radial + p1 (r² + 2y²) + 2 p2 x y.
    ``dist`` = (k1, k2, p1, p2[, k3]) (k3 = 0 when only four are given).
    """
    # TODO(distort): Apply the radial-tangential model to (N, 2) normalised points (x, y).
    # | dist = (k1, k2, p1, p2[, k3]); return the distorted (N, 2) float64 points. The
    # | distortion acts on normalised coordinates (before K), never on pixels.
    raise NotImplementedError("TODO(distort): write this region")


def undistort_points(
    uv: np.ndarray, K: np.ndarray, dist: np.ndarray, n_iter: int = 20, new_K: np.ndarray | None = None
) -> np.ndarray:
    """Distorted pixels (N, 2) -> ideal normalised coordinates (N, 2) (or pixels of ``new_K``).

    The model has no closed-form inverse. Fixed-point iteration on x = (x_d - Δ(x)) / radial(x),
    starting from x = x_d, where Δ is the tangential term: each step is a contraction for the
    moderate distortion of real lenses. ``cv2.undistortPoints`` does the same with 5 steps.
    """
    # TODO(undistort): Invert the distortion by fixed-point iteration (n_iter steps).
    # | Pixels -> distorted normalised coords with K⁻¹ (mind the skew K[0, 1]), then repeat
    # | x ← (x_d − tangential(x)) / radial(x) starting from x = x_d. Return (N, 2) normalised
    # | coordinates, or new_K applied to them (pixels) when new_K is given.
    raise NotImplementedError("TODO(undistort): write this region")


def undistort_maps(
    K: np.ndarray, dist: np.ndarray, size: tuple[int, int], new_K: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(map_x, map_y), float32 (H, W): where to SAMPLE the distorted image for each output pixel.

    ``cv2.remap`` pulls: output pixel (u, v) of the undistorted image (camera ``new_K``, K by
    default) is the ray new_K⁻¹ (u, v, 1), which the lens sends to K·distort(ray) in the
    captured image. So the map needs the FORWARD model only - no inversion.
    """
    w, h = size
    P = np.asarray(K if new_K is None else new_K, dtype=np.float64)
    v, u = np.mgrid[0:h, 0:w].astype(np.float64)  # (H, W) each
    y = (v - P[1, 2]) / P[1, 1]
    x = (u - P[0, 2] - P[0, 1] * y) / P[0, 0]
    xy_d = distort_normalized(np.stack([x.ravel(), y.ravel()], axis=1), dist)  # (HW, 2)
    K = np.asarray(K, dtype=np.float64)
    mx = K[0, 0] * xy_d[:, 0] + K[0, 1] * xy_d[:, 1] + K[0, 2]
    my = K[1, 1] * xy_d[:, 1] + K[1, 2]
    return mx.reshape(h, w).astype(np.float32), my.reshape(h, w).astype(np.float32)


def undistort_image(img: np.ndarray, K: np.ndarray, dist: np.ndarray, new_K: np.ndarray | None = None) -> np.ndarray:
    """The undistorted image (same size), bilinear, black outside: ``cv2.undistort`` with our maps."""
    h, w = img.shape[:2]
    mx, my = undistort_maps(K, dist, (w, h), new_K)
    return cv2.remap(img, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)


# ---------------------------------------------------------------------------------------
# 2. calibration: Zhang's closed form, then bundle refinement
# ---------------------------------------------------------------------------------------


def intrinsics_from_homographies(Hs: list[np.ndarray] | np.ndarray) -> np.ndarray:
    """Zhang's closed-form K (3, 3), K[2, 2] = 1, from >= 3 plane homographies H = λ K [r1 r2 t].

    With B = K⁻ᵀ K⁻¹ (symmetric, 6 unknowns b = (B11, B12, B22, B13, B23, B33)), r1 ⊥ r2 and
    |r1| = |r2| give per view h1ᵀ B h2 = 0 and h1ᵀ B h1 − h2ᵀ B h2 = 0, i.e. v12ᵀ b = 0 and
    (v11 − v22)ᵀ b = 0 with, for columns hi, hj of H,
      v_ij = (hi1 hj1, hi1 hj2 + hi2 hj1, hi2 hj2, hi3 hj1 + hi1 hj3, hi3 hj2 + hi2 hj3, hi3 hj3).
    b is the null vector of the stacked (2n, 6) system; K follows from a Cholesky factor of B.
    """

    # TODO(zhang): Closed-form K from the homographies (Zhang's v_ij constraints).
    # | Build two rows per homography from its COLUMNS h1, h2 (v12 and v11 − v22), take b as
    # | the right singular vector of the smallest singular value, rebuild B (fix its sign so
    # | it is positive definite) and recover K (upper triangular, K[2, 2] = 1). Skew is kept.
    raise NotImplementedError("TODO(zhang): write this region")


class Calibration(NamedTuple):
    rms: float  # sqrt(mean over points of |reprojection error|²), pixels (cv2's retval)
    K: np.ndarray  # (3, 3)
    dist: np.ndarray  # (5,) k1, k2, p1, p2, k3
    rvecs: np.ndarray  # (n_views, 3)
    tvecs: np.ndarray  # (n_views, 3)


def calibrate_camera(
    object_points: list[np.ndarray], image_points: list[np.ndarray], image_size: tuple[int, int]
) -> Calibration:
    """Calibrate from planar targets: Zhang's initialisation + Levenberg-Marquardt refinement.

    object_points[i]: (N_i, 3) board points with Z = 0; image_points[i]: (N_i, 2) pixels;
    image_size = (width, height). Model: fx, fy, cx, cy (zero skew), k1, k2, p1, p2, k3, and
    one pose per view - what ``cv2.calibrateCamera`` estimates with its default flags.
    """
    # TODO(calibrate): Initialise with Zhang, then minimise the reprojection error.
    # | Homography per view (homography_dlt on the boards' (X, Y)), K0 from your zhang (skew
    # | set to 0), poses from pose_from_homography, dist = 0. Then refine all parameters with
    # | scipy.optimize.least_squares (method="lm") on the stacked reprojection residuals of
    # | all views: parameters fx, fy, cx, cy, k1, k2, p1, p2, k3, then (rvec, t) per view.
    # | rms = sqrt(sum of squared residuals / number of points).
    raise NotImplementedError("TODO(calibrate): write this region")


# ---------------------------------------------------------------------------------------
# 3. pose from 2D-3D correspondences
# ---------------------------------------------------------------------------------------


def pnp_dlt(
    X: np.ndarray, uv: np.ndarray, K: np.ndarray, dist: np.ndarray | None = None, refine: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Camera pose (R (3, 3), t (3,)) with uv ≈ project(R X + t) from N >= 6 correspondences.

    Undistort the pixels to normalised coordinates, then a linear DLT: non-coplanar points
    -> the 3x4 [R | t] up to scale (12 unknowns, 2 rows per point); coplanar points (a
    board) -> a homography of the plane. Project the 3x3 block onto the rotations (SVD),
    fix scale and sign (points in front), and optionally refine by Gauss-Newton/LM on the
    reprojection error.
    """
    # TODO(pnp): Linear PnP (DLT) with a proper rotation, then optional refinement.
    # | Work in normalised coordinates (undistort_points). Non-coplanar X: solve the 12
    # | entries of [R | t] up to scale by SVD. Coplanar X (e.g. a board, Z = 0 or any plane):
    # | use a homography of the plane. Return R orthonormal with det +1 and the points in
    # | front (Z > 0). With refine=True polish (rvec, t) on the pixel reprojection error.
    raise NotImplementedError("TODO(pnp): write this region")


# ---------------------------------------------------------------------------------------
# 4. two views: the fundamental matrix and triangulation
# ---------------------------------------------------------------------------------------


def eight_point(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """Fundamental matrix (3, 3) with x2ᵀ F x1 = 0 from N >= 8 pixel correspondences.

    Hartley: normalise each image's points (centroid 0, mean distance √2), stack one row
    (x2 x1, x2 y1, x2, y2 x1, y2 y1, y2, x1, y1, 1) per match, take the null vector, force
    rank 2 (zero the smallest singular value), undo the normalisation F = T2ᵀ F̂ T1.
    Returned with unit Frobenius norm (the scale and sign of F are arbitrary).
    """
    # TODO(fundamental): Normalised eight-point algorithm with rank-2 enforcement.
    # | Normalise both point sets (hartley_normalization), solve A f = 0 by SVD, make F
    # | rank 2, denormalise with T2ᵀ F T1, return it scaled to ||F||_F = 1.
    raise NotImplementedError("TODO(fundamental): write this region")


def triangulate_points(P1: np.ndarray, P2: np.ndarray, x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """Linear (DLT) triangulation: (N, 3) points from (3, 4) cameras and (N, 2) pixels.

    x ≅ P X gives, per view, two independent rows u·P[2] − P[0] and v·P[2] − P[1]; the
    4x4 system of both views is solved per point by SVD (the homogeneous least squares
    solution), then divided by its last coordinate.
    """
    # TODO(triangulate): Linear triangulation of each correspondence (vectorised).
    # | For every point stack the four rows u1·P1[2]−P1[0], v1·P1[2]−P1[1], u2·P2[2]−P2[0],
    # | v2·P2[2]−P2[1] into an (N, 4, 4) array, take each null vector (batched SVD) and
    # | dehomogenise. Return (N, 3) float64.
    raise NotImplementedError("TODO(triangulate): write this region")


# ---------------------------------------------------------------------------------------
# 5. dense stereo
# ---------------------------------------------------------------------------------------


def load_aloe(scale: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(left BGR, right BGR, ground-truth disparity float32 with NaN = unknown) at ``scale``.

    aloeGT.png (Middlebury 2006 "Aloe", full size 1282x1110) stores the disparity of the
    LEFT view in pixels directly, as uint8, with 0 = unknown (occluded or not measured):
    known values span 43..211 px. At scale s the images are resized with INTER_AREA and the
    disparity is resampled nearest-neighbour and multiplied by s (a disparity is a length
    in pixels, so it shrinks with the image).
    """
    from cvlab import data

    left = cv2.imread(str(data.opencv_sample("aloeL.jpg")), cv2.IMREAD_COLOR)
    right = cv2.imread(str(data.opencv_sample("aloeR.jpg")), cv2.IMREAD_COLOR)
    gt = cv2.imread(str(data.opencv_sample("aloeGT.png")), cv2.IMREAD_UNCHANGED)
    if gt.ndim == 3:
        gt = gt[..., 0]
    gt = gt.astype(np.float32)
    gt[gt == 0] = np.nan
    if scale != 1.0:
        h, w = left.shape[:2]
        size = (round(w * scale), round(h * scale))
        left = cv2.resize(left, size, interpolation=cv2.INTER_AREA)
        right = cv2.resize(right, size, interpolation=cv2.INTER_AREA)
        gt = cv2.resize(gt, size, interpolation=cv2.INTER_NEAREST) * np.float32(scale)
    return left, right, gt


def bad_pixel_rate(disp: np.ndarray, gt: np.ndarray, threshold: float = 2.0) -> dict[str, float]:
    """Middlebury-style scores on pixels with known ground truth.

    coverage: fraction of known-GT pixels the method gave a (finite) disparity;
    bad: fraction of those with |disp − gt| > threshold; bad_all: the same but counting
    pixels without an estimate as bad.
    """
    known = np.isfinite(gt)
    has = known & np.isfinite(disp)
    err = np.abs(np.where(has, disp, 0.0) - np.where(known, gt, 0.0))
    n_known, n_has = int(known.sum()), int(has.sum())
    bad = int((err[has] > threshold).sum())
    return {
        "coverage": n_has / max(n_known, 1),
        "bad": bad / max(n_has, 1),
        "bad_all": (bad + n_known - n_has) / max(n_known, 1),
    }


def stereo_disparity(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Left-view disparity (H, W) float32 in PIXELS, NaN where SGBM gives none.

    Tuned for the aloe pair at half size (disparities 21..106 px): the search range must
    contain them, and cv2's output is fixed point (value / 16) with invalid = minDisparity-1.
    """
    # TODO(sgbm): Choose StereoSGBM parameters for the pair and convert its output.
    # | cv2.StereoSGBM_create(minDisparity, numDisparities (multiple of 16), blockSize,
    # | P1, P2, ...). compute() returns int16 disparity * 16; values below minDisparity*16
    # | mean "no match". Return float32 pixels with NaN where there is no match.
    raise NotImplementedError("TODO(sgbm): write this region")


if __name__ == "__main__":
    from cvlab.data.synthetic import camera

    views = camera.chessboard_views(n_views=6, seed=0)
    print(f"rendered {len(views.images)} chessboard views {views.images.shape[1:]}, true K:\n{views.K}")
    X3 = views.object_points
    ref, _ = cv2.projectPoints(X3, views.rvecs[0], views.tvecs[0], views.K, views.dist)
    ours = project_points(X3, views.rvecs[0], views.tvecs[0], views.K, views.dist)
    print(f"project_points vs cv2.projectPoints: max |diff| = {np.abs(ours - ref.reshape(-1, 2)).max():.2e} px")
    back = undistort_points(views.corners[0], views.K, views.dist)
    ideal = project_points(X3, views.rvecs[0], views.tvecs[0], np.eye(3))
    print(f"undistort_points round trip: max |diff| = {np.abs(back - ideal).max():.2e} (normalised units)")

    found = [find_corners(im) for im in views.images]
    calib = calibrate_camera([X3] * len(found), found, views.image_size)
    print(
        f"calibrate_camera on renders: rms {calib.rms:.3f} px, fx {calib.K[0, 0]:.2f} (true {views.K[0, 0]}),"
        f" fy {calib.K[1, 1]:.2f} (true {views.K[1, 1]})"
    )

    R, t = pnp_dlt(X3, found[0], views.K, views.dist)
    err = np.degrees(np.linalg.norm(rvec_from_matrix(R.T @ rodrigues(views.rvecs[0]))))
    print(f"pnp_dlt on view 0: rotation error {err:.3f} deg, |t - t_true| = {np.linalg.norm(t - views.tvecs[0]):.4f}")

    scene = camera.two_view_scene(n_points=200, sigma=0.5, seed=0)
    F = eight_point(scene.x1, scene.x2)
    print(
        f"eight_point vs exact F: min(|F - F*|, |F + F*|) = "
        f"{min(np.linalg.norm(F - scene.F), np.linalg.norm(F + scene.F)):.4f} (noise 0.5 px)"
    )
    Xt = triangulate_points(scene.P1, scene.P2, scene.x1, scene.x2)
    print(
        f"triangulate_points: median 3D error {np.median(np.linalg.norm(Xt - scene.X, axis=1)):.4f}"
        f" at depths 4..10 (baseline 1)"
    )

    left_img, right_img, gt = load_aloe(0.5)
    disp = stereo_disparity(left_img, right_img)
    s1, s2 = bad_pixel_rate(disp, gt, 1.0), bad_pixel_rate(disp, gt, 2.0)
    print(f"SGBM on aloe (half size): coverage {s2['coverage']:.3f}, bad>1px {s1['bad']:.3f}, bad>2px {s2['bad']:.3f}")
    here = Path(__file__).parent
    print(f"(run `cvlab check 1.7` in {here.name} to grade)")
