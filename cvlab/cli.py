"""The ``cvlab`` command line: the learner's and the maintainer's entry point.

Help text lives next to each command. Exit codes are stable: 0 success, 1 something
failed (a test, a check, a drift), 2 usage error (unknown exercise, bad option).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from . import envsetup, paths, progress, stubs
from .catalog import Exercise, NotFound, discover, resolve

envsetup.apply()

app = typer.Typer(add_completion=False, no_args_is_help=False, rich_markup_mode="rich",
                  help="cv-engineer: grade, watch and track the curriculum's exercises.")
data_app = typer.Typer(help="Datasets and weights: where each comes from, checksums, status.", no_args_is_help=True)
app.add_typer(data_app, name="data")
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

SYMBOL = {"passed": "[green]✓ passed[/]", "failing": "[red]✗ failing[/]", "not-started": "[dim]· not started[/]",
          "no-tests": "[yellow]? no tests[/]", "error": "[red]! error[/]", "regressed": "[red]↺ regressed[/]"}


def _usage(message: str) -> typer.Exit:
    err.print(f"[red]error:[/] {message}")
    return typer.Exit(2)


def _resolve(query: str, exercises: list[Exercise] | None = None) -> Exercise:
    exercises = discover() if exercises is None else exercises
    if not exercises:
        raise _usage(f"no exercises found under {paths.repo_root()} (is CVLAB_ROOT right?)")
    if query == "next":
        nxt = _next(exercises, progress.statuses())
        if nxt is None:
            raise _usage("every exercise passes: nothing left to do!")
        return nxt
    try:
        return resolve(query, exercises)
    except NotFound as e:
        raise _usage(str(e)) from None


def _next(exercises: list[Exercise], statuses: dict[str, str]) -> Exercise | None:
    curriculum = [e for e in exercises if e.meta.kind != "problem"] or exercises
    return next((e for e in curriculum if statuses.get(e.id) != "passed"), None)


# --------------------------------------------------------------------------- dashboard
@app.callback(invoke_without_command=True)
def dashboard(ctx: typer.Context) -> None:
    """Without a command: the dashboard (progress by phase and week, the next exercise)."""
    if ctx.invoked_subcommand is not None:
        return
    exercises = discover()
    statuses = progress.statuses()
    labs = [e for e in exercises if e.meta.kind != "problem"]
    problems = [e for e in exercises if e.meta.kind == "problem"]
    table = Table(title="cv-engineer: your progress", title_justify="left", expand=False)
    for col in ("week", "phase", "exercise", "title", "status"):
        table.add_column(col)
    for e in labs:
        table.add_row(str(e.meta.week), e.meta.phase, e.id, e.title, SYMBOL.get(statuses.get(e.id, "not-started"), ""))
    console.print(table)
    by_phase: dict[str, list[int]] = {}
    for e in labs:
        done = by_phase.setdefault(e.meta.phase, [0, 0])
        done[0] += statuses.get(e.id) == "passed"
        done[1] += 1
    summary = "  ".join(f"phase {p}: {d}/{t}" for p, (d, t) in sorted(by_phase.items()))
    if problems:
        solved = sum(statuses.get(e.id) == "passed" for e in problems)
        summary += f"  interview bank: {solved}/{len(problems)}"
        drills = progress.drill_stats()
        if drills["rounds"]:
            median = drills["median_seconds"]
            summary += f"  drills: {drills['solved']}/{drills['rounds']} solved" + (
                f", median {median / 60:.1f} min" if median is not None else "")
    console.print(summary)
    nxt = _next(exercises, statuses)
    if nxt is None:
        console.print(Panel("Everything passes. Try `cvlab drill` or the system-design labs.", title="next"))
        return
    console.print(Panel(
        f"[bold]{nxt.id}[/] {nxt.title}  (week {nxt.meta.week}, ~{nxt.meta.hours:g} h)\n"
        f"read   {nxt.rel()}/README.md\n"
        f"edit   {nxt.rel()}/lab.py\n"
        f"grade  [bold]cvlab check {nxt.id}[/]   or re-grade on save: [bold]cvlab watch {nxt.id}[/]\n"
        f"stuck  cvlab hint {nxt.id}",
        title="next", expand=False))


# --------------------------------------------------------------------------- list
@app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
    kind: Annotated[Optional[str], typer.Option(help="lab | capstone | system-design | problem")] = None,
    phase: Annotated[Optional[str], typer.Option(help="e.g. 00, 01, interview")] = None,
    tag: Annotated[Optional[str], typer.Option(help="only exercises with this tag")] = None,
    difficulty: Annotated[Optional[str], typer.Option(help="beginner ... advanced / easy, medium, hard")] = None,
    category: Annotated[Optional[str], typer.Option(help="interview bank category, e.g. A")] = None,
) -> None:
    """Every exercise, in curriculum order, with your status."""
    statuses = progress.statuses()
    rows = [e for e in discover()
            if (kind is None or e.meta.kind == kind) and (phase is None or e.meta.phase == phase)
            and (tag is None or tag in e.meta.tags) and (difficulty is None or e.meta.difficulty == difficulty)
            and (category is None or (e.meta.category or "").lower() == category.lower())]
    if as_json:
        print(json.dumps([{"id": e.id, "path": e.rel(), "kind": e.meta.kind, "title": e.title,
                           "status": statuses.get(e.id, "not-started"), "phase": e.meta.phase, "week": e.meta.week,
                           "difficulty": e.meta.difficulty, "tags": e.meta.tags, "category": e.meta.category}
                          for e in rows], indent=1))
        return
    if rows and all(e.meta.kind == "problem" for e in rows):
        _list_problems(rows, statuses)
        return
    table = Table()
    for col in ("id", "kind", "week", "difficulty", "title", "status", "path"):
        table.add_column(col)
    for e in rows:
        table.add_row(e.id, e.meta.kind, str(e.meta.week), e.meta.difficulty, e.title,
                      SYMBOL.get(statuses.get(e.id, "not-started"), ""), e.rel())
    console.print(table)


def _list_problems(rows: list[Exercise], statuses: dict[str, str]) -> None:
    """The interview bank's view: by category, with tags; ★ = asked often in CV interviews."""
    from . import bank

    table = Table()
    for col in ("id", "category", "difficulty", "problem", "tags", "status"):
        table.add_column(col)
    for e in bank.problems(rows):
        star = " ★" if bank.ASKED_OFTEN in e.meta.tags else ""
        table.add_row(e.id, f"{e.meta.category} {bank.CATEGORIES.get(e.meta.category or '', '')}", e.meta.difficulty,
                      e.title + star, ", ".join(t for t in e.meta.tags if t != bank.ASKED_OFTEN),
                      SYMBOL.get(statuses.get(e.id, "not-started"), ""))
    console.print(table)
    solved = sum(statuses.get(e.id) == "passed" for e in rows)
    console.print(f"{len(rows)} problems, {solved} solved. `cvlab drill` with the same filters starts a timed round.")


# --------------------------------------------------------------------------- check
def _render(ex: Exercise, result, target: Path) -> None:
    from .grading import GradeResult

    assert isinstance(result, GradeResult)
    console.print(f"[bold]{ex.id}[/] {ex.title}  [dim]({target.name}, {result.duration:.1f}s)[/]")
    for region, status in result.regions.items():
        if result.status == "error":
            console.print(f"  [dim]- not graded[/]              {region}")
            continue
        n = [t for t in result.tests if t.region == region]
        ok = sum(t.status == "passed" for t in n)
        console.print(f"  {SYMBOL.get(status, status):<28} {region}  [dim]{ok}/{len(n)} tests[/]")
    if result.status == "passed":
        after = ("Answer the follow-up questions in the README out loud." if ex.meta.kind == "problem"
                 else "Read the interview questions at the end of the README.")
        console.print(f"[green bold]All {len(result.tests)} tests pass.[/] {after}")
        return
    text = result.explanation()
    if text:
        title = {"error": "could not grade", "not-started": "start here"}.get(result.status, "first failure")
        border = "blue" if result.status == "not-started" else "red"
        console.print(Panel(_escape(text), title=title, border_style=border, expand=False))
    if result.status in ("failing", "not-started"):
        console.print(f"[dim]stuck? cvlab hint {ex.id}[/]")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _grade_and_record(ex: Exercise, target: Path):
    from . import grading

    result = grading.grade(ex, target, use_server=True)
    if target.resolve() == ex.lab.resolve():
        progress.record_attempt(ex.id, result.status, result.passed, len(result.tests), result.duration, result.regions)
    return result


@app.command()
def check(
    exercise: Annotated[str, typer.Argument(help="id (e.g. 0.2), folder path, or 'next'")],
    solution: Annotated[bool, typer.Option("--solution", help="grade the reference solution.py")] = False,
    impl: Annotated[Optional[Path], typer.Option(help="grade any .py file with the same API")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
) -> None:
    """Grade one exercise: per region passed / failing / not started; the first failure explained."""
    from . import grading

    ex = _resolve(exercise)
    if impl is not None and not impl.exists():
        raise _usage(f"--impl {impl}: no such file")
    target = grading.target_for(ex, solution, str(impl) if impl else None)
    result = _grade_and_record(ex, target)
    if as_json:
        print(json.dumps(result.to_json(), indent=1, default=str))
    else:
        _render(ex, result, target)
    raise typer.Exit(result.exit_code)


# --------------------------------------------------------------------------- watch
@app.command()
def watch(
    exercise: Annotated[Optional[str], typer.Argument(help="id or path; default: the next exercise")] = None,
    poll: Annotated[bool, typer.Option("--poll", help="poll for changes (where file events don't arrive)")] = False,
) -> None:
    """Re-grade every time you save lab.py (Ctrl-C to stop)."""
    from . import watch as watching

    ex = _resolve(exercise or "next")
    console.print(f"watching [bold]{ex.rel()}/lab.py[/] (Ctrl-C to stop)")
    result = _grade_and_record(ex, ex.lab)
    _render(ex, result, ex.lab)
    try:
        for _ in watching.changes([ex.lab], poll=poll):
            console.rule(time.strftime("%H:%M:%S"))
            result = _grade_and_record(ex, ex.lab)
            _render(ex, result, ex.lab)
            if result.status == "passed":
                console.print("[green]Done! Move on with `cvlab watch next`.[/]")
    except KeyboardInterrupt:
        pass


# --------------------------------------------------------------------------- hint
@app.command()
def hint(
    exercise: Annotated[str, typer.Argument(help="id or path")],
    n: Annotated[Optional[int], typer.Argument(help="show hint N (1-based) instead of the next one")] = None,
) -> None:
    """Show the next hint for an exercise (run again for the next one)."""
    ex = _resolve(exercise)
    hints = [(region, text) for region in ex.regions for text in ex.meta.hints.get(region, [])]
    if not hints:
        raise _usage(f"{ex.id} has no hints")
    index = (n - 1) if n is not None else progress.next_hint_index(ex.id)
    if not 0 <= index < len(hints):
        if n is None:
            console.print(f"That was the last of {len(hints)} hints. `cvlab hint {ex.id} 1` starts again; the README "
                          "explains each region in depth.")
            return
        raise _usage(f"{ex.id} has hints 1..{len(hints)}")
    region, text = hints[index]
    progress.mark_hint_shown(ex.id, index)
    console.print(Panel(_escape(text), title=f"hint {index + 1}/{len(hints)} - region '{region}'", expand=False))


# --------------------------------------------------------------------------- reset
@app.command()
def reset(exercise: Annotated[str, typer.Argument(help="id or path")]) -> None:
    """Restore the generated lab.py; your file is kept as a timestamped backup."""
    ex = _resolve(exercise)
    fresh = stubs.generate_lab(ex.solution.read_text())
    if ex.lab.exists():
        if ex.lab.read_text() == fresh:
            console.print(f"{ex.rel()}/lab.py is already the original: nothing to do.")
            return
        folder = paths.backups_dir() / ex.id
        folder.mkdir(parents=True, exist_ok=True)
        backup = folder / f"lab-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 1000000:06d}.py"
        shutil.copy2(ex.lab, backup)
        console.print(f"your file is saved as [bold]{backup}[/]")
    tmp = ex.lab.with_suffix(".py.tmp")
    tmp.write_text(fresh)
    tmp.replace(ex.lab)
    console.print(f"restored {ex.rel()}/lab.py")


# --------------------------------------------------------------------------- sync / verify
@app.command()
def sync(check_only: Annotated[bool, typer.Option("--check", help="fail if any lab.py differs; write nothing")] = False) -> None:
    """Write every lab.py from its solution.py, and the interview bank's index (maintainers; learners use `reset`)."""
    from . import bank

    drift, errors = [], []
    everything = discover()
    for ex in everything:
        try:
            fresh = stubs.generate_lab(ex.solution.read_text())
        except (stubs.RegionError, OSError) as e:
            errors.append(f"{ex.rel()}: {e}")
            continue
        current = ex.lab.read_text() if ex.lab.exists() else None
        if current != fresh:
            drift.append(ex.rel())
            if not check_only:
                ex.lab.write_text(fresh)
    try:
        if bank.sync_index(everything, write=not check_only):
            drift.append(str(bank.index_path().relative_to(paths.repo_root())) + " (the problem list)")
    except bank.MarkerError as e:
        errors.append(str(e))
    for e in errors:
        err.print(f"[red]error:[/] {e}")
    if check_only:
        if drift:
            err.print("generated files out of date (run `cvlab sync`):\n  " + "\n  ".join(drift))
            raise typer.Exit(1)
        console.print("every lab.py and the problem index are in sync")
    else:
        console.print(f"wrote {len(drift)} generated file(s)" + (": " + ", ".join(drift) if drift else ""))
    raise typer.Exit(1 if errors else 0)


@app.command()
def verify(
    exercises: Annotated[Optional[list[str]], typer.Argument(help="ids or paths (default: all)")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    no_wrong: Annotated[bool, typer.Option("--no-wrong", help="skip the wrong versions (faster)")] = False,
    jobs: Annotated[int, typer.Option("-j", "--jobs", help="exercises verified in parallel")] = 2,
) -> None:
    """The maintainer's gate: files, metadata, sync, solution passes, lab.py not started, wrong versions rejected, pins."""
    from . import verify as verifying
    from .catalog import broken

    everything = discover()
    targets = [_resolve(q, everything) for q in exercises] if exercises else everything
    reports = verifying.verify_many(targets, wrong=not no_wrong, jobs=jobs)
    bad_meta = broken() if not exercises else []
    if as_json:
        print(json.dumps({"ok": all(r.ok for r in reports) and not bad_meta, "broken_metadata": bad_meta,
                          "exercises": [{"id": r.exercise, "path": r.path, "ok": r.ok,
                                         "checks": [c.__dict__ for c in r.checks]} for r in reports]}, indent=1))
    else:
        for r in reports:
            console.print(f"{'[green]✓[/]' if r.ok else '[red]✗[/]'} [bold]{r.exercise}[/] {r.path}")
            for c in r.checks:
                if not c.ok or c.name.startswith("wrong") or c.name == "solution passes":
                    mark = "[green]ok[/]" if c.ok else "[red]FAIL[/]"
                    console.print(f"    {mark} {c.name}" + (f"  [dim]{_escape(c.detail)}[/]" if c.detail else ""))
        for m in bad_meta:
            console.print(f"[red]✗ broken lab.toml:[/] {_escape(m)}")
        ok = sum(r.ok for r in reports)
        console.print(f"{ok}/{len(reports)} exercises pass verification")
    raise typer.Exit(0 if all(r.ok for r in reports) and not bad_meta else 1)


# --------------------------------------------------------------------------- bench
@app.command()
def bench(
    exercise: Annotated[str, typer.Argument(help="id or path")],
    impl: Annotated[Optional[Path], typer.Option(help="time this file instead of solution.py")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Time the solution against the reference library on the same input (ratio = ours / reference)."""
    from . import bench as benching

    ex = _resolve(exercise)
    try:
        timings = benching.run(ex, impl)
    except FileNotFoundError as e:
        raise _usage(str(e)) from None
    if as_json:
        print(json.dumps([{**t.__dict__, "ratio": t.ratio} for t in timings], indent=1))
        return
    table = Table(title=f"{ex.id} {ex.title}: median wall time")
    for col in ("case", "ours (ms)", "reference", "ref (ms)", "ratio"):
        table.add_column(col, justify="right" if "ms" in col or col == "ratio" else "left")
    for t in timings:
        table.add_row(t.name, f"{t.ours_ms:.3f}", t.reference_name, f"{t.reference_ms:.3f}", f"{t.ratio:.2f}x")
    console.print(table)


# --------------------------------------------------------------------------- drill
def _problem_sections(readme: Path) -> tuple[str, list[str]]:
    """A problem README's statement (everything before "## Run it") and its follow-up questions."""
    import re

    if not readme.exists():
        return "", []
    text = readme.read_text()
    statement = re.split(r"\n## (?:Run it|Hints|Follow-up)", text, maxsplit=1)[0]
    follow = text.split("\n## Follow-up", 1)[1] if "\n## Follow-up" in text else ""
    questions = [re.sub(r"<[^>]+>", "", q).strip() for q in re.findall(r"<summary>(.*?)</summary>", follow)]
    return statement.strip(), questions


@app.command()
def drill(
    category: Annotated[Optional[str], typer.Option(help="interview bank category, e.g. A")] = None,
    difficulty: Annotated[Optional[str], typer.Option(help="easy | medium | hard")] = None,
    tag: Annotated[Optional[str], typer.Option(help="only problems with this tag")] = None,
    seed: Annotated[Optional[int], typer.Option(help="pick deterministically (for repeatable rounds)")] = None,
) -> None:
    """A timed mock-interview round: an unsolved problem, the clock running, grading on demand."""
    import random

    from rich.markdown import Markdown

    statuses = progress.statuses()
    pool = [e for e in discover() if e.meta.kind == "problem" and statuses.get(e.id) != "passed"
            and (category is None or (e.meta.category or "").lower() == category.lower())
            and (difficulty is None or e.meta.difficulty == difficulty) and (tag is None or tag in e.meta.tags)]
    if not pool:
        raise _usage("no unsolved problem matches these filters (`cvlab list --kind problem` shows the bank)")
    ex = random.Random(seed).choice(pool)
    readme = ex.path / "README.md"
    console.print(Panel(f"[bold]{ex.id}[/] {ex.title}  ({ex.meta.difficulty}, category {ex.meta.category or '-'})",
                        title="drill", expand=False))
    statement, follow_ups = _problem_sections(readme)
    if statement:
        console.print(Markdown(statement))
    console.print(f"write your solution in [bold]{ex.rel()}/lab.py[/]; the clock is running.")
    drill_id = progress.start_drill(ex.id)
    started = time.time()
    hints = [(r, t) for r in ex.regions for t in ex.meta.hints.get(r, [])]
    shown = 0
    while True:
        try:
            answer = input(f"[{time.time() - started:5.0f}s] (c)heck, (h)int, (q)uit: ").strip().lower()
        except EOFError:
            answer = "q"
        if answer.startswith("c"):
            result = _grade_and_record(ex, ex.lab)
            _render(ex, result, ex.lab)
            if result.status == "passed":
                seconds = progress.finish_drill(drill_id)
                console.print(f"[green bold]solved in {seconds / 60:.1f} min[/] ({seconds:.0f} s). Now answer the "
                              "follow-up questions out loud before you open the answers in the README:")
                for q in follow_ups:
                    console.print(f"  • {_escape(q)}")
                return
        elif answer.startswith("h"):
            if shown < len(hints):
                console.print(Panel(_escape(hints[shown][1]), title=f"hint {shown + 1}/{len(hints)}", expand=False))
                shown += 1
            else:
                console.print("no more hints")
        elif answer.startswith("q"):
            console.print(f"stopped after {time.time() - started:.0f} s; the problem stays unsolved.")
            raise typer.Exit(1)


# --------------------------------------------------------------------------- data
@data_app.command("list")
def data_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every dataset and set of weights, with its sources in the order they are tried."""
    from .data import registry

    rows = []
    for ds in registry.DATASETS.values():
        state, where = registry.status(ds.name)
        rows.append({"name": ds.name, "kind": ds.kind, "title": ds.title, "licence": ds.licence, "status": state,
                     "path": str(where) if where else None, "sources": [s.describe() for s in ds.sources]})
    if as_json:
        print(json.dumps(rows, indent=1))
        return
    table = Table()
    for col in ("name", "status", "what", "sources (tried in order)"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["name"], "[green]ready[/]" if r["status"] == "ready" else "[yellow]missing[/]",
                      r["title"], "\n".join(f"{i + 1}. {s}" for i, s in enumerate(r["sources"])))
    console.print(table)


@data_app.command("fetch")
def data_fetch(
    names: Annotated[Optional[list[str]], typer.Argument(help="datasets to provide (default with --all: all offline-capable)")] = None,
    all_: Annotated[bool, typer.Option("--all", help="every dataset that has a source reachable here")] = False,
    force: Annotated[bool, typer.Option("--force", help="fetch again even if present")] = False,
) -> None:
    """Provide datasets: locate, extract or download, then verify checksums."""
    from .data import registry

    if not names and not all_:
        raise _usage("name a dataset (see `cvlab data list`) or pass --all")
    wanted = names or [n for n, d in registry.DATASETS.items() if not all(s.__class__.__name__ == "Url" for s in d.sources)]
    failed = []
    for name in wanted:
        if name not in registry.DATASETS:
            raise _usage(f"no dataset named '{name}'; `cvlab data list` shows them")
        with console.status(f"{name} ...") as status:
            try:
                where = registry.fetch(name, progress=lambda s: status.update(f"{name}: {s}"), force=force)
                console.print(f"[green]✓[/] {name}: {where}")
            except registry.DataMissing as e:
                failed.append(name)
                console.print(f"[red]✗[/] {_escape(str(e))}")
    raise typer.Exit(1 if failed else 0)


@data_app.command("verify")
def data_verify(names: Annotated[Optional[list[str]], typer.Argument()] = None) -> None:
    """Check the checksums of what is present (corrupt or truncated files are reported)."""
    from .data import registry

    bad = 0
    for name in names or list(registry.DATASETS):
        state, where = registry.status(name)
        if where is not None:
            console.print(f"[green]✓[/] {name}: every checksum matches ({where})")
            continue
        ds = registry.get(name)
        present = ds.local_dir if ds.local_dir.exists() else None
        if present:
            bad += 1
            broken = min((registry.bad_files(present, s.files) for s in ds.sources), key=len)
            console.print(f"[red]✗[/] {name}: {len(broken)} file(s) corrupt or missing in {present}, e.g. {broken[:3]}; "
                          f"`cvlab data fetch {name} --force` fetches them again")
        else:
            console.print(f"[yellow]-[/] {name}: not present")
    raise typer.Exit(1 if bad else 0)


# --------------------------------------------------------------------------- doctor
@app.command()
def doctor() -> None:
    """The environment: Python, packages, data, GPU, offline settings."""
    from .data import registry

    table = Table(title="cvlab doctor", show_header=False)
    table.add_column("what")
    table.add_column("value")
    table.add_row("python", f"{sys.version.split()[0]} ({sys.executable})")
    table.add_row("curriculum", str(paths.repo_root()))
    table.add_row("state", str(paths.state_dir()))
    from . import pins

    wrong = []
    for name, spec in pins.project_pins().items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{name} missing")
            continue
        if spec.startswith("==") and have != spec[2:]:
            wrong.append(f"{name} {have} (pinned {spec[2:]})")
    table.add_row("pinned packages", "[green]all as pinned[/]" if not wrong else "[red]" + "; ".join(wrong[:8]) + "[/]")
    cv2s = []
    for dist in ("opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"):
        try:
            cv2s.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    table.add_row("OpenCV packages", ("[green]" if len(cv2s) == 1 else "[red]") + (", ".join(cv2s) or "none") + "[/]")
    try:
        import torch

        gpu = f"CUDA: {torch.cuda.get_device_name(0)}" if torch.cuda.is_available() else "none (CPU only)"
        table.add_row("torch / GPU", f"{torch.__version__} / {gpu}")
    except ImportError:
        table.add_row("torch / GPU", "[red]torch not installed[/]")
    for ds in registry.DATASETS.values():
        state, where = registry.status(ds.name)
        table.add_row(f"data: {ds.name}", "[green]ready[/]" if where else "[yellow]missing[/] (cvlab data fetch " + ds.name + ")")
    import os

    for key, value in envsetup.settings().items():
        source = "yours" if os.environ.get(key) != value else "set by cvlab"
        table.add_row(f"env {key}", f"{os.environ.get(key)} [dim]({source})[/]")
    console.print(table)


def main() -> None:
    app()
