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
    # BEGIN REGION solve: Return (R, t, s): R (3, 3) float64 rotation with det +1, t (3,) float64, s float, that
    # | minimise Σ |s R source_i + t - target_i|² for matched rows of source, target (N, 3). s is 1.0 unless
    # | with_scale (then the least-squares scale, Umeyama). Never return a reflection, even when the target is a
    # | mirror image. For degenerate sets (N < 3 or collinear) any minimiser is accepted.
    # | Raise ValueError if the shapes differ, are not (N, 3), or N == 0.
    P = np.asarray(source, dtype=np.float64)
    Q = np.asarray(target, dtype=np.float64)
    if P.ndim != 2 or P.shape[1] != 3 or P.shape != Q.shape or len(P) == 0:
        raise ValueError(f"expected source and target of the same shape (N, 3), N >= 1, got {P.shape} and {Q.shape}")
    mu_p, mu_q = P.mean(axis=0), Q.mean(axis=0)
    Pc, Qc = P - mu_p, Q - mu_q  # (N, 3) centred: the optimal t aligns the centroids
    H = Pc.T @ Qc / len(P)  # (3, N) @ (N, 3) -> (3, 3)
    U, S, Vt = np.linalg.svd(H)
    d = np.sign(np.linalg.det(Vt.T @ U.T)) or 1.0  # -1 when the best orthogonal map is a reflection
    D = np.diag([1.0, 1.0, d])
    R = Vt.T @ D @ U.T
    if with_scale:
        var_p = (Pc**2).sum() / len(P)
        s = float(np.sum(S * np.diag(D)) / var_p) if var_p > 0 else 1.0
    else:
        s = 1.0
    t = mu_q - s * R @ mu_p
    return R, t, s
    # END REGION solve


if __name__ == "__main__":
    src = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]])
    Rz = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # 90° about z
    dst = 2.0 * src @ Rz.T + np.array([1.0, 2.0, 3.0])
    R, t, s = rigid_align(src, dst, with_scale=True)
    print("R =\n", np.round(R, 6) + 0.0, "\nt =", np.round(t, 6) + 0.0, " s =", round(s, 6))
    mirror = src * np.array([1.0, 1.0, -1.0])
    R2, _, _ = rigid_align(src, mirror)
    print("mirror target: det R =", round(float(np.linalg.det(R2)), 6))
