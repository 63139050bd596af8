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
    # BEGIN REGION scatter_add: Return float64 out of shape (size,) + values.shape[1:] with out[k] = sum of values[i] over all i with index[i] == k.
    # | Repeated indices must ALL be added; bins nobody points at are 0. values is (N,) or (N, D) (rows
    # | are added whole). Raise ValueError if index is not 1-d integer, len(index) != len(values), or any
    # | index is outside [0, size) (no negative wrap-around). N = 0 gives all zeros.
    index = np.asarray(index)
    values = np.asarray(values, dtype=np.float64)
    if index.ndim != 1 or (index.size and index.dtype.kind not in "iu") or values.ndim == 0 or len(values) != len(index):
        raise ValueError(f"expected index (N,) integers and values (N, ...), got {index.shape} {index.dtype} and {values.shape}")
    if index.size and (index.min() < 0 or index.max() >= size):
        raise ValueError(f"index values must lie in [0, {size}), got range [{index.min()}, {index.max()}]")
    out = np.zeros((size,) + values.shape[1:])
    np.add.at(out, index.astype(np.intp), values)  # unbuffered: every repeat is added
    return out
    # END REGION scatter_add


def scatter_mean(size: int, index: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-bin mean and count: mean[k] = (Σ_{index[i]=k} values[i]) / count[k]; empty bins have mean 0.

    Returns (mean float64 (size,) or (size, D), count int64 (size,)). This is voxel / superpixel
    / segment pooling: average the features of all points that fall into the same cell.
    """
    # BEGIN REGION scatter_mean: Return (mean, count): count (size,) int64 = how many i have index[i] == k; mean = scatter sum / count.
    # | mean has the shape of scatter_add's result; bins with count 0 get mean 0 (never NaN). Same
    # | validation as scatter_add (you may call it).
    sums = scatter_add(size, index, values)  # (size,) or (size, D)
    count = np.bincount(np.asarray(index, dtype=np.intp), minlength=size).astype(np.int64)  # (size,)
    denom = count.reshape((size,) + (1,) * (sums.ndim - 1))  # broadcast over D
    mean = np.divide(sums, denom, out=np.zeros_like(sums), where=denom > 0)
    return mean, count
    # END REGION scatter_mean


if __name__ == "__main__":
    idx = np.array([0, 2, 2, 2, 4])
    v = np.array([1.0, 10.0, 20.0, 30.0, 5.0])
    print("index =", idx.tolist(), " values =", v.tolist())
    print("scatter_add(5, index, values) =", scatter_add(5, idx, v))
    wrong = np.zeros(5)
    wrong[idx] += v
    print("out[index] += values gives     ", wrong, " (only one of the three 2s counted)")
    print("scatter_mean(5, index, values) =", scatter_mean(5, idx, v))
