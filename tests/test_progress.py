"""The progress store survives concurrent writers and a writer killed mid-transaction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from cvlab import progress

WRITER = """
import sys
from cvlab import progress
for i in range(int(sys.argv[1])):
    progress.record_attempt(sys.argv[2], "failing", i, 10, 0.1, {"r": "failing"})
"""


def test_concurrent_writers_lose_nothing(curriculum):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, "60", ex]) for ex in ("0.1", "0.2", "0.1")]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    with progress.connect() as con:
        counts = dict(con.execute("SELECT exercise, COUNT(*) FROM attempts GROUP BY exercise"))
        attempts = dict(con.execute("SELECT exercise, attempts FROM exercises"))
    assert counts == {"0.1": 120, "0.2": 60}
    assert attempts == {"0.1": 120, "0.2": 60}


def test_killed_writer_leaves_a_consistent_store(curriculum):
    progress.record_attempt("0.1", "passed", 3, 3, 1.0, {"r": "passed"})
    p = subprocess.Popen([sys.executable, "-c", WRITER, "100000", "0.2"])
    time.sleep(1.5)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    with progress.connect() as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n_attempts = con.execute("SELECT COUNT(*) FROM attempts WHERE exercise='0.2'").fetchone()[0]
        n_counted = con.execute("SELECT attempts FROM exercises WHERE exercise='0.2'").fetchone()
    # Both rows of each attempt are written in one transaction: the counts always agree.
    assert n_counted is None or n_counted[0] == n_attempts
    assert progress.statuses()["0.1"] == "passed"


def test_a_pass_then_a_failure_is_a_regression(curriculum):
    progress.record_attempt("0.1", "passed", 3, 3, 1.0, {})
    progress.record_attempt("0.1", "failing", 2, 3, 1.0, {})
    assert progress.statuses()["0.1"] == "regressed"
    assert "0.1" in progress.ever_passed()


def test_hint_counter_only_moves_forward(curriculum):
    progress.mark_hint_shown("0.1", 2)
    progress.mark_hint_shown("0.1", 0)
    assert progress.next_hint_index("0.1") == 3
