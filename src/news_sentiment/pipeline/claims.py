"""Claims against prices over the store: check the stored claims (all, or some) and store each result,
and list stored claims with their checks. The checks themselves are :mod:`news_sentiment.analysis.checks`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlite_utils

from news_sentiment.analysis.checks import CHECK_COLUMNS, ClaimCheck, ClaimChecker
from news_sentiment.nlp.kb import KnowledgeBase, load_kb, lookup_kb
from news_sentiment.pipeline.prices import price_book
from news_sentiment.store.checks import claims_for_check, write_checks
from news_sentiment.store.extraction import query_claims


def check_stored_claims(db: sqlite_utils.Database, *, kb: KnowledgeBase | None = None,
                        claim_ids: Iterable[int] | None = None,
                        as_of: date | None = None) -> list[tuple[dict, ClaimCheck]]:
    """Check stored claims (all, or the given ids) and store each result in ``claim_checks``.

    ``as_of`` (default: the latest stored close) decides which forecasts are due; re-running after new
    prices turns pending calls into confirmed or missed ones (each claim keeps one, latest, check).
    """
    kb = kb or load_kb()
    claims = claims_for_check(db, claim_ids)
    if not claims:
        return []
    checker = ClaimChecker(price_book(db), kb, as_of)
    results = [(c, checker.check(c, c["id"])) for c in claims]
    write_checks(db, [r for _, r in results])
    return results


def list_claims(db: sqlite_utils.Database, **filters: object) -> list[dict]:
    """Stored claims filtered as by ``store.extraction.query_claims``; an ``entity`` is looked up in the knowledge
    base too (by stored names and tickers only when it cannot be loaded)."""
    entity = filters.get("entity")
    return query_claims(db, kb=lookup_kb(str(entity)) if entity else None, **filters)  # type: ignore[arg-type]


def claims_with_checks(db: sqlite_utils.Database, *, kb: KnowledgeBase | None = None, as_of: date | None = None,
                       **filters: object) -> list[dict]:
    """Stored claims filtered as by ``query_claims``, each checked against prices (results also stored); a
    ``status`` filter applies to the check just made, and ``limit`` to the rows that pass it."""
    status = filters.pop("status", None)
    limit = filters.pop("limit", None) if status else None  # without a status filter the query applies it
    rows = list_claims(db, **filters)
    ids = [r["id"] for r in rows]
    checks = {c.claim_id: c.to_json() for _, c in check_stored_claims(db, kb=kb, claim_ids=ids, as_of=as_of)}
    for row in rows:
        row.update({k: checks.get(row["id"], {}).get(k) for k in CHECK_COLUMNS})
    if status:
        rows = [r for r in rows if r["status"] == str(status)]
    return rows[:int(limit)] if limit else rows
