"""Grader for lab 0.3 - Linear algebra for vision.

References used here, all independent of the learner's code: np.matmul, scipy.linalg.lstsq and
scipy.linalg.svdvals, sklearn's PCA and TruncatedSVD, np.cov + np.linalg.eigvalsh,
cv2.getRotationMatrix2D, cv2.invertAffineTransform, cv2.transform and cv2.perspectiveTransform,
plus matrices built with known singular values / known solutions (exact ground truth).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import scipy.linalg
from hypothesis import given
from hypothesis import strategies as st
from sklearn.decomposition import PCA, TruncatedSVD

from cvlab import data

EPS = np.finfo(np.float64).eps


# ------------------------------------------------------------------------------ helpers


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def _orthonormal(rng: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """(rows, cols) matrix with orthonormal columns (rows >= cols)."""
    q, _ = np.linalg.qr(rng.standard_normal((rows, cols)))
    return q


def _with_singular_values(rng: np.random.Generator, m: int, n: int, s: np.ndarray) -> tuple[np.ndarray, ...]:
    """A = U diag(s) Vᵀ with random orthonormal U (m, p), V (n, p): exact SVD ground truth."""
    p = len(s)
    U, V = _orthonormal(rng, m, p), _orthonormal(rng, n, p)
    return (U * s) @ V.T, U, V


def _rel(x: np.ndarray, ref: np.ndarray) -> float:
    return float(np.linalg.norm(x - ref) / max(np.linalg.norm(ref), 1e-300))


@pytest.fixture(scope="module")
def faces() -> np.ndarray:
    images, labels = data.lfw_faces()
    return images[labels == 1].reshape(-1, images.shape[1] * images.shape[2]).astype(np.float64)  # (100, 625)


@pytest.fixture(scope="module")
def camera() -> np.ndarray:
    img = data.skimage_image("camera")
    return img.astype(np.float64)  # (512, 512)


@pytest.fixture(scope="module")
def camera_half(camera) -> np.ndarray:
    return camera[::2, ::2].copy()  # (256, 256): same picture, 8x cheaper to decompose


# ============================================================================ matmul_loops


@pytest.mark.region("matmul_loops")
def test_matmul_loops_hand_example(lab):
    """matmul_loops gets a 2x3 by 3x2 product worked out by hand."""
    A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    B = np.array([[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]])
    expected = np.array([[58.0, 64.0], [139.0, 154.0]])
    got = np.asarray(lab.matmul_loops(A, B))
    assert got.shape == (2, 2), f"matmul_loops((2,3), (3,2)) returned shape {got.shape}, expected (2, 2)"
    assert np.allclose(got, expected), f"matmul_loops on a hand example returned\n{got}\nexpected\n{expected}"


@pytest.mark.region("matmul_loops")
def test_matmul_loops_matches_numpy(lab):
    """matmul_loops agrees with np.matmul on random non-square float and integer matrices."""
    rng = _rng(1)
    A, B = rng.standard_normal((5, 7)), rng.standard_normal((7, 3))
    got = np.asarray(lab.matmul_loops(A, B))
    ref = A @ B
    assert got.shape == ref.shape, f"matmul_loops((5,7), (7,3)) returned shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, rtol=1e-12, atol=1e-12), f"max |got - np.matmul| = {np.abs(got - ref).max():.3g}"
    Ai, Bi = rng.integers(-9, 10, (4, 6)), rng.integers(-9, 10, (6, 2))
    goti = np.asarray(lab.matmul_loops(Ai, Bi))
    assert np.array_equal(goti, Ai @ Bi), f"integer inputs: got\n{goti}\nexpected\n{Ai @ Bi}"
    assert goti.dtype == (Ai @ Bi).dtype, f"integer inputs should keep dtype {(Ai @ Bi).dtype}, got {goti.dtype}"


@pytest.mark.region("matmul_loops")
@given(n=st.integers(0, 4), k=st.integers(0, 4), m=st.integers(0, 4), seed=st.integers(0, 2**16))
def test_matmul_loops_any_shape(lab, n, k, m, seed):
    """matmul_loops matches np.matmul for every small shape, including empty ones (K = 0 gives zeros)."""
    rng = _rng(seed)
    A, B = rng.standard_normal((n, k)), rng.standard_normal((k, m))
    got = np.asarray(lab.matmul_loops(A, B))
    assert got.shape == (n, m), f"matmul_loops({A.shape}, {B.shape}) returned shape {got.shape}, expected {(n, m)}"
    assert np.allclose(got, A @ B, atol=1e-12), f"matmul_loops({A.shape}, {B.shape}) differs from np.matmul"


@pytest.mark.region("matmul_loops")
def test_matmul_loops_rejects_mismatched_shapes(lab):
    """matmul_loops raises ValueError when the inner dimensions differ."""
    for a_shape, b_shape in [((2, 3), (4, 2)), ((2, 1), (3, 4))]:
        with pytest.raises(ValueError):
            lab.matmul_loops(np.ones(a_shape), np.ones(b_shape))
            pytest.fail(f"matmul_loops({a_shape}, {b_shape}) returned instead of raising ValueError")


# ========================================================================= matmul_broadcast


@pytest.mark.region("matmul_broadcast")
@given(n=st.integers(0, 6), k=st.integers(0, 6), m=st.integers(0, 6), seed=st.integers(0, 2**16))
def test_matmul_broadcast_matches_numpy(lab, n, k, m, seed):
    """matmul_broadcast matches np.matmul for every small shape, including empty ones."""
    rng = _rng(seed)
    A, B = rng.standard_normal((n, k)), rng.standard_normal((k, m))
    got = np.asarray(lab.matmul_broadcast(A, B))
    assert got.shape == (n, m), f"matmul_broadcast({A.shape}, {B.shape}) returned shape {got.shape}, expected {(n, m)}"
    assert np.allclose(got, A @ B, atol=1e-12), (
        f"matmul_broadcast({A.shape}, {B.shape}) differs from np.matmul by {np.abs(got - A @ B).max():.3g}"
    )


@pytest.mark.region("matmul_broadcast")
def test_matmul_broadcast_larger_input(lab):
    """matmul_broadcast handles a 64x48 by 48x80 product (no loops needed to be quick)."""
    rng = _rng(2)
    A, B = rng.standard_normal((64, 48)), rng.standard_normal((48, 80))
    got = np.asarray(lab.matmul_broadcast(A, B))
    assert got.shape == (64, 80), f"returned shape {got.shape}, expected (64, 80)"
    assert np.allclose(got, A @ B, rtol=1e-10, atol=1e-10), f"max |got - np.matmul| = {np.abs(got - A @ B).max():.3g}"


@pytest.mark.region("matmul_broadcast")
def test_matmul_broadcast_rejects_mismatched_shapes(lab):
    """matmul_broadcast raises ValueError on mismatched inner dimensions, even K=1 vs K=3 where broadcasting would 'work'."""
    for a_shape, b_shape in [((2, 3), (4, 2)), ((2, 1), (3, 4)), ((2, 3), (1, 4))]:
        with pytest.raises(ValueError):
            lab.matmul_broadcast(np.ones(a_shape), np.ones(b_shape))
            pytest.fail(
                f"matmul_broadcast({a_shape}, {b_shape}) returned a result: (N,K,1)*(1,K,M) broadcasts a size-1 "
                "axis silently, so check the inner dimensions yourself"
            )


# =========================================================================== least_squares

METHODS = ("normal", "qr", "svd")


@pytest.mark.region("least_squares")
@pytest.mark.parametrize("method", METHODS)
def test_lstsq_square_system_is_solved_exactly(lab, method):
    """For a square invertible A, every method returns the exact solution of A x = b."""
    rng = _rng(3)
    A = rng.standard_normal((5, 5)) + 5 * np.eye(5)
    x_true = rng.standard_normal(5)
    got = np.asarray(lab.lstsq(A, A @ x_true, method))
    assert got.shape == (5,), f"lstsq(A (5,5), b (5,), {method!r}) returned shape {got.shape}, expected (5,)"
    assert _rel(got, x_true) < 1e-10, (
        f"lstsq(..., {method!r}) on a well-conditioned square system: got {got.round(6)}, expected {x_true.round(6)}"
    )


@pytest.mark.region("least_squares")
@pytest.mark.parametrize("method", METHODS)
def test_lstsq_matches_scipy_on_overdetermined_system(lab, method):
    """On a tall, well-conditioned, noisy system every method agrees with scipy.linalg.lstsq and the residual is orthogonal to A's columns."""
    rng = _rng(4)
    A = rng.standard_normal((80, 4))
    b = A @ np.array([1.0, -2.0, 0.5, 3.0]) + 0.1 * rng.standard_normal(80)
    ref = scipy.linalg.lstsq(A, b)[0]
    got = np.asarray(lab.lstsq(A, b, method))
    assert got.shape == (4,), f"lstsq(A (80,4), b (80,), {method!r}) returned shape {got.shape}, expected (4,)"
    assert _rel(got, ref) < 1e-9, f"lstsq(..., {method!r}) = {got}, scipy.linalg.lstsq = {ref}"
    normal_residual = np.abs(A.T @ (b - A @ got)).max()
    assert normal_residual < 1e-8, f"Aᵀ(b - A x) should be 0 at the optimum, got max {normal_residual:.3g}"


@pytest.mark.region("least_squares")
@pytest.mark.parametrize("method", METHODS)
def test_lstsq_multiple_right_hand_sides(lab, method):
    """b of shape (m, r) gives x of shape (n, r), one least-squares solution per column."""
    rng = _rng(5)
    A, B = rng.standard_normal((30, 3)), rng.standard_normal((30, 4))
    ref = scipy.linalg.lstsq(A, B)[0]
    got = np.asarray(lab.lstsq(A, B, method))
    assert got.shape == (3, 4), f"lstsq(A (30,3), b (30,4), {method!r}) returned shape {got.shape}, expected (3, 4)"
    assert _rel(got, ref) < 1e-9, (
        f"lstsq(..., {method!r}) with 4 right-hand sides differs from scipy by {_rel(got, ref):.2g}"
    )


@pytest.mark.region("least_squares")
@given(m_extra=st.integers(0, 20), n=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_lstsq_methods_agree_on_random_systems(lab, m_extra, n, seed):
    """On random well-conditioned systems of any size the three methods agree with scipy.linalg.lstsq."""
    rng = _rng(seed)
    m = n + m_extra
    A = _with_singular_values(rng, m, n, np.linspace(3.0, 1.0, n))[0]  # cond(A) = 3
    b = rng.standard_normal(m)
    ref = scipy.linalg.lstsq(A, b)[0]
    for method in METHODS:
        got = np.asarray(lab.lstsq(A, b, method))
        assert got.shape == (n,) and _rel(got, ref) < 1e-9, (
            f"lstsq(A {A.shape}, b, {method!r}) = {got}, scipy.linalg.lstsq gives {ref}"
        )


@pytest.mark.region("least_squares")
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lstsq_ill_conditioned_design(lab, seed):
    """With cond(A) = 1e7, QR and SVD keep ~9 digits while the normal equations (cond(AᵀA) = 1e14) keep only ~2."""
    rng = _rng(100 + seed)
    cond = 1e7
    A = _with_singular_values(rng, 60, 6, np.logspace(0, -7, 6))[0]
    cond_a, cond_ata = np.linalg.cond(A), np.linalg.cond(A.T @ A)
    # The fact the whole test rests on: forming AᵀA squares the condition number.
    assert np.isclose(cond_ata, cond_a**2, rtol=0.05), f"cond(A)={cond_a:.3g}, cond(AᵀA)={cond_ata:.3g}"
    x_true = rng.standard_normal(6)
    b = A @ x_true  # consistent system: the exact answer is x_true
    ref = scipy.linalg.lstsq(A, b)[0]
    errors = {}
    for method in METHODS:
        got = np.asarray(lab.lstsq(A, b, method))
        assert got.shape == (6,), f"lstsq(A (60,6), b (60,), {method!r}) returned shape {got.shape}"
        errors[method] = _rel(got, x_true)
    # Backward-stable methods: relative error of order cond(A) * eps = 2e-9 (a factor 100 of slack).
    for method in ("qr", "svd"):
        assert errors[method] < 100 * cond * EPS, (
            f"lstsq(..., {method!r}) on a cond(A)=1e7 design has relative error {errors[method]:.2g}; a stable "
            f"method should stay near cond(A)*eps = {cond * EPS:.1g} (scipy's error: {_rel(ref, x_true):.1g})"
        )
    # Normal equations: error of order cond(A)² * eps = 2e-2; still a solution, just a poor one.
    assert errors["normal"] < 10 * cond**2 * EPS, (
        f"lstsq(..., 'normal') has relative error {errors['normal']:.2g}, more than even cond(A)²*eps allows"
    )
    assert errors["normal"] > 100 * max(errors["qr"], 1e-13), (
        f"'normal' error {errors['normal']:.2g} vs 'qr' error {errors['qr']:.2g}: solving AᵀA x = Aᵀb must lose "
        "about cond(A)=1e7 times more accuracy than QR here. Does 'normal' really form and solve AᵀA x = Aᵀb?"
    )


@pytest.mark.region("least_squares")
def test_lstsq_svd_minimum_norm_for_rank_deficient(lab):
    """For a rank-deficient A, method 'svd' returns the minimum-norm solution, like scipy.linalg.lstsq."""
    rng = _rng(6)
    A = rng.standard_normal((20, 3))
    A = np.hstack([A, A[:, :1] + A[:, 1:2]])  # 4th column = col0 + col1: rank 3
    b = rng.standard_normal(20)
    ref = scipy.linalg.lstsq(A, b)[0]
    got = np.asarray(lab.lstsq(A, b, "svd"))
    assert np.all(np.isfinite(got)), (
        f"lstsq(rank-3 A (20,4), b, 'svd') returned {got}: a singular value of ~1e-16 was inverted"
    )
    assert _rel(got, ref) < 1e-8, (
        f"lstsq(rank-3 A (20,4), b, 'svd') = {got.round(5)}, minimum-norm solution = {ref.round(5)}: "
        "drop singular values below eps*max(m,n)*s_max instead of dividing by them"
    )


@pytest.mark.region("least_squares")
def test_lstsq_rejects_unknown_method(lab):
    """lstsq raises ValueError for a method that is not 'normal', 'qr' or 'svd'."""
    A = np.eye(3)
    with pytest.raises(ValueError):
        lab.lstsq(A, np.ones(3), "cholesky-please")


# ============================================================================ svd_compress


@pytest.mark.region("svd_compress")
def test_svd_compress_constructed_ground_truth(lab):
    """On a matrix built with known singular values, the rank-k result is the sum of the k leading terms and the energy is exact."""
    rng = _rng(7)
    s = np.array([10.0, 6.0, 3.0, 2.0, 1.0, 0.5])
    M, U, V = _with_singular_values(rng, 12, 9, s)
    for k in (1, 3, 5):
        got = lab.svd_compress(M, k)
        expected = (U[:, :k] * s[:k]) @ V[:, :k].T
        approx = np.asarray(got.approx)
        assert approx.shape == M.shape, f"svd_compress(M (12,9), {k}).approx has shape {approx.shape}, expected (12, 9)"
        assert np.allclose(approx, expected, atol=1e-10), (
            f"svd_compress(M, k={k}) is not the sum of the {k} terms with the LARGEST singular values "
            f"(max diff {np.abs(approx - expected).max():.3g}); check U[:, :k], s[:k], Vt[:k] and their order"
        )
        energy = (s[:k] ** 2).sum() / (s**2).sum()
        assert np.isclose(got.energy_kept, energy, rtol=1e-10), (
            f"singular values {s.tolist()}, k={k}: energy_kept = {got.energy_kept:.6f}, expected "
            f"sum(s[:k]²)/sum(s²) = {energy:.6f} (energy is the SQUARED singular values)"
        )


@pytest.mark.region("svd_compress")
def test_svd_compress_eckart_young_on_full_camera(lab, camera):
    """On the 512x512 uint8 camera photo, the rank-20 error equals sqrt(sum of discarded s²) with s from scipy.linalg.svdvals."""
    k = 20
    s = scipy.linalg.svdvals(camera)
    got = lab.svd_compress(data.skimage_image("camera"), k)
    err = np.linalg.norm(camera - np.asarray(got.approx))
    expected = np.sqrt(np.sum(s[k:] ** 2))
    assert np.isclose(err, expected, rtol=1e-7), (
        f"svd_compress(camera uint8, {k}): ||M - approx||_F = {err:.2f}, but the best rank-{k} error is "
        f"sqrt(sum_(i>={k}) s_i²) = {expected:.2f}"
    )


@pytest.mark.region("svd_compress")
@pytest.mark.parametrize("k", [1, 10, 50])
def test_svd_compress_eckart_young_on_camera(lab, camera_half, k):
    """On the camera photo (256x256), ||M - M_k||_F equals sqrt(sum of discarded s²) (Eckart-Young) and energy_kept matches."""
    M = camera_half
    s = scipy.linalg.svdvals(M)
    got = lab.svd_compress(M, k)
    err = np.linalg.norm(M - np.asarray(got.approx))
    expected = np.sqrt(np.sum(s[k:] ** 2))
    assert np.isclose(err, expected, rtol=1e-7), (
        f"svd_compress(camera, {k}): ||M - approx||_F = {err:.2f}, but the best rank-{k} error is "
        f"sqrt(sum_(i>={k}) s_i²) = {expected:.2f}"
    )
    energy = np.sum(s[:k] ** 2) / np.sum(s**2)
    assert np.isclose(got.energy_kept, energy, rtol=1e-9), f"energy_kept = {got.energy_kept:.6f}, expected {energy:.6f}"
    assert np.isclose(got.energy_kept, 1 - err**2 / np.sum(M**2), rtol=1e-6), (
        "energy_kept should equal 1 - ||M - M_k||²_F / ||M||²_F"
    )


@pytest.mark.region("svd_compress")
def test_svd_compress_matches_sklearn_truncated_svd(lab, camera_half):
    """The rank-20 approximation of the camera (256x256) equals sklearn TruncatedSVD's reconstruction."""
    M = camera_half
    k = 20
    tsvd = TruncatedSVD(n_components=k, algorithm="arpack", tol=0.0, random_state=0)
    ref = tsvd.inverse_transform(tsvd.fit_transform(M))
    got = np.asarray(lab.svd_compress(M, k).approx)
    diff = np.abs(got - ref).max()
    assert diff < 1e-6 * np.abs(M).max(), f"svd_compress(camera, {k}) differs from TruncatedSVD by up to {diff:.3g}"


@pytest.mark.region("svd_compress")
@given(h=st.integers(1, 8), w=st.integers(1, 8), data_=st.data())
def test_svd_compress_properties(lab, h, w, data_):
    """For any small matrix: rank <= k, error² = discarded s², energy in [0, 1] and full rank reproduces the input."""
    seed = data_.draw(st.integers(0, 2**16), label="seed")
    k = data_.draw(st.integers(1, min(h, w)), label="k")
    M = _rng(seed).standard_normal((h, w))
    s = scipy.linalg.svdvals(M)
    got = lab.svd_compress(M, k)
    approx = np.asarray(got.approx)
    assert approx.shape == (h, w)
    assert np.linalg.matrix_rank(approx) <= k, (
        f"rank-{k} approximation of a {h}x{w} matrix has rank {np.linalg.matrix_rank(approx)}"
    )
    assert np.isclose(np.linalg.norm(M - approx) ** 2, np.sum(s[k:] ** 2), atol=1e-9), (
        f"{h}x{w}, k={k}: squared error {np.linalg.norm(M - approx) ** 2:.6g} != discarded energy {np.sum(s[k:] ** 2):.6g}"
    )
    assert 0.0 <= got.energy_kept <= 1.0 + 1e-12, f"energy_kept = {got.energy_kept} outside [0, 1]"
    full = lab.svd_compress(M, min(h, w))
    assert np.allclose(np.asarray(full.approx), M, atol=1e-10), "k = min(H, W) must reproduce the matrix"
    assert np.isclose(full.energy_kept, 1.0), f"k = min(H, W) keeps all the energy, got {full.energy_kept}"


@pytest.mark.region("svd_compress")
def test_svd_compress_energy_grows_with_k(lab, camera_half):
    """Energy kept increases with k and the error decreases, on a 128x128 camera thumbnail."""
    small = camera_half[::2, ::2]
    energies, errors = [], []
    for k in (1, 4, 16, 64, 128):
        r = lab.svd_compress(small, k)
        energies.append(r.energy_kept)
        errors.append(np.linalg.norm(small - np.asarray(r.approx)))
    assert all(np.diff(energies) >= -1e-12), (
        f"energy_kept for k=1,4,16,64,128: {np.round(energies, 5)} is not increasing"
    )
    assert all(np.diff(errors) <= 1e-6), f"error for k=1,4,16,64,128: {np.round(errors, 1)} is not decreasing"
    assert np.isclose(energies[-1], 1.0) and errors[-1] < 1e-6, "full rank (k=128) must keep everything"


@pytest.mark.region("svd_compress")
def test_svd_compress_ratio_and_edge_cases(lab):
    """compression_ratio is H*W / (k(H+W+1)); an all-zero image keeps energy 1.0; k outside [1, min(H, W)] raises ValueError."""
    M = _rng(8).standard_normal((30, 50))
    got = lab.svd_compress(M, 3)
    assert np.isclose(got.compression_ratio, 30 * 50 / (3 * (30 + 50 + 1))), (
        f"svd_compress((30,50), k=3).compression_ratio = {got.compression_ratio}, expected 1500 / (3*81) = {1500 / 243:.4f}"
    )
    zero = lab.svd_compress(np.zeros((4, 6)), 2)
    assert np.isclose(zero.energy_kept, 1.0), (
        f"all-zero image: energy_kept = {zero.energy_kept}, expected 1.0 (nothing is lost)"
    )
    assert np.allclose(np.asarray(zero.approx), 0.0)
    for k in (0, 31):
        with pytest.raises(ValueError):
            lab.svd_compress(M, k)


# ================================================================================= pca_fit


def _align_signs(got: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Flip each row of got to point the same way as the matching row of ref (components are defined up to sign)."""
    signs = np.sign(np.sum(got * ref, axis=1))
    signs[signs == 0] = 1.0
    return got * signs[:, None]


@pytest.mark.region("pca_fit")
def test_pca_fit_matches_sklearn_on_faces(lab, faces):
    """On the 100 LFW faces (625 pixels), components, explained variance and ratios match sklearn PCA (up to sign)."""
    k = 20
    ref = PCA(n_components=k, svd_solver="full").fit(faces)
    model = lab.pca_fit(faces, k)
    comps = np.asarray(model.components)
    assert comps.shape == (k, 625), (
        f"pca_fit(faces (100,625), {k}).components has shape {comps.shape}, expected ({k}, 625)"
    )
    assert np.allclose(np.asarray(model.mean), ref.mean_, atol=1e-12), "mean differs from the column mean of X"
    aligned = _align_signs(comps, ref.components_)
    worst = np.abs(aligned - ref.components_).max(axis=1)
    assert np.all(worst < 1e-6), (
        f"components differ from sklearn (after fixing signs) for rows {np.nonzero(worst >= 1e-6)[0].tolist()}; "
        "the first component of uncentred data points towards the mean face - did you subtract the mean?"
    )
    assert np.allclose(model.explained_variance, ref.explained_variance_, rtol=1e-8), (
        f"explained_variance[:3] = {np.asarray(model.explained_variance)[:3]}, sklearn: {ref.explained_variance_[:3]} "
        "(variance uses N - 1)"
    )
    assert np.allclose(model.explained_variance_ratio, ref.explained_variance_ratio_, rtol=1e-8), (
        f"explained_variance_ratio[:3] = {np.asarray(model.explained_variance_ratio)[:3]}, sklearn: "
        f"{ref.explained_variance_ratio_[:3]} (a share of the TOTAL variance, not of the k kept components)"
    )


@pytest.mark.region("pca_fit")
def test_pca_fit_variances_are_covariance_eigenvalues(lab, faces):
    """explained_variance equals the largest eigenvalues of the covariance matrix np.cov(X.T) (PCA = covariance eigendecomposition)."""
    k = 10
    eig = np.linalg.eigvalsh(np.cov(faces, rowvar=False))[::-1][:k]  # descending
    model = lab.pca_fit(faces, k)
    assert np.allclose(model.explained_variance, eig, rtol=1e-8), (
        f"explained_variance = {np.asarray(model.explained_variance)[:4]}..., covariance eigenvalues = {eig[:4]}..."
    )


@pytest.mark.region("pca_fit")
def test_pca_fit_ignores_a_constant_offset(lab, faces):
    """Adding 10 to every pixel moves the mean but not the components (PCA must centre the data)."""
    a = lab.pca_fit(faces, 5)
    b = lab.pca_fit(faces + 10.0, 5)
    assert np.allclose(np.asarray(b.mean), np.asarray(a.mean) + 10.0), "mean should move by exactly the offset"
    diff = np.abs(_align_signs(np.asarray(b.components), np.asarray(a.components)) - np.asarray(a.components)).max()
    assert diff < 1e-8, (
        f"components changed by {diff:.3g} when the same constant was added to every pixel: without centring, "
        "the biggest 'direction of variance' is just the offset from the origin"
    )
    assert np.allclose(b.explained_variance_ratio, a.explained_variance_ratio), "ratios must not depend on an offset"


@pytest.mark.region("pca_fit")
@given(n=st.integers(3, 12), d=st.integers(2, 8), seed=st.integers(0, 2**16))
def test_pca_fit_properties(lab, n, d, seed):
    """For random data: orthonormal components, variances sorted and equal to the variance of the codes, ratios of the total variance."""
    rng = _rng(seed)
    X = rng.standard_normal((n, d)) * rng.uniform(0.5, 3.0, d) + rng.uniform(-5, 5, d)
    k = min(n, d)
    model = lab.pca_fit(X, k)
    W = np.asarray(model.components)
    assert W.shape == (k, d)
    assert np.allclose(W @ W.T, np.eye(k), atol=1e-9), "components must be orthonormal rows"
    var = np.asarray(model.explained_variance)
    assert np.all(np.diff(var) <= 1e-9), f"explained_variance must be sorted descending, got {var}"
    codes_var = ((X - X.mean(axis=0)) @ W.T).var(axis=0, ddof=1)
    assert np.allclose(var, codes_var, rtol=1e-7, atol=1e-10), f"variance along each component {codes_var} != {var}"
    total = X.var(axis=0, ddof=1).sum()
    assert np.allclose(model.explained_variance_ratio, var / total, rtol=1e-7, atol=1e-12), (
        "ratio = variance / total variance"
    )


@pytest.mark.region("pca_fit")
def test_pca_fit_rejects_bad_component_counts(lab):
    """pca_fit raises ValueError for n_components < 1 or > min(N, D)."""
    X = _rng(9).standard_normal((6, 4))
    for k in (0, 5):
        with pytest.raises(ValueError):
            lab.pca_fit(X, k)


# ============================================================================= pca_project


def _model_from_sklearn(lab, pca: PCA):
    """Build the lab's PCAModel from a fitted sklearn PCA, so projection is graded on its own."""
    return lab.PCAModel(
        mean=pca.mean_.copy(),
        components=pca.components_.copy(),
        explained_variance=pca.explained_variance_.copy(),
        explained_variance_ratio=pca.explained_variance_ratio_.copy(),
    )


@pytest.mark.region("pca_project")
@pytest.mark.parametrize("k", [1, 5, 30])
def test_pca_project_matches_sklearn_on_held_out_faces(lab, faces, k):
    """Fit on 80 faces, project the 20 others: codes equal sklearn's transform and reconstructions its inverse_transform."""
    train, test = faces[:80], faces[80:]
    ref = PCA(n_components=k, svd_solver="full").fit(train)
    full = PCA(n_components=40, svd_solver="full").fit(train)
    codes, recon = lab.pca_project(_model_from_sklearn(lab, full), test, k)
    codes, recon = np.asarray(codes), np.asarray(recon)
    assert codes.shape == (20, k), f"codes have shape {codes.shape}, expected (20, {k})"
    assert recon.shape == (20, 625), f"reconstruction has shape {recon.shape}, expected (20, 625)"
    ref_codes = ref.transform(test)
    assert np.allclose(codes, ref_codes, atol=1e-8), (
        f"codes differ from sklearn's transform by up to {np.abs(codes - ref_codes).max():.3g}: "
        "project the CENTRED data, (X - mean) @ components[:k].T"
    )
    ref_recon = ref.inverse_transform(ref_codes)
    assert np.allclose(recon, ref_recon, atol=1e-8), (
        f"reconstruction differs from sklearn's inverse_transform by up to {np.abs(recon - ref_recon).max():.3g}: "
        "map the codes back with components[:k] and add the mean back"
    )


@pytest.mark.region("pca_project")
def test_pca_project_error_falls_with_k(lab, faces):
    """Reconstruction error of the faces never increases with k and is zero with all components."""
    pca = PCA(n_components=100, svd_solver="full").fit(faces)
    model = _model_from_sklearn(lab, pca)
    errs = []
    for k in (1, 2, 5, 10, 20, 50, 100):
        _, recon = lab.pca_project(model, faces, k)
        errs.append(np.linalg.norm(faces - np.asarray(recon)))
    assert all(np.diff(errs) <= 1e-9), (
        f"reconstruction errors for k=1,2,5,10,20,50,100: {np.round(errs, 4)} must not increase"
    )
    assert errs[-1] < 1e-8, f"with every component the faces must be reconstructed exactly, error {errs[-1]:.3g}"
    _, default = lab.pca_project(model, faces)
    assert np.allclose(np.asarray(default), faces, atol=1e-8), "k=None should use every component of the model"


@pytest.mark.region("pca_project")
def test_pca_project_is_an_orthogonal_projection(lab, faces):
    """The residual x - x̂ is orthogonal to the kept components, and projecting x̂ again gives the same codes."""
    pca = PCA(n_components=15, svd_solver="full").fit(faces[:70])
    model = _model_from_sklearn(lab, pca)
    codes, recon = lab.pca_project(model, faces[70:], 15)
    residual = faces[70:] - np.asarray(recon)
    assert np.abs(residual @ pca.components_.T).max() < 1e-8, "the residual should have no part along the components"
    codes2, _ = lab.pca_project(model, np.asarray(recon), 15)
    assert np.allclose(np.asarray(codes2), np.asarray(codes), atol=1e-8), (
        "projecting a reconstruction must not change its codes"
    )


@pytest.mark.region("pca_project")
def test_pca_project_rejects_bad_k(lab, faces):
    """pca_project raises ValueError for k < 1 or k > the number of components."""
    model = _model_from_sklearn(lab, PCA(n_components=5, svd_solver="full").fit(faces))
    for k in (0, 6):
        with pytest.raises(ValueError):
            lab.pca_project(model, faces, k)


# ========================================================================== rotation_about


@pytest.mark.region("rotation_about")
def test_rotation_about_quarter_turn_ground_truth(lab):
    """A +90 degree turn about (10, 20) moves the point one pixel to the RIGHT of the centre to one pixel ABOVE it (y down)."""
    M = np.asarray(lab.rotation_about((10.0, 20.0), 90.0))
    assert M.shape == (3, 3), f"rotation_about returned shape {M.shape}, expected (3, 3)"
    moved = M @ np.array([11.0, 20.0, 1.0])
    assert np.allclose(moved, [10.0, 19.0, 1.0], atol=1e-12), (
        f"(11, 20) rotated +90 deg about (10, 20) went to {moved[:2].round(6)}, expected (10, 19): with y pointing down, "
        "counter-clockwise on screen is NOT the textbook (y-up) rotation matrix - check the signs of the sines"
    )
    assert np.allclose(M @ np.array([10.0, 20.0, 1.0]), [10.0, 20.0, 1.0]), "the centre must stay fixed"


@pytest.mark.region("rotation_about")
@given(cx=st.floats(-500, 500), cy=st.floats(-500, 500), angle=st.floats(-360, 360), scale=st.floats(0.1, 5.0))
def test_rotation_about_matches_opencv(lab, cx, cy, angle, scale):
    """rotation_about(center, angle, scale) has cv2.getRotationMatrix2D's rows on top and [0, 0, 1] at the bottom."""
    M = np.asarray(lab.rotation_about((cx, cy), angle, scale))
    ref = cv2.getRotationMatrix2D((cx, cy), angle, scale)
    assert M.shape == (3, 3), f"rotation_about returned shape {M.shape}, expected (3, 3)"
    tol = 1e-9 * (1 + abs(cx) + abs(cy)) * (1 + scale)
    assert np.allclose(M[:2], ref, atol=tol), (
        f"rotation_about(({cx}, {cy}), {angle}, {scale}) top rows\n{M[:2]}\ncv2.getRotationMatrix2D gives\n{ref}"
    )
    assert np.allclose(M[2], [0.0, 0.0, 1.0]), f"last row must be [0, 0, 1], got {M[2]}"


@pytest.mark.region("rotation_about")
def test_rotation_about_inverse_matches_opencv(lab):
    """Rotating back (-angle, 1/scale about the same centre) is the inverse matrix, as cv2.invertAffineTransform computes it."""
    c, a, s = (120.0, 80.0), 35.0, 1.7
    M = np.asarray(lab.rotation_about(c, a, s))
    back = np.asarray(lab.rotation_about(c, -a, 1.0 / s))
    ref_inv = cv2.invertAffineTransform(cv2.getRotationMatrix2D(c, a, s))
    assert np.allclose(back[:2], ref_inv, atol=1e-9), (
        f"rotation_about(c, -a, 1/s)[:2] = \n{back[:2]}\nexpected\n{ref_inv}"
    )
    assert np.allclose(back @ M, np.eye(3), atol=1e-9), "rotation_about(c, -a, 1/s) @ rotation_about(c, a, s) must be I"


@pytest.mark.region("rotation_about")
def test_rotation_about_angles_add(lab):
    """Two rotations about the same centre compose into one rotation by the sum of the angles."""
    c = (33.0, -7.0)
    both = np.asarray(lab.rotation_about(c, 25.0)) @ np.asarray(lab.rotation_about(c, 50.0))
    assert np.allclose(both, np.asarray(lab.rotation_about(c, 75.0)), atol=1e-9), "R(25) @ R(50) should equal R(75)"


# ======================================================================= apply_homogeneous


@pytest.mark.region("apply_homogeneous")
def test_apply_homogeneous_matches_cv2_transform(lab):
    """A 2x3 affine matrix from cv2.getRotationMatrix2D maps points exactly like cv2.transform."""
    pts = _rng(10).uniform(0, 640, (25, 2))
    M = cv2.getRotationMatrix2D((320.0, 240.0), 33.0, 0.8)
    ref = cv2.transform(pts.reshape(-1, 1, 2), M).reshape(-1, 2)
    got = np.asarray(lab.apply_homogeneous(M, pts))
    assert got.shape == (25, 2), f"apply_homogeneous((2,3), (25,2)) returned shape {got.shape}, expected (25, 2)"
    assert np.allclose(got, ref, atol=1e-9), f"max |got - cv2.transform| = {np.abs(got - ref).max():.3g}"
    got3 = np.asarray(lab.apply_homogeneous(np.vstack([M, [0, 0, 1]]), pts))
    assert np.allclose(got3, ref, atol=1e-9), "the same affine map given as a 3x3 matrix must give the same points"


@pytest.mark.region("apply_homogeneous")
def test_apply_homogeneous_homography_matches_cv2(lab):
    """A projective 3x3 matrix maps points like cv2.perspectiveTransform (divide by w)."""
    H = np.array([[1.1, 0.05, 12.0], [-0.03, 0.95, -4.0], [4e-4, -2e-4, 1.0]])
    pts = _rng(11).uniform(0, 500, (30, 2))
    ref = cv2.perspectiveTransform(pts.reshape(-1, 1, 2), H).reshape(-1, 2)
    got = np.asarray(lab.apply_homogeneous(H, pts))
    assert np.allclose(got, ref, atol=1e-8), (
        f"homography: max |got - cv2.perspectiveTransform| = {np.abs(got - ref).max():.3g}; "
        "after the product, divide x and y by the third coordinate"
    )


@pytest.mark.region("apply_homogeneous")
def test_apply_homogeneous_compose_and_invert(lab):
    """Applying compose(A, B) equals applying B then A, and the inverse matrix brings the points back."""
    rng = _rng(12)
    pts = rng.uniform(-50, 50, (10, 2))
    A = lab.translation(5.0, -3.0) @ lab.scaling(2.0, 0.5)
    B = cv2.getRotationMatrix2D((3.0, 4.0), 60.0, 1.0)
    B = np.vstack([B, [0, 0, 1]])
    one = np.asarray(lab.apply_homogeneous(lab.compose(A, B), pts))
    two = np.asarray(lab.apply_homogeneous(A, np.asarray(lab.apply_homogeneous(B, pts))))
    assert np.allclose(one, two, atol=1e-9), "apply(A @ B, p) must equal apply(A, apply(B, p))"
    H = np.array([[0.9, 0.2, 3.0], [-0.1, 1.2, 7.0], [1e-3, 2e-3, 1.0]])
    back = np.asarray(lab.apply_homogeneous(np.linalg.inv(H), np.asarray(lab.apply_homogeneous(H, pts))))
    assert np.allclose(back, pts, atol=1e-8), "applying H then inv(H) must return the original points"


@pytest.mark.region("apply_homogeneous")
@given(n=st.integers(0, 12), seed=st.integers(0, 2**16))
def test_apply_homogeneous_random_affine(lab, n, seed):
    """Random affine matrices and any number of points (including none) agree with cv2.transform."""
    rng = _rng(seed)
    M = np.hstack([rng.uniform(-2, 2, (2, 2)), rng.uniform(-100, 100, (2, 1))])
    pts = rng.uniform(-200, 200, (n, 2))
    got = np.asarray(lab.apply_homogeneous(M, pts))
    assert got.shape == (n, 2), f"apply_homogeneous with {n} points returned shape {got.shape}, expected ({n}, 2)"
    if n:
        ref = cv2.transform(pts.reshape(-1, 1, 2), M).reshape(-1, 2)
        assert np.allclose(got, ref, atol=1e-8), f"max |got - cv2.transform| = {np.abs(got - ref).max():.3g}"
