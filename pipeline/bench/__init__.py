"""Benchmark: speed, memory and scaling of the pipeline on a generated corpus.

    python -m pipeline bench [--docs 10000] [--sizes 1000,10000] [--sample 200] [--workers N]

The corpus: N documents of about 500 words, generated from the seed texts — runs of
consecutive seed sentences, recombined, their dates, places and figures replaced by
others of the same kind, and each document given its own anchor (a manifest date, a
dateline, or neither). Smaller sizes are the first documents of the largest. Files go
to a temporary folder (or --keep DIR).

What is measured, each in a freshly started process so that its imports, compiled
patterns and peak memory are its own:
1. the pipeline on ONE worker at each size, per stage (ingest → anchors → extraction →
   merge → table), and date finding alone;
2. the naive baseline — dateparser's `search_dates(text, languages=['en'])` over each
   text — on the first --sample documents, with the pipeline on the same documents;
3. the pipeline on every worker (the table must be byte-identical to one worker's),
   filling the mention cache, then two rebuilds: nothing changed, one file changed;
4. the dashboard: a filter change on a --events table through the functions its page
   calls (pipeline.figures), with the JSON st.plotly_chart sends; the reload of the
   seeds after a file is added; the development gold scores, for accuracy.

Peak memory: for a run in one process, the peak resident set size (`ru_maxrss`) of the
fresh process that ran it; for a run with worker processes, the larger of that and the
peak, sampled every 0.1 s, of the summed proportional set size (PSS, /proc/PID/smaps_rollup)
of the process and its workers — what they hold at once, shared pages counted once.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import multiprocessing
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Document, SourceMeta

DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TARGET_WORDS = 500  # mean length of a generated document
FIRST_DAY, LAST_DAY = dt.date(2022, 2, 24), dt.date(2026, 2, 28)  # anchors fall in this span

# --------------------------------------------------------------------------------------
# The corpus generator
# --------------------------------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_MONTH_ABBREVIATIONS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.",
                        "Sept.", "Oct.", "Nov.", "Dec.")  # wire style
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_WORD = re.compile("|".join(_WEEKDAYS))
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(_MONTHS) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)")
_YEAR_WORD = re.compile(r"\b(?:19|20)\d\d\b")
# A figure: a plain count, not part of a date, a time, a decimal or a word.
_FIGURE = re.compile(r"(?<![\w.,:/-])(?:\d{1,3}(?:,\d{3})+|\d{1,4})(?![\w:/-]|[.,]\d)")
_WIRE_AGENCIES = ("Reuters", "AP", "AFP", "Bloomberg", "Ukrinform")
_SOURCES = ("Wire Service", "Evening Standard", "Kyiv Dispatch", "Brussels Daily",
            "Policy Review", "Morning Herald", "Radio Bulletin")


@dataclass(frozen=True)
class Slot:
    """A stretch of a seed sentence that is replaced in every copy of it."""

    start: int
    end: int
    kind: str  # "date" | "place" | "figure"
    detail: object  # the DateForm kind and its text; the place's PlaceRef; the number


@dataclass(frozen=True)
class Template:
    """One seed sentence and what can vary in it."""

    text: str
    slots: tuple[Slot, ...]
    words: int


def _date_slots(sentence: str) -> list[Slot]:
    from .. import dates

    return [Slot(e.start, e.end, "date", (e.form.kind if e.form else "", e.text))
            for e in dates.find_date_expressions(sentence)]


def _place_slots(sentence: str) -> list[Slot]:
    from .. import gazetteer

    return [Slot(p.start, p.end, "place", p.place) for p in gazetteer.find_places(sentence)
            if p.place.kind != "country" and p.place.country]  # countries carry the sides: kept


def _figure_slots(sentence: str) -> list[Slot]:
    slots = []
    for match in _FIGURE.finditer(sentence):
        value = int(match.group().replace(",", ""))
        if 1900 <= value <= 2100 or value == 0:
            continue  # a year, or a "zero" that the sentence's sense depends on
        slots.append(Slot(match.start(), match.end(), "figure", value))
    return slots


def sentence_template(sentence: str) -> Template:
    """The sentence with its dates, places and figures marked as slots (non-overlapping)."""
    slots: list[Slot] = []
    for candidate in _date_slots(sentence) + _place_slots(sentence) + _figure_slots(sentence):
        if all(candidate.end <= s.start or s.end <= candidate.start for s in slots):
            slots.append(candidate)
    slots.sort(key=lambda s: s.start)
    return Template(sentence, tuple(slots), len(sentence.split()))


def _is_body_sentence(sentence: str) -> bool:
    """Prose worth recombining: not a digest header, a dateline or a one-word line."""
    return len(sentence.split()) >= 6 and "•" not in sentence and "tweets" not in sentence


def seed_templates(seeds_dir: str | Path = DEFAULT_SEEDS) -> list[list[Template]]:
    """Per seed document, its body sentences in order, as templates."""
    from .. import ingest
    from ..text.sentences import split_sentences

    documents, _ = ingest.read_folder(seeds_dir)
    runs = []
    for document in documents:
        sentences = [document.text[a:b] for a, b in split_sentences(document.text)]
        templates = [sentence_template(s) for s in sentences if _is_body_sentence(s)]
        if templates:
            runs.append(templates)
    if not runs:
        raise ValueError(f"no seed sentences found in {seeds_dir}")
    return runs


@dataclass(frozen=True)
class PlacePool:
    """Places by (kind, country), to swap a place for another of the same sort."""

    by_sort: dict[tuple[str, str], tuple[str, ...]]

    def pick(self, rng: random.Random, kind: str, country: str, default: str) -> str:
        return rng.choice(self.by_sort.get((kind, country)) or (default,))


def place_pool() -> PlacePool:
    from .. import gazetteer

    by_sort: dict[tuple[str, str], list[str]] = {}
    for place in gazetteer.all_places():
        by_sort.setdefault((place.kind, place.country), []).append(place.name)
    return PlacePool({key: tuple(sorted(names)) for key, names in by_sort.items()})


def _written_day(day: dt.date, original: str) -> str:
    """`day` written the way the original date was ("3 February 2026", "Feb. 1", ...)."""
    with_year = bool(_YEAR_WORD.search(original))
    if original[:1].isdigit():
        text = f"{day.day} {_MONTHS[day.month - 1]}"
        return f"{text} {day.year}" if with_year else text
    month = _MONTH_ABBREVIATIONS[day.month - 1] if "." in original else _MONTHS[day.month - 1]
    text = f"{month} {day.day}"
    return f"{text}, {day.year}" if with_year else text


def _fill_date(rng: random.Random, kind: str, original: str, anchor: dt.date) -> str:
    """Another date of the same kind, near the anchor as news dates are."""
    if kind == "date":
        return _written_day(anchor - dt.timedelta(days=rng.randint(0, 20)), original)
    if kind == "weekday":
        return _WEEKDAY_WORD.sub(lambda m: rng.choice(_WEEKDAYS), original)
    if kind in ("month", "year"):
        text = _MONTH_WORD.sub(lambda m: rng.choice(_MONTHS), original)
        return _YEAR_WORD.sub(lambda m: str(rng.randint(max(2014, anchor.year - 3), anchor.year)), text)
    return original  # relative words ("last night", "two weeks ago") read well with any anchor


def _fill_figure(rng: random.Random, value: int) -> str:
    new = rng.randint(max(1, value // 2), max(2, value * 2))
    return f"{new:,}" if new >= 1000 else str(new)


def fill(template: Template, rng: random.Random, anchor: dt.date, places: PlacePool) -> str:
    """A copy of the template's sentence with every slot given a new value."""
    parts, cursor = [], 0
    for slot in template.slots:
        parts.append(template.text[cursor:slot.start])
        if slot.kind == "date":
            kind, original = slot.detail
            parts.append(_fill_date(rng, kind, original, anchor))
        elif slot.kind == "place":
            place = slot.detail
            parts.append(places.pick(rng, place.kind, place.country, place.name))
        else:
            parts.append(_fill_figure(rng, slot.detail))
        cursor = slot.end
    parts.append(template.text[cursor:])
    return "".join(parts)


def _dateline(rng: random.Random, day: dt.date, place: str) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year} - {rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}"
    if style == 1:
        return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
    if style == 2:
        return f"Published: {day.day:02d}.{day.month:02d}.{day.year} {rng.randint(6, 23):02d}:00"
    return f"{place.upper()}, {_MONTH_ABBREVIATIONS[day.month - 1]} {day.day}, {day.year} ({rng.choice(_WIRE_AGENCIES)}) -"


@dataclass(frozen=True)
class Corpus:
    """Generated documents (in name order) and what generated them."""

    documents: tuple[Document, ...]
    seed: int

    @property
    def words(self) -> int:
        return sum(len(d.text.split()) for d in self.documents)


def generate_document(index: int, runs: list[list[Template]], places: PlacePool, seed: int = 0) -> Document:
    """Document number `index`: the same for the same (index, seed), whatever N is."""
    rng = random.Random(f"{seed}:{index}")
    anchor = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    # The last run of sentences overshoots the target by about 50 words on average.
    target = rng.randint(TARGET_WORDS * 6 // 10, TARGET_WORDS * 12 // 10)
    paragraphs: list[str] = []
    words = 0
    while words < target:
        run = rng.choice(runs)
        first = rng.randrange(len(run))
        chosen = run[first:first + rng.randint(2, 5)]  # consecutive: an elaboration keeps its lead
        paragraphs.append(" ".join(fill(t, rng, anchor, places) for t in chosen))
        words += sum(t.words for t in chosen)
    title = " ".join(fill(rng.choice(rng.choice(runs)), rng, anchor, places).split()[:14]).rstrip(",.;:")
    name = f"doc_{index:05d}.txt"
    how = rng.random()
    published = ""
    head = [title, ""]
    if how < 0.6:  # the publisher's metadata dates most texts
        published = anchor.isoformat()
    elif how < 0.9:  # a dateline
        head += [_dateline(rng, anchor, places.pick(rng, "city", "Ukraine", "Kyiv")), ""]
    # else: no date given; the pipeline infers one from the text or says "unknown"
    meta = SourceMeta(file=name, title=title, source=rng.choice(_SOURCES), published=published)
    return Document(name, "\n".join(head + ["\n\n".join(paragraphs)]) + "\n", meta)


def generate_corpus(n: int, seed: int = 0, seeds_dir: str | Path = DEFAULT_SEEDS) -> Corpus:
    runs, places = seed_templates(seeds_dir), place_pool()
    return Corpus(tuple(generate_document(i, runs, places, seed) for i in range(n)), seed)


def write_corpus(corpus: Corpus, folder: str | Path) -> Path:
    """The documents as .txt files with a manifest.csv, in `folder` (created)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "title", "source", "url", "published"])
        for document in corpus.documents:
            meta = document.meta
            writer.writerow([meta.file, meta.title, meta.source, meta.url, meta.published])
            (folder / document.name).write_text(document.text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------------------
# Measurements, each in a fresh process
# --------------------------------------------------------------------------------------


@dataclass
class RunReport:
    """What one measured run did and cost."""

    label: str
    documents: int
    words: int
    stages: dict[str, float]  # stage → seconds, in pipeline order
    peak_mb: float
    mentions: int = 0
    events: int = 0
    table_digest: str = ""
    processed: int = 0  # documents extracted (not taken from the cache)
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.stages.values())

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size so far (ru_maxrss: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _words(documents: Sequence[Document]) -> int:
    return sum(len(d.text.split()) for d in documents)


def table_digest(frame) -> str:
    """sha256 of the table as Parquet bytes: equal digests, byte-identical tables."""
    import hashlib
    import io

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return hashlib.sha256(buffer.getvalue()).hexdigest()


class _Clock:
    """Adds the time of each `with clock("stage"):` block to that stage."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}

    def __call__(self, stage: str) -> _Clock:
        self._stage = stage
        return self

    def __enter__(self) -> None:
        self._started = time.perf_counter()

    def __exit__(self, *exc) -> None:
        elapsed = time.perf_counter() - self._started
        self.stages[self._stage] = self.stages.get(self._stage, 0.0) + elapsed


def measure_one_worker(folder: str, label: str, table_out: str | None = None) -> RunReport:
    """The pipeline on one worker, stage by stage: the same calls as build_table with
    workers=1 and no cache (build.document_mentions is anchors + extraction).
    The table is written to `table_out` (untimed) when given."""
    from .. import anchors, events, ingest, merge
    from ..table import events_to_frame, write_table

    clock = _Clock()
    with clock("ingest"):
        documents, _ = ingest.read_folder(folder)
    startup = _warm_up(documents)
    mentions = []
    for document in documents:
        with clock("anchors"):
            passages = anchors.split_passages(document)
        with clock("extraction"):
            mentions.extend(events.extract_mentions(document, passages))
    with clock("merge"):
        merged = merge.merge_mentions(mentions)
    with clock("table"):
        frame = events_to_frame(merged)
    peak = _peak_mb()
    if table_out:
        write_table(frame, table_out)
    return RunReport(label, len(documents), _words(documents), clock.stages, peak,
                     len(mentions), len(frame), table_digest(frame), len(documents),
                     {"startup": startup})


def _warm_up(documents: Sequence[Document]) -> float:
    """Seconds to process the first document once, untimed otherwise: the first call
    compiles the gazetteers and patterns (once per process), a cost that does not grow
    with the corpus. It is reported apart, as the baseline's warm-up is."""
    from ..build import document_mentions

    started = time.perf_counter()
    if documents:
        document_mentions(documents[0])
    return time.perf_counter() - started


def measure_build(folder: str, label: str, workers: int | None, cache_dir: str | None) -> RunReport:
    """build_table's own steps, timed: ingest, extraction on `workers` processes with the
    cache, merge, table. `peak_mb` is this process's own peak; in_fresh_process adds the
    sampled peak of this process with its workers."""
    from .. import build, ingest, merge
    from ..table import events_to_frame

    clock = _Clock()
    with clock("ingest"):
        documents, _ = ingest.read_folder(folder)
    startup = _warm_up(documents)
    with clock("extraction"):
        extraction = build.extract_documents(documents, workers=workers, cache_dir=cache_dir)
    with clock("merge"):
        merged = merge.merge_mentions(extraction.mentions)
    with clock("table"):
        frame = events_to_frame(merged)
    return RunReport(label, len(documents), _words(documents), clock.stages, _peak_mb(),
                     len(extraction.mentions), len(frame), table_digest(frame),
                     len(extraction.processed),
                     {"startup": startup, "start method": build._pool_context().get_start_method()})


def measure_baseline(folder: str, label: str) -> RunReport:
    """The naive way: dateparser's search_dates over each whole text."""
    from dateparser.search import search_dates

    from .. import ingest

    clock = _Clock()
    with clock("ingest"):
        documents, _ = ingest.read_folder(folder)
    started = time.perf_counter()
    if documents:  # the first call loads dateparser's data: reported apart, as the pipeline's
        search_dates(documents[0].text, languages=["en"])
    startup = time.perf_counter() - started
    found = 0
    with clock("search_dates"):
        for document in documents:
            found += len(search_dates(document.text, languages=["en"]) or [])
    return RunReport(label, len(documents), _words(documents), clock.stages, _peak_mb(),
                     extra={"dates found": found, "startup": startup})


def measure_dates(folder: str, label: str) -> RunReport:
    """Date finding alone (find_date_expressions over each whole text), for the split."""
    from .. import dates, ingest

    clock = _Clock()
    with clock("ingest"):
        documents, _ = ingest.read_folder(folder)
    found = 0
    with clock("date finding"):
        for document in documents:
            found += len(dates.find_date_expressions(document.text))
    return RunReport(label, len(documents), _words(documents), clock.stages, _peak_mb(),
                     extra={"dates found": found})


def _descendants(pid: int) -> list[int]:
    """pid and every process below it (Linux /proc), for memory sampling."""
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
    """Samples the summed PSS of a process and its workers every 0.1 s (Linux only):
    the memory a parallel run really holds at once. Runs in the benchmark's own
    process, so that the measured process stays single-threaded (and forks its workers)."""

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


def _child(connection, function: Callable, args: tuple) -> None:
    try:
        connection.send(("ok", function(*args)))
    except BaseException as error:  # reported in the parent, with its type
        connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def in_fresh_process(function: Callable, *args):
    """function(*args) in a newly started interpreter, so that its imports, compiled
    patterns and peak memory are its own. A RunReport result gets `extra["tree MB"]`,
    the sampled peak PSS of the process with its workers (Linux)."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, function, args))
    process.start()
    sender.close()
    sampler = _TreeMemory(process.pid)
    if sys.platform == "linux":
        sampler.start()
    try:
        status, value = receiver.recv()
    except EOFError:
        status, value = "error", "the measuring process died"
    finally:
        tree_mb = sampler.stop() if sampler.is_alive() else 0.0
        process.join()
    if status != "ok":
        raise RuntimeError(f"{value} (exit code {process.exitcode})")
    if isinstance(value, RunReport):
        value.extra["tree MB"] = tree_mb
    return value


def tile_table(frame, rows: int):
    """A table of `rows` events made of copies of `frame`, each copy with its own ids and
    its dates moved by a few days, so that a real table stands for a larger one."""
    import pandas as pd

    from ..table import normalise_frame

    copies = []
    for k in range(-(-rows // len(frame))):
        copy = frame.copy()
        if k:
            shift = pd.Timedelta(days=k % 29 + 1)
            copy["event_id"] = copy["event_id"] + f"-{k}"
            copy["date_start"] = copy["date_start"] + shift
            copy["date_end"] = copy["date_end"] + shift
        copies.append(copy)
    return normalise_frame(pd.concat(copies, ignore_index=True).head(rows))


def _filter_changes(table) -> list[tuple[str, object]]:
    """A reader's filter changes, from the table's own values."""
    import pandas as pd

    from .. import views as F

    latest = table.frame["date_start"].quantile(0.9)  # a recent quarter, not a stray future date
    changes = [("all events", F.Filters()), ("type strike", F.Filters(types=("strike",)))]
    for name, column in (("place", "places"), ("actor", "actors")):
        values = table.options(column)  # most frequent first
        if values:
            changes.append((f"{name} {values[0]}", F.Filters(**{column: (values[0],)})))
    if pd.notna(latest):
        start = (latest - pd.Timedelta(days=90)).date()
        changes.append(("last 90 days", F.Filters(date_from=start, date_to=latest.date())))
    changes.append(("search 'energy'", F.Filters(query="energy")))
    changes.append(("every status", F.Filters(statuses=("occurred", "planned", "hypothetical"))))
    return changes


def measure_dashboard(table_path: str, rows: int) -> dict:
    """A filter change on a `rows`-event table through the functions the dashboard's
    page() calls, plus the JSON that st.plotly_chart sends for each figure."""
    import plotly.io

    from .. import views as F
    from ..table import read_table

    frame = tile_table(read_table(table_path), rows)
    started = time.perf_counter()
    table = F.prepare(frame)  # once per table: the dashboard keeps it in st.cache_resource
    prepare_seconds = time.perf_counter() - started
    F.timeline_figure(table)  # the first call pays for plotly's imports
    options = F.ChartOptions()
    changes = []
    for label, filters in _filter_changes(table):
        started = time.perf_counter()
        filtered = F.apply_filters(table, filters)
        timeline = F.timeline_figure(table, filters, options, filtered=filtered)
        site_map = F.map_figure(table, filters, options, filtered=filtered)
        F.table_view(filtered)
        figures_seconds = time.perf_counter() - started
        timeline_json = plotly.io.to_json(timeline, validate=False)
        plotly.io.to_json(site_map, validate=False)
        total = time.perf_counter() - started
        points = sum(len(trace.x) for trace in timeline.data
                     if trace.x is not None and getattr(trace, "mode", None) != "lines")
        kinds = sorted({trace.type for trace in timeline.data})
        changes.append({"filter": label, "events": len(filtered), "figures": figures_seconds,
                        "with json": total, "traces": ",".join(kinds), "points": points,
                        "json MB": len(timeline_json) / 1e6})
    return {"rows": len(frame), "prepare": prepare_seconds, "changes": changes,
            "webgl threshold": F.WEBGL_THRESHOLD}


def measure_reload(seeds_dir: str, workdir: str, added: tuple[str, str], gold: str | None) -> dict:
    """The dashboard's reload after a file is added to the seeds, in a warm process (as
    its server is): content fingerprint → build_table → figures.prepare."""
    from .. import build, views as F

    texts, cache_dir = Path(workdir) / "texts", Path(workdir) / "cache"
    shutil.copytree(seeds_dir, texts)
    result = build.build_table(texts, cache_dir=cache_dir)  # the first load fills the cache
    report: dict[str, object] = {"documents": len(result.documents)}
    for label, cache in (("with the cache", cache_dir), ("without a cache", None)):
        name, text = added
        (texts / f"{label.split()[0]}-{name}").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        build.folder_fingerprint(texts)
        result = build.build_table(texts, cache_dir=cache)
        F.prepare(result.frame)
        report[label] = (time.perf_counter() - started, len(result.processed))
    if gold and Path(gold).is_file():
        from ..evaluate import read_gold, report as score_report, score

        seeds_only = build.build_table(seeds_dir, workers=1)
        report["gold"] = score_report(score(seeds_only.frame, read_gold(gold)))
    return report


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------

SPEED_TARGET = 15.0  # × the baseline's words/s, on one worker
MEMORY_TARGET_MB = 1024.0
REDRAW_TARGET = 0.5  # seconds, server side
RELOAD_TARGET = 1.0  # seconds, the seeds plus one file
LINEAR_TOLERANCE = 1.25  # cost per word at the largest size / at the smallest


def _with_tree_peak(run: RunReport) -> RunReport:
    """A parallel run's peak memory: its own process's, or all its processes' together if larger."""
    run.peak_mb = max(run.peak_mb, float(run.extra.get("tree MB", 0.0)))
    return run


def _say(line: str = "") -> None:
    print(line, flush=True)


def _run_row(run: RunReport, stage_names: Sequence[str]) -> str:
    stages = " ".join(f"{run.stages.get(s, 0.0):>12.2f}" for s in stage_names)
    return (f"  {run.label:<26} {run.documents:>7,} {run.words:>10,} {run.seconds:>8.2f} "
            f"{run.documents_per_second:>7,.0f} {run.words_per_second:>8,.0f} {run.peak_mb:>8,.0f} "
            f"{float(run.extra.get('startup', 0.0)):>8.2f} {stages}")


def _run_header(stage_names: Sequence[str]) -> str:
    stages = " ".join(f"{s + ' s':>12}" for s in stage_names)
    return (f"  {'run':<26} {'docs':>7} {'words':>10} {'total s':>8} {'docs/s':>7} {'words/s':>8} "
            f"{'peak MB':>8} {'warm-up':>8} {stages}")


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def _load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _versions() -> str:
    import importlib.metadata
    import platform

    try:
        dateparser_version = importlib.metadata.version("dateparser")
    except importlib.metadata.PackageNotFoundError:
        dateparser_version = "?"
    return f"Python {platform.python_version()}, dateparser {dateparser_version}"


def _changed_copy(document: Document) -> str:
    """The document's text with one more sentence: a changed file for the rebuild."""
    return document.text + "\nRussia launched 12 drones at Kharkiv overnight, officials said.\n"


def main(args: argparse.Namespace) -> int:
    from ..build import available_cores, resolve_workers

    seeds_dir = Path(args.seeds) if args.seeds else DEFAULT_SEEDS
    if not seeds_dir.is_dir():
        print(f"error: seed folder not found: {seeds_dir} (give one with --seeds)", file=sys.stderr)
        return 2
    workers = resolve_workers(args.workers)
    sizes = sorted(set(args.sizes) | {args.docs})
    sample = min(args.sample, args.docs)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="eventline-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    gold = Path(__file__).resolve().parents[3] / "shared" / "gold" / "seeds_dev.csv"
    begun = time.perf_counter()
    try:
        _say(f"Eventline benchmark — {available_cores()} cores available (os.cpu_count() = "
             f"{os.cpu_count()}), {_versions()}")
        _say(f"load average before the run: {_load()} (the machine may be shared: timings move with it)")
        _say("peak memory: ru_maxrss of the fresh process that ran each measurement; for runs with "
             "workers, the sampled peak of the summed PSS of the process and its workers if larger")
        _say("warm-up: the first document processed once before the clock starts (compiling patterns "
             "and gazetteers; for the baseline, loading dateparser), not in the totals")
        started = time.perf_counter()
        runs, places = seed_templates(seeds_dir), place_pool()
        documents = [generate_document(i, runs, places, args.seed) for i in range(max(sizes))]
        folders = {n: write_corpus(Corpus(tuple(documents[:n]), args.seed), root / f"corpus-{n}") for n in sizes}
        sample_folder = write_corpus(Corpus(tuple(documents[:sample]), args.seed), root / f"sample-{sample}")
        words = _words(documents[:args.docs])
        _say(f"corpus: {args.docs:,} documents generated from {sum(map(len, runs))} sentences of "
             f"{len(runs)} seed texts (seed {args.seed}), {words:,} words "
             f"({words / args.docs:,.0f} a document), in {time.perf_counter() - started:.1f} s; "
             f"smaller sizes are its first documents; folder {root}")
        _say()

        stage_names = ("ingest", "anchors", "extraction", "merge", "table")
        _say("1. The pipeline on ONE worker, by corpus size (ingest → anchors → extraction → merge → table)")
        _say(_run_header(stage_names))
        one: dict[int, RunReport] = {}
        table_path = root / f"table-{args.docs}.parquet"
        for n in sizes:
            one[n] = in_fresh_process(measure_one_worker, str(folders[n]), f"{n:,} documents",
                                      str(table_path) if n == args.docs else None)
            _say(_run_row(one[n], stage_names) + f"   → {one[n].mentions:,} mentions, {one[n].events:,} events")
        main_run = one[args.docs]
        small, large = one[sizes[0]], one[sizes[-1]]
        growth = (large.seconds / large.words) / (small.seconds / small.words) if len(sizes) > 1 else 1.0
        for n in sizes:
            run = one[n]
            parts = ", ".join(f"{s} {1e6 * run.stages.get(s, 0.0) / run.words:.1f}" for s in stage_names)
            _say(f"  µs per word at {n:>6,}: {1e6 * run.seconds / run.words:6.1f}  ({parts})")
        if len(sizes) > 1:
            _say(f"  cost per word grows ×{growth:.2f} from {sizes[0]:,} to {sizes[-1]:,} documents "
                 f"(×{sizes[-1] / sizes[0]:.0f} the corpus); 1.00 is linear")
        dates_run = in_fresh_process(measure_dates, str(folders[args.docs]), "date finding alone")
        _say(f"  date finding alone (dates.find_date_expressions over each whole text, a separate pass): "
             f"{dates_run.stages['date finding']:.2f} s, {dates_run.words / dates_run.stages['date finding']:,.0f} "
             f"words/s, {dates_run.extra['dates found']:,} expressions")
        _say()

        _say(f"2. The naive baseline on the first {sample:,} documents: dateparser.search.search_dates(text, "
             f"languages=['en']) over each text")
        base_stages = ("ingest", "search_dates")
        _say(_run_header(base_stages))
        baseline = in_fresh_process(measure_baseline, str(sample_folder), "baseline")
        baseline_rate = baseline.words / baseline.stages["search_dates"]
        _say(_run_row(baseline, base_stages) + f"   → {baseline.extra['dates found']:,} 'dates'")
        sample_run = in_fresh_process(measure_one_worker, str(sample_folder), "pipeline, 1 worker")
        _say(_run_header(stage_names))
        _say(_run_row(sample_run, stage_names))
        ratio = main_run.words_per_second / baseline.words_per_second
        _say(f"  speed-up, whole pipeline on one worker ({main_run.words_per_second:,.0f} words/s at "
             f"{args.docs:,} documents) / baseline ({baseline.words_per_second:,.0f} words/s incl. ingest, "
             f"{baseline_rate:,.0f} search_dates alone): ×{ratio:.1f}")
        _say(f"  on the same {sample:,} documents: ×{sample_run.words_per_second / baseline.words_per_second:.1f}")
        _say()

        _say(f"3. Every worker ({workers}) on {args.docs:,} documents, then rebuilds with the mention cache")
        build_stages = ("ingest", "extraction", "merge", "table")
        _say(_run_header(build_stages))
        cache_dir = root / "cache"
        shutil.rmtree(cache_dir, ignore_errors=True)
        folder = str(folders[args.docs])
        parallel = _with_tree_peak(in_fresh_process(measure_build, folder, f"{workers} workers, cold cache",
                                                    workers, str(cache_dir)))
        _say(_run_row(parallel, build_stages))
        same = parallel.table_digest == main_run.table_digest
        _say(f"  table identical to the one-worker table (sha256 of the Parquet bytes): {'yes' if same else 'NO'}"
             f" ({parallel.table_digest[:16]}…); speed-up over one worker ×{main_run.seconds / parallel.seconds:.2f}"
             f"; workers started by {parallel.extra.get('start method')}")
        unchanged = _with_tree_peak(in_fresh_process(measure_build, folder, "rebuild, nothing changed",
                                                     workers, str(cache_dir)))
        _say(_run_row(unchanged, build_stages) + f"   → {unchanged.processed} documents re-processed")
        changed_name = documents[args.docs // 2].name
        (folders[args.docs] / changed_name).write_text(_changed_copy(documents[args.docs // 2]), encoding="utf-8")
        incremental = _with_tree_peak(in_fresh_process(measure_build, folder, "rebuild, one file changed",
                                                       workers, str(cache_dir)))
        _say(_run_row(incremental, build_stages) + f"   → {incremental.processed} document re-processed "
             f"({changed_name})")
        (folders[args.docs] / changed_name).write_text(documents[args.docs // 2].text, encoding="utf-8")
        cached_same = unchanged.table_digest == main_run.table_digest
        _say(f"  table from the cache identical to the computed one: {'yes' if cached_same else 'NO'}")
        _say()

        _say(f"4. The dashboard: a filter change on a {args.events:,}-event table (the {args.docs:,}-document "
             f"table's {main_run.events:,} events, repeated with dates moved)")
        dashboard = None
        if main_run.events:
            dashboard = in_fresh_process(measure_dashboard, str(table_path), args.events)
            _say(f"  figures.prepare (once per table, cached by the app): {dashboard['prepare']:.2f} s; "
                 f"WebGL above {dashboard['webgl threshold']:,} points")
            _say(f"  {'filter':<26} {'events':>7} {'figures s':>10} {'+ JSON s':>9} {'JSON MB':>8}  timeline traces")
            for change in dashboard["changes"]:
                _say(f"  {change['filter'][:26]:<26} {change['events']:>7,} {change['figures']:>10.3f} "
                     f"{change['with json']:>9.3f} {change['json MB']:>8.1f}  {change['traces']} "
                     f"({change['points']:,} points)")
        else:
            _say("  (no events in the table: nothing to draw)")
        reload = in_fresh_process(measure_reload, str(seeds_dir), str(root / "reload"),
                                  (documents[0].name, documents[0].text), str(gold))
        for label in ("with the cache", "without a cache"):
            seconds, processed = reload[label]
            _say(f"  reload of the seeds ({reload['documents']} texts) after adding one file, {label}: "
                 f"{seconds:.3f} s ({processed} document(s) processed)")
        if "gold" in reload:
            _say("  development gold (seeds), for accuracy:")
            for line in str(reload["gold"]).splitlines():
                _say(f"    {line}")
        _say()

        _say("Targets")
        checks = [
            (f"one worker ≥ {SPEED_TARGET:.0f}× the baseline's words/s", ratio >= SPEED_TARGET, f"×{ratio:.1f}"),
            ("cost linear in the corpus size", growth <= LINEAR_TOLERANCE, f"×{growth:.2f} per word"),
            (f"peak memory < {MEMORY_TARGET_MB:,.0f} MB at {args.docs:,} documents",
             max(main_run.peak_mb, parallel.peak_mb) < MEMORY_TARGET_MB,
             f"{main_run.peak_mb:,.0f} MB one worker, {parallel.peak_mb:,.0f} MB with {workers} workers"),
            (f"{workers} workers give the one-worker table byte for byte", same, "sha256 equal" if same else "differs"),
            ("one changed file → that file only re-processed", incremental.processed == 1,
             f"{incremental.processed} re-processed"),
        ]
        if dashboard:
            slowest = max(c["with json"] for c in dashboard["changes"])
            webgl = all(("scattergl" in c["traces"]) == (c["points"] > dashboard["webgl threshold"])
                        for c in dashboard["changes"] if c["points"])
            checks.append((f"filter change < {REDRAW_TARGET} s server-side at {args.events:,} events",
                           slowest < REDRAW_TARGET, f"slowest {slowest:.3f} s incl. JSON"))
            checks.append(("WebGL traces above the threshold", webgl, "yes" if webgl else "no"))
        seeds_reload = reload["with the cache"][0]
        checks.append((f"seeds reload after adding a file < {RELOAD_TARGET:.0f} s", seeds_reload < RELOAD_TARGET,
                       f"{seeds_reload:.3f} s with the cache"))
        for label, ok, figure in checks:
            _say(f"  {_verdict(ok):<8} {label}: {figure}")
        _say(f"load average after the run: {_load()}; whole benchmark {time.perf_counter() - begun:.0f} s")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
