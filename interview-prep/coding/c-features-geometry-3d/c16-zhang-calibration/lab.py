"""c16 - Zhang calibration: intrinsics from plane homographies.

A plane Z = 0 seen by a pinhole camera K [R | t] maps to the image by the homography
H = λ K [r1 r2 t]. Because r1 and r2 are orthonormal, every H gives two linear constraints
on the image of the absolute conic B = K⁻ᵀ K⁻¹; three views fix B up to scale, and K follows
in closed form (Zhang, 2000). No lens distortion here.
"""

from __future__ import annotations

import numpy as np


def intrinsics_from_homographies(homographies: np.ndarray) -> np.ndarray:
    """Camera matrix K (3, 3) from n >= 3 homographies (n, 3, 3) mapping board (X, Y, 1) to pixels.

    With h1, h2 the first two columns of H = λ K [r1 r2 t]:
        r1 ⟂ r2        ->  h1ᵀ B h2 = 0
        |r1| = |r2|    ->  h1ᵀ B h1 - h2ᵀ B h2 = 0,      B = K⁻ᵀ K⁻¹ (symmetric, 6 unknowns)
    Stack the 2n rows, b = the right singular vector of the smallest singular value, then
        v0 = (B12 B13 - B11 B23) / (B11 B22 - B12²)
        λ  = B33 - (B13² + v0 (B12 B13 - B11 B23)) / B11
        fx = sqrt(λ / B11),  fy = sqrt(λ B11 / (B11 B22 - B12²)),
        s  = -B12 fx² fy / λ,  u0 = s v0 / fy - B13 fx² / λ
    K = [[fx, s, u0], [0, fy, v0], [0, 0, 1]]. Invariant to the (signed) scale of each H and of b.
    """
    # TODO(solve): Return K (3, 3) float64 = [[fx, s, u0], [0, fy, v0], [0, 0, 1]] (fx, fy > 0, skew s
    # | allowed) from n >= 3 plane-to-image homographies (n, 3, 3), each known only up to a nonzero
    # | (possibly negative) scale, differing by up to 10^4 between views (normalise each H first).
    # | Use Zhang's two constraints per view on B = K⁻ᵀ K⁻¹, solve the homogeneous system by SVD and
    # | extract K in closed form. Raise ValueError for fewer than 3 homographies, a shape other than
    # | (n, 3, 3), views that leave b undetermined (second-smallest singular value of V <= 1e-9 times
    # | the largest, e.g. all boards parallel), or a B that is not definite (no camera fits the views).
    raise NotImplementedError("TODO(solve): write this region")


def _board_homography(K: np.ndarray, rvec_deg: tuple[float, float, float], t: tuple[float, float, float]) -> np.ndarray:
    """H = K [r1 r2 t] for a board rotated by XYZ Euler angles (degrees) and translated by t."""
    ax, ay, az = np.radians(rvec_deg)
    Rx = np.array([[1, 0, 0], [0, np.cos(ax), -np.sin(ax)], [0, np.sin(ax), np.cos(ax)]])
    Ry = np.array([[np.cos(ay), 0, np.sin(ay)], [0, 1, 0], [-np.sin(ay), 0, np.cos(ay)]])
    Rz = np.array([[np.cos(az), -np.sin(az), 0], [np.sin(az), np.cos(az), 0], [0, 0, 1]])
    R = Rz @ Ry @ Rx
    return K @ np.column_stack([R[:, 0], R[:, 1], t])


if __name__ == "__main__":
    K = np.array([[800.0, 0.0, 320.0], [0.0, 780.0, 240.0], [0.0, 0.0, 1.0]])
    Hs = np.stack(
        [
            _board_homography(K, (20, 0, 0), (-0.1, -0.1, 1.0)),
            _board_homography(K, (0, 25, 10), (-0.1, -0.1, 1.2)),
            _board_homography(K, (-15, -20, -5), (-0.1, -0.1, 0.9)),
        ]
    )
    print("true K =\n", K)
    print("intrinsics_from_homographies(Hs) =\n", intrinsics_from_homographies(Hs).round(6))
