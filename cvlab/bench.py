"""``cvlab bench``: time a solution against the reference library doing the same work.

An exercise's ``bench.py`` defines ``cases(impl) -> list[Case]``; each case pairs the
implementation's call with the library's call on the same input. Times are the median of
several repeats after a warm-up; the ratio is ours / reference (2.0 = twice as slow).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import testing
from .catalog import Exercise


@dataclass
class Case:
    name: str
    ours: Callable[[], object]
    reference: Callable[[], object]
    reference_name: str = "reference"


@dataclass
class Timing:
    name: str
    reference_name: str
    ours_ms: float
    reference_ms: float

    @property
    def ratio(self) -> float:
        return self.ours_ms / self.reference_ms if self.reference_ms > 0 else float("inf")


def time_call(fn: Callable[[], object], min_time: float = 0.2, max_repeats: int = 50) -> float:
    """Median wall time of ``fn`` in ms: one warm-up, then repeats until ``min_time`` elapsed."""
    fn()
    samples: list[float] = []
    budget_start = time.perf_counter()
    while len(samples) < 3 or (time.perf_counter() - budget_start < min_time and len(samples) < max_repeats):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(samples)


def run(ex: Exercise, impl: Path | None = None, min_time: float = 0.2) -> list[Timing]:
    bench_file = ex.path / "bench.py"
    if not bench_file.exists():
        raise FileNotFoundError(f"{ex.id} has no bench.py: nothing to time")
    module = testing.load_file(bench_file)
    target = testing.load_file(impl or ex.solution)
    return [
        Timing(c.name, c.reference_name, time_call(c.ours, min_time), time_call(c.reference, min_time))
        for c in module.cases(target)
    ]
