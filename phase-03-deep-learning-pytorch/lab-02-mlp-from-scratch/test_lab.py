"""Grader for lab 3.2 (an MLP from scratch to nn.Module).

References are independent of the code under test: torch autograd (float64) for every
gradient, torch.nn.functional.cross_entropy for the loss, torch.optim.SGD for the optimiser
trajectory, float64 central differences (cvlab.testing.numerical_gradient) for gradient checks, and exact
constructed cases (zeros at the ReLU kink, logits of size 1e4, counted batches).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from torch import nn

from cvlab import data
from cvlab.testing import numerical_gradient

finite = {"allow_nan": False, "allow_infinity": False}

# ---------------------------------------------------------------------------------------
# the grader's own tools (nothing here comes from the lab)
# ---------------------------------------------------------------------------------------


def _rel_error(a, b, floor: float = 1e-8) -> float:
    """CS231n-style element-wise relative error, reduced with the max."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor))) if a.size else 0.0


def _close(got, ref, tol=1e-10) -> float:
    """max|got - ref| / max(max|ref|, 1e-300): one number per array."""
    got, ref = np.asarray(got, dtype=np.float64), np.asarray(ref, dtype=np.float64)
    return float(np.max(np.abs(got - ref)) / max(float(np.max(np.abs(ref))), 1e-300)) if ref.size else 0.0


def _t(a) -> torch.Tensor:
    return torch.tensor(np.asarray(a), dtype=torch.float64, requires_grad=True)


def _autograd_mlp(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray | None, reg: float):
    """The reference MLP in float64 torch: scores, or (loss, grads) by autograd."""
    t = {k: _t(v) for k, v in params.items()}
    x = torch.from_numpy(np.asarray(X, dtype=np.float64).reshape(len(X), -1))
    scores = torch.relu(x @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
    if y is None:
        return scores.detach().numpy()
    loss = F.cross_entropy(scores, torch.from_numpy(np.asarray(y))) + reg * (t["W1"].square().sum() + t["W2"].square().sum())
    loss.backward()
    return float(loss.detach()), {k: v.grad.numpy() for k, v in t.items()}


class _AutogradModel:
    """Anything with .params and .loss(X, y, reg) works with sgd_train: this one is autograd's."""

    def __init__(self, params: dict[str, np.ndarray]):
        self.params = {k: v.copy() for k, v in params.items()}

    def loss(self, X, y=None, reg=0.0):
        return _autograd_mlp(self.params, X, y, reg)


def _random_params(D, H, C, seed) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.standard_normal((D, H)) * np.sqrt(2 / D),
        "b1": rng.standard_normal(H) * 0.5,
        "W2": rng.standard_normal((H, C)) * np.sqrt(2 / H),
        "b2": rng.standard_normal(C) * 0.5,
    }


class _RefTorchMLP(nn.Module):
    """The grader's own fc1 -> ReLU -> fc2 module (so torch_train is graded on its own)."""

    def __init__(self, params: dict[str, np.ndarray]):
        super().__init__()
        D, H = params["W1"].shape
        C = params["W2"].shape[1]
        self.fc1, self.fc2 = nn.Linear(D, H).double(), nn.Linear(H, C).double()
        with torch.no_grad():
            self.fc1.weight.copy_(torch.from_numpy(params["W1"].T))
            self.fc1.bias.copy_(torch.from_numpy(params["b1"]))
            self.fc2.weight.copy_(torch.from_numpy(params["W2"].T))
            self.fc2.bias.copy_(torch.from_numpy(params["b2"]))

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x.flatten(1))))


def _reference_sgd(params, X, y, steps, lr, momentum, reg, decay_each_step):
    """torch.optim.SGD(momentum) on full batches: final params and per-step losses."""
    t = {k: _t(v) for k, v in params.items()}
    opt = torch.optim.SGD(list(t.values()), lr=lr, momentum=momentum)
    x = torch.from_numpy(X.reshape(len(X), -1))
    losses = []
    for _ in range(steps):
        scores = torch.relu(x @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
        loss = F.cross_entropy(scores, torch.from_numpy(y)) + reg * (t["W1"].square().sum() + t["W2"].square().sum())
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
        for g in opt.param_groups:
            g["lr"] *= decay_each_step
    return {k: v.detach().numpy() for k, v in t.items()}, np.array(losses)


@pytest.fixture(scope="module")
def digits():
    """A fixed random 2,000 / 1,000 train / held-out split of the 10k MNIST digits, standardised."""
    images, labels = data.mnist_10k()
    perm = np.random.default_rng(0).permutation(len(labels))  # the files are sorted by digit
    X = images.reshape(len(images), -1).astype(np.float64) / 255.0
    tr, te = perm[:2000], perm[2000:3000]
    mean, std = X[tr].mean(), X[tr].std()
    X = (X - mean) / std
    return X[tr], labels[tr], X[te], labels[te]


# ---------------------------------------------------------------------------------------
# region affine_backward
# ---------------------------------------------------------------------------------------


def _affine_reference(x, W, b, dout):
    xt, Wt, bt = _t(x), _t(W), _t(b)
    out = xt.flatten(1) @ Wt + bt
    out.backward(torch.from_numpy(dout))
    return xt.grad.numpy(), Wt.grad.numpy(), bt.grad.numpy()


def _check_affine(lab, x, W, b, dout, what):
    _, cache = lab.affine_forward(x, W, b)
    dx, dW, db = (np.asarray(g) for g in lab.affine_backward(dout, cache))
    rx, rW, rb = _affine_reference(x, W, b, dout)
    for name, got, ref in (("dx", dx, rx), ("dW", dW, rW), ("db", db, rb)):
        assert got.shape == ref.shape, (
            f"{what}: {name} has shape {got.shape}, expected {ref.shape} (x {x.shape}, W {W.shape}, b {b.shape}); "
            "dx must have x's ORIGINAL shape, dW W's shape, db b's shape"
        )
        err = _close(got, ref)
        assert err < 1e-12, (
            f"{what}: {name} differs from torch autograd by {err:.1e} (relative); got {got.ravel()[:4].tolist()}..., "
            f"autograd {ref.ravel()[:4].tolist()}..."
        )


@pytest.mark.region("affine_backward")
def test_affine_backward_matches_autograd_on_4d_input(lab):
    """dx, dW, db equal torch autograd for x of shape (4, 2, 3, 5) flattened to D = 30, M = 6."""
    rng = np.random.default_rng(0)
    x, W, b = rng.standard_normal((4, 2, 3, 5)), rng.standard_normal((30, 6)), rng.standard_normal(6)
    dout = rng.standard_normal((4, 6))
    _check_affine(lab, x, W, b, dout, "x (4, 2, 3, 5), W (30, 6)")


@pytest.mark.region("affine_backward")
def test_affine_backward_square_shapes(lab):
    """With N = D = M = 5 every wrong transpose or reduction axis still has the right shape: values must match autograd."""
    rng = np.random.default_rng(1)
    x, W, b, dout = rng.standard_normal((5, 5)), rng.standard_normal((5, 5)), rng.standard_normal(5), rng.standard_normal((5, 5))
    _check_affine(lab, x, W, b, dout, "square x (5, 5), W (5, 5), dout (5, 5)")


@st.composite
def _affine_case(draw):
    n = draw(st.integers(1, 4))
    extra = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    m = draw(st.integers(1, 4))
    d = int(np.prod(extra))
    el = st.floats(-3, 3, **finite)
    x = draw(hnp.arrays(np.float64, (n, *extra), elements=el))
    W = draw(hnp.arrays(np.float64, (d, m), elements=el))
    b = draw(hnp.arrays(np.float64, (m,), elements=el))
    dout = draw(hnp.arrays(np.float64, (n, m), elements=el))
    return x, W, b, dout


@pytest.mark.region("affine_backward")
@given(_affine_case())
def test_affine_backward_any_shape(lab, case):
    """For any batch size, input shape and output width (including 1), the gradients equal autograd's."""
    x, W, b, dout = case
    _check_affine(lab, x, W, b, dout, f"x {x.shape}, W {W.shape}")


@pytest.mark.region("affine_backward")
def test_affine_backward_gradient_check(lab):
    """Central differences of L = sum(out * dout) w.r.t. x, W and b agree with affine_backward (rel error < 1e-8)."""
    rng = np.random.default_rng(2)
    x, W, b = rng.standard_normal((3, 4, 2)), rng.standard_normal((8, 5)), rng.standard_normal(5)
    dout = rng.standard_normal((3, 5))
    _, cache = lab.affine_forward(x, W, b)
    grads = [np.asarray(g) for g in lab.affine_backward(dout, cache)]

    def f():
        return float(np.sum(lab.affine_forward(x, W, b)[0] * dout))

    for name, arr, got in zip(("dx", "dW", "db"), (x, W, b), grads):
        num = numerical_gradient(f, arr)
        assert got.shape == num.shape, f"{name} has shape {got.shape}, expected {num.shape}"
        rel = _rel_error(got, num)
        assert rel < 1e-8, f"{name}: relative error {rel:.1e} against central differences (a linear function: expect ~1e-10)"


# ---------------------------------------------------------------------------------------
# region relu_backward
# ---------------------------------------------------------------------------------------


@pytest.mark.region("relu_backward")
def test_relu_backward_matches_autograd_with_zeros_and_negative_gradients(lab):
    """dx equals torch.relu's autograd gradient, including inputs exactly 0 (gradient 0) and negative upstream gradients."""
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0], [0.0, 3.0, -1e-12, 1e-12, -4.0]])
    dout = np.array([[1.0, -2.0, 3.0, -4.0, 5.0], [-6.0, -7.0, 8.0, 9.0, -10.0]])
    _, cache = lab.relu_forward(x)
    got = np.asarray(lab.relu_backward(dout.copy(), cache))
    xt = _t(x)
    torch.relu(xt).backward(torch.from_numpy(dout))
    ref = xt.grad.numpy()
    assert got.shape == x.shape, f"relu_backward returned shape {got.shape}, expected {x.shape}"
    assert np.array_equal(got, ref), (
        f"relu_backward(dout={dout.tolist()}, x={x.tolist()}) = {got.tolist()}, autograd {ref.tolist()}. "
        "The gate is the INPUT's sign (x > 0), applied to dout as it is, negative values included"
    )


@pytest.mark.region("relu_backward")
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5),
                  elements=st.floats(-5, 5, **finite)),
       st.integers(0, 2**31 - 1))
def test_relu_backward_properties(lab, x, seed):
    """Any shape (empty too): dx = dout where x > 0, 0 where x <= 0, and dout is not modified in place."""
    dout = np.random.default_rng(seed).standard_normal(x.shape)
    keep = dout.copy()
    _, cache = lab.relu_forward(x)
    got = np.asarray(lab.relu_backward(dout, cache))
    assert got.shape == x.shape, f"relu_backward on shape {x.shape} returned shape {got.shape}"
    assert np.array_equal(dout, keep), "relu_backward modified dout in place; return a new array"
    expected = np.where(x > 0, keep, 0.0)
    assert np.array_equal(got, expected), f"x={x.tolist()}, dout={keep.tolist()}: got {got.tolist()}, expected {expected.tolist()}"


# ---------------------------------------------------------------------------------------
# region softmax_ce
# ---------------------------------------------------------------------------------------


def _check_ce(lab, scores, y, what):
    with np.errstate(all="ignore"):
        loss, grad = lab.softmax_cross_entropy(scores, y)
    st_ = _t(scores)
    ref_t = F.cross_entropy(st_, torch.from_numpy(y))
    ref_t.backward()
    ref = float(ref_t.detach())
    grad = np.asarray(grad)
    assert np.isfinite(loss), (
        f"{what}: loss is {loss}. exp overflows above ~709: subtract each row's max before exponentiating"
    )
    assert abs(loss - ref) <= 1e-10 * max(1.0, abs(ref)), (
        f"{what}: loss = {loss!r}, torch F.cross_entropy (mean over rows) = {ref!r}"
    )
    assert grad.shape == scores.shape, f"{what}: gradient shape {grad.shape}, expected {scores.shape}"
    assert np.all(np.isfinite(grad)), f"{what}: the gradient has nan/inf entries"
    err = _close(grad, st_.grad.numpy())
    assert err < 1e-10, (
        f"{what}: dscores differs from autograd by {err:.1e} (relative); row 0 got {grad[0].tolist()}, "
        f"autograd {st_.grad.numpy()[0].tolist()} (the mean over N rows puts a 1/N in every row)"
    )


@pytest.mark.region("softmax_ce")
def test_softmax_ce_matches_torch(lab):
    """Loss equals F.cross_entropy and dscores equals autograd on a random (8, 10) batch."""
    rng = np.random.default_rng(3)
    _check_ce(lab, 2 * rng.standard_normal((8, 10)), rng.integers(0, 10, 8), "random (8, 10) scores")


@pytest.mark.region("softmax_ce")
def test_softmax_ce_large_logits(lab):
    """Scores of magnitude 1e3-1e4 (naive exp gives inf/inf = nan) still give torch's loss and gradient."""
    scores = np.array([[1e4, 0.0, -1e4], [1000.0, 1001.0, 999.0], [-1e4, 1e4, 5e3], [800.0, 800.0, 800.0]])
    y = np.array([2, 0, 1, 1])
    _check_ce(lab, scores, y, f"scores {scores.tolist()}, labels {y.tolist()}")


@st.composite
def _ce_batch(draw):
    n, c = draw(st.integers(1, 6)), draw(st.integers(2, 6))
    s = draw(hnp.arrays(np.float64, (n, c), elements=st.floats(-30, 30, **finite)))
    y = np.asarray(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), dtype=np.int64)
    return s, y, draw(st.floats(-500, 500, **finite))


@pytest.mark.region("softmax_ce")
@given(_ce_batch())
def test_softmax_ce_properties(lab, batch):
    """Loss >= 0, gradient rows sum to 0 with entries in [-1/N, 1/N], and adding a constant to every score changes nothing."""
    s, y, shift = batch
    loss, grad = lab.softmax_cross_entropy(s, y)
    grad = np.asarray(grad)
    n = s.shape[0]
    assert loss >= -1e-12, f"loss {loss} < 0 for scores {s.tolist()}"
    assert np.allclose(grad.sum(axis=1), 0.0, atol=1e-12), f"gradient rows sum to {grad.sum(axis=1).tolist()}, expected 0"
    assert np.all(np.abs(grad) <= 1.0 / n + 1e-12), f"gradient entries must lie in ±1/N = ±{1 / n:.3g}: {grad.tolist()}"
    loss2, grad2 = lab.softmax_cross_entropy(s + shift, y)
    assert abs(loss2 - loss) <= 1e-9 * max(1.0, loss), f"loss changed from {loss} to {loss2} when every score moved by {shift}"
    assert np.allclose(grad2, grad, atol=1e-10), f"gradient changed when every score moved by {shift}"


@pytest.mark.region("softmax_ce")
def test_softmax_ce_gradient_check(lab):
    """Float64 central differences of the loss w.r.t. the scores agree with dscores (rel error < 1e-7)."""
    rng = np.random.default_rng(4)
    s, y = rng.standard_normal((5, 4)), rng.integers(0, 4, 5)
    _, grad = lab.softmax_cross_entropy(s, y)
    num = numerical_gradient(lambda: lab.softmax_cross_entropy(s, y)[0], s)
    rel = _rel_error(grad, num)
    assert rel < 1e-7, f"dscores vs central differences: relative error {rel:.1e}, want < 1e-7"


# ---------------------------------------------------------------------------------------
# region mlp_init
# ---------------------------------------------------------------------------------------


@pytest.mark.region("mlp_init")
def test_init_shapes_dtypes_and_zero_biases(lab):
    """params has exactly W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), all float64, biases zero."""
    model = lab.TwoLayerMLP(input_dim=20, hidden_dim=7, num_classes=3, seed=0)
    expected = {"W1": (20, 7), "b1": (7,), "W2": (7, 3), "b2": (3,)}
    assert set(model.params) == set(expected), f"params keys {sorted(model.params)}, expected {sorted(expected)}"
    for k, shape in expected.items():
        p = model.params[k]
        assert isinstance(p, np.ndarray) and p.shape == shape, f"params['{k}'] has shape {np.shape(p)}, expected {shape}"
        assert p.dtype == np.float64, f"params['{k}'] is {p.dtype}; gradient checks need float64"
    assert not model.params["b1"].any() and not model.params["b2"].any(), "biases must start at zero"


@pytest.mark.region("mlp_init")
def test_init_is_he_scaled(lab):
    """W1 (784x256) and W2 (256x10) have mean ~0 and std ~ sqrt(2 / fan_in) (He); std 1 or a uniform bound of that size fail."""
    model = lab.TwoLayerMLP(784, 256, 10, seed=3)
    for k, fan_in, tol in (("W1", 784, 0.03), ("W2", 256, 0.1)):
        w = model.params[k]
        target = math.sqrt(2.0 / fan_in)
        assert abs(w.std() / target - 1) < tol, (
            f"std of {k} is {w.std():.4f}, He initialisation wants sqrt(2/fan_in) = sqrt(2/{fan_in}) = {target:.4f} "
            "(fan_in = the number of inputs of the layer = rows of the matrix)"
        )
        assert abs(w.mean()) < 5 * target / math.sqrt(w.size), f"mean of {k} is {w.mean():.4g}, expected ~0"


@pytest.mark.region("mlp_init")
def test_init_keeps_activation_scale(lab):
    """He's promise: for standard-normal inputs the mean square of ReLU(x W1) stays ~ the mean square of x (within 15 %)."""
    model = lab.TwoLayerMLP(input_dim=400, hidden_dim=600, num_classes=10, seed=5)
    x = np.random.default_rng(0).standard_normal((256, 400))
    ratio = float(np.mean(np.maximum(x @ model.params["W1"], 0) ** 2) / np.mean(x**2))
    assert 0.85 < ratio < 1.15, (
        f"E[ReLU(xW1)²] / E[x²] = {ratio:.3f}; with Var(w) = 2/fan_in it is 1 (ReLU keeps half the second moment)"
    )


@pytest.mark.region("mlp_init")
def test_init_is_seeded(lab):
    """The same seed gives identical parameters; a different seed gives different weights."""
    a, b, c = (lab.TwoLayerMLP(30, 8, 4, seed=s) for s in (7, 7, 8))
    for k in a.params:
        assert np.array_equal(a.params[k], b.params[k]), f"params['{k}'] differ between two models built with seed=7"
    assert not np.array_equal(a.params["W1"], c.params["W1"]), "seed=7 and seed=8 gave the same W1: use the seed argument"


# ---------------------------------------------------------------------------------------
# region mlp_loss
# ---------------------------------------------------------------------------------------


def _model_with(lab, params):
    """A TwoLayerMLP holding the grader's parameters, built without __init__ (graded on its own)."""
    model = lab.TwoLayerMLP.__new__(lab.TwoLayerMLP)
    model.params = {k: v.copy() for k, v in params.items()}
    return model


@pytest.mark.region("mlp_loss")
def test_mlp_scores_without_labels(lab):
    """loss(X) with no labels returns the scores ReLU(X W1 + b1) W2 + b2, and (N, 4, 4) inputs are flattened to D = 16."""
    params = _random_params(16, 9, 5, seed=10)
    model = _model_with(lab, params)
    X = np.random.default_rng(11).standard_normal((6, 4, 4))
    got = np.asarray(model.loss(X))
    ref = _autograd_mlp(params, X, None, 0.0)
    assert got.shape == (6, 5), f"loss(X of shape (6, 4, 4)) returned shape {got.shape}, expected the scores (6, 5)"
    assert _close(got, ref) < 1e-12, f"scores differ from ReLU(X W1 + b1) W2 + b2: got {got[0].tolist()}, expected {ref[0].tolist()}"


@pytest.mark.region("mlp_loss")
def test_mlp_loss_and_grads_match_autograd(lab):
    """With reg = 0.3 and non-zero biases, the loss and every gradient equal torch autograd's on the same weights."""
    params = _random_params(12, 10, 4, seed=12)
    model = _model_with(lab, params)
    rng = np.random.default_rng(13)
    X, y, reg = rng.standard_normal((7, 12)), rng.integers(0, 4, 7), 0.3
    loss, grads = model.loss(X, y, reg=reg)
    ref_loss, ref_grads = _autograd_mlp(params, X, y, reg)
    assert isinstance(grads, dict) and set(grads) == set(params), (
        f"grads must be a dict with the keys of params {sorted(params)}, got {sorted(grads) if isinstance(grads, dict) else type(grads)}"
    )
    assert abs(float(loss) - ref_loss) < 1e-10 * max(1.0, ref_loss), (
        f"loss = {float(loss)!r}, expected CE + reg·(ΣW1² + ΣW2²) = {ref_loss!r} (biases are not penalised, no ½)"
    )
    for k in params:
        g = np.asarray(grads[k])
        assert g.shape == params[k].shape, f"grads['{k}'] has shape {g.shape}, expected {params[k].shape}"
        err = _close(g, ref_grads[k])
        assert err < 1e-10, (
            f"grads['{k}'] differs from autograd by {err:.1e} (relative). "
            + ("The penalty reg·ΣW² contributes 2·reg·W." if k.startswith("W") else "Biases get no penalty term.")
        )


@pytest.mark.region("mlp_loss")
def test_mlp_gradient_check_every_parameter(lab):
    """Float64 central differences (h = 1e-5) of the full loss, reg = 0.1, agree with every analytic gradient: rel error < 1e-6."""
    params = _random_params(6, 8, 4, seed=14)
    model = _model_with(lab, params)
    rng = np.random.default_rng(15)
    X, y, reg = rng.standard_normal((5, 6)), rng.integers(0, 4, 5), 0.1
    pre = X @ params["W1"] + params["b1"]
    assert np.abs(pre).min() > 1e-3  # the grader's data stays clear of ReLU kinks
    _, grads = model.loss(X, y, reg=reg)
    for k in params:
        p = model.params[k]
        num = numerical_gradient(lambda: float(model.loss(X, y, reg=reg)[0]), p)
        rel = _rel_error(grads[k], num)
        assert rel < 1e-6, (
            f"gradient check of '{k}': max relative error {rel:.1e} (want < 1e-6; CS231n: > 1e-2 is wrong, ~1e-4 only "
            f"acceptable at kinks). Analytic {np.asarray(grads[k]).ravel()[:3].tolist()}..., numerical {num.ravel()[:3].tolist()}..."
        )


# ---------------------------------------------------------------------------------------
# region sgd
# ---------------------------------------------------------------------------------------


@pytest.mark.region("sgd")
def test_sgd_full_batch_matches_torch_optim(lab):
    """Full-batch steps (batch_size >= N) with momentum, reg and lr_decay land on torch.optim.SGD's weights and losses."""
    params = _random_params(10, 8, 3, seed=20)
    rng = np.random.default_rng(21)
    X, y = rng.standard_normal((12, 10)), rng.integers(0, 3, 12)
    model = _AutogradModel(params)
    losses = np.asarray(lab.sgd_train(model, X, y, epochs=6, batch_size=64, lr=0.1, momentum=0.8, reg=0.01, lr_decay=0.7, seed=0))
    ref_params, ref_losses = _reference_sgd(params, X, y, steps=6, lr=0.1, momentum=0.8, reg=0.01, decay_each_step=0.7)
    assert losses.shape == (6,), f"6 epochs of one full batch: expected 6 losses, got shape {losses.shape}"
    assert np.allclose(losses, ref_losses, rtol=1e-10, atol=0), (
        f"per-step losses {losses.tolist()} vs torch {ref_losses.tolist()} (losses[k] is the loss BEFORE step k's update)"
    )
    for k in params:
        err = _close(model.params[k], ref_params[k])
        assert err < 1e-10, (
            f"after 6 steps params['{k}'] differs from torch.optim.SGD(momentum=0.8) by {err:.1e}. Conventions: "
            "v = momentum·v + grad; p -= lr·v (v starts at 0); lr *= lr_decay after each epoch"
        )


@pytest.mark.region("sgd")
def test_sgd_minibatches_cover_each_epoch_once(lab):
    """N = 50, batch_size = 16, 3 epochs: batches of 16, 16, 16, 2 that cover every sample once per epoch, in a new order each epoch."""
    params = _random_params(3, 4, 2, seed=22)
    model = _AutogradModel(params)
    X = np.random.default_rng(23).standard_normal((50, 3))
    X[:, 0] = np.arange(50)  # the first feature names the row, so the grader can see the batches
    y = np.arange(50) % 2
    seen, returned = [], []
    original = model.loss

    def spy(Xb, yb=None, reg=0.0):
        seen.append(np.asarray(Xb)[:, 0].astype(int).copy())
        out = original(Xb, yb, reg)
        returned.append(out[0])
        return out

    model.loss = spy
    losses = np.asarray(lab.sgd_train(model, X, y, epochs=3, batch_size=16, lr=0.0, momentum=0.9, seed=1))
    sizes = [len(s) for s in seen]
    assert sizes == [16, 16, 16, 2] * 3, f"batch sizes were {sizes}, expected [16, 16, 16, 2] per epoch (keep the last batch)"
    epochs = [np.concatenate(seen[4 * e : 4 * e + 4]) for e in range(3)]
    for e, rows in enumerate(epochs):
        assert np.array_equal(np.sort(rows), np.arange(50)), f"epoch {e} did not visit every sample exactly once"
    assert not np.array_equal(epochs[0], epochs[1]) and not np.array_equal(epochs[1], epochs[2]), (
        "two epochs visited the samples in the same order: draw a new permutation every epoch"
    )
    assert not np.array_equal(epochs[0], np.arange(50)), "the first epoch is not shuffled"
    assert losses.shape == (12,) and np.allclose(losses, returned), (
        f"returned losses {losses.tolist()} should be the {len(returned)} values model.loss returned, in order"
    )


@pytest.mark.region("sgd")
def test_sgd_loss_falls_on_512_digits(lab, digits):
    """A 784-64-10 MLP on 512 real digits: 160 steps of batch 32 cut the mean loss of the last 16 steps below 0.2 and 0.2x the first."""
    Xtr, ytr, _, _ = digits
    model = lab.TwoLayerMLP(784, 64, 10, seed=0)
    losses = np.asarray(lab.sgd_train(model, Xtr[:512], ytr[:512], epochs=10, batch_size=32, lr=0.05, momentum=0.9, seed=0))
    first, last = losses[:16].mean(), losses[-16:].mean()
    assert losses.shape == (160,), f"expected 160 step losses (10 epochs x 16 batches), got {losses.shape}"
    assert np.all(np.isfinite(losses)), "training produced nan/inf losses"
    assert last < 0.2 and last < 0.2 * first, (
        f"mean loss of the first 16 steps {first:.3f}, of the last 16 {last:.3f}; a correct MLP memorises 512 digits "
        "(reference: ~1.4 -> ~0.001). Check the init scale and the update direction"
    )


@pytest.mark.region("sgd")
def test_sgd_held_out_accuracy_floor(lab, digits):
    """Trained on 2,000 digits for 5 epochs (784-64-10, batch 64, lr 0.05, momentum 0.9), held-out accuracy beats 85 %."""
    Xtr, ytr, Xte, yte = digits
    model = lab.TwoLayerMLP(784, 64, 10, seed=0)
    lab.sgd_train(model, Xtr, ytr, epochs=5, batch_size=64, lr=0.05, momentum=0.9, reg=1e-4, seed=0)
    acc = float(np.mean(np.argmax(model.loss(Xte), axis=1) == yte))
    assert acc > 0.85, (
        f"held-out accuracy {acc:.1%} on 1,000 digits, expected > 85 % (the reference gets ~92 %). "
        "A std-1 initialisation saturates the softmax and lands near 52 %"
    )


# ---------------------------------------------------------------------------------------
# region torch_mlp
# ---------------------------------------------------------------------------------------


@pytest.mark.region("torch_mlp")
def test_torch_mlp_parameters_and_state_dict(lab):
    """TorchMLP(784, 256, 10) has 203,530 parameters in fc1.weight (256, 784), fc1.bias, fc2.weight (10, 256), fc2.bias."""
    net = lab.TorchMLP(784, 256, 10)
    assert isinstance(net, nn.Module)
    shapes = {k: tuple(v.shape) for k, v in net.state_dict().items()}
    expected = {"fc1.weight": (256, 784), "fc1.bias": (256,), "fc2.weight": (10, 256), "fc2.bias": (10,)}
    assert shapes == expected, f"state_dict shapes {shapes}, expected {expected} (nn.Linear stores weight as (out, in))"
    count = sum(p.numel() for p in net.parameters() if p.requires_grad)
    assert count == 784 * 256 + 256 + 256 * 10 + 10, f"{count} trainable parameters, expected 203,530"
    small = lab.TorchMLP(5, 3, 2)
    assert sum(p.numel() for p in small.parameters()) == 5 * 3 + 3 + 3 * 2 + 2, "TorchMLP(5, 3, 2) should have 26 parameters"


@pytest.mark.region("torch_mlp")
def test_torch_mlp_is_he_initialised(lab):
    """fc1.weight and fc2.weight have std ~ sqrt(2 / fan_in) (torch's default nn.Linear init is ~2.4x smaller), biases 0."""
    torch.manual_seed(0)
    net = lab.TorchMLP(784, 256, 10)
    for name, layer, fan_in, tol in (("fc1", net.fc1, 784, 0.03), ("fc2", net.fc2, 256, 0.1)):
        std = float(layer.weight.detach().double().std())
        target = math.sqrt(2.0 / fan_in)
        assert abs(std / target - 1) < tol, (
            f"{name}.weight std {std:.4f}, expected He sqrt(2/{fan_in}) = {target:.4f}; nn.Linear's default "
            f"(uniform ±1/sqrt(fan_in)) has std {1 / math.sqrt(3 * fan_in):.4f}"
        )
        assert float(layer.bias.detach().abs().max()) == 0.0, f"{name}.bias should start at zero"


@pytest.mark.region("torch_mlp")
def test_torch_mlp_matches_numpy_forward(lab):
    """Loaded with NumPy weights (W transposed into nn.Linear), the float64 module returns the same logits for (N, 4, 4) inputs."""
    params = _random_params(16, 9, 5, seed=30)
    net = lab.TorchMLP(16, 9, 5).double()
    net.load_state_dict({
        "fc1.weight": torch.from_numpy(params["W1"].T.copy()), "fc1.bias": torch.from_numpy(params["b1"]),
        "fc2.weight": torch.from_numpy(params["W2"].T.copy()), "fc2.bias": torch.from_numpy(params["b2"]),
    })
    X = np.random.default_rng(31).standard_normal((6, 4, 4))
    with torch.no_grad():
        got = net(torch.from_numpy(X)).numpy()
    ref = _autograd_mlp(params, X, None, 0.0)
    assert got.shape == (6, 5) and _close(got, ref) < 1e-12, "logits differ from ReLU(X W1 + b1) W2 + b2"


# ---------------------------------------------------------------------------------------
# region torch_train
# ---------------------------------------------------------------------------------------


@pytest.mark.region("torch_train")
def test_train_torch_full_batch_matches_reference(lab):
    """Full-batch steps with momentum, reg (weights only) and lr_decay reproduce a plain torch.optim.SGD run to 1e-10."""
    params = _random_params(10, 8, 3, seed=40)
    rng = np.random.default_rng(41)
    X, y = rng.standard_normal((12, 10)), rng.integers(0, 3, 12)
    net = _RefTorchMLP(params)
    losses = np.asarray(lab.train_torch(net, X, y, epochs=6, batch_size=64, lr=0.1, momentum=0.8, reg=0.01, lr_decay=0.7, seed=0))
    ref_params, ref_losses = _reference_sgd(params, X, y, steps=6, lr=0.1, momentum=0.8, reg=0.01, decay_each_step=0.7)
    assert losses.shape == (6,), f"6 epochs of one full batch: expected 6 losses, got shape {losses.shape}"
    assert np.allclose(losses, ref_losses, rtol=1e-10, atol=0), (
        f"per-step losses {losses.tolist()} vs reference {ref_losses.tolist()} "
        "(loss = cross-entropy + reg·Σ weight², biases not penalised)"
    )
    got = {"W1": net.fc1.weight.detach().numpy().T, "b1": net.fc1.bias.detach().numpy(),
           "W2": net.fc2.weight.detach().numpy().T, "b2": net.fc2.bias.detach().numpy()}
    for k in params:
        err = _close(got[k], ref_params[k])
        assert err < 1e-10, (
            f"after 6 steps {k} differs from the reference by {err:.1e}: clear gradients every step (they accumulate), "
            "penalise only the weights, and decay lr once per epoch"
        )
    assert not net.training, "train_torch should leave the model in eval mode"


@pytest.mark.region("torch_train")
def test_train_torch_batches_and_dtype(lab):
    """A float32 module trained on float64 NumPy data: 3 epochs of N = 50 in batches of 16 give 12 finite losses."""
    torch.manual_seed(0)
    net = _RefTorchMLP(_random_params(3, 4, 2, seed=42)).float()
    X = np.random.default_rng(43).standard_normal((50, 3))
    losses = np.asarray(lab.train_torch(net, X, np.arange(50) % 2, epochs=3, batch_size=16, lr=0.05, momentum=0.9, seed=1))
    assert losses.shape == (12,), f"expected 12 step losses (3 epochs x ceil(50/16) batches), got shape {losses.shape}"
    assert np.all(np.isfinite(losses)), f"losses {losses.tolist()}"


@pytest.mark.region("torch_train")
def test_train_torch_held_out_accuracy_floor(lab, digits):
    """A float32 784-64-10 module trained for 5 epochs on 2,000 digits beats 85 % on the 1,000 held-out ones."""
    Xtr, ytr, Xte, yte = digits
    ref = _RefTorchMLP(_random_params(784, 64, 10, seed=44)).float()  # the grader's own He-initialised module
    with torch.no_grad():
        ref.fc1.bias.zero_()
        ref.fc2.bias.zero_()
    losses = np.asarray(lab.train_torch(ref, Xtr, ytr, epochs=5, batch_size=64, lr=0.05, momentum=0.9, reg=1e-4, seed=0))
    with torch.no_grad():
        acc = float((ref(torch.as_tensor(Xte, dtype=torch.float32)).argmax(1).numpy() == yte).mean())
    assert losses[-20:].mean() < 0.5 * losses[:20].mean(), f"loss did not fall: {losses[:20].mean():.3f} -> {losses[-20:].mean():.3f}"
    assert acc > 0.85, f"held-out accuracy {acc:.1%}, expected > 85 % (the reference gets ~89 %)"
