"""One run of a kind per store at a time (two ingests would race their dedup; two extracts redo work).

A run takes an advisory file lock beside the database (``sentiment.db.ingest.lock``) before it does any work,
so a second run waits up to its timeout and then fails with a message naming the run that holds the store,
before fetching anything. SQLite still serialises the individual transactions; the lock is about runs.
The lock is released when the process ends, however it ends.

On PostgreSQL the lock is a session advisory lock (``pg_try_advisory_lock``) on a connection of its own, held
for the run: the server releases it when that connection ends, and names the holder from ``pg_stat_activity``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

from filelock import FileLock, Timeout

from news_sentiment.errors import RunBusyError
from news_sentiment.store.backend import LOCK_NAMESPACE, connect_pg, display_url, is_pg_url

log = logging.getLogger(__name__)


class RunKind(Enum):
    """Runs that must not overlap with another of the same kind on one store."""

    INGEST = "ingest"  # ingest and import: the article writer and its near-duplicate index
    EXTRACT = "extract"
    SCORE = "score"
    UPDATE = "update"  # a whole `sentiment update` run (it also takes the lock of each step it runs)


def _lock_path(db_path: str, kind: RunKind) -> Path | None:
    if not db_path or db_path == ":memory:" or db_path.startswith("file:"):
        return None
    return Path(f"{db_path}.{kind.value}.lock")


@contextmanager
def run_lock(db_path: str, kind: RunKind, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the store's lock for ``kind`` for the duration of the block.

    Waits up to ``wait`` seconds for another run to finish; then raises RunBusyError (a StoreError) naming it.
    """
    if is_pg_url(db_path):
        with _pg_run_lock(db_path, kind, wait):
            yield
        return
    path = _lock_path(db_path, kind)
    if path is None:
        yield
        return
    lock = FileLock(str(path))
    owner = path.with_suffix(".owner")
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise RunBusyError(f"another {kind.value} run is working on {db_path}{_describe(owner)}",
                         hint=f"Wait for it to finish, or pass --wait SECONDS to queue behind it.") from None
    try:
        owner.write_text(json.dumps({"pid": os.getpid(), "since": datetime.now(timezone.utc).isoformat(
            timespec="seconds"), "command": _command()[:200]}))
        yield
    finally:
        owner.unlink(missing_ok=True)
        lock.release()


def _command() -> str:
    return " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])


@contextmanager
def _pg_run_lock(url: str, kind: RunKind, wait: float) -> Iterator[None]:
    key = list(RunKind).index(kind) + 1  # 0 is the writer lock (store.backend)
    db = connect_pg(url)
    try:
        db.raw("SELECT set_config('application_name', %s, false)", [_command()[:60]])
        deadline, pause = time.monotonic() + wait, 0.05
        while not db.raw("SELECT pg_try_advisory_lock(%s::int, %s::int)", [LOCK_NAMESPACE, key]).fetchone()[0]:
            if time.monotonic() >= deadline:
                raise RunBusyError(f"another {kind.value} run is working on {display_url(url)}{_pg_holder(db, key)}",
                                   hint="Wait for it to finish, or pass --wait SECONDS to queue behind it.")
            time.sleep(pause)
            pause = min(0.5, pause * 2)
        yield
    finally:
        db.close()  # ends the session, which releases its advisory locks


def _pg_holder(db, key: int) -> str:
    row = db.raw("SELECT a.pid, a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a "
                 "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                 "AND l.classid = %s::int::oid AND l.objid = %s::int::oid",
                 [LOCK_NAMESPACE, key]).fetchone()
    return f" (server pid {row[0]}, `{row[1]}`, since {row[2]:%Y-%m-%dT%H:%M:%S%z})" if row else ""


def _describe(owner: Path) -> str:
    """' (pid 123, `sentiment ingest`, since 2026-…)' from the holder's note, or '' when there is none."""
    try:
        info = json.loads(owner.read_text())
    except (OSError, ValueError):
        return ""
    return f" (pid {info.get('pid')}, `{info.get('command')}`, since {info.get('since')})"
