"""The real curriculum, exercise by exercise: the maintainer's gate (`cvlab verify`) as tests,
the project pins, and every exploration notebook executed headless."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cvlab import catalog, envsetup, paths, pins, stubs
from cvlab.verify import verify

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = catalog.discover(ROOT)
NOTEBOOKS = sorted(p for ex in EXERCISES for p in ex.path.glob("*.ipynb"))
CV2_DISTS = {"opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"}


def _ids(items):
    return [getattr(i, "id", None) or str(Path(i).relative_to(ROOT)) for i in items]


def test_every_lab_toml_loads():
    assert catalog.broken(ROOT) == []


def test_ids_are_unique():
    ids = [e.id for e in EXERCISES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_exactly_one_opencv_package_is_pinned_and_installed():
    from importlib import metadata

    project = pins.project_pins()
    assert set(project) & CV2_DISTS == {"opencv-contrib-python-headless"}
    installed = set()
    for dist in CV2_DISTS:
        try:
            metadata.version(dist)
            installed.add(dist)
        except metadata.PackageNotFoundError:
            pass
    assert installed == {"opencv-contrib-python-headless"}, f"several cv2 packages installed: {installed}"


@pytest.mark.parametrize("ex", EXERCISES, ids=_ids(EXERCISES))
def test_requirements_repeat_the_project_pins(ex):
    assert pins.mismatches(ex.path / "requirements.txt") == []


@pytest.mark.parametrize("ex", EXERCISES, ids=_ids(EXERCISES))
def test_lab_py_is_generated_from_the_solution(ex):
    assert ex.lab.read_text() == stubs.generate_lab(ex.solution.read_text()), f"run `cvlab sync` ({ex.rel()})"


@pytest.fixture(scope="module")
def problem_server():
    """One warm grading server per test worker for the interview problems: ~120 small exercises
    that each would otherwise pay an interpreter start and the NumPy/SciPy/pytest imports."""
    from cvlab import grading

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CVLAB_SERVER_KEY", f"suite-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}")
        mp.setenv("CVLAB_GRADER_SERVER", "1")
        mp.setenv("CVLAB_SERVER_IDLE", "120")
        yield
        grading.stop_server()

@pytest.mark.parametrize("ex", EXERCISES, ids=_ids(EXERCISES))
def test_exercise_passes_the_maintainers_gate(ex, request):
    """solution passes, lab.py is not started, every kept wrong version is rejected, metadata, pins."""
    problem = ex.meta.kind == "problem"
    if problem:
        request.getfixturevalue("problem_server")
    report = verify(ex, use_server=problem)
    failures = [f"{c.name}: {c.detail}" for c in report.checks if not c.ok]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_executes_headless(notebook: Path):
    import nbformat
    from nbclient import NotebookClient

    envsetup.apply()
    nb = nbformat.read(notebook, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "save notebooks without outputs"
    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}})
    os.environ.setdefault("CVLAB_TARGET", "solution")
    client.execute()


def test_readmes_exist_for_every_phase_folder():
    for ex in EXERCISES:
        if ex.meta.kind in ("lab", "capstone"):
            assert (ex.path.parent / "README.md").exists(), f"{ex.path.parent.name} needs a README.md"
    assert (paths.repo_root() / "README.md").exists()


def test_interview_bank_index_lists_every_problem():
    """interview-prep/README.md's table is what `cvlab sync` generates from the problems' lab.toml."""
    from cvlab import bank

    index = bank.index_path(ROOT)
    text = index.read_text()
    assert text == bank.updated(text, bank.render(EXERCISES, ROOT)), "run `cvlab sync`: the problem list is stale"
    for ex in bank.problems(EXERCISES):
        assert f"| `{ex.id}` |" in text
        assert ex.meta.category in bank.CATEGORIES, f"{ex.id}: unknown category {ex.meta.category!r}"


@pytest.mark.parametrize("ex", [e for e in EXERCISES if e.meta.kind == "problem"],
                         ids=_ids([e for e in EXERCISES if e.meta.kind == "problem"]))
def test_problem_readme_has_the_bank_sections(ex):
    """A problem's README has, in order: statement, examples, constraints, how to run, follow-ups."""
    text = (ex.path / "README.md").read_text()
    heads = ["## Problem", "## Examples", "## Constraints", "## Run it", "## Follow-up questions"]
    where = [text.find("\n" + h) for h in heads]
    assert all(w >= 0 for w in where), f"{ex.rel()}/README.md lacks {[h for h, w in zip(heads, where) if w < 0]}"
    assert where == sorted(where), f"{ex.rel()}/README.md: sections out of order, expected {heads}"
    assert text.count("<summary>") >= 3, f"{ex.rel()}/README.md: at least 3 follow-up questions with answers"
    assert all(2 <= len(h) <= 3 for h in ex.meta.hints.values()), f"{ex.id}: 2-3 graded hints per region"
    assert ex.meta.difficulty in ("easy", "medium", "hard") and ex.meta.category
