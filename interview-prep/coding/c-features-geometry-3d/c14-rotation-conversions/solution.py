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
    # BEGIN REGION rodrigues: Return the float64 (3, 3) rotation matrix of the rotation vector rvec (3 values: angle θ = |rvec| in radians times the unit axis).
    # | R = I + sin θ [k]x + (1 - cos θ) [k]x², k = rvec / θ, where [k]x is the cross-product matrix. rvec = 0 gives I, and
    # | tiny angles (θ < 1e-8) must not divide by ~0 (use R ≈ I + [rvec]x). Raise ValueError unless rvec has exactly 3 values.
    w = np.asarray(rvec, dtype=np.float64).ravel()
    if w.size != 3:
        raise ValueError(f"a rotation vector has 3 components, got {w.size}")
    theta = float(np.linalg.norm(w))
    if theta < 1e-8:
        return np.eye(3) + _skew(w)  # first order: sin θ ≈ θ, 1 - cos θ ≈ 0
    k = _skew(w / theta)
    return np.eye(3) + np.sin(theta) * k + (1.0 - np.cos(theta)) * (k @ k)
    # END REGION rodrigues


def matrix_to_rotvec(R: np.ndarray) -> np.ndarray:
    """Log map: R -> ω with |ω| = θ ∈ [0, π].

    cos θ = (trace R - 1) / 2;  for 0 < θ < π:  ω = θ / (2 sin θ) · (R32 - R23, R13 - R31, R21 - R12).
    θ ≈ π: R = 2kkᵀ - I, so k is read from the largest column of (R + I)/2 (sign free).
    """
    # BEGIN REGION log_map: Return the float64 (3,) rotation vector ω (angle θ in [0, π] times the unit axis) of a rotation matrix R (3, 3).
    # | θ = arccos((trace - 1) / 2) (clip the argument to [-1, 1]). Identity -> zeros. Near θ = π the antisymmetric part
    # | vanishes: recover the axis from R + I = 2 k kᵀ instead (either sign of k is correct at exactly π). Must be accurate
    # | (1e-6) for every angle, including within 1e-7 of 0 and of π. Raise ValueError if R is not orthonormal with det +1.
    m = _check_rotation(R)
    cos_t = np.clip((np.trace(m) - 1.0) / 2.0, -1.0, 1.0)
    v = np.array([m[2, 1] - m[1, 2], m[0, 2] - m[2, 0], m[1, 0] - m[0, 1]])  # = 2 sin θ · k
    sin_t = 0.5 * np.linalg.norm(v)
    theta = float(np.arctan2(sin_t, cos_t))  # better conditioned than arccos near 0 and π
    if theta < 1e-8:
        return 0.5 * v  # first order: R ≈ I + [ω]x
    if np.pi - theta > 1e-4:
        return theta / (2.0 * sin_t) * v
    # Near π: R + I = 2 k kᵀ + O(π - θ); take its largest column for a well-conditioned axis.
    b = (m + m.T) / 4.0 + np.eye(3) / 2.0  # symmetric part of (R + I)/2: drops the sin θ·[k]x term
    j = int(np.argmax(np.diag(b)))
    k = b[:, j] / np.sqrt(b[j, j])
    if k @ v < 0:  # below π the antisymmetric part still fixes the sign
        k = -k
    return theta * k / np.linalg.norm(k)
    # END REGION log_map


def quat_to_matrix(q: np.ndarray) -> np.ndarray:
    """Quaternion [w, x, y, z] (scalar first, normalised here) -> rotation matrix float64 (3, 3)."""
    # BEGIN REGION quat_to_mat: Return the float64 (3, 3) rotation matrix of the quaternion q = [w, x, y, z] (scalar FIRST).
    # | Normalise q first (any non-zero quaternion is accepted; q and -q give the same matrix). Raise ValueError if q does
    # | not have 4 values or is (close to) zero.
    v = np.asarray(q, dtype=np.float64).ravel()
    if v.size != 4:
        raise ValueError(f"a quaternion has 4 components, got {v.size}")
    n = np.linalg.norm(v)
    if n < 1e-12:
        raise ValueError("the zero quaternion is not a rotation")
    w, x, y, z = v / n
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
            [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
            [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
        ]
    )
    # END REGION quat_to_mat


def matrix_to_quat(R: np.ndarray) -> np.ndarray:
    """Rotation matrix -> unit quaternion [w, x, y, z], canonical sign (w > 0, or w = 0 and first non-zero of x, y, z > 0).

    Shepperd's method: pick the largest of (trace, R00, R11, R22) to take the square root of, so the
    division that follows is never by a small number (the naive w = sqrt(1 + trace)/2 fails near θ = π).
    """
    # BEGIN REGION mat_to_quat: Return the float64 (4,) unit quaternion [w, x, y, z] of R (3, 3), in canonical sign.
    # | Canonical: w > 0; if |w| <= 1e-12 (a half-turn), the first of x, y, z that is non-zero (|.| > 1e-12) is positive.
    # | Must stay accurate (1e-6) near 180° rotations, where 1 + trace ≈ 0. Raise ValueError if R is not orthonormal with det +1.
    m = _check_rotation(R)
    tr = np.trace(m)
    cand = np.array([tr, m[0, 0], m[1, 1], m[2, 2]])
    i = int(np.argmax(cand))
    if i == 0:
        s = 2.0 * np.sqrt(1.0 + tr)  # s = 4w
        q = np.array([0.25 * s, (m[2, 1] - m[1, 2]) / s, (m[0, 2] - m[2, 0]) / s, (m[1, 0] - m[0, 1]) / s])
    elif i == 1:
        s = 2.0 * np.sqrt(1.0 + m[0, 0] - m[1, 1] - m[2, 2])  # s = 4x
        q = np.array([(m[2, 1] - m[1, 2]) / s, 0.25 * s, (m[0, 1] + m[1, 0]) / s, (m[0, 2] + m[2, 0]) / s])
    elif i == 2:
        s = 2.0 * np.sqrt(1.0 + m[1, 1] - m[0, 0] - m[2, 2])  # s = 4y
        q = np.array([(m[0, 2] - m[2, 0]) / s, (m[0, 1] + m[1, 0]) / s, 0.25 * s, (m[1, 2] + m[2, 1]) / s])
    else:
        s = 2.0 * np.sqrt(1.0 + m[2, 2] - m[0, 0] - m[1, 1])  # s = 4z
        q = np.array([(m[1, 0] - m[0, 1]) / s, (m[0, 2] + m[2, 0]) / s, (m[1, 2] + m[2, 1]) / s, 0.25 * s])
    q /= np.linalg.norm(q)
    lead = q[0] if abs(q[0]) > 1e-12 else q[1:][np.abs(q[1:]) > 1e-12][0]
    return -q if lead < 0 else q
    # END REGION mat_to_quat


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
