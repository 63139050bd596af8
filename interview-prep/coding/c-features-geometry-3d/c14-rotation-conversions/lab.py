"""c14 - Rotation conversions.

Four maps between the three rotation representations an engineer meets every day:
axis-angle (rotation vector ω = θ·axis, OpenCV's rvec) <-> 3x3 matrix (Rodrigues and its
inverse, the log map), and unit quaternion [w, x, y, z] <-> matrix. The edge cases are the
interview: θ = 0 (divide by zero) and θ = π (sin θ = 0, the axis sign is ambiguous).
"""

from __future__ import annotations

import numpy as np


def _check_rotation(R: np.ndarray) -> np.ndarray:
    m = np.asarray(R, dtype=np.float64)
    if m.shape != (3, 3) or np.abs(m.T @ m - np.eye(3)).max() > 1e-6 or np.linalg.det(m) < 0:
        raise ValueError(f"not a rotation matrix (orthonormal, det +1): {m.tolist()}")
    return m


def _skew(w: np.ndarray) -> np.ndarray:
    """[w]x, the cross-product matrix: [w]x @ v = w x v."""
    return np.array([[0.0, -w[2], w[1]], [w[2], 0.0, -w[0]], [-w[1], w[0], 0.0]])


def rotvec_to_matrix(rvec: np.ndarray) -> np.ndarray:
    """Rodrigues: ω = θ·k (|k| = 1)  ->  R = I + sin θ·[k]x + (1 - cos θ)·[k]x²  (float64 (3, 3))."""
    # TODO(rodrigues): Return the float64 (3, 3) rotation matrix of the rotation vector rvec (3 values: angle θ = |rvec| in radians times the unit axis).
    # | R = I + sin θ [k]x + (1 - cos θ) [k]x², k = rvec / θ, where [k]x is the cross-product matrix. rvec = 0 gives I, and
    # | tiny angles (θ < 1e-8) must not divide by ~0 (use R ≈ I + [rvec]x). Raise ValueError unless rvec has exactly 3 values.
    raise NotImplementedError("TODO(rodrigues): write this region")


def matrix_to_rotvec(R: np.ndarray) -> np.ndarray:
    """Log map: R -> ω with |ω| = θ ∈ [0, π].

    cos θ = (trace R - 1) / 2;  for 0 < θ < π:  ω = θ / (2 sin θ) · (R32 - R23, R13 - R31, R21 - R12).
    θ ≈ π: R = 2kkᵀ - I, so k is read from the largest column of (R + I)/2 (sign free).
    """
    # TODO(log_map): Return the float64 (3,) rotation vector ω (angle θ in [0, π] times the unit axis) of a rotation matrix R (3, 3).
    # | θ = arccos((trace - 1) / 2) (clip the argument to [-1, 1]). Identity -> zeros. Near θ = π the antisymmetric part
    # | vanishes: recover the axis from R + I = 2 k kᵀ instead (either sign of k is correct at exactly π). Must be accurate
    # | (1e-6) for every angle, including within 1e-7 of 0 and of π. Raise ValueError if R is not orthonormal with det +1.
    raise NotImplementedError("TODO(log_map): write this region")


def quat_to_matrix(q: np.ndarray) -> np.ndarray:
    """Quaternion [w, x, y, z] (scalar first, normalised here) -> rotation matrix float64 (3, 3)."""
    # TODO(quat_to_mat): Return the float64 (3, 3) rotation matrix of the quaternion q = [w, x, y, z] (scalar FIRST).
    # | Normalise q first (any non-zero quaternion is accepted; q and -q give the same matrix). Raise ValueError if q does
    # | not have 4 values or is (close to) zero.
    raise NotImplementedError("TODO(quat_to_mat): write this region")


def matrix_to_quat(R: np.ndarray) -> np.ndarray:
    """Rotation matrix -> unit quaternion [w, x, y, z], canonical sign (w > 0, or w = 0 and first non-zero of x, y, z > 0).

    Shepperd's method: pick the largest of (trace, R00, R11, R22) to take the square root of, so the
    division that follows is never by a small number (the naive w = sqrt(1 + trace)/2 fails near θ = π).
    """
    # TODO(mat_to_quat): Return the float64 (4,) unit quaternion [w, x, y, z] of R (3, 3), in canonical sign.
    # | Canonical: w > 0; if |w| <= 1e-12 (a half-turn), the first of x, y, z that is non-zero (|.| > 1e-12) is positive.
    # | Must stay accurate (1e-6) near 180° rotations, where 1 + trace ≈ 0. Raise ValueError if R is not orthonormal with det +1.
    raise NotImplementedError("TODO(mat_to_quat): write this region")


if __name__ == "__main__":
    R = rotvec_to_matrix([0.0, 0.0, np.pi / 2])
    print("rotvec (0, 0, π/2) ->\n", np.round(R, 6) + 0.0)
    print("back to rotvec:", np.round(matrix_to_rotvec(R), 6) + 0.0)
    print("quaternion:", np.round(matrix_to_quat(R), 6) + 0.0)
    print(
        "half-turn about x, rotvec:",
        np.round(matrix_to_rotvec(np.diag([1.0, -1.0, -1.0])), 6) + 0.0,
        " quaternion:",
        matrix_to_quat(np.diag([1.0, -1.0, -1.0])) + 0.0,
    )
