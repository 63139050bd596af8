"""Grader for e20 - bag of visual words + TF-IDF.

References: sklearn.metrics.pairwise_distances_argmin (nearest codeword, independent code)
for quantise; sklearn.feature_extraction.text.TfidfTransformer(norm="l2", smooth_idf=True,
sublinear_tf=False) on the same counts for tfidf; a hand-computed 3-image example.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics import pairwise_distances_argmin

CODEBOOK = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
IMAGES = [
    np.array([[1.0, 1.0], [9.0, 1.0], [0.0, 2.0]]),
    np.array([[1.0, 9.0], [0.0, 8.0], [1.0, 0.5]]),
    np.zeros((0, 2)),
]


@pytest.mark.region("quantise")
def test_quantise_example(lab):
    """The README example: three images (one without descriptors) on a 3-word codebook."""
    got = np.asarray(lab.quantise(IMAGES, CODEBOOK))
    want = np.array([[2, 1, 0], [1, 0, 2], [0, 0, 0]])
    assert got.shape == (3, 3) and np.array_equal(got, want), f"counts\n{got}\nexpected\n{want}"
    assert np.issubdtype(got.dtype, np.integer), f"counts dtype {got.dtype}, expected an integer dtype"


@pytest.mark.region("quantise")
@given(
    st.integers(1, 6).flatmap(lambda k: hnp.arrays(np.float64, (k, 3), elements=st.floats(-10, 10))),
    st.lists(st.integers(0, 12), min_size=1, max_size=4),
    st.integers(0, 2**31 - 1),
)
def test_quantise_matches_sklearn_argmin(lab, codebook, sizes, seed):
    """Random descriptors: each histogram counts the nearest codewords as pairwise_distances_argmin does."""
    rng = np.random.default_rng(seed)
    images = [rng.normal(scale=6.0, size=(n, 3)) for n in sizes]
    got = np.asarray(lab.quantise(images, codebook))
    k = len(codebook)
    assert got.shape == (len(images), k), (
        f"{len(images)} images, K={k}: got shape {got.shape}, expected {(len(images), k)}"
    )
    for i, desc in enumerate(images):
        want = np.bincount(pairwise_distances_argmin(desc, codebook), minlength=k) if len(desc) else np.zeros(k, int)
        d = np.linalg.norm(desc[:, None] - codebook[None], axis=2) if len(desc) else np.zeros((0, k))
        ties = (np.ptp(np.sort(d, axis=1)[:, :2], axis=1) < 1e-9).any() if k > 1 and len(desc) else False
        if not ties:
            assert np.array_equal(got[i], want), (
                f"image {i} ({len(desc)} descriptors): counts {got[i]}, expected {want}"
            )
        assert got[i].sum() == len(desc), f"image {i}: counts sum to {got[i].sum()}, it has {len(desc)} descriptors"


@pytest.mark.region("quantise")
def test_quantise_ties_and_dimension_mismatch(lab):
    """A descriptor equidistant to two codewords counts for the lower index; a D mismatch raises ValueError."""
    got = np.asarray(lab.quantise([np.array([[5.0, 0.0]])], CODEBOOK))
    assert got.tolist() == [[1, 0, 0]], f"(5, 0) is 5 from words 0 and 1: got {got.tolist()}, expected [[1, 0, 0]]"
    with pytest.raises(ValueError):
        lab.quantise([np.zeros((2, 3))], CODEBOOK)


@pytest.mark.region("tfidf")
def test_tfidf_example(lab):
    """The README example: idf = ln(4/3)+1 for words in two images, ln(2)+1 for one; rows unit length."""
    counts = np.array([[2, 1, 0], [1, 0, 2], [0, 0, 0]])
    got = np.asarray(lab.tfidf(counts))
    want = np.array([[0.8356, 0.5494, 0.0], [0.3554, 0.0, 0.9347], [0.0, 0.0, 0.0]])
    assert got.shape == (3, 3) and np.allclose(got, want, atol=1e-4), f"tfidf\n{np.round(got, 4)}\nexpected\n{want}"


@pytest.mark.region("tfidf")
@given(
    st.tuples(st.integers(1, 8), st.integers(1, 8)).flatmap(
        lambda s: hnp.arrays(np.int64, s, elements=st.integers(0, 5))
    )
)
def test_tfidf_matches_sklearn(lab, counts):
    """Random count matrices (zero rows and unused words included): equal to sklearn's TfidfTransformer."""
    got = np.asarray(lab.tfidf(counts))
    ref = TfidfTransformer(norm="l2", smooth_idf=True, sublinear_tf=False).fit_transform(counts).toarray()
    assert not np.isnan(got).any(), f"counts={counts.tolist()}: NaN in the result (an all-zero row must stay zero)"
    assert np.allclose(got, ref, atol=1e-12), (
        f"counts={counts.tolist()}:\ngot\n{np.round(got, 4)}\nsklearn\n{np.round(ref, 4)}"
    )


@pytest.mark.region("tfidf")
def test_tfidf_rejects_bad_counts(lab):
    """Negative counts or a 1-D input raise ValueError."""
    with pytest.raises(ValueError):
        lab.tfidf(np.array([[1, -1]]))
    with pytest.raises(ValueError):
        lab.tfidf(np.array([1, 2, 3]))
