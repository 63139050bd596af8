"""Project-wide pins: every exercise's requirements.txt must repeat them exactly."""

from __future__ import annotations

import re
from pathlib import Path

from . import paths

_LINE = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._\-]*)(?P<extras>\[[^\]]*\])?\s*(?P<spec>[^#;]*)")


def normalise(name: str) -> str:
    """PEP 503 normalised distribution name."""
    return _norm(name)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(path: Path) -> dict[str, str]:
    """name -> specifier text (e.g. '==2.4.6') for each requirement line."""
    out: dict[str, str] = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        m = _LINE.match(line)
        if m:
            out[_norm(m["name"])] = m["spec"].replace(" ", "")
    return out


def project_pins() -> dict[str, str]:
    root = paths.repo_root()
    pins = parse(root / "requirements.txt")
    nodeps = root / "requirements-nodeps.txt"
    if nodeps.exists():
        pins.update(parse(nodeps))
    return pins


def mismatches(requirements: Path, pins: dict[str, str] | None = None) -> list[str]:
    """Problems with an exercise's requirements.txt compared with the project pins."""
    pins = project_pins() if pins is None else pins
    problems = []
    for name, spec in parse(requirements).items():
        if name not in pins:
            problems.append(f"{name} is not in the project's requirements.txt (add it there first)")
        elif not spec.startswith("=="):
            problems.append(f"{name}{spec or ''}: pin it exactly as the project does ({name}{pins[name]})")
        elif spec != pins[name]:
            problems.append(f"{name}{spec} differs from the project pin {name}{pins[name]}")
    return problems
