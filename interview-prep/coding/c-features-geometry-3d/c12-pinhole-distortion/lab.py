"""c12 - Pinhole projection with radial/tangential distortion.

Region `distort`: OpenCV's Brown-Conrady lens model on normalised image coordinates.
Region `project`: world points -> camera frame (R, t) -> perspective divide -> distortion ->
pixels through K, with points on or behind the camera plane flagged invalid.
"""

from __future__ import annotations

import numpy as np


def distort(xy: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """Apply (k1, k2, p1, p2[, k3]) distortion to normalised coordinates (N, 2) -> (N, 2) float64.

    r² = x² + y²,  radial = 1 + k1·r² + k2·r⁴ + k3·r⁶
    x_d = x·radial + 2·p1·x·y + p2·(r² + 2x²)
    y_d = y·radial + p1·(r² + 2y²) + 2·p2·x·y
    """
    # TODO(distort): Return float64 (N, 2) distorted normalised coordinates for xy (N, 2), OpenCV's 4- or 5-coefficient model.
    # | dist = (k1, k2, p1, p2) or (k1, k2, p1, p2, k3) in OpenCV's order (k3 = 0 when absent). r² = x² + y²;
    # | x_d = x·(1 + k1 r² + k2 r⁴ + k3 r⁶) + 2 p1 x y + p2 (r² + 2x²); y_d = y·(same radial) + p1 (r² + 2y²) + 2 p2 x y.
    # | Raise ValueError if dist has another length or xy is not (N, 2). Vectorised over points.
    raise NotImplementedError("TODO(distort): write this region")


def project_points(
    points: np.ndarray, R: np.ndarray, t: np.ndarray, K: np.ndarray, dist: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """World points (N, 3) -> pixels (N, 2) float64 and a bool (N,) mask of points in front of the camera.

    X_c = R·X_w + t;  in front iff Z_c > 0;  (x, y) = (X_c/Z_c, Y_c/Z_c);  (x_d, y_d) = distort(x, y);
    u = fx·x_d + cx,  v = fy·y_d + cy   with K = [[fx, 0, cx], [0, fy, cy], [0, 0, 1]].
    Rows of points not in front are NaN.
    """
    # TODO(project): Return (uv float64 (N, 2), in_front bool (N,)) for world points (N, 3) seen by camera (R, t, K, dist).
    # | Camera frame X_c = R @ X_w + t. in_front = Z_c > 0 (strictly); those rows get uv = NaN and are not divided.
    # | For the others: divide by Z_c, apply distort (skip it when dist is None), then u = fx·x_d + cx, v = fy·y_d + cy.
    # | Raise ValueError for points not (N, 3), R not (3, 3), t not 3 values or K not (3, 3). No loop over points.
    raise NotImplementedError("TODO(project): write this region")


if __name__ == "__main__":
    print("distort((0.5, 0), k1=0.1):", distort(np.array([[0.5, 0.0]]), [0.1, 0.0, 0.0, 0.0]))
    K = np.array([[500.0, 0.0, 320.0], [0.0, 500.0, 240.0], [0.0, 0.0, 1.0]])
    pts = np.array([[0.0, 0.0, 2.0], [1.0, 0.5, 4.0], [0.0, 0.0, -1.0]])
    uv, ok = project_points(pts, np.eye(3), np.zeros(3), K)
    print("project_points (no distortion):\n", uv, ok)
    uv, ok = project_points(pts, np.eye(3), np.zeros(3), K, [-0.2, 0.05, 0.001, -0.002, 0.0])
    print("with distortion:\n", np.round(uv, 4), ok)
