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
    # TODO(solve): Return (N, 3) float64 points X with P1 X̃ ∝ (u1, v1, 1) and P2 X̃ ∝ (u2, v2, 1):
    # | the linear DLT solution (smallest right singular vector of the 4x4 system of each point, then divide
    # | by the homogeneous coordinate), vectorised over the N points. Cameras may have any nonzero scale.
    # | N may be 0. Raise ValueError if P1 or P2 is not (3, 4) or x1, x2 are not the same (N, 2) shape.
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    P1 = np.array([[100.0, 0, 50, 0], [0, 100, 50, 0], [0, 0, 1, 0]])  # K [I | 0]
    P2 = np.array([[100.0, 0, 50, -100], [0, 100, 50, 0], [0, 0, 1, 0]])  # K [I | (-1, 0, 0)]: 1 m to the right
    x1 = np.array([[50.0, 50.0], [70.0, 40.0]])
    x2 = np.array([[25.0, 50.0], [45.0, 40.0]])
    print("triangulate_dlt ->\n", triangulate_dlt(P1, P2, x1, x2))
