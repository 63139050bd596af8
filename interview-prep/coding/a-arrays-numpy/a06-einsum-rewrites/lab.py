"""a06 - Batched matmul and einsum rewrites.

Four one-liners that einsum writes in one string, written WITHOUT np.einsum: with matmul,
broadcasting and axis reductions. Knowing the rewrite is knowing what the subscripts mean
(which axes are batched, contracted, or kept), and which rewrite avoids a big intermediate.
"""

from __future__ import annotations

import numpy as np


def batched_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """einsum('bnk,bkm->bnm'): one matrix product per batch element.

    a (B, N, K), b (B, K, M) -> (B, N, M),  out[b] = a[b] @ b[b].
    """
    # TODO(bmm): Return the (B, N, M) stack of products a[i] @ b[i] for a (B, N, K) and b (B, K, M), without np.einsum.
    # | Raise ValueError unless both are 3-d with the same B and matching K. (np.dot is not a batched product.)
    raise NotImplementedError("TODO(bmm): write this region")


def batched_trace(a: np.ndarray) -> np.ndarray:
    """einsum('bii->b'): the trace of every matrix in a stack.

    a (B, N, N) -> (B,),  out[b] = Σ_i a[b, i, i].
    """
    # TODO(btrace): Return the (B,) traces of the square matrices a[i] of a (B, N, N), without np.einsum.
    # | Raise ValueError unless a is 3-d and square in its last two axes. N = 0 gives zeros.
    raise NotImplementedError("TODO(btrace): write this region")


def bilinear_form(x: np.ndarray, A: np.ndarray, y: np.ndarray) -> np.ndarray:
    """einsum('bd,de,be->b'): x_bᵀ A y_b for every row pair.

    x (B, D), A (D, E), y (B, E) -> (B,). (x @ A) is (B, E); multiply by y and sum over E:
    O(B·D·E) time and only a (B, E) temporary (no (B, D, E) broadcast).
    """
    # TODO(bilinear): Return the (B,) values x[i] @ A @ y[i] for x (B, D), A (D, E), y (B, E), without np.einsum.
    # | Do not build a (B, B) matrix (x @ A @ y.T and its diagonal) or a (B, D, E) array. Raise ValueError on mismatched shapes.
    raise NotImplementedError("TODO(bilinear): write this region")


def batched_outer(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """einsum('bn,bm->bnm'): the outer product of every row pair.

    x (B, N), y (B, M) -> (B, N, M),  out[b, i, j] = x[b, i] * y[b, j].
    """
    # TODO(outer): Return the (B, N, M) outer products out[b, i, j] = x[b, i] * y[b, j] for x (B, N), y (B, M), without np.einsum.
    # | Raise ValueError unless both are 2-d with the same B.
    raise NotImplementedError("TODO(outer): write this region")


if __name__ == "__main__":
    a = np.arange(8.0).reshape(2, 2, 2)
    print("a =", a.tolist())
    print("batched_matmul(a, a) =", batched_matmul(a, a).tolist())
    print("batched_trace(a) =", batched_trace(a))
    x, A, y = np.array([[1.0, 2.0]]), np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0]]), np.array([[1.0, 1.0, 1.0]])
    print("bilinear_form(x, A, y) =", bilinear_form(x, A, y))
    print("batched_outer([[1, 2]], [[3, 4, 5]]) =", batched_outer(np.array([[1, 2]]), np.array([[3, 4, 5]])).tolist())
