"""The other commands, driven end to end: list, hint, reset, sync, verify, data, doctor."""

from __future__ import annotations

import json
from pathlib import Path

from enginekit import SOLUTION, run_cli

FAKE = "phase-00-foundations/lab-01-fake"


def test_list_json_has_the_stable_fields(curriculum):
    rows = json.loads(run_cli("list", "--json").stdout)
    assert [r["id"] for r in rows] == ["0.1", "0.2"]
    assert set(rows[0]) >= {"id", "path", "kind", "title", "status"}
    assert rows[0]["path"] == FAKE and rows[0]["kind"] == "lab"


def test_hints_come_one_after_another_and_by_number(curriculum):
    outs = [run_cli("hint", "0.1").stdout for _ in range(4)]
    assert "hint 1/3" in outs[0] and "elementwise with +" in outs[0]
    assert "hint 2/3" in outs[1] and "hint 3/3" in outs[2] and "region 'scale'" in outs[2]
    assert "last of 3 hints" in outs[3]
    assert "hint 2/3" in run_cli("hint", "0.1", "2").stdout
    assert run_cli("hint", "0.1", "9").returncode == 2


def test_reset_keeps_a_backup_and_says_where(curriculum):
    lab = curriculum / FAKE / "lab.py"
    original = lab.read_text()
    lab.write_text("# my precious work\n")
    r = run_cli("reset", "0.1")
    assert r.returncode == 0 and lab.read_text() == original
    backup = Path(r.stdout.split("saved as")[1].split()[0])
    assert backup.read_text() == "# my precious work\n"
    assert "already the original" in run_cli("reset", "0.1").stdout


def test_sync_check_fails_on_drift_and_sync_repairs(curriculum):
    assert run_cli("sync", "--check").returncode == 0
    sol = curriculum / FAKE / "solution.py"
    sol.write_text(SOLUTION.replace("Return x multiplied by k.", "Return k * x."))
    r = run_cli("sync", "--check")
    assert r.returncode == 1 and FAKE in r.stderr
    assert run_cli("sync").returncode == 0
    assert "Return k * x." in (curriculum / FAKE / "lab.py").read_text()
    assert run_cli("sync", "--check").returncode == 0


def test_verify_passes_a_good_exercise(curriculum):
    r = run_cli("verify", "0.1", "--json")
    report = json.loads(r.stdout)
    assert r.returncode == 0, r.stdout
    names = {c["name"]: c["ok"] for c in report["exercises"][0]["checks"]}
    assert names["wrong 'subtract' rejected"] and names["wrong 'scale-plus' rejected"]
    assert names["solution passes"] and names["lab.py not started"] and names["pins"]


def test_verify_catches_a_grader_that_accepts_a_wrong_version(curriculum):
    wrong = curriculum / FAKE / "wrong.toml"
    wrong.write_text(wrong.read_text() + '\n[[wrong]]\nname = "same"\nwhy = "not wrong at all"\n'
                     '[wrong.replace]\nscale = "return np.asarray(x) * k"\n')
    r = run_cli("verify", "0.1", "--json")
    assert r.returncode == 1
    checks = {c["name"]: c for c in json.loads(r.stdout)["exercises"][0]["checks"]}
    assert not checks["wrong 'same' rejected"]["ok"] and "ACCEPTS" in checks["wrong 'same' rejected"]["detail"]


def test_verify_catches_pins_drift_missing_hints_and_lab_out_of_sync(curriculum):
    ex = curriculum / FAKE
    (ex / "requirements.txt").write_text("numpy==1.0\n")
    (ex / "lab.toml").write_text((ex / "lab.toml").read_text().replace('scale = "Multiply."\n', ""))
    (ex / "lab.py").write_text("# edited\n")
    r = run_cli("verify", "0.1", "--json", "--no-wrong")
    checks = {c["name"]: c for c in json.loads(r.stdout)["exercises"][0]["checks"]}
    assert r.returncode == 1
    assert not checks["pins"]["ok"] and "differs from the project pin" in checks["pins"]["detail"]
    assert not checks["metadata"]["ok"] and "no hint for region(s) ['scale']" in checks["metadata"]["detail"]
    assert not checks["lab.py in sync"]["ok"]


def test_broken_lab_toml_is_reported_not_fatal(curriculum):
    (curriculum / "phase-00-foundations/lab-02-other/lab.toml").write_text('id = "0.2"\nweek = "soon"\n')
    rows = json.loads(run_cli("list", "--json").stdout)
    assert [r["id"] for r in rows] == ["0.1"]
    r = run_cli("verify", "--json", "--no-wrong")
    assert r.returncode == 1 and json.loads(r.stdout)["broken_metadata"]


def test_data_list_and_doctor_run(curriculum):
    rows = json.loads(run_cli("data", "list", "--json").stdout)
    names = {r["name"] for r in rows}
    assert {"fashion-mnist", "mnist-10k", "sklearn-digits", "skimage-images", "opencv-samples", "efficientnet-lite0"} <= names
    assert all(r["sources"] for r in rows)
    doc = run_cli("doctor")
    assert doc.returncode == 0 and "HF_HUB_OFFLINE" in doc.stdout and "OpenCV packages" in doc.stdout


def test_bench_without_bench_file_is_a_usage_error(curriculum):
    r = run_cli("bench", "0.1")
    assert r.returncode == 2 and "no bench.py" in r.stderr


def test_drill_times_a_problem_until_it_passes(curriculum):

    folder = curriculum / "interview-prep/coding/a01-fake"
    from enginekit import write_exercise

    write_exercise(curriculum, "interview-prep/coding/a01-fake", id="a01")
    toml = folder / "lab.toml"
    toml.write_text(toml.read_text().replace('phase = "00"', 'phase = "interview"\nkind = "problem"\ncategory = "A"')
                    .replace('difficulty = "beginner"', 'difficulty = "easy"'))
    (folder / "README.md").write_text(
        "# Add two arrays\n\nStatement.\n\n## Run it\nrun-section\n\n## Follow-up questions\n"
        "<details><summary>1. What about <code>int8</code> overflow?</summary>\nsecret answer\n</details>\n")
    assert run_cli("drill", "--category", "B").returncode == 2
    import os
    import subprocess
    import sys

    def drill(stdin: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cvlab", "drill", "--category", "A"], input=stdin, text=True,
                              capture_output=True, timeout=120, env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})

    first = drill("h\nc\nq\n")
    assert first.returncode == 1 and "Add two arrays" in first.stdout and "Statement." in first.stdout
    assert "run-section" not in first.stdout and "overflow" not in first.stdout, "the drill shows only the statement"
    assert "hint 1/3" in first.stdout and "not started" in first.stdout
    (folder / "lab.py").write_text((folder / "solution.py").read_text())
    second = drill("c\n")
    assert second.returncode == 0 and "solved in" in second.stdout
    assert "1. What about int8 overflow?" in second.stdout, "after solving, the follow-up questions are asked"
    assert "secret answer" not in second.stdout
    from cvlab import progress

    with progress.connect() as con:
        rows = con.execute("SELECT exercise, seconds FROM drills ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["a01", "a01"] and rows[0][1] is None and rows[1][1] > 0
    assert run_cli("drill", "--category", "A").returncode == 2, "a solved problem is not drawn again"
    assert "drills: 1/2 solved, median" in run_cli().stdout, "the dashboard shows drill rounds and time to solve"


def test_sync_writes_and_checks_the_problem_index(curriculum):
    """`cvlab sync` regenerates the interview bank's table from lab.toml; `sync --check` fails when stale."""
    from enginekit import write_exercise

    from cvlab import bank

    folder = curriculum / "interview-prep/coding/a-arrays/a07-fake"
    write_exercise(curriculum, "interview-prep/coding/a-arrays/a07-fake", id="a07")
    toml = folder / "lab.toml"
    toml.write_text(toml.read_text().replace('phase = "00"', 'phase = "interview"\nkind = "problem"\ncategory = "A"')
                    .replace('difficulty = "beginner"', 'difficulty = "hard"').replace("tags = [", 'tags = ["asked-often", '))
    listed = run_cli("list", "--kind", "problem", "--tag", "asked-often")
    assert listed.returncode == 0 and "a07" in listed.stdout and "A Arrays and NumPy" in listed.stdout
    assert "★" in listed.stdout and "1 problems, 0 solved" in listed.stdout
    index = curriculum / "interview-prep/README.md"
    index.write_text(f"# Bank\n\nhand-written intro\n\n{bank.BEGIN}\nstale\n{bank.END}\n\nfooter\n")
    stale = run_cli("sync", "--check")
    assert stale.returncode == 1 and "interview-prep/README.md" in stale.stderr
    assert run_cli("sync").returncode == 0
    text = index.read_text()
    assert "hand-written intro" in text and "footer" in text and "stale" not in text
    assert "| `a07` |" in text and "](coding/a-arrays/a07-fake/) ★ | hard |" in text and "### A. Arrays and NumPy (1)" in text
    assert run_cli("sync", "--check").returncode == 0
    index.write_text("# Bank without markers\n")
    broken = run_cli("sync", "--check")
    assert broken.returncode == 1 and "markers" in broken.stderr
