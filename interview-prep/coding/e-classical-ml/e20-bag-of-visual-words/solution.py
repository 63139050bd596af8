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
    # BEGIN REGION quantise: Return int64 counts (n_images, K): counts[i, k] = number of image i's descriptors whose nearest codeword is k.
    # | descriptors is a list of (n_i, D) arrays (an image may have 0 descriptors: a zero row); codebook is
    # | (K, D). Nearest = smallest Euclidean distance, ties to the lowest k. Every row has length K even if
    # | the last words are unused. D mismatch: ValueError. No loop over descriptors (a loop over images is fine).
    codebook = np.asarray(codebook, dtype=np.float64)
    k, d = codebook.shape
    c_sq = np.einsum("kd,kd->k", codebook, codebook)  # (K,)
    counts = np.zeros((len(descriptors), k), dtype=np.int64)
    for i, desc in enumerate(descriptors):
        desc = (
            np.asarray(desc, dtype=np.float64).reshape(-1, d)
            if np.size(desc) == 0
            else np.asarray(desc, dtype=np.float64)
        )
        if desc.ndim != 2 or desc.shape[1] != d:
            raise ValueError(f"image {i}: descriptors of shape {desc.shape}, codebook has D = {d}")
        # ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2; ||x||^2 is the same for every k, so drop it for the argmin.
        words = np.argmin(c_sq[None, :] - 2.0 * (desc @ codebook.T), axis=1)  # (n_i, K) -> (n_i,)
        counts[i] = np.bincount(words, minlength=k)
    return counts
    # END REGION quantise


def tfidf(counts: np.ndarray) -> np.ndarray:
    """Smoothed TF-IDF with L2-normalised rows (scikit-learn's TfidfTransformer defaults).

    n = number of images, df_k = #{ i : counts[i, k] > 0 }
    idf_k = ln((1 + n) / (1 + df_k)) + 1
    v_i = counts[i] * idf / ||counts[i] * idf||_2      (an all-zero row stays zero)
    """
    # BEGIN REGION tfidf: Return float64 (n_images, K): rows of counts * idf, each scaled to unit L2 norm.
    # | idf_k = ln((1 + n) / (1 + df_k)) + 1 with n = number of rows and df_k = number of rows where word k
    # | occurs (count > 0). A row of zeros stays zeros (no NaN). counts must be 2-D and non-negative, else ValueError.
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 2 or (counts < 0).any():
        raise ValueError("counts must be a non-negative (n_images, K) matrix")
    n = counts.shape[0]
    df = (counts > 0).sum(axis=0)  # (K,)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0  # (K,) smoothing = one extra image containing every word
    v = counts * idf[None, :]  # (n, K)
    norms = np.linalg.norm(v, axis=1, keepdims=True)  # (n, 1)
    return np.divide(v, norms, out=np.zeros_like(v), where=norms > 0)
    # END REGION tfidf


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
