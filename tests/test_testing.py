"""Grader helpers in cvlab.testing."""

from __future__ import annotations

import numpy as np
import pytest

from cvlab.testing import numerical_gradient, where_differs


def test_numerical_gradient_of_a_quadratic_form_and_x_is_restored():
    """d/dx (x·Ax + b·x) = (A + Aᵀ)x + b, to O(h²) (exact for a quadratic up to rounding); x is unchanged."""
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(4, 4)), rng.normal(size=4)
    x = rng.normal(size=4)
    before = x.copy()
    num = numerical_gradient(lambda: x @ a @ x + b @ x, x)
    assert np.allclose(num, (a + a.T) @ x + b, rtol=1e-8, atol=1e-8)
    assert np.array_equal(x, before)


def test_numerical_gradient_through_a_parameter_dict_and_a_matrix():
    """The array may be reached through a dict (like a model's parameters); 2-D shapes keep their shape."""
    params = {"W": np.arange(6, dtype=np.float64).reshape(2, 3)}
    num = numerical_gradient(lambda: np.sum(np.sin(params["W"])), params["W"])
    assert num.shape == (2, 3) and np.allclose(num, np.cos(params["W"]), atol=1e-8)


def test_numerical_gradient_refuses_integer_arrays():
    """Integer arrays cannot take ±h steps: a TypeError, not a silently zero gradient."""
    with pytest.raises(TypeError):
        numerical_gradient(lambda: 0.0, np.arange(3))


def test_where_differs_names_the_first_difference():
    assert where_differs(np.array([1, 2, 3]), np.array([1, 5, 3])).startswith("; first difference at index (1,)")
    assert where_differs(np.ones(2), np.ones(2)) == ""
