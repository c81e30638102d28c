"""The event table: Events → a pandas DataFrame with a fixed schema → Parquet or CSV.

The schema is documented in README.md ("The event table"). Lists stay lists in Parquet;
in CSV they are joined with "; " and `evidence` is a JSON array. CSV is written safe to
open in a spreadsheet (`safe_csv_frame`: no cell is read as a formula) and as UTF-8 with
a byte-order mark, so that Excel shows ’ and – as they are; `read_table` reads it back
as written, and reads CSV without the mark too.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path

from . import atomic
from .model import Event, Evidence


class _Pandas:
    """pandas, imported on first use: a build from the command line writes its Parquet
    table with pyarrow alone (`write_events`), and importing pandas would be a third of
    its start-up."""

    def __getattr__(self, name: str):
        import pandas

        return getattr(pandas, name)


pd = _Pandas()

LIST_COLUMNS = ("actors", "places", "place_kinds", "targets", "figures", "sources", "notes", "curation")
INT_COLUMNS = ("drones", "missiles", "ballistic", "cruise", "killed", "injured", "prisoners", "n_sources")
DATE_COLUMNS = ("date_start", "date_end")
COLUMNS = (
    "event_id", "type", "status", "date_start", "date_end", "precision", "date_text",
    "date_method", "actors", "attacker", "attacked", "places", "place_kinds", "country", "admin1",
    "latitude", "longitude",
    "drones", "missiles", "ballistic", "cruise", "killed", "injured", "prisoners", "targets",
    "figures", "summary", "sources", "n_sources", "notes", "evidence", "curation",
)
CSV_LIST_SEPARATOR = "; "
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark: how Excel knows the file is UTF-8


def events_to_frame(events: list[Event]) -> pd.DataFrame:
    """One row per event, columns in COLUMNS order, stable row order (date, type, id)."""
    # Object columns, as rows of dicts gave (lists stay lists even when there is no row);
    # `_typed` gives the others their dtypes.
    return _typed(pd.DataFrame(_columns(events), columns=list(COLUMNS), dtype=object))


def _columns(events: list[Event]) -> dict[str, list]:
    """The table's values column by column, in the events' order."""
    # Column by column, lists and evidence already in the form `normalise_frame` gives
    # them: a dict per row, then every list and evidence record copied again by
    # `normalise_frame`, were most of this stage's time.
    firsts = [event.places[0] if event.places else None for event in events]
    columns = {
        "event_id": [event.event_id for event in events],
        "type": [event.type for event in events],
        "status": [event.status for event in events],
        "date_start": [event.date_start for event in events],
        "date_end": [event.date_end for event in events],
        "precision": [event.precision for event in events],
        "date_text": [event.date_text for event in events],
        "date_method": [event.date_method for event in events],
        "actors": [list(event.actors) for event in events],
        # a strike's sides by role, "" where the texts name none (a sided type's alone)
        "attacker": [event.roles[0] if len(event.roles) == 2 else "" for event in events],
        "attacked": [event.roles[1] if len(event.roles) == 2 else "" for event in events],
        "places": [[p.name for p in event.places] for event in events],
        "place_kinds": [[p.kind for p in event.places] for event in events],
        "country": [first.country if first else "" for first in firsts],
        "admin1": [first.admin1 if first else "" for first in firsts],
        "latitude": [first.latitude if first else None for first in firsts],
        "longitude": [first.longitude if first else None for first in firsts],
        **{name: [getattr(event, name) for event in events] for name in _FIGURE_COLUMNS},
        "targets": [list(event.targets) for event in events],
        "figures": [list(event.figures) for event in events],
        "summary": [event.summary for event in events],
        "sources": [list(event.sources) for event in events],
        "n_sources": [event.n_sources for event in events],
        "notes": [list(event.notes) for event in events],
        "evidence": [[_evidence_record(m.evidence) for m in event.mentions] for event in events],
        # What a person changed by hand (pipeline.curate sets it on the events it changes).
        "curation": [list(getattr(event, "curation", ())) for event in events],
    }
    return columns


def _row_order(event: Event) -> tuple:
    # the table's row order, as `_typed` sorts: date, type, id; undated events last
    return (event.date_start is None, event.date_start or dt.date.min, event.type, event.event_id)


def _arrow_schema():
    import pyarrow as pa

    text, words = pa.large_string(), pa.list_(pa.string())
    evidence = pa.list_(pa.struct([(name, pa.int64() if name in ("start", "end", "date_start_offset",
                                                                  "date_end_offset") else pa.string())
                                   for name in _EVIDENCE_FIELDS]))
    types = {**{c: words for c in LIST_COLUMNS}, **{c: pa.int64() for c in INT_COLUMNS},
             **{c: pa.timestamp("ns") for c in DATE_COLUMNS}, "latitude": pa.float64(),
             "longitude": pa.float64(), "evidence": evidence}
    return pa.schema([(c, types.get(c, text)) for c in COLUMNS])


def events_to_arrow(events: list[Event]):
    """The table as a pyarrow Table, rows in the table's order, with the values
    `events_to_frame` gives (`read_table` reads either back the same). Built by pyarrow's
    JSON reader against the table's schema: pyarrow's other builders import pandas."""
    return _arrow_rows(sorted(events, key=_row_order))


def _arrow_rows(events: list[Event]):
    import pyarrow.json as arrow_json

    columns = _columns(events)
    for column in DATE_COLUMNS:
        columns[column] = [d.isoformat() if d is not None else None for d in columns[column]]
    names = list(COLUMNS)
    lines = [json.dumps(dict(zip(names, row)), ensure_ascii=False).encode("utf-8")
             for row in zip(*(columns[c] for c in names))]
    data = b"\n".join(lines) + b"\n"
    # a row must fit one block of the reader
    block = max(1 << 20, 2 * max((len(line) for line in lines), default=0))
    return arrow_json.read_json(io.BytesIO(data), read_options=arrow_json.ReadOptions(block_size=block),
                                parse_options=arrow_json.ParseOptions(explicit_schema=_arrow_schema()))


ARROW_BATCH = 5_000  # events turned into Arrow and written at a time: the text of a batch is held, not the table's


def write_events(events: list[Event], out: str | os.PathLike) -> Path:
    """The table of these events written atomically, as `write_table` writes a frame:
    Parquet with pyarrow alone, a batch of events at a time; CSV through the frame."""
    if Path(out).suffix.lower() != ".parquet":
        return write_table(events_to_frame(events), out)
    import pyarrow.parquet as parquet

    def write(name: str) -> None:
        ordered = sorted(events, key=_row_order)
        with parquet.ParquetWriter(name, _arrow_schema()) as writer:
            for start in range(0, len(ordered), ARROW_BATCH):
                writer.write_table(_arrow_rows(ordered[start:start + ARROW_BATCH]))

    return atomic.written(out, write)


_FIGURE_COLUMNS = ("drones", "missiles", "ballistic", "cruise", "killed", "injured", "prisoners")


def _evidence_record(evidence: Evidence) -> dict:
    # Evidence holds only plain values: a dict of its fields is what asdict gives,
    # without asdict's deep copy of each value (most of the table's cost otherwise).
    return {name: getattr(evidence, name) for name in _EVIDENCE_FIELDS}


_EVIDENCE_FIELDS = tuple(f.name for f in fields(Evidence))


def normalise_frame(frame: pd.DataFrame, ready: Iterable[str] = ()) -> pd.DataFrame:
    """Give every column its dtype, whatever the frame was read from; a column the frame
    lacks (a table written before the column existed) is added empty. The list columns
    named in `ready` already hold lists of str (evidence: lists of dicts) and are kept."""
    frame = frame.copy()
    for column in COLUMNS:
        if column not in frame:
            frame[column] = [[] for _ in range(len(frame))] if column in LIST_COLUMNS else None
    for column in LIST_COLUMNS:
        if column not in ready:
            frame[column] = frame[column].map(_as_list)
    if "evidence" not in ready:
        frame["evidence"] = frame["evidence"].map(_as_evidence)
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Gives `frame`'s columns (in place) the dtypes of the table, and returns it in the
    table's row order; its lists and evidence are already lists of str and of dicts."""
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ns]")
    for column in INT_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    for column in ("latitude", "longitude"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in ("event_id", "type", "status", "precision", "date_text", "date_method",
                   "attacker", "attacked", "country", "admin1", "summary"):
        frame[column] = frame[column].astype(object).fillna("").astype(str)
    frame = frame.sort_values(["date_start", "type", "event_id"], na_position="last",
                              kind="stable").reset_index(drop=True)
    return frame


def _as_list(value) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return [str(v) for v in value if v is not None]


def _as_evidence(value) -> list[dict]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        return json.loads(value) if value.strip() else []
    return [dict(item) for item in value]


def write_table(frame: pd.DataFrame, out: str | os.PathLike) -> Path:
    """Write atomically: a temporary file in the same folder, flushed to disk, renamed
    over `out`.

    An interrupted build therefore leaves the previous table as it was. The new table
    keeps the previous one's permissions (a dashboard run by another user can still read
    it); a first table gets the usual ones (0666 less the umask), not a temporary file's
    owner-only 0600.
    """
    if Path(out).suffix.lower() == ".parquet":
        return atomic.written(out, lambda name: frame.to_parquet(name, index=False))
    return atomic.written(out, lambda name: safe_csv_frame(frame).to_csv(name, index=False, encoding=CSV_ENCODING))


def _flat_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The flat form of the table used for CSV: lists joined, evidence as JSON."""
    flat = frame.copy()
    for column in LIST_COLUMNS:
        if column in flat:
            flat[column] = flat[column].map(lambda v: CSV_LIST_SEPARATOR.join(v))
    if "evidence" in flat:
        flat["evidence"] = flat["evidence"].map(lambda v: json.dumps(list(v), ensure_ascii=False))
    for column in DATE_COLUMNS:
        if column in flat:
            # (a corrected table may hold dates as objects: read them as dates first)
            flat[column] = pd.to_datetime(flat[column], errors="coerce").dt.strftime("%Y-%m-%d")
    return flat


# A spreadsheet reads a cell beginning with one of these as a formula (OWASP, "CSV
# Injection"); a leading quote makes it text. A plain number ("-5", "+3.5") is a number,
# not a formula, and stays as it is.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _needs_quote(cell: str) -> bool:
    """Whether `cell` is written with a leading quote: it begins (after any quotes of its
    own) as a formula does. Quotes already leading such a cell get one more, so that
    reading removes exactly the one added."""
    rest = cell.lstrip("'")
    return rest.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(rest)


def neutralise_cell(value):
    """A text cell made safe to open in a spreadsheet: `'` before a formula's first
    character; anything else (numbers, missing values) as it is."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def _restore_cell(value):
    """The inverse of `neutralise_cell`."""
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value[1:]):
        return value[1:]
    return value


def safe_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The table (or any of its columns) as written to CSV, and as a download should
    write it: lists joined, evidence as JSON, dates as YYYY-MM-DD, and every text cell
    that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return)
    made text with a leading `'`. Numeric and date columns are left as they are.
    Write it with `encoding=CSV_ENCODING`."""
    return neutralised_frame(_flat_frame(frame))


def neutralised_frame(flat: pd.DataFrame) -> pd.DataFrame:
    """A flat frame (no list cells) with every text cell a spreadsheet would run as a
    formula made text; numeric and date columns left as they are."""
    flat = flat.copy()
    for column in flat.columns:
        if column not in DATE_COLUMNS and not pd.api.types.is_numeric_dtype(flat[column]):
            flat[column] = flat[column].map(neutralise_cell)
    return flat


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    path = Path(path)
    ready: tuple[str, ...] = ()
    if path.suffix.lower() == ".parquet":
        frame, ready = _read_parquet(path)
    elif path.suffix.lower() == ".csv":
        # utf-8-sig drops the byte-order mark if there is one
        frame = pd.read_csv(path, keep_default_na=False, na_values=[""], encoding=CSV_ENCODING)
        for column in frame.columns:
            if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
                frame[column] = frame[column].map(_restore_cell)
    else:
        raise ValueError(f"{path}: not a .parquet or .csv table")
    missing = [c for c in _REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: not an event table (missing columns: {', '.join(missing)})")
    return normalise_frame(frame[[c for c in COLUMNS if c in frame.columns]], ready)[list(COLUMNS)]


def _read_parquet(path: Path) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The Parquet table as a frame, and which of its list columns already hold what
    `normalise_frame` would make of them. pyarrow makes a column's Python lists in one
    pass (`to_pylist`); a frame's NumPy arrays of strings, turned into lists one cell at a
    time, took most of the time reading a table (0.9 of 1.4 s at 50,000 events)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as parquet

    table = parquet.read_table(path)
    nested = [c for c in (*LIST_COLUMNS, "evidence") if c in table.column_names]
    frame = table.drop_columns(nested).to_pandas()
    ready = []
    for column in nested:
        values = table.column(column)
        if pa.types.is_list(values.type) or pa.types.is_large_list(values.type):
            values = pc.fill_null(values, pa.scalar([], type=values.type))  # a missing list is an empty one
            # a list with a missing string in it is left for _as_list to mend
            if column == "evidence" or pc.list_flatten(values).null_count == 0:
                ready.append(column)
        frame[column] = pd.Series(values.to_pylist(), index=frame.index, dtype=object)
    return frame, tuple(ready)


# Columns every table has had; later ones are added empty when a table lacks them.
_REQUIRED_COLUMNS = ("event_id", "type", "status", "date_start", "date_end", "precision", "actors",
                     "places", "summary", "sources", "evidence")


# --------------------------------------------------------------------------------------
# A table too large for one file: a date-partitioned Parquet dataset
# --------------------------------------------------------------------------------------

PARTITION_LEVELS = {"year": ("year",), "month": ("year", "month")}
UNDATED_PARTITION = "unknown"  # the year (and month) folder of the events with no date


def write_partitioned_table(frame: pd.DataFrame, out_dir: str | os.PathLike,
                            by: str = "month") -> Path:
    """Write the table as a Hive-partitioned Parquet dataset:
    `out_dir/year=2025/month=07/part-0.parquet` (by="month") or `out_dir/year=2025/…`
    (by="year"), partitioned on `date_start`; undated events go to `year=unknown`
    (and `month=unknown`). Each file holds its rows in the table's order, with the
    table's columns; `year` and `month` are in the folder names only. Read it back with
    `pandas.read_parquet(out_dir)` or DuckDB's
    `read_parquet('out_dir/**/*.parquet', hive_partitioning=true)`.

    The dataset is written to a temporary folder beside `out_dir`, then put in its place:
    an interrupted build leaves the previous dataset whole. An existing `out_dir` is
    replaced only if it is a dataset of this kind (or empty), never another folder.
    """
    import shutil

    import pyarrow as pa
    import pyarrow.dataset as ds

    if by not in PARTITION_LEVELS:
        raise ValueError(f"partition by {by!r}: expected one of {', '.join(PARTITION_LEVELS)}")
    out = Path(out_dir)
    if out.exists() and not _is_partitioned_table(out):
        raise ValueError(f"{out}: exists and is not a partitioned event table; not replaced")
    out.parent.mkdir(parents=True, exist_ok=True)
    levels = PARTITION_LEVELS[by]
    dates = frame["date_start"]
    keys = {"year": dates.dt.strftime("%Y"), "month": dates.dt.strftime("%m")}
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for level in levels:
        table = table.append_column(level, pa.array(keys[level].fillna(UNDATED_PARTITION).tolist(), pa.string()))
    partitioning = ds.partitioning(pa.schema([(level, pa.string()) for level in levels]), flavor="hive")
    staging = Path(atomic.new_temporary_name(out))
    try:
        ds.write_dataset(table, staging, format="parquet", partitioning=partitioning,
                         basename_template="part-{i}.parquet", preserve_order=True,
                         use_threads=False, existing_data_behavior="error")
        previous = None
        if out.exists():
            previous = Path(atomic.new_temporary_name(out))
            os.replace(out, previous)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
    atomic.sync_folder(out.parent)
    return out


def _is_partitioned_table(folder: Path) -> bool:
    """An empty folder, or one holding only `year=…` folders (hidden files aside)."""
    if not folder.is_dir():
        return False
    return all(entry.name.startswith(".") or (entry.is_dir() and entry.name.startswith("year="))
               for entry in folder.iterdir())
