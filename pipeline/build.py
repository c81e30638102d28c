"""The whole pipeline: a folder of texts → one merged event table.

    read the folder (ingest)
      → each document's event mentions (anchors + extraction: pure on the document,
        so spread over worker processes and kept in a cache keyed by content)
      → merge every mention into events (global) → the table

Whatever the number of workers and whatever the cache holds, the mentions reach the
merge in document order, so the table is the same byte for byte.

Each document's work runs within `Settings.file_cpu_seconds` of CPU time (see
`pipeline.budget`), in this process or a worker alike. A document longer than
`Settings.first_run_chars` is read in runs of whole lines (see `runs`), and one that runs
out of time keeps the mentions of the runs it finished (reported as a warning; as a skip
when it finished none). Where the time ran out depends on the machine: such a document's
mentions are not cached, and are the one exception to the byte-for-byte rule above.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import math
import multiprocessing
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import anchors, curate, events, ingest, merge
from .budget import CpuWatch, OverBudget
from .model import Document, Event, EventMention, Passage, Problem
from .settings import SETTINGS, Settings
from .table import events_to_frame

if TYPE_CHECKING:
    import pandas as pd

Progress = Callable[[int, int, str], None]  # (done, total, document name)

# A worker process is worth starting only for this many documents or more: below it,
# starting and feeding the process costs more than it saves.
MIN_DOCUMENTS_PER_WORKER = 16
# Chunks per worker: enough to balance uneven documents, few enough to keep the
# per-chunk overhead (pickling, scheduling) small.
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 64


@dataclass
class BuildResult:
    events: list[Event]  # merged, the decisions applied
    documents: list[Document]
    problems: list[Problem]
    mentions: list[EventMention] = field(default_factory=list)
    processed: list[str] = field(default_factory=list)  # documents extracted in this run
    cached: list[str] = field(default_factory=list)  # documents whose mentions came from the cache

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """The event table as a DataFrame, made (and pandas imported) when first asked for."""
        return events_to_frame(self.events)


@dataclass
class Extraction:
    """Every document's mentions, in document order."""

    mentions: list[EventMention]
    problems: list[Problem]
    processed: list[str]
    cached: list[str]


@dataclass
class Reading:
    """What the work on one document has given so far: kept when it is cut short."""

    mentions: list[EventMention] = field(default_factory=list)
    through: int = 0  # the text is read up to this character


def document_mentions(document: Document, reading: Reading | None = None,
                      first_run_chars: int = SETTINGS.first_run_chars) -> list[EventMention]:
    """Every event mention of one document (pure: depends on the document alone).

    `reading`, when given, receives the mentions of each run of the text (see `runs`) as
    soon as the run is read, so that a caller that stops the work keeps them.
    """
    reading = Reading() if reading is None else reading
    passages = anchors.split_passages(document)
    text = document.text
    for end, run in runs(text, passages, first_run_chars):
        # The text up to the run's end: what the run reads, and no more to search.
        upto = document if end == len(text) else replace(document, text=text[:end])
        reading.mentions.extend(events.extract_mentions(upto, run))
        reading.through = end
    return reading.mentions


# Each run ends this many times further into the text than the one before.
RUN_GROWTH = 4


def runs(text: str, passages: list[Passage], first_chars: int) -> list[tuple[int, list[Passage]]]:
    """(end, passages) of each run the text is read in: a text no longer than `first_chars`
    (almost every one) in one run; a longer one in runs ending at the first line break past
    first_chars, 4 × first_chars, 16 × first_chars… (a sentence never spans a line break),
    each holding the parts of the passages before its end, with their anchors.

    Each run is read as the text up to its end, so that it searches no further: the runs
    of a text cost about a third more than one reading (1 + 1/4 + 1/16 …), and a reading
    cut short by its time limit keeps every run before the one it was in, about a quarter
    of the text it had reached or more (nothing when cut in the first). What carries from
    one sentence to the next (the strike just told, which a sentence of figures adds to)
    starts afresh at each run's start.
    """
    ends = []
    target = first_chars
    while target < len(text):
        cut = text.find("\n", target)
        if cut < 0:
            break
        ends.append(cut + 1)
        target = max(cut + 1, target * RUN_GROWTH)
    ends.append(len(text))
    result, start = [], 0
    for end in ends:
        if end <= start:
            continue
        parts = [replace(p, start=max(p.start, start), end=min(p.end, end))
                 for p in passages if p.start < end and p.end > start]
        if parts:
            result.append((end, parts))
        start = end
    return result or [(len(text), passages)]


# --------------------------------------------------------------------------------------
# Workers
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One document's result: its mentions (None: none to keep), the problem to report,
    and whether the mentions are all the document's (only those are cached)."""

    mentions: list[EventMention] | None
    problem: tuple[str, str] | None = None  # (reason, severity)
    complete: bool = True


def _outcome(document: Document, watch: CpuWatch, seconds: float, first_run_chars: int) -> Outcome:
    reading = Reading()
    try:
        with watch.limit(seconds):
            document_mentions(document, reading, first_run_chars)
        return Outcome(reading.mentions)
    except OverBudget:
        if reading.through >= len(document.text):  # the limit came as the work ended
            return Outcome(reading.mentions)
        if reading.through == 0:
            return Outcome(None, (f"took longer than {seconds:g} s of CPU to process; its events "
                                  "are left out", "skipped"), complete=False)
        return Outcome(reading.mentions, (
            f"took longer than {seconds:g} s of CPU to process; read partially: the events of its "
            f"first {reading.through:,} of {len(document.text):,} characters are kept", "warning"),
            complete=False)
    except Exception as error:  # one bad text must not lose the others
        reason = ingest.one_line(str(error))[:300]
        return Outcome(None, (f"could not be processed ({type(error).__name__}: {reason})", "skipped"))


def _chunk_outcomes(chunk: Sequence[Document], seconds: float, first_run_chars: int) -> list[Outcome]:
    """What one worker does with one chunk (module level, so that it can be pickled)."""
    with CpuWatch() as watch:
        return [_outcome(document, watch, seconds, first_run_chars) for document in chunk]


def available_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def resolve_workers(workers: int | None) -> int:
    """None means every available core."""
    if workers is None:
        return available_cores()
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    return workers


def _pool_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe, so that workers start at once with the parent's compiled
    patterns and gazetteers; a process running other threads (a Streamlit server)
    could fork a held lock, so it spawns fresh interpreters instead."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _chunks(items: Sequence[int], workers: int) -> list[list[int]]:
    size = max(1, min(MAX_CHUNK, math.ceil(len(items) / (workers * CHUNKS_PER_WORKER))))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def _extract_serial(documents: Sequence[Document], todo: Sequence[int],
                    outcomes: dict[int, Outcome], report: Callable[[int], None],
                    settings: Settings = SETTINGS) -> None:
    # The watchdog thread ends with the loop: a pool forked afterwards sees one thread.
    with CpuWatch() as watch:
        for index in todo:
            if index not in outcomes:
                outcomes[index] = _outcome(documents[index], watch, settings.file_cpu_seconds,
                                           settings.first_run_chars)
                report(index)


def _extract_parallel(documents: Sequence[Document], todo: Sequence[int], workers: int,
                      outcomes: dict[int, Outcome], report: Callable[[int], None],
                      settings: Settings = SETTINGS) -> None:
    context = _pool_context()
    if context.get_start_method() == "fork":
        # The first document compiles every pattern and gazetteer; done here, before
        # the fork, the workers inherit them instead of compiling them each.
        _extract_serial(documents, todo[:1], outcomes, report, settings)
        todo = todo[1:]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_die_with_parent, initargs=(os.getpid(),))
    try:
        pending = {pool.submit(_chunk_outcomes, [documents[i] for i in chunk],
                               settings.file_cpu_seconds, settings.first_run_chars): chunk
                   for chunk in _chunks(todo, workers)}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                for index, outcome in zip(chunk, future.result()):
                    outcomes[index] = outcome
                    report(index)
    except BrokenProcessPool:
        # A worker died (out of memory, killed): what it had not returned is done here.
        _extract_serial(documents, todo, outcomes, report, settings)
    except BaseException:
        # Ctrl-C or an error: stop at once rather than finish every submitted chunk.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _die_with_parent(parent_pid: int) -> None:
    """A worker ends when the build that started it does, even when that build is killed
    outright (SIGKILL leaves no chance to stop the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if sys.platform == "linux":
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)


def _open_cache(cache_dir: str | Path | None, problems: list[Problem]):
    if cache_dir is None:
        return None
    from .cache import MentionCache

    try:
        return MentionCache(cache_dir)
    except (OSError, sqlite3.Error) as error:
        problems.append(Problem(str(cache_dir), f"cache not usable ({error}); every document processed",
                                "warning"))
        return None


def extract_documents(documents: Sequence[Document], progress: Progress | None = None, *,
                      workers: int | None = None, cache_dir: str | Path | None = None,
                      settings: Settings = SETTINGS) -> Extraction:
    """Every document's mentions, from the cache where it has them, else computed on
    `workers` processes (None: every core), in document order."""
    workers = resolve_workers(workers)
    problems: list[Problem] = []
    total, done = len(documents), 0

    def report(index: int) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, documents[index].name)

    cache = _open_cache(cache_dir, problems)
    keys: list[str] = []
    outcomes: dict[int, Outcome] = {}
    if cache is not None:
        from .cache import document_key

        keys = [document_key(d) for d in documents]
        try:
            stored = cache.get_many(keys)
        except sqlite3.Error as error:
            problems.append(Problem(str(cache_dir), f"cache not readable ({error})", "warning"))
            stored = {}
        for index, key in enumerate(keys):
            if key in stored:
                outcomes[index] = Outcome(stored[key])
                report(index)
    cached = sorted(outcomes)
    todo = [i for i in range(total) if i not in outcomes]

    workers = min(workers, len(todo) // MIN_DOCUMENTS_PER_WORKER)
    if workers > 1:
        _extract_parallel(documents, todo, workers, outcomes, report, settings)
    else:
        _extract_serial(documents, todo, outcomes, report, settings)

    if cache is not None:
        try:
            cache.put_many({keys[i]: outcomes[i].mentions for i in todo
                            if outcomes[i].mentions is not None and outcomes[i].complete})
        except sqlite3.Error as error:
            problems.append(Problem(str(cache_dir), f"cache not written ({error})", "warning"))
        finally:
            cache.close()

    mentions: list[EventMention] = []
    for index in range(total):
        outcome = outcomes[index]
        if outcome.problem is not None:
            reason, severity = outcome.problem
            problems.append(Problem(documents[index].name, reason, severity))
        if outcome.mentions is not None:
            mentions.extend(outcome.mentions)
    return Extraction(mentions, problems, [documents[i].name for i in todo],
                      [documents[i].name for i in cached])


def published_problems(documents: Sequence[Document]) -> list[Problem]:
    """A warning for each document whose `published` (from the manifest, or the page) is
    not a date: the anchors stage ignores it and dates the document from its text."""
    problems = []
    for document in documents:
        value = document.meta.published
        try:
            anchors.parse_published(value)
        except ValueError:
            shown = ingest.one_line(repr(value if len(value) <= 100 else value[:99] + "…"))
            problems.append(Problem(document.name, f"published value {shown} is not a date; ignored, "
                                                   "the date is taken from the text", "warning"))
    return problems


def read_documents(source_dir: str | Path, settings: Settings = SETTINGS) -> tuple[list[Document], list[Problem]]:
    """The folder's documents and every problem met reading them (`ingest.read_folder`,
    then the `published` values that are not dates)."""
    documents, problems = ingest.read_folder(source_dir, settings=settings)
    return documents, [*problems, *published_problems(documents)]


def build_table(source_dir: str | Path, progress: Progress | None = None, *,
                workers: int | None = None, cache_dir: str | Path | None = None,
                settings: Settings = SETTINGS, engine=None,
                curations: str | Path | None = None) -> BuildResult:
    """The event table of a folder of texts.

    `workers`: processes for the per-document work (None: every core; small folders
    run in this process whatever the number). `cache_dir`: where each document's
    mentions are kept between runs (None: no cache), so that a rebuild after one file
    changed re-processes that file only. `settings`: the limits (`SETTINGS` by default).
    `engine`: another way to run the per-document work and the merge, giving the same
    table (pipeline.engines); None: here.
    """
    documents, problems = read_documents(source_dir, settings)
    if engine is None:
        extraction = extract_documents(documents, progress, workers=workers, cache_dir=cache_dir,
                                       settings=settings)
        merged = merge.merge_mentions(extraction.mentions)
    else:
        extraction, merged = engine.extract_and_merge(documents, progress, cache_dir=cache_dir, settings=settings)
    problems.extend(extraction.problems)
    # A person's decisions (pipeline.curate), kept in `curations`: orphaned ones are reported.
    curated = curate.curate_events(merged, curations, problems)
    return BuildResult(events=curated, documents=documents, problems=problems,
                       mentions=extraction.mentions, processed=extraction.processed,
                       cached=extraction.cached)


def folder_fingerprint(source_dir: str | Path, settings: Settings = SETTINGS) -> str:
    """A hash of what the build reads in the folder: the dashboard's cache key.

    The entries ingest lists (hidden files and folders left out: a cache folder kept
    inside the source folder does not change it), each by name and kind, and the bytes
    of those it would read — or the reason it would give for not reading them. Whatever
    the folder holds or does meanwhile (pipes, link loops, files vanishing, unreadable
    ones), this gives a hash, never an error or a wait.
    """
    digest = hashlib.sha256()
    root = Path(source_dir).resolve()
    entries, unlisted = ingest.folder_entries(root)
    for name, reason in unlisted:
        digest.update(f"unlisted\x00{name}\x00{reason}\x00".encode("utf-8", "surrogateescape"))
    for entry in entries:
        digest.update(f"{entry.kind}\x00{entry.raw}\x00".encode("utf-8", "surrogateescape"))
        suffix = os.path.splitext(entry.raw)[1].lower()
        if entry.raw != ingest.MANIFEST_NAME and suffix not in ingest.READ_SUFFIXES:
            continue  # never read: its name alone matters
        try:
            digest.update(hashlib.sha256(ingest.read_entry(entry, root, settings.max_file_bytes)).digest())
        except ingest.UnreadableFile as skip:
            digest.update(f"unread\x00{skip}\x00".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
