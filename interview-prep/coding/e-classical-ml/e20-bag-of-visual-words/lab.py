"""e20 - Bag of visual words + TF-IDF.

An image becomes a fixed-length vector: assign each local descriptor (SIFT, ORB, a CNN patch
feature) to its nearest codeword, count the words, then re-weight the counts by how rare each
word is across the collection (TF-IDF) and L2-normalise, as in text retrieval.
"""

from __future__ import annotations

import numpy as np


def quantise(descriptors: list[np.ndarray], codebook: np.ndarray) -> np.ndarray:
    """Histogram of nearest codewords per image.

    descriptors: list of n_images arrays (n_i, D) (n_i may be 0); codebook: (K, D).
    word(d) = argmin_k ||d - c_k||  (ties: lowest k);  counts[i, k] = #{ d in image i : word(d) = k }.
    """
    # TODO(quantise): Return int64 counts (n_images, K): counts[i, k] = number of image i's descriptors whose nearest codeword is k.
    # | descriptors is a list of (n_i, D) arrays (an image may have 0 descriptors: a zero row); codebook is
    # | (K, D). Nearest = smallest Euclidean distance, ties to the lowest k. Every row has length K even if
    # | the last words are unused. D mismatch: ValueError. No loop over descriptors (a loop over images is fine).
    raise NotImplementedError("TODO(quantise): write this region")


def tfidf(counts: np.ndarray) -> np.ndarray:
    """Smoothed TF-IDF with L2-normalised rows (scikit-learn's TfidfTransformer defaults).

    n = number of images, df_k = #{ i : counts[i, k] > 0 }
    idf_k = ln((1 + n) / (1 + df_k)) + 1
    v_i = counts[i] * idf / ||counts[i] * idf||_2      (an all-zero row stays zero)
    """
    # TODO(tfidf): Return float64 (n_images, K): rows of counts * idf, each scaled to unit L2 norm.
    # | idf_k = ln((1 + n) / (1 + df_k)) + 1 with n = number of rows and df_k = number of rows where word k
    # | occurs (count > 0). A row of zeros stays zeros (no NaN). counts must be 2-D and non-negative, else ValueError.
    raise NotImplementedError("TODO(tfidf): write this region")


if __name__ == "__main__":
    codebook = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    images = [
        np.array([[1.0, 1.0], [9.0, 1.0], [0.0, 2.0]]),
        np.array([[1.0, 9.0], [0.0, 8.0], [1.0, 0.5]]),
        np.zeros((0, 2)),
    ]
    counts = quantise(images, codebook)
    print("counts =\n", counts)
    print("tf-idf =\n", np.round(tfidf(counts), 4))
