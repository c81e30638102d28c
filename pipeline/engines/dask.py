"""`build --engine dask`: a build's per-document work and merge on a Dask cluster.

    python -m pipeline build texts/ --out t.parquet --engine dask               # a LocalCluster
    python -m pipeline build texts/ --out t.parquet --engine dask --scheduler tcp://host:8786

The client (the process that runs the command) reads the folder, looks documents up in
the mention cache, and ships the documents in chunks to the workers: the source folder
need only be readable where the command runs. On the workers:

1. map over partitions: each chunk of documents → each document's mentions or the
   reason it has none (`build._chunk_outcomes`, what the local build's workers run);
2. group by type: each chunk's mentions of each event type, where the chunk lies;
3. merge: one task per event type merges that type's mentions (`merge.merge_mentions`;
   merging never joins mentions of different types, so the types are independent).

The client gathers the events and writes the table (`table.events_to_frame`). The
mentions of each type reach its merge in document order, as in the local build, so the
table is the same byte for byte. Every worker must run the same pipeline: its version
(the hash of the pipeline's files, Python's and dateparser's versions) is checked
against the client's before any work is sent.

The merge is not split further by date: news folders tell every day, and mentions of a
document (merged whatever their dates) and events that widen to the days of their
mentions chain the days together, so windows that keep the result exact are the whole
span.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from pathlib import Path

import distributed
from distributed import Client, LocalCluster

from .. import build, merge
from ..model import Document, Event, EventMention, Problem
from ..settings import SETTINGS, Settings
from . import EngineError

CHUNKS_PER_THREAD = 8  # enough to balance uneven documents over the workers
MAX_CHUNK = 64
CONNECT_TIMEOUT = "20s"


def pipeline_version() -> str:
    """What every worker must share with the client: the per-document work's version
    (the mention cache's key: its files, Python, dateparser) and the merge's files."""
    from ..cache import PACKAGE_DIR
    from ..cache import pipeline_version as work_version

    digest = hashlib.sha256(work_version().encode())
    for path in sorted((PACKAGE_DIR / "merge").rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


class DaskEngine:
    """Runs on the cluster at `scheduler` (an address such as tcp://host:8786), or on a
    LocalCluster of `workers` processes (None: one per core) started for the build."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        if scheduler and workers:
            raise ValueError("--workers sets the size of a local cluster; a cluster at --scheduler "
                             "has the workers it has")
        self.scheduler, self.workers = scheduler, workers

    def extract_and_merge(self, documents: Sequence[Document], progress=None, *,
                          cache_dir: str | Path | None = None,
                          settings: Settings = SETTINGS) -> tuple[build.Extraction, list[Event]]:
        if self.scheduler:
            try:
                client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as error:
                raise EngineError(f"could not reach the Dask scheduler at {self.scheduler} ({error})") from None
            with client:
                return _run_reporting_loss(client, documents, progress, cache_dir, settings)
        # Loopback only, no dashboard: nothing is reachable from another machine.
        with LocalCluster(n_workers=build.resolve_workers(self.workers), threads_per_worker=1,
                          processes=True, dashboard_address=None, host="127.0.0.1") as cluster, \
                Client(cluster) as client:
            return _run_reporting_loss(client, documents, progress, cache_dir, settings)


def _run_reporting_loss(client: Client, documents, progress, cache_dir, settings):
    try:
        return run(client, documents, progress, cache_dir, settings)
    except (distributed.KilledWorker, distributed.CancelledError) as error:
        # A document's own failure is an outcome (a problem named with its file); this is
        # the cluster failing: workers killed (out of memory?) or gone.
        raise EngineError(f"the Dask cluster lost the work ({type(error).__name__}: {error})") from None


def run(client: Client, documents: Sequence[Document], progress=None,
        cache_dir: str | Path | None = None, settings: Settings = SETTINGS) -> tuple[build.Extraction, list[Event]]:
    """The build's mentions and events, computed on `client`'s cluster (see the module)."""
    _check_versions(client)
    problems: list[Problem] = []
    known = _cached(documents, cache_dir, problems)  # index → mentions kept from an earlier run
    threads = max(1, sum(client.nthreads().values()))
    size = max(1, min(MAX_CHUNK, math.ceil(len(documents) / (threads * CHUNKS_PER_THREAD))))
    spans = [range(start, min(start + size, len(documents))) for start in range(0, len(documents), size)]
    # A chunk's items: a document to read, or the outcome the cache already holds.
    chunks = [[build.Outcome(known[i]) if i in known else documents[i] for i in span] for span in spans]
    shipped = client.scatter(chunks, hash=False) if chunks else []
    outcomes = client.map(_chunk_outcomes, shipped, seconds=settings.file_cpu_seconds,
                          first_run_chars=settings.first_run_chars, pure=False)
    _report(outcomes, spans, documents, progress)
    todo = [i for i in range(len(documents)) if i not in known]
    # Only chunks with documents read in this run have problems, or mentions to keep.
    read = [k for k, span in enumerate(spans) if any(i not in known for i in span)]
    if cache_dir is not None and read:
        gathered = client.gather([outcomes[k] for k in read])
        _store(documents, [(i, o) for k, part in zip(read, gathered) for i, o in zip(spans[k], part)],
               known, cache_dir, problems)
        errors = [_errors_of(part) for part in gathered]
    else:
        errors = client.gather(client.map(_errors_of, [outcomes[k] for k in read], pure=False))
    for k, part in zip(read, errors):
        problems.extend(Problem(documents[spans[k][position]].name, reason, severity)
                        for position, (reason, severity) in part)
    kinds = sorted(set().union(*client.gather(client.map(_types_of, outcomes, pure=False))))
    merged: dict[str, distributed.Future] = {}
    for kind in kinds:
        parts = client.map(_mentions_of, outcomes, kind=kind, pure=False)
        merged[kind] = client.submit(_merge_parts, parts, pure=False)
    results = [client.gather(merged[kind]) for kind in kinds]
    events = [event for kind_events, _ in results for event in kind_events]
    # the sides a text leaves unnamed and a trip's days through its talks, from every
    # type's events at once, as the local build
    merge.across_types(events)
    # every mention read, as the local build keeps them (a headline read alone beside its
    # body's events is in no event)
    mentions = sorted((m for _, kind_mentions in results for m in kind_mentions),
                      key=lambda m: (m.evidence.document, m.evidence.start, m.type))
    extraction = build.Extraction(mentions, problems, [documents[i].name for i in todo],
                                  [documents[i].name for i in sorted(known)])
    return extraction, events


# --------------------------------------------------------------------------------------
# What the workers run (module level: pickled by reference)
# --------------------------------------------------------------------------------------

def _chunk_outcomes(items: Sequence[Document | build.Outcome], seconds: float,
                    first_run_chars: int) -> list[build.Outcome]:
    """Each item's outcome: a document is read (as the local build's workers read it, with
    the same time limit), an outcome from the cache is kept."""
    todo = [item for item in items if isinstance(item, Document)]
    computed = iter(build._chunk_outcomes(todo, seconds, first_run_chars))
    return [next(computed) if isinstance(item, Document) else item for item in items]


def _errors_of(outcomes: Sequence[build.Outcome]) -> list[tuple[int, tuple[str, str]]]:
    return [(k, outcome.problem) for k, outcome in enumerate(outcomes) if outcome.problem is not None]


def _types_of(outcomes: Sequence[build.Outcome]) -> set[str]:
    return {m.type for outcome in outcomes if outcome.mentions for m in outcome.mentions}


def _mentions_of(outcomes: Sequence[build.Outcome], kind: str) -> list[EventMention]:
    return [m for outcome in outcomes if outcome.mentions for m in outcome.mentions if m.type == kind]


def _merge_parts(parts: Sequence[list[EventMention]]) -> tuple[list[Event], list[EventMention]]:
    """One type's events from its mentions, chunk by chunk in document order, and the mentions."""
    mentions = [m for part in parts for m in part]
    return merge.merge_mentions(mentions, sides=False), mentions


def _worker_version() -> str:
    return pipeline_version()


# --------------------------------------------------------------------------------------
# The client's side
# --------------------------------------------------------------------------------------

def _check_versions(client: Client) -> None:
    ours = pipeline_version()
    theirs = client.run(_worker_version)
    if not theirs:
        raise EngineError("the Dask cluster has no workers")
    different = sorted(address for address, version in theirs.items() if version != ours)
    if different:
        raise EngineError(f"{len(different)} worker(s) run another version of the pipeline than this "
                          f"client ({', '.join(different[:3])}{'…' if len(different) > 3 else ''}): install "
                          f"the same version on every worker")


def _report(outcomes: list, spans: list[range], documents: Sequence[Document], progress) -> None:
    """Wait for every chunk, telling `progress` as they finish."""
    position = {future.key: span for future, span in zip(outcomes, spans)}
    done = 0
    for future in distributed.as_completed(outcomes):
        if future.status == "error":
            future.result()  # raises the worker's error (a document error is an outcome, not this)
        span = position[future.key]
        done += len(span)
        if progress:
            progress(done, len(documents), documents[span[-1]].name)


def _cached(documents: Sequence[Document], cache_dir, problems: list[Problem]) -> dict[int, list[EventMention]]:
    if cache_dir is None:
        return {}
    import sqlite3

    from ..cache import MentionCache, document_key

    keys = [document_key(d) for d in documents]
    try:
        with MentionCache(cache_dir) as cache:
            stored = cache.get_many(keys)
    except (OSError, sqlite3.Error) as error:
        problems.append(Problem(str(cache_dir), f"cache not usable ({error}); every document processed",
                                "warning"))
        return {}
    return {i: stored[key] for i, key in enumerate(keys) if key in stored}


def _store(documents: Sequence[Document], outcomes: list[tuple[int, build.Outcome]],
           known: dict, cache_dir, problems: list[Problem]) -> None:
    import sqlite3

    from ..cache import MentionCache, document_key

    entries = {document_key(documents[i]): outcome.mentions for i, outcome in outcomes
               if i not in known and outcome.mentions is not None and outcome.complete}
    try:
        with MentionCache(cache_dir) as cache:
            cache.put_many(entries)
    except (OSError, sqlite3.Error) as error:
        problems.append(Problem(str(cache_dir), f"cache not written ({error})", "warning"))
