"""The grading worker: runs pytest for one or many implementations of one exercise.

``python -m cvlab.gradeworker JOBS.json`` - started by ``cvlab.grading`` with the grading
environment. One job runs in this process. Several jobs (``cvlab verify``: the untouched
lab.py and every kept wrong version) share one warm interpreter: the heavy imports
(torch, cv2, sklearn, the grader's own imports) happen once, then each job runs in a
forked child with its own time limit. On platforms without ``fork`` jobs run one by one
in fresh processes.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def pytest_args(job: dict, spec: dict) -> list[str]:
    args = [spec["tests"], "-q", "--no-header", "-p", "no:cacheprovider",
            "-p", "cvlab.pytest_plugin", "-p", "pytest_timeout", "-p", "_hypothesis_pytestplugin",
            "-o", "addopts=", "--rootdir", spec["exercise_dir"], "--import-mode=importlib",
            f"--timeout={spec['per_test']}", "--timeout-method=signal", "-W", "ignore::DeprecationWarning"]
    if job.get("exitfirst"):
        args.append("-x")
    return args


def job_env(job: dict, spec: dict) -> dict[str, str]:
    env = {"CVLAB_TARGET": job["target"], "CVLAB_REPORT": job["report"], "CVLAB_EXERCISE_DIR": spec["exercise_dir"]}
    env["CVLAB_FIRST_REGIONS"] = ",".join(job.get("first_regions") or [])
    return env


def _run_here(job: dict, spec: dict) -> int:
    import pytest

    os.environ.update(job_env(job, spec))
    return int(pytest.main(pytest_args(job, spec)))


def _warm(spec: dict) -> None:
    """Import what every job will need, so forked children start instantly."""
    import pytest  # noqa: F401

    for name in ("cvlab.pytest_plugin", "pytest_timeout", "_hypothesis_pytestplugin", "hypothesis"):
        importlib.import_module(name)
    for file in (spec["tests"], str(Path(spec["exercise_dir"]) / "solution.py")):
        try:
            tree = ast.parse(Path(file).read_text())
        except (OSError, SyntaxError):
            continue
        for node in tree.body:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
            for name in names:
                try:
                    importlib.import_module(name)
                except Exception:  # noqa: BLE001 - a missing optional import is the grader's business
                    pass


def _killed_report(job: dict, limit: float) -> None:
    Path(job["report"]).write_text(json.dumps({"killed": limit, "load_error": None, "tests": []}))


def _run_forked(jobs: list[dict], spec: dict) -> None:
    _warm(spec)
    for job in jobs:
        pid = os.fork()
        if pid == 0:  # child: never returns into the parent's loop
            code = 1
            try:
                os.setpgid(0, 0)
                code = _run_here(job, spec)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        deadline = time.monotonic() + spec["job_timeout"]
        while True:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                os.waitpid(pid, 0)
                _killed_report(job, spec["job_timeout"])
                break
            time.sleep(0.02)


def _run_sequential(jobs: list[dict], spec: dict) -> None:
    for job in jobs:
        cmd = [sys.executable, "-m", "pytest", *pytest_args(job, spec)]
        try:
            subprocess.run(cmd, env={**os.environ, **job_env(job, spec)}, timeout=spec["job_timeout"],
                           stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            _killed_report(job, spec["job_timeout"])


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text())
    jobs = spec["jobs"]
    os.chdir(spec["exercise_dir"])
    if len(jobs) == 1:
        sys.exit(_run_here(jobs[0], spec))
    if hasattr(os, "fork") and sys.platform.startswith("linux"):
        _run_forked(jobs, spec)
    else:
        _run_sequential(jobs, spec)


if __name__ == "__main__":
    main()
