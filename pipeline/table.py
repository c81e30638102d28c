"""The event table: Events → a pandas DataFrame with a fixed schema → Parquet or CSV.

The schema is documented in README.md ("The event table"). Lists stay lists in Parquet;
in CSV they are joined with "; " and `evidence` is a JSON array.
"""
from __future__ import annotations

import glob
import json
import os
import secrets
import stat
import time
from dataclasses import fields
from pathlib import Path

import pandas as pd

from .model import Event, Evidence

LIST_COLUMNS = ("actors", "places", "place_kinds", "targets", "figures", "sources", "notes", "curation")
INT_COLUMNS = ("drones", "missiles", "ballistic", "cruise", "killed", "injured", "prisoners", "n_sources")
DATE_COLUMNS = ("date_start", "date_end")
COLUMNS = (
    "event_id", "type", "status", "date_start", "date_end", "precision", "date_text",
    "date_method", "actors", "places", "place_kinds", "country", "admin1", "latitude", "longitude",
    "drones", "missiles", "ballistic", "cruise", "killed", "injured", "prisoners", "targets",
    "figures", "summary", "sources", "n_sources", "notes", "evidence", "curation",
)
CSV_LIST_SEPARATOR = "; "


def events_to_frame(events: list[Event]) -> pd.DataFrame:
    """One row per event, columns in COLUMNS order, stable row order (date, type, id)."""
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
    # Object columns, as rows of dicts gave (lists stay lists even when there is no row);
    # `_typed` gives the others their dtypes.
    return _typed(pd.DataFrame(columns, columns=list(COLUMNS), dtype=object))


_FIGURE_COLUMNS = ("drones", "missiles", "ballistic", "cruise", "killed", "injured", "prisoners")


def _evidence_record(evidence: Evidence) -> dict:
    # Evidence holds only plain values: a dict of its fields is what asdict gives,
    # without asdict's deep copy of each value (most of the table's cost otherwise).
    return {name: getattr(evidence, name) for name in _EVIDENCE_FIELDS}


_EVIDENCE_FIELDS = tuple(f.name for f in fields(Evidence))


def normalise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Give every column its dtype, whatever the frame was read from; a column the frame
    lacks (a table written before the column existed) is added empty."""
    frame = frame.copy()
    for column in COLUMNS:
        if column not in frame:
            frame[column] = [[] for _ in range(len(frame))] if column in LIST_COLUMNS else None
    for column in LIST_COLUMNS:
        frame[column] = frame[column].map(_as_list)
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
                   "country", "admin1", "summary"):
        frame[column] = frame[column].astype(object).fillna("").astype(str)
    frame = frame.sort_values(["date_start", "type", "event_id"], na_position="last",
                              kind="stable").reset_index(drop=True)
    return frame


def _as_list(value) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return [str(v) for v in value]


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
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = out.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise ValueError(f"{out}: the table is written as .parquet or .csv, not {suffix or 'no extension'}")
    tmp_name = _new_temporary_file(out)
    try:
        if out.exists():
            os.chmod(tmp_name, stat.S_IMODE(out.stat().st_mode))
        if suffix == ".parquet":
            frame.to_parquet(tmp_name, index=False)
        else:
            to_csv_frame(frame).to_csv(tmp_name, index=False)
        with open(tmp_name, "rb") as written:
            os.fsync(written.fileno())  # the bytes are on disk before the name points at them
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _sync_folder(out.parent)
    _sweep_stale_temporaries(out)
    return out


# A temporary file lives for the seconds a table takes to write; one this old was left by
# a build that was killed while writing.
STALE_TEMPORARY_SECONDS = 3600


def _sweep_stale_temporaries(out: Path) -> None:
    """Remove the temporary files that killed builds left beside `out` (never a recent
    one: another build may be writing it now)."""
    now = time.time()
    for leftover in out.parent.glob(f".{glob.escape(out.name)}.*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                leftover.unlink()
        except OSError:
            pass  # gone already, or not ours to remove


def _new_temporary_file(out: Path) -> str:
    """An empty file beside `out`, created with the umask's permissions (not mkstemp's 0600)."""
    while True:
        name = str(out.parent / f".{out.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return name
        except FileExistsError:
            continue


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every system can open a folder for this."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def to_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The flat form of the table used for CSV: lists joined, evidence as JSON."""
    flat = frame.copy()
    for column in LIST_COLUMNS:
        if column in flat:
            flat[column] = flat[column].map(lambda v: CSV_LIST_SEPARATOR.join(v))
    if "evidence" in flat:
        flat["evidence"] = flat["evidence"].map(lambda v: json.dumps(list(v), ensure_ascii=False))
    for column in DATE_COLUMNS:
        if column in flat:
            flat[column] = flat[column].dt.strftime("%Y-%m-%d")
    return flat


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        frame = pd.read_parquet(path)
    elif path.suffix.lower() == ".csv":
        frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    else:
        raise ValueError(f"{path}: not a .parquet or .csv table")
    missing = [c for c in _REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: not an event table (missing columns: {', '.join(missing)})")
    return normalise_frame(frame[[c for c in COLUMNS if c in frame.columns]])[list(COLUMNS)]


# Columns every table has had; later ones are added empty when a table lacks them.
_REQUIRED_COLUMNS = ("event_id", "type", "status", "date_start", "date_end", "precision", "actors",
                     "places", "summary", "sources", "evidence")
