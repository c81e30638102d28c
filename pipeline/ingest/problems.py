"""Problems of one kind, reported one by one up to a few, then summed up in one line.

A manifest of a million rows naming missing files gives five warnings and one
"… and 999,995 more like it", not a million lines.
"""
from __future__ import annotations

from collections import Counter

from ..model import Problem


class ProblemTally:
    """Collects problems by kind: the first `per_kind` of each kind as they come, the
    others counted and told by one problem naming `summary_file` at the end."""

    def __init__(self, per_kind: int, summary_file: str) -> None:
        self.per_kind = per_kind
        self.summary_file = summary_file
        self._problems: list[Problem] = []
        self._counts: Counter[str] = Counter()
        self._severities: dict[str, str] = {}

    def add(self, kind: str, problem: Problem) -> None:
        """`kind` says what the problems of one kind share, in words: "rows naming a
        file that is not in the folder"."""
        self._counts[kind] += 1
        if self._counts[kind] <= self.per_kind:
            self._problems.append(problem)
        else:
            self._severities.setdefault(kind, problem.severity)

    def problems(self) -> list[Problem]:
        summaries = [
            Problem(self.summary_file, f"… and {self._counts[kind] - self.per_kind:,} more like it: {kind}",
                    severity)
            for kind, severity in self._severities.items()
        ]
        return [*self._problems, *summaries]
