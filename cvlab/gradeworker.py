"""The grading worker: runs pytest for one or many implementations of one exercise.

``python -m cvlab.gradeworker JOBS.json`` - started by ``cvlab.grading`` with the grading
environment. One job runs in this process. Several jobs (``cvlab verify``: the untouched
lab.py and every kept wrong version) share one warm interpreter: the heavy imports
(torch, cv2, sklearn, the grader's own imports) happen once, then each job runs in a
forked child with its own time limit. On platforms without ``fork`` jobs run one by one
in fresh processes.

``python -m cvlab.gradeworker --serve SOCKET`` - the warm grading server behind ``cvlab
check`` and ``cvlab watch``: the same forked jobs, sent over a Unix socket, from an
interpreter that keeps its imports between gradings (a lab importing torch pays ~3 s once,
not on every save). It exits after ``CVLAB_SERVER_IDLE`` seconds without a request, or when
a client sends the line ``stop``.
"""

from __future__ import annotations

import ast
import functools
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
    # A job that stops at its first failure (verify's wrong versions) only needs to know THAT
    # it fails; a learner's job keeps shrinking, so the counterexample shown is the smallest.
    env["CVLAB_HYPOTHESIS_PROFILE"] = "cvlab-noshrink" if job.get("exitfirst") else "cvlab"
    return env


def _run_here(job: dict, spec: dict) -> int:
    import pytest

    os.chdir(spec["exercise_dir"])
    os.environ.update(job_env(job, spec))
    return int(pytest.main(pytest_args(job, spec)))


def _warm(spec: dict) -> None:
    """Import what every job will need, so forked children start instantly."""
    import pytest  # noqa: F401

    for name in ("cvlab.pytest_plugin", "pytest_timeout", "_hypothesis_pytestplugin", "hypothesis"):
        importlib.import_module(name)
    for name in _requirement_modules(Path(spec["exercise_dir"]) / "requirements.txt"):
        try:  # graders often import heavy libraries lazily (inside fixtures): warm those too
            importlib.import_module(name)
        except Exception:
            pass
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
                except Exception:
                    pass


#: Modules a distribution ships that graders never import (code generators, shims).
_NOT_WORTH_WARMING = {"py", "torchgen", "functorch", "tensorboard", "caffe2"}


@functools.cache
def _packages_distributions() -> dict[str, list[str]]:
    """Import name -> distributions; scanning every installed package costs ~0.2 s, once per server."""
    from importlib import metadata

    return metadata.packages_distributions()


def _requirement_modules(requirements: Path) -> list[str]:
    """Import names of the distributions an exercise's requirements.txt lists."""
    if not requirements.exists():
        return []
    from cvlab import pins

    wanted = set(pins.parse(requirements))
    names = []
    for module, dists in _packages_distributions().items():
        if module not in _NOT_WORTH_WARMING and not module.startswith("_") and \
                any(pins.normalise(d) in wanted for d in dists):
            names.append(module)
    return sorted(names)


def _killed_report(job: dict, limit: float) -> None:
    Path(job["report"]).write_text(json.dumps({"killed": limit, "load_error": None, "tests": []}))


def _run_forked(jobs: list[dict], spec: dict, close_in_child: tuple = ()) -> None:
    _warm(spec)
    for job in jobs:
        pid = os.fork()
        if pid == 0:  # child: never returns into the parent's loop
            code = 1
            try:
                for sock in close_in_child:
                    sock.close()
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


def serve(address: str) -> None:
    """Accept job specs (one JSON line per connection), run them forked, answer 'done'."""
    import socket

    idle = float(os.environ.get("CVLAB_SERVER_IDLE", "900"))
    _warm({"tests": "", "exercise_dir": str(Path.cwd())})
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    tmp = address + f".{os.getpid()}"
    server.bind(tmp)
    os.replace(tmp, address)  # appear atomically: clients never see a half-set-up socket
    mine = os.stat(address).st_ino
    server.listen(4)
    server.settimeout(idle)
    try:
        while True:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                break
            with conn:
                conn.settimeout(None)
                raw = b""
                while not raw.endswith(b"\n"):
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    raw += chunk
                if raw.strip() == b"stop":
                    conn.sendall(b"bye\n")
                    break
                try:
                    spec = json.loads(raw)
                    _run_forked(spec["jobs"], spec, close_in_child=(server, conn))
                    conn.sendall(b"done\n")
                except Exception as e:
                    try:
                        conn.sendall(f"error {type(e).__name__}: {e}\n".encode())
                    except OSError:
                        pass
    finally:
        server.close()
        try:
            if os.stat(address).st_ino == mine:  # a newer server may have taken the address
                os.unlink(address)
        except OSError:
            pass


def main() -> None:
    if sys.argv[1] == "--serve":
        serve(sys.argv[2])
        return
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
