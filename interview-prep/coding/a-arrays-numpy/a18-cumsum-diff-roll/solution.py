"""a18 - cumsum / diff / roll / triu puzzles.

Four small array puzzles that replace a Python loop by one NumPy primitive, each with its own
off-by-one: a running maximum (ufunc.accumulate), the inverse of np.diff (a cumsum with an
initial value), a causal (optionally banded) attention mask (tril/triu), and a shift along an
axis, circular (np.roll) or filled.
"""

from __future__ import annotations

import numpy as np


def running_max(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """out[..., t] = max(x[..., 0], ..., x[..., t]) along ``axis`` (the best-so-far curve)."""
    # BEGIN REGION running_max: Return the running maximum of x along `axis` (default the last): out[t] = max(x[0..t]), same shape and dtype.
    # | No Python loop. Empty axes give an empty result. Raise ValueError if x is 0-d.
    x = np.asarray(x)
    if x.ndim == 0:
        raise ValueError("x must have at least one dimension")
    return np.maximum.accumulate(x, axis=axis)
    # END REGION running_max


def undiff(d: np.ndarray, initial: float | np.ndarray) -> np.ndarray:
    """Inverse of np.diff along the last axis: x[..., 0] = initial, x[..., k] = initial + Σ_{j<k} d[..., j].

    d (..., n) -> x (..., n + 1) with np.diff(x) == d and x[..., 0] == initial.
    """
    # BEGIN REGION undiff: Return x of shape d.shape[:-1] + (n + 1,) with x[..., 0] = initial and np.diff(x, axis=-1) == d.
    # | initial is a scalar or an array broadcastable to d.shape[:-1] (one start per row). Integer d and initial stay
    # | integer (exact); the dtype is np.result_type(d, initial). Raise ValueError if d is 0-d.
    d = np.asarray(d)
    if d.ndim == 0:
        raise ValueError("d must have at least one dimension")
    dtype = np.result_type(d, np.asarray(initial))
    start = np.broadcast_to(np.asarray(initial, dtype=dtype), d.shape[:-1])[..., None]  # (..., 1)
    return np.cumsum(np.concatenate([start, d.astype(dtype)], axis=-1), axis=-1)  # (..., n + 1)
    # END REGION undiff


def causal_mask(n: int, window: int | None = None) -> np.ndarray:
    """(n, n) bool mask, True where query i may attend to key j: j <= i (and i - j < window if given)."""
    # BEGIN REGION causal_mask: Return an (n, n) bool array M with M[i, j] = (j <= i) and, if window is given, (i - j < window).
    # | Row i is query position i, column j key position j: no future keys, and at most `window` keys (itself included).
    # | n = 0 gives a (0, 0) array. Raise ValueError if n < 0 or window < 1.
    if n < 0 or (window is not None and window < 1):
        raise ValueError(f"need n >= 0 and window >= 1, got n={n}, window={window}")
    ones = np.ones((n, n), dtype=bool)
    mask = np.tril(ones)  # j <= i
    if window is not None:
        mask &= np.triu(ones, k=-(window - 1))  # j >= i - window + 1
    return mask
    # END REGION causal_mask


def shift(x: np.ndarray, k: int, axis: int = -1, fill: float | None = None) -> np.ndarray:
    """Move the entries of x by k positions along ``axis`` (k > 0 towards higher indices).

    fill is None: circular, out[(t + k) mod n] = x[t] (np.roll).
    fill given:   out[t + k] = x[t] where 0 <= t + k < n; the vacated positions hold fill; |k| >= n
                  gives all fill. (A lag feature, a delayed signal, a one-pixel translation.)
    """
    # BEGIN REGION shift: Return a new array of x's shape and dtype with out[t + k] = x[t] along `axis` (k may be negative).
    # | fill=None: circular (indices mod n, like np.roll). fill given: no wrap-around; positions that nothing moves into hold
    # | fill, and |k| >= n gives all fill. Raise ValueError if x is 0-d.
    x = np.asarray(x)
    if x.ndim == 0:
        raise ValueError("x must have at least one dimension")
    if fill is None:
        return np.roll(x, k, axis=axis)
    n = x.shape[axis]
    out = np.full_like(x, fill)
    if abs(k) >= n:
        return out
    src = [slice(None)] * x.ndim
    dst = [slice(None)] * x.ndim
    ax = axis % x.ndim
    src[ax] = slice(0, n - k) if k >= 0 else slice(-k, n)  # entries that stay inside
    dst[ax] = slice(k, n) if k >= 0 else slice(0, n + k)
    out[tuple(dst)] = x[tuple(src)]
    return out
    # END REGION shift


if __name__ == "__main__":
    print("running_max([3, 1, 4, 1, 5, 9, 2, 6]) =", running_max(np.array([3, 1, 4, 1, 5, 9, 2, 6])))
    print("undiff([2, -1, 3], initial=10) =", undiff(np.array([2, -1, 3]), 10))
    print("causal_mask(4, window=2) =\n", causal_mask(4, window=2).astype(int))
    print("shift([1, 2, 3, 4, 5], 2) =", shift(np.array([1, 2, 3, 4, 5]), 2))
    print("shift([1, 2, 3, 4, 5], -2, fill=0) =", shift(np.array([1, 2, 3, 4, 5]), -2, fill=0))
