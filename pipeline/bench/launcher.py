"""Starts the benchmark's measured commands from a small process and measures them.

Run as a script (`python launcher.py`, importing nothing but the standard library), it
reads one JSON request a line on standard input — {"argv", "env", "cwd", "out", "err",
"sample_tree"} — runs the command to its end and writes one JSON line back: its CPU time
(the change in getrusage(RUSAGE_CHILDREN) around it: the command's and its waited-for
descendants'), wall time, exit code, peak resident set size (ru_maxrss of the rusage
os.wait4 returns) and, if asked, the sampled peak PSS of the command with its workers.

Why a separate process: Linux carries a process's peak resident set size across fork and
exec, so a command started by the benchmark itself (hundreds of MB once it has generated
its corpora) would report at least the benchmark's size as its peak.
"""
import json
import os
import resource
import subprocess
import sys
import threading
import time


def _descendants(pid):
    """pid and every process below it (Linux /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            threads = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for thread in threads:
            try:
                with open(f"/proc/{current}/task/{thread}/children") as handle:
                    pending.extend(int(child) for child in handle.read().split())
            except OSError:  # the thread ended meanwhile
                continue
    return found


def _proportional_mb(pid):
    """A process's proportional set size (shared pages divided among their users), in MB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and its descendants every 0.1 s."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self._halt = pid, 0.0, threading.Event()

    def run(self):
        while not self._halt.wait(0.1):
            self.peak_mb = max(self.peak_mb, sum(_proportional_mb(pid) for pid in _descendants(self.pid)))

    def stop(self):
        self._halt.set()
        self.join()
        return self.peak_mb


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(request):
    with open(request["out"], "wb") as out, open(request["err"], "wb") as err:
        cpu_before = _children_cpu()
        started = time.perf_counter()
        process = subprocess.Popen(request["argv"], stdout=out, stderr=err, env=request["env"],
                                   cwd=request["cwd"])
        sampler = TreeMemory(process.pid) if request.get("sample_tree") and sys.platform == "linux" else None
        if sampler:
            sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            tree_mb = sampler.stop() if sampler else 0.0
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
    peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return {"cpu": cpu, "wall": wall, "peak_mb": peak, "tree_mb": tree_mb, "returncode": process.returncode}


def main():
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(measure(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
