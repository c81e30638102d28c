"""Decisions kept in SQLite beside the table (`<table>.curations.sqlite`).

Every write is one transaction (`BEGIN IMMEDIATE`), so two dashboards, or a dashboard
and a build, editing at once lose nothing; a decision is never deleted, an undo marks it.
"""
from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from .decisions import Decision, MentionKey, now_iso

SCHEMA_VERSION = "1"
SUFFIX = ".curations.sqlite"
BUSY_SECONDS = 30.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    author TEXT NOT NULL,
    kind TEXT NOT NULL,
    targets TEXT NOT NULL,
    changes TEXT NOT NULL DEFAULT '{}',
    reason TEXT NOT NULL DEFAULT '',
    about TEXT NOT NULL DEFAULT '',
    undone TEXT,
    undone_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def curations_path(table: str | Path) -> Path:
    """The decisions file that belongs to a table: `build/x.parquet` → `build/x.curations.sqlite`."""
    table = Path(table)
    return table.with_name(table.stem + SUFFIX)


def _write_ahead(connection: sqlite3.Connection) -> None:
    """The file in WAL mode (readers never wait for a writer). Switching modes takes a lock
    that SQLite does not wait for (no busy handler): two sessions opening a new file at once
    retry, briefly, instead of failing."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class CurationStore:
    """The decisions of one table. Opens a connection per operation: cheap, and safe
    across the threads of a Streamlit server."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @contextmanager
    def _connection(self, write: bool) -> Iterator[sqlite3.Connection]:
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)) as connection:
            connection.execute("PRAGMA busy_timeout = %d" % int(BUSY_SECONDS * 1000))
            if write:
                _write_ahead(connection)
                connection.executescript(_SCHEMA)
                connection.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            yield connection

    def add(self, decision: Decision) -> int:
        """Store a decision; its id."""
        with self._connection(write=True) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                cursor = connection.execute(
                    "INSERT INTO decisions (created, author, kind, targets, changes, reason, about) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (decision.created or now_iso(), decision.author.strip(), decision.kind,
                     json.dumps([[key.to_json() for key in group] for group in decision.targets],
                                ensure_ascii=False),
                     json.dumps(dict(decision.changes), ensure_ascii=False), decision.reason, decision.about))
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            return int(cursor.lastrowid)

    def undo(self, decision_id: int, author: str) -> bool:
        """Mark a decision undone; False when it was undone already or does not exist."""
        if not author.strip():
            raise ValueError("an undo needs the name of the person who undoes")
        with self._connection(write=True) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                cursor = connection.execute("UPDATE decisions SET undone = ?, undone_by = ? "
                                            "WHERE id = ? AND undone IS NULL", (now_iso(), author.strip(), decision_id))
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            return cursor.rowcount == 1

    def decisions(self) -> list[Decision]:
        """Every decision, undone ones included, in the order taken."""
        if not self.path.exists():
            return []
        with self._connection(write=False) as connection:
            try:
                rows = connection.execute(
                    "SELECT id, created, author, kind, targets, changes, reason, about, undone, undone_by "
                    "FROM decisions ORDER BY id").fetchall()
            except sqlite3.OperationalError as error:
                if "no such table" in str(error):
                    return []
                raise
        return [Decision(kind=kind, author=author, reason=reason, about=about, created=created, id=number,
                         targets=tuple(tuple(MentionKey.from_json(k) for k in group) for group in json.loads(targets)),
                         changes=json.loads(changes), undone=undone, undone_by=undone_by)
                for number, created, author, kind, targets, changes, reason, about, undone, undone_by in rows]

    def signature(self) -> tuple:
        """Changes whenever a decision is added or undone (for caches)."""
        if not self.path.exists():
            return ()
        with self._connection(write=False) as connection:
            try:
                return tuple(connection.execute(
                    "SELECT COUNT(*), MAX(id), COUNT(undone) FROM decisions").fetchone())
            except sqlite3.OperationalError:
                return ()
