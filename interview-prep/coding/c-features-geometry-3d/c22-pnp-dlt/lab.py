"""c22 - Camera pose from 3-D/2-D correspondences by the DLT (PnP without iterations).

With K known, normalised image points x̂ = K⁻¹ x̃ satisfy x̂ ∝ [R | t] X̃. Each correspondence
gives two linear equations in the 12 entries of M = λ [R | t]; with N >= 6 points the SVD gives
M, whose left 3x3 block is projected onto the nearest rotation.
"""

from __future__ import annotations

import numpy as np


def pnp_dlt(points_3d: np.ndarray, points_2d: np.ndarray, K: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pose (R (3, 3), t (3,)) with x ∝ K (R X + t), from N >= 6 non-coplanar points X (N, 3) and pixels x (N, 2).

    1. x̂ = K⁻¹ (u, v, 1); normalise X: centroid -> 0, mean distance -> √3 (similarity T, 4x4).
    2. Rows per point:  [X̃ᵀ, 0, -x̂ X̃ᵀ] and [0, X̃ᵀ, -ŷ X̃ᵀ]  (2N x 12);  m = last right singular vector.
    3. M = m.reshape(3, 4) @ T;  if det M[:, :3] < 0: M = -M  (λ > 0: points in front).
    4. M[:, :3] = U S Vᵀ  ->  R = U Vᵀ,  scale = mean(S),  t = M[:, 3] / scale.
    """
    # TODO(solve): Return (R, t): R (3, 3) float64 a rotation (RᵀR = I, det +1) and t (3,) float64 with
    # | pixel ∝ K (R X + t) (OpenCV's world-to-camera convention), from N >= 6 points X (N, 3), pixels (N, 2) and
    # | intrinsics K (3, 3). Solve the 12 entries of λ[R | t] linearly (SVD), fix the sign so the points are in
    # | front of the camera, project the 3x3 block onto the nearest rotation and rescale t by the same factor.
    # | Raise ValueError for N < 6, mismatched shapes, or coplanar / collinear 3-D points.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    K = np.array([[500.0, 0.0, 320.0], [0.0, 500.0, 240.0], [0.0, 0.0, 1.0]])
    X = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]], float)
    R_true = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]])  # 90° about y
    t_true = np.array([-0.5, -0.5, 4.0])
    cam = X @ R_true.T + t_true
    x = cam[:, :2] / cam[:, 2:] * 500.0 + [320.0, 240.0]
    R, t = pnp_dlt(X, x, K)
    print("R =\n", np.round(R, 6) + 0.0)
    print("t =", np.round(t, 6) + 0.0)
