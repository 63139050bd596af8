"""Marked regions: the parts of ``solution.py`` a learner writes.

Syntax (the one and only, used by every exercise)::

    def to_gray(image):
        # BEGIN REGION gray: Weighted sum of R, G, B with the BT.601 luma weights.
        # | Return float32 of shape (H, W); do not round.
        weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
        return image @ weights
        # END REGION gray

The BEGIN line names the region and gives the instruction; ``# |`` lines right after it
continue the instruction. In the generated ``lab.py`` the region's code is replaced by::

        # TODO(gray): Weighted sum of R, G, B with the BT.601 luma weights.
        # | Return float32 of shape (H, W); do not round.
        raise NotImplementedError("TODO(gray): write this region")

Everything outside regions is copied unchanged. Wrong versions (``wrong.toml``) replace
the code of one or more regions of the solution, producing a complete, plausible, wrong
learner file that the grader must reject.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

BEGIN_RE = re.compile(r"^(?P<indent>[ \t]*)# BEGIN REGION (?P<name>[A-Za-z_][\w-]*):\s*(?P<text>.*)$")
CONT_RE = re.compile(r"^[ \t]*# \|(?P<text>.*)$")
END_RE = re.compile(r"^(?P<indent>[ \t]*)# END REGION (?P<name>[A-Za-z_][\w-]*)\s*$")


class RegionError(ValueError):
    """A malformed region: unclosed, nested, mismatched or empty."""


@dataclass
class Region:
    name: str
    indent: str
    instruction: list[str]  # instruction lines, without the comment prefix
    begin: int  # 0-based line index of the BEGIN line
    end: int  # 0-based line index of the END line
    body: list[str] = field(default_factory=list)  # code lines between instruction and END


def parse_regions(source: str, filename: str = "solution.py") -> list[Region]:
    """Find every region in ``source``; raise ``RegionError`` naming the line on misuse."""
    lines = source.splitlines()
    regions: list[Region] = []
    current: Region | None = None
    seen: set[str] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        begin, end = BEGIN_RE.match(line), END_RE.match(line)
        if begin:
            if current is not None:
                raise RegionError(f"{filename}:{i + 1}: region '{begin['name']}' starts inside region '{current.name}'")
            name = begin["name"]
            if name in seen:
                raise RegionError(f"{filename}:{i + 1}: region name '{name}' is used twice")
            seen.add(name)
            instruction = [begin["text"].strip()]
            j = i + 1
            while j < len(lines) and (cont := CONT_RE.match(lines[j])):
                instruction.append(cont["text"].strip())
                j += 1
            current = Region(name, begin["indent"], instruction, begin=i, end=-1)
            i = j
            continue
        if end:
            if current is None or end["name"] != current.name:
                opened = current.name if current else "none"
                raise RegionError(f"{filename}:{i + 1}: END REGION {end['name']} does not close the open region ({opened})")
            current.end = i
            first_body = current.begin + len(current.instruction)
            current.body = lines[first_body:i]
            if not any(b.strip() and not b.strip().startswith("#") for b in current.body):
                raise RegionError(f"{filename}:{current.begin + 1}: region '{current.name}' has no code")
            if not current.instruction[0]:
                raise RegionError(f"{filename}:{current.begin + 1}: region '{current.name}' has no instruction")
            regions.append(current)
            current = None
        i += 1
    if current is not None:
        raise RegionError(f"{filename}:{current.begin + 1}: region '{current.name}' is never closed (# END REGION {current.name})")
    return regions


def _stub_lines(region: Region) -> list[str]:
    ind = region.indent
    out = [f"{ind}# TODO({region.name}): {region.instruction[0]}"]
    out += [f"{ind}# |{(' ' + t) if t else ''}" for t in region.instruction[1:]]
    out.append(f'{ind}raise NotImplementedError("TODO({region.name}): write this region")')
    return out


def _replace(source: str, replacement: dict[str, list[str]], filename: str) -> str:
    lines = source.splitlines()
    regions = parse_regions(source, filename)
    out: list[str] = []
    cursor = 0
    for r in regions:
        out += lines[cursor : r.begin]
        out += replacement.get(r.name, lines[r.begin : r.end + 1])
        cursor = r.end + 1
    out += lines[cursor:]
    return "\n".join(out) + "\n"


def generate_lab(solution_source: str, filename: str = "solution.py") -> str:
    """The learner's ``lab.py`` for a solution: every region becomes its instruction + raise.

    Nothing outside the regions changes, so the learner's file imports and runs its demo.
    """
    regions = parse_regions(solution_source, filename)
    if not regions:
        raise RegionError(f"{filename}: no '# BEGIN REGION name: instruction' found; an exercise needs at least one")
    return _replace(solution_source, {r.name: _stub_lines(r) for r in regions}, filename)


def apply_wrong(solution_source: str, replace: dict[str, str], filename: str = "solution.py") -> str:
    """Solution with the code of the named regions replaced (a kept wrong version)."""
    regions = {r.name: r for r in parse_regions(solution_source, filename)}
    unknown = set(replace) - set(regions)
    if unknown:
        raise RegionError(f"wrong version replaces unknown region(s) {sorted(unknown)}; known: {sorted(regions)}")
    repl: dict[str, list[str]] = {}
    for name, code in replace.items():
        r = regions[name]
        code_lines = textwrap.dedent(code).strip("\n").splitlines()
        repl[name] = [f"{r.indent}# WRONG VERSION of region {name}"] + [
            (r.indent + c) if c.strip() else "" for c in code_lines
        ]
    return _replace(solution_source, repl, filename)


def region_names(path: Path) -> list[str]:
    return [r.name for r in parse_regions(path.read_text(), path.name)]
