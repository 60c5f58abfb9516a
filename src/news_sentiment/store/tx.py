"""Explicit transactions (the connection runs in autocommit mode; we BEGIN ourselves)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from news_sentiment.errors import StoreError, StoreLockedError


def store_error(exc: sqlite3.Error, path: str) -> StoreError:
    """Translate an sqlite3 error into a StoreError that says how to fix it."""
    msg = str(exc)
    if "readonly" in msg or "read-only" in msg:
        return StoreError(f"database {path} is read-only: {msg}",
                          hint="Check the file's permissions, or pass --db PATH to a writable location.")
    if "locked" in msg or "busy" in msg:
        return StoreLockedError(f"database {path} is locked by another process: {msg}",
                          hint="Wait for the other `sentiment` command to finish, or use another --db.")
    if "unable to open" in msg:
        return StoreError(f"cannot open database {path}: {msg}",
                          hint="Check that the folder exists and is writable, or pass --db PATH.")
    if "malformed" in msg or "not a database" in msg:
        return StoreError(f"database {path} is corrupt or not an SQLite file: {msg}",
                          hint="Move the file away and re-run; pass --db PATH to use another file.")
    return StoreError(f"database error on {path}: {msg}")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception; sqlite errors become StoreError."""
    path = getattr(db, "path", None) or "?"
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise store_error(exc, path) from exc
    try:
        yield db
    except BaseException as exc:
        db.conn.rollback()
        if isinstance(exc, sqlite3.Error):
            raise store_error(exc, path) from exc
        raise
    else:
        try:
            db.conn.commit()
        except sqlite3.Error as exc:
            db.conn.rollback()
            raise store_error(exc, path) from exc
