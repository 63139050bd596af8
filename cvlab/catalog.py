"""The catalogue: every exercise, discovered from its ``lab.toml``.

An exercise folder holds ``lab.toml`` (metadata), ``solution.py`` (reference, with marked
regions), ``lab.py`` (generated), ``test_lab.py`` (grader) and the rest of the contract.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import paths

KINDS = ("lab", "capstone", "system-design", "problem")
DIFFICULTIES = ("beginner", "intermediate", "advanced", "easy", "medium", "hard")
_SKIP_DIRS = {".git", ".venv", ".cvlab", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis"}


class Meta(BaseModel):
    """Schema of ``lab.toml``. Unknown keys are an error, so typos surface in ``cvlab verify``."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]*$", description="short id to type, e.g. '0.2'")
    title: str
    kind: Literal["lab", "capstone", "system-design", "problem"] = "lab"
    phase: str = Field(description="'00'..'08', 'sd' or 'interview'")
    week: int = Field(ge=1, le=20)
    order: int = Field(ge=0)
    difficulty: Literal["beginner", "intermediate", "advanced", "easy", "medium", "hard"]
    hours: float = Field(gt=0)
    tags: list[str] = []
    prerequisites: list[str] = []
    datasets: list[str] = []
    gpu: bool = False
    timeout: float = Field(default=20.0, gt=0, description="per-test time limit in seconds")
    category: str | None = None
    hints: dict[str, list[str]]

    @field_validator("hints", mode="before")
    @classmethod
    def _hints_as_lists(cls, v: object) -> object:
        if isinstance(v, dict):
            return {k: [x] if isinstance(x, str) else x for k, x in v.items()}
        return v


class MetaError(ValueError):
    pass


@dataclass(frozen=True)
class Exercise:
    meta: Meta
    path: Path

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def slug(self) -> str:
        return self.path.name

    @property
    def solution(self) -> Path:
        return self.path / "solution.py"

    @property
    def lab(self) -> Path:
        return self.path / "lab.py"

    @property
    def tests(self) -> Path:
        return self.path / "test_lab.py"

    @property
    def wrong_file(self) -> Path:
        return self.path / "wrong.toml"

    @cached_property
    def regions(self) -> list[str]:
        from .stubs import region_names

        return region_names(self.solution)

    def rel(self) -> str:
        try:
            return str(self.path.relative_to(paths.repo_root()))
        except ValueError:
            return str(self.path)


def load_meta(toml_path: Path) -> Meta:
    try:
        raw = tomllib.loads(toml_path.read_text())
    except tomllib.TOMLDecodeError as e:
        raise MetaError(f"{toml_path}: not valid TOML: {e}") from None
    try:
        return Meta(**raw)
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        raise MetaError(f"{toml_path}: {problems}") from None


def _walk(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        if "lab.toml" in filenames:
            yield Path(dirpath) / "lab.toml"


def _sort_key(ex: Exercise) -> tuple:
    kind_rank = {"lab": 0, "capstone": 0, "system-design": 1, "problem": 2}[ex.meta.kind]
    return (kind_rank, ex.meta.week, ex.meta.phase, ex.meta.order, ex.id)


def discover(root: Path | None = None, strict: bool = False) -> list[Exercise]:
    """Every exercise under ``root``, in curriculum order. Broken metadata is skipped
    (``strict=False``) so one bad lab.toml never hides the rest; ``verify`` reports it."""
    root = root or paths.repo_root()
    out: list[Exercise] = []
    for toml_path in _walk(root):
        try:
            out.append(Exercise(load_meta(toml_path), toml_path.parent.resolve()))
        except MetaError:
            if strict:
                raise
    out.sort(key=_sort_key)
    return out


def broken(root: Path | None = None) -> list[str]:
    """Messages for every lab.toml that does not load."""
    msgs = []
    for toml_path in _walk(root or paths.repo_root()):
        try:
            load_meta(toml_path)
        except MetaError as e:
            msgs.append(str(e))
    return msgs


class NotFound(LookupError):
    pass


def resolve(query: str, exercises: list[Exercise] | None = None) -> Exercise:
    """Find an exercise by id, folder name, folder path, or a unique prefix of either."""
    exercises = discover() if exercises is None else exercises
    q = query.strip().rstrip("/")
    candidate = Path(q).expanduser()
    if candidate.exists():
        target = candidate.resolve()
        if target.is_file():
            target = target.parent
        for ex in exercises:
            if ex.path == target:
                return ex
    for key in (lambda e: e.id, lambda e: e.slug):
        exact = [e for e in exercises if key(e).lower() == q.lower()]
        if len(exact) == 1:
            return exact[0]
    pref = [e for e in exercises if e.id.lower().startswith(q.lower()) or e.slug.lower().startswith(q.lower())]
    if not pref:
        pref = [e for e in exercises if q.lower() in e.slug.lower()]
    if len(pref) == 1:
        return pref[0]
    if len(pref) > 1:
        names = ", ".join(f"{e.id} ({e.slug})" for e in pref[:8])
        raise NotFound(f"'{query}' matches several exercises: {names}. Type more of the id.")
    raise NotFound(f"no exercise '{query}'. `cvlab list` shows every id.")
