"""Grader for lab 0.4 (calculus and optimisation).

References are independent of the code under test: torch autograd, torch.optim.SGD and
torch.nn.functional for gradients, optimiser steps and losses; scipy.special for softmax
and log-sum-exp; np.linalg.lstsq for least squares; and exact values built by hand.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
import torch
import torch.nn.functional as F
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# ---------------------------------------------------------------------------------------
# helpers (the grader's own; nothing here comes from the lab)
# ---------------------------------------------------------------------------------------


def _normwise(got: np.ndarray, ref: np.ndarray) -> float:
    """max|got - ref| / max|ref|: one number that does not blow up where ref is ~0."""
    scale = max(float(np.max(np.abs(ref))), 1e-300) if np.size(ref) else 1.0
    return float(np.max(np.abs(np.asarray(got) - ref))) / scale if np.size(ref) else 0.0


def _torch_grad(fn, x: np.ndarray) -> np.ndarray:
    """Gradient of a scalar torch function at x, float64, by autograd."""
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    fn(t).backward()
    return t.grad.numpy()


def _regression_data(n=300, scales=(1.0, 3.0, 0.5), noise=0.05, seed=0):
    """Features with different scales plus an intercept column; y = X w_true + noise."""
    rng = np.random.default_rng(seed)
    X = np.hstack([rng.standard_normal((n, len(scales))) * np.array(scales), np.ones((n, 1))])
    w_true = rng.uniform(-2, 2, X.shape[1])
    y = X @ w_true + noise * rng.standard_normal(n)
    return X, y, w_true


def _hessian_eigs(X):
    return np.linalg.eigvalsh((2.0 / X.shape[0]) * X.T @ X)  # ascending


def _spd_quadratic(kappa=100.0, dim=8, seed=1):
    """A = Q diag(1..kappa) Qᵀ and a minimiser w*: f(w) = ½(w-w*)ᵀA(w-w*)."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    eigs = np.linspace(1.0, kappa, dim)
    return (q * eigs) @ q.T, rng.standard_normal(dim), eigs


def _steps_to(ws, w_star, tol):
    dist = np.linalg.norm(ws - w_star, axis=1)
    hit = np.flatnonzero(dist <= tol * dist[0])
    return int(hit[0]) if hit.size else None


finite = {"allow_nan": False, "allow_infinity": False}


# ---------------------------------------------------------------------------------------
# region numgrad
# ---------------------------------------------------------------------------------------


@pytest.mark.region("numgrad")
def test_numgrad_matches_autograd_on_curved_function(lab):
    """numerical_gradient agrees with torch autograd to ~1e-8 on a curved, coupled function of a (3, 4, 2) array."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1.5, 1.5, (3, 4, 2))
    u = rng.standard_normal((3, 4, 2))

    def f_np(t):
        return np.sum(np.sin(t) * np.exp(0.5 * t)) + 0.5 * np.sum(u * t) ** 2

    def f_torch(t):
        return torch.sum(torch.sin(t) * torch.exp(0.5 * t)) + 0.5 * torch.sum(torch.from_numpy(u) * t) ** 2

    got = np.asarray(lab.numerical_gradient(f_np, x))
    ref = _torch_grad(f_torch, x)
    assert got.shape == x.shape, (
        f"numerical_gradient(f, x of shape {x.shape}) returned shape {got.shape}, expected {x.shape}"
    )
    err = _normwise(got, ref)
    assert err < 1e-8, (
        f"numerical_gradient with the default h differs from autograd by {err:.2e} (relative, max-norm); "
        "central differences with h=1e-5 are good to ~1e-10 here. A forward difference (f(x+h)-f(x))/h is only "
        "O(h) accurate (~1e-5), and forgetting to restore x[i] after perturbing it shifts every later coordinate."
    )


@pytest.mark.region("numgrad")
def test_numgrad_error_on_a_cubic_is_exactly_h_squared(lab):
    """For f = sum(x**3) a central difference with step h returns 3x² + h² exactly: checks the formula and that h is used."""
    x = np.array([-2.0, -0.5, 0.0, 1.0, 3.0])
    h = 1e-2
    got = np.asarray(lab.numerical_gradient(lambda t: np.sum(t**3), x, h=h))
    expected = 3 * x**2 + h**2  # ((x+h)³ - (x-h)³) / 2h = 3x² + h²
    assert np.allclose(got, expected, rtol=0, atol=1e-9), (
        f"numerical_gradient(sum(x**3), x={x.tolist()}, h={h}) = {got.tolist()}, expected 3x²+h² = {expected.tolist()}. "
        "A forward difference gives 3x² + 3xh + h² instead; ignoring h gives a much smaller error term."
    )


@st.composite
def _quad_problem(draw):
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    el = st.floats(-3, 3, **finite)
    x = draw(hnp.arrays(np.float64, shape, elements=el))
    c = draw(hnp.arrays(np.float64, shape, elements=st.floats(-2, 2, **finite)))
    b = draw(hnp.arrays(np.float64, shape, elements=st.floats(-1, 1, **finite)))
    return x, c, b


@pytest.mark.region("numgrad")
@given(_quad_problem())
def test_numgrad_any_shape_quadratic_property(lab, problem):
    """On f = Σ c·x² + ½(Σ b·x)² the result has x's shape, is float64, matches 2cx + (b·x)b, and x is untouched."""
    x, c, b = problem
    x_before = x.copy()

    def f(t):
        assert t.shape == x.shape, f"f was called with shape {t.shape}, expected x's shape {x.shape}"
        return np.sum(c * t**2) + 0.5 * np.sum(b * t) ** 2

    got = np.asarray(lab.numerical_gradient(f, x))
    expected = 2 * c * x + np.sum(b * x) * b
    assert got.shape == x.shape, f"x of shape {x.shape}: got gradient shape {got.shape}"
    assert got.dtype == np.float64, f"x of shape {x.shape}: got dtype {got.dtype}, expected float64"
    assert np.array_equal(x, x_before), "numerical_gradient changed the caller's x (restore it, or work on a copy)"
    assert np.allclose(got, expected, rtol=1e-6, atol=1e-5), (
        f"x={x.tolist()}, c={c.tolist()}, b={b.tolist()}: got {got.tolist()}, expected {expected.tolist()} "
        "(central differences are exact on quadratics up to round-off)"
    )


@pytest.mark.region("numgrad")
def test_numgrad_integer_zero_d_and_empty_inputs(lab):
    """Integer input is treated as float64 (x + h is not rounded away); 0-d and empty arrays work."""
    got = np.asarray(lab.numerical_gradient(lambda t: np.sum(t**2), np.array([1, 2, 3])))
    assert np.allclose(got, [2, 4, 6], atol=1e-6), (
        f"numerical_gradient(sum(x**2), x=np.array([1, 2, 3]) (int64)) = {got.tolist()}, expected [2, 4, 6]: "
        "perturbing an integer array in place rounds x+h back to x; make a float64 copy first"
    )
    got0 = np.asarray(lab.numerical_gradient(lambda t: float(t) ** 3, np.array(2.0)))
    assert got0.shape == () and abs(float(got0) - 12.0) < 1e-6, (
        f"numerical_gradient(x**3, x=np.array(2.0)) = {got0!r}, expected a 0-d array equal to 12"
    )
    empty = np.zeros((0, 3))
    got_e = np.asarray(lab.numerical_gradient(lambda t: float(np.sum(t)), empty))
    assert got_e.shape == (0, 3), f"numerical_gradient on an empty (0, 3) array returned shape {got_e.shape}"


# ---------------------------------------------------------------------------------------
# region relerr
# ---------------------------------------------------------------------------------------


@pytest.mark.region("relerr")
def test_relerr_known_values(lab):
    """relative_error gives |a-b|/(|a|+|b|) on hand-picked scalars and arrays, as a Python float."""
    got = lab.relative_error(1.0, 1.0001)
    assert isinstance(got, float), f"relative_error(1.0, 1.0001) returned {type(got).__name__}, expected a Python float"
    assert abs(got - 1e-4 / 2.0001) < 1e-15, f"relative_error(1.0, 1.0001) = {got!r}, expected {1e-4 / 2.0001!r}"
    a, b = np.array([1.0, -2.0, 4.0]), np.array([1.0, -1.0, 4.0])
    got = lab.relative_error(a, b)
    assert abs(got - 1.0 / 3.0) < 1e-15, f"relative_error({a.tolist()}, {b.tolist()}) = {got!r}, expected 1/3"
    got = lab.relative_error(np.full((2, 3), 2.0), 2.0)
    assert got == 0.0, f"relative_error(2.0-filled (2, 3) array, scalar 2.0) = {got!r}, expected 0.0 (broadcasting)"


@pytest.mark.region("relerr")
def test_relerr_reports_the_worst_element(lab):
    """One bad entry among 1000 good ones must show: the error is the maximum, not the mean."""
    a = np.ones(1000)
    b = a.copy()
    b[437] = 1.5
    got = lab.relative_error(a, b)
    assert abs(got - 0.2) < 1e-12, (
        f"relative_error(ones(1000), same but b[437]=1.5) = {got!r}, expected 0.5/2.5 = 0.2; "
        "an average hides the one wrong gradient entry you are looking for"
    )


@pytest.mark.region("relerr")
def test_relerr_denominator_guard(lab):
    """Two zero gradients give 0.0, not nan; tiny values are judged against eps, not against each other."""
    with np.errstate(all="ignore"):
        got = lab.relative_error(np.zeros(4), np.zeros(4))
        tiny = lab.relative_error(0.0, 1e-20)
    assert got == 0.0, f"relative_error(zeros(4), zeros(4)) = {got!r}, expected 0.0 (0/0 needs the max(..., eps) guard)"
    assert tiny < 1e-9, (
        f"relative_error(0.0, 1e-20) = {tiny!r}, expected 1e-20 / eps = 1e-12: with the guard, differences far below "
        "eps are negligible"
    )
    assert lab.relative_error(np.zeros(0), np.zeros(0)) == 0.0, "relative_error of two empty arrays should be 0.0"


@pytest.mark.region("relerr")
@given(
    hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e6, 1e6, **finite)),
    st.floats(0.5, 2.0),
    st.integers(0, 2**31 - 1),
)
def test_relerr_properties(lab, a, scale, seed):
    """relative_error is symmetric, lies in [0, 1], is 0 for identical inputs and does not change under rescaling."""
    b = a + np.random.default_rng(seed).standard_normal(a.shape) * np.abs(a) * 1e-3
    r_ab, r_ba = lab.relative_error(a, b), lab.relative_error(b, a)
    assert r_ab == pytest.approx(r_ba, rel=1e-12, abs=0), (
        f"a={a.tolist()}, b={b.tolist()}: rel(a,b)={r_ab}, rel(b,a)={r_ba}"
    )
    assert 0.0 <= r_ab <= 1.0, f"a={a.tolist()}, b={b.tolist()}: got {r_ab}, outside [0, 1]"
    assert lab.relative_error(a, a) == 0.0, f"relative_error(a, a) should be 0.0 for a={a.tolist()}"
    assume(np.min(np.abs(a) + np.abs(b)) > 1e-4)  # away from the eps floor the measure is scale-free
    r_scaled = lab.relative_error(scale * a, scale * b)
    assert r_scaled == pytest.approx(r_ab, rel=1e-9, abs=1e-15), (
        f"relative_error(k·a, k·b) with k={scale} gave {r_scaled}, but relative_error(a, b) = {r_ab}"
    )


# ---------------------------------------------------------------------------------------
# region mse
# ---------------------------------------------------------------------------------------


@pytest.mark.region("mse")
def test_mse_hand_computed(lab):
    """On X=[[1,0],[0,1],[1,1]], w=[1,2], y=0 the residual is [1,2,3]: loss 14/3, gradient (2/3)Xᵀr = [8/3, 10/3]."""
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    w, y = np.array([1.0, 2.0]), np.zeros(3)
    loss, grad = lab.mse_loss_grad(w, X, y)
    assert isinstance(loss, float), f"the loss should be a Python float, got {type(loss).__name__}"
    assert abs(loss - 14 / 3) < 1e-12, f"loss = {loss!r}, expected mean([1, 4, 9]) = 14/3"
    grad = np.asarray(grad)
    assert grad.shape == (2,), f"gradient shape {grad.shape}, expected (D,) = (2,)"
    assert np.allclose(grad, [8 / 3, 10 / 3], atol=1e-12), (
        f"gradient = {grad.tolist()}, expected (2/N)·Xᵀr = [8/3, 10/3] (both the 2 from the square and the 1/N of the mean)"
    )


@pytest.mark.region("mse")
def test_mse_matches_torch(lab):
    """Loss equals torch.nn.functional.mse_loss and the gradient equals torch autograd on random (50, 4) data."""
    rng = np.random.default_rng(3)
    X, y, w = rng.standard_normal((50, 4)), rng.standard_normal(50), rng.standard_normal(4)
    loss, grad = lab.mse_loss_grad(w, X, y)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    ref_loss = float(F.mse_loss(Xt @ torch.from_numpy(w), yt))
    ref_grad = _torch_grad(lambda t: F.mse_loss(Xt @ t, yt), w)
    assert abs(loss - ref_loss) <= 1e-12 * max(1.0, ref_loss), f"loss = {loss!r}, torch mse_loss = {ref_loss!r}"
    err = _normwise(np.asarray(grad), ref_grad)
    assert err < 1e-12, (
        f"gradient {np.asarray(grad).tolist()} differs from autograd {ref_grad.tolist()} (rel {err:.1e})"
    )


@pytest.mark.region("mse")
def test_mse_gradient_vanishes_at_least_squares_solution(lab):
    """At the np.linalg.lstsq solution the gradient is zero (the normal equations XᵀXw = Xᵀy)."""
    X, y, _ = _regression_data()
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    _, grad = lab.mse_loss_grad(w_ls, X, y)
    assert np.max(np.abs(grad)) < 1e-10, (
        f"gradient at the least-squares solution = {np.asarray(grad).tolist()}, expected ~0"
    )


# ---------------------------------------------------------------------------------------
# region gd
# ---------------------------------------------------------------------------------------


@pytest.mark.region("gd")
def test_gd_converges_to_lstsq(lab):
    """GD with lr = 1/λ_max(H) for 2000 steps reaches np.linalg.lstsq's solution (rel 1e-8) and is near the true weights."""
    X, y, w_true = _regression_data()
    lr = 1.0 / _hessian_eigs(X)[-1]
    w, _ = lab.fit_linear_gd(X, y, lr=lr, n_iters=2000)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    err = _normwise(np.asarray(w), w_ls)
    assert err < 1e-8, (
        f"fit_linear_gd(lr={lr:.4f}, n_iters=2000) returned {np.asarray(w).tolist()}, lstsq gives {w_ls.tolist()} "
        f"(relative error {err:.1e}); the gradient must be recomputed at the current w every step and subtracted"
    )
    assert np.max(np.abs(w - w_true)) < 0.05, f"GD weights {w.tolist()} are far from the true weights {w_true.tolist()}"


@pytest.mark.region("gd")
def test_gd_loss_history_and_w0(lab):
    """losses has n_iters entries, losses[0] is the loss of w0, the history never increases, and w0 is not modified."""
    X, y, _ = _regression_data(seed=5)
    w0 = np.array([1.0, -1.0, 2.0, 0.5])
    w0_before = w0.copy()
    lr = 0.9 * 2.0 / _hessian_eigs(X)[-1]
    w, losses = lab.fit_linear_gd(X, y, lr=lr, n_iters=50, w0=w0)
    losses = np.asarray(losses)
    assert losses.shape == (50,), f"losses has shape {losses.shape}, expected (n_iters,) = (50,)"
    loss0 = np.mean((X @ w0_before - y) ** 2)
    assert abs(losses[0] - loss0) < 1e-9 * loss0, (
        f"losses[0] = {losses[0]!r}, expected the loss of w0 = {loss0!r} (record the loss before each step)"
    )
    assert np.array_equal(w0, w0_before), "fit_linear_gd modified the caller's w0 in place"
    assert np.all(np.diff(losses) <= 1e-12), (
        f"with lr = 0.9·(2/λ_max) the loss must decrease every step, got {losses[:8].tolist()} ..."
    )
    assert np.mean((X @ w - y) ** 2) <= losses[-1], "the returned w should be one step past the last recorded loss"


@pytest.mark.region("gd")
def test_gd_learning_rate_bound(lab):
    """Just below lr = 2/λ_max GD still converges; just above it the loss blows up."""
    X, y, _ = _regression_data(seed=7)
    bound = 2.0 / _hessian_eigs(X)[-1]
    _, ok = lab.fit_linear_gd(X, y, lr=0.95 * bound, n_iters=300)
    _, bad = lab.fit_linear_gd(X, y, lr=1.05 * bound, n_iters=300)
    assert ok[-1] < 1e-2 * ok[0], f"lr = 0.95·2/λ_max: loss went {ok[0]:.3g} -> {ok[-1]:.3g}, expected it to converge"
    assert bad[-1] > 1e3 * bad[0], (
        f"lr = 1.05·2/λ_max: loss went {bad[0]:.3g} -> {bad[-1]:.3g}; plain GD must diverge above 2/λ_max "
        "(the error along the top eigenvector is multiplied by |1 - lr·λ_max| > 1 each step)"
    )


# ---------------------------------------------------------------------------------------
# region momentum
# ---------------------------------------------------------------------------------------


def _torch_sgd_run(f_torch, w0, lr, mu, n_steps):
    p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, momentum=mu)
    ws, vs = [w0.copy()], []
    for _ in range(n_steps):
        opt.zero_grad()
        f_torch(p).backward()
        opt.step()
        ws.append(p.detach().numpy().copy())
        vs.append(opt.state[p]["momentum_buffer"].numpy().copy())
    return np.stack(ws), np.stack(vs)


@pytest.mark.region("momentum")
@pytest.mark.parametrize("case", ["quadratic", "nonconvex-matrix"])
def test_momentum_matches_torch_sgd_step_by_step(lab, case):
    """Every iterate and velocity equals torch.optim.SGD(momentum=mu) (v = mu·v + g; w -= lr·v) step by step."""
    if case == "quadratic":
        a, w_star, _ = _spd_quadratic(kappa=50.0, dim=6)
        w0, lr, mu, n = np.zeros(6), 0.02, 0.9, 40

        def grad_np(w):
            return a @ (w - w_star)

        def f_torch(p):
            d = p - torch.from_numpy(w_star)
            return 0.5 * d @ torch.from_numpy(a) @ d
    else:  # a (2, 3) parameter and a non-quadratic loss: shapes are kept as they are
        w0 = np.random.default_rng(4).uniform(-1, 1, (2, 3))
        lr, mu, n = 0.05, 0.8, 30

        def grad_np(w):
            return w**3 + np.cos(w)

        def f_torch(p):
            return torch.sum(p**4) / 4 + torch.sum(torch.sin(p))

    ws, vs = lab.heavy_ball(grad_np, w0, lr=lr, mu=mu, n_steps=n)
    ws, vs = np.asarray(ws), np.asarray(vs)
    ref_ws, ref_vs = _torch_sgd_run(f_torch, w0, lr, mu, n)
    assert ws.shape == ref_ws.shape, f"ws has shape {ws.shape}, expected (n_steps + 1, *w0.shape) = {ref_ws.shape}"
    assert vs.shape == ref_vs.shape, f"vs has shape {vs.shape}, expected (n_steps, *w0.shape) = {ref_vs.shape}"
    bad = [k for k in range(n + 1) if not np.allclose(ws[k], ref_ws[k], rtol=1e-10, atol=1e-12)]
    assert not bad, (
        f"{case}, lr={lr}, mu={mu}: weights first differ from torch SGD after {bad[0]} step(s): got "
        f"{ws[bad[0]].ravel()[:4].tolist()}..., torch {ref_ws[bad[0]].ravel()[:4].tolist()}... "
        "(update v first, then w with the NEW v)"
    )
    bad = [k for k in range(n) if not np.allclose(vs[k], ref_vs[k], rtol=1e-10, atol=1e-12)]
    assert not bad, (
        f"{case}, lr={lr}, mu={mu}: velocity after step {bad[0] + 1} is {vs[bad[0]].ravel()[:4].tolist()}..., torch's "
        f"momentum_buffer is {ref_vs[bad[0]].ravel()[:4].tolist()}... (torch's v = mu·v + g holds no lr and no (1-mu))"
    )


@pytest.mark.region("momentum")
def test_momentum_zero_is_plain_gradient_descent(lab):
    """With mu = 0 the trajectory is exactly plain gradient descent, starting with a full step at iteration 1."""
    a, w_star, _ = _spd_quadratic(kappa=10.0, dim=4)
    lr, w = 0.1, np.ones(4)
    expected = [w]
    for _ in range(10):
        w = w - lr * a @ (w - w_star)
        expected.append(w)
    ws, _ = lab.heavy_ball(lambda v: a @ (v - w_star), np.ones(4), lr=lr, mu=0.0, n_steps=10)
    assert np.allclose(np.asarray(ws), np.stack(expected), rtol=1e-12, atol=1e-12), (
        f"mu=0: ws[1] = {np.asarray(ws)[1].tolist()}, expected the GD step {expected[1].tolist()}"
    )


@pytest.mark.region("momentum")
def test_momentum_beats_gd_on_ill_conditioned_quadratic(lab):
    """On a quadratic with κ = 100 heavy ball needs far fewer steps than the best plain GD to shrink the error 1e6×."""
    a, w_star, eigs = _spd_quadratic(kappa=100.0, dim=8)
    big, small = eigs[-1], eigs[0]
    grad = lambda w: a @ (w - w_star)
    w0 = np.zeros(8)
    ws_gd, _ = lab.heavy_ball(grad, w0, lr=2 / (big + small), mu=0.0, n_steps=1500)
    lr = 4 / (np.sqrt(big) + np.sqrt(small)) ** 2
    mu = ((np.sqrt(big) - np.sqrt(small)) / (np.sqrt(big) + np.sqrt(small))) ** 2
    ws_hb, _ = lab.heavy_ball(grad, w0, lr=lr, mu=mu, n_steps=1500)
    k_gd, k_hb = _steps_to(np.asarray(ws_gd), w_star, 1e-6), _steps_to(np.asarray(ws_hb), w_star, 1e-6)
    assert k_gd is not None and k_gd > 500, (
        f"plain GD (mu=0, lr=2/(L+μ)) reached 1e-6 in {k_gd} steps, expected ~620 (rate (κ-1)/(κ+1))"
    )
    assert k_hb is not None and k_hb < k_gd / 4, (
        f"heavy ball (lr={lr:.4f}, mu={mu:.3f}) needed {k_hb} steps vs {k_gd} for GD; theory: rate (√κ-1)/(√κ+1) "
        "vs (κ-1)/(κ+1): the reference needs ~86 steps here, GD ~620"
    )


# ---------------------------------------------------------------------------------------
# region softmax
# ---------------------------------------------------------------------------------------


@st.composite
def _array_and_axis(draw, magnitude=1e4, min_side=1):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=min_side, max_side=5))
    x = draw(hnp.arrays(np.float64, shape, elements=st.floats(-magnitude, magnitude, **finite)))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    return x, axis


@pytest.mark.region("softmax")
@given(_array_and_axis())
def test_softmax_matches_scipy_any_axis(lab, xa):
    """softmax(x, axis) equals scipy.special.softmax for any shape and axis, logits up to ±1e4."""
    x, axis = xa
    got = np.asarray(lab.softmax(x, axis=axis))
    ref = scipy.special.softmax(x, axis=axis)
    assert got.shape == x.shape, f"softmax(x of shape {x.shape}, axis={axis}) returned shape {got.shape}"
    assert np.all(np.isfinite(got)), f"softmax(x, axis={axis}) produced nan/inf for x={x.tolist()}"
    assert np.allclose(got, ref, rtol=1e-9, atol=1e-12), (
        f"softmax(x={x.tolist()}, axis={axis}) = {got.tolist()}, scipy: {ref.tolist()}"
    )


@pytest.mark.region("softmax")
def test_softmax_huge_logits_do_not_overflow(lab):
    """Rows like [1e4, 0, -1e4] give [1, 0, 0] (naive exp overflows to inf/inf = nan)."""
    x = np.array([[1e4, 0.0, -1e4], [1e4, 1e4, 1e4], [-1e4, -1e4 + 1, -1e4 + 2]])
    with np.errstate(all="ignore"):
        got = np.asarray(lab.softmax(x))
    expected = np.array([[1.0, 0.0, 0.0], [1 / 3] * 3, scipy.special.softmax([0.0, 1.0, 2.0])])
    assert np.all(np.isfinite(got)), f"softmax({x.tolist()}) = {got.tolist()}: subtract the max before exp"
    assert np.allclose(got, expected, atol=1e-12), (
        f"softmax({x.tolist()}) = {got.tolist()}, expected {expected.tolist()}"
    )


@pytest.mark.region("softmax")
def test_softmax_normalises_each_slice_separately(lab):
    """A (4, 3) batch: axis=-1 makes each row sum to 1, axis=0 each column; masked (-inf) logits get probability 0."""
    x = np.arange(12.0).reshape(4, 3)
    rows, cols = np.asarray(lab.softmax(x, axis=-1)), np.asarray(lab.softmax(x, axis=0))
    assert np.allclose(rows.sum(axis=1), 1.0), (
        f"softmax(x, axis=-1) row sums: {rows.sum(axis=1).tolist()}, expected all 1"
    )
    assert np.allclose(cols.sum(axis=0), 1.0), (
        f"softmax(x, axis=0) column sums: {cols.sum(axis=0).tolist()}, expected all 1"
    )
    masked = np.asarray(lab.softmax(np.array([0.0, -np.inf, 0.0])))
    assert np.allclose(masked, [0.5, 0.0, 0.5]), f"softmax([0, -inf, 0]) = {masked.tolist()}, expected [0.5, 0, 0.5]"


@pytest.mark.region("softmax")
@given(_array_and_axis(magnitude=1e3), st.floats(-1e3, 1e3, **finite))
def test_softmax_properties(lab, xa, shift):
    """Slices along the axis are non-negative and sum to 1, and adding a constant to a slice changes nothing."""
    x, axis = xa
    p = np.asarray(lab.softmax(x, axis=axis))
    assert np.all(p >= 0), f"softmax has negative entries for x={x.tolist()}"
    sums = p.sum(axis=axis)
    assert np.allclose(sums, 1.0, atol=1e-12), (
        f"softmax(x, axis={axis}) sums to {sums.tolist()} along the axis, expected 1"
    )
    # a different constant per slice: shape of x with the softmax axis collapsed to 1
    offsets = shift * np.cos(np.arange(np.prod(sums.shape, dtype=int))).reshape(np.expand_dims(sums, axis).shape)
    p_shift = np.asarray(lab.softmax(x + offsets, axis=axis))
    assert np.allclose(p_shift, p, rtol=1e-8, atol=1e-10), (
        f"softmax(x + c, axis={axis}) differs from softmax(x, axis={axis}) for per-slice constants up to {shift:.3g}"
    )


# ---------------------------------------------------------------------------------------
# region lse
# ---------------------------------------------------------------------------------------


@pytest.mark.region("lse")
@given(_array_and_axis())
def test_logsumexp_matches_scipy_any_axis(lab, xa):
    """logsumexp(x, axis) equals scipy.special.logsumexp (same reduced shape) for logits up to ±1e4."""
    x, axis = xa
    got = np.asarray(lab.logsumexp(x, axis=axis))
    ref = scipy.special.logsumexp(x, axis=axis)
    assert got.shape == np.shape(ref), (
        f"logsumexp(x of shape {x.shape}, axis={axis}) has shape {got.shape}, expected {np.shape(ref)}"
    )
    assert np.allclose(got, ref, rtol=1e-12, atol=1e-9), (
        f"logsumexp(x={x.tolist()}, axis={axis}) = {got.tolist()}, scipy: {np.asarray(ref).tolist()}"
    )


@pytest.mark.region("lse")
def test_logsumexp_extreme_values(lab):
    """[1e4, 1e4] -> 1e4 + log 2, [-1e4, -1e4] -> -1e4 + log 2 (naive gives inf and -inf); a -inf entry adds nothing."""
    with np.errstate(all="ignore"):
        got = np.asarray(lab.logsumexp(np.array([[1e4, 1e4], [-1e4, -1e4], [0.0, -np.inf]]), axis=1))
    expected = np.array([1e4 + np.log(2), -1e4 + np.log(2), 0.0])
    assert np.allclose(got, expected, rtol=1e-14, atol=1e-12), (
        f"logsumexp(rows [1e4, 1e4], [-1e4, -1e4], [0, -inf]) = {got.tolist()}, expected {expected.tolist()} "
        "(factor out the max: lse(x) = m + log Σ exp(x - m), and add m back)"
    )


@pytest.mark.region("lse")
@given(_array_and_axis(magnitude=1e5))
def test_logsumexp_bounds(lab, xa):
    """max(x) <= logsumexp(x) <= max(x) + log(n) along the axis."""
    x, axis = xa
    got = np.asarray(lab.logsumexp(x, axis=axis))
    m, n = np.max(x, axis=axis), x.shape[axis]
    tol = 1e-12 * np.maximum(1.0, np.abs(m))
    assert np.all(got >= m - tol), (
        f"logsumexp(x={x.tolist()}, axis={axis}) = {got.tolist()} is below max = {m.tolist()}"
    )
    assert np.all(got <= m + np.log(n) + tol), (
        f"logsumexp(x={x.tolist()}, axis={axis}) = {got.tolist()} exceeds max + log({n})"
    )


# ---------------------------------------------------------------------------------------
# region ce
# ---------------------------------------------------------------------------------------


def _torch_ce(logits, labels):
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(z, torch.from_numpy(labels))
    loss.backward()
    return float(loss.detach()), z.grad.numpy()


def _check_ce(lab, logits, labels, what):
    loss, grad = lab.softmax_cross_entropy(logits, labels)
    ref_loss, ref_grad = _torch_ce(logits, labels)
    grad = np.asarray(grad)
    assert np.isfinite(loss), f"{what}: loss is {loss}; compute log softmax as z[y] - logsumexp(z), not log(softmax)"
    assert abs(loss - ref_loss) <= 1e-10 * max(1.0, abs(ref_loss)), (
        f"{what}: loss = {loss!r}, torch F.cross_entropy (mean over the batch) = {ref_loss!r}"
    )
    assert grad.shape == logits.shape, f"{what}: gradient shape {grad.shape}, expected {logits.shape}"
    err = _normwise(grad, ref_grad)
    assert err < 1e-10, (
        f"{what}: gradient differs from torch autograd (relative {err:.1e}); row 0 got {grad[0].tolist()}, "
        f"autograd {ref_grad[0].tolist()} (the mean over N rows puts a 1/N in every row)"
    )


@pytest.mark.region("ce")
def test_ce_matches_torch_cross_entropy_and_autograd(lab):
    """Loss equals F.cross_entropy and the gradient equals autograd on a random batch of 8 rows, 5 classes."""
    rng = np.random.default_rng(11)
    _check_ce(lab, 3 * rng.standard_normal((8, 5)), rng.integers(0, 5, 8), "random (8, 5) logits")


@pytest.mark.region("ce")
def test_ce_huge_logits(lab):
    """Logits of size 1e4 with the true class far below the max: loss ~1e4, finite, and the gradient still matches torch."""
    logits = np.array([[1e4, 0.0, -1e4], [-1e4, 1e4, 0.0], [5e3, 5e3, -5e3]])
    labels = np.array([2, 1, 0])
    with np.errstate(all="ignore"):
        _check_ce(lab, logits, labels, f"logits {logits.tolist()}, labels {labels.tolist()}")


@pytest.mark.region("ce")
def test_ce_single_sample_exact(lab):
    """For one sample the gradient is softmax(z) - onehot(y) exactly and the loss is -log softmax(z)[y]."""
    z = np.array([[2.0, 1.0, 0.1]])
    p = np.exp(z) / np.exp(z).sum()
    loss, grad = lab.softmax_cross_entropy(z, np.array([0]))
    assert abs(loss + np.log(p[0, 0])) < 1e-12, f"loss = {loss!r}, expected -log p[0] = {-np.log(p[0, 0])!r}"
    expected = p - np.array([[1.0, 0.0, 0.0]])
    assert np.allclose(grad, expected, atol=1e-12), (
        f"gradient = {np.asarray(grad).tolist()}, expected {expected.tolist()}"
    )


@st.composite
def _ce_batch(draw):
    n, c = draw(st.integers(1, 6)), draw(st.integers(2, 6))
    z = draw(hnp.arrays(np.float64, (n, c), elements=st.floats(-50, 50, **finite)))
    y = np.asarray(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), dtype=np.int64)
    return z, y


@pytest.mark.region("ce")
@given(_ce_batch())
def test_ce_gradient_properties(lab, batch):
    """Loss >= 0; each gradient row sums to 0 (softmax sums to 1, onehot sums to 1) and stays within [-1/N, 1/N]."""
    z, y = batch
    loss, grad = lab.softmax_cross_entropy(z, y)
    grad = np.asarray(grad)
    n = z.shape[0]
    assert loss >= -1e-12, f"loss {loss} < 0 for logits {z.tolist()}, labels {y.tolist()}"
    assert np.allclose(grad.sum(axis=1), 0.0, atol=1e-12), (
        f"gradient rows sum to {grad.sum(axis=1).tolist()}, expected 0"
    )
    assert np.all(np.abs(grad) <= 1.0 / n + 1e-12), (
        f"gradient entries should lie in [-1/N, 1/N] = ±{1 / n:.3g}, got {grad.tolist()}"
    )


@pytest.mark.region("ce")
def test_ce_gradient_check_with_your_own_tools(lab):
    """Your numerical_gradient and relative_error confirm your analytic CE gradient: rel error < 1e-7."""
    rng = np.random.default_rng(12)
    z, y = rng.standard_normal((6, 4)), rng.integers(0, 4, 6)
    _, grad = lab.softmax_cross_entropy(z, y)
    num = lab.numerical_gradient(lambda t: lab.softmax_cross_entropy(t, y)[0], z)
    rel = lab.relative_error(num, grad)
    assert rel < 1e-7, (
        f"relative_error(numerical_gradient(CE), analytic CE gradient) = {rel:.2e}, want < 1e-7. "
        "If the other tests of numgrad and relerr pass, the analytic gradient is the one to fix"
    )
