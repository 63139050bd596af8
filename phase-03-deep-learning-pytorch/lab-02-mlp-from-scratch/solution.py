"""Lab 3.2 - An MLP from scratch to nn.Module.

A two-layer perceptron  x -> affine -> ReLU -> affine -> softmax cross-entropy, written
twice: first in float64 NumPy with a hand-written backward pass (checked against central
differences and torch autograd), then as a ``torch.nn.Module`` trained by autograd.

Regions, in the order the README and the tests take them:

    affine_backward  affine_backward          dx, dW, db of out = x_flat @ W + b
    relu_backward    relu_backward            gate the upstream gradient by x > 0
    softmax_ce       softmax_cross_entropy    stable mean cross-entropy and d(loss)/d(scores)
    mlp_init         TwoLayerMLP.__init__     He-initialised parameters in a dict
    mlp_loss         TwoLayerMLP.loss         forward, loss + L2, backward -> grads dict
    sgd              sgd_train                minibatch SGD with momentum (torch conventions)
    torch_mlp        TorchMLP.__init__        the same model as an nn.Module
    torch_train      train_torch              the same training loop with autograd + torch.optim

Run ``python solution.py`` for a quick demo (gradient check, torch parity, a short run on
2,000 digits). The full runs are documented in the README:

    python solution.py --full mnist      # 60k/10k when downloaded, else a 8k/2k split of the 10k set
    python solution.py --full fashion    # Fashion-MNIST 60k/10k
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# ---------------------------------------------------------------------------------------
# 1. Layers with explicit caches
#
# Every layer is a pair: ``*_forward(inputs) -> (out, cache)`` and
# ``*_backward(dout, cache) -> d(inputs)``. The cache holds exactly what the backward pass
# needs; ``dout`` is d(loss)/d(out), with out's shape.
# ---------------------------------------------------------------------------------------


def affine_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Fully connected layer: out = x_flat @ W + b.

    x: (N, d_1, ..., d_k) is flattened to (N, D) with D = d_1·...·d_k (so (N, 28, 28) images
    go in directly); W: (D, M); b: (M,). Returns out (N, M) and the cache (x, W, b).
    """
    x_flat = x.reshape(x.shape[0], -1)  # (N, D); a view when x is contiguous
    out = x_flat @ W + b  # (N, D) @ (D, M) + (M,) -> (N, M)
    return out, (x, W, b)


def affine_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of ``affine_forward``.

    With X = x_flat (N, D) and out = X W + b:

        dX = dout @ Wᵀ         (N, M) @ (M, D) -> (N, D), then reshaped to x.shape
        dW = Xᵀ @ dout         (D, N) @ (N, M) -> (D, M)
        db = Σ_n dout[n, :]    (M,)   (b was broadcast over the N rows)

    Returns (dx with x's shape, dW (D, M), db (M,)).
    """
    # BEGIN REGION affine_backward: Given dout (N, M) and the cache (x, W, b) of affine_forward, return (dx, dW, db).
    # | dx has x's original shape (x may have more than 2 dims: it was flattened to (N, D) in the
    # | forward pass), dW has W's shape (D, M), db has b's shape (M,). Vectorised, no loops.
    x, W, _ = cache  # b's value is not needed, only that it was broadcast over the rows
    x_flat = x.reshape(x.shape[0], -1)  # (N, D)
    dx = (dout @ W.T).reshape(x.shape)  # (N, M) @ (M, D) -> (N, D) -> x.shape
    dW = x_flat.T @ dout  # (D, N) @ (N, M) -> (D, M): sums the N outer products x_n doutᵀ_n
    db = dout.sum(axis=0)  # (M,): the bias was added to every row, so its gradient sums the rows
    return dx, dW, db
    # END REGION affine_backward


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ReLU: out = max(x, 0) element-wise. The cache is the input x."""
    return np.maximum(x, 0), x


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Backward pass of ReLU: dx = dout · 1[x > 0].

    The derivative at exactly x = 0 does not exist; like PyTorch we use 0 there (any value in
    [0, 1] is a valid subgradient, but matching the framework makes comparisons exact).
    """
    # BEGIN REGION relu_backward: Given dout and the cache x of relu_forward, return dx (same shape as x).
    # | The local derivative is 1 where x > 0 and 0 where x <= 0 (0 exactly at x = 0, as in
    # | PyTorch). Do not modify dout in place.
    x = cache
    return dout * (x > 0)  # the mask is the input's sign, never the gradient's
    # END REGION relu_backward


def softmax_cross_entropy(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy over a batch, and its gradient with respect to the scores.

        shifted = s - max_j s_j                         (per row; changes nothing mathematically)
        log p   = shifted - log Σ_j exp(shifted_j)
        L       = -(1/N) Σ_n log p[n, y_n]
        dL/ds   = (p - onehot(y)) / N                    (N, C)

    Same value as torch.nn.functional.cross_entropy(scores, y) with reduction="mean".
    """
    # BEGIN REGION softmax_ce: Return (mean cross-entropy of scores (N, C) against labels y (N,), as a float; dL/dscores (N, C)).
    # | Must stay finite and exact for scores of magnitude 1e4 (exp overflows above ~709 in
    # | float64). The loss is the mean over the N rows, so the gradient carries a 1/N.
    n = scores.shape[0]
    rows = np.arange(n)
    shifted = scores - scores.max(axis=1, keepdims=True)  # (N, C), every entry <= 0
    log_z = np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # (N, 1), the sum lies in [1, C]
    log_p = shifted - log_z  # (N, C) log-probabilities, exact even where p underflows
    loss = float(-log_p[rows, y].mean())
    dscores = np.exp(log_p)  # (N, C) probabilities, a fresh array we may edit
    dscores[rows, y] -= 1.0  # p - onehot(y)
    dscores /= n  # the mean over the batch
    return loss, dscores
    # END REGION softmax_ce


# ---------------------------------------------------------------------------------------
# 2. The two-layer MLP in NumPy
# ---------------------------------------------------------------------------------------


class TwoLayerMLP:
    """scores = ReLU(x W1 + b1) W2 + b2, with parameters in ``self.params``.

    Shapes: W1 (D, H), b1 (H,), W2 (H, C), b2 (C,). Weights are (in, out) so a batch of row
    vectors multiplies from the left; nn.Linear stores the transpose, (out, in).
    """

    def __init__(self, input_dim: int = 784, hidden_dim: int = 256, num_classes: int = 10, seed: int = 0) -> None:
        """He (Kaiming) initialisation: W ~ N(0, 2 / fan_in), biases zero, all float64."""
        # BEGIN REGION mlp_init: Set self.params = {"W1", "b1", "W2", "b2"} as float64 arrays, drawn from np.random.default_rng(seed).
        # | Shapes W1 (input_dim, hidden_dim), b1 (hidden_dim,), W2 (hidden_dim, num_classes),
        # | b2 (num_classes,). He initialisation: each weight ~ Normal(0, std = sqrt(2 / fan_in)),
        # | where fan_in is the number of rows of that matrix; biases start at 0.
        # | The same seed must give the same parameters.
        rng = np.random.default_rng(seed)
        self.params: dict[str, np.ndarray] = {
            # Var(w) = 2/fan_in keeps E[h²] constant through affine + ReLU (ReLU halves it).
            "W1": rng.standard_normal((input_dim, hidden_dim)) * np.sqrt(2.0 / input_dim),
            "b1": np.zeros(hidden_dim),
            "W2": rng.standard_normal((hidden_dim, num_classes)) * np.sqrt(2.0 / hidden_dim),
            "b2": np.zeros(num_classes),
        }
        # END REGION mlp_init

    def loss(
        self, X: np.ndarray, y: np.ndarray | None = None, reg: float = 0.0
    ) -> np.ndarray | tuple[float, dict[str, np.ndarray]]:
        """Scores, or the regularised loss and the gradient of every parameter.

            h      = ReLU(X W1 + b1)                          (N, H)
            scores = h W2 + b2                                (N, C)
            L      = CE(scores, y) + reg · (ΣW1² + ΣW2²)      biases are not regularised
            grads  = {k: dL/dparams[k]}, e.g. dL/dW2 = hᵀ dscores + 2·reg·W2

        X: (N, D) or (N, ...) with D entries per sample. With y None, return scores (N, C).
        """
        # BEGIN REGION mlp_loss: Forward X through affine -> ReLU -> affine using self.params; if y is None return the scores (N, C).
        # | Otherwise return (loss, grads): loss = softmax_cross_entropy(scores, y)[0]
        # | + reg * (sum(W1**2) + sum(W2**2)) as a float (no penalty on biases, no 1/2), and grads a
        # | dict with the same keys and shapes as self.params holding dloss/dparam (the penalty
        # | included). Use the layer functions above and their caches.
        p = self.params
        h, cache1 = affine_forward(X, p["W1"], p["b1"])  # (N, H) pre-activations
        a, cache_relu = relu_forward(h)  # (N, H)
        scores, cache2 = affine_forward(a, p["W2"], p["b2"])  # (N, C)
        if y is None:
            return scores
        data_loss, dscores = softmax_cross_entropy(scores, y)
        loss = data_loss + reg * (np.sum(p["W1"] ** 2) + np.sum(p["W2"] ** 2))
        grads: dict[str, np.ndarray] = {}
        da, grads["W2"], grads["b2"] = affine_backward(dscores, cache2)  # da (N, H)
        dh = relu_backward(da, cache_relu)  # (N, H)
        _, grads["W1"], grads["b1"] = affine_backward(dh, cache1)  # dX is not needed
        grads["W1"] += 2.0 * reg * p["W1"]  # d/dW (reg · ΣW²) = 2·reg·W
        grads["W2"] += 2.0 * reg * p["W2"]
        return float(loss), grads
        # END REGION mlp_loss

    def predict(self, X: np.ndarray, batch_size: int = 4096) -> np.ndarray:
        """Predicted class per sample (N,), scored in batches to bound memory."""
        out = [np.argmax(self.loss(X[i : i + batch_size]), axis=1) for i in range(0, len(X), batch_size)]
        return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def sgd_train(
    model: TwoLayerMLP,
    X: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int,
    batch_size: int = 128,
    lr: float = 0.05,
    momentum: float = 0.9,
    reg: float = 0.0,
    lr_decay: float = 1.0,
    seed: int = 0,
) -> np.ndarray:
    """Minibatch SGD with heavy-ball momentum, with the conventions of torch.optim.SGD:

        v_k <- momentum · v_k + g_k          (one velocity per parameter, starting at 0)
        p_k <- p_k - lr · v_k

    Each epoch visits every sample exactly once in a fresh random order, in batches of
    ``batch_size`` (the last batch may be smaller). After each epoch lr <- lr · lr_decay.
    Returns the loss of every step (regularisation included), shape (steps,).
    """
    # BEGIN REGION sgd: Train model.params in place by minibatch SGD with momentum; return the per-step losses as a float64 array.
    # | Per epoch: shuffle the indices with a np.random.default_rng(seed) generator created once
    # | (a new order every epoch), cut them into batches of batch_size (keep the smaller last
    # | batch), and for each batch call model.loss(X[idx], y[idx], reg), then for every key:
    # | v = momentum * v + grad; param = param - lr * v (v starts at 0). After every epoch
    # | multiply lr by lr_decay. Result length: epochs * ceil(N / batch_size).
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    velocity = {k: np.zeros_like(v) for k, v in model.params.items()}
    losses: list[float] = []
    for _ in range(epochs):
        order = rng.permutation(n)  # a new order every epoch
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            loss, grads = model.loss(X[idx], y[idx], reg=reg)
            for k, g in grads.items():
                velocity[k] = momentum * velocity[k] + g  # velocity first (lr stays outside) ...
                model.params[k] -= lr * velocity[k]  # ... then the step with the new velocity
            losses.append(loss)
        lr *= lr_decay
    return np.asarray(losses, dtype=np.float64)
    # END REGION sgd


# ---------------------------------------------------------------------------------------
# 3. The same model in PyTorch
# ---------------------------------------------------------------------------------------


class TorchMLP(nn.Module):
    """The same architecture as TwoLayerMLP: fc1 -> ReLU -> fc2, on flattened inputs.

    nn.Linear(in, out) holds weight (out, in) and bias (out,) and computes x @ weight.T + bias,
    so fc1.weight is W1ᵀ and fc2.weight is W2ᵀ.
    """

    def __init__(self, input_dim: int = 784, hidden_dim: int = 256, num_classes: int = 10) -> None:
        super().__init__()
        # BEGIN REGION torch_mlp: Register two nn.Linear layers, self.fc1 (input_dim -> hidden_dim) and self.fc2 (hidden_dim -> num_classes), with biases.
        # | Initialise both weights like TwoLayerMLP: Normal(0, std = sqrt(2 / fan_in)) (He /
        # | Kaiming normal for ReLU, fan_in mode), and both biases to zero.
        self.fc1 = nn.Linear(input_dim, hidden_dim)
        self.fc2 = nn.Linear(hidden_dim, num_classes)
        for layer in (self.fc1, self.fc2):
            # torch's default is uniform with std 1/sqrt(3·fan_in); He wants sqrt(2/fan_in).
            nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")
            nn.init.zeros_(layer.bias)
        # END REGION torch_mlp

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, ...) inputs -> (N, num_classes) scores (logits)."""
        return self.fc2(torch.relu(self.fc1(x.flatten(1))))


def torch_mlp_from_numpy(model: TwoLayerMLP) -> TorchMLP:
    """A float64 TorchMLP holding exactly the NumPy model's parameters (via its state_dict)."""
    W1, W2 = model.params["W1"], model.params["W2"]
    net = TorchMLP(W1.shape[0], W1.shape[1], W2.shape[1]).double()
    state = {
        "fc1.weight": torch.from_numpy(W1.T.copy()),  # (D, H) -> (H, D)
        "fc1.bias": torch.from_numpy(model.params["b1"].copy()),
        "fc2.weight": torch.from_numpy(W2.T.copy()),  # (H, C) -> (C, H)
        "fc2.bias": torch.from_numpy(model.params["b2"].copy()),
    }
    net.load_state_dict(state)  # strict: fails loudly on a missing or misspelt key
    return net


def train_torch(
    model: nn.Module,
    X: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int,
    batch_size: int = 128,
    lr: float = 0.05,
    momentum: float = 0.9,
    reg: float = 0.0,
    lr_decay: float = 1.0,
    seed: int = 0,
) -> np.ndarray:
    """The training loop of ``sgd_train`` with autograd and torch.optim.SGD.

    Loss per batch: F.cross_entropy(model(xb), yb) + reg · Σ (every weight matrix)² (no
    penalty on biases). Returns the per-step losses as a float64 NumPy array.
    """
    # BEGIN REGION torch_train: Train `model` (a TorchMLP, float32 or float64) on NumPy X (N, ...) and labels y (N,) with torch.optim.SGD(lr, momentum).
    # | Same schedule as sgd_train: every epoch a new random order (seeded with `seed`), batches
    # | of batch_size (keep the last, smaller one), lr multiplied by lr_decay after each epoch.
    # | Per step: loss = cross-entropy (mean) + reg * sum of squared weights of fc1 and fc2
    # | (not biases); clear old gradients, backpropagate, step. Convert X to the model's dtype.
    # | Put the model in train mode while training and in eval mode before returning.
    # | Return the per-step losses as a float64 NumPy array of length epochs * ceil(N / batch_size).
    dtype = next(model.parameters()).dtype
    Xt = torch.as_tensor(X, dtype=dtype)
    yt = torch.as_tensor(y, dtype=torch.long)
    weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=lr_decay)  # one step per epoch
    gen = torch.Generator().manual_seed(seed)
    n = Xt.shape[0]
    losses: list[float] = []
    model.train()  # no dropout / batch norm here, but a habit that matters as soon as there is
    for _ in range(epochs):
        order = torch.randperm(n, generator=gen)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            loss = F.cross_entropy(model(Xt[idx]), yt[idx])
            if reg:
                loss = loss + reg * sum(w.square().sum() for w in weights)
            opt.zero_grad(set_to_none=True)  # .grad accumulates across backward() calls
            loss.backward()
            opt.step()
            losses.append(loss.item())
        sched.step()
    model.eval()
    return np.asarray(losses, dtype=np.float64)
    # END REGION torch_train


@torch.no_grad()
def torch_predict(model: nn.Module, X: np.ndarray, batch_size: int = 4096) -> np.ndarray:
    """Predicted class per sample with the model in eval mode and no autograd graph."""
    model.eval()
    dtype = next(model.parameters()).dtype
    out = [model(torch.as_tensor(X[i : i + batch_size], dtype=dtype)).argmax(1).numpy() for i in range(0, len(X), batch_size)]
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


# ---------------------------------------------------------------------------------------
# 4. Tools: data preparation, splits, gradient checking
# ---------------------------------------------------------------------------------------


def fit_normaliser(images: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation of the pixel values of the TRAINING images, in [0, 1] units."""
    x = images.astype(np.float64) / 255.0
    return float(x.mean()), float(x.std())


def prepare(images: np.ndarray, mean: float, std: float) -> np.ndarray:
    """uint8 images (N, 28, 28) -> float64 features (N, 784), standardised with train statistics."""
    return (images.reshape(len(images), -1).astype(np.float64) / 255.0 - mean) / std


def stratified_split(y: np.ndarray, test_fraction: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test), each class split in the same proportion; both in random order,
    so a prefix such as train[:2000] is a random (roughly stratified) subset."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for c in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == c))
        k = round(test_fraction * len(idx))
        test.append(idx[:k])
        train.append(idx[k:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central differences of f() with respect to the array x, perturbed IN PLACE and restored.

    f takes no arguments: it reads x (e.g. a model parameter) itself. Use float64 arrays.
    """
    grad = np.zeros_like(x, dtype=np.float64)
    flat, gflat = x.reshape(-1), grad.reshape(-1)  # views (x must be contiguous)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        f_plus = f()
        flat[i] = old - h
        f_minus = f()
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> float:
    """max_i |a_i - b_i| / max(|a_i| + |b_i|, eps): the element-wise CS231n-style measure."""
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), eps)))


# ---------------------------------------------------------------------------------------
# 5. Demo and full runs
# ---------------------------------------------------------------------------------------


def _demo() -> None:
    from cvlab import data

    rng = np.random.default_rng(0)
    print("1. Gradient check of a tiny MLP (float64, reg = 0.1, non-zero biases)")
    model = TwoLayerMLP(input_dim=6, hidden_dim=8, num_classes=4, seed=1)
    for k in ("b1", "b2"):
        model.params[k] = rng.standard_normal(model.params[k].shape)
    X, y = rng.standard_normal((5, 6)), rng.integers(0, 4, 5)
    _, grads = model.loss(X, y, reg=0.1)
    for k, p in model.params.items():
        num = numerical_gradient(lambda: model.loss(X, y, reg=0.1)[0], p)
        print(f"   {k}: {p.shape}, max relative error {relative_error(num, grads[k]):.1e}")

    print("\n2. The same weights in a TorchMLP: logits, loss and gradients vs autograd")
    net = torch_mlp_from_numpy(model)
    logits = net(torch.from_numpy(X))
    loss_t = F.cross_entropy(logits, torch.from_numpy(y)) + 0.1 * (net.fc1.weight.square().sum() + net.fc2.weight.square().sum())
    loss_t.backward()
    loss_np, _ = model.loss(X, y, reg=0.1)
    print(f"   max |logits diff| {np.abs(logits.detach().numpy() - model.loss(X)).max():.1e}, loss {loss_np:.6f} vs {loss_t.item():.6f}")
    print(f"   max |dW1 - fc1.weight.grad.T| {np.abs(grads['W1'] - net.fc1.weight.grad.numpy().T).max():.1e}")
    n_params = sum(p.numel() for p in TorchMLP().parameters())
    print(f"   TorchMLP(784, 256, 10) has {n_params:,} parameters")

    print("\n3. A quick run: 2,000 digits for training, 1,000 held out")
    images, labels = data.mnist_10k()
    tr, te = stratified_split(labels, 0.3, seed=0)
    tr, te = tr[:2000], te[:1000]
    mean, std = fit_normaliser(images[tr])
    Xtr, Xte = prepare(images[tr], mean, std), prepare(images[te], mean, std)
    t0 = time.perf_counter()
    mlp = TwoLayerMLP(784, 128, 10, seed=0)
    losses = sgd_train(mlp, Xtr, labels[tr], epochs=8, batch_size=64, lr=0.02, momentum=0.9, reg=1e-4)
    acc = np.mean(mlp.predict(Xte) == labels[te])
    print(f"   NumPy: loss {losses[:10].mean():.3f} -> {losses[-10:].mean():.3f}, held-out accuracy {acc:.1%} "
          f"({time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    torch.manual_seed(0)
    net = TorchMLP(784, 128, 10)
    losses = train_torch(net, Xtr, labels[tr], epochs=8, batch_size=64, lr=0.02, momentum=0.9, reg=1e-4)
    acc = np.mean(torch_predict(net, Xte) == labels[te])
    print(f"   torch: loss {losses[:10].mean():.3f} -> {losses[-10:].mean():.3f}, held-out accuracy {acc:.1%} "
          f"({time.perf_counter() - t0:.1f} s)")


#: Hyperparameters of the documented full runs (chosen before looking at any test split).
FULL_RUN: dict[str, Any] = {
    "hidden": 256, "epochs": 15, "batch_size": 128, "lr": 0.05, "momentum": 0.9, "reg": 5e-5, "lr_decay": 0.8,
}


def _load_full(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str]:
    from cvlab import data

    if name == "fashion":
        (xtr, ytr), (xte, yte) = data.fashion_mnist("train"), data.fashion_mnist("test")
        return xtr, ytr, xte, yte, "Fashion-MNIST 60k train / 10k test"
    try:
        (xtr, ytr), (xte, yte) = data.mnist("train"), data.mnist("test")
        return xtr, ytr, xte, yte, "MNIST, the full 60k train / 10k test split"
    except data.DataMissing:
        images, labels = data.mnist_10k()
        tr, te = stratified_split(labels, 0.2, seed=0)
        what = "MNIST offline: the 10k set, stratified 8k train / 2k held-out test (full MNIST not downloaded)"
        return images[tr], labels[tr], images[te], labels[te], what


def _full_run(name: str, backends: list[str]) -> None:
    xtr, ytr, xte, yte, what = _load_full(name)
    print(f"dataset: {what}")
    mean, std = fit_normaliser(xtr)
    Xtr, Xte = prepare(xtr, mean, std), prepare(xte, mean, std)
    cfg = FULL_RUN
    print(f"model 784-{cfg['hidden']}-10, {cfg}")
    print(f"{os.cpu_count()} cores, torch threads {torch.get_num_threads()}, load average {os.getloadavg()[0]:.1f}")
    for backend in backends:
        t0, c0 = time.perf_counter(), time.process_time()
        kw = {k: cfg[k] for k in ("epochs", "batch_size", "lr", "momentum", "reg", "lr_decay")}
        if backend == "numpy":
            model = TwoLayerMLP(784, cfg["hidden"], 10, seed=0)
            losses = sgd_train(model, Xtr, ytr, seed=0, **kw)
            pred_tr, pred_te = model.predict(Xtr), model.predict(Xte)
        else:
            torch.manual_seed(0)
            net = TorchMLP(784, cfg["hidden"], 10)  # float32
            losses = train_torch(net, Xtr.astype(np.float32), ytr, seed=0, **kw)
            pred_tr, pred_te = torch_predict(net, Xtr.astype(np.float32)), torch_predict(net, Xte.astype(np.float32))
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"[{backend:5s}] final-epoch loss {losses[-len(losses) // cfg['epochs']:].mean():.4f}  "
              f"train acc {np.mean(pred_tr == ytr):.2%}  test acc {np.mean(pred_te == yte):.2%}  "
              f"({len(yte)} test images)  wall {wall:.1f} s, CPU {cpu:.1f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Lab 3.2 demo and full runs")
    parser.add_argument("--full", choices=["mnist", "fashion"], help="run the documented full training run")
    parser.add_argument("--backend", choices=["numpy", "torch", "both"], default="both")
    args = parser.parse_args(argv)
    if args.full:
        _full_run(args.full, ["numpy", "torch"] if args.backend == "both" else [args.backend])
    else:
        _demo()


if __name__ == "__main__":
    main()
