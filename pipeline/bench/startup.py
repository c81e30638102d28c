"""Where a one-file build's start-up goes: `python -X importtime` read back as the time
each imported package costs (the sum of its modules' own import times), and which of the
pipeline's modules first imports it."""
from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


@dataclass(frozen=True)
class PackageCost:
    package: str  # top-level package ("pandas"), or a pipeline module ("pipeline.anchors")
    seconds: float  # the own import time of its modules, summed
    modules: int
    imported_by: str  # the pipeline module whose import first brought it in ("" if none)
    via: str = ""  # the package that imported it directly, when not a pipeline module


def parse_importtime(stderr: str) -> list[PackageCost]:
    """Import cost by package, largest first, from `-X importtime` output.

    Each line is one module's first import, its own time and its cumulative time, indented
    by nesting depth; a module's line comes after those of the modules it imported. The
    pipeline's own modules are listed one by one, everything else by top-level package.
    """
    entries = []
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match:
            own, _, indent, name = match.groups()
            entries.append((len(indent) // 2, name, int(own) / 1e6))
    costs: dict[str, list] = {}
    order: list[str] = []
    # A module's importer is the next line (after it) with a smaller depth.
    importer_of: dict[int, str] = {}
    pending: list[tuple[int, int]] = []  # (depth, entry index) awaiting their importer
    for position, (depth, name, _) in enumerate(entries):
        while pending and pending[-1][0] > depth:
            importer_of[pending.pop()[1]] = name
        pending.append((depth, position))
    for position, (depth, name, own) in enumerate(entries):
        key = name if name.startswith("pipeline") else name.split(".")[0]
        if key not in costs:
            costs[key] = [0.0, 0, "", ""]
            order.append(key)
        costs[key][0] += own
        costs[key][1] += 1
        if not key.startswith("pipeline") and not costs[key][2]:
            costs[key][2] = _pipeline_importer(position, entries, importer_of)
            direct = _outside_importer(position, key, entries, importer_of).split(".")[0]
            costs[key][3] = "" if direct in ("", "pipeline") else direct
    return sorted((PackageCost(key, *costs[key]) for key in order), key=lambda c: -c.seconds)


def _outside_importer(position: int, package: str, entries: list, importer_of: dict[int, str]) -> str:
    """The first module outside `package` up the chain of importers of entry `position`."""
    index_of = {name: i for i, (_, name, _) in reversed(list(enumerate(entries)))}
    name = importer_of.get(position, "")
    seen = {name}
    # (a chain can come back to a module already passed: a package's submodules import
    # one another in both orders across the run)
    while name.split(".")[0] == package and index_of.get(name, -1) in importer_of:
        name = importer_of[index_of[name]]
        if name in seen:
            return ""
        seen.add(name)
    return "" if name.split(".")[0] == package else name


def _pipeline_importer(position: int, entries: list, importer_of: dict[int, str]) -> str:
    """The nearest pipeline module up the chain of importers of entry `position`."""
    index_of = {}
    for i, (_, name, _) in enumerate(entries):
        index_of.setdefault(name, i)
    seen = 0
    while position in importer_of and seen < 200:
        name = importer_of[position]
        if name.startswith("pipeline"):
            return name
        position = index_of.get(name, -1)
        seen += 1
    return ""


def profile(argv: Sequence[str], cwd=None) -> tuple[list[PackageCost], float]:
    """The import costs of `argv` (a `python …` command, run with -X importtime) and
    their total."""
    command = [argv[0], "-X", "importtime", *argv[1:]]
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    if result.returncode != 0:
        raise RuntimeError(f"import profile: exit code {result.returncode}: {result.stderr[-2000:]}")
    costs = parse_importtime(result.stderr)
    return costs, sum(c.seconds for c in costs)
