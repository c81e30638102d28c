"""Measuring whole commands, each in a freshly started process.

A command's cost is its CPU time (user + system) from process start to exit, its own
and that of every process it started and waited for (a build's workers): the change in
`resource.getrusage(RUSAGE_CHILDREN)` around it. CPU time moves far less with the
machine's load than wall time does (on a shared machine, wall time taken minutes apart
swings several times over), and commands compared are run alternately, in rounds, so
that whatever load there is falls on both.

Peak memory: the peak resident set size of the command's own process (`ru_maxrss` of
the rusage `os.wait4` returns); for a run with worker processes, also the peak, sampled
every 0.1 s, of the summed proportional set size (PSS) of the process and its workers.
Commands are started by a small process of their own (launcher.py), which measures them.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Measured:
    """One command, run once."""

    label: str
    cpu: float  # seconds of user + system time, the command's and its waited-for descendants'
    wall: float
    peak_mb: float  # ru_maxrss of the command's own process
    tree_mb: float = 0.0  # sampled peak PSS of the process and its descendants (0: not sampled)
    output: str = ""


class CommandFailed(RuntimeError):
    pass


_LAUNCHER = Path(__file__).resolve().parent / "launcher.py"


class _Launcher:
    """The small process that starts and measures every command (launcher.py)."""

    process: subprocess.Popen | None = None

    @classmethod
    def request(cls, request: dict) -> dict:
        if cls.process is None or cls.process.poll() is not None:
            cls.process = subprocess.Popen([sys.executable, str(_LAUNCHER)], stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, text=True)
        cls.process.stdin.write(json.dumps(request) + "\n")
        cls.process.stdin.flush()
        answer = cls.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the measuring process ended (exit code {cls.process.wait()})")
        return json.loads(answer)


def run(label: str, argv: Sequence[str], env: Mapping[str, str] | None = None,
        cwd: str | Path | None = None, sample_tree: bool = False) -> Measured:
    """Run `argv` to its end and measure it. Its standard output is kept (standard error
    is shown only if it fails)."""
    with tempfile.TemporaryDirectory(prefix="eventline-run-") as folder:
        out, err = Path(folder) / "out", Path(folder) / "err"
        result = _Launcher.request({"argv": list(argv), "env": {**os.environ, **(env or {})},
                                    "cwd": str(cwd) if cwd else None, "out": str(out), "err": str(err),
                                    "sample_tree": sample_tree})
        output = out.read_text(encoding="utf-8", errors="replace")
        errors = err.read_text(encoding="utf-8", errors="replace")
    if result["returncode"] != 0:
        raise CommandFailed(f"{label}: exit code {result['returncode']}\n  command: {' '.join(argv)}\n"
                            f"  {errors.strip()[-2000:]}")
    return Measured(label, result["cpu"], result["wall"], result["peak_mb"], result["tree_mb"], output)


@dataclass
class Rounds:
    """Commands run alternately, round after round: each command's runs, in order."""

    runs: dict[str, list[Measured]] = field(default_factory=dict)

    def cpu(self, label: str) -> list[float]:
        return [m.cpu for m in self.runs[label]]

    def median_cpu(self, label: str) -> float:
        return statistics.median(self.cpu(label))

    def median_wall(self, label: str) -> float:
        return statistics.median(m.wall for m in self.runs[label])

    def peak_mb(self, label: str) -> float:
        return max(m.peak_mb for m in self.runs[label])

    def ratios(self, slower: str, faster: str) -> list[float]:
        """Per round, the CPU time of `slower` over that of `faster`: how many times faster."""
        return [a.cpu / b.cpu for a, b in zip(self.runs[slower], self.runs[faster])]


def alternate(commands: Sequence[tuple[str, Sequence[str], Mapping[str, str] | None]], rounds: int,
              cwd: str | Path | None = None, on_round=None) -> Rounds:
    """Each command once per round, the order rotated from round to round (A B C, B C A,
    C A B…) so that no command always runs first after a pause or last under a load."""
    result = Rounds({label: [] for label, _, _ in commands})
    for number in range(rounds):
        shift = number % len(commands)
        for label, argv, env in list(commands[shift:]) + list(commands[:shift]):
            result.runs[label].append(run(label, argv, env, cwd))
        if on_round:
            on_round(number, result)
    return result


def python_command(*args: str) -> list[str]:
    """This interpreter, with its site-packages, as a new process."""
    return [sys.executable, *args]


def build_command(folder: str | Path, out: str | Path, *extra: str) -> list[str]:
    """The whole `python -m pipeline build` command, as a user types it (quiet, no cache
    unless `extra` says otherwise)."""
    return python_command("-m", "pipeline", "build", str(folder), "--out", str(out), "--quiet", *extra)
