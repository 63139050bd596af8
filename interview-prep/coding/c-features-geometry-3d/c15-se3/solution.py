"""c15 - SE(3) transforms: compose, invert, apply.

A rigid transform is a 4x4 matrix T = [[R, t], [0, 1]] with R a rotation (RᵀR = I,
det R = +1). Convention: T_a_b maps a point written in frame b to frame a,
p_a = R p_b + t. Three operations every robotics / 3-D vision codebase needs:
closed-form inverse, chained composition, and batch application to point clouds.
"""

from __future__ import annotations

from functools import reduce

import numpy as np


def invert_se3(T: np.ndarray) -> np.ndarray:
    """Closed-form inverse of rigid transforms T (..., 4, 4).

    p_a = R p_b + t  =>  p_b = Rᵀ p_a - Rᵀ t,  so  T⁻¹ = [[Rᵀ, -Rᵀ t], [0, 1]].
    Exact for a true rotation, O(1) per matrix, no LU factorisation (np.linalg.inv).
    """
    # BEGIN REGION invert: Return the inverse of T, shape (..., 4, 4) float64, using the closed form
    # | [[Rᵀ, -Rᵀ t], [0, 0, 0, 1]] (do not call np.linalg.inv). Any number of leading batch
    # | dimensions, e.g. one (4, 4) matrix or a stack (B, 4, 4). Raise ValueError if the last
    # | two dimensions are not (4, 4).
    T = np.asarray(T, dtype=np.float64)
    if T.ndim < 2 or T.shape[-2:] != (4, 4):
        raise ValueError(f"expected (..., 4, 4) transforms, got shape {T.shape}")
    R = T[..., :3, :3]  # (..., 3, 3)
    t = T[..., :3, 3]  # (..., 3)
    Rt = np.swapaxes(R, -1, -2)  # (..., 3, 3) batched transpose, not .T (which reverses every axis)
    out = np.zeros_like(T)
    out[..., :3, :3] = Rt
    out[..., :3, 3] = -np.einsum("...ij,...j->...i", Rt, t)  # -Rᵀ t, (..., 3)
    out[..., 3, 3] = 1.0
    return out
    # END REGION invert


def compose_se3(*transforms: np.ndarray) -> np.ndarray:
    """Chain transforms left to right: compose_se3(T_a_b, T_b_c, T_c_d) = T_a_d.

    T_a_c = T_a_b @ T_b_c: the right-most transform acts on the point first.
    Batch dimensions broadcast like np.matmul.
    """
    # BEGIN REGION compose: Return the product T1 @ T2 @ ... @ Tk (float64, (..., 4, 4)), so that
    # | compose_se3(T_a_b, T_b_c) = T_a_c maps frame-c points to frame a. Leading batch dimensions
    # | broadcast like np.matmul. A single argument is returned as a float64 copy; no argument,
    # | or an argument whose last two dimensions are not (4, 4), raises ValueError.
    if not transforms:
        raise ValueError("compose_se3 needs at least one transform")
    mats = [np.asarray(T, dtype=np.float64) for T in transforms]
    for T in mats:
        if T.ndim < 2 or T.shape[-2:] != (4, 4):
            raise ValueError(f"expected (..., 4, 4) transforms, got shape {T.shape}")
    return reduce(np.matmul, mats[1:], mats[0].copy())
    # END REGION compose


def apply_se3(T: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Apply T (4, 4) or (B, 4, 4) to 3-D points (N, 3) or (B, N, 3): p' = R p + t.

    Row-vector form for a point cloud P (N, 3):  P' = P Rᵀ + tᵀ  (one GEMM, no homogeneous copy).
    """
    # BEGIN REGION apply: Return the transformed points p' = R p + t as float64.
    # | T (4, 4) with points (N, 3) -> (N, 3); T (B, 4, 4) with points (B, N, 3) -> (B, N, 3), each
    # | cloud moved by its own transform; T (B, 4, 4) with points (N, 3) -> (B, N, 3), the same
    # | cloud moved by every transform. N may be 0. Raise ValueError if the points' last dimension
    # | is not 3 or T is not (..., 4, 4).
    T = np.asarray(T, dtype=np.float64)
    P = np.asarray(points, dtype=np.float64)
    if T.ndim < 2 or T.shape[-2:] != (4, 4):
        raise ValueError(f"expected (..., 4, 4) transforms, got shape {T.shape}")
    if P.ndim < 1 or P.shape[-1] != 3:
        raise ValueError(f"expected points (..., N, 3), got shape {P.shape}")
    R = T[..., :3, :3]  # (..., 3, 3)
    t = T[..., None, :3, 3]  # (..., 1, 3) broadcasts over the N points
    # (..., N, 3) @ (..., 3, 3) -> (..., N, 3): each row p becomes (R p)ᵀ = pᵀ Rᵀ
    return P @ np.swapaxes(R, -1, -2) + t
    # END REGION apply


def _pose(rz_deg: float, t: tuple[float, float, float]) -> np.ndarray:
    c, s = np.cos(np.radians(rz_deg)), np.sin(np.radians(rz_deg))
    T = np.eye(4)
    T[:3, :3] = [[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]]
    T[:3, 3] = t
    return T


if __name__ == "__main__":
    T_w_c = _pose(90.0, (1.0, 2.0, 3.0))  # camera -> world: rotate 90° about z, then move
    print("T_w_c =\n", T_w_c.round(6))
    print("invert_se3(T_w_c) =\n", invert_se3(T_w_c).round(6))
    print("apply_se3(T_w_c, [[1, 0, 0]]) =", apply_se3(T_w_c, np.array([[1.0, 0.0, 0.0]])).round(6))
    T_c_o = _pose(0.0, (0.0, 0.0, 5.0))  # object 5 m in front of the camera
    print("compose_se3(T_w_c, T_c_o) =\n", compose_se3(T_w_c, T_c_o).round(6))
