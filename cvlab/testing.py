"""How graders, notebooks and benchmarks get the implementation under test.

A grader never imports ``solution`` or ``lab`` by name. It asks for the ``lab`` fixture
(see ``pytest_plugin``), which loads the module chosen by ``CVLAB_TARGET``:

* ``solution`` (default) - the exercise's reference ``solution.py``;
* ``lab`` - the learner's ``lab.py``;
* a path to any ``.py`` file with the same API (a learner's copy, a wrong version).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

_CACHE: dict[Path, ModuleType] = {}


def target_path(exercise_dir: Path, target: str | None = None) -> Path:
    """The file ``CVLAB_TARGET`` (or ``target``) selects for the exercise in ``exercise_dir``."""
    choice = target if target is not None else os.environ.get("CVLAB_TARGET", "solution")
    if choice in ("", "solution"):
        return exercise_dir / "solution.py"
    if choice == "lab":
        return exercise_dir / "lab.py"
    path = Path(choice).expanduser()
    return path if path.is_absolute() else (Path.cwd() / path).resolve()


def load_file(path: Path, fresh: bool = False) -> ModuleType:
    """Import ``path`` as a uniquely named module (cached per path unless ``fresh``)."""
    path = path.resolve()
    if not fresh and path in _CACHE:
        return _CACHE[path]
    if not path.exists():
        raise FileNotFoundError(f"implementation file not found: {path}")
    name = "cvlab_target_" + hashlib.sha1(str(path).encode()).hexdigest()[:10]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # Registered before exec so dataclasses, pickling and typing can find the module.
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    _CACHE[path] = module
    return module


def load(exercise_dir: str | Path, target: str | None = None) -> ModuleType:
    """The implementation under test for an exercise folder (used by notebooks and benches)."""
    return load_file(target_path(Path(exercise_dir).resolve(), target))


def where_differs(got, ref) -> str:
    """'; first difference at index (i, j, ...): got a, expected b (n values differ)' for graders'
    messages when two arrays should be equal ('' when they are, or shapes differ)."""
    import numpy as np

    got, ref = np.asarray(got), np.asarray(ref)
    bad = np.argwhere(got != ref) if got.shape == ref.shape else []
    if len(bad) == 0:
        return ""
    idx = tuple(int(i) for i in bad[0])
    return f"; first difference at index {idx}: got {got[idx]}, expected {ref[idx]} ({len(bad)} values differ)"


def numerical_gradient(f, x, h: float = 1e-5):
    """Central differences of the scalar ``f()`` with respect to the float array ``x`` it reads.

    Each entry of ``x`` is moved to x+h and x-h in place (so ``f`` sees it through whatever
    holds the array: a closure, a parameter dict, a model) and restored afterwards:
    df/dx_i ≈ (f(x + h e_i) - f(x - h e_i)) / 2h, error O(h²). 2·x.size calls of ``f``; use
    float64 and small problems. Graders compare it with an analytic gradient."""
    import numpy as np

    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError(f"x must be a float NumPy array that f() reads, got {type(x).__name__}")
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = float(f())
        x[i] = old - h
        f_minus = float(f())
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
