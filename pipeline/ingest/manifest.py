"""manifest.csv (file,title,source,url,published) → each file's SourceMeta.

Its problems are reported, never fatal: a manifest that is not CSV leaves the files
without metadata; a row naming a path outside the folder is refused (the pipeline only
ever opens files it found inside the folder); a row with a cell longer than
`SETTINGS.manifest_max_cell_chars` is ignored; rows past `SETTINGS.manifest_max_rows`
are ignored. Problems of one kind past `SETTINGS.problems_per_kind` make one line.
`published` is kept as written: the build checks it (see `build.published_problems`).
"""
from __future__ import annotations

import csv
import io
import posixpath
import re

from ..model import Problem, SourceMeta
from ..settings import SETTINGS, Settings
from .decode import UnreadableFile, decode_bytes, normalise_newlines
from .files import one_line
from .problems import ProblemTally

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "title", "source", "url", "published")


def safe_relative_name(name: str) -> str | None:
    """The manifest's file name as a folder-relative "/" path, None if it leaves the folder."""
    candidate = name.strip().replace("\\", "/")
    if not candidate or candidate.startswith("/") or re.match(r"^[A-Za-z]:", candidate):
        return None
    normal = posixpath.normpath(candidate)
    if normal == ".." or normal.startswith("../") or normal == ".":
        return None
    return normal


def _csv_rows(text: str, max_rows: int) -> tuple[list[list[str]], int | None]:
    """The rows of a CSV text (max_rows at most), and the line where a quote opens that
    is never closed.

    The lenient reader would run such a quote to the end of the file, making one field
    of every row after it; those rows are dropped and the line is reported instead.
    Other slips (`a.txt,"Quoted" title`) are read leniently, as a person typed them.
    """
    strict = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    while len(rows) < max_rows:
        row_line = strict.line_num + 1
        try:
            rows.append(next(strict))
        except StopIteration:
            break
        except csv.Error as error:
            if str(error) == "unexpected end of data":  # the end came inside a quoted field
                return rows, row_line
            lenient = csv.reader(io.StringIO(text, newline=""))
            return [row for row, _ in zip(lenient, range(max_rows))], None
    return rows, None


def read_manifest(raw: bytes, settings: Settings = SETTINGS) -> tuple[dict[str, SourceMeta], list[Problem]]:
    """Source metadata by file name from manifest.csv bytes, and the manifest's problems."""
    try:
        text, decoding_note = decode_bytes(raw)
    except UnreadableFile as skip:
        return {}, [Problem(MANIFEST_NAME, f"not a CSV file ({skip}); files read without metadata")]
    problems = [Problem(MANIFEST_NAME, decoding_note, "warning")] if decoding_note else []
    # A field may be as long as the file (it is checked against the cell limit below);
    # the csv module's own limit (128 KB) would drop the whole manifest for one long cell.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        # the header, the rows allowed, and one more to tell that there were more
        rows, unclosed = _csv_rows(normalise_newlines(text), settings.manifest_max_rows + 2)
    except csv.Error as error:
        return {}, [*problems, Problem(MANIFEST_NAME, f"not valid CSV ({one_line(str(error))}); "
                                                      "files read without metadata")]
    if unclosed is not None:
        problems.append(Problem(
            MANIFEST_NAME, f"a quote opened on line {unclosed} is never closed; "
            f"the rows from line {unclosed} on are ignored", "warning"))
    if not rows:
        return {}, [*problems, Problem(MANIFEST_NAME, "empty manifest", "warning")]
    header = [column.strip().lower() for column in rows[0]]
    if "file" not in header:
        return {}, [*problems, Problem(
            MANIFEST_NAME,
            f"no 'file' column (expected columns {','.join(MANIFEST_COLUMNS)}); "
            "files read without metadata",
        )]
    unknown = [one_line(_shortened(column)) for column in header if column not in MANIFEST_COLUMNS]
    if unknown:
        problems.append(Problem(MANIFEST_NAME, f"unknown columns ignored: {', '.join(unknown)}", "warning"))
    metas, row_problems = _read_rows(header, rows, settings)
    return metas, [*problems, *row_problems]


def _shortened(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[:most - 1] + "…"


def _read_rows(header: list[str], rows: list[list[str]],
               settings: Settings) -> tuple[dict[str, SourceMeta], list[Problem]]:
    tally = ProblemTally(settings.problems_per_kind, MANIFEST_NAME)
    metas: dict[str, SourceMeta] = {}
    duplicates: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        if line > settings.manifest_max_rows + 1:
            tally.add("rows past the limit", Problem(
                MANIFEST_NAME, f"more than {settings.manifest_max_rows:,} rows; the rows from row "
                f"{line} on are ignored", "warning"))
            break
        if not any(cell.strip() for cell in row):
            continue
        longest = max(len(cell) for cell in row)
        if longest > settings.manifest_max_cell_chars:
            tally.add("rows with a cell over the length limit", Problem(
                MANIFEST_NAME, f"row {line} has a cell of {longest:,} characters, over the limit of "
                f"{settings.manifest_max_cell_chars:,}; ignored", "warning"))
            continue
        values = {column: cell.strip() for column, cell in zip(header, row)}
        written = values.get("file", "")
        if not written:
            tally.add("rows without a file name", Problem(
                MANIFEST_NAME, f"row {line} has no file name; ignored", "warning"))
            continue
        name = safe_relative_name(written)
        if name is None:
            tally.add("rows naming a path outside the folder", Problem(
                one_line(_shortened(written, 200)), f"{MANIFEST_NAME} row {line} names a path outside the folder; "
                "refused, not opened"))
            continue
        if name in metas:
            if name not in duplicates:
                duplicates.add(name)
                tally.add("files listed more than once", Problem(
                    one_line(name), f"listed more than once in {MANIFEST_NAME}; the first row is kept",
                    "warning"))
            continue
        metas[name] = SourceMeta(
            file=name,
            **{column: values.get(column, "") for column in MANIFEST_COLUMNS[1:]},
        )
    return metas, tally.problems()
