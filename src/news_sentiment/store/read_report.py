"""Reading the store for the weekly report: a named function per question the report asks (coverage, method
notes, sentiment, claims, strategists), on both backends, with parameters bound.

A week is given as its bounds in the store's text form (``start <= published < end``, UTC ISO 8601 text: see
``reports.weeks.bounds``). Rows come back as dicts (column name -> value) in query order, figures as frozen
dataclasses, the mention sentiment of a week as a DataFrame; the report decides what they mean.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from news_sentiment.errors import StoreError
from news_sentiment.store.backend import dict_rows, in_chunks, read_frame, table_exists

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

# The errors a read of a SQLite store raises when it is locked, corrupt or unreadable (callers turn them into a
# StoreError saying so, never an empty report).
READ_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)
_IN_WEEK = "a.duplicate_of IS NULL AND a.published >= ? AND a.published < ?"
_DUPLICATES_IN_WEEK = "a.duplicate_of IS NOT NULL AND a.published >= ? AND a.published < ?"
# a source is named as the user named its feed in feeds.yaml; imported articles keep their own source
SOURCE_NAME = "COALESCE(f.name, NULLIF(a.source, ''), '(unknown)')"


def _count(db: sqlite_utils.Database, sql: str, params: Sequence[Any]) -> int:
    return db.execute(sql, list(params)).fetchone()[0]


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


# -- articles of a week -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class WeekArticles:
    """The week's non-duplicate articles: how many, first and last publication time (stored text), words, how
    many publication times were estimated, and per source (feed name, else the article's source) how many."""

    articles: int
    first: str | None
    last: str | None
    words: int
    estimated: int
    sources: tuple[tuple[str, int], ...]


def week_articles(db: sqlite_utils.Database, start: str, end: str) -> WeekArticles:
    """Counts of the articles published in ``[start, end)``, duplicates left out; sources by count, then name."""
    span = [start, end]
    n, first, last, words, estimated = db.execute(
        f"SELECT COUNT(*), MIN(published), MAX(published), COALESCE(SUM(word_count), 0), "
        f"COALESCE(SUM(published_estimated), 0) FROM articles a WHERE {_IN_WEEK}", span).fetchone()
    sources = tuple((s, c) for s, c in db.execute(
        f"SELECT {SOURCE_NAME}, COUNT(*) FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id WHERE {_IN_WEEK} "
        "GROUP BY 1 ORDER BY 2 DESC, 1", span).fetchall())
    return WeekArticles(n, first, last, words, estimated, sources)


def count_articles(db: sqlite_utils.Database, start: str, end: str) -> int:
    """Non-duplicate articles published in ``[start, end)``."""
    return _count(db, f"SELECT COUNT(*) FROM articles a WHERE {_IN_WEEK}", [start, end])


def count_duplicates(db: sqlite_utils.Database, start: str, end: str) -> int:
    """Near-duplicate articles (folded into an original) published in ``[start, end)``."""
    return _count(db, f"SELECT COUNT(*) FROM articles a WHERE {_DUPLICATES_IN_WEEK}", [start, end])


def count_resightings(db: sqlite_utils.Database, start: str, end: str) -> int | None:
    """Sightings of the week's non-duplicate articles beyond their first (the same article in another feed)."""
    return _count(db, f"SELECT COUNT(*) - COUNT(DISTINCT s.article_id) FROM article_sources s "
                      f"JOIN articles a ON a.id = s.article_id WHERE {_IN_WEEK}", [start, end])


def newest_published(db: sqlite_utils.Database) -> str | None:
    """The publication time (stored text) of the newest non-duplicate article; None when there is none."""
    row = db.execute("SELECT MAX(published) FROM articles WHERE duplicate_of IS NULL").fetchone()
    return row[0] if row else None


# -- method notes ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WeekGaps:
    """What the week's figures leave out: non-English articles, articles not extracted, not scored by the model
    asked about (None when no model was), and claims never checked."""

    other_language: int
    unextracted: int
    unscored: int | None
    unchecked_claims: int


def extractor_versions(db: sqlite_utils.Database, start: str, end: str) -> tuple[str, ...]:
    """The extractor versions that extracted the week's non-duplicate articles, sorted."""
    return tuple(r[0] for r in db.execute(
        f"SELECT DISTINCT e.extractor_version FROM extractions e JOIN articles a ON a.id = e.article_id "
        f"WHERE {_IN_WEEK} ORDER BY 1", [start, end]).fetchall())


def week_gaps(db: sqlite_utils.Database, start: str, end: str, model: str | None) -> WeekGaps:
    """The week's (non-duplicate) articles and claims missing from its figures; ``unscored`` for ``model``."""
    span = [start, end]
    other_lang = _count(db, f"SELECT COUNT(*) FROM articles a WHERE {_IN_WEEK} AND a.language IS NOT NULL "
                            "AND a.language NOT LIKE 'en%'", span)
    unextracted = _count(db, f"SELECT COUNT(*) FROM articles a WHERE {_IN_WEEK} AND NOT EXISTS "
                             "(SELECT 1 FROM extractions e WHERE e.article_id = a.id)", span)
    unscored = None
    if model:
        unscored = _count(db, f"SELECT COUNT(*) FROM articles a WHERE {_IN_WEEK} AND NOT EXISTS "
                              "(SELECT 1 FROM article_sentiment s WHERE s.article_id = a.id AND s.model = ?)",
                          [*span, model])
    unchecked = _count(db, f"SELECT COUNT(*) FROM claims c JOIN articles a ON a.id = c.article_id WHERE {_IN_WEEK} "
                           "AND NOT EXISTS (SELECT 1 FROM claim_checks k WHERE k.claim_id = c.id)", span)
    return WeekGaps(other_lang, unextracted, unscored, unchecked)


def has_rows(db: sqlite_utils.Database, table: str) -> bool:
    """Whether ``table`` (a name of ours, never user text) has a row; False only when the table is absent.

    Any other failure (a locked or corrupt database) is a StoreError, not an empty section.
    """
    try:
        if not table_exists(db, table):
            log.info("report: table %s is absent", table)
            return False
        return db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError as exc:
        raise StoreError(f"cannot read table {table}: {exc}",
                         hint="Wait for a running ingest to finish, or check the file with --db PATH.") from exc


def table_names(db_path: str | Path) -> set[str]:
    """The tables and views of the SQLite store at ``db_path``, read through a read-only connection."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    finally:
        conn.close()


# -- sentiment ---------------------------------------------------------------------------------------------

_MENTION_SENTIMENT_SQL = """
SELECT m.article_id, e.name AS entity, e.kind AS kind, s.positive - s.negative AS art_net,
       es.positive - es.negative AS ent_net, es.target_absent AS target_absent
FROM (SELECT DISTINCT article_id, entity_id FROM mentions) m
JOIN articles a ON a.id = m.article_id
JOIN entities e ON e.id = m.entity_id
JOIN article_sentiment s ON s.article_id = a.id AND s.model = :model
LEFT JOIN entity_sentiment es ON es.article_id = a.id AND es.entity = e.name AND es.model = :model
WHERE a.duplicate_of IS NULL AND a.published >= :start AND a.published < :end
"""


def latest_article_model(db: sqlite_utils.Database) -> str | None:
    """The sentiment model that scored articles most recently (None when nothing is scored)."""
    row = db.execute("SELECT model FROM article_sentiment GROUP BY model ORDER BY MAX(scored_at) DESC LIMIT 1"
                     ).fetchone()
    return row[0] if row else None


def mention_sentiment(db: sqlite_utils.Database, model: str, start: str, end: str) -> pd.DataFrame:
    """One row per (article, entity it mentions) of the non-duplicate articles scored by ``model`` published in
    ``[start, end)``: article_id, entity, kind, art_net (the article's positive - negative), ent_net and
    target_absent (its entity-level score toward the entity; NaN/None when there is none)."""
    return read_frame(db, _MENTION_SENTIMENT_SQL, {"model": model, "start": start, "end": end})


def article_nets(db: sqlite_utils.Database, model: str, ids: Sequence[int]) -> dict[int, float]:
    """Article id -> positive - negative under ``model``, for those of ``ids`` it scored."""
    nets: dict[int, float] = {}
    for chunk in in_chunks(ids):
        for aid, net in db.execute(f"SELECT article_id, positive - negative FROM article_sentiment WHERE model = ? "
                                   f"AND article_id IN ({_marks(chunk)})", [model, *chunk]):
            nets[aid] = net
    return nets


# -- claims and strategists --------------------------------------------------------------------------------

_CLAIMS_SQL = """
SELECT c.id, c.value, c.value_high, c.unit, c.currency, c.comparator, c.direction, c.metric, c.subject,
       c.period_text, c.period_end, c.speaker, c.modality, c.quote, c.entity_id, e.kind AS entity_kind,
       a.published, a.title, a.url,
       COALESCE(f.name, NULLIF(a.source, '')) AS source,
       k.status, k.actual, k.actual_unit, k.reason, k.base_date, k.end_date
FROM claims c JOIN articles a ON a.id = c.article_id
LEFT JOIN feeds f ON f.id = a.feed_id
LEFT JOIN claim_checks k ON k.claim_id = c.id
LEFT JOIN entities e ON e.id = c.entity_id
WHERE a.duplicate_of IS NULL AND a.published >= ? AND a.published < ?
ORDER BY a.published, c.article_id, c.start
"""

_PEOPLE_SQL = """
SELECT p.id, p.name, COALESCE(x.title, p.title) AS title, COALESCE(x.firm, p.firm) AS firm, x.article_id, x.quote,
       a.url, a.published
FROM (
    SELECT person_id, article_id, title, firm, text AS quote FROM quotes
    UNION ALL
    SELECT person_id, article_id, title, firm, NULL AS quote FROM article_people
) x
JOIN people p ON p.id = x.person_id
JOIN articles a ON a.id = x.article_id
WHERE a.duplicate_of IS NULL AND a.published >= ? AND a.published < ?
ORDER BY a.published
"""

# Every claim a person made before a time: by person id, by speaker name, or standing in their quote.
_LEDGER_SQL = """
SELECT COALESCE(c.person_id, p.id, q.person_id) AS person_id, c.id, c.modality, c.value, c.value_high, c.unit,
       c.currency, c.comparator, c.direction, c.subject, c.period_text, c.period_end, a.published, a.url,
       k.status, k.actual, k.actual_unit, k.reason
FROM claims c JOIN articles a ON a.id = c.article_id
LEFT JOIN people p ON c.person_id IS NULL AND p.name = c.speaker
LEFT JOIN quotes q ON c.person_id IS NULL AND c.speaker IS NULL AND q.person_id IS NOT NULL
     AND q.article_id = c.article_id AND q.field = c.field AND c.start >= q.start AND c."end" <= q."end"
LEFT JOIN claim_checks k ON k.claim_id = c.id
WHERE a.duplicate_of IS NULL AND a.published < ?
  AND (c.person_id IS NOT NULL OR c.speaker IS NOT NULL OR q.person_id IS NOT NULL)
ORDER BY a.published DESC, c.id
"""


def week_claim_rows(db: sqlite_utils.Database, start: str, end: str) -> list[dict[str, Any]]:
    """The claims of the non-duplicate articles published in ``[start, end)`` in reading order, each with its
    article (published, title, url, source), its entity's kind and its last stored check (None columns when
    unchecked)."""
    return dict_rows(db, _CLAIMS_SQL, [start, end])


def week_people_rows(db: sqlite_utils.Database, start: str, end: str) -> list[dict[str, Any]]:
    """Each quote (``quote`` its text) and each naming with a role (``quote`` None) of a person in the
    non-duplicate articles published in ``[start, end)``, oldest first, with the person's title and firm there."""
    return dict_rows(db, _PEOPLE_SQL, [start, end])


def ledger_rows(db: sqlite_utils.Database, before: str) -> list[dict[str, Any]]:
    """Every claim attributed to a person (``person_id``) in non-duplicate articles published before ``before``,
    newest first, with its last stored check; a claim may come once per way it is attributed."""
    return dict_rows(db, _LEDGER_SQL, [before])
