"""Grader for b18 - connected components labelling.

References: scipy.ndimage.label (cross / 3x3 structure) relabelled into raster order of
first pixels, compared exactly; cv2.connectedComponents on a thresholded real photo, compared
up to a one-to-one relabelling; plus hand-labelled cases and the edge cases (empty mask,
all foreground, single pixel, bad connectivity). One test makes the library labellers fail
while the implementation runs (the problem is to write the labelling).
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import ndimage as ndi

from cvlab import data
from cvlab.testing import where_differs

MASK = np.array(
    [
        [1, 1, 0, 0, 1],
        [0, 0, 1, 0, 1],
        [1, 0, 0, 0, 0],
        [1, 0, 1, 1, 1],
    ],
    dtype=np.uint8,
)


def _raster_canonical(labels: np.ndarray) -> np.ndarray:
    """Renumber any labelling so components are 1..n in raster order of their first pixel."""
    flat = labels.ravel()
    out = np.zeros_like(flat)
    seen: dict[int, int] = {}
    for i, v in enumerate(flat):
        if v:
            out[i] = seen.setdefault(int(v), len(seen) + 1)
    return out.reshape(labels.shape)


def _scipy_reference(mask: np.ndarray, connectivity: int) -> tuple[np.ndarray, int]:
    structure = np.ones((3, 3)) if connectivity == 8 else None
    lab, n = ndi.label(mask != 0, structure=structure)
    return _raster_canonical(lab), n


@pytest.mark.region("solve")
@pytest.mark.parametrize(
    "connectivity, want_n, want",
    [
        (4, 5, [[1, 1, 0, 0, 2], [0, 0, 3, 0, 2], [4, 0, 0, 0, 0], [4, 0, 5, 5, 5]]),
        (8, 4, [[1, 1, 0, 0, 2], [0, 0, 1, 0, 2], [3, 0, 0, 0, 0], [3, 0, 4, 4, 4]]),
    ],
)
def test_worked_example(lab, connectivity, want_n, want):
    """The README example: the diagonal pixel (1, 2) is its own component with 4-connectivity, joins (0, 1) with 8."""
    labels, n = lab.label(MASK, connectivity)
    labels = np.asarray(labels)
    want = np.array(want)
    assert n == want_n, f"label(mask, {connectivity}) found n = {n} components, expected {want_n}"
    assert np.array_equal(labels, want), f"label(mask, {connectivity}) gave\n{labels}\nexpected\n{want}"
    assert labels.shape == MASK.shape, f"labels shape {labels.shape}, expected {MASK.shape}"


@pytest.mark.region("solve")
@given(
    mask=hnp.arrays(np.uint8, st.tuples(st.integers(1, 16), st.integers(1, 16)), elements=st.integers(0, 1)),
    connectivity=st.sampled_from([4, 8]),
)
def test_matches_scipy_in_raster_order(lab, mask, connectivity):
    """Random masks: labels equal scipy.ndimage.label renumbered in raster order of first pixels; n matches."""
    labels, n = lab.label(mask, connectivity)
    labels = np.asarray(labels)
    ref, ref_n = _scipy_reference(mask, connectivity)
    assert n == ref_n, f"mask=\n{mask}\nconnectivity {connectivity}: n = {n}, expected {ref_n}"
    assert np.array_equal(labels, ref), f"mask=\n{mask}\nconnectivity {connectivity}: {where_differs(labels, ref)}"


@pytest.mark.region("solve")
def test_spiral_needs_many_merges(lab):
    """A one-pixel-wide spiral is a single component (a propagation that stops early splits it)."""
    s = 15
    mask = np.zeros((s, s), np.uint8)
    top, left, bottom, right = 0, 0, s - 1, s - 1
    while top <= bottom and left <= right:
        mask[top, left : right + 1] = 1
        mask[top : bottom + 1, right] = 1
        if top + 2 <= bottom:
            mask[bottom, left : right + 1] = 1
        if left + 2 <= right and top + 2 <= bottom:
            mask[top + 2 : bottom + 1, left] = 1
        top, left, bottom, right = top + 2, left + 2, bottom - 2, right - 2
    ref, ref_n = _scipy_reference(mask, 4)
    labels, n = lab.label(mask, 4)
    assert n == ref_n, f"spiral: got n = {n}, expected {ref_n}"
    assert np.array_equal(np.asarray(labels), ref), f"spiral: {where_differs(np.asarray(labels), ref)}"


@pytest.mark.region("solve")
@pytest.mark.parametrize("connectivity", [4, 8])
def test_real_image_matches_opencv(lab, connectivity):
    """Thresholded 'coins' photo: same partition as cv2.connectedComponents (one-to-one relabelling), n matches."""
    img = data.skimage_image("coins")
    mask = (img > 100).astype(np.uint8)
    ref_n, ref = cv2.connectedComponents(mask, connectivity=connectivity)
    labels, n = lab.label(mask, connectivity)
    labels = np.asarray(labels)
    assert n == ref_n - 1, f"coins > 100, connectivity {connectivity}: n = {n}, cv2 finds {ref_n - 1} components"
    pairs = np.unique(np.stack([labels.ravel(), ref.ravel()]), axis=1)
    assert pairs.shape[1] == ref_n and np.array_equal(labels == 0, ref == 0), (
        f"connectivity {connectivity}: the partition differs from cv2's (some label maps to several cv2 labels)"
    )
    assert np.array_equal(labels, _raster_canonical(labels)), "labels are not numbered in raster order of first pixels"


@pytest.mark.region("solve")
def test_edge_cases(lab):
    """All-zero mask: n = 0; all-ones: one component; a single pixel; an empty (0, 4) mask; bool input; int32 output."""
    labels, n = lab.label(np.zeros((3, 4), np.uint8))
    assert n == 0 and not np.asarray(labels).any(), f"all-zero mask gave n = {n}"
    labels, n = lab.label(np.ones((3, 4), bool), 4)
    assert n == 1 and (np.asarray(labels) == 1).all(), f"all-ones mask gave n = {n}, labels\n{labels}"
    assert np.asarray(labels).dtype == np.int32, f"labels dtype {np.asarray(labels).dtype}, expected int32"
    labels, n = lab.label(np.array([[7]]), 8)
    assert n == 1 and np.asarray(labels).tolist() == [[1]], f"single non-zero pixel gave n = {n}, {labels}"
    labels, n = lab.label(np.zeros((0, 4), np.uint8), 8)
    assert n == 0 and np.asarray(labels).shape == (0, 4), f"empty mask gave n = {n}, shape {np.asarray(labels).shape}"


@pytest.mark.region("solve")
def test_does_not_call_a_library_labeller(lab):
    """The labelling is yours: scipy.ndimage.label, cv2.connectedComponents* and skimage.measure.label fail while it runs."""
    import skimage.measure

    def refuse(*args, **kwargs):
        raise AssertionError("this problem asks you to write the labelling (BFS or union-find), not to call a library labeller")

    ref, ref_n = _scipy_reference(MASK, 8)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ndi, "label", refuse)
        mp.setattr(cv2, "connectedComponents", refuse)
        mp.setattr(cv2, "connectedComponentsWithStats", refuse)
        mp.setattr(skimage.measure, "label", refuse)
        labels, n = lab.label(MASK, 8)
    assert n == ref_n and np.array_equal(np.asarray(labels), ref), f"label(mask, 8) gave n = {n},\n{labels}\nexpected\n{ref}"


@pytest.mark.region("solve")
def test_bad_input_raises(lab):
    """connectivity 6 or a 3-D mask raise ValueError."""
    with pytest.raises(ValueError):
        lab.label(MASK, 6)
    with pytest.raises(ValueError):
        lab.label(np.ones((2, 2, 2)), 4)
