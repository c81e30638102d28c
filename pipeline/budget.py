"""CPU-time limits on a piece of work, in whichever thread runs it.

    with CpuWatch() as watch:             # one watchdog thread for a loop of work
        for item in items:
            try:
                with watch.limit(20.0):   # OverBudget is raised in here after 20 s of CPU
                    work(item)
            except OverBudget:
                ...

The watchdog measures the working thread's own CPU clock (not the wall clock, which a
loaded machine stretches) and, past the limit, raises OverBudget in that thread the way
Ctrl-C raises KeyboardInterrupt: between two steps of Python code. A single call into C
(one regular-expression search) runs to its end first; the stages keep such calls short
(sentences are cut to `SETTINGS.sentence_max_chars`).

Signals would do the same only in the main thread; the dashboard builds in another one.
OverBudget is a BaseException, as KeyboardInterrupt is, so that the `except Exception`
of the code it interrupts does not swallow it. Like Ctrl-C, it can land anywhere in the
work: what the work leaves behind must be whole at every step (the stages keep state
between documents only in functools caches, which an interruption leaves as they were).
The watchdog thread ends with the `with` block: a process that forks workers afterwards
runs one thread again.
"""
from __future__ import annotations

import ctypes
import threading
import time


class OverBudget(BaseException):
    """The work ran past its CPU-time limit."""


def _thread_clock(ident: int):
    """A function giving the CPU seconds the thread `ident` has used (its wall-clock
    seconds where the system keeps no per-thread CPU clock)."""
    try:
        clock = time.pthread_getcpuclockid(ident)
        time.clock_gettime(clock)
    except (AttributeError, OSError):
        return time.monotonic
    return lambda: time.clock_gettime(clock)


def _raise_in(ident: int, exception: type[BaseException] | None) -> None:
    """Raise `exception` in thread `ident` at its next Python step (None: cancel one
    raised this way and not yet delivered)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exception) if exception else ctypes.c_void_p(0))


class CpuWatch:
    """A watchdog thread that limits the CPU time of blocks of work (see the module)."""

    # How often, at most, the watchdog looks at a limit it cannot yet have reached (a
    # thread's CPU time grows no faster than the wall clock, so it sleeps until then).
    LONGEST_NAP = 1.0
    # CPU seconds after which a limit's exception is raised again if the block still runs.
    AGAIN_AFTER = 0.25

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._armed: tuple[int, object, float] | None = None  # (thread, clock, deadline)
        self._fired = False
        self._stopping = False
        self._thread: threading.Thread | None = None

    def __enter__(self) -> CpuWatch:
        self._thread = threading.Thread(target=self._watch, name="cpu-watch", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            self._stopping = True
            self._wake.notify()
        if self._thread is not None:
            self._thread.join()

    def limit(self, seconds: float) -> _Limit:
        """A `with` block in which this thread may use `seconds` of CPU time."""
        return _Limit(self, seconds)

    def _arm(self, seconds: float) -> None:
        ident = threading.get_ident()
        clock = _thread_clock(ident)
        with self._lock:
            self._armed = (ident, clock, clock() + seconds)
            self._fired = False
            self._wake.notify()

    def _disarm(self, delivered: bool) -> None:
        with self._lock:
            self._armed = None
            if self._fired and not delivered:
                # The limit was reached as the work ended: the exception must not
                # surface later in code that has no limit.
                _raise_in(threading.get_ident(), None)
            self._fired = False

    def _watch(self) -> None:
        with self._lock:
            while not self._stopping:
                if self._armed is None:
                    self._wake.wait()
                    continue
                ident, clock, deadline = self._armed
                left = deadline - clock()
                if left <= 0:
                    # Raised again while the block still runs: an exception that lands in
                    # a weakref callback or a __del__ is printed and dropped by CPython,
                    # and the work would go on without a limit. The block's end cancels
                    # one raised and not yet delivered (_disarm).
                    self._armed = (ident, clock, clock() + self.AGAIN_AFTER)
                    self._fired = True
                    _raise_in(ident, OverBudget)
                    continue
                self._wake.wait(min(left, self.LONGEST_NAP))


class _Limit:
    def __init__(self, watch: CpuWatch, seconds: float) -> None:
        self._watch, self._seconds = watch, seconds

    def __enter__(self) -> None:
        self._watch._arm(self._seconds)

    def __exit__(self, exc_type, exc, traceback) -> None:
        self._watch._disarm(delivered=exc_type is not None and issubclass(exc_type, OverBudget))
