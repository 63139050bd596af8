"""Grading: run an exercise's grader in a subprocess against one implementation and explain.

The subprocess is pytest with the cvlab plugin in grading mode (``CVLAB_REPORT``): it imports
the target under a time limit, gives each test a time limit (pytest-timeout, signal method)
and writes one JSON report. The engine adds an outer limit and kills the whole process
group, so nothing the learner writes can hang or crash ``cvlab`` itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import envsetup, paths, testing
from .catalog import Exercise

IMPORT_TIMEOUT = float(os.environ.get("CVLAB_IMPORT_TIMEOUT", "15"))
FAILED = ("failed", "timeout", "exit", "collect-error")


@dataclass
class TestResult:
    nodeid: str
    name: str
    region: str | None
    status: str  # passed | failed | not-started | timeout | exit | skipped | collect-error
    doc: str = ""
    message: str = ""
    type: str = ""
    line: int | None = None
    function: str | None = None
    source: str | None = None
    duration: float = 0.0


@dataclass
class GradeResult:
    exercise_id: str
    target: str
    status: str  # passed | failing | not-started | error
    regions: dict[str, str]
    tests: list[TestResult] = field(default_factory=list)
    load_error: dict | None = None
    engine_error: str | None = None
    duration: float = 0.0

    @property
    def passed(self) -> int:
        return sum(t.status == "passed" for t in self.tests)

    @property
    def exit_code(self) -> int:
        return 0 if self.status == "passed" else 1

    def first_failure(self) -> TestResult | None:
        order = {r: i for i, r in enumerate(self.regions)}
        bad = [t for t in self.tests if t.status in FAILED]
        bad.sort(key=lambda t: order.get(t.region or "", len(order)))
        return bad[0] if bad else None

    def explanation(self) -> str:
        """The first problem, in plain words: what was checked, what happened, where to look."""
        target = Path(self.target).name
        if self.engine_error:
            return self.engine_error
        if self.load_error:
            return explain_load_error(self.load_error, target)
        t = self.first_failure()
        if t is None:
            if self.status == "not-started":
                first = next((r for r, s in self.regions.items() if s == "not-started"), None)
                return f"Nothing written yet: start with region '{first}' (the first TODO in {target})."
            return ""
        return explain_test(t, target, Path(self.target))

    def to_json(self) -> dict:
        d = asdict(self)
        d["passed"] = self.passed
        d["total"] = len(self.tests)
        d["explanation"] = self.explanation()
        return d


def _first_lines(text: str, n: int = 14) -> str:
    lines = text.strip().splitlines()
    return "\n".join(lines[:n]) + ("\n  ..." if len(lines) > n else "")


def explain_test(t: TestResult, target: str, target_file: Path | None = None) -> str:
    where = f"region '{t.region}'" if t.region else "a test not tied to a region"
    out = [f"{where}: {t.name}"]
    if t.doc:
        out.append(f"  what it checks: {t.doc}")
    if t.status == "timeout":
        out.append(f"  it did not finish within the time limit. Look for an endless loop (a while loop whose "
                   f"condition never changes) or a much slower algorithm than needed in {target}.")
    elif t.status == "exit":
        out.append(f"  your code called sys.exit()/exit() ({t.message or 'no code'}). Return a value or raise an "
                   "exception instead.")
    elif t.status == "collect-error":
        out.append("  the grader itself could not be loaded:\n" + _first_lines(t.message, 20))
    else:
        msg = t.message.strip()
        if t.type == "AssertionError":
            # pytest appends its own introspection ("assert False\n +  where ...") after the
            # grader's message: the grader's words are the explanation, keep only them.
            own = msg.split("\nassert ", 1)[0] if not msg.startswith("assert ") else msg
            out.append("  " + _first_lines(own).replace("\n", "\n  "))
        else:
            out.append(f"  your code raised {t.type}: " + _first_lines(msg, 6).replace("\n", "\n  "))
    if t.line:
        out.append(f"  look at {target} line {t.line}" + (f", in {t.function}()" if t.function else "")
                   + (f":  {t.source.strip()}" if t.source else ""))
    elif t.region and target_file is not None:
        line = _region_line(target_file, t.region)
        if line:
            out.append(f"  region '{t.region}' starts at {target} line {line}")
    return "\n".join(out)


def _region_line(path: Path, region: str) -> int | None:
    """Line of the region's TODO / BEGIN marker in the graded file, if the learner kept it."""
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return None
    marks = (f"TODO({region})", f"BEGIN REGION {region}:")
    return next((i + 1 for i, text in enumerate(lines) if any(m in text for m in marks)), None)


def explain_load_error(err: dict, target: str) -> str:
    kind = err.get("kind")
    line = f" line {err['line']}" if err.get("line") else ""
    if kind == "syntax":
        caret = ""
        if err.get("text"):
            caret = f"\n    {err['text'].strip()}"
            if err.get("offset"):
                indent = len(err["text"]) - len(err["text"].lstrip())
                caret += "\n    " + " " * max(0, err["offset"] - 1 - indent) + "^"
        return f"{Path(err.get('file') or target).name}{line}: {err.get('type', 'SyntaxError')}: {err.get('message')}{caret}\nFix this line; nothing can be graded until the file parses."
    if kind == "timeout":
        return (f"importing {target} did not finish in {err.get('limit', IMPORT_TIMEOUT):.0f} s. Code at module level runs on "
                f"import: put demos under `if __name__ == \"__main__\":` and check for an endless loop.")
    if kind == "exit":
        return (f"{target}{line} called sys.exit({err.get('code')}) while being imported. Module-level code must not exit; "
                f"put the demo under `if __name__ == \"__main__\":`.")
    if kind == "import":
        return (f"{target}{line} could not be imported: {err.get('type')}: {err.get('message')}. "
                "Is the module name right, and is it in requirements.txt (run `cvlab doctor`)?")
    if kind == "missing":
        return f"{err.get('message')}. `cvlab reset` restores the generated file."
    return f"{target}{line} raised {err.get('type')} while being imported: {err.get('message')}"


def _region_status(tests: list[TestResult]) -> str:
    if not tests:
        return "no-tests"
    if all(t.status == "passed" for t in tests):
        return "passed"
    if all(t.status in ("not-started", "passed") for t in tests) and any(t.status == "not-started" for t in tests):
        return "not-started" if not any(t.status == "passed" for t in tests) else "failing"
    return "failing"


def summarise(exercise_id: str, target: Path, regions: list[str], report: dict | None,
              engine_error: str | None, duration: float) -> GradeResult:
    tests = [TestResult(**{k: v for k, v in t.items() if k in TestResult.__dataclass_fields__})
             for t in (report or {}).get("tests", [])]
    load_error = (report or {}).get("load_error")
    by_region = {r: _region_status([t for t in tests if t.region == r]) for r in regions}
    if engine_error or load_error:
        status = "error"
    elif tests and all(t.status == "passed" for t in tests) and all(s == "passed" for s in by_region.values()):
        status = "passed"
    elif tests and all(t.status in ("not-started", "passed") for t in tests) and not any(t.status == "passed" for t in tests):
        status = "not-started"
    else:
        status = "failing"
    return GradeResult(exercise_id, str(target), status, by_region, tests, load_error, engine_error, round(duration, 3))


def _pump(stream, keep: deque) -> None:
    """Drain a pipe, keeping only the last chunks (megabytes of prints never pile up)."""
    for chunk in iter(lambda: stream.read(65536), b""):
        keep.append(chunk)


def _outer_limit(per_test: float, n_regions: int) -> float:
    """Longest a grading job may take: the import, each region's first timeout, slack."""
    return IMPORT_TIMEOUT + per_test * (n_regions + 3) + 30


def grade_many(ex: Exercise, targets: list[Path], first_regions: list[list[str] | None] | None = None,
               exitfirst: bool | list[bool] = False, per_test_timeout: float | None = None,
               use_server: bool = False) -> list[GradeResult]:
    """Grade several implementations of ``ex`` in one warm worker (see ``cvlab.gradeworker``).

    ``use_server``: send the jobs to the warm grading server (started on first use) instead
    of a fresh worker; ``cvlab check`` and ``watch`` do, ``verify`` does not.

    ``first_regions[i]`` runs those regions' tests first; with ``exitfirst`` a job stops at
    its first failing test (enough to prove a wrong version is rejected)."""
    per_test = per_test_timeout or ex.meta.timeout
    regions = ex.regions
    job_limit = _outer_limit(per_test, len(regions))
    firsts = first_regions or [None] * len(targets)
    stops = exitfirst if isinstance(exitfirst, list) else [exitfirst] * len(targets)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cvlab-grade-") as tmp:
        jobs = [{"target": str(Path(t).resolve()), "report": str(Path(tmp) / f"report-{i}.json"),
                 "first_regions": firsts[i], "exitfirst": stops[i]} for i, t in enumerate(targets)]
        spec = {"exercise_dir": str(ex.path), "tests": str(ex.tests), "per_test": per_test,
                "job_timeout": job_limit, "jobs": jobs}
        spec_path = Path(tmp) / "jobs.json"
        spec_path.write_text(json.dumps(spec))
        env = grading_env()
        outer = job_limit * len(jobs) + 30
        killed, tail = False, b""
        served = use_server and _via_server(spec, env, outer)
        if not served:
            killed, tail = _via_worker(spec_path, ex.path, env, outer)
        results = []
        for job in jobs:
            report_path = Path(job["report"])
            report = json.loads(report_path.read_text()) if report_path.exists() else None
            engine_error = None
            target = Path(job["target"])
            if report and report.get("killed"):
                engine_error = _too_long(report["killed"], target)
            elif report is None:
                if killed:
                    engine_error = _too_long(outer, target)
                else:
                    out = _strip_ansi(tail.decode(errors="replace"))
                    engine_error = ("the grading process ended abruptly before reporting. Did your code call "
                                    f"os._exit() or crash the interpreter?\n{_first_lines(out[-1500:], 12)}")
            results.append(summarise(ex.id, target, regions, report, engine_error, time.perf_counter() - start))
    return results


def grading_env() -> dict[str, str]:
    env = envsetup.child_env(
        CVLAB_IMPORT_TIMEOUT=str(IMPORT_TIMEOUT),
        # Only the plugins a grader needs: auto-loading every installed pytest plugin makes
        # pytest assertion-rewrite whole packages (hypothesis alone is ~100 modules, 1.5 s).
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
    )
    # Let pytest cache the rewritten grader (__pycache__ is git-ignored): re-grading is faster.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _via_worker(spec_path: Path, cwd: Path, env: dict[str, str], outer: float) -> tuple[bool, bytes]:
    """Run the jobs in a fresh worker process; (killed?, last output)."""
    proc = subprocess.Popen([sys.executable, "-m", "cvlab.gradeworker", str(spec_path)], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    tail: deque[bytes] = deque(maxlen=4)
    reader = threading.Thread(target=_pump, args=(proc.stdout, tail), daemon=True)
    reader.start()
    killed = False
    try:
        proc.wait(timeout=outer)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        killed = True
    reader.join(timeout=2)
    return killed, b"".join(tail)


def server_address() -> str:
    """A short Unix-socket path (limit ~100 chars) keyed by state folder, Python and engine code."""
    engine = Path(__file__).resolve().parent
    # CVLAB_SERVER_KEY separates servers that must not share a queue (parallel test workers).
    stamp = "|".join([str(paths.state_dir()), sys.executable, os.environ.get("CVLAB_SERVER_KEY", "")] +
                     [f"{p.name}:{p.stat().st_mtime_ns}" for p in sorted(engine.rglob("*.py"))])
    key = hashlib.sha1(stamp.encode()).hexdigest()[:12]
    return str(Path(tempfile.gettempdir()) / f"cvlab-{os.getuid()}-{key}.sock")


def _start_server(address: str, env: dict[str, str]) -> None:
    log = paths.state_dir() / "grader-server.log"
    with open(log, "ab") as out:
        subprocess.Popen([sys.executable, "-m", "cvlab.gradeworker", "--serve", address], env=env,
                         cwd=paths.state_dir(), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                         start_new_session=True)


def _via_server(spec: dict, env: dict[str, str], outer: float) -> bool:
    """Send the jobs to the warm server; False (and start one for next time) if none answers."""
    import socket

    if os.environ.get("CVLAB_GRADER_SERVER", "1") == "0" or not hasattr(os, "fork"):
        return False
    address = server_address()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(address)
    except OSError:
        sock.close()
        _start_server(address, env)
        return False
    with sock:
        sock.settimeout(outer)
        try:
            sock.sendall(json.dumps(spec).encode() + b"\n")
            answer = sock.makefile("rb").readline()
        except OSError:
            return False
    return answer.startswith(b"done")


def stop_server() -> bool:
    """Ask this state folder's warm server (if one runs) to exit; True if one answered."""
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(server_address())
        sock.settimeout(10)
        sock.sendall(b"stop\n")
        return sock.makefile("rb").readline().startswith(b"bye")
    except OSError:
        return False
    finally:
        sock.close()


def _too_long(limit: float, target: Path) -> str:
    return (f"grading did not finish in {limit:.0f} s and was stopped. Something in {target.name} runs far too "
            "long without returning (an endless loop inside a NumPy/C call cannot be interrupted earlier).")


def grade(ex: Exercise, target: Path | None = None, per_test_timeout: float | None = None,
          use_server: bool = False) -> GradeResult:
    """Grade ``ex`` against ``target`` (default: the learner's lab.py)."""
    return grade_many(ex, [target or ex.lab], per_test_timeout=per_test_timeout, use_server=use_server)[0]


def _strip_ansi(s: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", s)


def target_for(ex: Exercise, solution: bool = False, impl: str | None = None) -> Path:
    if impl:
        return testing.target_path(ex.path, impl)
    return ex.solution if solution else ex.lab
