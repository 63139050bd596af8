"""Grader for lab 3.1 (tensors and autograd).

References are independent of the code under test: torch itself (cdist, plain Python
loops, torch autograd in float64 on the very same expressions, torch.logsumexp,
torch.autograd.gradcheck / gradgradcheck, torch's own backward-twice behaviour) and exact
values built by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

finite = {"allow_nan": False, "allow_infinity": False}
f64 = torch.float64


def _t(a, requires_grad=False) -> torch.Tensor:
    return torch.tensor(a, dtype=f64, requires_grad=requires_grad)


# ---------------------------------------------------------------------------------------
# region pairwise
# ---------------------------------------------------------------------------------------


def _exact_sq_dists(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Reference: torch.cdist without the matrix-product shortcut, squared."""
    if x.shape[0] == 0 or y.shape[0] == 0:
        return torch.zeros(x.shape[0], y.shape[0], dtype=x.dtype)
    return torch.cdist(x, y, compute_mode="donot_use_mm_for_euclid_dist") ** 2


def _dist_tol(x: torch.Tensor, y: torch.Tensor) -> float:
    """Rounding allowance of the |x|² + |y|² - 2x·y expansion: a few ulps of the largest |x|² + |y|²."""
    big = float((x * x).sum(1).max()) if x.numel() else 0.0
    big += float((y * y).sum(1).max()) if y.numel() else 0.0
    return 1e-12 * max(1.0, big)


@st.composite
def _two_point_sets(draw):
    n, m, d = draw(st.integers(0, 6)), draw(st.integers(0, 6)), draw(st.integers(1, 5))
    el = st.floats(-100, 100, **finite)
    x = draw(hnp.arrays(np.float64, (n, d), elements=el))
    y = draw(hnp.arrays(np.float64, (m, d), elements=el))
    return torch.from_numpy(x), torch.from_numpy(y)


@pytest.mark.region("pairwise")
@given(_two_point_sets())
def test_pairwise_matches_cdist(lab, xy):
    """pairwise_sq_dists(x, y) has shape (N, M) and equals torch.cdist(x, y)² for any N, M (0 included) and D."""
    x, y = xy
    got = lab.pairwise_sq_dists(x, y)
    ref = _exact_sq_dists(x, y)
    assert tuple(got.shape) == tuple(ref.shape), (
        f"x {tuple(x.shape)}, y {tuple(y.shape)}: got shape {tuple(got.shape)}, expected (N, M) = {tuple(ref.shape)}"
    )
    err = float((got - ref).abs().max()) if ref.numel() else 0.0
    assert err <= _dist_tol(x, y), (
        f"x={x.tolist()}, y={y.tolist()}: max |got - cdist²| = {err:.3g}; got {got.tolist()}, expected {ref.tolist()}"
    )


@pytest.mark.region("pairwise")
def test_pairwise_rectangular_and_dtype(lab):
    """A (7, 3) set against a (4, 3) set: entry [i, j] is |x_i - y_j|², and float32 inputs give float32 output."""
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(7, 3, generator=g, dtype=f64), torch.randn(4, 3, generator=g, dtype=f64)
    got = lab.pairwise_sq_dists(x, y)
    assert tuple(got.shape) == (7, 4), f"x (7, 3), y (4, 3): got shape {tuple(got.shape)}, expected (7, 4)"
    by_hand = float(((x[5] - y[2]) ** 2).sum())
    assert abs(float(got[5, 2]) - by_hand) < 1e-12, (
        f"entry [5, 2] is {float(got[5, 2])!r}, but |x_5 - y_2|² = {by_hand!r}: rows index x, columns index y"
    )
    got32 = lab.pairwise_sq_dists(x.float(), y.float())
    assert got32.dtype == torch.float32, f"float32 inputs gave {got32.dtype}; keep the input dtype"
    assert torch.allclose(got32.double(), _exact_sq_dists(x, y), rtol=1e-4, atol=1e-4)


@pytest.mark.region("pairwise")
def test_pairwise_never_negative_for_near_duplicates(lab):
    """Points 1e-9 apart: distances are ~1e-17, so rounding in |x|²+|y|²-2x·y can dip below 0; results must be >= 0."""
    g = torch.Generator().manual_seed(1)
    x = 3 * torch.randn(6, 5, generator=g, dtype=f64)
    y = x + 1e-9 * torch.randn(6, 5, generator=g, dtype=f64)
    got = lab.pairwise_sq_dists(x, y)
    assert bool((got >= 0).all()), (
        f"smallest entry {float(got.min()):.3g} < 0: a squared distance is never negative "
        "(the expanded formula cancels catastrophically for near-duplicates; clamp at 0)"
    )
    self_d = lab.pairwise_sq_dists(x, x)
    assert float(self_d.diagonal().abs().max()) <= _dist_tol(x, x), (
        f"distance of a point to itself should be ~0, got diagonal {self_d.diagonal().tolist()}"
    )
    assert torch.allclose(self_d, self_d.T, rtol=0, atol=_dist_tol(x, x)), "pairwise_sq_dists(x, x) is not symmetric"


# ---------------------------------------------------------------------------------------
# region margins
# ---------------------------------------------------------------------------------------


def _margins_by_loop(scores: torch.Tensor, labels: torch.Tensor) -> list[float]:
    out = []
    for row, y in zip(scores.tolist(), labels.tolist()):
        out.append(row[y] - max(v for j, v in enumerate(row) if j != y))
    return out


@st.composite
def _scores_labels(draw):
    n, c = draw(st.integers(0, 6)), draw(st.integers(2, 6))
    s = draw(hnp.arrays(np.float64, (n, c), elements=st.floats(-1e3, 1e3, **finite)))
    y = draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n))
    return torch.from_numpy(s), torch.tensor(y, dtype=torch.int64)


@pytest.mark.region("margins")
@given(_scores_labels())
def test_margins_match_python_loop(lab, sl):
    """class_margins equals s[i, y_i] - max_{j≠y_i} s[i, j] computed by a plain loop (any N including 0, C >= 2)."""
    scores, labels = sl
    got = lab.class_margins(scores, labels)
    ref = _margins_by_loop(scores, labels)
    assert tuple(got.shape) == (len(ref),), (
        f"scores {tuple(scores.shape)}, labels {labels.tolist()}: got shape {tuple(got.shape)}, expected ({len(ref)},). "
        "scores[:, labels] picks whole COLUMNS (N, N); you want one entry per row"
    )
    assert torch.allclose(got, torch.tensor(ref, dtype=f64), rtol=1e-12, atol=1e-9), (
        f"scores={scores.tolist()}, labels={labels.tolist()}: got {got.tolist()}, expected {ref}"
    )


@pytest.mark.region("margins")
def test_margins_all_negative_scores(lab):
    """With every score negative the best other class is still negative: masking the true class with 0 would win the max."""
    scores = _t([[-1.0, -5.0, -3.0], [-4.0, -2.0, -6.0], [-0.5, -0.25, -9.0]])
    labels = torch.tensor([0, 2, 1])
    got = lab.class_margins(scores, labels)
    expected = [-1.0 - (-3.0), -6.0 - (-2.0), -0.25 - (-0.5)]
    assert torch.allclose(got, _t(expected)), (
        f"scores={scores.tolist()}, labels={labels.tolist()}: got {got.tolist()}, expected {expected}. "
        "The true class must be masked with -inf, which can never be the max"
    )


@pytest.mark.region("margins")
def test_margins_gradient_flows_to_true_and_runner_up(lab):
    """Autograd flows through class_margins: d(sum of margins)/d scores is +1 at each true class and -1 at its runner-up."""
    g = torch.Generator().manual_seed(2)
    base = torch.randn(5, 4, generator=g, dtype=f64)
    labels = torch.tensor([0, 3, 1, 1, 2])
    scores = base.clone().requires_grad_(True)
    m = lab.class_margins(scores, labels)
    assert m.requires_grad, (
        "the margins do not require grad: build them from torch ops on `scores` (no .item(), no NumPy)"
    )
    m.sum().backward()
    expected = torch.zeros(5, 4, dtype=f64)
    for i, y in enumerate(labels.tolist()):
        others = [j for j in range(4) if j != y]
        expected[i, y] = 1.0
        expected[i, max(others, key=lambda j: base[i, j])] = -1.0
    assert torch.equal(scores.grad, expected), (
        f"gradient of sum(margins) wrt scores:\n{scores.grad}\nexpected (+1 true class, -1 runner-up):\n{expected}"
    )


# ---------------------------------------------------------------------------------------
# region unbroadcast
# ---------------------------------------------------------------------------------------


@pytest.mark.region("unbroadcast")
@given(
    hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=3),
    st.integers(0, 2**31 - 1),
)
def test_unbroadcast_matches_torch_autograd(lab, shapes, seed):
    """For out = a * b with broadcasting, unbroadcast(upstream · b, a.shape) equals torch's a.grad (and likewise for b)."""
    (sa, sb), out_shape = shapes.input_shapes, shapes.result_shape
    g = torch.Generator().manual_seed(seed)
    a = torch.randn(sa, generator=g, dtype=f64, requires_grad=True)
    b = torch.randn(sb, generator=g, dtype=f64, requires_grad=True)
    w = torch.randn(out_shape, generator=g, dtype=f64)  # upstream gradient d loss / d out
    ((a * b) * w).sum().backward()
    with torch.no_grad():
        for name, mine, other, ref in (("a", a, b, a.grad), ("b", b, a, b.grad)):
            full = w * other  # d loss / d (broadcast copy of `mine`), shape out_shape
            got = lab.unbroadcast(full.clone(), mine.shape)
            assert tuple(got.shape) == tuple(mine.shape), (
                f"{name} of shape {tuple(mine.shape)} broadcast to {tuple(out_shape)}: unbroadcast returned shape "
                f"{tuple(got.shape)}, expected {tuple(mine.shape)}"
            )
            assert torch.allclose(got, ref, rtol=1e-12, atol=1e-12), (
                f"{name} of shape {tuple(mine.shape)} broadcast to {tuple(out_shape)}: unbroadcast differs from "
                f"torch's {name}.grad by {float((got - ref).abs().max()):.3g}"
            )


@pytest.mark.region("unbroadcast")
@pytest.mark.parametrize(
    ("shape", "value"),
    [((3, 1), 8.0), ((1, 3, 1), 8.0), ((4,), 6.0), ((1, 1, 4), 6.0), ((), 24.0), ((2, 1, 1), 12.0), ((2, 3, 4), 1.0)],
)
def test_unbroadcast_ones_exact_counts(lab, shape, value):
    """A (2, 3, 4) gradient of ones reduced to `shape` holds, in every entry, how many output copies that entry had."""
    got = lab.unbroadcast(torch.ones(2, 3, 4, dtype=f64), torch.Size(shape))
    assert tuple(got.shape) == shape, (
        f"unbroadcast(ones (2, 3, 4), {shape}) has shape {tuple(got.shape)}, expected {shape}"
    )
    assert bool((got == value).all()), (
        f"unbroadcast(ones (2, 3, 4), {shape}) = {got.tolist()}, expected every entry {value} "
        "(sum over prepended dims and over dims where the operand has size 1; torch's sum(dim=()) sums EVERYTHING)"
    )


@pytest.mark.region("unbroadcast")
def test_unbroadcast_bias_of_a_linear_layer(lab):
    """The bias of y = x @ W + b (b broadcast over the batch) gets the gradient summed over the batch, as autograd says."""
    g = torch.Generator().manual_seed(3)
    x, wt = torch.randn(8, 5, generator=g, dtype=f64), torch.randn(5, 3, generator=g, dtype=f64)
    b = torch.randn(3, generator=g, dtype=f64, requires_grad=True)
    up = torch.randn(8, 3, generator=g, dtype=f64)
    ((x @ wt + b) * up).sum().backward()
    got = lab.unbroadcast(up.clone(), b.shape)
    assert torch.allclose(got, b.grad, rtol=1e-12, atol=1e-12), (
        f"bias gradient: got {got.tolist()}, autograd {b.grad.tolist()} (the sum of the upstream rows)"
    )


# ---------------------------------------------------------------------------------------
# region ops
# ---------------------------------------------------------------------------------------

_TORCH_OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "neg": lambda a, p: -a,
    "pow": lambda a, p: a**p,
    "exp": lambda a, p: torch.exp(a),
    "log": lambda a, p: torch.log(a),
    "tanh": lambda a, p: torch.tanh(a),
    "relu": lambda a, p: torch.relu(a),
    "sigmoid": lambda a, p: torch.sigmoid(a),
}


def _fl(lo, hi):
    return st.floats(lo, hi, **finite)


def _op_domain(op):
    """(element strategy for a, for b / the exponent, or None) inside each op's domain."""
    away_from_zero = st.one_of(_fl(-50, -1e-3), _fl(1e-3, 50))
    return {
        "add": (_fl(-1e6, 1e6), _fl(-1e6, 1e6)),
        "sub": (_fl(-1e6, 1e6), _fl(-1e6, 1e6)),
        "mul": (_fl(-1e3, 1e3), _fl(-1e3, 1e3)),
        "div": (_fl(-1e3, 1e3), away_from_zero),
        "neg": (_fl(-1e6, 1e6), None),
        "pow": (_fl(0.01, 10), _fl(-3, 3)),
        "exp": (_fl(-50, 50), None),
        "log": (_fl(1e-6, 1e6), None),
        "tanh": (_fl(-30, 30), None),
        "relu": (st.one_of(_fl(-10, 10), st.just(0.0)), None),
        "sigmoid": (_fl(-1000, 1000), None),
    }[op]


def _torch_value_and_partials(op, a, b):
    """Value and local derivatives of op at (a, b) by torch autograd, float64."""
    binary = op in ("add", "sub", "mul", "div")
    ta = _t(a, True)
    tb = _t(b, True) if binary else b
    out = _TORCH_OPS[op](ta, tb)
    grads = torch.autograd.grad(out, [ta, tb] if binary else [ta], allow_unused=True)
    return out.item(), tuple(0.0 if g is None else g.item() for g in grads)


def _close(got, ref, rtol=1e-12, atol=1e-300):
    return abs(got - ref) <= rtol * abs(ref) + atol


@pytest.mark.region("ops")
@pytest.mark.parametrize("op", list(_TORCH_OPS))
@settings(max_examples=25)
@given(data=st.data())
def test_local_op_matches_torch(lab, op, data):
    """local_op(op, a[, b]) returns torch's forward value and torch autograd's local derivative(s), in float64."""
    a_el, b_el = _op_domain(op)
    pairs = data.draw(st.lists(st.tuples(a_el, b_el if b_el is not None else st.none()), min_size=1, max_size=8))
    for a, b in pairs:
        got_val, got_d = lab.local_op(op, a) if b is None else lab.local_op(op, a, b)
        ref_val, ref_d = _torch_value_and_partials(op, a, b)
        call = f"local_op({op!r}, {a!r}{'' if b is None else ', ' + repr(b)})"
        assert len(got_d) == len(ref_d), (
            f"{call} returned {len(got_d)} local derivative(s), expected {len(ref_d)} "
            "(binary ops: one per input; unary ops and pow: one)"
        )
        assert _close(float(got_val), ref_val, rtol=1e-10), f"{call}: value {got_val!r}, torch {ref_val!r}"
        for k, (g, r) in enumerate(zip(got_d, ref_d)):
            assert _close(float(g), r, rtol=1e-10, atol=1e-15), (
                f"{call}: derivative wrt input {k} is {g!r}, torch autograd says {r!r}"
            )


@pytest.mark.region("ops")
def test_local_op_edge_values(lab):
    """sigmoid(±1000) without OverflowError, relu at 0 (derivative 0 like torch), tanh saturating, pow at 0, integer powers of negatives."""
    cases = [
        ("sigmoid", 1000.0, None),
        ("sigmoid", -1000.0, None),
        ("sigmoid", 0.0, None),
        ("relu", 0.0, None),
        ("relu", -2.0, None),
        ("tanh", 25.0, None),
        ("tanh", 0.0, None),
        ("pow", 0.0, 2.0),
        ("pow", 0.0, 1.0),
        ("pow", -2.0, 3.0),
        ("pow", -1.5, 2.0),
        ("pow", -2.0, -1.0),
        ("pow", 3.0, 0.0),
        ("log", 1.0, None),
    ]
    for op, a, b in cases:
        call = f"local_op({op!r}, {a!r}{'' if b is None else ', ' + repr(b)})"
        try:
            got_val, got_d = lab.local_op(op, a) if b is None else lab.local_op(op, a, b)
        except (OverflowError, ZeroDivisionError, ValueError) as e:
            raise AssertionError(f"{call} raised {type(e).__name__}: {e}") from e
        ref_val, ref_d = _torch_value_and_partials(op, a, b)
        assert _close(float(got_val), ref_val, rtol=1e-10) and _close(
            float(got_d[0]), ref_d[0], rtol=1e-10, atol=1e-15
        ), f"{call} = ({got_val!r}, {tuple(got_d)!r}); torch gives ({ref_val!r}, {ref_d!r})"


@pytest.mark.region("ops")
def test_local_op_tanh_and_sigmoid_derivatives_exact(lab):
    """tanh'(a) = 1 - tanh(a)² and sigmoid'(a) = s(1 - s): checked at a = 0 (1 and 1/4) and against the closed forms."""
    for a in (0.0, 0.5, -1.25, 3.0):
        t = math.tanh(a)
        _, (dt,) = lab.local_op("tanh", a)
        assert abs(dt - (1 - t * t)) < 1e-15, (
            f"local_op('tanh', {a}) derivative {dt!r}, expected 1 - tanh²(a) = {1 - t * t!r}"
        )
        s = 1 / (1 + math.exp(-a))
        _, (ds,) = lab.local_op("sigmoid", a)
        assert abs(ds - s * (1 - s)) < 1e-15, (
            f"local_op('sigmoid', {a}) derivative {ds!r}, expected s(1-s) = {s * (1 - s)!r}"
        )


# ---------------------------------------------------------------------------------------
# random expression graphs, built identically in the Value engine and in torch
# ---------------------------------------------------------------------------------------

_EXPR_OPS = (
    "add",
    "sub",
    "mul",
    "div",
    "rdiv",
    "neg",
    "pow",
    "cube",
    "exp",
    "log",
    "tanh",
    "relu",
    "sigmoid",
    "affine",
)


@st.composite
def _recipe(draw, max_steps=12):
    """Leaves in [-2, 2] and a list of steps; each step uses earlier nodes, so nodes get shared freely."""
    leaves = draw(st.lists(st.floats(-2, 2, **finite), min_size=1, max_size=4))
    steps, n = [], len(leaves)
    for _ in range(draw(st.integers(1, max_steps))):
        op = draw(st.sampled_from(_EXPR_OPS))
        i = draw(st.integers(0, n - 1))
        j = draw(st.integers(0, n - 1))
        c = draw(st.sampled_from([-1.5, -0.5, 0.5, 1.0, 2.0, 2.5]))
        steps.append((op, i, j, c))
        n += 1
    return leaves, steps


def _build(leaves, steps, leaf):
    """The same expression in either engine: only operators and methods both Value and torch.Tensor have."""
    nodes = [leaf(v) for v in leaves]
    for op, i, j, c in steps:
        a, b = nodes[i], nodes[j]
        if op == "add":
            n = a + b
        elif op == "sub":
            n = a - b
        elif op == "mul":
            n = a * b
        elif op == "div":
            n = a / (b * b + 1.0)
        elif op == "rdiv":
            n = c / (b * b + 0.5)
        elif op == "neg":
            n = -a
        elif op == "pow":
            n = (a * a + 0.5) ** c
        elif op == "cube":
            n = a**3
        elif op == "exp":
            n = a.exp()
        elif op == "log":
            n = (a * a + 0.1).log()
        elif op == "tanh":
            n = a.tanh()
        elif op == "relu":
            n = a.relu()
        elif op == "sigmoid":
            n = a.sigmoid()
        else:  # "affine"
            n = 1.5 - c * a
        nodes.append(n)
    return nodes


def _torch_graph(leaves, steps):
    nodes = _build(leaves, steps, lambda v: _t(v, True))
    for n in nodes[len(leaves) :]:
        n.retain_grad()
    return nodes


def _bounded(nodes) -> bool:
    return all(math.isfinite(n.item()) and abs(n.item()) < 1e6 for n in nodes)


def _grad_close(got: float, ref: float, scale: float) -> bool:
    return abs(got - ref) <= 1e-9 * abs(ref) + 1e-12 * scale


def _check_against_torch(lab, leaves, steps, what, in_hypothesis=True):
    tnodes = _torch_graph(leaves, steps)
    if in_hypothesis:
        assume(_bounded(tnodes))  # skip the rare example whose values explode (exp of exp of ...)
    vnodes = _build(leaves, steps, lab.Value)
    for k, (v, t) in enumerate(zip(vnodes, tnodes)):
        assert _grad_close(v.data, t.item(), max(1.0, abs(t.item()))), (
            f"{what}: forward value of node {k} is {v.data!r}, torch {t.item()!r}"
        )
    tnodes[-1].backward()
    vnodes[-1].backward()
    ref = [0.0 if t.grad is None else float(t.grad) for t in tnodes]
    scale = max([1.0] + [abs(r) for r in ref])
    for k, (v, r) in enumerate(zip(vnodes, ref)):
        kind = "leaf" if k < len(leaves) else f"node {k} ({steps[k - len(leaves)][0]})"
        assert _grad_close(v.grad, r, scale), (
            f"{what}: d root / d {kind} = {v.grad!r}, torch autograd says {r!r} (root value {tnodes[-1].item()!r})"
        )


# ---------------------------------------------------------------------------------------
# region topo
# ---------------------------------------------------------------------------------------


def _reachable(root):
    """The test's own traversal: the set of ids reachable from root through .parents."""
    seen, todo = {id(root): root}, [root]
    while todo:
        for p in todo.pop().parents:
            if id(p) not in seen:
                seen[id(p)] = p
                todo.append(p)
    return seen


def _check_topo(lab, root, what):
    order = list(lab.topological_order(root))
    ids = [id(n) for n in order]
    expected = _reachable(root)
    assert len(ids) == len(set(ids)), (
        f"{what}: {len(ids) - len(set(ids))} node(s) appear more than once in the order "
        "(a node shared by several children must be visited once: keep a visited set)"
    )
    assert set(ids) == set(expected), (
        f"{what}: the order has {len(ids)} nodes, {len(set(ids) - set(expected))} of them not in the graph, and misses "
        f"{len(set(expected) - set(ids))} of the {len(expected)} nodes reachable from the root"
    )
    position = {i: k for k, i in enumerate(ids)}
    for node in order:
        for p in node.parents:
            assert position[id(p)] < position[id(node)], (
                f"{what}: {node!r} comes at position {position[id(node)]}, before its input {p!r} at "
                f"{position[id(p)]}; every node must come after all of its inputs"
            )
    assert order[-1] is root, f"{what}: the root must be last, got {order[-1]!r}"
    return order


@pytest.mark.region("topo")
def test_topo_diamond(lab):
    """A diamond (b and c both use a, d uses b and c, e uses c and d): 5 nodes, each once, inputs before outputs."""
    V = lab.Value
    a = V(0.5, "a")
    b = a.exp()
    c = a * b
    d = b + c
    e = c * d
    order = _check_topo(lab, e, "diamond a -> b=exp(a) -> c=a*b -> d=b+c -> e=c*d")
    assert len(order) == 5


@pytest.mark.region("topo")
def test_topo_single_leaf_and_self_use(lab):
    """A lone leaf orders as [leaf]; x * x lists x once although it is both inputs of the product."""
    V = lab.Value
    x = V(3.0)
    assert [id(n) for n in lab.topological_order(x)] == [id(x)], "the order of a lone leaf is [leaf]"
    sq = x * x
    order = lab.topological_order(sq)
    assert [id(n) for n in order] == [id(x), id(sq)], f"order of x * x is {order}, expected [x, x*x]"


@pytest.mark.region("topo")
@given(_recipe(max_steps=16))
def test_topo_random_graphs(lab, recipe):
    """On random expression graphs with shared nodes the order holds each reachable node once, after all its inputs."""
    leaves, steps = recipe
    nodes = _build(leaves, steps, lab.Value)
    _check_topo(lab, nodes[-1], f"graph with leaves {leaves} and steps {steps}")


@pytest.mark.region("topo")
def test_topo_deep_chain_without_recursion(lab):
    """A chain of 5000 operations (deeper than Python's recursion limit of 1000) is ordered without RecursionError."""
    V = lab.Value
    x = V(0.1)
    y = x
    for _ in range(2500):
        y = (y * 0.999).tanh()  # two nodes per step plus a constant leaf
    try:
        order = lab.topological_order(y)
    except RecursionError as e:
        raise AssertionError(
            "topological_order recursed once per node and hit Python's recursion limit; use an explicit stack"
        ) from e
    assert len(order) == 7501, f"the chain has 7501 nodes (x, 2500 constants, 5000 ops), the order has {len(order)}"
    assert order[0] is x or order[0].is_leaf, "a chain's order must start with a leaf"
    assert order[-1] is y


# ---------------------------------------------------------------------------------------
# region backward
# ---------------------------------------------------------------------------------------


@pytest.mark.region("backward")
@given(_recipe())
def test_backward_random_expressions_match_torch(lab, recipe):
    """Random expression graphs built identically in Value and torch float64: values and every node's gradient agree to 1e-9."""
    leaves, steps = recipe
    _check_against_torch(lab, leaves, steps, f"leaves {leaves}, steps {steps}")


@pytest.mark.region("backward")
def test_backward_shared_subexpressions(lab):
    """A node used many times (s = x·y in five places, x also reused) collects the sum of all its contributions."""
    leaves = [0.7, -1.3]
    # s = x*y (node 2); t = s*s (3); u = tanh(s) (4); v = t + u (5); w = s*x (6); r = v + w (7); q = r*s (8)
    steps = [
        ("mul", 0, 1, 0),
        ("mul", 2, 2, 0),
        ("tanh", 2, 0, 0),
        ("add", 3, 4, 0),
        ("mul", 2, 0, 0),
        ("add", 5, 6, 0),
        ("mul", 7, 2, 0),
    ]
    _check_against_torch(lab, leaves, steps, "q = (s² + tanh(s) + s·x)·s with s = x·y", in_hypothesis=False)
    V = lab.Value
    x = V(1.5)
    f = x * x * x + x  # d/dx = 3x² + 1
    f.backward()
    assert abs(x.grad - (3 * 1.5**2 + 1)) < 1e-12, (
        f"f = x·x·x + x at x = 1.5: got df/dx = {x.grad!r}, expected 3x² + 1 = {3 * 1.5**2 + 1!r}. "
        "A node used k times must ADD k contributions (+=), not overwrite them"
    )


@pytest.mark.region("backward")
def test_backward_deep_chain(lab):
    """backward through a 5000-op chain (deeper than the recursion limit) matches torch."""
    V = lab.Value
    x, xt = V(0.3), _t(0.3, True)
    y, yt = x, xt
    for _ in range(2500):
        y, yt = (y * 1.0005).tanh() + x * 0.0, torch.tanh(yt * 1.0005) + xt * 0.0
    y.backward()
    yt.backward()
    assert abs(y.data - yt.item()) < 1e-12 and abs(x.grad - float(xt.grad)) < 1e-9 * abs(float(xt.grad)) + 1e-15, (
        f"deep chain: value {y.data!r} / torch {yt.item()!r}, d/dx {x.grad!r} / torch {float(xt.grad)!r}"
    )


def _twice_expr(leaf):
    """x, y leaves; s = x·y shared; root = tanh(s)·s + exp(s / (x² + 1))."""
    x, y = leaf(0.7), leaf(-1.3)
    s = x * y
    root = s.tanh() * s + (s / (x * x + 1.0)).exp()
    return x, y, s, root


def _torch_raises_second_time() -> bool:
    *_, root = _twice_expr(lambda v: _t(v, True))
    root.backward()
    try:
        root.backward()
    except RuntimeError:
        return True
    return False


@pytest.mark.region("backward")
def test_backward_twice_without_retain_graph_raises(lab):
    """Like torch, a second backward() on the same graph raises RuntimeError, and leaves every grad as the first pass set it."""
    assert _torch_raises_second_time(), "reference check: torch itself raises on the second backward"
    x, y, _, root = _twice_expr(lab.Value)
    root.backward()
    first = (x.grad, y.grad)
    with pytest.raises(RuntimeError):
        root.backward()
        pytest.fail(
            "root.backward() a second time without retain_graph=True did not raise RuntimeError "
            "(torch raises: the first backward freed the saved values; set _local = None on non-leaf nodes)"
        )
    assert (x.grad, y.grad) == first, (
        f"the failed second backward changed grads from {first} to {(x.grad, y.grad)}: check for freed nodes "
        "before accumulating anything"
    )


@pytest.mark.region("backward")
def test_backward_through_a_freed_shared_node_raises(lab):
    """After root.backward(), a new expression built on the freed node s = x·y raises on backward (as in torch); one built from the leaves does not."""
    xt, yt, st_, rt = _twice_expr(lambda v: _t(v, True))
    rt.backward()
    with pytest.raises(RuntimeError):
        (st_ * 3.0).backward()  # reference: torch refuses too
    (xt * yt + xt).backward()  # fresh graph from the leaves: fine, grads accumulate
    x, y, s, root = _twice_expr(lab.Value)
    root.backward()
    with pytest.raises(RuntimeError):
        (s * 3.0).backward()
        pytest.fail("backward through s = x·y, freed by an earlier backward, did not raise RuntimeError")
    (x * y + x).backward()
    for name, v, t in (("x", x, xt), ("y", y, yt)):
        assert abs(v.grad - float(t.grad)) < 1e-12, (
            f"after root.backward(), a failed (3s).backward() and (x·y + x).backward(): d/d{name} is {v.grad!r}, "
            f"torch has {float(t.grad)!r} (leaves are never freed; grads accumulate over passes)"
        )


@pytest.mark.region("backward")
def test_backward_retain_graph_accumulates_like_torch(lab):
    """backward(retain_graph=True) twice doubles every leaf grad (torch: same); a third call frees; a fourth raises."""
    xt, yt, _, rt = _twice_expr(lambda v: _t(v, True))
    x, y, s, root = _twice_expr(lab.Value)
    rt.backward(retain_graph=True)
    root.backward(retain_graph=True)
    once = (x.grad, y.grad, s.grad)
    assert abs(x.grad - float(xt.grad)) < 1e-12 and abs(y.grad - float(yt.grad)) < 1e-12, (
        f"one pass: d/dx, d/dy = {(x.grad, y.grad)}, torch {(float(xt.grad), float(yt.grad))}"
    )
    rt.backward(retain_graph=True)
    root.backward(retain_graph=True)
    for name, v, t in (("x", x, xt), ("y", y, yt)):
        assert abs(v.grad - float(t.grad)) < 1e-12, (
            f"two passes with retain_graph=True: d root/d {name} = {v.grad!r}, torch accumulates to "
            f"{float(t.grad)!r} = 2 × {once[0] if name == 'x' else once[1]!r}. Use this pass's adjoints to push "
            "gradients to the parents (not grads accumulated from earlier passes), and add into .grad"
        )
    assert abs(root.grad - 2.0) < 1e-15 and abs(s.grad - 2 * once[2]) < 1e-12, (
        f"after two passes: root.grad = {root.grad!r} (expected 2.0), s.grad = {s.grad!r} (expected {2 * once[2]!r})"
    )
    rt.backward()
    root.backward()  # third pass frees the graph
    assert abs(x.grad - float(xt.grad)) < 1e-12, f"third pass: d/dx = {x.grad!r}, torch {float(xt.grad)!r}"
    with pytest.raises(RuntimeError):
        rt.backward()
    with pytest.raises(RuntimeError):
        root.backward()
        pytest.fail("a 4th backward after a pass without retain_graph must raise RuntimeError, as torch does")


@pytest.mark.region("backward")
def test_zero_grad_and_leaf_backward(lab):
    """zero_grad resets the graph so the next pass gives single-pass grads; a lone leaf's backward can repeat (torch: grad 2)."""
    x, y, s, root = _twice_expr(lab.Value)
    root.backward(retain_graph=True)
    once = (x.grad, y.grad)
    root.backward(retain_graph=True)
    root.zero_grad()
    assert (x.grad, y.grad, s.grad, root.grad) == (0.0, 0.0, 0.0, 0.0), "zero_grad left non-zero grads"
    root.backward()
    assert abs(x.grad - once[0]) < 1e-12 and abs(y.grad - once[1]) < 1e-12, (
        f"after zero_grad one pass gives {(x.grad, y.grad)}, expected the single-pass {once}"
    )
    leaf, tleaf = lab.Value(2.0), _t(2.0, True)
    leaf.backward()
    leaf.backward()
    tleaf.backward()
    tleaf.backward()
    assert leaf.grad == float(tleaf.grad) == 2.0, (
        f"a leaf has no saved values to free: two backward() calls on it give grad {leaf.grad!r}, torch {float(tleaf.grad)!r}"
    )


# ---------------------------------------------------------------------------------------
# regions lse_forward and lse_backward (custom torch.autograd.Function)
# ---------------------------------------------------------------------------------------


@st.composite
def _lse_case(draw, magnitude=1e4):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    x = draw(hnp.arrays(np.float64, shape, elements=st.floats(-magnitude, magnitude, **finite)))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    keepdim = draw(st.booleans())
    return torch.from_numpy(x), dim, keepdim


@pytest.mark.region("lse_forward")
@given(_lse_case())
def test_lse_forward_matches_torch_logsumexp(lab, case):
    """logsumexp(x, dim, keepdim) equals torch.logsumexp for any shape, dim and keepdim, entries up to ±1e4."""
    x, dim, keepdim = case
    got = lab.logsumexp(x, dim=dim, keepdim=keepdim)
    ref = torch.logsumexp(x, dim=dim, keepdim=keepdim)
    assert tuple(got.shape) == tuple(ref.shape), (
        f"x {tuple(x.shape)}, dim={dim}, keepdim={keepdim}: got shape {tuple(got.shape)}, expected {tuple(ref.shape)}"
    )
    assert bool(torch.isfinite(got).all()), (
        f"x={x.tolist()}, dim={dim}: got {got.tolist()} (exp overflows above ~709.78: factor out the max)"
    )
    assert torch.allclose(got, ref, rtol=1e-12, atol=1e-9), (
        f"x={x.tolist()}, dim={dim}, keepdim={keepdim}: got {got.tolist()}, torch.logsumexp {ref.tolist()}"
    )


@pytest.mark.region("lse_forward")
def test_lse_forward_extremes(lab):
    """Rows [1e4, 1e4], [-1e4, -1e4], [0, -inf] give 1e4 + log 2, -1e4 + log 2 and 0 (naive: inf, -inf)."""
    x = _t([[1e4, 1e4], [-1e4, -1e4], [0.0, -math.inf]])
    got = lab.logsumexp(x, dim=1)
    expected = _t([1e4 + math.log(2), -1e4 + math.log(2), 0.0])
    assert torch.allclose(got, expected, rtol=1e-14, atol=1e-12), (
        f"logsumexp of rows {x.tolist()} = {got.tolist()}, expected {expected.tolist()} "
        "(lse(x) = m + log Σ exp(x - m) with m the max; add m back)"
    )


@pytest.mark.region("lse_backward")
@pytest.mark.parametrize(
    ("shape", "dim", "keepdim"),
    [
        ((3, 4), 1, False),
        ((4, 4), -1, False),
        ((4, 4), 0, False),
        ((2, 3, 4), 1, True),
        ((5,), 0, False),
        ((2, 3, 2), -1, True),
    ],
)
def test_lse_gradcheck(lab, shape, dim, keepdim):
    """torch.autograd.gradcheck (float64 finite differences vs your backward) passes for this shape, dim and keepdim."""
    x = torch.randn(shape, generator=torch.Generator().manual_seed(sum(shape) + dim), dtype=f64, requires_grad=True)
    ok = torch.autograd.gradcheck(lambda t: lab.logsumexp(t, dim=dim, keepdim=keepdim), (x,), raise_exception=False)
    if not ok:
        w = torch.randn(torch.logsumexp(x, dim, keepdim).shape, dtype=f64)
        (got,) = torch.autograd.grad((lab.logsumexp(x, dim=dim, keepdim=keepdim) * w).sum(), x)
        (ref,) = torch.autograd.grad((torch.logsumexp(x, dim, keepdim) * w).sum(), x)
        raise AssertionError(
            f"gradcheck failed for x {shape}, dim={dim}, keepdim={keepdim}. With a random grad_output, your grad_x[0] "
            f"is {got.reshape(-1)[:4].tolist()}..., autograd of torch.logsumexp gives {ref.reshape(-1)[:4].tolist()}... "
            "(grad_x = grad_output, broadcast back along dim, times softmax(x))"
        )


@pytest.mark.region("lse_backward")
def test_lse_backward_large_inputs_match_torch(lab):
    """For logits of size 1e4 (and a -inf entry) the gradient is finite and equals autograd of torch.logsumexp."""
    data = [[1e4, 0.0, -1e4], [5e3, 5e3, -5e3], [-1e4, -1e4 + 1, -1e4 + 2], [3.0, -math.inf, 1.0]]
    x, xr = _t(data, True), _t(data, True)
    w = _t([1.0, -2.0, 0.5, 3.0])
    (lab.logsumexp(x, dim=1) * w).sum().backward()
    (torch.logsumexp(xr, dim=1) * w).sum().backward()
    assert bool(torch.isfinite(x.grad).all()), f"gradient has nan/inf: {x.grad.tolist()}"
    assert torch.allclose(x.grad, xr.grad, rtol=1e-12, atol=1e-15), (
        f"gradient {x.grad.tolist()}, torch {xr.grad.tolist()} (row weights w = {w.tolist()})"
    )


@pytest.mark.region("lse_backward")
def test_lse_gradgradcheck(lab):
    """The backward is itself differentiable: torch.autograd.gradgradcheck passes (double backward, e.g. for a Hessian)."""
    x = torch.randn(3, 4, generator=torch.Generator().manual_seed(5), dtype=f64, requires_grad=True)
    ok = torch.autograd.gradgradcheck(lambda t: lab.logsumexp(t, dim=1), (x,), raise_exception=False)
    assert ok, (
        "gradgradcheck failed: compute grad_x from ctx.saved_tensors with torch ops only (no .detach(), no NumPy, "
        "no torch.no_grad()) so autograd can differentiate your backward"
    )


@pytest.mark.region("lse_backward")
def test_lse_in_place_change_is_never_silently_wrong(lab):
    """After an in-place edit of the input, backward raises (the version counter) or still returns the gradient at the original input."""
    base = torch.randn(3, 4, generator=torch.Generator().manual_seed(6), dtype=f64, requires_grad=True)
    x = base * 1.0  # a non-leaf we may modify in place
    out = lab.logsumexp(x, dim=1)
    x.mul_(3.0)  # the forward input changes after the fact
    try:
        out.sum().backward()
    except RuntimeError:
        return  # what save_for_backward gives: "modified by an inplace operation"
    expected = torch.softmax(base.detach(), dim=1)
    assert torch.allclose(base.grad, expected, rtol=1e-12, atol=1e-15), (
        f"x was multiplied by 3 in place after logsumexp(x); backward silently returned {base.grad[0].tolist()}... "
        f"instead of softmax of the ORIGINAL x {expected[0].tolist()}... Tensors stored as ctx attributes escape "
        "torch's version check: save them with ctx.save_for_backward"
    )
