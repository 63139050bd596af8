"""c23 - Kabsch / Umeyama: the best rigid (or similarity) transform between matched point sets.

Given pairs p_i <-> q_i, find R (a proper rotation), t and optionally a scale s minimising
Σ |s R p_i + t - q_i|². Closed form: centre both sets, SVD of the 3x3 cross-covariance,
with a sign correction so that R is never a reflection.
"""

from __future__ import annotations

import numpy as np


def rigid_align(source: np.ndarray, target: np.ndarray, with_scale: bool = False) -> tuple[np.ndarray, np.ndarray, float]:
    """(R (3, 3), t (3,), s) minimising Σ_i |s R source_i + t - target_i|², R ∈ SO(3).

        μp, μq = means;  P = source - μp,  Q = target - μq            (N, 3)
        H = Pᵀ Q / N = U Σ Vᵀ                                          (3, 3) cross-covariance
        D = diag(1, 1, sign(det(V Uᵀ)))                               (reflection guard)
        R = V D Uᵀ
        s = trace(Σ D) / (|P|²_F / N)   if with_scale else 1           (Umeyama 1991)
        t = μq - s R μp
    """
    # TODO(solve): Return (R, t, s): R (3, 3) float64 rotation with det +1, t (3,) float64, s float, that
    # | minimise Σ |s R source_i + t - target_i|² for matched rows of source, target (N, 3). s is 1.0 unless
    # | with_scale (then the least-squares scale, Umeyama). Never return a reflection, even when the target is a
    # | mirror image. For degenerate sets (N < 3 or collinear) any minimiser is accepted.
    # | Raise ValueError if the shapes differ, are not (N, 3), or N == 0.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    src = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]])
    Rz = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # 90° about z
    dst = 2.0 * src @ Rz.T + np.array([1.0, 2.0, 3.0])
    R, t, s = rigid_align(src, dst, with_scale=True)
    print("R =\n", np.round(R, 6) + 0.0, "\nt =", np.round(t, 6) + 0.0, " s =", round(s, 6))
    mirror = src * np.array([1.0, 1.0, -1.0])
    R2, _, _ = rigid_align(src, mirror)
    print("mirror target: det R =", round(float(np.linalg.det(R2)), 6))
