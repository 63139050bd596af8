"""Grader for c01 - Harris response and non-maximum suppression.

References: cv2.cornerHarris (OpenCV's Sobel + box-filter implementation; it scales the
gradients by 1/(4·block_size), so its response is ours times (4·block_size)^-4), and
scipy.ndimage.maximum_filter for the local-maximum test. Exact cases: the four corners of a
synthetic white square, plateaus, strict threshold, ordering and the empty cases.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.ndimage import maximum_filter


def _square(size: int = 32, lo: int = 8, hi: int = 23) -> np.ndarray:
    img = np.zeros((size, size))
    img[lo : hi + 1, lo : hi + 1] = 1.0
    return img


def _cv2_harris(img: np.ndarray, block: int, k: float) -> np.ndarray:
    # OpenCV divides the Sobel gradients by 4·block for float input: R scales by (4·block)^4.
    return cv2.cornerHarris(img.astype(np.float32), block, 3, k).astype(np.float64) * (4.0 * block) ** 4


_images = st.tuples(st.integers(4, 16), st.integers(4, 16)).flatmap(
    lambda s: hnp.arrays(np.float64, s, elements=st.floats(0, 1, width=32))
)


# ----------------------------------------------------------------------------- response
@pytest.mark.region("response")
def test_square_corner_edge_flat(lab):
    """On a white square R is positive at a corner, negative on an edge and zero in a flat area."""
    R = np.asarray(lab.harris_response(_square(), block_size=3, k=0.04))
    assert R.shape == (32, 32), f"harris_response(32x32 image) returned shape {R.shape}, expected (32, 32)"
    for (r, c), want in {(8, 8): 2015.36, (8, 16): -368.64, (16, 16): 0.0, (2, 2): 0.0}.items():
        assert abs(R[r, c] - want) < 1e-6, (
            f"R[{r}, {c}] = {R[r, c]:.6g}, expected {want} (unscaled Sobel, window SUM over 3x3, k=0.04)"
        )


@pytest.mark.region("response")
@given(_images, st.sampled_from([1, 3, 5]), st.floats(0.03, 0.07))
def test_matches_cv2_corner_harris(lab, img, block, k):
    """Random images: R equals cv2.cornerHarris(img, block_size, 3, k) after undoing OpenCV's gradient scale."""
    got = np.asarray(lab.harris_response(img, block_size=block, k=k), dtype=np.float64)
    ref = _cv2_harris(img, block, k)
    assert got.shape == ref.shape, f"image {img.shape}: got shape {got.shape}, expected {ref.shape}"
    tol = 1e-4 * (1.0 + np.abs(ref).max())  # cv2 works in float32
    err = np.abs(got - ref)
    i = np.unravel_index(np.argmax(err), err.shape)
    assert err.max() <= tol, (
        f"image {img.shape}, block_size={block}, k={k:.3f}: at {i} got {got[i]:.6g}, cv2 gives {ref[i]:.6g} "
        "(check the reflect-101 border, the window SUM and the k·trace² term)"
    )


@pytest.mark.region("response")
def test_borders_are_reflect101(lab):
    """A gradient image right up to the border: the border rows/cols agree with cv2 (reflect-101, not zero padding)."""
    img = np.add.outer(np.arange(10.0), 2.0 * np.arange(12.0)) ** 1.5 / 50.0
    got = np.asarray(lab.harris_response(img, block_size=3, k=0.05))
    ref = _cv2_harris(img, 3, 0.05)
    tol = 1e-4 * (1.0 + np.abs(ref).max())
    for name, g, r in [("row 0", got[0], ref[0]), ("last col", got[:, -1], ref[:, -1])]:
        assert np.allclose(g, r, atol=tol), f"{name}: got {np.round(g, 3)}, cv2 gives {np.round(r, 3)}"


@pytest.mark.region("response")
def test_uint8_and_transpose(lab):
    """uint8 input gives the float result; transposing the image transposes R."""
    rng = np.random.default_rng(3)
    img8 = rng.integers(0, 256, size=(9, 14), dtype=np.uint8)
    got8 = np.asarray(lab.harris_response(img8, 3, 0.04), dtype=np.float64)
    gotf = np.asarray(lab.harris_response(img8.astype(np.float64), 3, 0.04), dtype=np.float64)
    assert np.allclose(got8, gotf, rtol=1e-9), (
        "uint8 input must give the same R as float input (squares overflow in uint8)"
    )
    got_t = np.asarray(lab.harris_response(img8.T.astype(np.float64), 3, 0.04))
    assert np.allclose(got_t, gotf.T, rtol=1e-9, atol=1e-6), (
        "harris_response(img.T) should equal harris_response(img).T"
    )


@pytest.mark.region("response")
@pytest.mark.parametrize("args", [(np.zeros((5, 5, 3)), 3), (np.zeros((6, 6)), 4), (np.zeros((6, 6)), 0)])
def test_response_rejects_bad_input(lab, args):
    """A colour image, an even block_size or block_size 0 raise ValueError."""
    img, block = args
    with pytest.raises(ValueError):
        lab.harris_response(img, block_size=block, k=0.04)


# ----------------------------------------------------------------------------- nms
@pytest.mark.region("nms", needs=["response"])
def test_square_corners_exact(lab):
    """README example: the four strongest local maxima of the square's response are its corner pixels."""
    R = np.asarray(lab.harris_response(_square(), 3, 0.04), dtype=np.float64)
    want = np.array([[8, 8], [8, 23], [23, 8], [23, 23]])
    # The four corner values are equal only up to float rounding (it depends on the summation
    # order of a correct response), so on the raw map check the set of points ...
    got = np.asarray(lab.nms(R, window=5, threshold=0.0, top_n=4))
    assert got.shape == (4, 2), f"nms(..., top_n=4) returned shape {got.shape}, expected (4, 2)"
    assert sorted(map(tuple, got.tolist())) == sorted(map(tuple, want.tolist())), (
        f"nms(R, window=5, threshold=0, top_n=4) on the white square: got\n{got}\nexpected the four corners\n{want}"
    )
    # ... and the tie order on the rounded map, where the four values are exactly equal.
    got = np.asarray(lab.nms(np.round(R, 6), window=5, threshold=0.0, top_n=4))
    assert np.array_equal(got, want), (
        f"nms(np.round(R, 6), window=5, threshold=0, top_n=4): got\n{got}\n"
        f"expected (four equal values, so (row, col) ascending)\n{want}"
    )


def _reference_nms(r: np.ndarray, window: int, threshold: float) -> np.ndarray:
    mx = maximum_filter(r, size=window, mode="constant", cval=-np.inf)
    rows, cols = np.nonzero((r == mx) & (r > threshold))
    order = np.lexsort((cols, rows, -r[rows, cols]))
    return np.stack([rows[order], cols[order]], axis=1).reshape(-1, 2)


@pytest.mark.region("nms")
@given(
    st.tuples(st.integers(1, 16), st.integers(1, 16)).flatmap(
        lambda s: hnp.arrays(np.float64, s, elements=st.integers(-5, 5).map(float))
    ),
    st.sampled_from([1, 3, 5]),
    st.integers(-3, 3).map(float),
    st.one_of(st.none(), st.integers(0, 6)),
)
def test_matches_maximum_filter_reference(lab, r, window, threshold, top_n):
    """Random integer maps (many ties): the points equal scipy maximum_filter maxima, sorted by value then (row, col)."""
    got = np.asarray(lab.nms(r, window=window, threshold=threshold, top_n=top_n))
    ref = _reference_nms(r, window, threshold)
    ref = ref if top_n is None else ref[:top_n]
    assert got.shape == ref.shape, (
        f"map {r.shape}, window={window}, threshold={threshold}, top_n={top_n}: got {got.shape[0] if got.ndim == 2 else got.shape} "
        f"points, expected {ref.shape[0]}"
    )
    assert np.array_equal(got, ref), f"map\n{r}\nwindow={window}, threshold={threshold}: got\n{got}\nexpected\n{ref}"


@pytest.mark.region("nms")
def test_plateau_and_strict_threshold(lab):
    """Two equal neighbouring maxima are both kept; a maximum equal to the threshold is dropped."""
    r = np.zeros((5, 7))
    r[2, 2] = r[2, 3] = 4.0
    r[0, 6] = 1.0
    got = np.asarray(lab.nms(r, window=3, threshold=1.0))
    want = np.array([[2, 2], [2, 3]])
    assert np.array_equal(got, want), (
        f"plateau of two 4.0s and a 1.0 with threshold=1.0: got\n{got}\nexpected\n{want} "
        "(equal values do not suppress each other; keep only values > threshold)"
    )


@pytest.mark.region("nms")
def test_border_maximum_and_negative_values(lab):
    """A maximum in the image corner is kept even when all values are negative (the window is clipped, not zero-padded)."""
    r = -np.arange(1.0, 13.0).reshape(3, 4)  # largest value -1 at (0, 0)
    got = np.asarray(lab.nms(r, window=3, threshold=-100.0))
    assert np.array_equal(got, [[0, 0]]), (
        f"got {got.tolist()}, expected [[0, 0]]: pixels outside the image do not count"
    )


@pytest.mark.region("nms")
def test_nms_empty_cases(lab):
    """No maxima above threshold, top_n=0 and an empty map all give an int (0, 2) array; even window raises."""
    r = np.ones((4, 4))
    for kwargs in [{"threshold": 2.0}, {"threshold": 0.0, "top_n": 0}]:
        got = np.asarray(lab.nms(r, window=3, **kwargs))
        assert got.shape == (0, 2), f"nms(ones, {kwargs}) returned shape {got.shape}, expected (0, 2)"
        assert np.issubdtype(got.dtype, np.integer), f"returned dtype {got.dtype}, expected integer coordinates"
    assert np.asarray(lab.nms(np.zeros((0, 0)), window=3)).shape == (0, 2), "an empty map gives shape (0, 2)"
    with pytest.raises(ValueError):
        lab.nms(r, window=4)
