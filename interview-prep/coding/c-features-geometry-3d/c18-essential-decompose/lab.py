"""c18 - Essential matrix decomposition into R, t with the cheirality check.

E = [t]ₓ R (camera 2 coordinates X2 = R X1 + t). The SVD E = U diag(1, 1, 0) Vᵀ gives two
rotations (U W Vᵀ, U Wᵀ Vᵀ) and two translations (±u3): four poses, of which exactly one
puts the scene in front of both cameras.
"""

from __future__ import annotations

import numpy as np


def pose_from_essential(E: np.ndarray, x1: np.ndarray, x2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Relative pose (R (3, 3), t (3,) with |t| = 1) from E and normalised correspondences x1, x2 (N, 2).

    x1, x2 are normalised image coordinates (K⁻¹ applied: (u - cx) / fx, ...).
        E = U diag(1, 1, 0) Vᵀ with det U = det V = +1 (flip the sign of E if needed)
        W = [[0, -1, 0], [1, 0, 0], [0, 0, 1]]
        R ∈ {U W Vᵀ, U Wᵀ Vᵀ},  t ∈ {+u3, -u3}  (u3 = last column of U)
    Cheirality: for each candidate, depths (z1, z2) with z2 x̃2 = z1 R x̃1 + t (least squares
    per point); keep the candidate with the most points having z1 > 0 and z2 > 0.
    """
    # TODO(solve): Return (R, t): R (3, 3) float64 a proper rotation (det +1), t (3,) float64 with |t| = 1,
    # | such that E ∝ [t]ₓ R and camera-2 coordinates are X2 = R X1 + t. x1, x2 (N, 2) are normalised image
    # | coordinates of the same points (K already removed). E may have any nonzero scale or sign. Of the four
    # | decompositions return the one with the most points in front of both cameras (positive depth in each).
    # | Raise ValueError if E is not (3, 3), x1/x2 are not the same (N, 2) shape, or N == 0.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    from cvlab.data.synthetic import camera

    scene = camera.two_view_scene(n_points=20, sigma=0.0, seed=1)
    Kinv = np.linalg.inv(scene.K)
    n1 = (np.c_[scene.x1, np.ones(20)] @ Kinv.T)[:, :2]
    n2 = (np.c_[scene.x2, np.ones(20)] @ Kinv.T)[:, :2]
    R, t = pose_from_essential(scene.E, n1, n2)
    print("R =\n", R.round(6), "\ntrue R =\n", scene.R.round(6))
    print("t =", t.round(6), " true t / |t| =", (scene.t / np.linalg.norm(scene.t)).round(6))
