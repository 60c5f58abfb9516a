"""Open the store: connect, set pragmas, apply migrations.

A path opens SQLite (the default); a ``postgresql://`` URL opens PostgreSQL (store.backend). Both come back with
the same interface and the same numbered migrations applied.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from enum import Enum
from pathlib import Path

import sqlite_utils

from news_sentiment.config import default_db_path
from news_sentiment.errors import StoreError, StoreLockedError
from news_sentiment.store.backend import Dialect, PgDatabase, connect_pg, dialect_of, is_pg_url
from news_sentiment.store.migrations import apply_migrations, pending_migrations
from news_sentiment.store.tx import store_error

log = logging.getLogger(__name__)

class OpenMode(Enum):
    """How a command opens the store."""

    CREATE = "create"  # ingest, import, demo: make the file when it does not exist
    WRITE = "write"  # the file must exist; read and write
    READ = "read"  # the file must exist; read-only when the file or its folder cannot be written


def open_db(path: str | Path | None = None, *, busy_timeout: float = 10.0,
            mode: OpenMode = OpenMode.CREATE) -> sqlite_utils.Database:
    """Open the SQLite store and bring its schema up to date.

    WAL journal, foreign keys on, autocommit connection (writers use ``transaction``). Only
    ``OpenMode.CREATE`` makes a new file: a mistyped ``--db`` for any other command is an error that
    names nearby databases. ``OpenMode.READ`` on a store that cannot be written (a read-only mount or
    file) opens it read-only. Raises StoreError with a hint when the file cannot be opened.
    A ``postgresql://user@host:port/dbname`` URL opens that database instead (``open_pg``).
    """
    path = str(path or default_db_path())
    if is_pg_url(path):
        return open_pg(path)  # type: ignore[return-value]
    memory = path == ":memory:" or path.startswith("file::memory:")
    if not memory and mode is not OpenMode.CREATE and not Path(path).is_file():
        raise _missing_store(path)
    parent = Path(path).resolve().parent
    if not memory and not parent.is_dir():
        raise StoreError(f"cannot create database {path}: folder {parent} does not exist",
                         hint="Create the folder or pass --db PATH.")
    if mode is OpenMode.READ and not memory and not _writable(Path(path)):
        return _open_read_only(path, busy_timeout)
    deadline, pause = time.monotonic() + busy_timeout, 0.02
    while True:
        try:
            return _connect(path, busy_timeout, memory)
        except StoreLockedError:
            # Switching a new file to WAL, or recovering a WAL index, can answer "locked" at once without
            # waiting on the busy timeout while other processes open the same store: try again until it.
            if time.monotonic() + 0.05 > deadline:
                raise
            time.sleep(pause)
            pause = min(0.5, pause * 2)


def open_pg(url: str) -> PgDatabase:
    """Connect to PostgreSQL and bring the schema up to date (each migration in its own transaction, writers
    serialised, so several processes opening a new database at once apply each migration once)."""
    db = connect_pg(url)
    try:
        apply_migrations(db)  # type: ignore[arg-type]
    except BaseException:
        db.close()
        raise
    return db


def _connect(path: str, busy_timeout: float, memory: bool) -> sqlite_utils.Database:
    conn = None
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        db.path = path  # type: ignore[attr-defined]
        db.dialect = Dialect.SQLITE  # type: ignore[attr-defined]
        mode_name = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode_name.lower() != "wal" and not memory:
            log.warning("could not switch %s to WAL (journal_mode=%s)", path, mode_name)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        apply_migrations(db)
        return db
    except StoreError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise store_error(exc, path) from exc


def _writable(path: Path) -> bool:
    """Whether this process can write the store: the file, and its folder (for the WAL and lock files)."""
    return os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)


def _open_read_only(path: str, busy_timeout: float) -> sqlite_utils.Database:
    """A read-only connection. On a read-only mount SQLite cannot make the WAL index, so the file is opened
    as immutable: nobody can be writing it there."""
    uri = Path(path).resolve().as_uri()
    last: sqlite3.Error | None = None
    for query in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=busy_timeout, isolation_level=None,
                                   check_same_thread=False)
            db = sqlite_utils.Database(conn)
            db.path = path  # type: ignore[attr-defined]
            db.dialect = Dialect.SQLITE  # type: ignore[attr-defined]
            pending = pending_migrations(db)
        except sqlite3.Error as exc:
            last = exc
            continue
        if pending:
            raise StoreError(f"database {path} needs a schema upgrade ({', '.join(pending)}) but is read-only",
                             hint="Open it once with write access (any `sentiment` command), or copy it somewhere "
                                  "writable and pass --db PATH.")
        log.info("opened %s read-only (%s)", path, query)
        return db
    assert last is not None
    raise store_error(last, path) from last


def _missing_store(path: str) -> StoreError:
    here = Path(path).resolve().parent
    nearby = sorted({str(p) for folder in (here, Path.cwd()) if folder.is_dir() for p in folder.glob("*.db")})[:5]
    hint = ("Run `sentiment ingest` (or `sentiment import FILE`) to create it, or pass --db PATH"
            + (f"; databases here: {', '.join(nearby)}" if nearby else "") + ".")
    return StoreError(f"no database at {path}", hint=hint)


def schema_sql(db: sqlite_utils.Database) -> str:
    """The schema as SQL, sorted, for the test that pins it (PostgreSQL: store.pg_schema)."""
    if dialect_of(db) is Dialect.POSTGRESQL:
        from news_sentiment.store.pg_schema import pg_schema_sql

        return pg_schema_sql(db)
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'articles_fts_%' ORDER BY type, name"
    ).fetchall()
    return "\n".join(f"{sql};" for _, _, sql in rows) + "\n"
