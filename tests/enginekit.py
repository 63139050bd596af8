"""Building blocks for the engine's own tests: a fake exercise and a CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

SOLUTION = '''\
"""A tiny exercise: add and scale."""

import numpy as np


def add(a, b):
    """Elementwise a + b."""
    # BEGIN REGION add: Return the elementwise sum of a and b.
    # | Both are NumPy arrays of the same shape.
    out = np.asarray(a) + np.asarray(b)  # solution-only comment
    return out
    # END REGION add


def scale(x, k):
    """k * x."""
    # BEGIN REGION scale: Return x multiplied by k.
    return np.asarray(x) * k
    # END REGION scale


if __name__ == "__main__":
    print(add([1], [2]), scale([1], 3))
'''

TESTS = '''\
import numpy as np
import pytest

@pytest.mark.region("add")
def test_add_small(lab):
    """add sums two small arrays."""
    got = lab.add(np.array([1, 2]), np.array([3, 4]))
    assert np.array_equal(got, [4, 6]), f"add([1, 2], [3, 4]) returned {got}, expected [4, 6]"


@pytest.mark.region("add")
def test_add_negative(lab):
    """add handles negative numbers."""
    assert np.array_equal(lab.add(np.array([-1]), np.array([1])), [0])


@pytest.mark.region("scale")
def test_scale(lab):
    """scale multiplies by k."""
    got = lab.scale(np.array([1.0, 2.0]), 3)
    assert np.allclose(got, [3, 6]), f"scale([1, 2], 3) returned {got}, expected [3, 6]"
'''

LAB_TOML = '''\
id = "{id}"
title = "Fake exercise {id}"
phase = "00"
week = {week}
order = {order}
difficulty = "beginner"
hours = 1
tags = ["fake"]
timeout = 2

[hints]
add = ["NumPy adds arrays elementwise with +.", "np.asarray(a) + np.asarray(b)"]
scale = "Multiply."
'''

WRONG = '''\
[[wrong]]
name = "subtract"
why = "subtracts instead of adding"
[wrong.replace]
add = """
return np.asarray(a) - np.asarray(b)
"""

[[wrong]]
name = "scale-plus"
why = "adds k instead of multiplying"
[wrong.replace]
scale = "return np.asarray(x) + k"
'''


def write_exercise(root: Path, folder: str = "phase-00-foundations/lab-01-fake", id: str = "0.1",
                   week: int = 1, order: int = 1) -> Path:
    from cvlab.stubs import generate_lab

    path = root / folder
    path.mkdir(parents=True, exist_ok=True)
    (path / "solution.py").write_text(SOLUTION)
    (path / "lab.py").write_text(generate_lab(SOLUTION))
    (path / "test_lab.py").write_text(TESTS)
    (path / "lab.toml").write_text(LAB_TOML.format(id=id, week=week, order=order))
    (path / "wrong.toml").write_text(WRONG)
    (path / "README.md").write_text("# Fake\n\n## Interview questions\n")
    (path / "requirements.txt").write_text("numpy==2.4.6\n")
    return path



def run_cli(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """Run `python -m cvlab ARGS` with the current (test) environment."""
    full_env = {**os.environ, **env, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "cvlab", *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env)


def impl(tmp_path: Path, body: str, name: str = "impl.py") -> Path:
    """Write an implementation file for --impl."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return path


def check_json(exercise: str, *extra: str) -> tuple[int, dict]:
    r = run_cli("check", exercise, "--json", *extra)
    return r.returncode, json.loads(r.stdout)
