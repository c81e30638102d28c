"""The whole pipeline: a folder of texts → one merged event table.

    read the folder (ingest)
      → each document's event mentions (anchors + extraction: pure on the document,
        so spread over worker processes and kept in a cache keyed by content)
      → merge every mention into events (global) → the table

Whatever the number of workers and whatever the cache holds, the mentions reach the
merge in document order, so the table is the same byte for byte.
"""
from __future__ import annotations

import ctypes
import ctypes.util
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
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import anchors, curate, events, ingest, merge
from .model import Document, EventMention, Problem
from .table import events_to_frame

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
    frame: pd.DataFrame
    documents: list[Document]
    problems: list[Problem]
    mentions: list[EventMention] = field(default_factory=list)
    processed: list[str] = field(default_factory=list)  # documents extracted in this run
    cached: list[str] = field(default_factory=list)  # documents whose mentions came from the cache


@dataclass
class Extraction:
    """Every document's mentions, in document order."""

    mentions: list[EventMention]
    problems: list[Problem]
    processed: list[str]
    cached: list[str]


def document_mentions(document: Document) -> list[EventMention]:
    """Every event mention of one document (pure: depends on the document alone)."""
    passages = anchors.split_passages(document)
    return events.extract_mentions(document, passages)


# --------------------------------------------------------------------------------------
# Workers
# --------------------------------------------------------------------------------------

Outcome = tuple[list[EventMention] | None, str | None]  # (mentions, or why there are none)


def _outcome(document: Document) -> Outcome:
    try:
        return document_mentions(document), None
    except Exception as error:  # one bad text must not lose the others
        return None, f"could not be processed ({type(error).__name__}: {error})"


def _chunk_outcomes(chunk: Sequence[Document]) -> list[Outcome]:
    """What one worker does with one chunk (module level, so that it can be pickled)."""
    return [_outcome(document) for document in chunk]


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
                    outcomes: dict[int, Outcome], report: Callable[[int], None]) -> None:
    for index in todo:
        if index not in outcomes:
            outcomes[index] = _outcome(documents[index])
            report(index)


def _extract_parallel(documents: Sequence[Document], todo: Sequence[int], workers: int,
                      outcomes: dict[int, Outcome], report: Callable[[int], None]) -> None:
    context = _pool_context()
    if context.get_start_method() == "fork":
        # The first document compiles every pattern and gazetteer; done here, before
        # the fork, the workers inherit them instead of compiling them each.
        _extract_serial(documents, todo[:1], outcomes, report)
        todo = todo[1:]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_die_with_parent, initargs=(os.getpid(),))
    try:
        pending = {pool.submit(_chunk_outcomes, [documents[i] for i in chunk]): chunk
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
        _extract_serial(documents, todo, outcomes, report)
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
                      workers: int | None = None, cache_dir: str | Path | None = None) -> Extraction:
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
                outcomes[index] = (stored[key], None)
                report(index)
    cached = sorted(outcomes)
    todo = [i for i in range(total) if i not in outcomes]

    workers = min(workers, len(todo) // MIN_DOCUMENTS_PER_WORKER)
    if workers > 1:
        _extract_parallel(documents, todo, workers, outcomes, report)
    else:
        _extract_serial(documents, todo, outcomes, report)

    if cache is not None:
        try:
            cache.put_many({keys[i]: outcomes[i][0] for i in todo if outcomes[i][0] is not None})
        except sqlite3.Error as error:
            problems.append(Problem(str(cache_dir), f"cache not written ({error})", "warning"))
        finally:
            cache.close()

    mentions: list[EventMention] = []
    for index in range(total):
        found, error = outcomes[index]
        if error is not None:
            problems.append(Problem(documents[index].name, error))
        else:
            mentions.extend(found)
    return Extraction(mentions, problems, [documents[i].name for i in todo],
                      [documents[i].name for i in cached])


def build_table(source_dir: str | Path, progress: Progress | None = None, *,
                workers: int | None = None, cache_dir: str | Path | None = None,
                curations: str | Path | None = None) -> BuildResult:
    """The event table of a folder of texts.

    `workers`: processes for the per-document work (None: every core; small folders
    run in this process whatever the number). `cache_dir`: where each document's
    mentions are kept between runs (None: no cache), so that a rebuild after one file
    changed re-processes that file only.
    """
    documents, problems = ingest.read_folder(source_dir)
    extraction = extract_documents(documents, progress, workers=workers, cache_dir=cache_dir)
    problems.extend(extraction.problems)
    merged = merge.merge_mentions(extraction.mentions)
    # A person's decisions (pipeline.curate), kept in `curations`: orphaned ones are reported.
    frame = events_to_frame(curate.curate_events(merged, curations, problems))
    return BuildResult(frame=frame, documents=documents, problems=problems,
                       mentions=extraction.mentions, processed=extraction.processed,
                       cached=extraction.cached)


def folder_fingerprint(source_dir: str | Path) -> str:
    """A hash of the folder's files' names and contents: the dashboard's cache key.

    Hidden files and folders are left out, as ingest leaves them out: a cache folder
    kept inside the source folder does not change its fingerprint.
    """
    digest = hashlib.sha256()
    root = Path(source_dir)
    for path in sorted(p for p in root.rglob("*") if p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(root).parts)):
        digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape"))
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
