"""Grader for lab 2.1 - Classical ML pipelines on image features.

References are independent of the solution: scikit-image's ``feature.hog`` (HOG end to end),
SciPy's ``ndimage.correlate1d`` (gradients), ``np.histogram`` per cell and a per-pixel
triangular-kernel loop (orientation votes), a per-block loop (L2-Hys), ``cv2.calcHist`` and
``scipy.stats.skew`` (colour features), and scikit-learn's ``cross_val_score``,
``GridSearchCV`` and ``RandomizedSearchCV`` (evaluation), plus a spy step that records
which rows every ``fit`` sees. Models train on a few hundred images, so the file runs in
seconds.
"""

from __future__ import annotations

import pickle
from typing import ClassVar

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import ndimage, stats
from scipy.stats import loguniform
from skimage.feature import hog as sk_hog
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    RandomizedSearchCV,
    StratifiedKFold,
    cross_val_score,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.utils import estimator_checks

from cvlab import data

# ---------------------------------------------------------------------------------------
# Data and helpers
# ---------------------------------------------------------------------------------------

#: HOG values lie in [0, 1]. skimage accumulates cells in float32 (~1e-7); putting eps outside the
#: square root (v / (||v|| + eps)) is a common, equally valid variant that moves values by < 1e-4.
HOG_TOL = 2e-4
DIGIT_HOG = {"pixels_per_cell": (2, 2), "cells_per_block": (2, 2)}  # 8x8 digits -> 4x4 cells -> 324 features


@pytest.fixture(scope="module")
def camera() -> np.ndarray:
    return data.skimage_image("camera")  # (512, 512) uint8 grey


@pytest.fixture(scope="module")
def coins() -> np.ndarray:
    return data.skimage_image("coins")  # (303, 384) uint8 grey, not square


@pytest.fixture(scope="module")
def text() -> np.ndarray:
    return data.skimage_image("text")  # (172, 448) uint8 grey


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray]:
    """A shuffled copy of sklearn digits: the file is ordered by writer, so slices of the
    original order come from different people (see README, 'CV variance')."""
    X, y = data.digits()  # (1797, 8, 8) float64 0..16
    perm = np.random.default_rng(0).permutation(len(y))
    return X[perm], y[perm]


@pytest.fixture(scope="module")
def fashion() -> tuple[np.ndarray, np.ndarray]:
    X, y = data.fashion_mnist("train")  # (60000, 28, 28) uint8
    idx = np.random.default_rng(0).permutation(len(y))[:800]
    return X[idx], y[idx]


def ref_gradients(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[-1, 0, 1] correlation via SciPy, with skimage's zero border rows / columns."""
    f = np.asarray(img, dtype=np.float64)
    gy = ndimage.correlate1d(f, [-1.0, 0.0, 1.0], axis=-2, mode="constant")
    gx = ndimage.correlate1d(f, [-1.0, 0.0, 1.0], axis=-1, mode="constant")
    gy[..., 0, :] = gy[..., -1, :] = 0.0
    gx[..., :, 0] = gx[..., :, -1] = 0.0
    return gy, gx


def ref_hard_cells(gy: np.ndarray, gx: np.ndarray, cell: tuple[int, int], B: int) -> np.ndarray:
    """Per-cell np.histogram of unsigned angles weighted by magnitude, / cell area (one image)."""
    ch, cw = cell
    n_r, n_c = gy.shape[0] // ch, gy.shape[1] // cw
    mag = np.hypot(gy, gx)
    ang = np.degrees(np.arctan2(gy, gx)) % 180.0
    edges = np.linspace(0.0, 180.0, B + 1)
    out = np.zeros((n_r, n_c, B))
    for r in range(n_r):
        for c in range(n_c):
            win = (slice(r * ch, (r + 1) * ch), slice(c * cw, (c + 1) * cw))
            out[r, c] = np.histogram(ang[win], bins=edges, weights=mag[win])[0] / (ch * cw)
    return out


def ref_linear_cells(gy: np.ndarray, gx: np.ndarray, cell: tuple[int, int], B: int) -> np.ndarray:
    """Linear orientation interpolation as a triangular kernel on the circle, pixel by pixel."""
    ch, cw = cell
    n_r, n_c = gy.shape[0] // ch, gy.shape[1] // cw
    w = 180.0 / B
    centres = (np.arange(B) + 0.5) * w
    out = np.zeros((n_r, n_c, B))
    for r in range(n_r * ch):
        for c in range(n_c * cw):
            m = np.hypot(gy[r, c], gx[r, c])
            theta = np.degrees(np.arctan2(gy[r, c], gx[r, c])) % 180.0
            d = np.abs(theta - centres)
            d = np.minimum(d, 180.0 - d)  # distance around the orientation circle
            out[r // ch, c // cw] += m * np.clip(1.0 - d / w, 0.0, None)
    return out / (ch * cw)


def ref_block_norm(hist: np.ndarray, block: tuple[int, int], eps: float = 1e-5) -> np.ndarray:
    """L2-Hys block by block with explicit loops (one image)."""
    br, bc = block
    n_r, n_c, B = hist.shape
    out = np.zeros((n_r - br + 1, n_c - bc + 1, br, bc, B))
    for r in range(n_r - br + 1):
        for c in range(n_c - bc + 1):
            v = hist[r : r + br, c : c + bc]
            v = v / np.sqrt(np.sum(v * v) + eps * eps)
            v = np.minimum(v, 0.2)
            out[r, c] = v / np.sqrt(np.sum(v * v) + eps * eps)
    return out


def _first_diff(got: np.ndarray, ref: np.ndarray, tol: float) -> str:
    bad = np.argwhere(np.abs(got - ref) > tol)
    if len(bad) == 0:
        return ""
    idx = tuple(int(i) for i in bad[0])
    return f"; first difference at index {idx}: got {got[idx]:.6g}, expected {ref[idx]:.6g} ({len(bad)} values differ)"


def _fmt(v: np.ndarray) -> str:
    return np.array2string(np.round(v, 3), max_line_width=10**6)


class RowSpy(TransformerMixin, BaseEstimator):
    """A pass-through step that records, in a class-level log, the row ids (column 0) each
    ``fit`` sees. Class-level because ``clone`` makes new instances for every fold."""

    log: ClassVar[list[tuple[str, frozenset[int]]]] = []

    def fit(self, X, y=None):
        RowSpy.log.append(("fit", frozenset(np.asarray(X)[:, 0].astype(int).tolist())))
        return self

    def transform(self, X):
        return np.asarray(X)[:, 1:]  # drop the id column before the model sees it


def spy_data(digits) -> tuple[np.ndarray, np.ndarray]:
    X, y = digits
    X = X[:120].reshape(120, -1)
    return np.column_stack([np.arange(120), X]), y[:120]  # column 0 = row id


def spy_pipeline() -> Pipeline:
    return Pipeline([("spy", RowSpy()), ("scale", StandardScaler()), ("clf", SVC(C=10))])


#: The HOG regions: hog() (given) runs all three, so tests of hog() and of what uses it need them.
HOG_REGIONS = ["gradients", "cell_histograms", "block_norm"]


# ---------------------------------------------------------------------------------------
# gradients
# ---------------------------------------------------------------------------------------


@pytest.mark.region("gradients")
def test_gradients_match_scipy_on_a_photo(lab, coins):
    """Gradients of a real photo equal [-1, 0, 1] correlation (SciPy) with zero border rows/columns."""
    gy, gx = lab.image_gradients(coins)
    ry, rx = ref_gradients(coins)
    for name, got, ref in (("gy", gy, ry), ("gx", gx, rx)):
        assert got.shape == ref.shape, f"image_gradients(coins {coins.shape}) gave {name} of shape {got.shape}"
        assert got.dtype == np.float64, f"{name} has dtype {got.dtype}; expected float64 (uint8 would wrap)"
        assert np.array_equal(got, ref), (
            f"{name} differs from I[+1] - I[-1] (zeros on the border){_first_diff(got, ref, 0)}. "
            "Check the kernel (no /2), the axis (gy runs down the rows) and that the borders are 0, not one-sided."
        )


@pytest.mark.region("gradients")
def test_gradients_of_a_ramp(lab):
    """A uint8 ramp 3r + 5c has gy = 6 and gx = 10 inside, 0 on the border, and no uint8 wrap-around."""
    r, c = np.mgrid[0:6, 0:7]
    ramp = (3 * r + 5 * c).astype(np.uint8)
    gy, gx = lab.image_gradients(ramp)
    assert np.all(gy[1:-1] == 6) and np.all(gx[:, 1:-1] == 10), (
        f"interior gradients of 3r + 5c: got gy {np.unique(gy[1:-1])}, gx {np.unique(gx[:, 1:-1])}; expected 6 and 10"
    )
    assert np.all(gy[[0, -1]] == 0) and np.all(gx[:, [0, -1]] == 0), "border rows of gy / columns of gx must be 0"
    down = lab.image_gradients(ramp[::-1])[0]
    assert np.all(down[1:-1] == -6), f"a decreasing ramp must give gy = -6, got {np.unique(down[1:-1])} (uint8 wrap?)"


@given(
    hnp.arrays(
        np.float64, hnp.array_shapes(min_dims=2, max_dims=3, min_side=1, max_side=6), elements=st.floats(-100, 100)
    )
)
@pytest.mark.region("gradients")
def test_gradients_any_shape_and_batch(lab, img):
    """Any (..., H, W) input, tiny ones included: equals the SciPy reference, batch axis untouched."""
    gy, gx = lab.image_gradients(img)
    ry, rx = ref_gradients(img)
    assert gy.shape == img.shape and gx.shape == img.shape, f"shape {img.shape} -> gy {gy.shape}, gx {gx.shape}"
    assert np.allclose(gy, ry, atol=1e-9) and np.allclose(gx, rx, atol=1e-9), (
        f"image_gradients on an array of shape {img.shape}{_first_diff(gy, ry, 1e-9)}{_first_diff(gx, rx, 1e-9)}"
    )


# ---------------------------------------------------------------------------------------
# cell_histograms
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell,B", [((8, 8), 9), ((7, 5), 7)])
@pytest.mark.region("cell_histograms")
def test_hard_cells_match_numpy_histogram(lab, coins, cell, B):
    """Hard binning on a photo equals np.histogram of unsigned angles in [0, 180) per cell / cell area."""
    gy, gx = ref_gradients(coins)
    got = lab.cell_histograms(gy, gx, cell, B, "hard")
    ref = ref_hard_cells(gy, gx, cell, B)
    assert got.shape == ref.shape, (
        f"cell_histograms(coins {coins.shape}, cell {cell}, {B} bins) shape {got.shape}, expected {ref.shape}"
    )
    assert np.allclose(got, ref, rtol=1e-9, atol=1e-9), (
        f"hard-binned histograms differ from np.histogram per cell{_first_diff(got, ref, 1e-9)}. "
        "Unsigned angles (mod 180, not 360), bin = floor(angle / (180 / B)), and divide by the cell area."
    )


@given(
    st.integers(1, 2),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(2, 12),
    st.data(),
)
@pytest.mark.region("cell_histograms")
def test_linear_votes_triangular_kernel(lab, n_cells_r, ch, cw, B, draw):
    """Linear binning equals a triangular kernel around each bin centre, wrapping from 180 deg back to 0."""
    H, W = n_cells_r * ch + draw.draw(st.integers(0, ch - 1)), 2 * cw
    vals = hnp.arrays(np.float64, (H, W), elements=st.floats(-10, 10))
    gy, gx = draw.draw(vals), draw.draw(vals)
    got = lab.cell_histograms(gy, gx, (ch, cw), B, "linear")
    ref = ref_linear_cells(gy, gx, (ch, cw), B)
    assert got.shape == ref.shape, f"shape {got.shape}, expected {ref.shape} for H, W = {H}, {W}, cell ({ch}, {cw})"
    assert np.allclose(got, ref, atol=1e-9), (
        f"linear votes with {B} bins, cell ({ch}, {cw}){_first_diff(got, ref, 1e-9)}. Bin k is centred at "
        "(k + 0.5) * 180 / B; angles below the first centre or above the last share their vote with the "
        "bin on the other end of the circle."
    )


@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 3), st.integers(2, 9), st.integers(2, 9)),
        elements=st.integers(-50, 50).map(float),
    ),  # integer-valued, like gradients of uint8 images
    st.sampled_from([3, 5, 7, 9, 11]),
    st.sampled_from(["hard", "linear"]),
    st.sampled_from([(1, 1), (2, 2), (2, 3)]),
)
@pytest.mark.region("cell_histograms")
def test_cells_batch_mass_and_polarity(lab, g, B, binning, cell):
    """Batches equal per-image calls, votes sum to the mean magnitude, and flipping both gradients changes nothing."""
    gy, gx = g, g[..., ::-1, :] * 0.7 + 1.0
    got = lab.cell_histograms(gy, gx, cell, B, binning)
    singles = np.stack([lab.cell_histograms(gy[i], gx[i], cell, B, binning) for i in range(len(g))])
    assert got.shape == singles.shape and np.allclose(got, singles), f"batch of {len(g)} differs from per-image calls"
    ch, cw = cell
    n_r, n_c = g.shape[1] // ch, g.shape[2] // cw
    mag = np.hypot(gy, gx)[:, : n_r * ch, : n_c * cw].reshape(len(g), n_r, ch, n_c, cw).mean(axis=(2, 4))
    assert np.allclose(got.sum(-1), mag), f"{binning}: each cell's bins must sum to its mean gradient magnitude"
    flipped = lab.cell_histograms(-gy, -gx, cell, B, binning)
    assert np.allclose(flipped, got, atol=1e-9), (
        f"{binning}: negating (gy, gx) changed the histograms - orientations must be unsigned (mod 180)"
    )


# ---------------------------------------------------------------------------------------
# block_norm (and the whole HOG against scikit-image)
# ---------------------------------------------------------------------------------------


@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 2), st.integers(1, 5), st.integers(1, 5), st.integers(1, 6)),
        elements=st.one_of(st.just(0.0), st.floats(0.5, 100)),
    ),
    st.integers(1, 3),
    st.integers(1, 3),
)
@pytest.mark.region("block_norm")
def test_block_norm_matches_loop(lab, hist, br, bc):
    """L2-Hys over every sliding block equals a block-by-block loop, for any batch and block size."""
    br, bc = min(br, hist.shape[1]), min(bc, hist.shape[2])
    got = lab.block_normalise(hist, (br, bc))
    ref = np.stack([ref_block_norm(h, (br, bc)) for h in hist])
    assert got.shape == ref.shape, (
        f"block_normalise(hist {hist.shape}, ({br}, {bc})) shape {got.shape}, expected {ref.shape}"
    )
    assert np.allclose(got, ref, atol=1e-4), (
        f"L2-Hys blocks differ from the loop reference{_first_diff(got, ref, 1e-4)}: normalise, clip at 0.2, "
        "normalise again; layout (..., block row, block col, cell row, cell col, bin)"
    )


@pytest.mark.region("block_norm")
def test_block_norm_on_skimage_cells(lab, coins):
    """Your normalisation of exact cell histograms reproduces skimage.feature.hog (block layout included)."""
    gy, gx = ref_gradients(coins)
    cells = ref_hard_cells(gy, gx, (8, 8), 9)
    got = lab.block_normalise(cells, (3, 3))
    ref = sk_hog(coins, 9, (8, 8), (3, 3), block_norm="L2-Hys", feature_vector=False)
    assert got.shape == ref.shape, (
        f"shape {got.shape}, skimage's is {ref.shape} (block r, block c, cell r, cell c, bin)"
    )
    assert np.allclose(got, ref, atol=HOG_TOL), f"L2-Hys blocks differ from skimage{_first_diff(got, ref, HOG_TOL)}"


@pytest.mark.parametrize(
    "name,B,cell,block,sqrt",
    [("camera", 9, (8, 8), (3, 3), False), ("coins", 7, (7, 5), (2, 2), False), ("text", 9, (4, 4), (2, 2), True)],
)
@pytest.mark.region("block_norm", needs=["gradients", "cell_histograms"])
def test_hog_matches_skimage(lab, name, B, cell, block, sqrt):
    """Your full HOG (hard binning) equals skimage.feature.hog with L2-Hys on real photos."""
    img = data.skimage_image(name)
    got = lab.hog(img, B, cell, block, binning="hard", transform_sqrt=sqrt)
    ref = sk_hog(img, B, cell, block, block_norm="L2-Hys", transform_sqrt=sqrt)
    assert got.shape == ref.shape, f"hog({name} {img.shape}) has {got.shape} features, skimage {ref.shape}"
    assert np.allclose(got, ref, atol=HOG_TOL), (
        f"hog({name}, {B} bins, cells {cell}, blocks {block}, sqrt={sqrt}) differs from skimage"
        f"{_first_diff(got, ref, HOG_TOL)}"
    )


@pytest.mark.region("block_norm", needs=["gradients", "cell_histograms"])
def test_hog_illumination_invariance(lab, camera):
    """HOG ignores a brightness offset and a contrast scale (a * I + b): that is what block normalisation buys."""
    base = lab.hog(camera.astype(np.float64), 9, (8, 8), (2, 2), binning="linear")
    dim = lab.hog(0.4 * camera + 30.0, 9, (8, 8), (2, 2), binning="linear")
    err = np.abs(dim - base).max()
    assert err < 1e-3, f"hog(0.4 * camera + 30) differs from hog(camera) by up to {err:.3g}; blocks must be normalised"


# ---------------------------------------------------------------------------------------
# colour
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["coffee", "astronaut", "chelsea"])
@pytest.mark.region("colour")
def test_colour_histograms_match_calchist(lab, name):
    """HSV histograms equal cv2.calcHist on the RGB->HSV image, as fractions of pixels."""
    img = data.skimage_image(name)  # RGB uint8
    bins = (18, 8, 16)
    got = lab.colour_features(img, bins)
    assert got.shape == (sum(bins) + 9,), f"colour_features({name} {img.shape}, bins={bins}) shape {got.shape}"
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    start = 0
    for c, (label, hi) in enumerate([("H", 180), ("S", 256), ("V", 256)]):
        ref = cv2.calcHist([hsv], [c], None, [bins[c]], [0, hi]).ravel() / (img.shape[0] * img.shape[1])
        part = got[start : start + bins[c]]
        assert np.allclose(part, ref, atol=1e-9), (
            f"{label} histogram of {name}: got {_fmt(part)}, cv2.calcHist gives {_fmt(ref)}. "
            "Input is RGB; OpenCV's 8-bit hue spans 0..179."
        )
        start += bins[c]


@pytest.mark.region("colour")
def test_colour_moments_match_scipy(lab):
    """Colour moments equal NumPy's mean/std and scipy.stats.skew of R, G, B scaled to [0, 1]."""
    img = data.skimage_image("coffee")
    got = lab.colour_features(img, (18, 8, 8))[-9:]
    x = img.reshape(-1, 3) / 255.0
    ref = np.r_[x.mean(0), x.std(0), stats.skew(x, axis=0, bias=True)]
    assert np.allclose(got, ref, rtol=1e-7, atol=1e-9), (
        f"moments [mean RGB, std RGB, skew RGB]: got {np.round(got, 4)}, expected {np.round(ref, 4)}"
    )


@given(
    hnp.arrays(np.uint8, st.tuples(st.integers(1, 3), st.integers(1, 6), st.integers(1, 6), st.just(3))),
    st.tuples(st.integers(1, 20), st.integers(1, 20), st.integers(1, 20)),
)
@pytest.mark.region("colour")
def test_colour_batch_and_sums(lab, imgs, bins):
    """For any batch and bin counts: per-image results, histograms summing to 1, zero skew on flat images."""
    got = lab.colour_features(imgs, bins)
    assert got.shape == (len(imgs), sum(bins) + 9), f"batch {imgs.shape}, bins {bins} -> {got.shape}"
    for i in range(len(imgs)):
        assert np.allclose(got[i], lab.colour_features(imgs[i], bins)), (
            f"image {i} of the batch differs from a single call"
        )
    s = np.cumsum((0,) + bins)
    for c in range(3):
        assert np.allclose(got[:, s[c] : s[c + 1]].sum(1), 1.0), f"channel {c}'s histogram must sum to 1"
    flat = np.broadcast_to(imgs[:1, :1, :1], imgs[:1].shape).copy()  # one colour everywhere
    f = lab.colour_features(flat, bins)[0]
    assert np.all(np.isfinite(f)) and np.allclose(f[-6:], 0.0), f"a flat image needs std = skew = 0, got {f[-6:]}"


# ---------------------------------------------------------------------------------------
# transformer
# ---------------------------------------------------------------------------------------


@pytest.mark.region("transformer", needs=HOG_REGIONS)
def test_transformer_matches_hog(lab, digits):
    """fit/transform on (N, 8, 8) digits and on flattened (N, 64) rows give hog() of every image, (N, D)."""
    X = digits[0][:50]
    t = lab.HOGTransformer(**DIGIT_HOG, binning="hard").fit(X)
    got = t.transform(X)
    ref = np.stack([sk_hog(im, 9, (2, 2), (2, 2), block_norm="L2-Hys") for im in X])
    assert got.shape == ref.shape, f"transform of {X.shape} gave {got.shape}, expected (N, D) = {ref.shape}"
    assert np.allclose(got, ref, atol=HOG_TOL), (
        f"HOGTransformer(hard) differs from skimage's hog per image{_first_diff(got, ref, HOG_TOL)}"
    )
    flat = lab.HOGTransformer(**DIGIT_HOG, binning="hard").fit(X.reshape(50, -1)).transform(X.reshape(50, -1))
    assert np.allclose(flat, ref, atol=HOG_TOL), "(N, 64) rows must be reshaped to (N, 8, 8) images row-major"
    small = lab.HOGTransformer(**DIGIT_HOG, binning="hard").fit(X)
    small.chunk_size = 7  # chunk boundaries must not show
    assert np.allclose(small.transform(X), got), "transform with chunk_size=7 differs from one chunk"
    assert t.transform(X[:0]).shape == (0, ref.shape[1]), "transform of zero images must return shape (0, D)"


@pytest.mark.region("transformer", needs=HOG_REGIONS)
def test_transformer_uses_its_parameters(lab, fashion):
    """set_params / clone change the features exactly as hog() with the same parameters would."""
    X = fashion[0][:20]
    t = lab.HOGTransformer()
    t.set_params(orientations=5, pixels_per_cell=(7, 7), cells_per_block=(3, 3), binning="hard", transform_sqrt=True)
    got = clone(t).fit(X).transform(X)
    ref = np.stack([sk_hog(im, 5, (7, 7), (3, 3), block_norm="L2-Hys", transform_sqrt=True) for im in X])
    assert got.shape == ref.shape, (
        f"with orientations=5, cells (7, 7), blocks (3, 3): shape {got.shape}, expected {ref.shape}"
    )
    assert np.allclose(got, ref, atol=HOG_TOL), "transform must use the object's own parameters, not hog()'s defaults"
    lin = lab.HOGTransformer(orientations=6, pixels_per_cell=(4, 4), binning="linear").fit(X).transform(X)
    assert np.allclose(lin, lab.hog(X, 6, (4, 4), (2, 2), binning="linear")), "binning='linear' must reach hog()"


@pytest.mark.region("transformer", needs=HOG_REGIONS)
def test_transformer_rows_are_independent(lab, fashion):
    """Each row's features depend on that image only: shuffling or subsetting the rows permutes the output."""
    X = fashion[0][:30]
    t = lab.HOGTransformer().fit(X)
    full = t.transform(X)
    perm = np.random.default_rng(1).permutation(30)
    assert np.allclose(t.transform(X[perm]), full[perm]), "transform(X[perm]) != transform(X)[perm]"
    assert np.allclose(t.transform(X[3:5]), full[3:5]), "transforming two rows alone changed their features"
    again = pickle.loads(pickle.dumps(t))
    assert np.allclose(again.transform(X), full), "a pickled and restored transformer gives different features"


@pytest.mark.region("transformer", needs=HOG_REGIONS)
def test_transformer_sklearn_conventions(lab, digits):
    """scikit-learn's own estimator checks (init, params, clone, repr, unfitted) and input validation."""
    checks = [
        "check_no_attributes_set_in_init",
        "check_parameters_default_constructible",
        "check_get_params_invariance",
        "check_set_params",
        "check_estimator_cloneable",
        "check_estimator_repr",
        "check_do_not_raise_errors_in_init_or_set_params",
        "check_mixin_order",
        "check_transformers_unfitted",
    ]
    for name in checks:
        try:
            getattr(estimator_checks, name)("HOGTransformer", lab.HOGTransformer())
        except Exception as e:  # noqa: BLE001
            pytest.fail(f"sklearn's {name} failed: {type(e).__name__}: {e}")
    with pytest.raises(NotFittedError):
        lab.HOGTransformer().transform(digits[0][:2])
    t = lab.HOGTransformer(**DIGIT_HOG).fit(digits[0][:5])
    with pytest.raises(ValueError):
        t.transform(np.zeros((2, 10, 10)))  # 100 values per row, fitted on 64


# ---------------------------------------------------------------------------------------
# pipeline
# ---------------------------------------------------------------------------------------


@pytest.mark.region("pipeline")
def test_pipeline_structure(lab):
    """Steps features -> scale -> clf with the right types, defaults, overrides and hog_params."""
    from xgboost import XGBClassifier

    expect = {
        "svm": (SVC, {"C": 10.0, "gamma": "scale"}),
        "rf": (RandomForestClassifier, {"n_estimators": 200}),
        "xgb": (XGBClassifier, {"n_estimators": 200, "max_depth": 4, "learning_rate": 0.2}),
    }
    for name, (cls, defaults) in expect.items():
        p = lab.build_pipeline(name, {"orientations": 6}, random_state=3)
        assert isinstance(p, Pipeline), f"build_pipeline({name!r}) returned {type(p).__name__}, expected a Pipeline"
        names = [n for n, _ in p.steps]
        assert names == ["features", "scale", "clf"], f"step names {names}, expected ['features', 'scale', 'clf']"
        f, s, c = (step for _, step in p.steps)
        assert isinstance(f, lab.HOGTransformer) and f.orientations == 6, (
            "step 'features' must be HOGTransformer(**hog_params)"
        )
        assert isinstance(s, StandardScaler), f"step 'scale' is {type(s).__name__}, expected StandardScaler"
        assert isinstance(c, cls), f"build_pipeline({name!r}) classifier is {type(c).__name__}, expected {cls.__name__}"
        params = c.get_params()
        for key, value in defaults.items():
            assert params[key] == value, f"{name}: default {key} = {params[key]!r}, expected {value!r}"
        clone(p)  # must not raise
    assert lab.build_pipeline("svm", C=0.5).named_steps["clf"].C == 0.5, "clf_params must override the defaults"
    assert lab.build_pipeline("rf", n_estimators=7).named_steps["clf"].n_estimators == 7
    assert lab.build_pipeline("xgb", max_depth=2).named_steps["clf"].get_params()["max_depth"] == 2
    with pytest.raises(ValueError):
        lab.build_pipeline("knn")


@pytest.mark.region("pipeline", needs=[*HOG_REGIONS, "transformer"])
def test_pipeline_accuracy_digits(lab, digits):
    """Trained on 300 digits, every pipeline clears an accuracy floor on 300 other digits."""
    X, y = digits
    floors = {
        "svm": ({}, 0.85),
        "rf": ({"n_estimators": 50}, 0.80),
        "xgb": ({"n_estimators": 10, "max_depth": 3, "max_bin": 32}, 0.60),
    }
    for name, (extra, floor) in floors.items():
        r = lab.evaluate(lab.build_pipeline(name, DIGIT_HOG, **extra), X[:300], y[:300], X[300:600], y[300:600])
        assert r["accuracy"] >= floor, f"{name} pipeline on digits: accuracy {r['accuracy']:.3f} < floor {floor}"


@pytest.mark.region("pipeline", needs=[*HOG_REGIONS, "transformer"])
def test_pipeline_accuracy_fashion(lab, fashion):
    """HOG + scaler + RBF SVM trained on 500 Fashion-MNIST images beats 65 % on 300 others (chance: 10 %)."""
    X, y = fashion
    r = lab.evaluate(lab.build_pipeline("svm", {"pixels_per_cell": (7, 7)}), X[:500], y[:500], X[500:], y[500:])
    assert r["accuracy"] >= 0.65, f"svm pipeline on Fashion-MNIST: accuracy {r['accuracy']:.3f} < 0.65"


# ---------------------------------------------------------------------------------------
# cross_validate
# ---------------------------------------------------------------------------------------


@pytest.mark.region("cross_validate")
def test_cv_fits_only_on_training_folds(lab, digits):
    """A spy step proves every fit sees exactly one training fold - never the held-out rows (no leakage)."""
    X, y = spy_data(digits)
    folds = list(StratifiedKFold(4, shuffle=True, random_state=0).split(X, y))
    RowSpy.log.clear()
    lab.cross_validate(spy_pipeline(), X, y, cv=folds)
    fits = [rows for kind, rows in RowSpy.log if kind == "fit"]
    expected = [frozenset(train.tolist()) for train, _ in folds]
    assert frozenset(range(len(y))) not in fits, (
        "a step was fitted on ALL rows (training and held-out) - e.g. a scaler fitted before the CV loop: "
        "its mean/std then carry information from the test folds"
    )
    assert sorted(fits, key=sorted) == sorted(expected, key=sorted), (
        f"fit saw row sets of sizes {[len(f) for f in fits]}; expected exactly the {len(folds)} training folds "
        f"(sizes {[len(e) for e in expected]})"
    )


@pytest.mark.region("cross_validate", needs=[*HOG_REGIONS, "transformer", "pipeline"])
def test_cv_equals_cross_val_score(lab, digits):
    """Fold scores equal sklearn's cross_val_score on the same folds (splitter, int and list of splits)."""
    X, y = digits[0][:200], digits[1][:200]
    pipe = lab.build_pipeline("svm", DIGIT_HOG)
    folds = StratifiedKFold(4, shuffle=True, random_state=0)
    for cv in (folds, 3, list(KFold(5, shuffle=True, random_state=1).split(X))):
        got = np.asarray(lab.cross_validate(pipe, X, y, cv=cv))
        ref = cross_val_score(pipe, X, y, cv=cv)
        assert got.shape == ref.shape and np.allclose(got, ref, atol=1e-12), (
            f"cross_validate(cv={type(cv).__name__}) = {np.round(got, 4)}, cross_val_score = {np.round(ref, 4)}; "
            "fit a clone of the whole pipeline on each training fold and score it on that fold's held-out rows"
        )
    forest = Pipeline([("scale", StandardScaler()), ("clf", RandomForestClassifier(20, random_state=0))])
    Xf = X.reshape(200, -1)
    assert np.allclose(lab.cross_validate(forest, Xf, y, cv=folds), cross_val_score(forest, Xf, y, cv=folds))


# ---------------------------------------------------------------------------------------
# search
# ---------------------------------------------------------------------------------------


@pytest.mark.region("search", needs=["cross_validate", *HOG_REGIONS, "transformer", "pipeline"])
def test_grid_search_matches_gridsearchcv(lab, digits):
    """Best params, best CV score, every candidate's mean and the refitted model match GridSearchCV."""
    X, y = digits[0][:240], digits[1][:240]
    pipe = lab.build_pipeline("svm", DIGIT_HOG)
    grid = {"clf__C": [0.1, 10.0, 100.0], "clf__gamma": ["scale", 0.05]}
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    res = lab.search(pipe, grid, X, y, cv=folds)
    gs = GridSearchCV(pipe, grid, cv=folds).fit(X, y)
    ref_means = gs.cv_results_["mean_test_score"]
    assert np.allclose(res.mean_scores, ref_means, atol=1e-12), (
        f"candidate mean scores {np.round(res.mean_scores, 3)} vs GridSearchCV {np.round(ref_means, 3)}: "
        "each candidate must be scored on held-out folds, never on the rows it was trained on"
    )
    assert abs(res.best_score - gs.best_score_) < 1e-12, (
        f"best_score {res.best_score:.4f}, GridSearchCV {gs.best_score_:.4f}"
    )
    tied = [p for p, m in zip(gs.cv_results_["params"], ref_means) if m == ref_means.max()]
    assert res.best_params in tied, f"best_params {res.best_params} is not among GridSearchCV's best {tied}"
    X_new = digits[0][240:400]
    ours = res.best_estimator.predict(X_new)
    ref = clone(pipe).set_params(**res.best_params).fit(X, y).predict(X_new)
    assert np.array_equal(ours, ref), "best_estimator must be a clone with best_params refitted on ALL of X, y"


@pytest.mark.region("search", needs=["cross_validate", *HOG_REGIONS, "transformer", "pipeline"])
def test_random_search_matches_randomizedsearchcv(lab, digits):
    """With n_iter, the randomised search evaluates RandomizedSearchCV's candidates and agrees on the best."""
    X, y = digits[0][:200], digits[1][:200]
    pipe = lab.build_pipeline("svm", DIGIT_HOG)
    dist = {"clf__C": loguniform(1e-2, 1e3), "clf__gamma": loguniform(1e-4, 1e-1)}
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    res = lab.search(pipe, dist, X, y, cv=folds, n_iter=4, random_state=0)
    rs = RandomizedSearchCV(pipe, dist, n_iter=4, cv=folds, random_state=0).fit(X, y)
    assert np.allclose(res.mean_scores, rs.cv_results_["mean_test_score"], atol=1e-12), (
        f"mean scores {np.round(res.mean_scores, 3)} vs RandomizedSearchCV {np.round(rs.cv_results_['mean_test_score'], 3)}"
    )
    assert abs(res.best_score - rs.best_score_) < 1e-12, (
        f"best_score {res.best_score:.4f}, sklearn {rs.best_score_:.4f}"
    )


@pytest.mark.region("search", needs=["cross_validate"])
def test_search_fits_on_training_folds_then_refits(lab, digits):
    """Spy: the search fits only training folds, then refits once on all rows, last."""
    X, y = spy_data(digits)
    folds = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y))
    RowSpy.log.clear()
    lab.search(spy_pipeline(), {"clf__C": [0.1, 10.0]}, X, y, cv=folds)
    fits = [rows for kind, rows in RowSpy.log if kind == "fit"]
    train_sets = {frozenset(t.tolist()) for t, _ in folds}
    everything = frozenset(range(len(y)))
    assert fits and fits[-1] == everything, "the last fit must be the refit of the best candidate on all rows"
    cv_fits = fits[:-1]
    assert len(cv_fits) == 2 * len(folds) and all(f in train_sets for f in cv_fits), (
        f"before the refit expected {2 * len(folds)} fits, each on one training fold; got sizes "
        f"{[len(f) for f in cv_fits]} ({sum(f == everything for f in cv_fits)} on all rows)"
    )
