"""The pytest plugin every grader runs under (registered as a ``pytest11`` entry point).

* ``lab`` fixture: the implementation under test for the test file's exercise folder.
* ``@pytest.mark.region("name")``: which marked region a test grades.
* Grading mode (``CVLAB_REPORT=path``): the target is imported up front under a time limit
  so a syntax error, a failing import, ``sys.exit`` or an endless loop at import becomes a
  clear message; every test's outcome is written as JSON for ``cvlab.grading``.
* After a test of a region times out, the region's other tests are not run (an endless
  loop would otherwise cost the full limit once per test).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import re
import signal
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from . import envsetup, testing

envsetup.apply()

if sys.platform.startswith("linux"):
    # The module under test is loaded under a generated name (cvlab.testing.load_file) that a
    # spawn/forkserver worker could not import again; fork workers inherit it. Python 3.14
    # makes forkserver the Linux default, so say it explicitly for DataLoader workers & co.
    multiprocessing.set_start_method("fork", force=True)

_MAX_MSG = 2000
_results: list[dict[str, Any]] = []
_timed_out_regions: set[tuple[str, str]] = set()
_load_error: dict[str, Any] | None = None

try:  # Hypothesis: deterministic examples (a learner sees the same counterexample each run),
    # no database files in exercise folders, no timing-based failures on a busy laptop.
    from hypothesis import HealthCheck, Phase, settings

    settings.register_profile(
        "cvlab",
        deadline=None,
        # No "explain" phase: it re-runs a failing test many times to annotate lines, ~2 s
        # per failing property test, and a learner's half-written lab fails many of them.
        phases=[p for p in Phase if p is not Phase.explain],
        derandomize=True,
        database=None,
        max_examples=60,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    # `cvlab verify` only needs to know THAT a wrong version fails, not its smallest
    # counterexample: shrinking a failing property test costs seconds per wrong version.
    settings.register_profile("cvlab-noshrink", settings.get_profile("cvlab"),
                              phases=[Phase.explicit, Phase.reuse, Phase.generate])
    settings.load_profile("cvlab")  # a grading job may pick another in pytest_configure
except ImportError:  # pragma: no cover - hypothesis is a pinned dependency
    pass


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "region(name, needs=[...]): the marked region of solution.py this test "
                            "grades, and regions whose code it also runs")
    config.addinivalue_line("markers", "slow: trains or runs a full pipeline; still seconds, but the slowest tests")
    report = os.environ.get("CVLAB_REPORT")
    exercise = os.environ.get("CVLAB_EXERCISE_DIR")
    if os.environ.get("CVLAB_HYPOTHESIS_PROFILE"):  # a forked grading job may ask for another profile
        try:
            from hypothesis import settings as _settings
            from hypothesis.errors import InvalidArgument
        except ImportError:  # pragma: no cover - hypothesis is a pinned dependency
            pass
        else:
            with contextlib.suppress(InvalidArgument):  # an unknown profile name keeps the default
                _settings.load_profile(os.environ["CVLAB_HYPOTHESIS_PROFILE"])
    if report and exercise:
        _preload(Path(exercise))


class _ImportTimeout(BaseException):
    pass


def _preload(exercise_dir: Path) -> None:
    """Import the target now, under a time limit, and remember any failure as plain facts."""
    global _load_error
    path = testing.target_path(exercise_dir)
    limit = float(os.environ.get("CVLAB_IMPORT_TIMEOUT", "15"))

    def _alarm(signum, frame):
        raise _ImportTimeout()

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        testing.load_file(path)
    except _ImportTimeout:
        _load_error = {"kind": "timeout", "file": str(path), "limit": limit}
    except SyntaxError as e:
        _load_error = {
            "kind": "syntax",
            "file": e.filename or str(path),
            "line": e.lineno,
            "offset": e.offset,
            "text": (e.text or "").rstrip("\n"),
            "message": e.msg,
            "type": type(e).__name__,
        }
    except SystemExit as e:
        _load_error = {"kind": "exit", "file": str(path), "code": str(e.code), **_where(e, path)}
    except FileNotFoundError as e:
        _load_error = {"kind": "missing", "file": str(path), "message": str(e)}
    except BaseException as e:
        kind = "import" if isinstance(e, ImportError) else "exception"
        _load_error = {"kind": kind, "file": str(path), "type": type(e).__name__, "message": _trim(str(e)), **_where(e, path)}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _trim(text: str, limit: int = _MAX_MSG) -> str:
    return text if len(text) <= limit else text[: limit // 2] + "\n  [...]\n" + text[-limit // 2 :]


def _where(exc: BaseException, target: Path) -> dict[str, Any]:
    """The deepest traceback frame inside the target file: where the learner should look."""
    target = target.resolve()
    found: dict[str, Any] = {}
    for frame in traceback.extract_tb(exc.__traceback__):
        try:
            if Path(frame.filename).resolve() == target:
                found = {"line": frame.lineno, "function": frame.name, "source": frame.line}
        except OSError:
            continue
    return found


@pytest.fixture(scope="module")
def lab(request: pytest.FixtureRequest) -> ModuleType:
    """The implementation under test for this test file's exercise (see ``cvlab.testing``)."""
    if _load_error is not None:
        pytest.fail(f"could not import the implementation: {_load_error}", pytrace=False)
    return testing.load_file(testing.target_path(Path(request.path).parent))


def _region(item: pytest.Item) -> str | None:
    mark = item.get_closest_marker("region")
    return str(mark.args[0]) if mark and mark.args else None


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if _load_error is not None and os.environ.get("CVLAB_REPORT"):
        _write_report(config)
        pytest.exit("the implementation did not import", returncode=3)
    first = {r for r in os.environ.get("CVLAB_FIRST_REGIONS", "").split(",") if r}
    if first:  # verify: the tests of the regions a wrong version changed run first (stable order otherwise)
        items.sort(key=lambda item: _region(item) not in first)


_STUB_RE = re.compile(r'raise NotImplementedError\("TODO\((?P<name>[A-Za-z_][\w-]*)\): write this region"\)')
_stub_cache: dict[tuple[Path, int], set[str]] = {}


def untouched_regions(path: Path) -> set[str]:
    """Regions whose generated ``raise NotImplementedError("TODO(name): ...")`` is still in ``path``."""
    try:
        key = (path, path.stat().st_mtime_ns)
    except OSError:
        return set()
    if key not in _stub_cache:
        _stub_cache[key] = {m["name"] for m in _STUB_RE.finditer(path.read_text(errors="replace"))}
    return _stub_cache[key]


def pytest_runtest_setup(item: pytest.Item) -> None:
    region = _region(item)
    if region and (str(item.path), region) in _timed_out_regions:
        pytest.fail(f"not run: an earlier test of region '{region}' timed out", pytrace=False)
    # A region (or one it needs, `@pytest.mark.region("b", needs=["a"])`) still holding its
    # generated stub fails at once as "not started": no property test runs and shrinks a
    # NotImplementedError for seconds.
    mark = item.get_closest_marker("region")
    needed = ([region] if region else []) + list(mark.kwargs.get("needs", ()) if mark else ())
    if needed:
        untouched = untouched_regions(testing.target_path(Path(item.path).parent))
        for name in needed:
            if name in untouched:
                raise NotImplementedError(f"TODO({name}): write this region")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    rep: pytest.TestReport = outcome.get_result()
    if not os.environ.get("CVLAB_REPORT"):
        return
    if rep.when == "call" or (rep.when == "setup" and not rep.passed):
        _results.append(_describe(item, call, rep))


def _describe(item: pytest.Item, call: pytest.CallInfo[None], rep: pytest.TestReport) -> dict[str, Any]:
    func = getattr(item, "function", None)
    doc = (func.__doc__ or "").strip().splitlines()[0] if func is not None and func.__doc__ else ""
    entry: dict[str, Any] = {
        "nodeid": rep.nodeid,
        "name": item.name,
        "region": _region(item),
        "doc": doc,
        "outcome": rep.outcome,
        "when": rep.when,
        "duration": round(rep.duration, 4),
        "status": "passed" if rep.passed else ("skipped" if rep.skipped else "failed"),
    }
    if rep.failed and call.excinfo is not None:
        exc = call.excinfo.value
        message = str(exc)
        entry["type"] = type(exc).__name__
        entry["message"] = _trim(message)
        if isinstance(exc, NotImplementedError) and "TODO(" in message:
            entry["status"] = "not-started"
        elif "Timeout" in message and "pytest-timeout" in message:
            entry["status"] = "timeout"
            if entry["region"]:
                _timed_out_regions.add((str(item.path), entry["region"]))
        elif isinstance(exc, SystemExit):
            entry["status"] = "exit"
        exercise = os.environ.get("CVLAB_EXERCISE_DIR")
        if exercise:
            entry.update(_where(exc, testing.target_path(Path(exercise))))
    elif rep.skipped and isinstance(rep.longrepr, tuple):
        entry["message"] = str(rep.longrepr[2])
    return entry


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.failed and os.environ.get("CVLAB_REPORT"):
        _results.append({"nodeid": report.nodeid, "name": report.nodeid, "region": None, "status": "collect-error",
                         "message": _trim(str(report.longrepr))})


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CVLAB_REPORT"):
        _write_report(session.config)


def _write_report(config: pytest.Config) -> None:
    path = Path(os.environ["CVLAB_REPORT"])
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"load_error": _load_error, "tests": _results}, indent=1))
    tmp.replace(path)  # atomic: the engine never reads a half-written report
