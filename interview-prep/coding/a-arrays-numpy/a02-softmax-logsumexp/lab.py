"""a02 - Stable softmax and log-sum-exp.

logsumexp(x, axis) = log(sum_i exp(x_i)) and softmax(x, axis)_i = exp(x_i) / sum_j exp(x_j),
both computed without overflow by shifting every slice by its maximum first.
"""

from __future__ import annotations

import numpy as np


def logsumexp(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """log(sum(exp(x))) along ``axis``, stable for any magnitude.

    Shift identity: for any constant m,  log Σ exp(x_i) = m + log Σ exp(x_i - m).
    With m = max_i x_i every exponent is <= 0 (no overflow) and the largest term is exp(0) = 1
    (the sum is >= 1, so the log never sees an underflowed 0).
    Returns float64 with ``axis`` removed; an all -inf slice or an empty axis gives -inf.
    """
    # TODO(logsumexp): Return log(sum(exp(x), axis)) as float64, shape of x with `axis` removed.
    # | Must not overflow or underflow for entries like 1000 or -1000. Entries may be -inf (they
    # | contribute exp(-inf) = 0); a slice that is all -inf, or an empty axis, gives -inf.
    # | A +inf entry gives +inf. Integer input is allowed.
    raise NotImplementedError("TODO(logsumexp): write this region")


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """exp(x_i) / Σ_j exp(x_j) along ``axis``, stable for any magnitude.

    softmax is invariant to adding a constant per slice, so subtract the slice maximum:
    the exponents are <= 0 and the denominator is >= 1.
    Returns float64 of x's shape; every slice sums to 1, except an all -inf slice (a fully
    masked row in attention), which returns all zeros.
    """
    # TODO(softmax): Return softmax along `axis` as float64 with the shape of x; each slice sums to 1.
    # | Must not overflow or give NaN for entries like 1000 or -1000, and the shift must be per
    # | slice (not one global maximum). -inf entries get probability 0; a slice that is all -inf
    # | returns all zeros (not NaN). Entries are finite or -inf.
    raise NotImplementedError("TODO(softmax): write this region")


if __name__ == "__main__":
    x = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -np.inf]])
    print("x =", x.tolist())
    print("logsumexp(x, axis=1) =", logsumexp(x, axis=1))
    print("softmax(x, axis=1) =\n", softmax(x, axis=1))
