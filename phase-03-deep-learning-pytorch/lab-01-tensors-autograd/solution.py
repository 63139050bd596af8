"""Lab 3.1 - Tensors and autograd: broadcasting, indexing, and reverse-mode AD from scratch.

Regions, in the order the README and the tests take them:

    pairwise      pairwise_sq_dists          all N×M squared distances by broadcasting, no loops
    margins       class_margins              gather the true-class score, mask it, max of the rest
    unbroadcast   unbroadcast                sum a gradient back down to an input's shape
    ops           local_op                   forward value and local derivatives of 11 scalar ops
    topo          topological_order          every node of a graph once, inputs before outputs
    backward      Value.backward             reverse-mode accumulation, freeing, retain_graph
    lse_forward   LogSumExp.forward          a custom torch.autograd.Function: stable forward ...
    lse_backward  LogSumExp.backward         ... and its hand-written vector-Jacobian product

The `Value` class (a scalar node of a computation graph) is given apart from `backward`:
its operators call your `local_op` to get the value and the local derivatives, and keep
them as the node's "saved values" until backward frees them, as PyTorch does.

Run ``python solution.py`` (or ``python lab.py``) for a demo.
"""

from __future__ import annotations

import math

import torch

# ---------------------------------------------------------------------------------------
# 1. Tensor warm-ups: broadcasting and advanced indexing
# ---------------------------------------------------------------------------------------


def pairwise_sq_dists(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """All squared Euclidean distances between the rows of ``x`` (N, D) and ``y`` (M, D).

        D[i, j] = |x_i - y_j|² = |x_i|² + |y_j|² - 2 x_i·y_j

    The expanded form needs one (N, D) @ (D, M) product and O(N·M) memory, where the direct
    broadcast ``(x[:, None, :] - y[None, :, :])`` materialises an (N, M, D) tensor. It
    suffers cancellation when x_i ≈ y_j (the result can come out at -1e-16), hence the
    clamp at 0. Returns (N, M) in x's dtype.
    """
    # BEGIN REGION pairwise: Return the (N, M) tensor of squared distances |x_i - y_j|² between rows of x (N, D) and y (M, D).
    # | Broadcasting only (no Python loops); keep x's dtype; every entry must be >= 0, even
    # | where rounding would make a distance come out slightly negative. N or M may be 0.
    x_sq = (x * x).sum(dim=1, keepdim=True)  # (N, 1): a column
    y_sq = (y * y).sum(dim=1)  # (M,): broadcasts as a row (1, M)
    d = x_sq + y_sq - 2.0 * (x @ y.T)  # (N, 1) + (M,) - (N, D) @ (D, M) -> (N, M)
    return d.clamp_min(0.0)  # rounding can give -1e-16 where x_i == y_j
    # END REGION pairwise


def class_margins(scores: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Per-row margin of the true class over the best other class.

        margin_i = s[i, y_i] - max_{j ≠ y_i} s[i, j]

    Positive means row i is classified correctly with that much room (a multiclass SVM
    wants margin_i >= 1). scores: (N, C) float with C >= 2, labels: (N,) int64 in [0, C).
    Returns (N,). Built from differentiable torch ops, so autograd flows back to ``scores``:
    +1 at the true class and -1 at the runner-up of every row.
    """
    # BEGIN REGION margins: Return the (N,) tensor s[i, y_i] - max over j != y_i of s[i, j], from scores (N, C) and labels (N,).
    # | No Python loops, torch ops only (autograd must flow back to scores). Scores may be
    # | negative; N may be 0.
    idx = labels.unsqueeze(1)  # (N, 1) int64: the shape gather and scatter want
    true = scores.gather(1, idx).squeeze(1)  # (N, 1) -> (N,): s[i, y_i]
    is_true = torch.zeros_like(scores, dtype=torch.bool).scatter_(1, idx, True)  # (N, C) one-hot mask
    best_other = scores.masked_fill(is_true, float("-inf")).amax(dim=1)  # -inf never wins a max; 0 would
    return true - best_other
    # END REGION margins


def unbroadcast(grad: torch.Tensor, shape: tuple[int, ...] | torch.Size) -> torch.Tensor:
    """Reduce the gradient of a broadcast result back to the shape of one operand.

    If ``a`` of shape ``shape`` was broadcast to ``grad.shape`` in a forward op, every copy
    of an element contributed to the output, so the chain rule SUMS their gradients:
    sum over the leading dimensions broadcasting prepended, and (keeping the dimension)
    over every dimension where ``shape`` has 1 and ``grad`` has more.
    Example: grad (2, 3, 4) -> shape (3, 1) sums dim 0 (prepended), then dim 2 (keepdim).
    """
    # BEGIN REGION unbroadcast: Sum grad (the gradient of a broadcast result) down to `shape`, the shape of the operand before broadcasting.
    # | `shape` broadcasts to grad.shape (NumPy/torch rules). Return a tensor of exactly `shape`
    # | (a tuple or torch.Size; () for a 0-d operand). When the shapes are already equal, return
    # | grad's values unchanged.
    shape = tuple(shape)
    lead = grad.dim() - len(shape)  # dimensions broadcasting prepended on the left
    if lead > 0:  # guard: sum(dim=()) would reduce EVERY dimension
        grad = grad.sum(dim=tuple(range(lead)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(dim=stretched, keepdim=True)  # size-1 dims that were stretched
    return grad.reshape(shape)
    # END REGION unbroadcast


# ---------------------------------------------------------------------------------------
# 2. A scalar reverse-mode autograd engine
# ---------------------------------------------------------------------------------------

BINARY_OPS = ("add", "sub", "mul", "div")
UNARY_OPS = ("neg", "pow", "exp", "log", "tanh", "relu", "sigmoid")


def local_op(op: str, a: float, b: float | None = None) -> tuple[float, tuple[float, ...]]:
    """Forward value of one scalar op and its local partial derivatives.

    Binary ops (``a`` and ``b`` both graph inputs) return ``(out, (∂out/∂a, ∂out/∂b))``:

        add  a + b    (1, 1)            mul  a·b    (b, a)
        sub  a - b    (1, -1)           div  a / b  (1/b, -a/b²)

    Unary ops return ``(out, (∂out/∂a,))``; for ``pow`` the exponent ``b`` is a plain
    number (a constant, not a graph input):

        neg   -a          -1            tanh     t = tanh a            1 - t²
        pow   a^b         b·a^(b-1)     relu     max(a, 0)             1 if a > 0 else 0
        exp   e^a         e^a           sigmoid  s = 1 / (1 + e^-a)    s·(1 - s)
        log   ln a        1/a

    Derivatives are written in terms of the OUTPUT where that is cheaper (exp, tanh,
    sigmoid): the forward value is reused, like the saved tensors of torch's backward nodes.
    """
    # BEGIN REGION ops: Return (value, local derivatives) for op in add, sub, mul, div (partials wrt a and b) or neg, pow, exp, log, tanh, relu, sigmoid (partial wrt a).
    # | Plain Python floats (the math module). pow: b is a numeric exponent, return b*a**(b-1)
    # | (0 when b == 0). relu: derivative 1 if a > 0 else 0 (torch's choice at 0). sigmoid
    # | must work for any finite a, e.g. ±1000, without OverflowError. Unknown op: ValueError.
    if op == "add":
        return a + b, (1.0, 1.0)
    if op == "sub":
        return a - b, (1.0, -1.0)
    if op == "mul":
        return a * b, (b, a)
    if op == "div":
        return a / b, (1.0 / b, -a / (b * b))
    if op == "neg":
        return -a, (-1.0,)
    if op == "pow":
        return a**b, ((b * a ** (b - 1)) if b != 0 else 0.0,)  # 0.0 ** -1 would raise for b == 0
    if op == "exp":
        e = math.exp(a)
        return e, (e,)  # d/da e^a = e^a: reuse the output
    if op == "log":
        return math.log(a), (1.0 / a,)
    if op == "tanh":
        t = math.tanh(a)
        return t, (1.0 - t * t,)  # from tanh = (e^a - e^-a)/(e^a + e^-a) and the quotient rule
    if op == "relu":
        return (a, (1.0,)) if a > 0 else (0.0, (0.0,))
    if op == "sigmoid":
        if a >= 0:
            s = 1.0 / (1.0 + math.exp(-a))  # exp(-a) <= 1: no overflow
        else:
            e = math.exp(a)  # a < 0: exp(a) < 1, and e/(1+e) is the same function
            s = e / (1.0 + e)
        return s, (s * (1.0 - s),)
    raise ValueError(f"unknown op {op!r}; expected one of {BINARY_OPS + UNARY_OPS}")
    # END REGION ops


def topological_order(root: Value) -> list[Value]:
    """Every node reachable from ``root`` through ``parents``, each once, parents before children.

    Iterative depth-first post-order: a node is emitted only after all of its parents have
    been. ``root`` is last. Iterative because graphs are deeper than Python's recursion
    limit (an RNN unrolled over 1000 steps, or a 5000-op chain in the tests).
    """
    # BEGIN REGION topo: Return a list of every node reachable from root via .parents, each exactly once, every node after all of its parents, root last.
    # | Nodes are compared by identity. Must handle shared nodes (a diamond, x * x) and chains
    # | deeper than Python's recursion limit (5000 nodes): no recursion.
    order: list[Value] = []
    visited: set[int] = set()  # ids of nodes already expanded
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:  # second visit: all parents have been emitted
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))  # emitted after everything pushed above it
        stack.extend((p, False) for p in node.parents if id(p) not in visited)
    return order
    # END REGION topo


class Value:
    """A scalar node of a computation graph (given, apart from ``backward``).

    * ``data``: the forward value (a float); ``grad``: d(root)/d(this node), accumulated over
      every ``backward`` call since the last ``zero_grad`` (0.0 until then).
    * ``parents``: the nodes this one was computed from, in argument order (``()`` for a leaf;
      ``x * x`` has parents ``(x, x)``).
    * ``_local``: the node's saved values, the local derivatives ∂self/∂parent[k] that
      ``local_op`` returned at forward time. ``()`` for a leaf; ``None`` once a backward pass
      without ``retain_graph`` has freed them.

    Python numbers mix in freely (``2 * x``, ``1 - x``, ``x / 3``): they become constant leaves.
    """

    __slots__ = ("_local", "_op", "_parents", "data", "grad", "label")

    def __init__(self, data: float, label: str = "") -> None:
        self.data = float(data)
        self.grad = 0.0
        self._parents: tuple[Value, ...] = ()
        self._local: tuple[float, ...] | None = ()
        self._op = ""
        self.label = label

    # -- graph structure ----------------------------------------------------------------
    @property
    def parents(self) -> tuple[Value, ...]:
        return self._parents

    @property
    def op(self) -> str:
        return self._op

    @property
    def is_leaf(self) -> bool:
        return not self._parents

    def __repr__(self) -> str:
        kind = "leaf" if self.is_leaf else self._op
        return f"Value({self.data:.6g}, grad={self.grad:.6g}, {kind}{', ' + self.label if self.label else ''})"

    @staticmethod
    def _node(op: str, parents: tuple[Value, ...], result: tuple[float, tuple[float, ...]]) -> Value:
        out, local = result
        if len(local) != len(parents):
            raise ValueError(f"local_op({op!r}) returned {len(local)} local derivative(s) for {len(parents)} input(s)")
        node = Value(out)
        node._parents, node._local, node._op = parents, tuple(float(d) for d in local), op
        return node

    # -- operators (each one: forward value + local derivatives from local_op) -------------
    def _binary(self, op: str, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        return Value._node(op, (self, other), local_op(op, self.data, other.data))

    def _unary(self, op: str, exponent: float | None = None) -> Value:
        return Value._node(op, (self,), local_op(op, self.data, exponent))

    def __add__(self, other: Value | float) -> Value:
        return self._binary("add", other)

    def __radd__(self, other: float) -> Value:
        return Value(other)._binary("add", self)

    def __sub__(self, other: Value | float) -> Value:
        return self._binary("sub", other)

    def __rsub__(self, other: float) -> Value:
        return Value(other)._binary("sub", self)

    def __mul__(self, other: Value | float) -> Value:
        return self._binary("mul", other)

    def __rmul__(self, other: float) -> Value:
        return Value(other)._binary("mul", self)

    def __truediv__(self, other: Value | float) -> Value:
        return self._binary("div", other)

    def __rtruediv__(self, other: float) -> Value:
        return Value(other)._binary("div", self)

    def __neg__(self) -> Value:
        return self._unary("neg")

    def __pow__(self, exponent: float) -> Value:
        if isinstance(exponent, Value):
            raise TypeError("Value ** Value is not supported: the exponent must be a plain number")
        return self._unary("pow", float(exponent))

    def exp(self) -> Value:
        return self._unary("exp")

    def log(self) -> Value:
        return self._unary("log")

    def tanh(self) -> Value:
        return self._unary("tanh")

    def relu(self) -> Value:
        return self._unary("relu")

    def sigmoid(self) -> Value:
        return self._unary("sigmoid")

    # -- reverse mode ---------------------------------------------------------------------
    def zero_grad(self) -> None:
        """Set ``grad`` to 0 on every node of the graph that ends here (like ``optimizer.zero_grad``)."""
        for node in topological_order(self):
            node.grad = 0.0

    def backward(self, retain_graph: bool = False) -> None:
        """Reverse-mode AD from this node: add d(self)/d(node) to ``node.grad`` for every node.

            adjoint(self) = 1
            adjoint(p)    = Σ over children c of p, over each use of p by c:  ∂c/∂p · adjoint(c)

        Visiting nodes in reverse topological order guarantees a node's adjoint is complete
        (every child has already pushed its contribution) before it is pushed to its
        parents. Adjoints are per pass; ``grad`` accumulates across passes (like torch).
        Without ``retain_graph`` the saved local derivatives of every non-leaf node are
        freed afterwards, and a later backward through any freed node raises RuntimeError
        before touching any grad (torch: "Trying to backward through the graph a second time").
        """
        # BEGIN REGION backward: Add d(self)/d(node) to node.grad for every node of the graph (self's own grad grows by 1).
        # | Use topological_order and each node's parents and _local. A node used several times
        # | (or twice by one op, like x * x) sums all its contributions. Each call adds one pass's
        # | gradient: calling it twice with retain_graph=True doubles every grad. Unless
        # | retain_graph, free the graph afterwards (set _local = None on every non-leaf node).
        # | If any node of the graph is already freed, raise RuntimeError and change no grad.
        order = topological_order(self)  # inputs first, self last
        if any(node._local is None for node in order):  # check everything BEFORE touching grads
            raise RuntimeError(
                "Trying to backward through the graph a second time: a previous backward() freed its saved "
                "values. Call backward(retain_graph=True) the first time if you need to do this."
            )
        adjoint = dict.fromkeys(order, 0.0)  # this pass's d(self)/d(node), keyed by identity
        adjoint[self] = 1.0
        for node in reversed(order):  # every child of `node` comes later in `order`: already done
            g = adjoint[node]
            node.grad += g  # accumulate across passes, as torch does for .grad
            for parent, local in zip(node._parents, node._local):
                adjoint[parent] += local * g  # +=: a shared node collects from every use
        if not retain_graph:
            for node in order:
                if node._parents:  # leaves keep () and can always be backpropagated into
                    node._local = None
        # END REGION backward


# ---------------------------------------------------------------------------------------
# 3. A custom torch.autograd.Function
# ---------------------------------------------------------------------------------------


class LogSumExp(torch.autograd.Function):
    """lse(x) = log Σ_i exp(x_i) along ``dim``, with a hand-written backward.

        forward:   m = max_i x_i,   lse = m + log Σ_i exp(x_i - m)       (no overflow)
        backward:  ∂lse/∂x_i = exp(x_i - lse) = softmax(x)_i,
                   grad_x = grad_out (broadcast along dim) · softmax(x)

    It saves its input and its output with ``ctx.save_for_backward`` so that (a) an in-place
    change of either before backward is detected by the version counter, and (b) the
    backward, written with differentiable torch ops, can itself be differentiated
    (double backward: ``gradgradcheck``).
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor, dim: int = -1, keepdim: bool = False) -> torch.Tensor:
        # BEGIN REGION lse_forward: Return log(sum(exp(x))) along dim (keepdim as in torch.logsumexp) without overflow, and save what backward needs.
        # | Finite for entries of magnitude 1e4 (exp overflows above ~709.78); -inf entries contribute
        # | nothing. Save tensors with ctx.save_for_backward (never as ctx attributes), and save the
        # | input and the output rather than intermediates (they carry no graph for double
        # | backward). Plain Python values like dim and keepdim may be stored on ctx.
        m = x.amax(dim=dim, keepdim=True)  # keepdim: broadcasts back against x
        m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))  # an all -inf slice: avoid -inf - -inf
        out = m + torch.log(torch.sum(torch.exp(x - m), dim=dim, keepdim=True))  # sum in [1, n]
        if not keepdim:
            out = out.squeeze(dim)
        ctx.save_for_backward(x, out)  # the output itself: the version counter guards it too
        ctx.dim, ctx.keepdim = dim, keepdim
        return out
        # END REGION lse_forward

    @staticmethod
    def backward(ctx, grad_out: torch.Tensor) -> tuple[torch.Tensor | None, None, None]:
        # BEGIN REGION lse_backward: Return (grad_x, None, None): grad_x = grad_out * softmax(x) along dim, with x's shape.
        # | One return value per forward input (None for dim and keepdim). Differentiable torch ops
        # | only (no .detach(), no NumPy): gradgradcheck differentiates this function. When
        # | keepdim is False, grad_out lacks the reduced dim: put it back before broadcasting.
        x, out = ctx.saved_tensors
        if not ctx.keepdim:
            grad_out = grad_out.unsqueeze(ctx.dim)  # (..., 1, ...): broadcast along the reduced dim
            out = out.unsqueeze(ctx.dim)
        return grad_out * torch.exp(x - out), None, None  # exp(x - lse) = softmax(x), in [0, 1]
        # END REGION lse_backward


def logsumexp(x: torch.Tensor, dim: int = -1, keepdim: bool = False) -> torch.Tensor:
    """``torch.logsumexp`` through the custom Function above (apply, not forward, builds the graph)."""
    return LogSumExp.apply(x, dim, keepdim)


# ---------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------


def _demo() -> None:
    torch.manual_seed(0)
    print("1. Broadcasting and indexing")
    x, y = torch.randn(500, 64, dtype=torch.float64), torch.randn(300, 64, dtype=torch.float64)
    d = pairwise_sq_dists(x, y)
    ref = torch.cdist(x, y, compute_mode="donot_use_mm_for_euclid_dist") ** 2
    print(
        f"   pairwise (500, 300): max |ours - cdist²| = {(d - ref).abs().max():.2e}; "
        f"the (N, M, D) broadcast would hold {500 * 300 * 64 * 8 / 2**20:.0f} MiB, ours {500 * 300 * 8 / 2**20:.1f} MiB"
    )
    scores = torch.tensor([[2.0, 0.5, -1.0], [-3.0, -1.0, -2.0]], requires_grad=True)
    m = class_margins(scores, torch.tensor([0, 2]))
    m.sum().backward()
    print(f"   margins {m.detach().tolist()}  (row 1 is misclassified by 1.0); d sum / d scores =\n{scores.grad}")
    a = torch.randn(4, 1, 3, dtype=torch.float64, requires_grad=True)
    bias = torch.randn(3, dtype=torch.float64, requires_grad=True)
    out = a * 2 + bias  # (4, 1, 3) + (3,) -> (4, 1, 3): bias is reused 4 times
    w = torch.randn_like(out)
    (out * w).sum().backward()
    print(f"   unbroadcast(w, bias.shape) == bias.grad: {torch.allclose(unbroadcast(w, bias.shape), bias.grad)}")

    print("\n2. The scalar engine against torch on f = tanh(x·w + b)² + log(1 + e^x)/w")
    xv, wv, bv = Value(0.8, "x"), Value(-1.3, "w"), Value(0.4, "b")
    f = (xv * wv + bv).tanh() ** 2 + (1 + xv.exp()).log() / wv
    xt, wt, bt = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (0.8, -1.3, 0.4))
    ft = torch.tanh(xt * wt + bt) ** 2 + torch.log(1 + torch.exp(xt)) / wt
    f.backward(retain_graph=True)
    ft.backward(retain_graph=True)
    print(
        f"   value  ours {f.data:.12f}  torch {ft.item():.12f}  (isclose: {math.isclose(f.data, ft.item(), rel_tol=1e-12)})"
    )
    for v, t in ((xv, xt), (wv, wt), (bv, bt)):
        print(f"   d f/d {v.label}  ours {v.grad:+.12f}  torch {t.grad.item():+.12f}")
    f.backward()  # a second pass through the retained graph: grads double, then the graph is freed
    print(f"   after a second backward() pass: d f/d x = {xv.grad:+.6f} (twice the first)")
    try:
        f.backward()
    except RuntimeError as e:
        print(f"   third backward on the freed graph: RuntimeError: {str(e)[:60]}...")

    print("\n3. A custom autograd.Function: LogSumExp")
    x = torch.randn(3, 5, dtype=torch.float64, requires_grad=True)
    ok1 = torch.autograd.gradcheck(lambda t: logsumexp(t, dim=1), (x,))
    ok2 = torch.autograd.gradgradcheck(lambda t: logsumexp(t, dim=1), (x,))
    print(f"   gradcheck {ok1}, gradgradcheck {ok2}")
    big = torch.tensor([[1e4, 0.0, -1e4]], dtype=torch.float64, requires_grad=True)
    naive = torch.log(torch.exp(big.detach()).sum(dim=1))
    ours = logsumexp(big, dim=1)
    ours.sum().backward()
    print(f"   logits [1e4, 0, -1e4]: naive {naive.item()}, ours {ours.item()}, gradient {big.grad.tolist()}")


if __name__ == "__main__":
    _demo()
