"""Lab 0.3 - Linear algebra for vision.

Five tools that sit under almost every vision algorithm, each written from the maths and
graded against a library that does the same job:

1. matrix multiplication, first as three loops (the definition), then vectorised with
   broadcasting, both checked against ``np.matmul``;
2. least squares three ways (normal equations, QR, SVD) checked against
   ``scipy.linalg.lstsq``, including a badly conditioned design where the normal
   equations lose half their digits;
3. rank-k SVD compression of a photograph, with the energy kept and the Eckart-Young
   error;
4. PCA / eigenfaces as the SVD of centred data, checked against ``sklearn``;
5. homogeneous 2D transforms in OpenCV's convention, checked against
   ``cv2.getRotationMatrix2D``, ``cv2.transform`` and ``cv2.perspectiveTransform``.

Conventions: every function returns float64; shapes are written ``(N, D)`` for N samples
of dimension D; points are rows ``(N, 2)`` of ``(x, y)`` with x to the right and y DOWN
(image coordinates).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Literal

import numpy as np
import scipy.linalg

# --------------------------------------------------------------------------------------
# 1. Matrix multiplication
# --------------------------------------------------------------------------------------


def matmul_loops(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """C = A @ B by the definition ``C[i, j] = sum_k A[i, k] * B[k, j]``.

    A is (N, K), B is (K, M), C is (N, M). Three nested Python loops: the reference
    implementation, only for small inputs (it does N*K*M Python-level multiplications).
    Raises ValueError when the inner dimensions differ.
    """
    # TODO(matmul_loops): Compute C[i, j] = sum over k of A[i, k] * B[k, j] with three nested loops.
    # | A is (N, K), B is (K, M); return C of shape (N, M) and dtype np.result_type(A, B).
    # | Raise ValueError if A.shape[1] != B.shape[0]. K = 0 gives an all-zero (N, M) result.
    raise NotImplementedError("TODO(matmul_loops): write this region")


def matmul_broadcast(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """C = A @ B without Python loops: an outer product by broadcasting, then a sum.

    ``A[:, :, None]`` is (N, K, 1) and ``B[None, :, :]`` is (1, K, M); their product is the
    (N, K, M) tensor of every ``A[i, k] * B[k, j]``, and summing over axis 1 (k) gives C.
    It allocates N*K*M numbers, so it is a teaching step between the loops and BLAS, not a
    replacement for ``np.matmul``.
    """
    # TODO(matmul_broadcast): Same result as matmul_loops, with no Python loop: broadcast
    # | A as (N, K, 1) against B as (1, K, M), multiply, and sum over the K axis.
    # | Raise ValueError if the inner dimensions differ (broadcasting alone would NOT catch K=1 vs K=3).
    raise NotImplementedError("TODO(matmul_broadcast): write this region")


# --------------------------------------------------------------------------------------
# 2. Least squares
# --------------------------------------------------------------------------------------

LstsqMethod = Literal["normal", "qr", "svd"]


def lstsq(A: np.ndarray, b: np.ndarray, method: LstsqMethod = "qr") -> np.ndarray:
    """The x that minimises ||A x - b||_2, by one of three methods.

    A is (m, n) with m >= n, b is (m,) or (m, r) (r right-hand sides); x is (n,) or (n, r).

    * ``"normal"``: solve the n x n system (AᵀA) x = Aᵀb. Cheap, but cond(AᵀA) = cond(A)²,
      so about twice as many digits are lost.
    * ``"qr"``: A = QR (Q is m x n with orthonormal columns, R is n x n upper triangular);
      then ||Ax - b|| is minimised by R x = Qᵀb, solved by back substitution. Loses only
      cond(A) worth of digits.
    * ``"svd"``: A = U S Vᵀ; x = V S⁺ Uᵀ b, where S⁺ inverts only the singular values above
      ``eps * max(m, n) * s_max`` (the rest are treated as zero). For a rank-deficient A this
      is the minimum-norm solution; for full rank it equals the others.
    """
    # TODO(least_squares): Return the least-squares solution x of A x ~ b for method "normal"
    # | (solve AᵀA x = Aᵀb), "qr" (reduced QR of A, then a triangular solve of R x = Qᵀb) or "svd"
    # | (pseudo-inverse through the SVD, or np.linalg.lstsq; minimum-norm when A is rank deficient).
    # | b may be (m,) or (m, r); x is (n,) or (n, r). Raise ValueError for any other method.
    raise NotImplementedError("TODO(least_squares): write this region")


# --------------------------------------------------------------------------------------
# 3. SVD compression
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SVDCompression:
    """A rank-k approximation of an image and what it costs.

    approx: (H, W) float64, the best rank-k approximation (not clipped to the pixel range).
    energy_kept: sum of the k largest squared singular values / sum of all of them, in [0, 1].
    compression_ratio: numbers in the image / numbers stored, H*W / (k * (H + W + 1)).
    """

    approx: np.ndarray
    energy_kept: float
    compression_ratio: float


def svd_compress(image: np.ndarray, k: int) -> SVDCompression:
    """Best rank-k approximation of a grayscale image (Eckart-Young) and its bookkeeping.

    With M = U diag(s) Vᵀ (s sorted descending), M_k = sum_{i<k} s_i u_i v_iᵀ. Eckart-Young:
    no matrix of rank <= k is closer to M in Frobenius norm, and
    ``||M - M_k||_F = sqrt(sum_{i>=k} s_i²)``. The energy kept is
    ``sum_{i<k} s_i² / sum_i s_i²`` (= 1 - relative squared error). Storing the first k
    columns of U, the first k values of s and the first k rows of Vᵀ takes k*(H + W + 1)
    numbers instead of H*W.
    """
    # TODO(svd_compress): Return SVDCompression(approx, energy_kept, compression_ratio) for the
    # | best rank-k approximation of the (H, W) image (as float64, not clipped). Energy kept is the share
    # | of the sum of SQUARED singular values in the k largest (1.0 for an all-zero image). The ratio is
    # | H*W / (k*(H + W + 1)). Raise ValueError unless 1 <= k <= min(H, W).
    raise NotImplementedError("TODO(svd_compress): write this region")


# --------------------------------------------------------------------------------------
# 4. PCA / eigenfaces
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PCAModel:
    """A fitted PCA (same meaning as scikit-learn's attributes of the same names).

    mean: (D,) the training mean.
    components: (k, D) orthonormal rows, the principal directions, by decreasing variance.
    explained_variance: (k,) variance of the data along each component (denominator N - 1).
    explained_variance_ratio: (k,) each component's share of the TOTAL variance (all D
        directions), so it sums to <= 1.
    """

    mean: np.ndarray
    components: np.ndarray
    explained_variance: np.ndarray
    explained_variance_ratio: np.ndarray


def pca_fit(X: np.ndarray, n_components: int) -> PCAModel:
    """PCA of the rows of X by the SVD of the centred data.

    Xc = X - mean = U S Vᵀ. The covariance is C = XcᵀXc / (N-1) = V (S²/(N-1)) Vᵀ, so the
    rows of Vᵀ are the eigenvectors of C and s_i²/(N-1) its eigenvalues: the SVD gives the
    covariance eigendecomposition without ever forming the D x D matrix C (or squaring its
    condition number).
    """
    # TODO(pca_fit): Fit PCA on X (N, D): centre the rows, take the SVD of the centred data and
    # | return PCAModel(mean (D,), components (k, D) = first k right singular vectors,
    # | explained_variance (k,) = s²/(N-1), explained_variance_ratio (k,) = s² / sum of ALL s²).
    # | Raise ValueError unless 1 <= n_components <= min(N, D). The sign of each component is free.
    raise NotImplementedError("TODO(pca_fit): write this region")


def pca_project(model: PCAModel, X: np.ndarray, k: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Codes and reconstruction of X with the first k components of a fitted PCA.

    codes z = (x - mean) Wᵀ with W = components[:k] (k, D); reconstruction x̂ = mean + z W.
    Because W has orthonormal rows, x̂ is the orthogonal projection of x onto the affine
    subspace through the mean spanned by the components, the closest such point to x.
    """
    # TODO(pca_project): Project X (N, D) on the first k components (all of them if k is None):
    # | return (codes (N, k), reconstruction (N, D)); the reconstruction is in the original, uncentred
    # | space of X. Raise ValueError unless 1 <= k <= number of components.
    raise NotImplementedError("TODO(pca_project): write this region")


# --------------------------------------------------------------------------------------
# 5. Homogeneous 2D transforms
# --------------------------------------------------------------------------------------


def translation(tx: float, ty: float) -> np.ndarray:
    """3x3 homogeneous translation: (x, y, 1) -> (x + tx, y + ty, 1)."""
    return np.array([[1.0, 0.0, tx], [0.0, 1.0, ty], [0.0, 0.0, 1.0]])


def scaling(sx: float, sy: float | None = None) -> np.ndarray:
    """3x3 homogeneous scaling about the origin (isotropic when sy is None)."""
    sy = sx if sy is None else sy
    return np.array([[sx, 0.0, 0.0], [0.0, sy, 0.0], [0.0, 0.0, 1.0]])


def compose(*matrices: np.ndarray) -> np.ndarray:
    """Product of 3x3 transforms, written in the order they act RIGHT TO LEFT.

    ``compose(A, B, C) = A @ B @ C``: a point is transformed by C first, then B, then A.
    """
    return reduce(np.matmul, matrices, np.eye(3))


def rotation_about(center: tuple[float, float], angle_deg: float, scale: float = 1.0) -> np.ndarray:
    """3x3 rotation by ``angle_deg`` about ``center`` with isotropic ``scale``, OpenCV's convention.

    In image coordinates (y down) a positive angle turns the picture COUNTER-CLOCKWISE on
    screen, which is the matrix R = [[cos, sin], [-sin, cos]] (the transpose of the textbook
    y-up rotation). About a centre c: move c to the origin, rotate and scale, move back:
    M = T(c) S R T(-c). Its top two rows equal ``cv2.getRotationMatrix2D(c, angle, scale)``.
    """
    # TODO(rotation_about): Build the 3x3 matrix that rotates by angle_deg (degrees, positive =
    # | counter-clockwise on screen with y pointing DOWN, as OpenCV) and scales by `scale` about `center`
    # | (cx, cy): the centre stays fixed. Compose it from translation(), scaling() and a 3x3 rotation.
    # | The last row must be [0, 0, 1].
    raise NotImplementedError("TODO(rotation_about): write this region")


def apply_homogeneous(M: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Apply a 2x3 affine or 3x3 (affine or projective) matrix to (N, 2) points.

    Lift each point to (x, y, 1), multiply, and divide by the third coordinate w (w = 1 for
    an affine matrix, so the division only matters for a homography).
    """
    # TODO(apply_homogeneous): Map points (N, 2) through M, a (2, 3) affine matrix or a (3, 3) matrix:
    # | append a column of ones, multiply every row by M (one matrix product, no loop), divide by the
    # | third coordinate and return (N, 2) float64. N = 0 returns an empty (0, 2) array.
    raise NotImplementedError("TODO(apply_homogeneous): write this region")


# --------------------------------------------------------------------------------------
# Demo
# --------------------------------------------------------------------------------------

if __name__ == "__main__":
    from cvlab import data

    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((4, 3)), rng.standard_normal((3, 5))
    print("matmul loops     max |err| vs np.matmul:", np.abs(matmul_loops(A, B) - A @ B).max())
    print("matmul broadcast max |err| vs np.matmul:", np.abs(matmul_broadcast(A, B) - A @ B).max())

    # Least squares on a design with cond(A) = 1e7: normal equations see cond(AᵀA) = 1e14.
    Uq, _ = np.linalg.qr(rng.standard_normal((60, 6)))
    Vq, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    Ad = (Uq * np.logspace(0, -7, 6)) @ Vq.T
    x_true = rng.standard_normal(6)
    x_ref = scipy.linalg.lstsq(Ad, Ad @ x_true)[0]
    print(f"scipy.linalg.lstsq  relative error: {np.linalg.norm(x_ref - x_true) / np.linalg.norm(x_true):.1e}")
    for method in ("normal", "qr", "svd"):
        x = lstsq(Ad, Ad @ x_true, method)  # type: ignore[arg-type]
        print(f"lstsq {method!r:8s}    relative error: {np.linalg.norm(x - x_true) / np.linalg.norm(x_true):.1e}")

    camera = data.skimage_image("camera")
    for k in (5, 20, 50):
        comp = svd_compress(camera, k)
        err = np.linalg.norm(camera - comp.approx)
        print(
            f"camera rank {k:3d}: energy kept {comp.energy_kept:.4f}, ratio {comp.compression_ratio:5.1f}x, ||M-M_k||_F {err:.0f}"
        )

    images, labels = data.lfw_faces()
    faces = images[labels == 1].reshape(-1, 25 * 25)  # (100, 625)
    model = pca_fit(faces, 50)
    for k in (1, 10, 50):
        _, rec = pca_project(model, faces, k)
        print(
            f"eigenfaces k={k:2d}: variance explained {model.explained_variance_ratio[:k].sum():.3f}, "
            f"RMS reconstruction error {np.sqrt(np.mean((faces - rec) ** 2)):.4f}"
        )

    M = rotation_about((256.0, 256.0), 30.0, 0.5)
    corners = np.array([[0.0, 0.0], [511.0, 0.0], [511.0, 511.0], [0.0, 511.0]])
    print("corners rotated 30 deg about the centre at half size:\n", apply_homogeneous(M, corners).round(1))
