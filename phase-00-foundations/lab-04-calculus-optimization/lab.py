"""Lab 0.4 - Calculus and optimisation: gradients you can trust, and how to descend them.

Regions, in the order the README and the tests take them:

    numgrad   numerical_gradient     central differences of a scalar f at an array x
    relerr    relative_error         max_i |a_i - b_i| / max(|a_i| + |b_i|, eps)
    mse       mse_loss_grad          linear-regression MSE and its analytic gradient
    gd        fit_linear_gd          the plain gradient-descent loop
    momentum  heavy_ball             heavy-ball momentum with PyTorch's SGD conventions
    softmax   softmax                numerically stable softmax along any axis
    lse       logsumexp              numerically stable log-sum-exp along any axis
    ce        softmax_cross_entropy  mean softmax cross-entropy and d(loss)/d(logits)

Everything is float64 NumPy. Run ``python solution.py`` (or ``python lab.py``) for a demo.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# ---------------------------------------------------------------------------------------
# 1. Numerical gradients and how to compare them
# ---------------------------------------------------------------------------------------


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central-difference estimate of the gradient of a scalar function ``f`` at ``x``.

        ∂f/∂x_i ≈ (f(x + h·e_i) - f(x - h·e_i)) / (2h)        truncation error O(h²)

    ``x`` may have any shape (0-d and empty included) and is left unchanged; the result is
    float64 with ``x.shape``. Costs 2·x.size evaluations of ``f``: a checking tool, not a
    training tool.
    """
    # TODO(numgrad): For every element i return (f(x + h*e_i) - f(x - h*e_i)) / (2h), e_i the unit array at i.
    # | Result: float64, same shape as x (0-d and empty arrays included); x may be an integer array.
    # | f takes an array shaped like x and returns a scalar. The caller's x must be unchanged when
    # | you return.
    raise NotImplementedError("TODO(numgrad): write this region")


def relative_error(a: np.ndarray | float, b: np.ndarray | float, eps: float = 1e-8) -> float:
    """Worst element-wise relative error between two gradients (or any two arrays).

        rel = max_i |a_i - b_i| / max(|a_i| + |b_i|, eps)

    Rules of thumb for float64 gradient checks with h ≈ 1e-5: rel < 1e-7 good; 1e-7..1e-4
    suspicious (acceptable only near kinks such as ReLU at 0); > 1e-4 almost surely a bug.
    ``eps`` stops 0/0 when both entries are zero.
    """
    # TODO(relerr): Return the largest element-wise |a - b| / max(|a| + |b|, eps) as a Python float.
    # | a and b are arrays or scalars that broadcast together. Two zeros give 0 (never nan);
    # | empty inputs give 0.0.
    raise NotImplementedError("TODO(relerr): write this region")


# ---------------------------------------------------------------------------------------
# 2. Linear regression by gradient descent
# ---------------------------------------------------------------------------------------


def mse_loss_grad(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean squared error of a linear model and its gradient with respect to the weights.

        r = Xw - y,   L(w) = (1/N) rᵀr,   ∇L(w) = (2/N) Xᵀr,   Hessian H = (2/N) XᵀX

    X: (N, D), y: (N,), w: (D,). Returns (loss as a float, grad (D,)).
    """
    # TODO(mse): Return (L, grad) with L = mean((X @ w - y)**2) as a float and grad = dL/dw, shape (D,).
    # | X is (N, D), y is (N,), w is (D,). Vectorised: no Python loops.
    raise NotImplementedError("TODO(mse): write this region")


def fit_linear_gd(
    X: np.ndarray, y: np.ndarray, lr: float, n_iters: int, w0: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Plain gradient descent on the MSE: w_{k+1} = w_k - lr·∇L(w_k).

    The loss is a convex quadratic, so for 0 < lr < 2/λ_max(H) the iterates converge to the
    least-squares solution (the one np.linalg.lstsq returns when X has full column rank).
    Returns (w after n_iters steps (D,), losses (n_iters,)) where losses[k] = L(w_k), the loss
    *before* step k.
    """
    # TODO(gd): Run n_iters steps of w <- w - lr * grad from w0 (zeros of shape (D,) when None), using mse_loss_grad.
    # | Return (final w, losses) where losses has shape (n_iters,) and losses[k] is the loss of the
    # | weights before step k (so losses[0] is the loss of w0). Do not modify the caller's w0.
    raise NotImplementedError("TODO(gd): write this region")


def max_stable_lr(X: np.ndarray) -> float:
    """2 / λ_max of the MSE Hessian H = (2/N)XᵀX: GD on the MSE diverges for any larger step."""
    hessian = (2.0 / X.shape[0]) * (X.T @ X)  # (D, D), symmetric PSD
    return 2.0 / float(np.linalg.eigvalsh(hessian)[-1])  # eigvalsh sorts ascending


# ---------------------------------------------------------------------------------------
# 3. Momentum
# ---------------------------------------------------------------------------------------


def heavy_ball(
    grad_fn: Callable[[np.ndarray], np.ndarray], w0: np.ndarray, lr: float, mu: float, n_steps: int
) -> tuple[np.ndarray, np.ndarray]:
    """Heavy-ball momentum, with exactly the conventions of torch.optim.SGD(momentum=mu):

        v_{k+1} = mu·v_k + ∇f(w_k),   v_0 = 0
        w_{k+1} = w_k - lr·v_{k+1}

    Substituting lr·v_k = w_{k-1} - w_k gives Polyak's form
    w_{k+1} = w_k - lr·∇f(w_k) + mu·(w_k - w_{k-1}). mu = 0 is plain gradient descent.

    Returns (ws, vs): ws (n_steps+1, *w0.shape) with ws[0] = w0 and ws[k] the weights after k
    steps; vs (n_steps, *w0.shape) with vs[k] = v_{k+1}, the velocity used by step k (what
    torch stores as optimizer.state[p]["momentum_buffer"]).
    """
    # TODO(momentum): From w0 with velocity 0, repeat n_steps times: v <- mu*v + grad_fn(w); w <- w - lr*v.
    # | Return (ws, vs) as float64 arrays: ws has shape (n_steps + 1, *w0.shape) with ws[0] = w0,
    # | vs has shape (n_steps, *w0.shape) with vs[k] the velocity after updating it in step k.
    raise NotImplementedError("TODO(momentum): write this region")


def steps_to_reach(ws: np.ndarray, w_star: np.ndarray, tol: float) -> int | None:
    """First k with ||ws[k] - w*|| <= tol·||ws[0] - w*||, or None if the run never gets there."""
    dist = np.linalg.norm((ws - w_star).reshape(len(ws), -1), axis=1)  # (K+1,)
    hit = np.flatnonzero(dist <= tol * dist[0])
    return int(hit[0]) if hit.size else None


def ill_conditioned_quadratic(kappa: float, dim: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A random SPD matrix A with eigenvalues spread log-uniformly over [1, kappa], and a minimiser w*.

    f(w) = ½ (w - w*)ᵀ A (w - w*), ∇f(w) = A (w - w*), condition number κ = kappa.
    """
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((dim, dim)))  # random rotation
    eigs = np.geomspace(1.0, kappa, dim)
    a = (q * eigs) @ q.T  # Q diag(eigs) Qᵀ, (dim, dim)
    return a, rng.standard_normal(dim)


# ---------------------------------------------------------------------------------------
# 4. Softmax, log-sum-exp and softmax cross-entropy
# ---------------------------------------------------------------------------------------


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """softmax(x)_i = exp(x_i - m) / Σ_j exp(x_j - m) along ``axis``, m = max_j x_j.

    Subtracting m changes nothing mathematically (softmax is shift-invariant) but keeps every
    exponent <= 0, so nothing overflows and the largest term is exactly 1.
    """
    # TODO(softmax): Softmax of x along `axis`: float64, same shape as x, slices along axis sum to 1.
    # | Must stay finite and correct for logits of magnitude 1e4, where exp overflows
    # | (float64 exp overflows above ~709.78).
    raise NotImplementedError("TODO(softmax): write this region")


def logsumexp(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """lse(x) = log Σ_i exp(x_i) = m + log Σ_i exp(x_i - m), m = max_i x_i, along ``axis``.

    Result has x's shape without ``axis`` (like scipy.special.logsumexp). Always
    max(x) <= lse(x) <= max(x) + log(n).
    """
    # TODO(lse): log(sum(exp(x))) along `axis` computed without overflow or underflow; float64.
    # | The result has x's shape with `axis` removed. Must stay finite for logits of magnitude 1e4
    # | (both very positive and very negative).
    raise NotImplementedError("TODO(lse): write this region")


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy over a batch and its gradient with respect to the logits.

        L = (1/N) Σ_n [ lse(z_n) - z_n[y_n] ]            (= -(1/N) Σ_n log softmax(z_n)[y_n])
        ∂L/∂z_n = (softmax(z_n) - onehot(y_n)) / N

    logits: (N, C) float, labels: (N,) ints in [0, C). Returns (loss float, grad (N, C)).
    Same value as torch.nn.functional.cross_entropy(logits, labels) (reduction="mean").
    """
    # TODO(ce): Return (mean cross-entropy over the N rows as a float, d(loss)/d(logits) of shape (N, C)).
    # | logits (N, C), labels (N,) integer class indices. Stay finite for logits of magnitude 1e4:
    # | never take the log of a probability that may have underflowed to 0.
    raise NotImplementedError("TODO(ce): write this region")


# ---------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------


def make_linear_data(
    n: int = 200, d: int = 3, noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Synthetic regression data with known weights: X = [features, 1], y = X w_true + noise."""
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((n, d))  # (N, d)
    X = np.hstack([features, np.ones((n, 1))])  # (N, d+1): last column is the intercept
    w_true = rng.uniform(-2.0, 2.0, d + 1)
    y = X @ w_true + noise * rng.standard_normal(n)  # (N,)
    return X, y, w_true


def _demo() -> None:
    np.set_printoptions(precision=5, suppress=True)
    rng = np.random.default_rng(0)

    print("1. Gradient check of f(x) = sum(sin(x) * x**2) on a (3, 4) array")
    x = rng.standard_normal((3, 4))
    exact = np.cos(x) * x**2 + 2 * x * np.sin(x)
    for h in (1e-2, 1e-5, 1e-9):
        num = numerical_gradient(lambda t: np.sum(np.sin(t) * t**2), x, h=h)
        print(f"   h={h:.0e}  rel error vs exact = {relative_error(num, exact):.2e}")

    print("\n2. Linear regression by gradient descent vs np.linalg.lstsq")
    X, y, w_true = make_linear_data()
    lr_max = max_stable_lr(X)
    w_gd, losses = fit_linear_gd(X, y, lr=0.5 * lr_max, n_iters=500)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    print(f"   lr bound 2/λ_max = {lr_max:.3f}; loss {losses[0]:.3f} -> {losses[-1]:.5f}")
    print(f"   true  {w_true}\n   lstsq {w_ls}\n   GD    {w_gd}")
    print(f"   rel error GD vs lstsq: {relative_error(w_gd, w_ls):.1e}")

    print("\n3. Momentum on a quadratic with condition number 100")
    a, w_star = ill_conditioned_quadratic(kappa=100.0)
    big, small = np.linalg.eigvalsh(a)[[-1, 0]]
    w0 = np.zeros_like(w_star)
    grad = lambda w: a @ (w - w_star)
    ws_gd, _ = heavy_ball(grad, w0, lr=2 / (big + small), mu=0.0, n_steps=2000)
    lr_hb = 4 / (np.sqrt(big) + np.sqrt(small)) ** 2
    mu_hb = ((np.sqrt(big) - np.sqrt(small)) / (np.sqrt(big) + np.sqrt(small))) ** 2
    ws_hb, _ = heavy_ball(grad, w0, lr=lr_hb, mu=mu_hb, n_steps=2000)
    print(
        f"   steps to shrink the error 1e6 times: GD {steps_to_reach(ws_gd, w_star, 1e-6)}, "
        f"heavy ball (mu={mu_hb:.3f}) {steps_to_reach(ws_hb, w_star, 1e-6)}"
    )

    print("\n4. Softmax and cross-entropy on logits of size 1e4")
    z = np.array([[1e4, 0.0, -1e4], [3.0, 1.0, 0.2]])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    print(f"   naive softmax:  {naive[0]}\n   stable softmax: {softmax(z)[0]}")
    print(f"   logsumexp: {logsumexp(z)}")
    labels = np.array([2, 0])
    loss, g = softmax_cross_entropy(z, labels)
    print(f"   CE loss {loss:.4f}; gradient rows sum to {g.sum(axis=1)}")
    z_small = rng.standard_normal((4, 5))
    labels_small = rng.integers(0, 5, 4)
    num = numerical_gradient(lambda t: softmax_cross_entropy(t, labels_small)[0], z_small)
    print(f"   CE gradient check: rel error {relative_error(num, softmax_cross_entropy(z_small, labels_small)[1]):.1e}")


if __name__ == "__main__":
    _demo()
