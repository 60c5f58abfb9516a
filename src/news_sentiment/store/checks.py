"""Claim checks in the store: the claims to check, and writing each one's latest check."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any, Protocol

import sqlite_utils

from news_sentiment.store.tx import transaction
from news_sentiment.store.backend import dict_rows

CLAIM_SQL = """
SELECT c.id, c.value, c.value_high, c.unit, c.currency, c.comparator, c.direction, c.metric, c.subject,
       e.name AS subject_entity, e.kb_id AS subject_id, e.ticker AS ticker, c.period_text, c.period_start,
       c.period_end, c.speaker, c.modality, c.quote,
       COALESCE(c.published, a.published) AS published, a.title AS article_title, a.url AS article_url
FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN entities e ON e.id = c.entity_id
LEFT JOIN claim_checks k ON k.claim_id = c.id
"""
# A check that may come out differently on the same prices' next day: pending calls, and claims not testable yet.
_OPEN = ("pending", "unverifiable")
_CHECK_FIELDS = ("status", "actual", "actual_unit", "base_date", "end_date", "coverage", "reason", "as_of")


class Check(Protocol):
    """What a check result gives the store (``news_sentiment.analysis.checks.ClaimCheck``)."""

    claim_id: int | None

    def to_json(self) -> dict: ...


def claims_for_check(db: sqlite_utils.Database, claim_ids: Iterable[int] | None = None, *,
                     due_as_of: str | None = None) -> list[dict[str, Any]]:
    """Stored claims with the fields a check reads, oldest first: all, or the given ids; with ``due_as_of``
    (the latest stored close) only those whose check may change: never checked, pending or unverifiable, or
    checked as of another day."""
    where, params = ["1=1"], []
    if claim_ids is not None:
        ids = list(claim_ids)
        if not ids:
            return []
        where.append(f"c.id IN ({','.join('?' * len(ids))})")
        params += ids
    if due_as_of is not None:
        where.append(f"(k.claim_id IS NULL OR k.status IN ({','.join('?' * len(_OPEN))}) OR k.as_of IS NOT ?)")
        params += [*_OPEN, due_as_of]
    return dict_rows(db, f"{CLAIM_SQL} WHERE {' AND '.join(where)} ORDER BY c.published, c.id", params)


def claim_ids_published(db: sqlite_utils.Database, start: str, end: str) -> list[int]:
    """Ids of the claims in original (not duplicate) articles published in ``start <= published < end``."""
    return [r[0] for r in db.execute(
        "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.duplicate_of IS NULL "
        "AND a.published >= ? AND a.published < ? ORDER BY c.id", [start, end]).fetchall()]


def latest_close(db: sqlite_utils.Database) -> str | None:
    """The latest day any close is stored for (YYYY-MM-DD), or None when there are no prices."""
    return db.execute("SELECT MAX(date) FROM prices").fetchone()[0]


def _stored(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, tuple]:
    out: dict[int, tuple] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = db.execute(f"SELECT claim_id, {', '.join(_CHECK_FIELDS)} FROM claim_checks "
                          f"WHERE claim_id IN ({','.join('?' * len(chunk))})", list(chunk)).fetchall()
        out.update({r[0]: tuple(r[1:]) for r in rows})
    return out


def write_checks(db: sqlite_utils.Database, checks: Sequence[Check], *, only_changed: bool = False) -> int:
    """Store each claim's latest check in one transaction; returns how many rows were written. With
    ``only_changed`` a check equal to the stored one (all but its time) is not written again."""
    rows = []
    for check in checks:
        j = check.to_json()
        rows.append((check.claim_id, tuple(j[f] for f in _CHECK_FIELDS)))
    if only_changed:
        stored = _stored(db, [cid for cid, _ in rows])
        rows = [(cid, values) for cid, values in rows if stored.get(cid) != values]
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    with transaction(db):
        db.conn.executemany(
            f"INSERT OR REPLACE INTO claim_checks (claim_id, {', '.join(_CHECK_FIELDS)}, checked_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(cid, *values, now) for cid, values in rows])
    return len(rows)
