"""Where the curriculum lives and where the learner's state goes."""

from __future__ import annotations

import os
from pathlib import Path

#: Markers that identify the curriculum root (the folder holding pyproject + phases).
_ROOT_MARKER = "pyproject.toml"


def repo_root() -> Path:
    """The curriculum root: ``$CVLAB_ROOT`` if set, else the checkout holding this package."""
    env = os.environ.get("CVLAB_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent.parent
    if (here / _ROOT_MARKER).exists():
        return here
    return Path.cwd().resolve()


def state_dir() -> Path:
    """Learner state (progress DB, backups, data, caches): ``$CVLAB_HOME`` or ``<root>/.cvlab``."""
    env = os.environ.get("CVLAB_HOME")
    path = Path(env).resolve() if env else repo_root() / ".cvlab"
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """Datasets and weights provided by the data layer."""
    env = os.environ.get("CVLAB_DATA")
    path = Path(env).resolve() if env else state_dir() / "data"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Caches and configs that third-party libraries would otherwise write under ``~``."""
    path = state_dir() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    path = state_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
