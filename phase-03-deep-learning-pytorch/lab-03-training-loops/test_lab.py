"""Grader for lab 3.3 (training loops, losses and optimisers).

References are independent of the code under test: F.cross_entropy(label_smoothing=...),
torchvision.ops.sigmoid_focal_loss, torch.optim.SGD / AdamW / Adam, torch's LinearLR +
CosineAnnealingLR inside SequentialLR, torch.nn.utils.clip_grad_norm_, torch.optim.AdamW and
LambdaLR for the resume tests, and values constructed by hand (the optimum of the smoothed
loss, Adam's first step, pure decoupled decay, an early-stopping reference written
differently).
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import math
import random
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR, LinearLR, SequentialLR
from torch.utils.data import TensorDataset
from torchvision.ops import sigmoid_focal_loss as tv_focal

finite = {"allow_nan": False, "allow_infinity": False}

# ---------------------------------------------------------------------------------------
# helpers (the grader's own; nothing here comes from the lab)
# ---------------------------------------------------------------------------------------


def _logits_batch(seed: int, n: int = 6, k: int = 5, scale: float = 3.0, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    return scale * torch.randn(n, k, generator=g, dtype=dtype), torch.randint(0, k, (n,), generator=g)


def _loss_and_grad(fn, logits):
    z = logits.detach().clone().requires_grad_(True)
    out = fn(z)
    out.sum().backward()
    return out.detach(), z.grad


class _Net(nn.Module):
    """A float64 MLP with one parameter the forward pass never uses (its grad stays None)."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        torch.manual_seed(seed)
        self.fc1, self.fc2 = nn.Linear(5, 7), nn.Linear(7, 3)
        self.unused = nn.Parameter(torch.randn(4))
        self.double()

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))


def _data(seed: int = 0, n: int = 64):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 5, generator=g, dtype=torch.float64)
    return X, torch.randint(0, 3, (n,), generator=g)


def _groups(model, grouped: bool, wd: float):
    if not grouped:
        return model.parameters()
    # weights decay at wd with the default lr, biases (and the unused vector) at a different lr, no decay
    return [
        {"params": [model.fc1.weight, model.fc2.weight]},
        {"params": [model.fc1.bias, model.fc2.bias, model.unused], "weight_decay": 0.0},
    ]


def _step_all(model, opt, X, y, k, batch=16):
    i = (k * batch) % len(y)
    opt.zero_grad()
    F.cross_entropy(model(X[i : i + batch]), y[i : i + batch]).backward()
    opt.step()


def _race(lab_cls, ref_cls, kw, steps=14, grouped=False, schedule=None, ref_kw=None, state_keys=()):
    """Run the lab optimizer and the torch one side by side; return the first mismatch as text (or None)."""
    X, y = _data()
    m_lab, m_ref = _Net(0), _Net(0)
    o_lab = lab_cls(_groups(m_lab, grouped, kw.get("weight_decay", 0.0)), **kw)
    o_ref = ref_cls(_groups(m_ref, grouped, kw.get("weight_decay", 0.0)), **(ref_kw or kw))
    if grouped:  # the second group also gets a different learning rate
        for o in (o_lab, o_ref):
            o.param_groups[1]["lr"] = 0.5 * o.param_groups[0]["lr"]
    scheds = [LambdaLR(o, schedule) for o in (o_lab, o_ref)] if schedule else []
    names = [n for n, _ in m_lab.named_parameters()]
    for k in range(steps):
        _step_all(m_lab, o_lab, X, y, k)
        _step_all(m_ref, o_ref, X, y, k)
        for s in scheds:
            s.step()
        for name, p, q in zip(names, m_lab.parameters(), m_ref.parameters()):
            for key in state_keys:
                if q in o_ref.state and key in o_ref.state[q]:
                    mine = o_lab.state[p].get(key) if p in o_lab.state else None
                    theirs = o_ref.state[q][key]
                    if mine is None:
                        return f"after step {k + 1}: optimizer.state[{name}] has no {key!r} (torch has one)"
                    if not torch.allclose(
                        torch.as_tensor(mine, dtype=torch.float64),
                        torch.as_tensor(theirs, dtype=torch.float64),
                        rtol=1e-10,
                        atol=1e-13,
                    ):
                        return f"after step {k + 1}: state[{name}][{key!r}] = {_head(mine)}, torch has {_head(theirs)}"
            if not torch.allclose(p, q, rtol=1e-10, atol=1e-13):
                return (
                    f"after step {k + 1}: parameter {name} = {_head(p)}, torch gives {_head(q)} "
                    f"(max diff {float((p - q).abs().max()):.2e})"
                )
        if m_lab.unused.grad is None and not torch.equal(m_lab.unused, m_ref.unused):
            return "a parameter whose .grad is None was changed: skip parameters without a gradient"
    return None


def _head(t, n=3):
    t = torch.as_tensor(t).detach().reshape(-1)
    return "[" + ", ".join(f"{float(v):.10g}" for v in t[:n]) + (", ...]" if t.numel() > n else "]")


def _resume_matches_uninterrupted(lab, opt_cls, kw):
    """12 steps straight vs 6 steps, state_dict round trip into fresh objects, 6 more: params equal?"""
    X, y = _data(1)
    m_full = _Net(3)
    o_full = opt_cls(m_full.parameters(), **kw)
    for k in range(12):
        _step_all(m_full, o_full, X, y, k)
    m_half = _Net(3)
    o_half = opt_cls(m_half.parameters(), **kw)
    for k in range(6):
        _step_all(m_half, o_half, X, y, k)
    saved_model, saved_opt = copy.deepcopy(m_half.state_dict()), copy.deepcopy(o_half.state_dict())
    m_new = _Net(4)
    m_new.load_state_dict(saved_model)
    o_new = opt_cls(m_new.parameters(), **kw)
    o_new.load_state_dict(saved_opt)
    for k in range(6, 12):
        _step_all(m_new, o_new, X, y, k)
    with torch.no_grad():
        return max(float((p - q).abs().max()) for p, q in zip(m_full.parameters(), m_new.parameters()))


# ---------------------------------------------------------------------------------------
# region smooth_ce
# ---------------------------------------------------------------------------------------


@pytest.mark.region("smooth_ce")
@pytest.mark.parametrize("eps", [0.0, 0.1, 0.3, 1.0])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_smooth_ce_matches_torch(lab, eps, reduction):
    """Loss and gradient equal F.cross_entropy(label_smoothing=eps) for every reduction."""
    logits, target = _logits_batch(0, n=7, k=5)
    got, g_got = _loss_and_grad(lambda z: lab.cross_entropy_smooth(z, target, eps, reduction=reduction), logits)
    ref, g_ref = _loss_and_grad(lambda z: F.cross_entropy(z, target, label_smoothing=eps, reduction=reduction), logits)
    assert got.shape == ref.shape, (
        f"reduction={reduction!r}: loss has shape {tuple(got.shape)}, expected {tuple(ref.shape)}"
    )
    assert torch.allclose(got, ref, rtol=1e-12, atol=1e-12), (
        f"eps={eps}, reduction={reduction!r}: loss {_head(got, 4)}, F.cross_entropy gives {_head(ref, 4)} "
        "(the target is (1 - eps)·onehot + eps/K: the eps mass goes to ALL K classes, the true one included)"
    )
    assert torch.allclose(g_got, g_ref, rtol=1e-10, atol=1e-12), (
        f"eps={eps}, reduction={reduction!r}: d loss / d logits row 0 = {_head(g_got[0], 5)}, autograd through "
        f"F.cross_entropy gives {_head(g_ref[0], 5)}"
    )


@pytest.mark.region("smooth_ce")
@given(st.integers(1, 6), st.integers(2, 7), st.floats(0.0, 1.0), st.integers(0, 10_000))
def test_smooth_ce_random_shapes(lab, n, k, eps, seed):
    """Any batch size N >= 1, any K >= 2 and any eps in [0, 1]: same mean loss as F.cross_entropy."""
    logits, target = _logits_batch(seed, n=n, k=k, scale=5.0)
    got = lab.cross_entropy_smooth(logits, target, eps)
    ref = F.cross_entropy(logits, target, label_smoothing=eps)
    assert torch.allclose(torch.as_tensor(got), ref, rtol=1e-11, atol=1e-12), (
        f"N={n}, K={k}, eps={eps:.4g}: loss {float(got):.12g}, F.cross_entropy {float(ref):.12g}"
    )


@pytest.mark.region("smooth_ce")
def test_smooth_ce_huge_logits_float32(lab):
    """float32 logits of size 1e4 (a true class far below the max) stay finite and match torch."""
    logits = torch.tensor([[1e4, 0.0, -1e4], [-1e4, 1e4, 0.0], [5e3, 5e3, -5e3]], dtype=torch.float32)
    target = torch.tensor([2, 1, 0])
    got = lab.cross_entropy_smooth(logits, target, 0.1)
    ref = F.cross_entropy(logits, target, label_smoothing=0.1)
    assert torch.isfinite(got), f"loss is {float(got)}: compute log p as z - logsumexp(z), never log(softmax(z))"
    assert torch.allclose(got, ref, rtol=1e-5), f"loss {float(got)}, F.cross_entropy {float(ref)}"


@pytest.mark.region("smooth_ce")
@pytest.mark.parametrize("eps,k", [(0.1, 10), (0.2, 3), (0.05, 100)])
def test_smooth_ce_optimum_is_the_smoothed_target(lab, eps, k):
    """At logits z_y - z_other = log((1 - eps + eps/K)/(eps/K)) the gradient vanishes and the loss is H(q)."""
    q_true, q_other = 1 - eps + eps / k, eps / k
    z = torch.zeros(2, k, dtype=torch.float64)
    z[0, 2] = z[1, 0] = math.log(q_true / q_other)
    target = torch.tensor([2, 0])
    loss, grad = _loss_and_grad(lambda t: lab.cross_entropy_smooth(t, target, eps, reduction="none"), z)
    entropy = -(q_true * math.log(q_true) + (k - 1) * q_other * math.log(q_other))
    assert torch.allclose(loss, torch.full((2,), entropy, dtype=torch.float64), rtol=1e-10), (
        f"eps={eps}, K={k}: at the optimum the loss should be the entropy of the smoothed target "
        f"{entropy:.10f}, got {_head(loss)}"
    )
    assert float(grad.abs().max()) < 1e-10, (
        f"eps={eps}, K={k}: gradient at the optimal logits should be 0, got max |g| = {float(grad.abs().max()):.3e} "
        "(is the eps mass spread over K classes, as torch does, or over K - 1?)"
    )


@pytest.mark.region("smooth_ce")
@given(st.integers(2, 9), st.floats(0.0, 1.0), st.floats(-50, 50, **finite))
def test_smooth_ce_equal_logits_give_log_k(lab, k, eps, c):
    """Equal logits (any value) give loss log K for every eps: every target spreads over a uniform prediction."""
    z = torch.full((3, k), c, dtype=torch.float64)
    got = float(lab.cross_entropy_smooth(z, torch.tensor([0, k - 1, 1]), eps))
    assert abs(got - math.log(k)) < 1e-10, (
        f"K={k}, eps={eps:.3g}, logits all {c:.3g}: loss {got}, expected log K = {math.log(k)}"
    )


# ---------------------------------------------------------------------------------------
# region focal
# ---------------------------------------------------------------------------------------


@pytest.mark.region("focal")
@pytest.mark.parametrize("alpha,gamma", [(0.25, 2.0), (0.5, 0.0), (0.75, 1.0), (-1.0, 2.0), (0.25, 3.5)])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_focal_matches_torchvision(lab, alpha, gamma, reduction):
    """Loss and gradient equal torchvision.ops.sigmoid_focal_loss on hard and soft targets."""
    g = torch.Generator().manual_seed(5)
    logits = 3 * torch.randn(4, 6, generator=g, dtype=torch.float64)
    targets = (torch.rand(4, 6, generator=g) < 0.3).double()
    targets[3] = torch.rand(6, generator=g, dtype=torch.float64)  # one row of soft targets
    got, g_got = _loss_and_grad(lambda z: lab.sigmoid_focal_loss(z, targets, alpha, gamma, reduction), logits)
    ref, g_ref = _loss_and_grad(lambda z: tv_focal(z, targets, alpha, gamma, reduction), logits)
    assert got.shape == ref.shape, f"reduction={reduction!r}: shape {tuple(got.shape)}, torchvision {tuple(ref.shape)}"
    assert torch.allclose(got, ref, rtol=1e-10, atol=1e-14), (
        f"alpha={alpha}, gamma={gamma}, reduction={reduction!r}: loss {_head(got, 4)}, torchvision {_head(ref, 4)} "
        "(alpha_t = alpha for positives and 1 - alpha for negatives; the modulating factor is (1 - p_t)**gamma)"
    )
    assert torch.allclose(g_got, g_ref, rtol=1e-9, atol=1e-14), (
        f"alpha={alpha}, gamma={gamma}: gradient row 0 {_head(g_got[0], 4)}, torchvision autograd {_head(g_ref[0], 4)}"
    )


@pytest.mark.region("focal")
def test_focal_extreme_logits_float32(lab):
    """float32 logits of ±200 (confidently right and confidently wrong) stay finite and match torchvision."""
    logits = torch.tensor([200.0, -200.0, 200.0, -200.0, 0.0], dtype=torch.float32)
    targets = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0])
    got = lab.sigmoid_focal_loss(logits, targets)
    ref = tv_focal(logits, targets)
    assert torch.all(torch.isfinite(got)), (
        f"loss {got.tolist()} for logits ±200: sigmoid(200) is exactly 1.0 in float32, so log(1 - p) = -inf; "
        "compute the cross-entropy from the logits"
    )
    assert torch.allclose(got, ref, rtol=1e-5), f"loss {got.tolist()}, torchvision {ref.tolist()}"


@pytest.mark.region("focal")
def test_focal_hand_values(lab):
    """One positive with p = 0.9: FL = 0.25·0.1²·(-log 0.9); one negative with p = 0.9: FL = 0.75·0.9²·(-log 0.1)."""
    z = torch.tensor([math.log(9.0), math.log(9.0)], dtype=torch.float64)  # sigmoid = 0.9
    got = lab.sigmoid_focal_loss(z, torch.tensor([1.0, 0.0], dtype=torch.float64), alpha=0.25, gamma=2.0)
    expected = torch.tensor([0.25 * 0.01 * -math.log(0.9), 0.75 * 0.81 * -math.log(0.1)], dtype=torch.float64)
    assert torch.allclose(got, expected, rtol=1e-12), f"got {got.tolist()}, expected {expected.tolist()}"


@pytest.mark.region("focal")
@given(st.lists(st.floats(-30, 30, **finite), min_size=1, max_size=12), st.integers(0, 2**31 - 1))
def test_focal_gamma0_no_alpha_is_bce(lab, zs, seed):
    """gamma = 0 and alpha = -1 reduce focal loss to plain binary cross-entropy with logits."""
    z = torch.tensor(zs, dtype=torch.float64)
    t = torch.from_numpy(np.random.default_rng(seed).integers(0, 2, len(zs))).double()
    got = lab.sigmoid_focal_loss(z, t, alpha=-1.0, gamma=0.0)
    ref = F.binary_cross_entropy_with_logits(z, t, reduction="none")
    assert torch.allclose(got, ref, rtol=1e-10, atol=1e-14), (
        f"logits {zs}, targets {t.tolist()}: {got.tolist()} vs BCE {ref.tolist()}"
    )


# ---------------------------------------------------------------------------------------
# region sgd
# ---------------------------------------------------------------------------------------

SGD_CASES = {
    "plain": {"lr": 0.1},
    "momentum": {"lr": 0.05, "momentum": 0.9},
    "dampening": {"lr": 0.05, "momentum": 0.9, "dampening": 0.5},
    "weight decay": {"lr": 0.05, "momentum": 0.8, "weight_decay": 0.05},
    "nesterov + wd": {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-2},
}


@pytest.mark.region("sgd")
@pytest.mark.parametrize("case", list(SGD_CASES))
def test_sgd_matches_torch_step_by_step(lab, case):
    """Parameters and momentum buffers equal torch.optim.SGD after each of 14 steps."""
    bad = _race(lab.SGD, torch.optim.SGD, SGD_CASES[case], state_keys=("momentum_buffer",))
    assert bad is None, f"SGD({SGD_CASES[case]}) vs torch.optim.SGD: {bad}"


@pytest.mark.region("sgd")
def test_sgd_param_groups_and_scheduler(lab):
    """Per-group lr and weight decay, and an lr changed by a scheduler every step, are honoured like torch."""
    kw = {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}
    bad = _race(
        lab.SGD, torch.optim.SGD, kw, grouped=True, schedule=lambda k: 1.0 / (1 + k), state_keys=("momentum_buffer",)
    )
    assert bad is None, (
        f"two param groups (lr 0.1 / 0.05, wd 0.01 / 0), lr scaled by 1/(1+k): {bad} "
        "(read lr from the group at every step; keep lr out of the momentum buffer)"
    )


@pytest.mark.region("sgd")
def test_sgd_state_dict_resume(lab):
    """12 steps straight equal 6 steps + state_dict round trip into a fresh optimizer + 6 steps."""
    diff = _resume_matches_uninterrupted(lab, lab.SGD, {"lr": 0.05, "momentum": 0.9, "nesterov": True})
    assert diff == 0.0, (
        f"resumed parameters differ by {diff:.2e}: the momentum buffer must live in self.state[p] "
        "so optimizer.state_dict() saves it"
    )


# ---------------------------------------------------------------------------------------
# region adamw
# ---------------------------------------------------------------------------------------

ADAM_CASES = {
    "default": {"lr": 1e-2},
    "strong decay": {"lr": 1e-2, "weight_decay": 0.2},
    "betas and eps": {"lr": 5e-3, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.05},
    "no decay": {"lr": 2e-2, "weight_decay": 0.0},
}


@pytest.mark.region("adamw")
@pytest.mark.parametrize("case", list(ADAM_CASES))
def test_adamw_matches_torch_step_by_step(lab, case):
    """Parameters, exp_avg, exp_avg_sq and step equal torch.optim.AdamW after each of 14 steps."""
    bad = _race(lab.AdamW, torch.optim.AdamW, ADAM_CASES[case], state_keys=("exp_avg", "exp_avg_sq", "step"))
    assert bad is None, (
        f"AdamW({ADAM_CASES[case]}) vs torch.optim.AdamW: {bad} "
        "(moments match but parameters do not? look at bias correction and at the decoupled decay θ·(1 - lr·wd))"
    )


@pytest.mark.region("adamw")
def test_adam_l2_variant_matches_torch_adam(lab):
    """decoupled=False is Adam with an L2 penalty: equal to torch.optim.Adam(weight_decay=wd)."""
    kw = {"lr": 1e-2, "weight_decay": 0.1}
    bad = _race(
        lab.AdamW, torch.optim.Adam, {**kw, "decoupled": False}, ref_kw=kw, state_keys=("exp_avg", "exp_avg_sq")
    )
    assert bad is None, f"AdamW(decoupled=False, {kw}) vs torch.optim.Adam({kw}): {bad} (add wd·θ to the gradient)"


@pytest.mark.region("adamw")
def test_adamw_param_groups_and_scheduler(lab):
    """Per-group lr and weight decay, and a scheduler changing lr every step, are honoured like torch."""
    bad = _race(
        lab.AdamW,
        torch.optim.AdamW,
        {"lr": 1e-2, "weight_decay": 0.1},
        grouped=True,
        schedule=lambda k: min(1.0, (k + 1) / 5),
    )
    assert bad is None, f"two param groups (lr 1e-2 / 5e-3, wd 0.1 / 0), linear warmup over 5 steps: {bad}"


@pytest.mark.region("adamw")
def test_adam_first_step_is_bias_corrected(lab):
    """With wd = 0 the first step moves every weight by exactly -lr·g/(|g| + eps): m̂ = g and v̂ = g²."""
    p = nn.Parameter(torch.tensor([0.5, -1.0, 2.0, 0.0], dtype=torch.float64))
    g = torch.tensor([1e-3, -2.0, 30.0, 1e-9], dtype=torch.float64)
    opt = lab.AdamW([p], lr=0.1, eps=1e-8, weight_decay=0.0)
    p.grad = g.clone()
    before = p.detach().clone()
    opt.step()
    expected = before - 0.1 * g / (g.abs() + 1e-8)
    assert torch.allclose(p.detach(), expected, rtol=1e-12, atol=1e-15), (
        f"after one step from {before.tolist()} with gradient {g.tolist()}: got {p.detach().tolist()}, expected "
        f"{expected.tolist()} (≈ θ - lr·sign(g)). Without bias correction the step is (1-β1)/√(1-β2) ≈ 3.16 times too big"
    )


@pytest.mark.region("adamw")
def test_decoupled_decay_vs_l2_with_zero_gradient(lab):
    """Zero loss gradient: AdamW shrinks θ by exactly (1 - lr·wd) per step; the L2 variant moves ~lr per step instead."""
    lr, wd, steps = 0.01, 0.1, 10
    start = torch.tensor([2.0, -0.5, 0.3], dtype=torch.float64)
    runs = {}
    for decoupled in (True, False):
        p = nn.Parameter(start.clone())
        opt = lab.AdamW([p], lr=lr, weight_decay=wd, decoupled=decoupled)
        for _ in range(steps):
            p.grad = torch.zeros_like(p)
            opt.step()
        runs[decoupled] = p.detach().clone()
    expected = start * (1 - lr * wd) ** steps
    assert torch.allclose(runs[True], expected, rtol=1e-12), (
        f"decoupled=True, gradient 0, {steps} steps of lr={lr}, wd={wd} from {start.tolist()}: got "
        f"{runs[True].tolist()}, expected θ·(1 - lr·wd)^{steps} = {expected.tolist()} "
        "(the decay must not go through m and v)"
    )
    moved = (start - runs[False]).abs()
    assert torch.all(moved > 0.9 * lr * steps), (
        f"decoupled=False (L2): the penalty gradient wd·θ is normalised by √v̂, so every weight should move by about "
        f"lr per step ({lr * steps:.3f} in total) whatever its size; moved {moved.tolist()}"
    )


@pytest.mark.region("adamw")
def test_adamw_state_dict_resume(lab):
    """12 steps straight equal 6 steps + state_dict round trip into a fresh optimizer + 6 steps."""
    diff = _resume_matches_uninterrupted(lab, lab.AdamW, {"lr": 1e-2, "weight_decay": 0.1})
    assert diff == 0.0, (
        f"resumed parameters differ by {diff:.2e}: keep step, exp_avg and exp_avg_sq in self.state[p] "
        "so optimizer.state_dict() saves them"
    )


# ---------------------------------------------------------------------------------------
# region schedule
# ---------------------------------------------------------------------------------------


def _torch_schedule(warmup, total, start, minf, base=0.4):
    p = nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cos = CosineAnnealingLR(opt, T_max=total - warmup, eta_min=base * minf)
        sched = (
            cos
            if warmup == 0
            else SequentialLR(
                opt, [LinearLR(opt, start_factor=start, end_factor=1.0, total_iters=warmup), cos], milestones=[warmup]
            )
        )
        lrs = []
        for _ in range(total + 1):
            lrs.append(opt.param_groups[0]["lr"] / base)
            opt.step()
            sched.step()
    return lrs


@pytest.mark.region("schedule")
@pytest.mark.parametrize(
    "warmup,total,start,minf",
    [
        (5, 30, 0.1, 0.0),
        (3, 10, 0.01, 0.05),
        (1, 7, 0.5, 0.1),
        (10, 100, 1e-3, 0.0),
        (0, 12, 1.0, 0.0),
        (0, 9, 1.0, 0.2),
    ],
)
def test_schedule_matches_torch_sequential_lr(lab, warmup, total, start, minf):
    """At every step 0..T the multiplier equals SequentialLR(LinearLR, CosineAnnealingLR) (CosineAnnealingLR alone when W = 0)."""
    ref = _torch_schedule(warmup, total, start, minf)
    got = [lab.warmup_cosine(k, warmup, total, start_factor=start, min_factor=minf) for k in range(total + 1)]
    bad = [k for k in range(total + 1) if not math.isclose(got[k], ref[k], rel_tol=1e-9, abs_tol=1e-12)]
    assert not bad, (
        f"W={warmup}, T={total}, start={start}, min={minf}: at step {bad[0]} got {got[bad[0]]:.10f}, torch "
        f"{ref[bad[0]]:.10f}; around it: got {[round(v, 4) for v in got[max(0, bad[0] - 2) : bad[0] + 3]]}, "
        f"torch {[round(v, 4) for v in ref[max(0, bad[0] - 2) : bad[0] + 3]]} (f(W) must be exactly 1, f(T) = min)"
    )


@pytest.mark.region("schedule")
def test_schedule_hand_values(lab):
    """W=4, T=12, start 0.2, min 0: f(0)=0.2, f(2)=0.6, f(4)=1, f(8)=0.5 (half-way down the cosine), f(12)=f(20)=0."""
    f = lambda k: lab.warmup_cosine(k, 4, 12, start_factor=0.2, min_factor=0.0)
    for k, want in [(0, 0.2), (2, 0.6), (4, 1.0), (8, 0.5), (12, 0.0), (20, 0.0)]:
        assert math.isclose(f(k), want, abs_tol=1e-12), (
            f"warmup_cosine({k}, warmup_steps=4, total_steps=12, 0.2, 0.0) = {f(k)}, expected {want}"
        )


@pytest.mark.region("schedule")
@given(st.integers(0, 50), st.integers(1, 200), st.floats(0.01, 1.0), st.floats(0.0, 0.5))
def test_schedule_shape_properties(lab, warmup, extra, start, minf):
    """Rises monotonically to exactly 1 at W, falls monotonically to min at T, stays at min after, within [min(s, m), 1]."""
    total = warmup + extra
    vals = [lab.warmup_cosine(k, warmup, total, start_factor=start, min_factor=minf) for k in range(total + 5)]
    assert math.isclose(vals[warmup], 1.0, abs_tol=1e-12), f"W={warmup}, T={total}: f(W) = {vals[warmup]}, expected 1"
    assert all(math.isclose(v, minf, abs_tol=1e-12) for v in vals[total:]), (
        f"W={warmup}, T={total}, min={minf}: f(T..T+4) = {vals[total:]}, expected min_factor"
    )
    rise, fall = vals[: warmup + 1], vals[warmup : total + 1]
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(rise)), f"warmup is not increasing: {rise}"
    assert all(b <= a + 1e-12 for a, b in itertools.pairwise(fall)), f"cosine phase is not decreasing: {fall[:10]}..."
    lo = min(start, minf) if warmup else minf
    assert all(lo - 1e-12 <= v <= 1 + 1e-12 for v in vals), f"values leave [{lo}, 1]: {min(vals)}, {max(vals)}"


# ---------------------------------------------------------------------------------------
# region clip
# ---------------------------------------------------------------------------------------


def _params_with_grads(seed, shapes, scale, dtype=torch.float64, none_at=()):
    g = torch.Generator().manual_seed(seed)
    params = []
    for i, shape in enumerate(shapes):
        p = nn.Parameter(torch.randn(shape, generator=g, dtype=dtype))
        if i not in none_at:
            p.grad = scale * torch.randn(shape, generator=g, dtype=dtype)
        params.append(p)
    return params


@pytest.mark.region("clip")
@pytest.mark.parametrize("scale,max_norm", [(10.0, 1.0), (0.01, 1.0), (1.0, 3.0), (5.0, 0.5)])
def test_clip_matches_torch(lab, scale, max_norm):
    """Clipped gradients and the returned norm equal torch.nn.utils.clip_grad_norm_ (one param without grad)."""
    shapes = [(3, 4), (4,), (2, 2, 2), (5,)]
    mine = _params_with_grads(1, shapes, scale, none_at=(3,))
    ref = _params_with_grads(1, shapes, scale, none_at=(3,))
    total = lab.clip_grad_norm(mine, max_norm)
    ref_total = torch.nn.utils.clip_grad_norm_(ref, max_norm)
    assert torch.is_tensor(total) and total.ndim == 0, f"return a 0-d tensor (the norm), got {total!r}"
    assert math.isclose(float(total), float(ref_total), rel_tol=1e-12), (
        f"returned norm {float(total):.10g}, torch {float(ref_total):.10g} (the norm of ALL gradients together, before clipping)"
    )
    for i, (p, q) in enumerate(zip(mine, ref)):
        if q.grad is None:
            assert p.grad is None, "a parameter without a gradient must keep grad None"
            continue
        assert torch.allclose(p.grad, q.grad, rtol=1e-12, atol=1e-15), (
            f"scale={scale}, max_norm={max_norm}: gradient {i} = {_head(p.grad)}, torch {_head(q.grad)} "
            "(one common factor min(1, max_norm / (norm + 1e-6)) for all gradients)"
        )


@pytest.mark.region("clip")
@given(
    st.lists(st.integers(1, 6), min_size=1, max_size=5), st.floats(1e-3, 1e3), st.floats(1e-2, 1e2), st.integers(0, 999)
)
def test_clip_properties(lab, sizes, scale, max_norm, seed):
    """The new global norm is min(old, max_norm) (up to eps), every gradient keeps its direction, the old norm is returned."""
    params = _params_with_grads(seed, [(s,) for s in sizes], scale)
    before = [p.grad.clone() for p in params]
    old = float(torch.cat([b for b in before]).norm())
    total = float(lab.clip_grad_norm(iter(params), max_norm))  # a generator, like model.parameters()
    new = float(torch.cat([p.grad for p in params]).norm())
    assert math.isclose(total, old, rel_tol=1e-10), f"returned {total}, the norm before clipping is {old}"
    assert math.isclose(new, min(old, max_norm), rel_tol=1e-5), (
        f"old norm {old:.6g}, max_norm {max_norm:.6g}: the norm after clipping is {new:.6g}, expected {min(old, max_norm):.6g}"
    )
    ratios = [float(p.grad.norm() / b.norm()) for p, b in zip(params, before)]
    assert max(ratios) - min(ratios) < 1e-9 * max(ratios), f"gradients were scaled by different factors {ratios}"


@pytest.mark.region("clip")
def test_clip_edge_cases(lab):
    """A single tensor works; no gradients at all return 0 and change nothing."""
    p = nn.Parameter(torch.ones(4, dtype=torch.float64))
    p.grad = torch.full((4,), 3.0, dtype=torch.float64)  # norm 6
    total = lab.clip_grad_norm(p, 1.5)
    assert math.isclose(float(total), 6.0, rel_tol=1e-12), (
        f"single tensor with gradient norm 6: returned {float(total)}"
    )
    assert torch.allclose(p.grad, torch.full((4,), 0.75 / (1 + 1e-6 / 6), dtype=torch.float64), rtol=1e-12), (
        f"gradient [3, 3, 3, 3] clipped to norm 1.5 should be ≈[0.75]*4, got {p.grad.tolist()}"
    )
    q = nn.Parameter(torch.ones(3))
    assert float(lab.clip_grad_norm([q], 1.0)) == 0.0 and q.grad is None, "no gradients: return 0 and leave grad None"


# ---------------------------------------------------------------------------------------
# region checkpoint
# ---------------------------------------------------------------------------------------

BATCH, N_SAMPLES = 16, 96  # 6 batches per epoch


def _ckpt_data():
    g = torch.Generator().manual_seed(7)
    X = torch.randn(N_SAMPLES, 6, generator=g, dtype=torch.float64)
    return TensorDataset(X, (X[:, :3] @ torch.randn(3, 4, generator=g, dtype=torch.float64)).argmax(1))


def _build(lab, model_seed, loader_seed):
    """Model with BatchNorm (buffers) and Dropout (torch RNG), torch AdamW (moments), LambdaLR (step count)."""
    torch.manual_seed(model_seed)
    model = nn.Sequential(nn.Linear(6, 12), nn.BatchNorm1d(12), nn.ReLU(), nn.Dropout(0.3), nn.Linear(12, 4)).double()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-2, weight_decay=0.05)
    sched = LambdaLR(opt, lambda k: min(1.0, (k + 1) / 4) * 0.5 ** (k // 7))
    return model, opt, sched, _loader(lab, loader_seed)


def _loader(lab, seed):
    return lab.make_loader(_ckpt_data(), BATCH, seed=seed)


def _augment(xb):
    """Noise from NumPy's global RNG scaled by Python's `random`: both RNG states shape the run."""
    return xb + torch.from_numpy(np.random.standard_normal(tuple(xb.shape))) * (0.05 + 0.1 * random.random())


def _fresh_globals(seed):
    torch.manual_seed(seed)
    np.random.seed(seed)
    random.seed(seed)


def _run_with_resume(lab, tmp_path, stop, total):
    """(uninterrupted Progress, model) and (resumed Progress, model): `stop` steps, checkpoint, fresh objects, the rest."""
    _fresh_globals(0)
    model_a, opt_a, sched_a, loader_a = _build(lab, 0, 1)
    full = lab.train(model_a, opt_a, sched_a, loader_a, F.cross_entropy, total, augment=_augment)

    _fresh_globals(0)
    model_b, opt_b, sched_b, loader_b = _build(lab, 0, 1)
    half = lab.train(model_b, opt_b, sched_b, loader_b, F.cross_entropy, stop, augment=_augment)
    path = tmp_path / "run.ckpt"
    lab.save_checkpoint(path, model_b, opt_b, sched_b, loader_b, half)
    del model_b, opt_b, sched_b, loader_b  # the "crash"

    model_c, opt_c, sched_c, loader_c = _build(lab, 123, 999)  # different init and shuffle seed
    _fresh_globals(77)  # every global RNG somewhere else
    progress = lab.load_checkpoint(path, model_c, opt_c, sched_c, loader_c)
    resumed = lab.train(model_c, opt_c, sched_c, loader_c, F.cross_entropy, total, progress, augment=_augment)
    return (full, model_a), (resumed, model_c)


def _diagnose(full_losses, resumed_losses, stop):
    if len(resumed_losses) != len(full_losses):
        return (
            f"the resumed run recorded {len(resumed_losses)} losses, the uninterrupted one {len(full_losses)}: "
            "the progress (step, position in the epoch, losses) must be in the checkpoint"
        )
    k = next((i for i, (a, b) in enumerate(zip(full_losses, resumed_losses)) if a != b), None)
    if k is None:
        return None
    # losses[k] is the loss of step k + 1; the resumed part starts with step stop + 1
    where = f"step {k + 1}, " + (
        "the first step after resuming" if k == stop else f"step {k - stop + 1} of the resumed part"
    )
    return (
        f"the loss curves part at {where}: {full_losses[k]!r} uninterrupted vs {resumed_losses[k]!r} resumed. "
        "Something that shapes the run was not restored: weights or BatchNorm buffers, the optimizer's moments, "
        "the scheduler's step, the torch / NumPy / Python RNGs, or the loader generator (which only matters "
        "from the next epoch on)"
    )


@pytest.mark.region("checkpoint")
def test_checkpoint_round_trip_restores_every_piece(lab, tmp_path):
    """After save_checkpoint and load_checkpoint into fresh objects: weights, buffers, optimizer, scheduler, 4 RNGs and progress equal."""
    _fresh_globals(0)
    model, opt, sched, loader = _build(lab, 0, 1)
    progress = lab.train(model, opt, sched, loader, F.cross_entropy, 9, augment=_augment)
    lab.save_checkpoint(tmp_path / "a.ckpt", model, opt, sched, loader, progress)
    want = {
        "model weights and BatchNorm buffers": copy.deepcopy(model.state_dict()),
        "optimizer state (AdamW moments)": copy.deepcopy(opt.state_dict()["state"]),
        "scheduler step": sched.last_epoch,
        "torch RNG": torch.get_rng_state(),
        "NumPy RNG": np.random.get_state()[1:3],
        "Python random": random.getstate(),
        "loader generator": loader.generator.get_state(),
    }
    model2, opt2, sched2, loader2 = _build(lab, 5, 6)
    _fresh_globals(42)
    restored = lab.load_checkpoint(tmp_path / "a.ckpt", model2, opt2, sched2, loader2)
    got = {
        "model weights and BatchNorm buffers": model2.state_dict(),
        "optimizer state (AdamW moments)": opt2.state_dict()["state"],
        "scheduler step": sched2.last_epoch,
        "torch RNG": torch.get_rng_state(),
        "NumPy RNG": np.random.get_state()[1:3],
        "Python random": random.getstate(),
        "loader generator": loader2.generator.get_state(),
    }

    def same(a, b):
        if isinstance(a, dict):
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        if torch.is_tensor(a):
            return torch.is_tensor(b) and a.shape == b.shape and torch.equal(a, b)
        if isinstance(a, np.ndarray):
            return np.array_equal(a, b)
        if isinstance(a, tuple):
            return isinstance(b, tuple) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        return a == b

    missing = [name for name in want if not same(want[name], got[name])]
    assert not missing, (
        f"not restored by load_checkpoint(save_checkpoint(...)): {missing}. Save them in the checkpoint dict"
    )
    assert (restored.step, restored.epoch, restored.batch_in_epoch, restored.losses) == (
        progress.step,
        progress.epoch,
        progress.batch_in_epoch,
        progress.losses,
    ), (
        f"progress restored as step={restored.step}, epoch={restored.epoch}, batch={restored.batch_in_epoch}; saved step={progress.step}"
    )


@pytest.mark.region("checkpoint")
@pytest.mark.parametrize("stop", [10, 12, 3], ids=["mid-epoch", "epoch-boundary", "first-epoch"])
def test_resume_reproduces_the_uninterrupted_run_exactly(lab, tmp_path, stop):
    """24 steps straight == `stop` steps, save, load into fresh objects, continue: identical losses, weights and buffers."""
    (full, model_a), (resumed, model_c) = _run_with_resume(lab, tmp_path, stop, 24)
    problem = _diagnose(full.losses, resumed.losses, stop)
    assert problem is None, f"stopped after {stop} steps (6 batches per epoch): {problem}"
    for (name, a), b in zip(model_a.state_dict().items(), model_c.state_dict().values()):
        assert torch.equal(a, b), (
            f"stopped after {stop} steps: final {name} differs (max {float((a - b).abs().max()):.2e})"
        )


@pytest.mark.region("checkpoint")
def test_checkpoint_is_loadable_without_the_lab_module(lab, tmp_path):
    """The file holds only plain containers, tensors and NumPy/Python RNG state (progress as a dict, not the dataclass)."""
    _fresh_globals(0)
    model, opt, sched, loader = _build(lab, 0, 1)
    progress = lab.train(model, opt, sched, loader, F.cross_entropy, 2)
    lab.save_checkpoint(tmp_path / "b.ckpt", model, opt, sched, loader, progress)
    ckpt = torch.load(tmp_path / "b.ckpt", weights_only=False)
    assert isinstance(ckpt, dict), f"the checkpoint should be one dict, got {type(ckpt).__name__}"
    assert isinstance(ckpt.get("progress"), dict), (
        f"ckpt['progress'] is {type(ckpt.get('progress')).__name__}: store dataclasses.asdict(progress) so the file "
        "loads in a process that never imported this module"
    )
    assert not dataclasses.is_dataclass(ckpt.get("progress"))
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != "b.ckpt")
    assert not leftovers, f"saving left extra files behind: {leftovers} (rename the temporary file onto the target)"


@pytest.mark.region("checkpoint")
def test_crash_while_saving_keeps_the_previous_checkpoint(lab, tmp_path, monkeypatch):
    """If torch.save dies half-way (disk full, job killed), the checkpoint already at `path` is still complete."""
    _fresh_globals(0)
    model, opt, sched, loader = _build(lab, 0, 1)
    progress = lab.train(model, opt, sched, loader, F.cross_entropy, 4)
    path = tmp_path / "last.ckpt"
    lab.save_checkpoint(path, model, opt, sched, loader, progress)
    good = path.read_bytes()
    progress = lab.train(model, opt, sched, loader, F.cross_entropy, 8, progress)

    def dying_save(obj, f, *args, **kwargs):  # writes a few bytes of the new file, then fails
        if hasattr(f, "write"):
            f.write(b"PK\x03\x04 half a checkpoint")
        else:
            with open(f, "wb") as fh:
                fh.write(b"PK\x03\x04 half a checkpoint")
        raise OSError("simulated crash: no space left on device")

    monkeypatch.setattr(torch, "save", dying_save)
    with pytest.raises(OSError):
        lab.save_checkpoint(path, model, opt, sched, loader, progress)
    monkeypatch.undo()
    assert path.read_bytes() == good, (
        "torch.save crashed half-way through the second save_checkpoint and the file at `path` is no longer the "
        "previous checkpoint: save to a temporary file in the same folder, then os.replace(tmp, path)"
    )


# ---------------------------------------------------------------------------------------
# region early_stop
# ---------------------------------------------------------------------------------------


def _reference_stops(values, patience, min_delta, mode):
    """Written differently from the lab: indices of improvements first, then the distance to the last one."""
    sign = 1.0 if mode == "min" else -1.0
    best, best_i, improvements = None, -1, []
    for i, v in enumerate(values):
        if not math.isnan(v) and (best is None or sign * (best - v) > min_delta):
            best, best_i = v, i
        improvements.append(best_i)
    return (
        [(i - last) >= patience if last >= 0 else (i + 1) >= patience for i, last in enumerate(improvements)],
        best,
        best_i,
    )


@pytest.mark.region("early_stop")
def test_early_stop_hand_example(lab):
    """Patience 2 on [0.9, 0.7, 0.65, 0.66, 0.64, 0.67, 0.70]: stop at evaluation 6, best 0.64 at evaluation 4."""
    stopper = lab.EarlyStopping(patience=2)
    flags = [stopper.step(v) for v in [0.9, 0.7, 0.65, 0.66, 0.64, 0.67, 0.70]]
    assert flags == [False] * 6 + [True], f"stop flags {flags}: 0.66 is one bad evaluation, 0.64 resets the count"
    assert (stopper.best, stopper.best_step, stopper.bad_steps) == (0.64, 4, 2), (
        f"best={stopper.best}, best_step={stopper.best_step}, bad_steps={stopper.bad_steps}; expected 0.64, 4, 2"
    )


@pytest.mark.region("early_stop")
def test_early_stop_min_delta_mode_and_nan(lab):
    """Gains of at most min_delta do not count; mode 'max' watches accuracy; NaN is never an improvement."""
    s = lab.EarlyStopping(patience=3, min_delta=0.01)
    flags = [s.step(v) for v in [1.0, 0.995, 0.992, 0.991]]  # each beats the previous, none beats 1.0 by > 0.01
    assert flags == [False, False, False, True] and s.best == 1.0, (
        f"min_delta=0.01 on [1.0, 0.995, 0.992, 0.991]: flags {flags}, best {s.best}; compare with the BEST minus min_delta"
    )
    s = lab.EarlyStopping(patience=1, mode="max")
    flags = [s.step(v) for v in [0.5, 0.8, 0.8]]
    assert flags == [False, False, True] and s.best_step == 1, (
        f"mode='max' on [0.5, 0.8, 0.8]: flags {flags}, best_step {s.best_step}"
    )
    s = lab.EarlyStopping(patience=2)
    flags = [s.step(v) for v in [1.0, float("nan"), float("nan")]]
    assert flags == [False, False, True] and s.best == 1.0, (
        f"[1.0, nan, nan] with patience 2: flags {flags}, best {s.best}"
    )
    s = lab.EarlyStopping(patience=0)
    assert s.step(3.0), (
        "patience 0: step() returns bad_steps >= patience, which is already true after the first evaluation"
    )


@pytest.mark.region("early_stop")
@given(
    st.lists(st.sampled_from([0.5, 0.6, 0.62, 0.7, 0.8, 1.0, float("nan")]), min_size=1, max_size=25),
    st.integers(0, 5),
    st.sampled_from([0.0, 0.05]),
    st.sampled_from(["min", "max"]),
)
def test_early_stop_matches_reference(lab, values, patience, min_delta, mode):
    """For any sequence (ties and NaNs included) the stop flags, best and best_step equal an independent reference."""
    stopper = lab.EarlyStopping(patience=patience, min_delta=min_delta, mode=mode)
    flags = [bool(stopper.step(v)) for v in values]
    ref_flags, ref_best, ref_best_i = _reference_stops(values, patience, min_delta, mode)
    assert flags == ref_flags, (
        f"patience={patience}, min_delta={min_delta}, mode={mode!r}, values {values}: flags {flags}, expected {ref_flags}"
    )
    assert stopper.best_step == ref_best_i and (stopper.best == ref_best), (
        f"values {values}: best={stopper.best} at {stopper.best_step}, expected {ref_best} at {ref_best_i}"
    )
