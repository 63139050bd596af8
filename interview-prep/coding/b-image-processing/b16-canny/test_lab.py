"""Grader for b16 - Canny edge detector (NMS + hysteresis from given gradients).

References: cv2.Canny (L2gradient=True) fed the same image, for the whole pipeline (F1
overlap on real photos, exact on a synthetic square); a per-pixel loop written here from
the definition, for non-maximum suppression; skimage.morphology.reconstruction
(morphological reconstruction by dilation, 8-connected) for hysteresis.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from skimage.morphology import reconstruction

from cvlab import data
from cvlab.testing import where_differs


def _sobel(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    gx = cv2.Sobel(img, cv2.CV_32F, 1, 0, ksize=3, borderType=cv2.BORDER_REPLICATE)
    gy = cv2.Sobel(img, cv2.CV_32F, 0, 1, ksize=3, borderType=cv2.BORDER_REPLICATE)
    return gx, gy


def _nms_loop(gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """The definition, one pixel at a time (small arrays only)."""
    h, w = gx.shape
    mag = np.hypot(gx, gy)
    out = np.zeros((h, w))
    steps = {0: (0, 1), 1: (1, 1), 2: (1, 0), 3: (1, -1)}

    def m(y, x):
        return mag[y, x] if 0 <= y < h and 0 <= x < w else 0.0

    for y in range(h):
        for x in range(w):
            theta = math.degrees(math.atan2(gy[y, x], gx[y, x])) % 180.0
            dy, dx = steps[int((theta + 22.5) // 45) % 4]
            if mag[y, x] > m(y - dy, x - dx) and mag[y, x] >= m(y + dy, x + dx):
                out[y, x] = mag[y, x]
    return out


def _grads():
    return st.tuples(st.integers(1, 12), st.integers(1, 12)).flatmap(
        lambda s: st.tuples(
            hnp.arrays(np.float64, s, elements=st.integers(-8, 8).map(float)),
            hnp.arrays(np.float64, s, elements=st.integers(-8, 8).map(float)),
        )
    )


# ---------------------------------------------------------------- nms


@pytest.mark.region("nms")
def test_step_edge_keeps_first_pixel_of_plateau(lab):
    """The README example: a vertical step gives a 2-pixel Sobel plateau; NMS keeps only its left pixel."""
    gx = np.zeros((5, 6))
    gx[:, 2:4] = 400.0
    gy = np.zeros((5, 6))
    got = np.asarray(lab.non_max_suppression(gx, gy))
    want = np.zeros((5, 6))
    want[:, 2] = 400.0
    assert got.shape == want.shape, f"returned shape {got.shape}, expected {want.shape}"
    assert np.array_equal(got, want), (
        f"gx has 400 in columns 2 and 3: got\n{got}\nexpected only column 2 kept "
        "(keep p iff m[p] > m[p-d] and m[p] >= m[p+d])"
    )


@pytest.mark.region("nms")
def test_horizontal_edge_uses_vertical_neighbours(lab):
    """A horizontal step (gradient along y) is thinned across rows, keeping the upper plateau pixel."""
    gy = np.zeros((6, 4))
    gy[2:4, :] = -300.0  # bright-to-dark going down: the direction is still 90° mod 180°
    gx = np.zeros((6, 4))
    got = np.asarray(lab.non_max_suppression(gx, gy))
    want = np.zeros((6, 4))
    want[2, :] = 300.0
    assert np.array_equal(got, want), f"gy = -300 in rows 2-3: got\n{got}\nexpected only row 2 = 300"


@pytest.mark.region("nms")
@given(_grads())
def test_nms_matches_definition(lab, g):
    """Random small integer gradients: equals the per-pixel definition (quantised direction, tie rule, zero border)."""
    gx, gy = g
    got = np.asarray(lab.non_max_suppression(gx, gy), dtype=np.float64)
    ref = _nms_loop(gx, gy)
    assert got.shape == ref.shape, f"gx {gx.shape}: got shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref), f"gx=\n{gx}\ngy=\n{gy}\n{where_differs(got, ref)}"


@pytest.mark.region("nms")
def test_nms_bad_and_empty_input(lab):
    """gx and gy of different shapes or not 2-D raise ValueError; an empty image gives an empty result."""
    with pytest.raises(ValueError):
        lab.non_max_suppression(np.zeros((3, 4)), np.zeros((4, 3)))
    for shape in [(5,), (3, 4, 2)]:
        with pytest.raises(ValueError):
            lab.non_max_suppression(np.ones(shape), np.ones(shape))
    got = np.asarray(lab.non_max_suppression(np.zeros((0, 5)), np.zeros((0, 5))))
    assert got.shape == (0, 5), f"empty (0, 5) gradients gave shape {got.shape}"


# ---------------------------------------------------------------- hysteresis


@pytest.mark.region("hysteresis")
def test_hysteresis_hand_case(lab):
    """Weak pixels survive only through an 8-connected chain of weak pixels to a strong one; == low is not weak."""
    mag = np.array(
        [
            [9, 0, 0, 0, 0, 0],
            [0, 5, 0, 0, 5, 5],  # (1,1) touches the strong (0,0) diagonally
            [0, 0, 5, 0, 0, 0],  # (1,4)-(1,5) is a weak blob with no strong pixel
            [0, 0, 0, 4, 0, 0],  # (3,3) equals low: not a candidate, so it breaks the chain
            [0, 0, 0, 0, 5, 0],
        ],
        dtype=float,
    )
    got = np.asarray(lab.hysteresis(mag, 4, 8))
    want = np.zeros(mag.shape, dtype=bool)
    want[0, 0] = want[1, 1] = want[2, 2] = True
    assert got.dtype == bool, f"returned dtype {got.dtype}, expected bool"
    assert np.array_equal(got, want), (
        f"hysteresis(mag, low=4, high=8) gave\n{got.astype(int)}\nexpected\n{want.astype(int)}"
    )


@pytest.mark.region("hysteresis")
@given(
    hnp.arrays(np.float64, st.tuples(st.integers(1, 16), st.integers(1, 16)), elements=st.integers(0, 10).map(float)),
    st.integers(0, 10),
    st.integers(0, 10),
)
def test_hysteresis_matches_reconstruction(lab, mag, a, b):
    """Random maps: equals morphological reconstruction of the strong seeds inside the candidate mask (8-connected)."""
    low, high = min(a, b), max(a, b)
    cand = mag > low
    seed = (mag > high).astype(float)
    ref = reconstruction(seed, cand.astype(float), method="dilation", footprint=np.ones((3, 3))) > 0
    got = np.asarray(lab.hysteresis(mag, low, high))
    assert np.array_equal(got, ref), f"mag=\n{mag.astype(int)}\nlow={low} high={high}: {where_differs(got, ref)}"


@pytest.mark.region("hysteresis")
def test_hysteresis_bad_and_empty_input(lab):
    """low > high raises ValueError; an empty map gives an empty bool array."""
    with pytest.raises(ValueError):
        lab.hysteresis(np.ones((3, 3)), 10, 5)
    got = np.asarray(lab.hysteresis(np.zeros((0, 0)), 1, 2))
    assert got.shape == (0, 0), f"empty input gave shape {got.shape}"


# ---------------------------------------------------------------- whole pipeline


@pytest.mark.region("hysteresis", needs=["nms"])
def test_square_matches_opencv_exactly(lab):
    """A bright square on black: the pipeline reproduces cv2.Canny pixel for pixel."""
    img = np.zeros((12, 12), np.uint8)
    img[3:9, 3:9] = 200
    gx, gy = _sobel(img)
    got = np.asarray(lab.hysteresis(lab.non_max_suppression(gx, gy), 100, 300))
    ref = cv2.Canny(img, 100, 300, L2gradient=True) > 0
    assert np.array_equal(got, ref), f"square: got\n{got.astype(int)}\ncv2.Canny gives\n{ref.astype(int)}"


@pytest.mark.region("hysteresis", needs=["nms"])
@pytest.mark.parametrize("name, low, high", [("camera", 50, 150), ("coins", 100, 200)])
def test_real_image_matches_opencv(lab, name, low, high):
    """Real photos: the edge map overlaps cv2.Canny(L2gradient=True) with F1 >= 0.99."""
    img = data.skimage_image(name)
    gx, gy = _sobel(img)
    got = np.asarray(lab.hysteresis(lab.non_max_suppression(gx, gy), low, high)).astype(bool)
    ref = cv2.Canny(img, low, high, L2gradient=True) > 0
    f1 = 2 * (got & ref).sum() / max(got.sum() + ref.sum(), 1)
    assert f1 >= 0.99, (
        f"{name} with low={low}, high={high}: F1 against cv2.Canny is {f1:.4f} "
        f"({got.sum()} edge pixels, cv2 has {ref.sum()}); expected >= 0.99"
    )
