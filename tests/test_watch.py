"""`cvlab watch` re-grades after a save (inotify and the polling fallback)."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time

import pytest

FAKE = "phase-00-foundations/lab-01-fake"


def _reader(stream, q):
    for line in iter(stream.readline, ""):
        q.put(line)


def _wait_for(q: queue.Queue, text: str, timeout: float) -> bool:
    end = time.time() + timeout
    while time.time() < end:
        try:
            if text in q.get(timeout=0.2):
                return True
        except queue.Empty:
            pass
    return False


@pytest.mark.parametrize("poll", [False, True], ids=["events", "polling"])
def test_watch_regrades_after_a_save(curriculum, poll):
    args = [sys.executable, "-m", "cvlab", "watch", "0.1"] + (["--poll"] if poll else [])
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})
    q: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, q), daemon=True).start()
    try:
        assert _wait_for(q, "not started", 60), "the first grading is shown at start"
        time.sleep(0.5)
        lab = curriculum / FAKE / "lab.py"
        lab.write_text((curriculum / FAKE / "solution.py").read_text())
        assert _wait_for(q, "All 3 tests pass", 60), "saving a correct file re-grades it"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
