"""Grader for a06 - batched matmul and einsum rewrites.

Reference: np.einsum with the subscripts each function stands for (computed by the grader;
the implementation itself may not call np.einsum, checked by replacing it while the
function runs), hand-computed cases, and the shape errors an interviewer probes (np.dot on
3-d arrays, np.trace's default axes, transposed outer products).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvlab.testing import where_differs

_sizes = st.tuples(st.integers(0, 5), st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(0, 999))


def _no_einsum(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("this problem asks for the rewrite WITHOUT np.einsum (use @, broadcasting, sums)")

    monkeypatch.setattr(np, "einsum", refuse)


# ----------------------------------------------------------------------------- bmm
@pytest.mark.region("bmm")
def test_bmm_worked_example(lab):
    """The README example: a stack of two 2x2 matrices, each multiplied by itself."""
    a = np.arange(8.0).reshape(2, 2, 2)
    got = np.asarray(lab.batched_matmul(a, a))
    want = np.array([[[2.0, 3.0], [6.0, 11.0]], [[46.0, 55.0], [66.0, 79.0]]])
    assert got.shape == (2, 2, 2), f"batched_matmul((2, 2, 2), (2, 2, 2)) has shape {got.shape}, expected (2, 2, 2) (np.dot gives (2, 2, 2, 2))"
    assert np.array_equal(got, want), f"batched_matmul(a, a) =\n{got}\nexpected\n{want}"


@pytest.mark.region("bmm")
@given(_sizes)
def test_bmm_matches_einsum(lab, s):
    """Random shapes (B, N, K) @ (B, K, M): equals np.einsum('bnk,bkm->bnm'), without calling np.einsum."""
    b, n, k, m, seed = s
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(b, n, k)), rng.normal(size=(b, k, m))
    ref = np.einsum("bnk,bkm->bnm", x, y)
    with pytest.MonkeyPatch.context() as mp:
        _no_einsum(mp)
        got = np.asarray(lab.batched_matmul(x, y))
    assert got.shape == ref.shape, f"a {x.shape}, b {y.shape}: got shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-12), f"a {x.shape}, b {y.shape}: {where_differs(got, ref)}"


@pytest.mark.region("bmm")
@pytest.mark.parametrize("sa, sb", [((2, 3, 4), (3, 4, 5)), ((2, 3, 4), (2, 5, 4)), ((3, 4), (4, 5))])
def test_bmm_bad_shapes_raise(lab, sa, sb):
    """Different batch sizes, mismatched K, or 2-d inputs raise ValueError."""
    with pytest.raises(ValueError):
        lab.batched_matmul(np.zeros(sa), np.zeros(sb))


# ----------------------------------------------------------------------------- btrace
@pytest.mark.region("btrace")
def test_btrace_worked_example(lab):
    """The README example: traces of [[0, 1], [2, 3]] and [[4, 5], [6, 7]] are 3 and 11."""
    got = np.asarray(lab.batched_trace(np.arange(8.0).reshape(2, 2, 2)))
    assert np.array_equal(got, [3.0, 11.0]), (
        f"batched_trace(arange(8).reshape(2, 2, 2)) = {got}, expected [3, 11] (np.trace defaults to axes 0 and 1: "
        "the batch axis)"
    )


@pytest.mark.region("btrace")
@given(_sizes)
def test_btrace_matches_einsum(lab, s):
    """Random (B, N, N) stacks: equals np.einsum('bii->b'), without calling np.einsum."""
    b, n, _, _, seed = s
    a = np.random.default_rng(seed).normal(size=(b + 1, n, n))
    ref = np.einsum("bii->b", a)
    with pytest.MonkeyPatch.context() as mp:
        _no_einsum(mp)
        got = np.asarray(lab.batched_trace(a))
    assert got.shape == ref.shape, f"a {a.shape}: got shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-12), f"a {a.shape}: {where_differs(got, ref)}"


@pytest.mark.region("btrace")
def test_btrace_edge_cases(lab):
    """Empty 0x0 matrices have trace 0; non-square or 2-d input raises ValueError."""
    got = np.asarray(lab.batched_trace(np.zeros((3, 0, 0))))
    assert got.shape == (3,) and np.all(got == 0), f"batched_trace(zeros (3, 0, 0)) = {got}, expected [0, 0, 0]"
    with pytest.raises(ValueError):
        lab.batched_trace(np.zeros((2, 3, 4)))
    with pytest.raises(ValueError):
        lab.batched_trace(np.zeros((3, 3)))


# ----------------------------------------------------------------------------- bilinear
@pytest.mark.region("bilinear")
def test_bilinear_worked_example(lab):
    """The README example: [1, 2] A [1, 1, 1]ᵀ with A = [[1, 2, 0], [0, 1, 3]] is 11; a second row gives 2."""
    x = np.array([[1.0, 2.0], [0.0, 1.0]])
    A = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0]])
    y = np.array([[1.0, 1.0, 1.0], [0.0, 2.0, 0.0]])
    got = np.asarray(lab.bilinear_form(x, A, y))
    assert got.shape == (2,), f"bilinear_form((2, 2), (2, 3), (2, 3)) has shape {got.shape}, expected (2,)"
    assert np.array_equal(got, [11.0, 2.0]), f"bilinear_form(...) = {got}, expected [11, 2] (one value per row pair)"


@pytest.mark.region("bilinear")
@given(_sizes)
def test_bilinear_matches_einsum(lab, s):
    """Random x (B, D), A (D, E), y (B, E): equals np.einsum('bd,de,be->b'), without calling np.einsum."""
    b, d, e, _, seed = s
    rng = np.random.default_rng(seed)
    x, A, y = rng.normal(size=(b, d)), rng.normal(size=(d, e)), rng.normal(size=(b, e))
    ref = np.einsum("bd,de,be->b", x, A, y)
    with pytest.MonkeyPatch.context() as mp:
        _no_einsum(mp)
        got = np.asarray(lab.bilinear_form(x, A, y))
    assert got.shape == ref.shape, f"x {x.shape}, A {A.shape}, y {y.shape}: got shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-10), f"x {x.shape}, A {A.shape}, y {y.shape}: {where_differs(got, ref)}"


@pytest.mark.region("bilinear")
def test_bilinear_bad_shapes_raise(lab):
    """A whose shape is not (D, E), or x and y with different B, raise ValueError."""
    with pytest.raises(ValueError):
        lab.bilinear_form(np.zeros((2, 3)), np.zeros((4, 3)), np.zeros((2, 3)))
    with pytest.raises(ValueError):
        lab.bilinear_form(np.zeros((2, 3)), np.zeros((3, 3)), np.zeros((5, 3)))


# ----------------------------------------------------------------------------- outer
@pytest.mark.region("outer")
def test_outer_worked_example(lab):
    """The README example: [1, 2] ⊗ [3, 4, 5] is the 2x3 matrix [[3, 4, 5], [6, 8, 10]]."""
    got = np.asarray(lab.batched_outer(np.array([[1, 2]]), np.array([[3, 4, 5]])))
    want = np.array([[[3, 4, 5], [6, 8, 10]]])
    assert got.shape == (1, 2, 3), f"batched_outer((1, 2), (1, 3)) has shape {got.shape}, expected (1, 2, 3)"
    assert np.array_equal(got, want), f"batched_outer([[1, 2]], [[3, 4, 5]]) =\n{got}\nexpected\n{want}"


@pytest.mark.region("outer")
@given(_sizes)
def test_outer_matches_einsum(lab, s):
    """Random x (B, N), y (B, M): equals np.einsum('bn,bm->bnm'), without calling np.einsum."""
    b, n, m, _, seed = s
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(b, n)), rng.normal(size=(b, m))
    ref = np.einsum("bn,bm->bnm", x, y)
    with pytest.MonkeyPatch.context() as mp:
        _no_einsum(mp)
        got = np.asarray(lab.batched_outer(x, y))
    assert got.shape == ref.shape, f"x {x.shape}, y {y.shape}: got shape {got.shape}, expected {ref.shape}"
    assert np.allclose(got, ref, atol=1e-12), f"x {x.shape}, y {y.shape}: {where_differs(got, ref)}"


@pytest.mark.region("outer")
def test_outer_bad_shapes_raise(lab):
    """Different batch sizes or 1-d vectors raise ValueError."""
    with pytest.raises(ValueError):
        lab.batched_outer(np.zeros((2, 3)), np.zeros((3, 3)))
    with pytest.raises(ValueError):
        lab.batched_outer(np.zeros(3), np.zeros(3))
