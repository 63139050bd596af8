"""``cvlab watch``: re-grade on every save.

Uses watchfiles (inotify where the OS delivers events) and falls back to polling where it
does not (network drives, some containers, WSL paths): ``--poll`` forces it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import watchfiles


def changes(files: list[Path], poll: bool = False, debounce_ms: int = 50,
            stop: Callable[[], bool] | None = None) -> Iterator[set[Path]]:
    """Yield the set of changed files among ``files`` after each save (debounced)."""
    wanted = {f.resolve() for f in files}
    folders = sorted({str(f.parent) for f in wanted})

    def only_ours(change: watchfiles.Change, path: str) -> bool:
        return Path(path).resolve() in wanted

    stop_event = None
    if stop is not None:
        import threading

        stop_event = threading.Event()

        def _poll_stop() -> None:
            import time

            while not stop_event.is_set():
                if stop():
                    stop_event.set()
                time.sleep(0.1)

        threading.Thread(target=_poll_stop, daemon=True).start()
    for batch in watchfiles.watch(*folders, watch_filter=only_ours, debounce=debounce_ms, step=25,
                                  force_polling=True if poll else None, poll_delay_ms=200,
                                  stop_event=stop_event, raise_interrupt=False, rust_timeout=500):
        yield {Path(p).resolve() for _, p in batch}
