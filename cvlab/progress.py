"""The learner's progress, in an embedded SQLite store (``<state>/progress.db``).

Concurrency and crash safety come from SQLite itself: WAL journal (a ``watch`` process and a
manual ``check`` can write at once; readers never block writers), a busy timeout instead of
"database is locked" errors, and one transaction per write, so a process killed mid-write
leaves the previous state intact.
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from . import paths

SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id          INTEGER PRIMARY KEY,
    exercise    TEXT NOT NULL,
    ts          REAL NOT NULL,
    status      TEXT NOT NULL,      -- passed | failing | not-started | error
    passed      INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    duration    REAL NOT NULL,
    regions     TEXT NOT NULL       -- JSON {region: status}
);
CREATE INDEX IF NOT EXISTS attempts_exercise ON attempts(exercise, ts);
CREATE TABLE IF NOT EXISTS exercises (
    exercise     TEXT PRIMARY KEY,
    status       TEXT NOT NULL,
    first_passed REAL,
    last_attempt REAL NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS hints (
    exercise TEXT PRIMARY KEY,
    shown    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS drills (
    id       INTEGER PRIMARY KEY,
    exercise TEXT NOT NULL,
    started  REAL NOT NULL,
    solved   REAL,
    seconds  REAL
);
"""


def db_path() -> Path:
    return paths.state_dir() / "progress.db"


@contextmanager
def connect(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(path or db_path(), timeout=30, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        con.execute("PRAGMA busy_timeout=30000")
        con.executescript(SCHEMA)
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    con.execute("BEGIN IMMEDIATE")  # take the write lock up front: no upgrade deadlocks
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        con.execute("COMMIT")


def record_attempt(exercise: str, status: str, passed: int, total: int, duration: float,
                   regions: dict[str, str]) -> None:
    now = time.time()
    with connect() as con, transaction(con):
        con.execute(
            "INSERT INTO attempts (exercise, ts, status, passed, total, duration, regions) VALUES (?,?,?,?,?,?,?)",
            (exercise, now, status, passed, total, duration, json.dumps(regions)),
        )
        con.execute(
            """INSERT INTO exercises (exercise, status, first_passed, last_attempt, attempts)
               VALUES (?, ?, ?, ?, 1)
               ON CONFLICT(exercise) DO UPDATE SET
                 status = CASE WHEN exercises.status = 'passed' AND excluded.status != 'passed'
                               THEN 'regressed' ELSE excluded.status END,
                 first_passed = COALESCE(exercises.first_passed, excluded.first_passed),
                 last_attempt = excluded.last_attempt,
                 attempts = exercises.attempts + 1""",
            (exercise, status, now if status == "passed" else None, now),
        )


def statuses() -> dict[str, str]:
    """exercise id -> passed | failing | not-started | error | regressed."""
    with connect() as con:
        return dict(con.execute("SELECT exercise, status FROM exercises").fetchall())


def ever_passed() -> set[str]:
    with connect() as con:
        return {r[0] for r in con.execute("SELECT exercise FROM exercises WHERE first_passed IS NOT NULL")}


def next_hint_index(exercise: str) -> int:
    with connect() as con:
        row = con.execute("SELECT shown FROM hints WHERE exercise = ?", (exercise,)).fetchone()
        return row[0] if row else 0


def mark_hint_shown(exercise: str, index: int) -> None:
    with connect() as con, transaction(con):
        con.execute(
            "INSERT INTO hints (exercise, shown) VALUES (?, ?) ON CONFLICT(exercise) DO UPDATE SET shown = MAX(shown, excluded.shown)",
            (exercise, index + 1),
        )


def history(exercise: str, limit: int = 20) -> list[dict]:
    with connect() as con:
        con.row_factory = sqlite3.Row
        rows = con.execute("SELECT * FROM attempts WHERE exercise = ? ORDER BY ts DESC LIMIT ?", (exercise, limit))
        return [dict(r) for r in rows]


def start_drill(exercise: str) -> int:
    with connect() as con, transaction(con):
        cur = con.execute("INSERT INTO drills (exercise, started) VALUES (?, ?)", (exercise, time.time()))
        return int(cur.lastrowid)


def finish_drill(drill_id: int) -> float:
    now = time.time()
    with connect() as con, transaction(con):
        (started,) = con.execute("SELECT started FROM drills WHERE id = ?", (drill_id,)).fetchone()
        con.execute("UPDATE drills SET solved = ?, seconds = ? WHERE id = ?", (now, now - started, drill_id))
        return now - started


def drill_stats() -> dict[str, float | int | None]:
    """Drill rounds started, solved, and the median time to solve (seconds)."""
    import statistics

    with connect() as con:
        rows = con.execute("SELECT seconds FROM drills").fetchall()
    times = [r[0] for r in rows if r[0] is not None]
    return {"rounds": len(rows), "solved": len(times), "median_seconds": statistics.median(times) if times else None}
