"""Command line: python -m pipeline {build,dates,evaluate,chart,bench} …

Nothing heavy (pandas, pyarrow, dateparser, an engine's libraries) is imported before a
command needs it: `python -m pipeline --help` and argument errors answer at once.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

from .model import Anchor


def _progress_printer(quiet: bool):
    """A one-line progress bar on stderr for runs long enough to need one."""
    state = {"last": 0.0, "start": time.monotonic()}

    def progress(done: int, total: int, name: str) -> None:
        if quiet or total < 20:
            return
        now = time.monotonic()
        if done < total and now - state["last"] < 0.5:
            return
        state["last"] = now
        width = 30
        filled = int(width * done / total)
        rate = done / max(now - state["start"], 1e-6)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} documents "
                         f"({rate:.0f}/s)")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return progress


def _build_cache_dir(args: argparse.Namespace) -> Path | None:
    from .cache import default_cache_dir

    if args.no_cache:
        return None
    return Path(args.cache) if args.cache else default_cache_dir(args.out)


def _one_line(text: str) -> str:
    """A message as one printable line (see `ingest.one_line`)."""
    from .ingest import one_line

    return one_line(text)


def _print_problems(problems) -> None:
    """One line per problem on standard error: a name or reason holding a line break or
    a control character is written with escapes, so that no text can forge a line."""
    for problem in problems:
        print(_one_line(f"{problem.severity}: {problem}"), file=sys.stderr)


def _settings(args: argparse.Namespace):
    from .settings import SETTINGS

    if getattr(args, "time_limit", None) is None:
        return SETTINGS
    return dataclasses.replace(SETTINGS, file_cpu_seconds=args.time_limit)


def _build_engine(args: argparse.Namespace):
    """The engine of --engine (None: this machine's processes); its module is imported
    only when it is asked for."""
    if args.engine == "local":
        if args.scheduler:
            raise ValueError("--scheduler is for --engine dask")
        return None
    from . import engines

    return engines.load(args.engine).DaskEngine(scheduler=args.scheduler, workers=args.workers)


# A build makes millions of small objects and keeps most until the merge: with Python's
# default thresholds the collector walks them again and again for about 8% of a build's
# CPU time (measured on 1,000 generated documents), finding almost nothing to free.
BUILD_GC_THRESHOLDS = (50_000, 20, 100)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_table
    from .engines import EngineError

    gc.set_threshold(*BUILD_GC_THRESHOLDS)  # this process is the build's alone

    if args.partition_by and Path(args.out).suffix.lower() == ".csv":
        raise ValueError(f"--partition-by writes a folder of Parquet files, not {args.out}")
    try:
        engine = _build_engine(args)
        result = build_table(args.source, progress=_progress_printer(args.quiet),
                             workers=None if engine else args.workers,
                             cache_dir=_build_cache_dir(args), engine=engine, settings=_settings(args),
                             curations=args.curations)
    except (FileNotFoundError, NotADirectoryError) as error:
        print(_one_line(f"error: {error}"), file=sys.stderr)
        return 2
    except EngineError as error:
        print(_one_line(f"error: {error}"), file=sys.stderr)
        return 1
    _print_problems(result.problems)
    if not result.documents:
        print(_one_line(f"error: no readable document in {args.source}; nothing written "
                        f"({args.out} left as it was)"), file=sys.stderr)
        return 1
    if args.partition_by:
        from .table import write_partitioned_table

        write_partitioned_table(result.frame, args.out, args.partition_by)
    else:
        from .table import write_events

        write_events(result.events, args.out)
    if not args.quiet:
        skipped = [p for p in result.problems if p.severity == "skipped"]
        per_type = Counter(event.type for event in result.events)
        # Each problem was named once, with its reason, on standard error above.
        print(f"documents read: {len(result.documents)}, skipped: {len(skipped)}"
              + (" (reasons above)" if skipped else ""))
        if result.cached:
            print(f"documents processed: {len(result.processed)}, "
                  f"taken from the cache: {len(result.cached)}")
        from .types import type_names
        print(f"events: {len(result.events)} ("
              + ", ".join(f"{per_type.get(t, 0)} {t}" for t in type_names()) + ")")
        print(f"events with unknown date precision: {sum(e.precision == 'unknown' for e in result.events)}")
        print(_one_line(f"table written to {args.out}"))
    return 0


def cmd_dates(args: argparse.Namespace) -> int:
    from .dates import find_dates

    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
    anchor = Anchor(date=dt.date.fromisoformat(args.anchor), precision="day", source="manifest",
                    text=args.anchor) if args.anchor else Anchor(None, "unknown", "none")
    for mention in find_dates(text, anchor):
        r = mention.resolved
        print(json.dumps({
            "start": mention.start, "end": mention.end, "text": mention.text,
            "date_start": r.date_start.isoformat() if r.date_start else None,
            "date_end": r.date_end.isoformat() if r.date_end else None,
            "precision": r.precision, "method": r.method,
        }, ensure_ascii=False))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import read_gold, report, score, select_documents, summary_line
    from .table import read_table

    table, gold = read_table(args.table), read_gold(args.gold)
    for group in args.group:
        label, _, pattern = group.partition("=")
        print(summary_line(label, score(table, select_documents(gold, pattern))))
    print(report(score(table, gold), verbose=args.verbose))
    return 0


# The dashboard's URL keys → this command's option names.
_CHART_FILTERS = {"type": "type_filter", "status": "status_filter", "actor": "actor_filter",
                  "place": "place_filter", "source": "source_filter", "from": "date_from",
                  "to": "date_to", "q": "query"}


def cmd_chart(args: argparse.Namespace) -> int:
    from . import views as figures
    from .build import build_table

    result = build_table(args.source, progress=_progress_printer(args.quiet), curations=args.curations)
    _print_problems(result.problems)
    params: dict[str, list[str]] = {}
    for key, dest in _CHART_FILTERS.items():
        value = getattr(args, dest)
        if value:
            params[key] = value if isinstance(value, list) else [value]
    filters = figures.Filters.from_query_params(params)
    shown = figures.parse_range(args.range) if args.range else None
    if args.range and shown is None:
        raise ValueError(f"--range {args.range!r}: expected FIRST..LAST, e.g. 2026-01-20..2026-02-06")
    options = figures.ChartOptions(show_hypothetical=args.show_hypothetical, lanes=args.lanes,
                                   source_labels=figures.source_labels(result.documents), shown=shown,
                                   counts=args.counts, per=args.per)
    figures.render_png(result.frame, filters, options, args.png, kind=args.kind)
    print(f"chart written to {args.png}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from . import bench
    return bench.main(args)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds: {text!r}")
    return value


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(_positive_int(part.strip()) for part in text.split(",") if part.strip())


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="build the event table from a folder of texts")
    build.add_argument("source", help="folder of .txt/.md/.html texts (with an optional manifest.csv)")
    build.add_argument("--out", default="events.parquet", help="output table (.parquet or .csv)")
    build.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    build.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                       help="processes for the per-document work (default: every core)")
    build.add_argument("--time-limit", type=_seconds, default=None, metavar="SECONDS",
                       help="CPU seconds each file may take to be read, and each document to be "
                            "processed; past it, what was read is kept and the file is reported "
                            "(default: 20)")
    cache = build.add_mutually_exclusive_group()
    cache.add_argument("--cache", metavar="DIR",
                       help="keep each document's results here between runs, so that a rebuild "
                            "re-processes changed files only (default: .eventline-cache/ beside --out)")
    cache.add_argument("--no-cache", action="store_true", help="process every document, keep nothing")
    build.add_argument("--partition-by", choices=("year", "month"), default=None,
                       help="write --out as a folder of Parquet files partitioned by the events' "
                            "start date (OUT/year=2025/month=07/part-0.parquet), for tables too "
                            "large for one file")
    build.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="where the per-document work and the merge run: this machine's "
                            "processes (local, the default) or a Dask cluster (dask; needs the "
                            "'dask' extra); the table is the same")
    build.add_argument("--scheduler", metavar="ADDRESS",
                       help="with --engine dask: the cluster's scheduler (tcp://host:8786); "
                            "default: a local cluster of --workers processes")
    build.add_argument("--curations", metavar="FILE",
                       help="apply the decisions kept in this file (the dashboard's, beside its table: "
                            "<table>.curations.sqlite); decisions that no longer apply are reported")
    build.set_defaults(func=cmd_build)

    dates = sub.add_parser("dates", help="list the date expressions of a text as JSON lines")
    dates.add_argument("file", help="a text file, or - for standard input")
    dates.add_argument("--anchor", help="the date relative expressions are resolved against (YYYY-MM-DD)")
    dates.set_defaults(func=cmd_dates)

    evaluate = sub.add_parser("evaluate", help="score a table against gold annotations")
    evaluate.add_argument("table")
    evaluate.add_argument("--gold", required=True)
    evaluate.add_argument("--verbose", "-v", action="store_true",
                          help="list misses, spurious events, wrong dates and statuses, with their sentences")
    evaluate.add_argument("--group", action="append", default=[], metavar="LABEL=REGEX",
                          help="also print one line of figures for the documents whose name matches REGEX")
    evaluate.set_defaults(func=cmd_evaluate)

    chart = sub.add_parser("chart", help="render the timeline of a folder to PNG")
    chart.add_argument("source")
    chart.add_argument("--png", required=True)
    for key in ("type", "status", "actor", "place", "source"):
        chart.add_argument(f"--{key}", action="append", dest=_CHART_FILTERS[key],
                           metavar=key.upper(), help=f"keep only this {key} (repeatable)")
    chart.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    chart.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    chart.add_argument("--q", dest="query", help="free-text search over summaries and evidence")
    chart.add_argument("--show-hypothetical", action="store_true")
    chart.add_argument("--lanes", choices=("type", "actor"), default="type")
    chart.add_argument("--kind", choices=("timeline", "counts"), default="timeline",
                       help="the timeline, or the counts over time")
    chart.add_argument("--range", metavar="FIRST..LAST",
                       help="the days shown (default: fitted to where the events are)")
    chart.add_argument("--counts", choices=("events", "launches"), default="events",
                       help="with --kind counts: events by type, or drones and missiles launched")
    chart.add_argument("--per", choices=("day", "week"), default="day")
    chart.add_argument("--curations", metavar="FILE", help="apply the decisions kept in this file")
    chart.add_argument("--quiet", action="store_true")
    chart.set_defaults(func=cmd_chart)

    bench = sub.add_parser("bench", help="measure speed and memory against the naive peer",
                           description="Measure the pipeline against dateparser's search_dates on varied "
                                       "generated text, on CPU time with start-up included; scaling, memory, "
                                       "workers, cache, engines and the dashboard (README 'Performance').")
    from .bench import add_arguments

    add_arguments(bench, _positive_int)
    bench.set_defaults(func=cmd_bench)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError,
            UnicodeDecodeError, ValueError) as error:
        # A researcher's mistake (a wrong path, a table that is not one): say it plainly.
        print(_one_line(f"error: {error}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing was written over the previous table", file=sys.stderr)
        sys.stderr.flush()
        # Leave at once: no interpreter shutdown waiting on a process pool's threads
        # (workers end with their parent, see build._die_with_parent).
        os._exit(130)
