"""The SQLite file that holds an index: one table of entries (assets and motion clips), one of
the files seen by ingest (with rejected files and their reasons), and a small key/value table.

SQLite runs in WAL mode, so a reader keeps its snapshot while a writer commits: a search during an
ingest sees the index as it was at one commit, never half a batch. Every write transaction bumps
``generation``, which names the in-memory and on-disk caches built from a snapshot.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('asset', 'motion')),
    path TEXT,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    tags TEXT NOT NULL,              -- JSON list
    description TEXT NOT NULL,
    text TEXT NOT NULL,              -- what was embedded
    width REAL, depth REAL, height REAL,
    footprint REAL,
    triangles INTEGER,
    rigged INTEGER NOT NULL DEFAULT 0,
    support TEXT,
    front TEXT,
    skeleton TEXT,
    duration REAL,
    loops INTEGER,
    source TEXT NOT NULL,            -- 'file' or e.g. 'procedural'
    extra TEXT NOT NULL DEFAULT '{}', -- JSON
    embedding BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,           -- absolute, resolved
    root TEXT NOT NULL,              -- the ingested folder it was found under
    signature TEXT NOT NULL,         -- sizes and mtimes of the file and its sidecar/resources
    status TEXT NOT NULL CHECK (status IN ('ok', 'duplicate', 'rejected')),
    entry_id TEXT,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS files_root ON files (root);
CREATE INDEX IF NOT EXISTS files_entry ON files (entry_id);
"""


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode with a generous busy timeout (writers wait, readers never do)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=60.0, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        _check_ours(conn)
    except BaseException:
        conn.close()
        raise
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def _check_ours(conn: sqlite3.Connection) -> None:
    """Refuse an SQLite file that another program made: an index is an empty database or one
    with our ``meta`` table. Checked before anything is written (WAL mode and our tables would
    change someone else's file)."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").fetchall()]
    if not tables:
        return
    ours = "meta" in tables and conn.execute(
        "SELECT 1 FROM meta WHERE key='schema_version'").fetchone() is not None
    if not ours:
        from previz.world.errors import InputError

        shown = ", ".join(tables[:5]) + (" …" if len(tables) > 5 else "")
        raise InputError(f"an SQLite file of another program (tables: {shown}), not a Previz "
                         "asset index; it was not changed")


def initialise(conn: sqlite3.Connection) -> None:
    """Create the tables of a new index (a no-op, and no generation bump, for an existing one)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone():
        _check_version(conn)
        return
    with write(conn):
        for statement in _statements():
            conn.execute(statement)
        if conn.execute("SELECT 1 FROM meta WHERE key='schema_version'").fetchone() is None:
            conn.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("schema_version", str(SCHEMA_VERSION)), ("generation", "0"),
                ("instance", uuid.uuid4().hex[:12]), ("embedder", ""),
            ])
    _check_version(conn)


def _check_version(conn: sqlite3.Connection) -> None:
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    if row is None or int(row[0]) != SCHEMA_VERSION:
        from previz.world.errors import InputError

        raise InputError(f"index schema version {row[0] if row else '?'} is not "
                         f"{SCHEMA_VERSION}; delete the index file and ingest again")


def _statements() -> list[str]:
    return [s.strip() for s in SCHEMA.split(";") if s.strip()]


@contextlib.contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (taken at once, so two writers queue instead of deadlocking);
    it bumps the generation and commits, or rolls back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction: every query inside sees the same committed state."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return None if row is None else row[0]


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))
