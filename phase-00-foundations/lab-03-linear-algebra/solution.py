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
    # BEGIN REGION matmul_loops: Compute C[i, j] = sum over k of A[i, k] * B[k, j] with three nested loops.
    # | A is (N, K), B is (K, M); return C of shape (N, M) and dtype np.result_type(A, B).
    # | Raise ValueError if A.shape[1] != B.shape[0]. K = 0 gives an all-zero (N, M) result.
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError(f"cannot multiply {A.shape} by {B.shape}: inner dimensions must match")
    n, k_dim = A.shape
    m = B.shape[1]
    C = np.zeros((n, m), dtype=np.result_type(A, B))
    for i in range(n):
        for j in range(m):
            acc = 0  # a fresh accumulator for every output cell
            for k in range(k_dim):
                acc += A[i, k] * B[k, j]
            C[i, j] = acc
    return C
    # END REGION matmul_loops


def matmul_broadcast(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """C = A @ B without Python loops: an outer product by broadcasting, then a sum.

    ``A[:, :, None]`` is (N, K, 1) and ``B[None, :, :]`` is (1, K, M); their product is the
    (N, K, M) tensor of every ``A[i, k] * B[k, j]``, and summing over axis 1 (k) gives C.
    It allocates N*K*M numbers, so it is a teaching step between the loops and BLAS, not a
    replacement for ``np.matmul``.
    """
    # BEGIN REGION matmul_broadcast: Same result as matmul_loops, with no Python loop: broadcast
    # | A as (N, K, 1) against B as (1, K, M), multiply, and sum over the K axis.
    # | Raise ValueError if the inner dimensions differ (broadcasting alone would NOT catch K=1 vs K=3).
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError(f"cannot multiply {A.shape} by {B.shape}: inner dimensions must match")
    return (A[:, :, None] * B[None, :, :]).sum(axis=1)  # (N, K, 1) * (1, K, M) -> (N, K, M) -> (N, M)
    # END REGION matmul_broadcast


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
    # BEGIN REGION least_squares: Return the least-squares solution x of A x ~ b for method "normal"
    # | (solve AᵀA x = Aᵀb), "qr" (reduced QR of A, then a triangular solve of R x = Qᵀb) or "svd"
    # | (pseudo-inverse through the SVD, or np.linalg.lstsq; minimum-norm when A is rank deficient).
    # | b may be (m,) or (m, r); x is (n,) or (n, r). Raise ValueError for any other method.
    if method == "normal":
        # (n, m) @ (m, n) -> (n, n);  (n, m) @ (m,) -> (n,)
        return np.linalg.solve(A.T @ A, A.T @ b)
    if method == "qr":
        Q, R = np.linalg.qr(A, mode="reduced")  # Q (m, n), R (n, n) upper triangular
        return scipy.linalg.solve_triangular(R, Q.T @ b, lower=False)
    if method == "svd":
        U, s, Vt = np.linalg.svd(A, full_matrices=False)  # U (m, p), s (p,), Vt (p, n), p = min(m, n)
        cutoff = np.finfo(np.float64).eps * max(A.shape) * (s[0] if s.size else 0.0)
        s_inv = np.where(s > cutoff, 1.0 / np.where(s > cutoff, s, 1.0), 0.0)  # invert only the kept values
        Utb = U.T @ b  # (p,) or (p, r)
        scaled = Utb * (s_inv if Utb.ndim == 1 else s_inv[:, None])
        return Vt.T @ scaled  # (n, p) @ (p, ...) -> (n, ...)
    raise ValueError(f"unknown method {method!r}: use 'normal', 'qr' or 'svd'")
    # END REGION least_squares


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
    # BEGIN REGION svd_compress: Return SVDCompression(approx, energy_kept, compression_ratio) for the
    # | best rank-k approximation of the (H, W) image (as float64, not clipped). Energy kept is the share
    # | of the sum of SQUARED singular values in the k largest (1.0 for an all-zero image). The ratio is
    # | H*W / (k*(H + W + 1)). Raise ValueError unless 1 <= k <= min(H, W).
    M = np.asarray(image, dtype=np.float64)
    if M.ndim != 2:
        raise ValueError(f"expected a 2-D grayscale image, got shape {M.shape}")
    h, w = M.shape
    if not 1 <= k <= min(h, w):
        raise ValueError(f"k must be in [1, {min(h, w)}] for a {h}x{w} image, got {k}")
    U, s, Vt = np.linalg.svd(M, full_matrices=False)  # U (H, p), s (p,) descending, Vt (p, W)
    approx = (U[:, :k] * s[:k]) @ Vt[:k]  # (H, k) scaled column-wise by s, @ (k, W) -> (H, W)
    total = float(np.sum(s**2))  # = ||M||_F²
    energy = float(np.sum(s[:k] ** 2) / total) if total > 0 else 1.0
    ratio = (h * w) / (k * (h + w + 1))
    return SVDCompression(approx=approx, energy_kept=energy, compression_ratio=float(ratio))
    # END REGION svd_compress


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
    # BEGIN REGION pca_fit: Fit PCA on X (N, D): centre the rows, take the SVD of the centred data and
    # | return PCAModel(mean (D,), components (k, D) = first k right singular vectors,
    # | explained_variance (k,) = s²/(N-1), explained_variance_ratio (k,) = s² / sum of ALL s²).
    # | Raise ValueError unless 1 <= n_components <= min(N, D). The sign of each component is free.
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    if not 1 <= n_components <= min(n, d):
        raise ValueError(f"n_components must be in [1, {min(n, d)}] for data of shape {X.shape}, got {n_components}")
    mean = X.mean(axis=0)  # (D,)
    Xc = X - mean  # (N, D), every column has zero mean
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)  # s (p,), Vt (p, D), p = min(N, D)
    var = s**2 / max(n - 1, 1)  # eigenvalues of the covariance
    total = var.sum()
    ratio = var / total if total > 0 else np.zeros_like(var)
    k = n_components
    return PCAModel(mean=mean, components=Vt[:k].copy(), explained_variance=var[:k], explained_variance_ratio=ratio[:k])
    # END REGION pca_fit


def pca_project(model: PCAModel, X: np.ndarray, k: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Codes and reconstruction of X with the first k components of a fitted PCA.

    codes z = (x - mean) Wᵀ with W = components[:k] (k, D); reconstruction x̂ = mean + z W.
    Because W has orthonormal rows, x̂ is the orthogonal projection of x onto the affine
    subspace through the mean spanned by the components, the closest such point to x.
    """
    # BEGIN REGION pca_project: Project X (N, D) on the first k components (all of them if k is None):
    # | return (codes (N, k), reconstruction (N, D)); the reconstruction is in the original, uncentred
    # | space of X. Raise ValueError unless 1 <= k <= number of components.
    X = np.asarray(X, dtype=np.float64)
    n_comp = model.components.shape[0]
    k = n_comp if k is None else k
    if not 1 <= k <= n_comp:
        raise ValueError(f"k must be in [1, {n_comp}], got {k}")
    W = model.components[:k]  # (k, D)
    codes = (X - model.mean) @ W.T  # (N, D) @ (D, k) -> (N, k)
    recon = model.mean + codes @ W  # (N, k) @ (k, D) -> (N, D), then back to uncentred
    return codes, recon
    # END REGION pca_project


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
    # BEGIN REGION rotation_about: Build the 3x3 matrix that rotates by angle_deg (degrees, positive =
    # | counter-clockwise on screen with y pointing DOWN, as OpenCV) and scales by `scale` about `center`
    # | (cx, cy): the centre stays fixed. Compose it from translation(), scaling() and a 3x3 rotation.
    # | The last row must be [0, 0, 1].
    theta = np.deg2rad(angle_deg)
    c, s = np.cos(theta), np.sin(theta)
    R = np.array([[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]])  # y-down, counter-clockwise on screen
    cx, cy = center
    return compose(translation(cx, cy), scaling(scale), R, translation(-cx, -cy))
    # END REGION rotation_about


def apply_homogeneous(M: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Apply a 2x3 affine or 3x3 (affine or projective) matrix to (N, 2) points.

    Lift each point to (x, y, 1), multiply, and divide by the third coordinate w (w = 1 for
    an affine matrix, so the division only matters for a homography).
    """
    # BEGIN REGION apply_homogeneous: Map points (N, 2) through M, a (2, 3) affine matrix or a (3, 3) matrix:
    # | append a column of ones, multiply every row by M (one matrix product, no loop), divide by the
    # | third coordinate and return (N, 2) float64. N = 0 returns an empty (0, 2) array.
    M = np.asarray(M, dtype=np.float64)
    if M.shape == (2, 3):
        M = np.vstack([M, [0.0, 0.0, 1.0]])  # affine rows -> full homogeneous matrix
    if M.shape != (3, 3):
        raise ValueError(f"expected a (2, 3) or (3, 3) matrix, got {M.shape}")
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    homog = np.hstack([pts, np.ones((pts.shape[0], 1))])  # (N, 3) rows (x, y, 1)
    mapped = homog @ M.T  # (N, 3) @ (3, 3) -> (N, 3); row i is M @ p_i
    return mapped[:, :2] / mapped[:, 2:3]  # perspective divide by w
    # END REGION apply_homogeneous


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
