"""a07 - Scatter-add with repeated indices.

out[index[i]] += values[i] for every i, where the same index may appear many times and every
occurrence must count. The fancy-indexing one-liner out[index] += values silently keeps only
one of the repeats; np.add.at and np.bincount do not. Then the per-bin mean built on it.
"""

from __future__ import annotations

import numpy as np


def scatter_add(size: int, index: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Accumulate values into ``size`` bins: out[k] = Σ_{i : index[i] = k} values[i].

    index (N,) integers in [0, size); values (N,) or (N, D)  ->  out (size,) or (size, D) float64.
    Unbuffered: repeated indices add up (np.add.at semantics, not out[index] += values).
    """
    # TODO(scatter_add): Return float64 out of shape (size,) + values.shape[1:] with out[k] = sum of values[i] over all i with index[i] == k.
    # | Repeated indices must ALL be added; bins nobody points at are 0. values is (N,) or (N, D) (rows
    # | are added whole). Raise ValueError if index is not 1-d integer, len(index) != len(values), or any
    # | index is outside [0, size) (no negative wrap-around). N = 0 gives all zeros.
    raise NotImplementedError("TODO(scatter_add): write this region")


def scatter_mean(size: int, index: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-bin mean and count: mean[k] = (Σ_{index[i]=k} values[i]) / count[k]; empty bins have mean 0.

    Returns (mean float64 (size,) or (size, D), count int64 (size,)). This is voxel / superpixel
    / segment pooling: average the features of all points that fall into the same cell.
    """
    # TODO(scatter_mean): Return (mean, count): count (size,) int64 = how many i have index[i] == k; mean = scatter sum / count.
    # | mean has the shape of scatter_add's result; bins with count 0 get mean 0 (never NaN). Same
    # | validation as scatter_add (you may call it).
    raise NotImplementedError("TODO(scatter_mean): write this region")


if __name__ == "__main__":
    idx = np.array([0, 2, 2, 2, 4])
    v = np.array([1.0, 10.0, 20.0, 30.0, 5.0])
    print("index =", idx.tolist(), " values =", v.tolist())
    print("scatter_add(5, index, values) =", scatter_add(5, idx, v))
    wrong = np.zeros(5)
    wrong[idx] += v
    print("out[index] += values gives     ", wrong, " (only one of the three 2s counted)")
    print("scatter_mean(5, index, values) =", scatter_mean(5, idx, v))
