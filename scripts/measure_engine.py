"""Measure the engine's responsiveness: `cvlab check` wall time per exercise and `watch` latency.

    .venv/bin/python scripts/measure_engine.py [EXERCISE ...] [--runs 5]

check: median wall time of `cvlab check ID --solution` (warm: one unmeasured run first).
watch: time from writing lab.py to `cvlab watch` printing the new result, on a copy of the
exercise in a temporary curriculum (your own lab.py is never touched).
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cvlab import catalog, paths


def check_time(ex_id: str, runs: int) -> list[float]:
    cmd = [sys.executable, "-m", "cvlab", "check", ex_id, "--solution", "--json"]
    subprocess.run(cmd, capture_output=True)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def watch_latency(ex: catalog.Exercise, runs: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        dest = root / ex.path.name
        shutil.copytree(ex.path, dest, ignore=shutil.ignore_patterns("__pycache__"))
        for f in ("pyproject.toml", "requirements.txt", "requirements-nodeps.txt"):
            shutil.copy(paths.repo_root() / f, root / f)
        env = {**os.environ, "CVLAB_ROOT": str(root), "CVLAB_HOME": str(Path(tmp) / "state"), "COLUMNS": "200",
               "NO_COLOR": "1", "CVLAB_SERVER_IDLE": "60"}
        proc = subprocess.Popen([sys.executable, "-m", "cvlab", "watch", ex.id], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, env=env)
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in iter(proc.stdout.readline, "")], daemon=True).start()

        def wait(text: str, timeout: float = 120) -> float:
            end = time.time() + timeout
            while time.time() < end:
                try:
                    if text in lines.get(timeout=0.05):
                        return time.perf_counter()
                except queue.Empty:
                    pass
            raise TimeoutError(text)

        wait("tests")  # first grading done
        out = []
        sources = [(dest / "solution.py").read_text(), (dest / "lab.py").read_text()]
        for i in range(runs):
            time.sleep(1.0)
            t0 = time.perf_counter()
            (dest / "lab.py").write_text(sources[i % 2])
            out.append(wait("All " if i % 2 == 0 else "not started") - t0)
        proc.terminate()
        proc.wait()
        return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("exercises", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-watch", action="store_true")
    args = ap.parse_args()
    everything = catalog.discover()
    chosen = [catalog.resolve(q, everything) for q in args.exercises] or everything
    for ex in chosen:
        t = check_time(ex.id, args.runs)
        line = f"{ex.id:8} check median {statistics.median(t):.2f}s (min {min(t):.2f}, max {max(t):.2f})"
        if not args.no_watch:
            w = watch_latency(ex, args.runs)
            line += f" | watch save-to-result median {statistics.median(w):.2f}s (max {max(w):.2f})"
        print(line, flush=True)


if __name__ == "__main__":
    main()
