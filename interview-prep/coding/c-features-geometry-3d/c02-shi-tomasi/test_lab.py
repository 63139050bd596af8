"""Grader for c02 - Shi-Tomasi response and good features.

References: cv2.cornerMinEigenVal (its gradients are scaled by 1/(4·block_size), so its
eigenvalues are ours times (4·block_size)^-2), numpy.linalg.eigvalsh on the 2x2 tensors,
cv2.goodFeaturesToTrack on a synthetic two-rectangle scene, and a direct transcription of the
greedy selection rule for random maps. Exact constructed cases pin down the minimum-distance rule.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.ndimage import maximum_filter


def _scene() -> np.ndarray:
    img = np.zeros((40, 48))
    img[5:15, 6:20] = 1.0
    img[22:35, 28:42] = 0.5
    return img


_images = st.tuples(st.integers(4, 16), st.integers(4, 16)).flatmap(
    lambda s: hnp.arrays(np.float64, s, elements=st.floats(0, 1, width=32))
)


# ----------------------------------------------------------------------------- min_eig
@pytest.mark.region("min_eig")
def test_scene_corner_edge_flat(lab):
    """README example: the smaller eigenvalue is 36 at a bright corner, 9 at a dim one, 0 on edges and flat areas."""
    R = np.asarray(lab.min_eig_response(_scene(), block_size=3))
    assert R.shape == (40, 48), f"min_eig_response(40x48) returned shape {R.shape}, expected (40, 48)"
    for (r, c), want in {(5, 6): 36.0, (22, 28): 9.0, (5, 12): 0.0, (10, 12): 0.0}.items():
        assert abs(R[r, c] - want) < 1e-6, f"R[{r}, {c}] = {R[r, c]:.6g}, expected {want}"


@pytest.mark.region("min_eig")
@given(_images, st.sampled_from([1, 3, 5]))
def test_matches_cv2_corner_min_eig_val(lab, img, block):
    """Random images: equals cv2.cornerMinEigenVal(img, block_size, 3) after undoing OpenCV's gradient scale."""
    got = np.asarray(lab.min_eig_response(img, block_size=block), dtype=np.float64)
    ref = cv2.cornerMinEigenVal(img.astype(np.float32), block, 3).astype(np.float64) * (4.0 * block) ** 2
    assert got.shape == ref.shape, f"image {img.shape}: got shape {got.shape}, expected {ref.shape}"
    err = np.abs(got - ref)
    i = np.unravel_index(np.argmax(err), err.shape)
    assert err.max() <= 1e-4 * (1.0 + np.abs(ref).max()), (
        f"image {img.shape}, block_size={block}: at {i} got {got[i]:.6g}, cv2 gives {ref[i]:.6g}"
    )


@pytest.mark.region("min_eig")
def test_matches_eigvalsh(lab):
    """On a random image, every pixel's value is the smaller eigenvalue numpy.linalg.eigvalsh finds."""
    img = np.random.default_rng(4).random((12, 10))
    sxx, syy, sxy = lab.structure_tensor(img, 3)
    M = np.stack([np.stack([sxx, sxy], -1), np.stack([sxy, syy], -1)], -2)  # (H, W, 2, 2)
    ref = np.linalg.eigvalsh(M)[..., 0]
    got = np.asarray(lab.min_eig_response(img, 3))
    assert np.allclose(got, ref, rtol=1e-9, atol=1e-9), (
        f"differs from eigvalsh by up to {np.abs(got - ref).max():.3g} (the SMALLER root: mean - sqrt(d² + Sxy²))"
    )


@pytest.mark.region("min_eig")
def test_min_eig_rejects_bad_input(lab):
    """A colour image or an even block_size raise ValueError."""
    for img, block in [(np.zeros((5, 5, 3)), 3), (np.zeros((6, 6)), 2)]:
        with pytest.raises(ValueError):
            lab.min_eig_response(img, block_size=block)


# ----------------------------------------------------------------------------- good_features
@pytest.mark.region("good_features", needs=["min_eig"])
def test_scene_matches_good_features_to_track(lab):
    """Two rectangles: the same 8 corners as cv2.goodFeaturesToTrack, bright ones (value 36) before dim ones (9)."""
    img = _scene()
    got = np.asarray(
        lab.good_features(lab.min_eig_response(img, 3), max_corners=None, quality_level=0.1, min_distance=5)
    )
    want = [[5, 6], [5, 19], [14, 6], [14, 19], [22, 28], [22, 41], [34, 28], [34, 41]]
    assert got.tolist() == want, f"got {got.tolist()}\nexpected {want} (value descending, ties by (row, col))"
    ref = cv2.goodFeaturesToTrack(img.astype(np.float32), 0, 0.1, 5, blockSize=3, useHarrisDetector=False)
    ref_rc = sorted(map(tuple, np.rint(ref[:, 0, ::-1]).astype(int).tolist()))
    assert sorted(map(tuple, got.tolist())) == ref_rc, f"cv2.goodFeaturesToTrack finds {ref_rc}"
    top = np.asarray(lab.good_features(lab.min_eig_response(img, 3), max_corners=3, quality_level=0.1, min_distance=5))
    assert top.tolist() == want[:3], f"max_corners=3: got {top.tolist()}, expected {want[:3]}"


@pytest.mark.region("good_features")
def test_only_accepted_corners_suppress(lab):
    """Values 10, 9, 8 three pixels apart with min_distance 4: the middle one is rejected and suppresses nothing."""
    r = np.zeros((3, 9))
    r[1, 1], r[1, 4], r[1, 7] = 10.0, 9.0, 8.0
    got = np.asarray(lab.good_features(r, quality_level=0.01, min_distance=4))
    assert got.tolist() == [[1, 1], [1, 7]], (
        f"got {got.tolist()}, expected [[1, 1], [1, 7]]: (1, 4) is 3 px from the accepted (1, 1) so it is rejected, "
        "and a rejected candidate must not suppress (1, 7)"
    )


@pytest.mark.region("good_features")
def test_distance_is_euclidean_and_inclusive(lab):
    """A corner at distance sqrt(18) > 4 is kept (not Chebyshev 3); one at exactly min_distance is kept too."""
    r = np.zeros((8, 8))
    r[0, 0], r[3, 3], r[0, 7] = 10.0, 9.0, 8.0
    got = np.asarray(lab.good_features(r, quality_level=0.01, min_distance=4)).tolist()
    assert got == [[0, 0], [3, 3], [0, 7]], (
        f"got {got}, expected [[0, 0], [3, 3], [0, 7]]: (3, 3) is sqrt(18) ≈ 4.24 from (0, 0) (Euclidean, not "
        "max(|dr|, |dc|) = 3); (0, 7) is 5 from (3, 3) and 7 from (0, 0)"
    )
    r2 = np.zeros((2, 6))
    r2[0, 0], r2[0, 4] = 5.0, 4.0
    got2 = np.asarray(lab.good_features(r2, quality_level=0.01, min_distance=4)).tolist()
    assert got2 == [[0, 0], [0, 4]], f"distance exactly min_distance=4 must be accepted (>=), got {got2}"


@pytest.mark.region("good_features")
def test_quality_level_is_relative(lab):
    """quality_level is a fraction of the strongest response: 0.5 keeps 100 and 60, drops 40 (and a scaled map agrees)."""
    r = np.zeros((5, 11))
    r[2, 1], r[2, 5], r[2, 9] = 100.0, 60.0, 40.0
    for scale in (1.0, 1e-3):
        got = np.asarray(lab.good_features(r * scale, quality_level=0.5, min_distance=1)).tolist()
        assert got == [[2, 1], [2, 5]], (
            f"response scaled by {scale}, quality_level=0.5: got {got}, expected [[2, 1], [2, 5]] "
            "(threshold = 0.5 · max, strict)"
        )


def _reference(r: np.ndarray, max_corners, quality: float, min_distance: float) -> list[list[int]]:
    mx = maximum_filter(r, size=3, mode="constant", cval=-np.inf)
    thr = max(quality * r.max(), 0.0)
    cands = sorted(((-r[i, j], i, j) for i, j in zip(*np.nonzero((r == mx) & (r > thr)))))
    out: list[list[int]] = []
    for _, i, j in cands:
        if max_corners is not None and len(out) >= max_corners:
            break
        if all((i - a) ** 2 + (j - b) ** 2 >= min_distance**2 for a, b in out):
            out.append([int(i), int(j)])
    return out


@pytest.mark.region("good_features")
@given(
    st.tuples(st.integers(1, 14), st.integers(1, 14)).flatmap(
        lambda s: hnp.arrays(np.float64, s, elements=st.integers(0, 6).map(float))
    ),
    st.one_of(st.none(), st.integers(1, 6)),
    st.sampled_from([0.1, 0.5, 1.0]),
    st.sampled_from([0.0, 1.0, 2.0, 2.5, 4.0]),
)
def test_matches_greedy_rule(lab, r, max_corners, quality, min_distance):
    """Random integer maps (many ties): the same corners, in the same order, as the greedy rule in the statement."""
    got = np.asarray(lab.good_features(r, max_corners=max_corners, quality_level=quality, min_distance=min_distance))
    want = _reference(r, max_corners, quality, min_distance)
    assert got.reshape(-1, 2).tolist() == want, (
        f"map\n{r}\nmax_corners={max_corners}, quality_level={quality}, min_distance={min_distance}:\n"
        f"got {got.tolist()}\nexpected {want}"
    )


@pytest.mark.region("good_features")
def test_good_features_edge_cases(lab):
    """Flat map, empty map and max_corners=0 give an integer (0, 2) array; bad quality_level or a negative
    min_distance raise ValueError."""
    for r, kw in [(np.zeros((5, 5)), {}), (np.zeros((0, 0)), {}), (np.eye(5), {"max_corners": 0})]:
        got = np.asarray(lab.good_features(r, **kw))
        assert got.shape == (0, 2), f"good_features(map {r.shape}, {kw}) returned shape {got.shape}, expected (0, 2)"
        assert np.issubdtype(got.dtype, np.integer), f"dtype {got.dtype}, expected integer"
    for q in (0.0, 1.5):
        with pytest.raises(ValueError):
            lab.good_features(np.eye(5), quality_level=q)
    with pytest.raises(ValueError):
        lab.good_features(np.eye(5), min_distance=-1.0)
