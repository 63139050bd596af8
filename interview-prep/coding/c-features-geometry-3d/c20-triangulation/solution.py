"""c20 - Two-view linear (DLT) triangulation, vectorised over N points.

A pixel (u, v) seen by a 3x4 camera P gives two linear equations in the homogeneous point X:
u (p3ᵀ X) - p1ᵀ X = 0 and v (p3ᵀ X) - p2ᵀ X = 0. Two views give a 4x4 system A X = 0 per point;
X is the right singular vector of the smallest singular value, then divided by its w.
"""

from __future__ import annotations

import numpy as np


def triangulate_dlt(P1: np.ndarray, P2: np.ndarray, x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """3-D points (N, 3) from pixels x1, x2 (N, 2) seen by cameras P1, P2 (3, 4).

    Per point, with pᵢᵀ the rows of a camera:
        A = [ u1 p3ᵀ - p1ᵀ ]   (of P1)
            [ v1 p3ᵀ - p2ᵀ ]
            [ u2 p3ᵀ - p1ᵀ ]   (of P2)
            [ v2 p3ᵀ - p2ᵀ ]        X̃ = argmin |A X̃| s.t. |X̃| = 1  ->  X = X̃[:3] / X̃[3]
    All N 4x4 SVDs in one batched np.linalg.svd call.
    """
    # BEGIN REGION solve: Return (N, 3) float64 points X with P1 X̃ ∝ (u1, v1, 1) and P2 X̃ ∝ (u2, v2, 1):
    # | the linear DLT solution (smallest right singular vector of the 4x4 system of each point, then divide
    # | by the homogeneous coordinate), vectorised over the N points. Cameras may have any nonzero scale.
    # | N may be 0. Raise ValueError if P1 or P2 is not (3, 4) or x1, x2 are not the same (N, 2) shape.
    P1 = np.asarray(P1, dtype=np.float64)
    P2 = np.asarray(P2, dtype=np.float64)
    x1 = np.asarray(x1, dtype=np.float64)
    x2 = np.asarray(x2, dtype=np.float64)
    if P1.shape != (3, 4) or P2.shape != (3, 4):
        raise ValueError(f"cameras must be (3, 4), got {P1.shape} and {P2.shape}")
    if x1.ndim != 2 or x1.shape[1] != 2 or x1.shape != x2.shape:
        raise ValueError(f"x1, x2 must be the same (N, 2) shape, got {x1.shape} and {x2.shape}")
    if len(x1) == 0:
        return np.zeros((0, 3))
    # (N, 1) * (4,) - (4,) -> (N, 4) for each of the 4 equations, stacked to (N, 4, 4)
    A = np.stack(
        [
            x1[:, :1] * P1[2] - P1[0],
            x1[:, 1:] * P1[2] - P1[1],
            x2[:, :1] * P2[2] - P2[0],
            x2[:, 1:] * P2[2] - P2[1],
        ],
        axis=1,
    )
    A /= np.linalg.norm(A, axis=2, keepdims=True)  # equal weight per equation (scale of P, pixel size)
    Xh = np.linalg.svd(A)[2][:, -1, :]  # (N, 4): LAST ROW of each Vᵀ
    return Xh[:, :3] / Xh[:, 3:]
    # END REGION solve


if __name__ == "__main__":
    P1 = np.array([[100.0, 0, 50, 0], [0, 100, 50, 0], [0, 0, 1, 0]])  # K [I | 0]
    P2 = np.array([[100.0, 0, 50, -100], [0, 100, 50, 0], [0, 0, 1, 0]])  # K [I | (-1, 0, 0)]: 1 m to the right
    x1 = np.array([[50.0, 50.0], [70.0, 40.0]])
    x2 = np.array([[25.0, 50.0], [45.0, 40.0]])
    print("triangulate_dlt ->\n", triangulate_dlt(P1, P2, x1, x2))
