"""The warm grading server behind `cvlab check` / `watch`: same results, survives bad code."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from enginekit import check_json, impl

from cvlab import grading


def _wait_for(path: str, timeout: float = 60) -> bool:
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(path):
            return True
        time.sleep(0.1)
    return False


def test_check_uses_a_warm_server_that_survives_hangs_and_crashes(curriculum, tmp_path, monkeypatch):
    monkeypatch.setenv("CVLAB_GRADER_SERVER", "1")
    monkeypatch.setenv("CVLAB_SERVER_IDLE", "30")
    address = grading.server_address()
    assert not os.path.exists(address)
    code, first = check_json("0.1", "--solution")  # no server yet: graded by a worker, server starts
    assert code == 0 and first["status"] == "passed"
    assert _wait_for(address), "the first check starts the server in the background"
    try:
        code, served = check_json("0.1", "--solution")
        assert code == 0 and served["regions"] == first["regions"]
        hang = impl(tmp_path, "import numpy as np\ndef add(a, b):\n    while True:\n        pass\n"
                              "def scale(x, k):\n    return np.asarray(x) * k\n")
        code, out = check_json("0.1", "--impl", str(hang))
        assert code == 1 and "did not finish within the time limit" in out["explanation"]
        crash = impl(tmp_path, "import os\ndef add(a, b):\n    os._exit(0)\n", "crash.py")
        code, out = check_json("0.1", "--impl", str(crash))
        assert code == 1 and "ended abruptly" in out["explanation"]
        code, out = check_json("0.1")
        assert code == 1 and out["status"] == "not-started", "the server keeps serving after bad code"
        assert (Path(os.environ["CVLAB_HOME"]) / "grader-server.log").exists()
    finally:
        _stop_server(address)


def _stop_server(address: str) -> None:
    import subprocess

    out = subprocess.run(["pgrep", "-f", f"cvlab.gradeworker --serve {address}"], capture_output=True, text=True)
    for pid in out.stdout.split():
        os.kill(int(pid), signal.SIGTERM)


def test_server_stops_on_request(curriculum, monkeypatch):
    """`grading.stop_server()` ends a running warm server; with none running it says so."""
    from cvlab import catalog

    monkeypatch.setenv("CVLAB_GRADER_SERVER", "1")
    monkeypatch.setenv("CVLAB_SERVER_KEY", "stop-test")
    ex = catalog.resolve("0.1")
    grading.grade(ex, ex.solution, use_server=True)  # starts the server (this job runs in a worker)
    address = grading.server_address()
    assert _wait_for(address), "the first graded job should have started a server"
    assert grading.grade(ex, ex.solution, use_server=True).status == "passed"
    assert grading.stop_server() is True
    end = time.time() + 10
    while os.path.exists(address) and time.time() < end:
        time.sleep(0.1)
    assert not os.path.exists(address), "a stopped server removes its socket"
    assert grading.stop_server() is False
