"""A cache of each document's event mentions, so that a rebuild re-reads only what changed.

The per-document work (anchors, dates, event extraction) depends on the document alone,
so its result can be kept under a key made of the document — its name, its metadata and
its text — within a version made of the pipeline itself: a hash of the source files that
work runs (found by following the imports of anchors and events), every data file, and
the versions of Python and dateparser. Editing a rule, a lexicon or a gazetteer therefore
invalidates every entry; editing one text invalidates that text's entry only; editing the
dashboard or the merge invalidates nothing. Merging is global and always re-run.

Entries live in one SQLite file, `mentions.sqlite`, in the cache folder: by default
`.eventline-cache/` beside the output table (git-ignored), or `user_cache_dir()` for a
build that writes no table. SQLite keeps concurrent builds (the command line and the
dashboard) from corrupting it. Values are pickled EventMention lists: the cache is local
working data of the person who builds, like `__pycache__`; do not use a cache folder
received from someone else. Delete the folder to empty it; entries written by another
pipeline version are dropped when it is opened.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
import sqlite3
import sys
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from .model import Document, EventMention

CACHE_DIR_NAME = ".eventline-cache"
DATABASE_NAME = "mentions.sqlite"
PACKAGE_DIR = Path(__file__).resolve().parent
# The same Python object graph pickles to the same bytes: protocol fixed, not "highest".
_PICKLE_PROTOCOL = 5


def default_cache_dir(out: str | Path) -> Path:
    """The cache folder for a table written to `out`: `.eventline-cache/` beside it."""
    return Path(out).resolve().parent / CACHE_DIR_NAME


def user_cache_dir() -> Path:
    """The cache folder of a build that writes no table (the dashboard's): the user's
    cache directory ($XDG_CACHE_HOME, else ~/.cache), subfolder `eventline`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventline"


# What the per-document work (build.document_mentions) runs: these modules and every
# file under these stage packages, code and data alike. The later stages (merge, table,
# views) and the command line are not among them: editing those keeps the cache.
WORK_MODULES = ("model.py", "settings.py", "build.py")
WORK_PACKAGES = ("lang", "text", "dates", "anchors", "gazetteer", "annotate", "events")


def work_files(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Every source and data file the per-document work depends on."""
    files = [package_dir / name for name in WORK_MODULES if (package_dir / name).is_file()]
    for name in WORK_PACKAGES:
        folder = package_dir / name
        if folder.is_dir():
            files.extend(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return sorted(files)


def source_version(package_dir: Path = PACKAGE_DIR) -> str:
    """A hash of what the per-document work depends on besides the document itself:
    its files (`work_files`) and the versions of Python and dateparser."""
    digest = hashlib.sha256()
    for path in work_files(package_dir):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(sys.version.encode())
    try:
        digest.update(importlib.metadata.version("dateparser").encode())
    except importlib.metadata.PackageNotFoundError:
        pass
    return digest.hexdigest()[:32]


@functools.cache
def pipeline_version() -> str:
    """The installed pipeline's version key, computed once per process."""
    return source_version(PACKAGE_DIR)


def document_key(document: Document) -> str:
    """What a document's mentions depend on: its name (evidence names it), its metadata
    (the manifest's `published` sets its anchor, the source its speaker) and its text."""
    digest = hashlib.sha256()
    meta = document.meta
    for part in (document.name, meta.file, meta.title, meta.source, meta.url, meta.published):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def encode_mentions(mentions: list[EventMention]) -> bytes:
    return zlib.compress(pickle.dumps(mentions, protocol=_PICKLE_PROTOCOL), 1)


def decode_mentions(blob: bytes) -> list[EventMention]:
    return pickle.loads(zlib.decompress(blob))


class MentionCache:
    """Document key → the document's event mentions, for one pipeline version.

    Use as a context manager; `get_many` and `put_many` work in batches, since a folder
    is looked up and stored in one go.
    """

    def __init__(self, directory: str | Path, version: str | None = None) -> None:
        self.directory = Path(directory)
        self.version = version or pipeline_version()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / DATABASE_NAME
        self._connection = sqlite3.connect(self.path, timeout=30)
        with self._connection:
            self._connection.execute(
                "CREATE TABLE IF NOT EXISTS mentions ("
                " key TEXT PRIMARY KEY, version TEXT NOT NULL, value BLOB NOT NULL)")
            # A rule change makes every older entry useless: drop them rather than let
            # the file grow with each edit of the pipeline.
            self._connection.execute("DELETE FROM mentions WHERE version != ?", (self.version,))

    def __enter__(self) -> MentionCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._connection.close()

    def get_many(self, keys: Iterable[str]) -> dict[str, list[EventMention]]:
        """The cached mentions of those keys that have an entry; unreadable entries are misses."""
        found: dict[str, list[EventMention]] = {}
        keys = list(dict.fromkeys(keys))
        batch = 500  # SQLite's limit on parameters in one statement is 999 or more
        for i in range(0, len(keys), batch):
            chunk = keys[i:i + batch]
            rows = self._connection.execute(
                f"SELECT key, value FROM mentions WHERE version = ? AND key IN ({','.join('?' * len(chunk))})",
                (self.version, *chunk))
            for key, value in rows:
                try:
                    found[key] = decode_mentions(value)
                except Exception:  # a damaged entry: the document is processed again
                    continue
        return found

    def put_many(self, entries: Mapping[str, list[EventMention]]) -> None:
        with self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO mentions (key, version, value) VALUES (?, ?, ?)",
                ((key, self.version, encode_mentions(mentions)) for key, mentions in entries.items()))

    def __len__(self) -> int:
        return self._connection.execute(
            "SELECT COUNT(*) FROM mentions WHERE version = ?", (self.version,)).fetchone()[0]
