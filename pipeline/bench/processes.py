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
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(label: str, argv: Sequence[str], env: Mapping[str, str] | None = None,
        cwd: str | Path | None = None, sample_tree: bool = False) -> Measured:
    """Run `argv` to its end and measure it. Its standard output is kept (standard error
    is shown only if it fails)."""
    environment = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        cpu_before = _children_cpu()
        started = time.perf_counter()
        process = subprocess.Popen(list(argv), stdout=out, stderr=err, env=environment, cwd=cwd)
        sampler = _TreeMemory(process.pid) if sample_tree and sys.platform == "linux" else None
        if sampler:
            sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            tree_mb = sampler.stop() if sampler else 0.0
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
        out.seek(0)
        err.seek(0)
        output, errors = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise CommandFailed(f"{label}: exit code {process.returncode}\n  command: {' '.join(argv)}\n"
                            f"  {errors.strip()[-2000:]}")
    peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return Measured(label, cpu, wall, peak, tree_mb, output)


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


# --------------------------------------------------------------------------------------
# Memory of a process with its workers
# --------------------------------------------------------------------------------------

def _descendants(pid: int) -> list[int]:
    """pid and every process below it (Linux /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for thread in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending.extend(int(child) for child in thread.read_text().split())
            except OSError:  # the thread ended meanwhile
                continue
    return found


def _proportional_mb(pid: int) -> float:
    """A process's proportional set size (shared pages divided among their users), in MB."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


class _TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and its descendants every 0.1 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self._halt = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self._halt.wait(0.1):
            total = sum(_proportional_mb(pid) for pid in _descendants(self.pid))
            self.peak_mb = max(self.peak_mb, total)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.peak_mb
