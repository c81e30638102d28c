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
dashboard) from corrupting it. Values are the mentions as JSON (compressed), written and
read field by field from the model's dataclasses: data, never code, so that a cache file
planted beside a table can at worst give wrong mentions, never run anything. An entry
that does not read back as mentions — damaged, planted, of another shape — is a miss,
and the document is processed again. Delete the folder to empty it; entries written by
another pipeline version are dropped when it is opened.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import os
import sqlite3
import sys
import types
import typing
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from .model import Document, EventMention
from .settings import SETTINGS

CACHE_DIR_NAME = ".eventline-cache"
DATABASE_NAME = "mentions.sqlite"
PACKAGE_DIR = Path(__file__).resolve().parent


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
WORK_MODULES = ("model.py", "settings.py", "build.py", "compiled.py")
WORK_PACKAGES = ("lang", "types", "text", "dates", "anchors", "gazetteer", "annotate", "events")


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


# --------------------------------------------------------------------------------------
# Mentions ⇄ JSON, led by the dataclasses' fields and their annotated types, so that a
# field added to the model needs no edit here.
# --------------------------------------------------------------------------------------


class UnreadableEntry(ValueError):
    """A cache entry that is not a list of mentions of the model's shape."""


_PLAIN_TYPES = {str: (str,), int: (int,), bool: (bool,), float: (float, int), type(None): (type(None),)}


def _plain_types(hint) -> tuple[type, ...] | None:
    """The JSON value types a field of type `hint` takes as they are (None: it needs a
    conversion): str, int, float, bool, None and their unions."""
    if hint in _PLAIN_TYPES:
        return _PLAIN_TYPES[hint]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        parts = [_plain_types(arg) for arg in typing.get_args(hint)]
        if all(part is not None for part in parts):
            return tuple(t for part in parts for t in part)
    if typing.get_origin(hint) is typing.Literal:
        return _plain_types(type(typing.get_args(hint)[0]))
    return None


def _plain(value):
    """Any model value as JSON data: dataclasses as arrays of their fields, tuples and
    sets as arrays, dates as ISO strings."""
    if dataclasses.is_dataclass(value):
        return _writer(type(value))(value)
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(item) for item in value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value  # str, int, float, bool, None


@functools.cache
def _writer(cls: type) -> typing.Callable[[object], list]:
    """A dataclass's instances as JSON arrays of their fields in declaration order (the
    cache's version covers model.py, so an entry never meets another order): the plain
    fields as they are, the others through `_plain`. Made once per class."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    as_is = [_plain_types(hints[name]) is not None for name in names]
    fields = list(zip(names, as_is))

    def write(value) -> list:
        return [getattr(value, name) if plain else _plain(getattr(value, name)) for name, plain in fields]
    return write


@functools.cache
def _reader(hint) -> typing.Callable[[object], object]:
    """A function reading JSON data as a value of type `hint`, raising UnreadableEntry
    when the data is not one (made once per type: a folder's cache is read in one go)."""
    plain = _plain_types(hint)
    if plain is not None:
        def read_plain(data):
            if type(data) not in plain:
                raise UnreadableEntry(f"{data!r:.40} is not {hint}")
            return data
        return read_plain
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        optional = type(None) in args
        options = [_reader(a) for a in args if a is not type(None)]

        def read_union(data):
            if data is None and optional:
                return None
            for option in options:
                try:
                    return option(data)
                except UnreadableEntry:
                    continue
            raise UnreadableEntry(f"{data!r:.40} is none of {hint}")
        return read_union
    if origin in (tuple, list, set, frozenset):
        read_item = _reader(args[0]) if args else _reader(object)

        def read_items(data):
            if type(data) is not list:
                raise UnreadableEntry(f"{data!r:.40} is not a list")
            return origin(read_item(value) for value in data)
        return read_items
    if origin is dict:
        read_key, read_value = _reader(args[0]), _reader(args[1])

        def read_mapping(data):
            if type(data) is not dict:
                raise UnreadableEntry(f"{data!r:.40} is not an object")
            return {read_key(key): read_value(value) for key, value in data.items()}
        return read_mapping
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_reader(hint)
    if hint is dt.date:
        def read_date(data):
            try:
                return dt.date.fromisoformat(data)
            except (TypeError, ValueError):
                raise UnreadableEntry(f"{data!r:.40} is not a date") from None
        return read_date
    if hint is object:
        return lambda data: data
    raise TypeError(f"the cache cannot store a value of type {hint}")


def _dataclass_reader(cls: type) -> typing.Callable[[object], object]:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    # the fields JSON gives as they are (with the types they take), and those to convert
    checked = [(i, _plain_types(hints[f.name])) for i, f in enumerate(fields) if _plain_types(hints[f.name])]
    converted = [(i, _reader(hints[f.name])) for i, f in enumerate(fields) if not _plain_types(hints[f.name])]
    count = len(fields)

    def read_object(data):
        if type(data) is not list or len(data) != count:
            raise UnreadableEntry(f"{cls.__name__}: not an array of {count} fields")
        for i, accepted in checked:
            if type(data[i]) not in accepted:
                name = fields[i].name
                raise UnreadableEntry(f"{cls.__name__}.{name}: {data[i]!r:.40} is not {hints[name]}")
        values = list(data)
        for i, read in converted:
            values[i] = read(data[i])
        return cls(*values)
    return read_object


def encode_mentions(mentions: list[EventMention]) -> bytes:
    text = json.dumps([_plain(mention) for mention in mentions], ensure_ascii=False,
                      separators=(",", ":"))
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def decode_mentions(blob: bytes, max_bytes: int = SETTINGS.cache_entry_max_bytes) -> list[EventMention]:
    """The mentions of an entry; UnreadableEntry for anything else, including an entry
    that would decompress to more than `max_bytes`."""
    if not isinstance(blob, bytes):
        raise UnreadableEntry("not bytes")
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(blob, max_bytes)
        if inflater.unconsumed_tail:
            raise UnreadableEntry(f"larger than {max_bytes:,} bytes")
        data = json.loads(raw.decode("utf-8", "surrogatepass"))
    except (zlib.error, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise UnreadableEntry(str(error)) from None
    if not isinstance(data, list):
        raise UnreadableEntry("not a list")
    read_mention = _reader(EventMention)
    return [read_mention(item) for item in data]


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
        # Views and triggers a planted file may hold run with no function of consequence.
        self._connection.execute("PRAGMA trusted_schema = OFF")
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
                except UnreadableEntry:  # damaged or planted: the document is processed again
                    continue
        return found

    def put_many(self, entries: Mapping[str, list[EventMention]]) -> None:
        """Store the entries; mentions holding a value JSON cannot write are left out
        (their document is processed again next time)."""
        rows = []
        for key, mentions in entries.items():
            try:
                rows.append((key, self.version, encode_mentions(mentions)))
            except (TypeError, ValueError):
                continue
        with self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO mentions (key, version, value) VALUES (?, ?, ?)", rows)

    def __len__(self) -> int:
        return self._connection.execute(
            "SELECT COUNT(*) FROM mentions WHERE version = ?", (self.version,)).fetchone()[0]
