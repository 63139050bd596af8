"""``cvlab verify``: the maintainer's gate for an exercise (LAB_CONTRACT.md).

For each exercise: the files exist; lab.toml is valid and has a hint per region;
lab.py is in sync with solution.py; every test names a region and every region has
tests; the solution passes every test; the untouched lab.py imports and fails every
region with NotImplementedError (not started); every kept wrong version imports and is
rejected by at least one test; requirements.txt repeats the project pins.
"""

from __future__ import annotations

import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import grading, pins, stubs
from .catalog import Exercise, MetaError, load_meta
from .data.registry import DATASETS

REQUIRED = ("README.md", "solution.py", "lab.py", "test_lab.py", "lab.toml", "requirements.txt", "wrong.toml")


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class Report:
    exercise: str
    path: str
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def add(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append(Check(name, ok, detail))
        return ok


def load_wrong(ex: Exercise) -> list[dict]:
    if not ex.wrong_file.exists():
        return []
    raw = tomllib.loads(ex.wrong_file.read_text())
    return list(raw.get("wrong", []))


def verify(ex: Exercise, wrong: bool = True, use_server: bool = False) -> Report:
    """``use_server``: grade through the warm grading server (saves an interpreter start and
    the imports per exercise; the test suite does this for the many small interview problems)."""
    rep = Report(ex.id, ex.rel())
    missing = [f for f in REQUIRED if not (ex.path / f).exists()]
    if ex.meta.datasets and not (ex.path / "DATASETS.md").exists():
        missing.append("DATASETS.md (the exercise uses datasets)")
    rep.add("files", not missing, "missing: " + ", ".join(missing) if missing else "")

    try:
        load_meta(ex.path / "lab.toml")
        meta_ok = True
        meta_detail = ""
    except MetaError as e:
        meta_ok, meta_detail = False, str(e)
    try:
        regions = ex.regions
    except stubs.RegionError as e:
        rep.add("regions", False, str(e))
        return rep
    rep.add("regions", bool(regions), ", ".join(regions))
    no_hint = [r for r in regions if not ex.meta.hints.get(r)]
    stray = [h for h in ex.meta.hints if h not in regions]
    unknown_data = [d for d in ex.meta.datasets if d not in DATASETS]
    problems = [meta_detail] if meta_detail else []
    problems += [f"no hint for region(s) {no_hint}"] if no_hint else []
    problems += [f"hints for unknown region(s) {stray}"] if stray else []
    problems += [f"unknown dataset(s) {unknown_data}"] if unknown_data else []
    rep.add("metadata", meta_ok and not problems, "; ".join(problems))

    expected_lab = stubs.generate_lab(ex.solution.read_text())
    in_sync = ex.lab.exists() and ex.lab.read_text() == expected_lab
    rep.add("lab.py in sync", in_sync, "" if in_sync else "run `cvlab sync`")

    req = ex.path / "requirements.txt"
    if req.exists():
        bad = pins.mismatches(req)
        rep.add("pins", not bad, "; ".join(bad))

    # One warm worker grades the solution, the untouched lab.py and every wrong version.
    versions = load_wrong(ex) if wrong else []
    source = ex.solution.read_text()
    with tempfile.TemporaryDirectory(prefix="cvlab-verify-") as tmp:
        targets, firsts, stops, names = [ex.solution, Path(tmp) / "lab.py"], [None, None], [False, False], []
        targets[1].write_text(expected_lab)
        broken_wrong: dict[str, str] = {}
        for i, w in enumerate(versions):
            name = w.get("name", f"#{i}")
            try:
                patched = stubs.apply_wrong(source, w.get("replace", {}))
            except stubs.RegionError as e:
                broken_wrong[name] = str(e)
                continue
            path = Path(tmp) / f"wrong_{i}.py"
            path.write_text(patched)
            targets.append(path)
            firsts.append(sorted(w.get("replace", {})))
            stops.append(True)
            names.append((name, w.get("why", "")))
        results = grading.grade_many(ex, targets, firsts, stops, use_server=use_server)
    sol, stub, wrong_results = results[0], results[1], results[2:]

    untagged = sorted({t.name for t in sol.tests if not t.region})
    untested = [r for r, s in sol.regions.items() if s == "no-tests"]
    unknown = sorted({t.region for t in sol.tests if t.region and t.region not in regions})
    detail = []
    detail += [f"tests without @pytest.mark.region: {untagged[:5]}"] if untagged else []
    detail += [f"regions without tests: {untested}"] if untested else []
    detail += [f"tests name unknown regions: {unknown}"] if unknown else []
    rep.add("tests cover regions", not detail and bool(sol.tests), "; ".join(detail) or f"{len(sol.tests)} tests")
    skipped = [t.name for t in sol.tests if t.status == "skipped"]
    rep.add("solution passes", sol.status == "passed" and not skipped,
            (f"{sol.passed}/{len(sol.tests)} tests" if sol.status == "passed" and not skipped
             else (f"skipped: {skipped[:3]}; " if skipped else "") + sol.explanation()))

    started = [r for r, s in stub.regions.items() if s != "not-started"]
    ok = stub.status == "not-started" and not started
    rep.add("lab.py not started", ok,
            "" if ok else (stub.explanation() or f"regions not reported as not-started: {started}"))

    if wrong:
        rep.add("wrong versions kept", len(versions) >= 2, f"{len(versions)} kept (at least 2 expected)")
        for name, problem in broken_wrong.items():
            rep.add(f"wrong '{name}' rejected", False, problem)
        for (name, why), res in zip(names, wrong_results):
            if res.status == "failing":
                first = res.first_failure()
                rep.add(f"wrong '{name}' rejected", True, f"by {first.name}" if first else "")
            elif res.status == "passed":
                rep.add(f"wrong '{name}' rejected", False, f"the grader ACCEPTS it ({why})")
            else:
                rep.add(f"wrong '{name}' rejected", False, "it does not even run: " + res.explanation()[:300])
    return rep


def verify_many(exercises: list[Exercise], wrong: bool = True, jobs: int = 2) -> list[Report]:
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda e: verify(e, wrong), exercises))
