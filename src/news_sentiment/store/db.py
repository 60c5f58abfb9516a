"""Open the store: connect, set pragmas, apply migrations."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import sqlite_utils

from news_sentiment.config import default_db_path
from news_sentiment.errors import StoreError
from news_sentiment.store.migrations import apply_migrations
from news_sentiment.store.tx import store_error

log = logging.getLogger(__name__)

def open_db(path: str | Path | None = None, *, busy_timeout: float = 10.0) -> sqlite_utils.Database:
    """Open (creating if needed) the SQLite store and bring its schema up to date.

    WAL journal, foreign keys on, autocommit connection (writers use ``transaction``).
    Raises StoreError with a hint when the file cannot be opened or written.
    """
    path = str(path or default_db_path())
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise StoreError(f"cannot create database {path}: folder {parent} does not exist",
                         hint="Create the folder or pass --db PATH.")
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        db.path = path  # type: ignore[attr-defined]
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode.lower() != "wal":
            log.warning("could not switch %s to WAL (journal_mode=%s)", path, mode)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        apply_migrations(db)
    except StoreError:
        raise
    except sqlite3.Error as exc:
        raise store_error(exc, path) from exc
    return db


def schema_sql(db: sqlite_utils.Database) -> str:
    """The schema as SQL, sorted, for the test that pins it."""
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'articles_fts_%' ORDER BY type, name"
    ).fetchall()
    return "\n".join(f"{sql};" for _, _, sql in rows) + "\n"
