"""c17 - Normalised eight-point fundamental matrix.

Each correspondence x1 <-> x2 (homogeneous pixels) gives one linear equation x2ᵀ F x1 = 0
in the 9 entries of F. With N >= 8 of them, F is the least-squares null vector of the
(N, 9) design matrix, after Hartley normalisation of the pixels, with rank 2 enforced by
zeroing the smallest singular value.
"""

from __future__ import annotations

import numpy as np


def fundamental_eight_point(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """F (3, 3) with x2ᵀ F x1 = 0 from N >= 8 pixel correspondences x1, x2 (N, 2).

    1. Normalise: x̂ = T x with T a similarity (centroid -> 0, mean distance -> √2), per image.
    2. Row i of A (N, 9) = kron(x̂2_i, x̂1_i), so A vec(F̂) = x̂2ᵀ F̂ x̂1 (row-major vec).
    3. vec(F̂) = last right singular vector of A (min |A f| with |f| = 1).
    4. Rank 2: F̂ = U diag(s1, s2, 0) Vᵀ (closest rank-2 matrix in Frobenius norm).
    5. Undo: x2ᵀ F x1 = x̂2ᵀ F̂ x̂1 with x̂ = T x  =>  F = T2ᵀ F̂ T1; scale to ||F||_F = 1.
    """
    # TODO(solve): Return F (3, 3) float64 of rank 2 with ||F||_F = 1 such that x2ᵀ F x1 ≈ 0 for the
    # | homogeneous pixels (u, v, 1) of every pair (x1[i] in image 1, x2[i] in image 2), x1 and x2 (N, 2).
    # | Normalise each image's points (centroid at 0, mean distance √2) before the SVD and undo it after;
    # | enforce rank 2 on the normalised matrix, before undoing the normalisation. The overall sign is free. Raise ValueError if N < 8 or the shapes differ / are not (N, 2).
    raise NotImplementedError("TODO(solve): write this region")


if __name__ == "__main__":
    from cvlab.data.synthetic import camera

    scene = camera.two_view_scene(n_points=50, sigma=0.0, seed=0)
    F = fundamental_eight_point(scene.x1, scene.x2)
    F *= np.sign(F.ravel() @ scene.F.ravel())  # the sign is arbitrary; align it for the comparison
    h1 = np.column_stack([scene.x1, np.ones(len(scene.x1))])
    h2 = np.column_stack([scene.x2, np.ones(len(scene.x2))])
    print("max |x2ᵀ F x1| over 50 exact pairs:", np.abs(np.einsum("ni,ij,nj->n", h2, F, h1)).max())
    print("max |F - F_true|:", np.abs(F - scene.F).max())
    print("singular values of F:", np.linalg.svd(F, compute_uv=False))
