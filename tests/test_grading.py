"""Grading end to end through the CLI: every way a learner's file can go wrong gives a clear
message and exit code 1, never an engine traceback or a hang."""

from __future__ import annotations

import json

from enginekit import check_json, impl, run_cli

GOOD_SCALE = "def scale(x, k):\n    return np.asarray(x) * k\n"


def _no_traceback(text: str) -> None:
    assert "Traceback (most recent call last)" not in text, text


def test_solution_passes(curriculum):
    code, out = check_json("0.1", "--solution")
    assert code == 0 and out["status"] == "passed"
    assert out["regions"] == {"add": "passed", "scale": "passed"}
    assert out["passed"] == out["total"] == 3


def test_untouched_lab_is_not_started(curriculum):
    code, out = check_json("0.1")
    assert code == 1 and out["status"] == "not-started"
    assert set(out["regions"].values()) == {"not-started"}
    assert "region 'add'" in out["explanation"]


def test_wrong_value_is_explained_with_the_graders_words(curriculum, tmp_path):
    f = impl(tmp_path, "import numpy as np\ndef add(a, b):\n    # TODO(add): sum\n    return np.asarray(a) - b\n" + GOOD_SCALE)
    code, out = check_json("0.1", "--impl", str(f))
    assert code == 1 and out["status"] == "failing"
    assert out["regions"] == {"add": "failing", "scale": "passed"}
    assert "add([1, 2], [3, 4]) returned [-2 -2], expected [4, 6]" in out["explanation"]
    assert "add sums two small arrays" in out["explanation"], "the test's docstring says what was checked"
    assert "region 'add' starts at impl.py line 3" in out["explanation"], "points at the learner's region"


def test_half_done_exercise_reports_per_region(curriculum, tmp_path):
    f = impl(tmp_path, "import numpy as np\ndef add(a, b):\n    return np.asarray(a) + b\n"
                       "def scale(x, k):\n    raise NotImplementedError('TODO(scale): write this region')\n")
    code, out = check_json("0.1", "--impl", str(f))
    assert code == 1 and out["regions"] == {"add": "passed", "scale": "not-started"}


def test_syntax_error_names_file_and_line(curriculum, tmp_path):
    f = impl(tmp_path, "import numpy as np\n\ndef add(a, b)\n    return a\n")
    r = run_cli("check", "0.1", "--impl", str(f))
    assert r.returncode == 1
    assert "impl.py line 3" in r.stdout and "SyntaxError" in r.stdout
    _no_traceback(r.stdout + r.stderr)


def test_endless_loop_in_a_call_times_out_per_test(curriculum, tmp_path):
    f = impl(tmp_path, "import numpy as np\ndef add(a, b):\n    while True:\n        pass\n" + GOOD_SCALE)
    code, out = check_json("0.1", "--impl", str(f))
    assert code == 1 and out["regions"] == {"add": "failing", "scale": "passed"}
    assert "did not finish within the time limit" in out["explanation"]
    statuses = [t["status"] for t in out["tests"] if t["region"] == "add"]
    assert statuses[0] == "timeout"
    assert out["duration"] < 30, "after one timeout the region's other tests are not run"


def test_endless_loop_at_import(curriculum, tmp_path):
    f = impl(tmp_path, "while True:\n    pass\n")
    code, out = check_json("0.1", "--impl", str(f))
    assert code == 1 and out["status"] == "error"
    assert "did not finish in 3 s" in out["explanation"]


def test_sys_exit_at_import_and_in_a_call(curriculum, tmp_path):
    f = impl(tmp_path, "import sys\nsys.exit(4)\n", "exits.py")
    code, out = check_json("0.1", "--impl", str(f))
    assert code == 1 and "called sys.exit(4) while being imported" in out["explanation"]
    g = impl(tmp_path, "import sys\nimport numpy as np\ndef add(a, b):\n    sys.exit(5)\n" + GOOD_SCALE, "exits2.py")
    code, out = check_json("0.1", "--impl", str(g))
    assert code == 1 and out["regions"]["add"] == "failing" and "sys.exit" in out["explanation"]


def test_megabytes_of_prints_do_not_flood_or_hang(curriculum, tmp_path):
    f = impl(tmp_path, "import numpy as np\nprint('x' * 3_000_000)\ndef add(a, b):\n    print('y' * 3_000_000)\n"
                       "    return np.asarray(a) + b\n" + GOOD_SCALE)
    r = run_cli("check", "0.1", "--impl", str(f), "--json")
    assert r.returncode == 0, r.stdout[-500:]
    assert len(r.stdout) < 100_000


def test_import_error_and_os_exit(curriculum, tmp_path):
    f = impl(tmp_path, "import not_a_real_module_xyz\n", "imp.py")
    code, out = check_json("0.1", "--impl", str(f))
    assert code == 1 and "No module named 'not_a_real_module_xyz'" in out["explanation"]
    g = impl(tmp_path, "import os\ndef add(a, b):\n    os._exit(0)\n", "osexit.py")
    code, out = check_json("0.1", "--impl", str(g))
    assert code == 1 and "ended abruptly" in out["explanation"]


def test_usage_errors_exit_2(curriculum):
    r = run_cli("check", "9.9")
    assert r.returncode == 2 and "no exercise '9.9'" in r.stderr
    r = run_cli("check", "0.1", "--impl", "/nonexistent.py")
    assert r.returncode == 2


def test_exercise_resolves_by_id_folder_name_path_and_next(curriculum):
    for query in ("0.1", "lab-01-fake", str(curriculum / "phase-00-foundations/lab-01-fake"), "next", "lab-01"):
        r = run_cli("check", query, "--solution", "--json")
        assert r.returncode == 0 and json.loads(r.stdout)["exercise_id"] == "0.1", query


def test_grading_the_lab_records_progress_and_the_dashboard_moves_on(curriculum):
    lab = curriculum / "phase-00-foundations/lab-01-fake/lab.py"
    lab.write_text((curriculum / "phase-00-foundations/lab-01-fake/solution.py").read_text())
    assert run_cli("check", "0.1").returncode == 0
    listed = {e["id"]: e["status"] for e in json.loads(run_cli("list", "--json").stdout)}
    assert listed == {"0.1": "passed", "0.2": "not-started"}
    dash = run_cli()
    assert dash.returncode == 0 and "cvlab check 0.2" in dash.stdout
