"""The dashboard's folder of texts: where its table and decisions live, whether it
changed, and adding texts to it.

Each folder has its own table, `build/<folder-slug>-<hash of its absolute path>.parquet`,
and its own decisions beside it, so that two dashboards on two folders never share
either. Texts added from the browser are written into the folder atomically (a hidden
temporary file renamed into place, which the pipeline never reads half-written), under
a safe file name, with a row in the folder's manifest.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..ingest import HTML_SUFFIXES, MANIFEST_COLUMNS, MANIFEST_NAME, TEXT_SUFFIXES
from ..settings import SETTINGS

UPLOAD_SUFFIXES = tuple(sorted(TEXT_SUFFIXES | HTML_SUFFIXES))


def folder_slug(folder: str | Path) -> str:
    """'seeds', 'my-texts' — the folder's name in lower-case letters, digits and dashes."""
    name = unicodedata.normalize("NFKD", Path(folder).resolve().name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "folder"


def table_path_for(folder: str | Path, base: str | Path = "build") -> Path:
    """The table a folder's dashboard writes: build/<slug>-<8 hex of sha256(absolute path)>.parquet."""
    absolute = str(Path(folder).resolve())
    digest = hashlib.sha256(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return Path(base) / f"{folder_slug(folder)}-{digest}.parquet"


def scan(path: str | Path) -> tuple[tuple[str, int, int], ...]:
    """(relative name, size, modification time in ns) of each file the pipeline reads
    (hidden ones left out, as ingest leaves them out), sorted by name."""
    root = str(path)
    if os.path.isfile(root):
        status = os.stat(root)
        return ((os.path.basename(root), status.st_size, status.st_mtime_ns),)
    found = []
    pending = [("", root)] if os.path.isdir(root) else []
    while pending:
        prefix, directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue  # removed or unreadable while we looked
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    pending.append((prefix + entry.name + os.sep, entry.path))
                    continue
                status = entry.stat()
            except OSError:
                continue
            found.append((prefix + entry.name, status.st_size, status.st_mtime_ns))
    return tuple(sorted(found))


def stat_signature(path: str | Path) -> str:
    """A digest of the names, sizes and modification times of the files the pipeline
    reads: cheap to take, compare and hash on every rerun, whatever the folder's size."""
    digest = hashlib.sha1()
    for name, size, modified in scan(path):
        digest.update(f"{name}\0{size}\0{modified}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def newer_files(folder: str | Path, than: str | Path) -> list[str]:
    """Files of the folder changed after the file `than` (a table) was written."""
    try:
        written = Path(than).stat().st_mtime_ns
    except OSError:
        return []
    return [name for name, _, modified in scan(folder) if modified > written]


# --------------------------------------------------------------------------- adding texts


class UploadRefused(ValueError):
    """A text that cannot be added; the message says why, in words for the reader."""


@dataclass(frozen=True)
class Added:
    name: str  # the file name in the folder
    size: int


def safe_file_name(name: str, suffix: str | None = None) -> str:
    """A plain file name for the folder: letters, digits, dots, dashes and underscores,
    no folder part, no leading dot, a known suffix."""
    base = Path(str(name).replace("\\", "/")).name
    stem, dot, given = base.rpartition(".")
    if not dot:
        stem, given = base, ""
    suffix = (suffix or f".{given}").lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadRefused(f"only {', '.join(UPLOAD_SUFFIXES)} files can be added, not '{suffix or 'no extension'}'")
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_.")[:80] or "text"
    return stem + suffix


def _free_name(folder: Path, name: str) -> str:
    stem, suffix = name.rsplit(".", 1)
    candidate, number = name, 2
    while (folder / candidate).exists():
        candidate = f"{stem}-{number}.{suffix}"
        number += 1
    return candidate


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"  # hidden: never read as a text
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _manifest_row(folder: Path, row: dict[str, str]) -> None:
    """Add a row to the folder's manifest.csv (made with its header when missing), by
    writing the whole file anew and renaming it into place."""
    manifest = folder / MANIFEST_NAME
    old = manifest.read_bytes() if manifest.exists() else b""
    text = old.decode("utf-8-sig", errors="replace") if old else ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not text.strip():
        writer.writerow(MANIFEST_COLUMNS)
    elif not text.endswith("\n"):
        buffer.write("\n")
    header = next(csv.reader(io.StringIO(text)), list(MANIFEST_COLUMNS)) if text.strip() else list(MANIFEST_COLUMNS)
    header = [column.strip().lower() for column in header]
    writer.writerow([row.get(column, "") for column in header])
    _write_atomically(manifest, (text + buffer.getvalue()).encode("utf-8"))


def _metadata(title: str, source: str, url: str, published: str) -> dict[str, str]:
    published = published.strip()
    if published:
        try:
            dt.date.fromisoformat(published[:10])
        except ValueError:
            raise UploadRefused(f"the date '{published}' is not a date (YYYY-MM-DD)") from None
    clean = {key: " ".join(str(value).split()) for key, value in
             (("title", title), ("source", source), ("url", url), ("published", published))}
    if clean["url"] and not re.match(r"^https?://", clean["url"], flags=re.IGNORECASE):
        raise UploadRefused("a URL must begin with http:// or https://")
    return clean


def add_text_file(folder: str | Path, name: str, data: bytes, *, title: str = "", source: str = "",
                  url: str = "", published: str = "") -> Added:
    """Write an uploaded file into the folder, with a manifest row when metadata is given."""
    folder = Path(folder)
    if len(data) > SETTINGS.max_file_bytes:
        raise UploadRefused(f"{len(data):,} bytes is over the limit of {SETTINGS.max_file_bytes:,} bytes a file")
    if not data.strip():
        raise UploadRefused("the file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadRefused("the file is not text")
    metadata = _metadata(title, source, url, published)
    target = _free_name(folder, safe_file_name(name))
    _write_atomically(folder / target, data)
    if any(metadata.values()):
        _manifest_row(folder, {"file": target, **metadata})
    return Added(target, len(data))


def add_pasted_text(folder: str | Path, text: str, *, title: str, source: str = "", url: str = "",
                    published: str = "") -> Added:
    """Write a pasted text into the folder as a .txt named after its title, with a manifest row."""
    if not text.strip():
        raise UploadRefused("the text is empty")
    if len(text) > SETTINGS.max_paste_chars:
        raise UploadRefused(f"the text is over the limit of {SETTINGS.max_paste_chars:,} characters")
    if not title.strip():
        raise UploadRefused("a pasted text needs a title")
    folder = Path(folder)
    metadata = _metadata(title, source, url, published)
    target = _free_name(folder, safe_file_name(title, ".txt"))
    _write_atomically(folder / target, text.replace("\r\n", "\n").encode("utf-8"))
    _manifest_row(folder, {"file": target, **metadata})
    return Added(target, len(text.encode("utf-8")))
