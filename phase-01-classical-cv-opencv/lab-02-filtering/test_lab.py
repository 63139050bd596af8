"""Grader for lab 1.2 - Filtering and denoising.

References are independent of the code under test: OpenCV (filter2D, copyMakeBorder,
getGaussianKernel, GaussianBlur, sepFilter2D, boxFilter, blur, medianBlur, bilateralFilter,
addWeighted, PSNR), SciPy's ndimage (correlate, convolve, median_filter), scikit-image's
metrics (peak_signal_noise_ratio, structural_similarity) and ground truth built here:
impulse responses, constant and step images, isolated impulses with known positions,
constant offsets with a closed-form PSNR, flat images with a closed-form SSIM. Noise comes
from ``cvlab.data.synthetic.noise`` (exact parameters, fixed seeds).
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
import scipy.ndimage as ndi
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from cvlab import data
from cvlab.data.synthetic import noise

CV_BORDER = {
    "reflect101": cv2.BORDER_REFLECT_101,
    "reflect": cv2.BORDER_REFLECT,
    "replicate": cv2.BORDER_REPLICATE,
    "constant": cv2.BORDER_CONSTANT,
}
ND_MODE = {"reflect101": "mirror", "reflect": "reflect", "replicate": "nearest", "constant": "constant", "wrap": "wrap"}

#: A kernel with no symmetry at all: correlation and convolution differ with it.
ASYM = np.array([[1.0, 2.0, 0.0, -1.0, 0.5], [0.0, 3.0, -2.0, 1.0, 0.0], [-1.0, 0.0, 4.0, 0.0, 2.0]])  # (3, 5)


@pytest.fixture(scope="module")
def camera() -> np.ndarray:
    return data.skimage_image("camera")  # (512, 512) uint8 grey


@pytest.fixture(scope="module")
def crop(camera) -> np.ndarray:
    return np.ascontiguousarray(camera[96:224, 160:320])  # (128, 160) uint8: the tripod and coat


@pytest.fixture(scope="module")
def colour() -> np.ndarray:
    """OpenCV's baboon sample (BGR, as cv2.imread gives it): fur and nose, strong colour edges."""
    img = cv2.imread(str(data.opencv_sample("baboon.jpg")), cv2.IMREAD_COLOR)  # (512, 512, 3) uint8 BGR
    assert img is not None, "could not read OpenCV's baboon.jpg sample: run `cvlab data fetch opencv-samples`"
    return np.ascontiguousarray(img[300:396, 180:300])  # (96, 120, 3)


def _max_err(got, ref) -> float:
    got, ref = np.asarray(got, dtype=np.float64), np.asarray(ref, dtype=np.float64)
    return float(np.max(np.abs(got - ref))) if got.size else 0.0


def _where(got: np.ndarray, ref: np.ndarray, tol: float = 0.0) -> str:
    """'; worst at (row, col): got a, expected b' for a teaching message."""
    got, ref = np.asarray(got, dtype=np.float64), np.asarray(ref, dtype=np.float64)
    if got.shape != ref.shape or got.size == 0:
        return ""
    diff = np.abs(got - ref)
    idx = np.unravel_index(int(np.argmax(diff)), diff.shape)
    n_bad = int((diff > tol).sum())
    return f"; worst at index {tuple(int(i) for i in idx)}: got {got[idx]:.6g}, expected {ref[idx]:.6g} ({n_bad} values off)"


def _check_shape(got, ref, call: str) -> None:
    assert isinstance(got, np.ndarray), f"{call} returned {type(got).__name__}, expected a NumPy array"
    assert got.shape == ref.shape, f"{call} returned shape {got.shape}, expected {ref.shape}"


# =============================================================================================
# filter2d: correlation and convolution
# =============================================================================================
@pytest.mark.region("filter2d")
@pytest.mark.parametrize("border", ["reflect101", "reflect", "replicate", "constant"])
def test_filter2d_correlation_matches_cv2_filter2d(lab, crop, border):
    """filter2d (correlation) equals cv2.filter2D for asymmetric and even kernels and any anchor, per border mode."""
    img = crop.astype(np.float64)
    rng = np.random.default_rng(1)
    kernels = {
        "asymmetric 3x5": ASYM,
        "random 4x4 (even)": rng.standard_normal((4, 4)),
        "row 1x6": rng.standard_normal((1, 6)),
    }
    for name, K in kernels.items():
        kh, kw = K.shape
        for anchor in (None, (0, 0), (kw - 1, kh - 1), (kw - 1, 0)):
            ref = cv2.filter2D(img, cv2.CV_64F, K, anchor=anchor or (-1, -1), borderType=CV_BORDER[border])
            call = f"filter2d(camera crop {img.shape}, {name} kernel, anchor={anchor}, border={border!r})"
            try:
                got = lab.filter2d(img, K, anchor=anchor, border=border)
            except ValueError as e:
                raise AssertionError(
                    f"{call} raised ValueError({e}); the anchor is valid: it is (x, y) = (column, row), "
                    f"with 0 <= x < kw = {kw} and 0 <= y < kh = {kh}"
                ) from e
            _check_shape(got, ref, call)
            err = _max_err(got, ref)
            hint = ""
            if err > 1e-8 and np.allclose(got[kh:-kh, kw:-kw], ref[kh:-kh, kw:-kw], atol=1e-8):
                hint = " The interior matches, so the border rule is wrong: check BORDERS (reflect101 does NOT repeat the edge pixel)."
            assert err <= 1e-8, f"{call} differs from cv2.filter2D by {err:.3g}{_where(got, ref, 1e-8)}.{hint}"


@pytest.mark.region("filter2d")
def test_filter2d_convolution_flips_the_kernel_and_mirrors_the_anchor(lab, crop):
    """filter2d(flip=True) is true convolution: cv2.filter2D with the rotated kernel and mirrored anchor, and scipy's convolve."""
    img = crop.astype(np.float64)
    for K in (ASYM, np.random.default_rng(2).standard_normal((4, 3))):
        kh, kw = K.shape
        for anchor in (None, (0, 0), (kw - 1, 1)):
            ax, ay = anchor if anchor else (kw // 2, kh // 2)
            ref = cv2.filter2D(
                img, cv2.CV_64F, cv2.flip(K, -1), anchor=(kw - 1 - ax, kh - 1 - ay), borderType=cv2.BORDER_REFLECT_101
            )
            got = lab.filter2d(img, K, flip=True, anchor=anchor)
            call = f"filter2d(camera crop, {kh}x{kw} asymmetric kernel, flip=True, anchor={anchor})"
            _check_shape(got, ref, call)
            corr = cv2.filter2D(img, cv2.CV_64F, K, anchor=anchor or (-1, -1), borderType=cv2.BORDER_REFLECT_101)
            hint = " That is the correlation: convolution flips the kernel both ways." if np.allclose(got, corr) else ""
            if not hint and anchor is not None and not np.allclose(got, ref):
                hint = " Did you flip the kernel but keep the anchor? It must move to (kw-1-ax, kh-1-ay)."
            assert np.allclose(got, ref, atol=1e-8), f"{call} is not the convolution{_where(got, ref, 1e-8)}.{hint}"
    ref = ndi.convolve(img, ASYM, mode="mirror")  # SciPy: true convolution, centred, mirror == reflect101
    got = lab.filter2d(img, ASYM, flip=True)
    assert np.allclose(got, ref, atol=1e-8), (
        f"filter2d(..., flip=True) differs from scipy.ndimage.convolve{_where(got, ref, 1e-8)}"
    )


@pytest.mark.region("filter2d")
def test_filter2d_impulse_responses_stamp_the_kernel(lab):
    """A single bright pixel: convolution stamps K with its anchor on the pixel, correlation stamps K rotated by 180 degrees."""
    K = np.arange(1.0, 13.0).reshape(3, 4)  # (3, 4): every entry different, even width
    img = np.zeros((9, 11))
    y0, x0 = 4, 5
    img[y0, x0] = 1.0
    for ax, ay in ((1, 1), (0, 0), (3, 2)):
        conv = np.zeros_like(img)
        conv[y0 - ay : y0 - ay + 3, x0 - ax : x0 - ax + 4] = K  # out[y0 + i - ay, x0 + j - ax] = K[i, j]
        got = lab.filter2d(img, K, flip=True, anchor=(ax, ay), border="constant")
        assert np.array_equal(got, conv), (
            f"convolving a unit impulse at (row {y0}, col {x0}) with K = arange(1, 13).reshape(3, 4), anchor=({ax}, {ay}) "
            f"should copy K with K[{ay}, {ax}] on the impulse; got\n{got[y0 - 3 : y0 + 4, x0 - 4 : x0 + 5]}"
        )
        corr = np.zeros_like(img)
        corr[y0 + ay - 2 : y0 + ay + 1, x0 + ax - 3 : x0 + ax + 1] = K[
            ::-1, ::-1
        ]  # out[y0 - i + ay, x0 - j + ax] = K[i, j]
        got = lab.filter2d(img, K, anchor=(ax, ay), border="constant")
        assert np.array_equal(got, corr), (
            f"correlating a unit impulse with K, anchor=({ax}, {ay}) should give K rotated by 180 degrees around the "
            f"anchor; got\n{got[y0 - 3 : y0 + 4, x0 - 4 : x0 + 5]}"
        )


@pytest.mark.region("filter2d")
def test_filter2d_wrap_and_constant_value_borders(lab, crop):
    """border="wrap" and border="constant" with a fill value match copyMakeBorder + filter2D, and SciPy's wrap mode."""
    img = crop[:40, :50].astype(np.float64)
    K = ASYM
    for anchor in (None, (4, 0)):
        ax, ay = anchor if anchor else (2, 1)
        for border, cv, value in (("wrap", cv2.BORDER_WRAP, 0.0), ("constant", cv2.BORDER_CONSTANT, 7.5)):
            padded = cv2.copyMakeBorder(img, ay, 2 - ay, ax, 4 - ax, cv, value=value)
            ref = cv2.filter2D(padded, cv2.CV_64F, K, anchor=(ax, ay))[
                ay : ay + 40, ax : ax + 50
            ]  # interior: no 2nd border
            got = lab.filter2d(img, K, anchor=anchor, border=border, value=value)
            call = f"filter2d(40x50 crop, asymmetric 3x5, anchor={anchor}, border={border!r}, value={value})"
            _check_shape(got, ref, call)
            assert np.allclose(got, ref, atol=1e-8), f"{call} differs from the padded reference{_where(got, ref, 1e-8)}"
    ref = ndi.correlate(img, K, mode="wrap")
    got = lab.filter2d(img, K, border="wrap")
    assert np.allclose(got, ref, atol=1e-8), (
        f"filter2d(border='wrap') differs from scipy.ndimage.correlate(mode='wrap'){_where(got, ref)}"
    )


@pytest.mark.region("filter2d")
def test_filter2d_colour_and_uint8_input(lab, colour):
    """A uint8 colour image: every channel filtered on its own, float64 result equal to cv2.filter2D(ddepth=CV_64F)."""
    ref = cv2.filter2D(colour, cv2.CV_64F, ASYM)
    got = lab.filter2d(colour, ASYM)
    _check_shape(got, ref, f"filter2d(uint8 BGR {colour.shape}, 3x5 kernel)")
    assert got.dtype == np.float64, (
        f"filter2d returned {got.dtype}; expected float64 (uint8 arithmetic would wrap and round)"
    )
    assert np.allclose(got, ref, atol=1e-8), (
        f"filter2d on a colour image differs from cv2.filter2D{_where(got, ref, 1e-8)}"
    )


@given(
    img=hnp.arrays(np.float64, st.tuples(st.integers(1, 9), st.integers(1, 9)), elements=st.floats(-10, 10, width=32)),
    kshape=st.tuples(st.integers(1, 5), st.integers(1, 5)),
    data_=st.data(),
)
@pytest.mark.region("filter2d")
def test_filter2d_any_size_matches_cv2(lab, img, kshape, data_):
    """Any small image (even 1x1, smaller than the kernel), kernel, anchor, border and flip agrees with cv2.filter2D."""
    kh, kw = kshape
    K = data_.draw(hnp.arrays(np.float64, kshape, elements=st.floats(-3, 3, width=32)), label="kernel")
    ax, ay = data_.draw(st.integers(0, kw - 1), label="ax"), data_.draw(st.integers(0, kh - 1), label="ay")
    border = data_.draw(st.sampled_from(sorted(CV_BORDER)), label="border")
    flip = data_.draw(st.booleans(), label="flip")
    if flip:
        ref = cv2.filter2D(
            img, cv2.CV_64F, cv2.flip(K, -1), anchor=(kw - 1 - ax, kh - 1 - ay), borderType=CV_BORDER[border]
        )
    else:
        ref = cv2.filter2D(img, cv2.CV_64F, K, anchor=(ax, ay), borderType=CV_BORDER[border])
    got = lab.filter2d(img, K, flip=flip, anchor=(ax, ay), border=border)
    call = f"filter2d(image {img.shape}, kernel {K.shape}, flip={flip}, anchor={(ax, ay)}, border={border!r})"
    _check_shape(got, ref, call)
    assert np.allclose(got, ref, atol=1e-6), f"{call} differs from OpenCV{_where(got, ref, 1e-6)}"


@pytest.mark.region("filter2d")
def test_filter2d_rejects_bad_arguments(lab):
    """A kernel that is not 2-D, an anchor outside the kernel and an unknown border raise ValueError."""
    img = np.zeros((5, 5))
    for kwargs, what in (
        ({"kernel": np.ones(3)}, "a 1-D kernel"),
        ({"kernel": np.ones((3, 3)), "anchor": (3, 0)}, "anchor (3, 0) for a 3x3 kernel"),
        ({"kernel": np.ones((3, 3)), "anchor": (0, -1)}, "anchor (0, -1)"),
        ({"kernel": np.ones((3, 3)), "border": "mirror"}, "border 'mirror'"),
    ):
        k = kwargs.pop("kernel")
        with pytest.raises(ValueError):
            lab.filter2d(img, k, **kwargs)
            pytest.fail(f"filter2d accepted {what}; expected ValueError")


# =============================================================================================
# gaussian: kernel, size rule, separable blur
# =============================================================================================
@pytest.mark.region("gaussian")
def test_gaussian_kernel_matches_getGaussianKernel(lab):
    """gaussian_kernel(sigma, ksize) equals cv2.getGaussianKernel(ksize, sigma) (float64), including sigma <= 0."""
    for sigma, ksize in (
        (0.5, 3),
        (1.0, 5),
        (1.5, 9),
        (2.0, 13),
        (0.8, 11),
        (3.3, 7),
        (1.2, 21),
        (0.0, 11),
        (-1.0, 15),
        (0.0, 31),
    ):
        got = lab.gaussian_kernel(sigma, ksize)
        ref = cv2.getGaussianKernel(ksize, sigma, ktype=cv2.CV_64F).ravel()
        call = f"gaussian_kernel(sigma={sigma}, ksize={ksize})"
        got = np.asarray(got)
        _check_shape(got, ref, call)
        hint = ""
        if abs(float(got.sum()) - 1.0) > 1e-9:
            hint = f" It sums to {float(got.sum()):.6f}: normalise by the sum of the samples, not by sqrt(2 pi) sigma."
        elif sigma <= 0:
            hint = " For sigma <= 0 use sigma = 0.3 * ((ksize - 1) * 0.5 - 1) + 0.8."
        assert np.allclose(got, ref, rtol=0, atol=1e-12), (
            f"{call} = {np.round(got, 5)}, expected {np.round(ref, 5)}.{hint}"
        )


@pytest.mark.region("gaussian")
def test_gaussian_kernel_size_rule_matches_GaussianBlur(lab, crop):
    """With ksize=0 the size follows OpenCV: the size cv2.GaussianBlur picks for sigma (3 sigma for uint8, 4 sigma otherwise)."""
    img8 = crop[:48, :48]
    img64 = img8.astype(np.float64)
    expected = {(1.1, "uint8"): 9, (1.1, "float64"): 11, (0.5, "uint8"): 5, (2.0, "float32"): 17}  # worked by hand
    for (sigma, dt), n in expected.items():
        got = np.asarray(lab.gaussian_kernel(sigma, 0, np.dtype(dt)))
        assert got.size == n, (
            f"gaussian_kernel(sigma={sigma}, ksize=0, dtype={dt}) has {got.size} taps, expected {n} "
            f"(round(2 * {3 if dt == 'uint8' else 4} * sigma + 1) | 1, rounding to nearest, not truncating)"
        )
    for sigma in (0.6, 0.9, 1.25, 1.7, 2.4):
        for img in (img8, img64):
            n = np.asarray(lab.gaussian_kernel(sigma, 0, img.dtype)).size
            auto = cv2.GaussianBlur(img, (0, 0), sigma)
            assert n % 2 == 1 and np.array_equal(auto, cv2.GaussianBlur(img, (n, n), sigma)), (
                f"gaussian_kernel(sigma={sigma}, ksize=0, dtype={img.dtype}) has {n} taps, but cv2.GaussianBlur(ksize=(0, 0)) "
                f"uses a different size for that sigma and dtype"
            )


@given(sigma=st.floats(0.3, 6.0), ksize=st.integers(0, 20).map(lambda k: 2 * k + 1))
@pytest.mark.region("gaussian")
def test_gaussian_kernel_properties(lab, sigma, ksize):
    """Any sigma and odd ksize: sums to 1, symmetric, peak in the middle, decreasing away from it."""
    g = np.asarray(lab.gaussian_kernel(sigma, ksize), dtype=np.float64)
    call = f"gaussian_kernel(sigma={sigma}, ksize={ksize})"
    assert g.shape == (ksize,), f"{call} has shape {g.shape}, expected ({ksize},)"
    assert abs(g.sum() - 1.0) < 1e-12, f"{call} sums to {g.sum()!r}, expected 1 (a blur must keep the brightness)"
    assert np.allclose(g, g[::-1], atol=1e-15), f"{call} is not symmetric: {g}"
    half = g[: ksize // 2 + 1]
    assert np.all(np.diff(half) >= 0), f"{call} does not increase towards the centre: {g}"


@pytest.mark.region("gaussian")
def test_gaussian_kernel_rejects_bad_sizes(lab):
    """An even or negative ksize, or ksize=0 with sigma <= 0, raise ValueError."""
    for sigma, ksize in ((1.0, 4), (1.0, -3), (0.0, 0), (-2.0, 0)):
        with pytest.raises(ValueError):
            lab.gaussian_kernel(sigma, ksize)
            pytest.fail(f"gaussian_kernel(sigma={sigma}, ksize={ksize}) did not raise ValueError")


@pytest.mark.region("gaussian", needs=["filter2d"])
def test_gaussian_blur_matches_cv2_float(lab, camera):
    """gaussian_blur (given: two filter2d passes with your kernel) equals cv2.GaussianBlur on float64 and float32 images."""
    img = camera[::2, ::2].astype(np.float64)  # (256, 256)
    for sigma in (0.8, 2.0, 3.5):
        ref = cv2.GaussianBlur(img, (0, 0), sigma)
        got = lab.gaussian_blur(img, sigma)
        _check_shape(got, ref, f"gaussian_blur(float64 {img.shape}, sigma={sigma})")
        assert _max_err(got, ref) < 1e-9, (
            f"gaussian_blur(float64, sigma={sigma}) differs from cv2.GaussianBlur{_where(got, ref, 1e-9)}"
        )
    f32 = img.astype(np.float32)
    ref = cv2.GaussianBlur(f32, (0, 0), 1.3, borderType=cv2.BORDER_REPLICATE)
    got = lab.gaussian_blur(f32, 1.3, border="replicate")
    assert _max_err(got, ref) < 1e-3, (
        f"gaussian_blur(float32, 1.3, 'replicate') differs from cv2.GaussianBlur{_where(got, ref, 1e-3)}"
    )


@pytest.mark.region("gaussian", needs=["filter2d"])
def test_gaussian_blur_matches_cv2_uint8_and_sepfilter(lab, camera):
    """On uint8 input the blur matches cv2.GaussianBlur (fixed point, so within 1.5 grey levels) and sepFilter2D exactly."""
    img = camera[::2, ::2]
    for sigma in (1.0, 2.0):
        ref = cv2.GaussianBlur(img, (0, 0), sigma)  # uint8, OpenCV's bit-exact fixed-point path
        got = lab.gaussian_blur(img, sigma)
        err = _max_err(got, ref)
        assert err <= 1.5, (
            f"gaussian_blur(uint8, sigma={sigma}) differs from cv2.GaussianBlur by {err:.2f} levels{_where(got, ref, 1.5)}"
        )
        assert np.mean(np.abs(got - ref)) < 0.3, "gaussian_blur(uint8) is off by more than rounding on average"
        k = cv2.getGaussianKernel(round(6 * sigma + 1) | 1, sigma)
        ref = cv2.sepFilter2D(img, cv2.CV_64F, k, k)
        assert _max_err(got, ref) < 1e-9, (
            f"gaussian_blur(uint8, sigma={sigma}) differs from cv2.sepFilter2D{_where(got, ref, 1e-9)}"
        )


@pytest.mark.region("gaussian", needs=["filter2d"])
def test_gaussian_blur_keeps_constants_and_the_total(lab):
    """Ground truth: a constant image stays constant, and with wrap borders the total brightness is preserved exactly."""
    flat = np.full((40, 40), 200.0)
    got = lab.gaussian_blur(flat, 2.5)
    assert np.allclose(got, 200.0, atol=1e-9), (
        f"blurring a constant 200 image gave values in [{got.min():.4f}, {got.max():.4f}]; a normalised kernel keeps 200"
    )
    img = np.random.default_rng(0).random((37, 41)) * 255
    got = lab.gaussian_blur(img, 1.7, border="wrap")
    assert abs(got.sum() - img.sum()) < 1e-6 * img.sum(), (
        f"total changed from {img.sum():.3f} to {got.sum():.3f} under wrap borders"
    )


# =============================================================================================
# box: integral image
# =============================================================================================
@pytest.mark.region("box")
@pytest.mark.parametrize("ksize", [3, (5, 3), (4, 6), 15, 1])
def test_box_filter_matches_cv2_boxFilter(lab, camera, ksize):
    """Mean over a kw x kh window (square, non-square, even) equals cv2.boxFilter(normalize=True, BORDER_REFLECT_101) on 512x512."""
    kw, kh = (ksize, ksize) if isinstance(ksize, int) else ksize
    ref = cv2.boxFilter(camera, cv2.CV_64F, (kw, kh), normalize=True, borderType=cv2.BORDER_REFLECT_101)
    got = lab.box_filter(camera, ksize)
    call = f"box_filter(camera 512x512 uint8, ksize={ksize})"
    _check_shape(got, ref, call)
    err = _max_err(got, ref)
    hint = ""
    if err > 1e-6 and np.allclose(got[kh:-kh, kw:-kw], ref[kh:-kh, kw:-kw], atol=1e-6):
        hint = " The interior matches: the padding is wrong (reflect101 mirrors about the edge pixel)."
    elif err > 1e-6 and np.allclose(got[:, : min(kw, 4)], ref[:, : min(kw, 4)], atol=1e-6):
        hint = " The left columns match and the error grows to the right: accumulate in float64 (float32 sums lose digits)."
    assert err <= 1e-6, f"{call} differs from cv2.boxFilter by {err:.3g}{_where(got, ref, 1e-6)}.{hint}"


@pytest.mark.region("box")
def test_box_filter_unnormalised_sums_and_other_borders(lab, crop, colour):
    """normalize=False gives exact window sums; replicate/constant/reflect borders and colour images match OpenCV."""
    ref = cv2.boxFilter(crop, cv2.CV_64F, (7, 5), normalize=False, borderType=cv2.BORDER_REFLECT_101)
    got = lab.box_filter(crop, (7, 5), normalize=False)
    _check_shape(got, ref, "box_filter(crop, (7, 5), normalize=False)")
    assert np.array_equal(got, ref), (
        f"box_filter(crop, (7, 5), normalize=False) are not the exact window sums{_where(got, ref)}"
    )
    for border in ("replicate", "constant", "reflect"):
        ref = cv2.boxFilter(crop, cv2.CV_64F, (6, 9), borderType=CV_BORDER[border])
        got = lab.box_filter(crop, (6, 9), border=border)
        assert _max_err(got, ref) < 1e-9, (
            f"box_filter(crop, (6, 9), border={border!r}) differs from cv2.boxFilter{_where(got, ref, 1e-9)}"
        )
    ref = cv2.blur(colour.astype(np.float64), (5, 5))
    got = lab.box_filter(colour, 5)
    _check_shape(got, ref, f"box_filter(BGR {colour.shape}, 5)")
    assert _max_err(got, ref) < 1e-9, f"box_filter on a colour image differs from cv2.blur{_where(got, ref, 1e-9)}"


@given(
    img=hnp.arrays(np.float64, st.tuples(st.integers(1, 10), st.integers(1, 10)), elements=st.floats(0, 100, width=32)),
    kw=st.integers(1, 6),
    kh=st.integers(1, 6),
)
@pytest.mark.region("box")
def test_box_filter_any_size_matches_explicit_sums(lab, img, kw, kh):
    """Any small image and window: every output equals the sum of its window in the reflect101-padded image."""
    top, left = kh // 2, kw // 2
    padded = cv2.copyMakeBorder(img, top, kh - 1 - top, left, kw - 1 - left, cv2.BORDER_REFLECT_101)
    H, W = img.shape
    ref = np.array([[padded[y : y + kh, x : x + kw].sum() for x in range(W)] for y in range(H)])
    got = lab.box_filter(img, (kw, kh), normalize=False)
    call = f"box_filter(image {img.shape}, ksize=({kw}, {kh}), normalize=False)"
    _check_shape(got, ref, call)
    assert np.allclose(got, ref, atol=1e-6), f"{call} differs from the explicit window sums{_where(got, ref, 1e-6)}"


# =============================================================================================
# median
# =============================================================================================
@pytest.mark.region("median")
@pytest.mark.parametrize("ksize", [3, 5])
def test_median_matches_cv2_medianBlur(lab, camera, colour, ksize):
    """median_filter equals cv2.medianBlur exactly (uint8, grey 512x512 and colour), with the replicate border by default."""
    for img, name in ((camera, "camera 512x512"), (colour, f"BGR {colour.shape}")):
        ref = cv2.medianBlur(img, ksize)
        got = lab.median_filter(img, ksize)
        call = f"median_filter({name}, {ksize})"
        _check_shape(got, ref, call)
        assert got.dtype == img.dtype, f"{call} returned {got.dtype}; the median is one of the inputs, keep {img.dtype}"
        bad = got != ref
        hint = ""
        if bad.any() and not bad[ksize:-ksize, ksize:-ksize].any():
            hint = " Only the border differs: cv2.medianBlur replicates the edge pixel (border='replicate' is the default)."
        assert not bad.any(), f"{call} differs from cv2.medianBlur at {int(bad.sum())} pixels{_where(got, ref)}.{hint}"


@given(
    img=hnp.arrays(np.float64, st.tuples(st.integers(1, 9), st.integers(1, 9)), elements=st.floats(-50, 50, width=32)),
    ksize=st.sampled_from([1, 3, 5]),
    border=st.sampled_from(["replicate", "reflect101", "reflect", "wrap"]),
)
@pytest.mark.region("median")
def test_median_any_size_matches_scipy(lab, img, ksize, border):
    """Any small float image, odd ksize and border agrees with scipy.ndimage.median_filter."""
    ref = ndi.median_filter(img, size=ksize, mode=ND_MODE[border])
    got = lab.median_filter(img, ksize, border=border)
    call = f"median_filter(image {img.shape}, {ksize}, border={border!r})"
    _check_shape(got, ref, call)
    assert np.array_equal(got, ref), f"{call} differs from scipy.ndimage.median_filter{_where(got, ref)}"


@pytest.mark.region("median")
def test_median_removes_isolated_impulses_and_keeps_edges(lab):
    """Ground truth: impulses at least 2 pixels apart vanish completely, and a step edge comes through unchanged."""
    img = np.full((30, 40), 100, np.uint8)
    img[:, 20:] = 180  # a vertical step edge
    noisy = img.copy()
    noisy[2:-2:3, 1:-2:3] = 255  # salt, isolated (no two in one 3x3 window), away from the image border
    noisy[3:-2:6, 2:-2:6] = 0  # pepper (at the border, replicate padding would duplicate an impulse)
    got = lab.median_filter(noisy, 3)
    assert np.array_equal(got, img), (
        f"median_filter(step + isolated impulses, 3) should return the clean step exactly; {int((got != img).sum())} pixels differ"
        f"{_where(got, img)}"
    )


@pytest.mark.region("median")
def test_median_beats_gaussian_on_salt_and_pepper(lab, camera):
    """The experiment: on 10 % salt-and-pepper, a 3x3 median beats Gaussian blur by > 3 dB (cv2.PSNR) and removes > 99 % of impulses."""
    clean = camera[::2, ::2]  # (256, 256)
    sp = noise.salt_and_pepper(clean, 0.10, seed=0)
    med = lab.median_filter(sp.noisy, 3)
    p_med = cv2.PSNR(clean, med)
    p_gauss = cv2.PSNR(clean, cv2.GaussianBlur(sp.noisy, (0, 0), 1.0))
    assert p_med > p_gauss + 3, (
        f"median 3x3: {p_med:.2f} dB, Gaussian sigma=1: {p_gauss:.2f} dB; the median should win by > 3 dB"
    )
    hit = sp.salt | sp.pepper
    still = float(np.mean((med[hit] == 255) | (med[hit] == 0)))
    assert still < 0.01, f"{100 * still:.1f} % of the impulses are still 0 or 255 after the median"


@pytest.mark.region("median")
def test_median_rejects_even_ksize(lab):
    """An even or non-positive ksize has no centre: ValueError."""
    for k in (2, 4, 0, -3):
        with pytest.raises(ValueError):
            lab.median_filter(np.zeros((5, 5), np.uint8), k)
            pytest.fail(f"median_filter(..., ksize={k}) did not raise ValueError")


# =============================================================================================
# bilateral
# =============================================================================================
BILATERAL_PARAMS = [(5, 30.0, 3.0), (9, 50.0, 5.0), (0, 20.0, 2.0), (7, 100.0, 1.5)]


@pytest.mark.region("bilateral")
@pytest.mark.parametrize("d, sigma_color, sigma_space", BILATERAL_PARAMS)
def test_bilateral_matches_cv2_float32(lab, crop, d, sigma_color, sigma_space):
    """On float32 input the bilateral filter equals cv2.bilateralFilter within 0.01 grey levels (OpenCV interpolates its exp table)."""
    img = crop[:96, :96].astype(np.float32)
    ref = cv2.bilateralFilter(img, d, sigma_color, sigma_space)
    got = lab.bilateral_filter(img, d, sigma_color, sigma_space)
    call = f"bilateral_filter(float32 96x96, d={d}, sigma_color={sigma_color}, sigma_space={sigma_space})"
    _check_shape(got, ref, call)
    err = _max_err(got, ref)
    assert err < 0.01, (
        f"{call} differs from cv2.bilateralFilter by up to {err:.3f} levels{_where(got, ref, 0.01)}. OpenCV uses the "
        "disc |p-q| <= r (not the square), r = d // 2 (or round(1.5 * sigma_space) when d <= 0), Gaussian weights with "
        "2 sigma^2 in the denominators, and the reflect101 border."
    )


@pytest.mark.region("bilateral")
def test_bilateral_matches_cv2_uint8_and_colour(lab, crop, colour):
    """uint8 grey and colour input: within 1 grey level of cv2.bilateralFilter (it rounds), colour distance = L1 over channels."""
    for img, name in ((crop[:96, :96], "grey"), (colour[:64, :64], "BGR")):
        for d, sc, ss in ((5, 30.0, 3.0), (0, 40.0, 2.0)):
            ref = cv2.bilateralFilter(img, d, sc, ss)
            got = lab.bilateral_filter(img, d, sc, ss)
            call = f"bilateral_filter(uint8 {name} {img.shape}, d={d}, sigma_color={sc}, sigma_space={ss})"
            _check_shape(got, ref, call)
            err, mean = _max_err(got, ref), float(np.mean(np.abs(got - ref)))
            hint = (
                " For colour, OpenCV's distance is |db| + |dg| + |dr| and one weight serves all channels."
                if name == "BGR"
                else ""
            )
            assert err <= 1.0 + 1e-3 and mean < 0.6, (
                f"{call} differs from cv2.bilateralFilter by up to {err:.2f} (mean {mean:.3f}) levels; rounding (OpenCV sometimes truncates) "
                f"explains <= 1{_where(got, ref, 1.0)}.{hint}"
            )


@pytest.mark.region("bilateral")
def test_bilateral_preserves_a_step_edge_and_smooths_flat_noise(lab):
    """Ground truth: on a noisy step (60 | 190, noise sigma 10) the edge keeps > 90 % of its height while flat noise drops > 3x."""
    step = np.full((64, 64), 60, np.uint8)
    step[:, 32:] = 190
    noisy = noise.gaussian(step, 10.0, seed=1)
    got = lab.bilateral_filter(noisy, 9, 40.0, 3.0)
    _check_shape(got, noisy, "bilateral_filter(noisy step 64x64, 9, 40, 3)")
    flat_before, flat_after = noisy[:, 4:24].std(), got[:, 4:24].std()
    edge = float(got[:, 32].mean() - got[:, 31].mean())
    blur = cv2.GaussianBlur(noisy, (0, 0), 3.0)
    edge_blur = float(blur[:, 32].mean() - blur[:, 31].mean())  # what a plain Gaussian of the same spatial sigma leaves
    assert flat_after < flat_before / 3, (
        f"noise std in the flat part went from {flat_before:.2f} to {flat_after:.2f}; expected a 3x drop"
    )
    assert edge > 0.9 * 130, (
        f"the step of 130 levels between columns 31 and 32 is {edge:.1f} after the bilateral filter (a Gaussian with the same "
        f"sigma_space leaves {edge_blur:.1f}); the range weight should stop averaging across the edge"
    )


@pytest.mark.region("bilateral")
def test_bilateral_beats_median_on_gaussian_noise(lab, camera):
    """The experiment: on Gaussian noise (sigma 20) the bilateral filter scores higher PSNR and SSIM than a 3x3 median (OpenCV, scikit-image)."""
    clean = camera[96:352, 128:384]
    noisy = noise.to_uint8(noise.gaussian(clean, 20.0, seed=0))
    ours = noise.to_uint8(lab.bilateral_filter(noisy, 7, 40.0, 2.0))
    med = cv2.medianBlur(noisy, 3)
    p_b, p_m, p_n = cv2.PSNR(clean, ours), cv2.PSNR(clean, med), cv2.PSNR(clean, noisy)
    s_b = structural_similarity(
        clean, ours, data_range=255, gaussian_weights=True, sigma=1.5, use_sample_covariance=False
    )
    s_m = structural_similarity(
        clean, med, data_range=255, gaussian_weights=True, sigma=1.5, use_sample_covariance=False
    )
    assert p_b > p_n + 5 and p_b > p_m + 1 and s_b > s_m, (
        f"PSNR noisy {p_n:.2f}, median 3x3 {p_m:.2f}, bilateral {p_b:.2f} dB; SSIM median {s_m:.3f}, bilateral {s_b:.3f}: "
        "the bilateral filter should win on Gaussian noise"
    )


@pytest.mark.region("bilateral")
def test_bilateral_constant_image_and_bad_sigmas(lab):
    """A constant image is unchanged; sigma_color <= 0 or sigma_space <= 0 raise ValueError."""
    flat = np.full((12, 12, 3), 77.0)
    got = lab.bilateral_filter(flat, 5, 10.0, 2.0)
    assert np.allclose(got, flat), (
        f"a constant image changed to values in [{got.min()}, {got.max()}]: are the weights normalised?"
    )
    for sc, ss in ((0.0, 2.0), (10.0, -1.0)):
        with pytest.raises(ValueError):
            lab.bilateral_filter(flat, 5, sc, ss)
            pytest.fail(f"bilateral_filter(sigma_color={sc}, sigma_space={ss}) did not raise ValueError")


# =============================================================================================
# unsharp
# =============================================================================================
@pytest.mark.region("unsharp", needs=["filter2d", "gaussian"])
def test_unsharp_matches_addWeighted_formula(lab, camera):
    """unsharp_mask equals cv2.addWeighted(img, 1 + amount, cv2.GaussianBlur(img, sigma), -amount, 0) (float64 and uint8 input)."""
    img = camera[::2, ::2].astype(np.float64)
    for sigma, amount in ((1.0, 1.0), (2.0, 0.6), (3.0, 2.5)):
        ref = cv2.addWeighted(img, 1 + amount, cv2.GaussianBlur(img, (0, 0), sigma), -amount, 0)
        got = lab.unsharp_mask(img, sigma, amount)
        call = f"unsharp_mask(float64 256x256, sigma={sigma}, amount={amount})"
        _check_shape(got, ref, call)
        blurred = cv2.GaussianBlur(img, (0, 0), sigma)
        hint = (
            " That blurs instead: the detail is img - blur, and you add it."
            if np.allclose(got, img - amount * (img - blurred))
            else ""
        )
        assert _max_err(got, ref) < 1e-8, f"{call} differs from the addWeighted formula{_where(got, ref, 1e-8)}.{hint}"
    u8 = camera[::2, ::2]
    n = round(6 * 1.5 + 1) | 1  # OpenCV's size for a uint8 image
    ref = cv2.addWeighted(img, 2.0, cv2.GaussianBlur(img, (n, n), 1.5), -1.0, 0)
    got = lab.unsharp_mask(u8, 1.5)
    assert got.dtype == np.float64 and _max_err(got, ref) < 1e-8, (
        f"unsharp_mask(uint8 image, 1.5) should give float64 (unclipped) img + (img - blur); got {got.dtype}{_where(got, ref, 1e-8)}"
    )


@pytest.mark.region("unsharp", needs=["filter2d", "gaussian"])
def test_unsharp_threshold_leaves_small_details(lab, camera):
    """With a threshold t, only pixels whose detail |img - blur| exceeds t are sharpened; the rest keep their value."""
    img = camera[::2, ::2].astype(np.float64)
    blur = cv2.GaussianBlur(img, (0, 0), 2.0)
    ref = np.where(np.abs(img - blur) > 8.0, img + 1.5 * (img - blur), img)
    got = lab.unsharp_mask(img, 2.0, 1.5, threshold=8.0)
    untouched = float(np.mean(got == img))
    assert _max_err(got, ref) < 1e-8, (
        f"unsharp_mask(..., sigma=2, amount=1.5, threshold=8) differs from the thresholded formula{_where(got, ref, 1e-8)}; "
        f"{100 * untouched:.1f} % of pixels were left unchanged (expected {100 * float(np.mean(ref == img)):.1f} %)"
    )


@pytest.mark.region("unsharp", needs=["filter2d", "gaussian"])
def test_unsharp_ground_truth_on_ramp_and_step(lab):
    """Ground truth: a constant and the inside of a linear ramp are unchanged; a step edge gets an overshoot (halo) on both sides."""
    ramp = np.tile(np.arange(40, dtype=np.float64) * 3.0, (20, 1))  # (20, 40): blur of a linear function is itself
    got = lab.unsharp_mask(ramp, 1.0, 2.0)
    assert np.allclose(got[:, 6:-6], ramp[:, 6:-6], atol=1e-9), "unsharp_mask changed the inside of a linear ramp"
    got = lab.unsharp_mask(np.full((20, 20), 50.0), 1.5, 3.0)
    assert np.allclose(got, 50.0), "unsharp_mask changed a constant image"
    step = np.full((20, 40), 50.0)
    step[:, 20:] = 150.0
    got = lab.unsharp_mask(step, 1.5, 1.0)
    assert got[:, 20].min() > 150.5 and got[:, 19].max() < 49.5, (
        f"around the step 50 | 150 the sharpened values are {got[10, 17:23].round(1)}; expected an undershoot below 50 "
        "left of the edge and an overshoot above 150 right of it"
    )
    assert np.allclose(got[:, :8], 50.0) and np.allclose(got[:, -8:], 150.0), "far from the edge nothing should change"


# =============================================================================================
# psnr
# =============================================================================================
@pytest.mark.region("psnr")
def test_psnr_matches_cv2_and_skimage(lab, camera):
    """PSNR of a noisy uint8 photo equals cv2.PSNR and skimage's peak_signal_noise_ratio (data range 255 by default)."""
    for sigma in (5.0, 25.0):
        noisy = noise.to_uint8(noise.gaussian(camera, sigma, seed=0))
        got = lab.psnr(camera, noisy)
        ref = cv2.PSNR(camera, noisy)
        assert isinstance(got, float), f"psnr returned {type(got).__name__}; expected a Python float"
        assert abs(got - ref) < 1e-9, f"psnr(camera, camera + N(0, {sigma}^2)) = {got:.6f}, cv2.PSNR says {ref:.6f}"
        sk = peak_signal_noise_ratio(camera, noisy)
        assert abs(got - sk) < 1e-9, f"psnr = {got:.6f}, skimage says {sk:.6f}"


@pytest.mark.region("psnr")
def test_psnr_uses_the_data_range_not_the_image_max(lab, camera):
    """A dark image (max 63) still uses R = 255 for uint8; float images use the data_range you pass."""
    dark = camera // 4
    noisy = noise.to_uint8(noise.gaussian(dark, 3.0, seed=2))
    got, ref = lab.psnr(dark, noisy), cv2.PSNR(dark, noisy, 255.0)
    assert abs(got - ref) < 1e-9, (
        f"psnr(dark image with max {dark.max()}, noisy) = {got:.4f} dB, expected {ref:.4f} dB: the peak is the data range "
        f"(255 for uint8), not the image's own maximum ({dark.max()})"
    )
    x, y = camera / 255.0, noisy / 255.0
    got, ref = lab.psnr(x, y, data_range=1.0), peak_signal_noise_ratio(x, y, data_range=1.0)
    assert abs(got - ref) < 1e-9, f"psnr(float [0, 1], data_range=1) = {got:.6f}, skimage says {ref:.6f}"


@given(
    img=hnp.arrays(np.uint8, st.tuples(st.integers(1, 12), st.integers(1, 12))),
    c=st.integers(-40, 40).filter(lambda v: v != 0),
)
@pytest.mark.region("psnr")
def test_psnr_constant_offset_closed_form(lab, img, c):
    """Shifting every pixel by c (no clipping) gives exactly PSNR = 20 log10(255 / |c|), whatever the image; and it is symmetric."""
    base = np.clip(img, 40, 215).astype(np.uint8)
    shifted = (base.astype(np.int16) + c).astype(np.uint8)
    want = 20 * math.log10(255 / abs(c))
    got = lab.psnr(base, shifted)
    assert abs(got - want) < 1e-9, (
        f"psnr(img, img {c:+d}) = {got}, expected 20 log10(255 / {abs(c)}) = {want} (compute in float64)"
    )
    assert abs(lab.psnr(shifted, base) - got) < 1e-12, "psnr(a, b) != psnr(b, a)"


@pytest.mark.region("psnr")
def test_psnr_edge_cases(lab, camera):
    """Identical images give inf; different shapes raise ValueError; float images without data_range raise ValueError."""
    assert lab.psnr(camera, camera.copy()) == math.inf, (
        "identical images: MSE = 0, PSNR = inf (not an error, not a finite cap)"
    )
    with pytest.raises(ValueError):
        lab.psnr(camera, camera[:-1])
        pytest.fail("psnr accepted images of different shapes")
    with pytest.raises(ValueError):
        lab.psnr(camera / 255.0, camera / 255.0 + 0.01)
        pytest.fail("psnr guessed a data range for float images; it must ask for data_range")


# =============================================================================================
# ssim
# =============================================================================================
SK = {"gaussian_weights": True, "sigma": 1.5, "use_sample_covariance": False}


@pytest.mark.region("ssim")
def test_ssim_matches_skimage_on_distorted_photos(lab, camera):
    """SSIM of noisy, blurred and brightened versions of a photo equals skimage's structural_similarity (Gaussian window)."""
    clean = camera[::2, ::2]  # (256, 256)
    distorted = {
        "gaussian noise 15": noise.to_uint8(noise.gaussian(clean, 15.0, seed=0)),
        "blur sigma 2": cv2.GaussianBlur(clean, (0, 0), 2.0),
        "brighter +30": cv2.add(clean, 30),
        "salt and pepper 5%": noise.salt_and_pepper(clean, 0.05, seed=0).noisy,
    }
    for name, other in distorted.items():
        ref = structural_similarity(clean, other, data_range=255, **SK)
        got = lab.ssim(clean, other)
        assert isinstance(got, float), f"ssim returned {type(got).__name__}; expected a Python float"
        assert abs(got - ref) < 1e-6, (
            f"ssim(camera, {name}) = {got:.6f}, skimage says {ref:.6f}. Check: 11x11 Gaussian window with sigma 1.5, "
            "C1 = (0.01 R)^2 and C2 = (0.03 R)^2, population variances, mean over the positions where the window fits"
        )


@pytest.mark.region("ssim")
def test_ssim_map_colour_and_float(lab, camera, colour):
    """The SSIM map equals skimage's full map without its 5-pixel border; colour averages channels; floats use data_range."""
    clean = camera[100:200, 150:270]
    other = noise.to_uint8(noise.gaussian(clean, 10.0, seed=3))
    score, smap = lab.ssim(clean, other, return_map=True)
    ref_score, ref_map = structural_similarity(clean, other, data_range=255, full=True, **SK)
    ref_map = ref_map[5:-5, 5:-5]
    _check_shape(np.asarray(smap), ref_map, "ssim(100x120, ..., return_map=True)[1]")
    assert _max_err(smap, ref_map) < 1e-9, (
        f"the SSIM map differs from skimage's (cropped by 5){_where(smap, ref_map, 1e-9)}"
    )
    assert abs(score - ref_score) < 1e-9 and abs(score - float(np.mean(smap))) < 1e-12, (
        "the score is the mean of the map"
    )
    noisy = noise.to_uint8(noise.gaussian(colour, 12.0, seed=4))
    got, ref = lab.ssim(colour, noisy), structural_similarity(colour, noisy, data_range=255, channel_axis=-1, **SK)
    assert abs(got - ref) < 1e-6, f"ssim(BGR {colour.shape}) = {got:.6f}, skimage (channel_axis=-1) says {ref:.6f}"
    x, y = clean / 255.0, other / 255.0
    got, ref = lab.ssim(x, y, data_range=1.0), structural_similarity(x, y, data_range=1.0, **SK)
    assert abs(got - ref) < 1e-6, f"ssim(float, data_range=1) = {got:.6f}, skimage says {ref:.6f}"


@pytest.mark.region("ssim")
def test_ssim_flat_images_closed_form(lab):
    """Ground truth: for constant images a and b, SSIM = (2ab + C1) / (a^2 + b^2 + C1); identical images give exactly 1."""
    C1 = (0.01 * 255) ** 2
    for a, b in ((100, 100), (100, 120), (0, 0), (30, 200)):
        x, y = np.full((16, 16), a, np.uint8), np.full((16, 16), b, np.uint8)
        want = (2 * a * b + C1) / (a * a + b * b + C1)
        got = lab.ssim(x, y)
        assert np.isfinite(got) and abs(got - want) < 1e-9, (
            f"ssim(constant {a}, constant {b}) = {got}, expected (2ab + C1) / (a^2 + b^2 + C1) = {want:.6f}: the constants "
            "C1, C2 keep flat regions well defined (0/0 otherwise)"
        )


@given(
    x=hnp.arrays(np.uint8, st.tuples(st.integers(11, 16), st.integers(11, 16))),
    seed=st.integers(0, 1000),
)
@pytest.mark.region("ssim")
def test_ssim_any_small_image_matches_skimage(lab, x, seed):
    """Any image from 11x11 to 16x16: SSIM agrees with skimage, is symmetric, is 1 against itself, and is in [-1, 1]."""
    y = noise.to_uint8(noise.gaussian(x, 30.0, seed=seed))
    got, ref = lab.ssim(x, y), structural_similarity(x, y, data_range=255, **SK)
    assert abs(got - ref) < 1e-6, f"ssim on a {x.shape} image = {got}, skimage says {ref}"
    assert abs(lab.ssim(y, x) - got) < 1e-12, "ssim(x, y) != ssim(y, x)"
    assert abs(lab.ssim(x, x) - 1.0) < 1e-12, "ssim(x, x) should be exactly 1"
    assert -1.0 - 1e-12 <= got <= 1.0 + 1e-12


@pytest.mark.region("ssim")
def test_ssim_rejects_bad_input(lab):
    """Different shapes, an image smaller than the 11x11 window, and floats without data_range raise ValueError."""
    for x, y, kw, what in (
        (np.zeros((20, 20), np.uint8), np.zeros((20, 21), np.uint8), {}, "different shapes"),
        (np.zeros((10, 30), np.uint8), np.zeros((10, 30), np.uint8), {}, "a 10-row image"),
        (np.zeros((20, 20)), np.zeros((20, 20)), {}, "float images without data_range"),
    ):
        with pytest.raises(ValueError):
            lab.ssim(x, y, **kw)
            pytest.fail(f"ssim accepted {what}")
