"""One run of a kind per store at a time (two ingests would race their dedup; two extracts redo work).

A run takes an advisory file lock beside the database (``sentiment.db.ingest.lock``) before it does any work,
so a second run waits up to its timeout and then fails with a message naming the run that holds the store,
before fetching anything. SQLite still serialises the individual transactions; the lock is about runs.
The lock is released when the process ends, however it ends.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

from filelock import FileLock, Timeout

from news_sentiment.errors import RunBusyError

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
            timespec="seconds"), "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200]}))
        yield
    finally:
        owner.unlink(missing_ok=True)
        lock.release()


def _describe(owner: Path) -> str:
    """' (pid 123, `sentiment ingest`, since 2026-…)' from the holder's note, or '' when there is none."""
    try:
        info = json.loads(owner.read_text())
    except (OSError, ValueError):
        return ""
    return f" (pid {info.get('pid')}, `{info.get('command')}`, since {info.get('since')})"
