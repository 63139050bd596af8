"""Lab 3.3 - Training loops, losses and optimisers: every moving part of `for batch in loader`.

Regions, in the order the README and the tests take them:

    smooth_ce    cross_entropy_smooth   cross-entropy against a label-smoothed target
    focal        sigmoid_focal_loss     focal loss on independent sigmoid outputs (RetinaNet)
    sgd          SGD.step               SGD with momentum, dampening, Nesterov, weight decay
    adamw        AdamW.step             Adam with bias correction and decoupled weight decay
    schedule     warmup_cosine          linear warmup then cosine decay, as an LR multiplier
    clip         clip_grad_norm         rescale all gradients so their global L2 norm <= max_norm
    checkpoint   save_checkpoint        everything a resumed run needs to continue bit-exactly
    early_stop   EarlyStopping.step     stop after `patience` evaluations without improvement

Given (not regions): `make_warmup_cosine` (the LambdaLR wrapper), `Progress`, `make_loader`,
`train` (the loop that can stop and resume mid-epoch), `load_checkpoint` and the demo.
Everything matches a PyTorch reference: `F.cross_entropy(label_smoothing=...)`,
`torchvision.ops.sigmoid_focal_loss`, `torch.optim.SGD`, `torch.optim.AdamW` / `Adam`,
`SequentialLR(LinearLR, CosineAnnealingLR)` and `torch.nn.utils.clip_grad_norm_`.
`ablation.py` uses these pieces to measure BatchNorm, dropout, augmentation and the
schedule on Fashion-MNIST.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import os
import random
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.optim.lr_scheduler import LambdaLR
from torch.utils.data import DataLoader, Dataset, TensorDataset


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    """Apply a torch-style reduction ("none", "mean" or "sum") to per-element losses."""
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    raise ValueError(f"reduction must be 'none', 'mean' or 'sum', got {reduction!r}")


# ---------------------------------------------------------------------------------------
# 1. Losses
# ---------------------------------------------------------------------------------------


def cross_entropy_smooth(logits: Tensor, target: Tensor, eps: float = 0.0, reduction: str = "mean") -> Tensor:
    """Cross-entropy of softmax(logits) against the label-smoothed target distribution.

        q_k   = (1 - eps)·[k = y] + eps / K                 (K classes; sums to 1)
        loss  = -Σ_k q_k log p_k,   log p_k = z_k - lse(z)
              = (1 - eps)·(lse(z) - z_y) + eps·(lse(z) - mean_k z_k)

    The same convention as ``F.cross_entropy(logits, target, label_smoothing=eps)``: the eps
    mass is spread over all K classes, the true one included. eps = 0 is plain cross-entropy.
    logits: (N, K) float, target: (N,) int64. Differentiable through autograd.
    """
    # BEGIN REGION smooth_ce: Per-row loss = -sum_k q_k * log softmax(logits)_k with q = (1 - eps)*onehot(target) + eps/K.
    # | logits (N, K), target (N,) int64 class indices; reduction "none" -> (N,), "mean"/"sum" -> scalar
    # | (use _reduce). Must stay finite for logits of magnitude 1e4 in float32, and be differentiable.
    logp = logits - torch.logsumexp(logits, dim=1, keepdim=True)  # (N, K) log-softmax, never log(0)
    nll = -logp.gather(1, target.unsqueeze(1)).squeeze(1)  # (N,) -log p_y
    uniform = -logp.mean(dim=1)  # (N,) -(1/K) Σ_k log p_k: cross-entropy against the uniform target
    return _reduce((1.0 - eps) * nll + eps * uniform, reduction)
    # END REGION smooth_ce


def sigmoid_focal_loss(
    logits: Tensor, targets: Tensor, alpha: float = 0.25, gamma: float = 2.0, reduction: str = "none"
) -> Tensor:
    """Focal loss (Lin et al., RetinaNet) on independent sigmoid outputs.

        p    = sigmoid(z),   p_t = p if t = 1 else 1 - p
        CE   = -log p_t                                  (binary cross-entropy, from logits)
        FL   = α_t · (1 - p_t)^γ · CE,   α_t = α if t = 1 else 1 - α   (no α_t when α < 0)

    (1 - p_t)^γ down-weights easy examples (p_t -> 1), so the many easy negatives of dense
    detection stop dominating the sum. γ = 0 and α < 0 give plain BCE. Same as
    ``torchvision.ops.sigmoid_focal_loss``. logits and targets (same shape; targets in [0, 1]).
    """
    # BEGIN REGION focal: Element-wise alpha_t * (1 - p_t)**gamma * BCE(logits, targets), p = sigmoid(logits), p_t as in the docstring.
    # | Skip the alpha_t factor when alpha < 0. Same shape as logits for reduction "none" (else scalar,
    # | use _reduce). The BCE term must stay finite for logits of magnitude 200 in float32.
    p = torch.sigmoid(logits)
    ce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")  # stable: no log(0)
    p_t = p * targets + (1.0 - p) * (1.0 - targets)
    loss = ce * (1.0 - p_t) ** gamma
    if alpha >= 0:
        loss = (alpha * targets + (1.0 - alpha) * (1.0 - targets)) * loss
    return _reduce(loss, reduction)
    # END REGION focal


# ---------------------------------------------------------------------------------------
# 2. Optimisers written by hand (subclasses of torch.optim.Optimizer)
# ---------------------------------------------------------------------------------------


class SGD(torch.optim.Optimizer):
    """Stochastic gradient descent with the exact conventions of ``torch.optim.SGD``.

    Per parameter, with g = ∇L(θ) (+ wd·θ when weight_decay > 0):

        b_1 = g                                   (first step: the buffer IS the gradient)
        b_t = μ·b_{t-1} + (1 - dampening)·g       (later steps)
        d   = g + μ·b_t   (nesterov)   or   b_t   (classic heavy ball)
        θ  <- θ - lr·d

    The buffer lives in ``self.state[p]["momentum_buffer"]`` so ``state_dict()`` (and a
    checkpoint) carries it. lr is read from ``param_groups`` at every step, so schedulers work.
    """

    def __init__(
        self,
        params: Iterable,
        lr: float,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
    ) -> None:
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError(f"lr, momentum and weight_decay must be >= 0, got {lr}, {momentum}, {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum needs momentum > 0 and dampening = 0")
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
        }
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure: Callable[[], Tensor] | None = None) -> Tensor | None:
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        # BEGIN REGION sgd: Update every parameter with a gradient, in place, exactly like torch.optim.SGD.
        # | For each group use its lr, momentum, dampening, weight_decay, nesterov. Skip p.grad None.
        # | Keep the momentum buffer in self.state[p]["momentum_buffer"] (only when momentum > 0).
        # | The first step sets the buffer to the (decayed) gradient itself.
        for group in self.param_groups:
            lr, mu, damp = group["lr"], group["momentum"], group["dampening"]
            wd, nesterov = group["weight_decay"], group["nesterov"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                d_p = p.grad
                if wd != 0:
                    d_p = d_p.add(p, alpha=wd)  # L2 penalty (wd/2)|θ|² folded into the gradient
                if mu != 0:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:  # torch's convention: no dampening on the first step
                        buf = state["momentum_buffer"] = d_p.detach().clone()
                    else:
                        buf.mul_(mu).add_(d_p, alpha=1.0 - damp)
                    d_p = d_p.add(buf, alpha=mu) if nesterov else buf
                p.add_(d_p, alpha=-lr)
        # END REGION sgd
        return loss


class AdamW(torch.optim.Optimizer):
    """Adam with bias correction and (by default) decoupled weight decay: ``torch.optim.AdamW``.

    Per parameter, step t = 1, 2, ..., g = ∇L(θ):

        θ   <- θ·(1 - lr·wd)                        decoupled decay (decoupled=True)
        g   <- g + wd·θ                             L2 penalty instead (decoupled=False: torch.optim.Adam)
        m_t  = β1·m_{t-1} + (1 - β1)·g              m_0 = 0
        v_t  = β2·v_{t-1} + (1 - β2)·g²             v_0 = 0
        m̂_t  = m_t / (1 - β1^t),  v̂_t = v_t / (1 - β2^t)            bias correction
        θ   <- θ - lr·m̂_t / (√v̂_t + eps)

    State per parameter: ``step`` (int), ``exp_avg`` (m) and ``exp_avg_sq`` (v).
    """

    def __init__(
        self,
        params: Iterable,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        decoupled: bool = True,
    ) -> None:
        if lr < 0 or eps < 0 or weight_decay < 0 or not (0 <= betas[0] < 1 and 0 <= betas[1] < 1):
            raise ValueError(f"invalid hyper-parameters lr={lr}, betas={betas}, eps={eps}, weight_decay={weight_decay}")
        defaults = {"lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay, "decoupled": decoupled}
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure: Callable[[], Tensor] | None = None) -> Tensor | None:
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        # BEGIN REGION adamw: Update every parameter with a gradient, in place, like torch.optim.AdamW (decoupled=True)
        # | or torch.optim.Adam with weight_decay (decoupled=False). Read lr, betas, eps, weight_decay and
        # | decoupled from each group; skip p.grad None. Keep self.state[p]["step"] (int, 1 after the first
        # | update), self.state[p]["exp_avg"] and self.state[p]["exp_avg_sq"] (tensors shaped like p).
        for group in self.param_groups:
            lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
            wd, decoupled = group["weight_decay"], group["decoupled"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                state = self.state[p]
                if not state:  # lazy init: moments start at zero, which is what biases them
                    state["step"] = 0
                    state["exp_avg"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                    state["exp_avg_sq"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                state["step"] += 1
                t, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
                if wd != 0:
                    if decoupled:
                        p.mul_(1.0 - lr * wd)  # shrink θ directly: not divided by √v̂
                    else:
                        grad = grad.add(p, alpha=wd)  # L2: the decay goes through the adaptive scaling
                m.mul_(beta1).add_(grad, alpha=1.0 - beta1)  # EMA of g
                v.mul_(beta2).addcmul_(grad, grad, value=1.0 - beta2)  # EMA of g²
                bias1 = 1.0 - beta1**t  # E[m_t] = (1 - β1^t)·E[g] for a stationary g
                bias2 = 1.0 - beta2**t
                denom = (v.sqrt() / math.sqrt(bias2)).add_(eps)  # √v̂ + eps
                p.addcdiv_(m, denom, value=-lr / bias1)  # θ -= lr·m̂ / (√v̂ + eps)
        # END REGION adamw
        return loss


# ---------------------------------------------------------------------------------------
# 3. Learning-rate schedule and gradient clipping
# ---------------------------------------------------------------------------------------


def warmup_cosine(
    step: int, warmup_steps: int, total_steps: int, start_factor: float = 0.1, min_factor: float = 0.0
) -> float:
    """LR multiplier at optimizer step ``step`` (0-based): linear warmup, then half a cosine.

        step < W:        f = s + (1 - s)·step / W                          (s = start_factor)
        W <= step < T:   f = m + (1 - m)·½·(1 + cos(π·(step - W) / (T - W)))  (m = min_factor)
        step >= T:       f = m

    f(0) = s, f(W) = 1, f(T) = m. Identical to SequentialLR([LinearLR(start_factor=s,
    total_iters=W), CosineAnnealingLR(T_max=T - W, eta_min=m·lr)], milestones=[W]).
    """
    # BEGIN REGION schedule: Return the multiplier f(step) of the docstring as a Python float (W = warmup_steps, T = total_steps).
    # | 0 <= warmup_steps < total_steps; warmup_steps = 0 means no warmup (pure cosine). Steps past
    # | total_steps stay at min_factor.
    if step < warmup_steps:
        return start_factor + (1.0 - start_factor) * step / warmup_steps
    if step >= total_steps:
        return float(min_factor)
    progress = (step - warmup_steps) / (total_steps - warmup_steps)  # 0 at the peak, -> 1 at T
    return min_factor + (1.0 - min_factor) * 0.5 * (1.0 + math.cos(math.pi * progress))
    # END REGION schedule


def make_warmup_cosine(
    optimizer: torch.optim.Optimizer,
    warmup_steps: int,
    total_steps: int,
    start_factor: float = 0.1,
    min_factor: float = 0.0,
) -> LambdaLR:
    """A LambdaLR that sets lr = base_lr·warmup_cosine(k) before optimizer step k.

    Call ``scheduler.step()`` once after every ``optimizer.step()``. A functools.partial (not
    a lambda) so the scheduler's state_dict stays picklable.
    """
    fn = partial(
        warmup_cosine,
        warmup_steps=warmup_steps,
        total_steps=total_steps,
        start_factor=start_factor,
        min_factor=min_factor,
    )
    return LambdaLR(optimizer, fn)


def clip_grad_norm(parameters: Iterable[Tensor] | Tensor, max_norm: float, eps: float = 1e-6) -> Tensor:
    """Rescale gradients in place so that their GLOBAL L2 norm is at most ``max_norm``.

        n = sqrt(Σ_params Σ_i g_i²)            (one norm over all gradients together)
        g <- g · min(1, max_norm / (n + eps))  (same factor for every gradient: direction kept)

    Returns n, the norm BEFORE clipping (log it: spikes announce instabilities). Parameters
    without a gradient are ignored; with none at all the norm is 0. Same as
    ``torch.nn.utils.clip_grad_norm_``.
    """
    # BEGIN REGION clip: Scale every existing p.grad in place by min(1, max_norm / (total_norm + eps)); return total_norm.
    # | total_norm = L2 norm of all gradients concatenated, as a 0-d tensor (torch.tensor(0.0) when no
    # | parameter has a gradient). parameters may be a single tensor, a list or a generator.
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    grads = [p.grad for p in params if p.grad is not None]
    if not grads:
        return torch.tensor(0.0)
    norms = torch.stack([torch.linalg.vector_norm(g) for g in grads])  # (P,) one norm per tensor
    total = torch.linalg.vector_norm(norms)  # sqrt(Σ n_i²) = norm of the concatenation
    coef = torch.clamp(max_norm / (total + eps), max=1.0)  # never scale UP
    for g in grads:
        g.mul_(coef.to(g.dtype))
    return total
    # END REGION clip


# ---------------------------------------------------------------------------------------
# 4. The training loop, checkpoint and exact resume
# ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Progress:
    """Where a run is: what `train` needs, besides the model, optimizer and RNGs, to continue.

    step            optimizer steps taken so far
    epoch           completed passes over the loader
    batch_in_epoch  batches of the current epoch already consumed
    epoch_loader_state  the loader generator's state when the current epoch's iterator was
                    created (replaying it reproduces this epoch's shuffle)
    losses          the training loss of every step so far (the curve)
    """

    step: int = 0
    epoch: int = 0
    batch_in_epoch: int = 0
    epoch_loader_state: Tensor | None = None
    losses: list[float] = dataclasses.field(default_factory=list)


def make_loader(dataset: Dataset, batch_size: int, seed: int, drop_last: bool = True) -> DataLoader:
    """A shuffling DataLoader whose order comes from its OWN generator (seeded), not the global RNG."""
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, generator=generator, drop_last=drop_last)


def train(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None,
    loader: DataLoader,
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    steps: int,
    progress: Progress | None = None,
    augment: Callable[[Tensor], Tensor] | None = None,
    max_norm: float | None = None,
) -> Progress:
    """Take optimizer steps until ``progress.step == steps``; returns the updated Progress.

    Can stop in the middle of an epoch and continue later (same process or after
    ``load_checkpoint``): an unfinished epoch is replayed from the loader generator's state at
    the epoch's start, and the batches already consumed are skipped, so the continued run sees
    exactly the batches the uninterrupted run would have seen.
    """
    p = progress if progress is not None else Progress()
    gen = loader.generator
    if gen is None:
        raise ValueError("the loader needs its own torch.Generator (see make_loader) to be resumable")
    n_batches = len(loader)
    model.train()
    while p.step < steps:
        if p.batch_in_epoch == 0:
            p.epoch_loader_state = gen.get_state()  # iter() below draws this epoch's shuffle from here
        else:
            gen.set_state(p.epoch_loader_state)  # replay the unfinished epoch's shuffle ...
        it = iter(loader)
        for xb, yb in itertools.islice(it, p.batch_in_epoch, None):  # ... and skip what was consumed
            if augment is not None:
                xb = augment(xb)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            if max_norm is not None:
                clip_grad_norm(model.parameters(), max_norm)
            optimizer.step()
            if scheduler is not None:
                scheduler.step()  # after optimizer.step(): lr for the NEXT step
            p.losses.append(float(loss.detach()))
            p.step += 1
            p.batch_in_epoch += 1
            if p.step >= steps:
                break
        if p.batch_in_epoch >= n_batches:  # the epoch is complete
            # Finish the iterator as a full pass does even when we stopped on the last batch:
            # RandomSampler draws one more permutation from the generator when it runs out,
            # and the next epoch's shuffle starts from the state after that draw.
            for _ in it:
                pass
            p.batch_in_epoch = 0
            p.epoch += 1
    return p


def save_checkpoint(
    path: str | os.PathLike,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
    loader: DataLoader,
    progress: Progress,
) -> None:
    """Write everything `load_checkpoint` needs so that `train` continues bit-exactly.

    One dict saved with ``torch.save``, with the keys `load_checkpoint` restores:

        "model"       the model's parameters AND buffers (BatchNorm running statistics)
        "optimizer"   the optimizer's state (momentum buffers, Adam moments, step counts) and groups
        "scheduler"   the scheduler's state (its step counter, hence the current lr)
        "progress"    the Progress as a plain dict: step, epoch, position in the epoch, losses
        "torch_rng"   the global torch CPU generator (dropout masks, torchvision augmentation)
        "numpy_rng"   NumPy's global generator (NumPy-based augmentation)
        "python_rng"  Python's `random` generator
        "loader_rng"  the loader's own generator (the shuffle of every later epoch)

    (plus "cuda_rng", every GPU's generator, when CUDA is available).
    """
    # BEGIN REGION checkpoint: torch.save one dict with the eight keys of the docstring to `path`.
    # | Store the progress as a plain dict (dataclasses.asdict), not the dataclass itself. Write so
    # | that a crash during saving cannot leave a truncated file at `path`.
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "progress": dataclasses.asdict(progress),  # plain types: loads without this module
        "torch_rng": torch.get_rng_state(),
        "numpy_rng": np.random.get_state(),
        "python_rng": random.getstate(),
        "loader_rng": loader.generator.get_state(),
    }
    if torch.cuda.is_available():  # each GPU has its own generator (dropout on the GPU)
        state["cuda_rng"] = torch.cuda.get_rng_state_all()
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)  # atomic on POSIX: the old checkpoint survives a crash mid-write
    # END REGION checkpoint


def load_checkpoint(
    path: str | os.PathLike,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
    loader: DataLoader,
) -> Progress:
    """Restore what `save_checkpoint` wrote into freshly built objects; return the Progress.

    Restores every entry the file holds and leaves the rest as it is (so a weights-only file,
    ``{"model": ...}``, loads too), exactly like real code that loads "whatever is there":
    a forgotten entry does not crash, it silently makes the resumed run differ.
    ``weights_only=False`` because the NumPy RNG state is a NumPy array: only load your own files.
    """
    ckpt = torch.load(path, weights_only=False)
    if "model" in ckpt:
        model.load_state_dict(ckpt["model"])
    if "optimizer" in ckpt:
        optimizer.load_state_dict(ckpt["optimizer"])
    if "scheduler" in ckpt:
        scheduler.load_state_dict(ckpt["scheduler"])
    if "torch_rng" in ckpt:
        torch.set_rng_state(ckpt["torch_rng"])
    if "numpy_rng" in ckpt:
        np.random.set_state(ckpt["numpy_rng"])
    if "python_rng" in ckpt:
        random.setstate(ckpt["python_rng"])
    if "loader_rng" in ckpt:
        loader.generator.set_state(ckpt["loader_rng"])
    if "cuda_rng" in ckpt and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(ckpt["cuda_rng"])
    return Progress(**ckpt["progress"]) if "progress" in ckpt else Progress()


# ---------------------------------------------------------------------------------------
# 5. Early stopping
# ---------------------------------------------------------------------------------------


class EarlyStopping:
    """Stop when the monitored metric has not improved for ``patience`` evaluations in a row.

    An evaluation improves when it beats the best so far by more than ``min_delta``
    (value < best - min_delta for mode "min", value > best + min_delta for mode "max"); the
    first evaluation always improves, a NaN never does. Attributes: ``best`` (best value,
    None before any finite one), ``best_step`` (0-based index of the evaluation that set it,
    -1 before), ``bad_steps`` (evaluations since then), ``n_steps`` (evaluations seen).
    """

    def __init__(self, patience: int, min_delta: float = 0.0, mode: str = "min") -> None:
        if patience < 0 or min_delta < 0 or mode not in ("min", "max"):
            raise ValueError(
                f"need patience >= 0, min_delta >= 0, mode 'min'/'max'; got {patience}, {min_delta}, {mode!r}"
            )
        self.patience, self.min_delta, self.mode = patience, min_delta, mode
        self.best: float | None = None
        self.best_step = -1
        self.bad_steps = 0
        self.n_steps = 0

    def step(self, value: float) -> bool:
        """Record one evaluation of the metric; return True when training should stop now."""
        # BEGIN REGION early_stop: Update best, best_step, bad_steps and n_steps for this evaluation; return bad_steps >= patience.
        # | Improvement = first finite value, or beating the best by MORE than min_delta in the direction of
        # | self.mode. An improvement resets bad_steps to 0; anything else (NaN included) adds 1.
        value = float(value)
        if math.isnan(value):
            improved = False
        elif self.best is None:
            improved = True
        elif self.mode == "min":
            improved = value < self.best - self.min_delta
        else:
            improved = value > self.best + self.min_delta
        if improved:
            self.best, self.best_step, self.bad_steps = value, self.n_steps, 0
        else:
            self.bad_steps += 1
        self.n_steps += 1
        return self.bad_steps >= self.patience
        # END REGION early_stop

    def state_dict(self) -> dict:
        """Everything needed to resume the stopper with the rest of a checkpoint."""
        return {
            k: getattr(self, k) for k in ("patience", "min_delta", "mode", "best", "best_step", "bad_steps", "n_steps")
        }

    def load_state_dict(self, state: dict) -> None:
        for k, v in state.items():
            setattr(self, k, v)


# ---------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------


def _tiny_problem(seed: int = 0, n: int = 96, d: int = 8, k: int = 3) -> tuple[Tensor, Tensor]:
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g, dtype=torch.float64)
    w = torch.randn(d, k, generator=g, dtype=torch.float64)
    return X, (X @ w).argmax(dim=1)


def _tiny_mlp(seed: int, d: int = 8, k: int = 3) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(d, 16), nn.BatchNorm1d(16), nn.Tanh(), nn.Dropout(0.2), nn.Linear(16, k)).double()


@torch.no_grad()
def _max_param_diff(a: nn.Module, b: nn.Module) -> float:
    return max(float((p - q).abs().max()) for p, q in zip(a.parameters(), b.parameters()))


def _demo() -> None:
    import copy
    import tempfile

    torch.set_printoptions(precision=4)
    X, y = _tiny_problem()

    print("1. Losses")
    z = torch.tensor([[4.0, 1.0, -2.0], [0.5, 0.4, 0.3]])
    t = torch.tensor([0, 2])
    for eps in (0.0, 0.1):
        ours = cross_entropy_smooth(z, t, eps)
        ref = F.cross_entropy(z, t, label_smoothing=eps)
        print(f"   label smoothing eps={eps}: ours {ours:.6f}  F.cross_entropy {ref:.6f}")
    logits = torch.tensor([-4.0, -1.0, 0.0, 3.0])
    targets = torch.tensor([0.0, 0.0, 1.0, 1.0])
    bce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    print(f"   BCE   {bce}\n   focal {sigmoid_focal_loss(logits, targets)}   (easy examples shrink most)")

    print("\n2. Hand-written optimisers vs torch.optim, 15 steps on a float64 MLP")
    for name, ours_cls, ref_cls, kw in [
        ("SGD nesterov+wd", SGD, torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-3}),
        ("AdamW", AdamW, torch.optim.AdamW, {"lr": 1e-2, "weight_decay": 0.1}),
    ]:
        m1 = _tiny_mlp(0).eval()
        m2 = copy.deepcopy(m1)
        o1, o2 = ours_cls(m1.parameters(), **kw), ref_cls(m2.parameters(), **kw)
        for _ in range(15):
            for m, o in ((m1, o1), (m2, o2)):
                o.zero_grad()
                F.cross_entropy(m(X), y).backward()
                o.step()
        print(f"   {name:16s} max |θ_ours - θ_torch| = {_max_param_diff(m1, m2):.2e}")
    norms = {}
    for decoupled in (True, False):  # same lr and wd: decoupled decay vs an L2 penalty inside Adam
        m = _tiny_mlp(0).eval()
        o = AdamW(m.parameters(), lr=1e-2, weight_decay=0.5, decoupled=decoupled)
        for _ in range(300):
            o.zero_grad()
            F.cross_entropy(m(X), y).backward()
            o.step()
        with torch.no_grad():
            norms[decoupled] = (float(m[0].weight.norm()), float(F.cross_entropy(m(X), y)))
    print(
        f"   wd=0.5, 300 steps: first-layer weight norm / loss: AdamW {norms[True][0]:.3g} / {norms[True][1]:.3f}"
        f", Adam+L2 {norms[False][0]:.3g} / {norms[False][1]:.3f} (log 3 = {math.log(3):.3f})"
    )

    print("\n3. Warmup (5 steps from 0.1) + cosine to 0 over 20 steps, lr multiplier:")
    print("   " + " ".join(f"{warmup_cosine(k, 5, 20):.2f}" for k in range(21)))

    print("\n4. Exact resume: 20 steps straight vs 10 steps, checkpoint, fresh objects, 10 more")

    def build(seed):
        model = _tiny_mlp(seed)
        opt = AdamW(model.parameters(), lr=1e-2, weight_decay=1e-2)
        return model, opt, make_warmup_cosine(opt, 3, 20), make_loader(TensorDataset(X, y), 16, seed=1)

    def augment(xb):  # NumPy- and random-based noise: their RNG states matter too
        return xb + 0.05 * torch.from_numpy(np.random.standard_normal(tuple(xb.shape))) * random.random()

    np.random.seed(0), random.seed(0)
    model_a, opt_a, sch_a, loader_a = build(0)
    full = train(model_a, opt_a, sch_a, loader_a, F.cross_entropy, 20, augment=augment, max_norm=1.0)
    np.random.seed(0), random.seed(0)
    model_b, opt_b, sch_b, loader_b = build(0)
    half = train(model_b, opt_b, sch_b, loader_b, F.cross_entropy, 10, augment=augment, max_norm=1.0)
    with tempfile.TemporaryDirectory() as tmp:
        save_checkpoint(Path(tmp) / "ckpt.pt", model_b, opt_b, sch_b, loader_b, half)
        model_c, opt_c, sch_c, loader_c = build(123)  # different init, different loader seed
        torch.manual_seed(99), np.random.seed(99), random.seed(99)  # scramble every global RNG
        resumed = load_checkpoint(Path(tmp) / "ckpt.pt", model_c, opt_c, sch_c, loader_c)
    resumed = train(model_c, opt_c, sch_c, loader_c, F.cross_entropy, 20, resumed, augment=augment, max_norm=1.0)
    same_curve = full.losses == resumed.losses
    print(f"   loss curve identical: {same_curve}; max |θ_full - θ_resumed| = {_max_param_diff(model_a, model_c):.1e}")

    print("\n5. Early stopping (patience 2) on a validation curve")
    stopper = EarlyStopping(patience=2)
    for i, v in enumerate([0.9, 0.7, 0.65, 0.66, 0.64, 0.67, 0.70]):
        if stopper.step(v):
            print(f"   stop after evaluation {i}: best {stopper.best} at evaluation {stopper.best_step}")
            break


if __name__ == "__main__":
    _demo()
