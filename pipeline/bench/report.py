"""How the benchmark says what it measured: aligned rows, ratios, the targets."""
from __future__ import annotations

import os
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

# The targets (README "Performance").
PEER_RATIO = 25.0  # the pipeline's words/s over the peer's, one worker, start-up included
ONE_FILE_BUILD_SECONDS = 0.8  # CPU seconds of `python -m pipeline build` on one file
LINEAR_TOLERANCE = 0.15  # cost per word at the large size within ±15% of the small size's
MEMORY_MB = 1024.0  # peak at the large size, one worker
RERUN_SECONDS = 0.3  # the dashboard's whole page rerun after a filter change, server side
PAGE_BYTES_RATIO = 2.0  # the dashboard's data / a bare page's with the same points
FIRST_DRAW_RATIO = 1.3  # time to the first drawn timeline / the bare page's


def say(line: str = "") -> None:
    print(line, flush=True)


def section(number: int | str, title: str) -> None:
    """A section's heading, with the load average as it begins (CPU time, too, grows when
    the cores are shared: a loaded machine's figures are worse, and noisier)."""
    say()
    say(f"{number}. {title}" + ("" if isinstance(number, str) else f"  [load average {load_average()}]"))


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def cores() -> str:
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{available} cores available (os.cpu_count() = {os.cpu_count()})"


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def words_per_second(words: int, seconds: float) -> str:
    return f"{words / seconds:,.0f}" if seconds > 0 else "—"


def megabytes(size: float) -> str:
    return f"{size / 1e6:,.2f} MB"


def table(header: Sequence[str], rows: Sequence[Sequence[object]], indent: str = "  ") -> None:
    """Rows under a header, each column as wide as its widest cell (first column left)."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        say(indent + "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))


@dataclass
class Targets:
    """Each target with its figure, in the order they were measured."""

    checks: list[tuple[str, bool | None, str]] = field(default_factory=list)

    def add(self, label: str, met: bool | None, figure: str) -> None:
        """`met` None: not measured in this run (the figure says why)."""
        self.checks.append((label, met, figure))

    def report(self) -> None:
        for label, met, figure in self.checks:
            verdict = "not measured" if met is None else ("met" if met else "NOT MET")
            say(f"  {verdict:<12} {label}: {figure}")
