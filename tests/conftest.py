"""Fixtures for the engine's own tests: small fake curricula built in temporary folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from enginekit import write_exercise


@pytest.fixture
def curriculum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake curriculum root with two exercises, and its own state folder."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "pyproject.toml").write_text("[project]\nname='fake'\n")
    (root / "requirements.txt").write_text("numpy==2.4.6\n")
    write_exercise(root)
    write_exercise(root, "phase-00-foundations/lab-02-other", id="0.2", order=2)
    monkeypatch.setenv("CVLAB_ROOT", str(root))
    monkeypatch.setenv("CVLAB_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("CVLAB_IMPORT_TIMEOUT", "3")
    # Each test grades through a fresh worker; tests/test_server.py covers the warm server.
    monkeypatch.setenv("CVLAB_GRADER_SERVER", "0")
    return root

