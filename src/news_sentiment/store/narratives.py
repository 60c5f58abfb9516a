"""Narratives in the store: the articles, sentiment and mentions a narrative run reads, the fingerprint of
those inputs, writing a run's weekly series (one transaction), and reading them back for the CLI, links
and reports. Reads and writes only: the run itself is :func:`news_sentiment.pipeline.narratives.update_narratives`."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pandas as pd
import sqlite_utils

from news_sentiment.errors import InputError
from news_sentiment.store.tx import transaction
from news_sentiment.store.backend import dict_rows, table_exists

PAGE = 2000  # articles read at a time: their texts become sentence rows before the next page is read


def _frame(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    cur = db.execute(sql, list(params))
    return pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])


def _table_exists(db: sqlite_utils.Database, name: str) -> bool:
    return table_exists(db, name)


def article_pages(db: sqlite_utils.Database, page: int | None = None) -> Iterator[list[tuple[int, str, str, str]]]:
    """Articles (not duplicates) in (published, id) order as (id, title, text, published) rows, ``page``
    (default :data:`PAGE`) at a time (keyset pagination), so a caller can turn each page's texts into
    something smaller before the next page is read."""
    page = page or PAGE
    sql = ("SELECT id, title, text, published FROM articles WHERE duplicate_of IS NULL "
           "AND (published, id) > (?, ?) ORDER BY published, id LIMIT ?")
    key: tuple[str, int] = ("", 0)
    while True:
        batch = db.execute(sql, [*key, page]).fetchall()
        if not batch:
            return
        key = (batch[-1][3], batch[-1][0])
        yield batch


def article_sentiment(db: sqlite_utils.Database) -> pd.DataFrame | None:
    """article_id, sentiment (positive - negative) of the model with most rows; None when there is none."""
    if not _table_exists(db, "article_sentiment"):
        return None
    row = db.execute("SELECT model FROM article_sentiment GROUP BY model ORDER BY count(*) DESC LIMIT 1").fetchone()
    if not row:
        return None
    return _frame(db, "SELECT article_id, positive - negative AS sentiment FROM article_sentiment WHERE model = ?",
                  [row[0]])


def article_entities(db: sqlite_utils.Database) -> pd.DataFrame | None:
    """Distinct (article, entity) pairs with the entity's name, kind and kb_id (columns article_id, entity,
    kind, kb_id); each name is one shared string object however many articles mention it. None when no
    mentions are stored."""
    if not (_table_exists(db, "mentions") and _table_exists(db, "entities")):
        return None
    pairs = _frame(db, "SELECT DISTINCT article_id, entity_id FROM mentions")
    if pairs.empty:
        return None
    ents = _frame(db, "SELECT id, name AS entity, kind, kb_id FROM entities").set_index("id")
    ments = ents.reindex(pairs["entity_id"].to_numpy()).reset_index(drop=True)
    ments.insert(0, "article_id", pairs["article_id"].to_numpy())
    return ments.dropna(subset=["entity"]).reset_index(drop=True)


def discovered_rows(db: sqlite_utils.Database) -> list[tuple[str, str, dict[str, float], str, str]]:
    """Discovered narratives stored by earlier runs: (id, name, terms, first_seen, last_seen)."""
    df = _frame(db, "SELECT id, name, terms, first_seen, last_seen FROM narratives WHERE source = 'discovered'")
    return [(r.id, r.name, json.loads(r.terms or "{}"), r.first_seen or "", r.last_seen or "")
            for r in df.itertuples(index=False)]


_FINGERPRINT_SQL = (
    ("articles", "SELECT count(*), coalesce(sum(id), 0), max(content_hash) FROM articles WHERE duplicate_of IS NULL"),
    ("article_sentiment", "SELECT count(*), coalesce(sum(positive), 0) FROM article_sentiment"),
    ("mentions", "SELECT count(*), coalesce(max(id), 0) FROM mentions"),
)


def fingerprint(db: sqlite_utils.Database, config: bytes, params: str) -> str:
    """A digest of the inputs: config, parameters, and the articles, sentiment and mentions tables.

    A table that does not exist counts as empty; any other database error propagates (a locked or
    damaged store must not yield a fingerprint that makes a stale result look current)."""
    h = hashlib.sha256(config + params.encode())
    for table, sql in _FINGERPRINT_SQL:
        h.update(repr(db.execute(sql).fetchone() if _table_exists(db, table) else None).encode())
    digests = hashlib.sha256()
    cur = db.execute("SELECT content_hash FROM articles WHERE duplicate_of IS NULL ORDER BY id")
    while rows := cur.fetchmany(10_000):
        digests.update("".join(f"{r[0]}," for r in rows).encode())
    h.update(digests.digest())
    return h.hexdigest()


def stored_fingerprint(db: sqlite_utils.Database) -> str | None:
    """The fingerprint of the inputs of the last run written, None before the first."""
    row = db.execute("SELECT value FROM narrative_state WHERE key = 'fingerprint'").fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class NarrativeSummary:
    """The stored narratives: how many, how many were discovered (not configured), and when one was last
    updated (stored text; None when there are none)."""

    narratives: int
    discovered: int
    updated_at: str | None


def narrative_summary(db: sqlite_utils.Database) -> NarrativeSummary:
    """How many narratives are stored, how many discovered, and the last update."""
    n, discovered, updated = db.execute(
        "SELECT COUNT(*), SUM(source = 'discovered'), MAX(updated_at) FROM narratives").fetchone()
    return NarrativeSummary(n, discovered or 0, updated)


def stored_counts(db: sqlite_utils.Database) -> tuple[int, int, int, int]:
    """(weekly rows, distinct weeks, narratives, discovered narratives) stored."""
    n = db.execute("SELECT count(*), count(DISTINCT week) FROM narrative_weeks").fetchone()
    k = narrative_summary(db)
    return n[0], n[1], k.narratives, k.discovered


def _optional(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def _write_series(db: sqlite_utils.Database, stats: pd.DataFrame, hits: pd.DataFrame, novelty: pd.DataFrame,
                  novelty_days: float) -> None:
    db.conn.executemany(
        "INSERT INTO narrative_weeks (narrative_id, week, articles, article_share, sentences, sentence_share, "
        "sentiment, sentiment_n, entities, baskets, shift, shift_history) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(r.narrative_id, r.week, int(r.articles), float(r.article_share), int(r.sentences),
          float(r.sentence_share), _optional(r.sentiment), int(r.sentiment_n), json.dumps(list(r.entities)),
          json.dumps(list(r.baskets)), _optional(r.shift), int(r.shift_history))
         for r in stats.itertuples(index=False)])
    db.conn.executemany(
        "INSERT INTO article_narratives (article_id, narrative_id, sentences, score) VALUES (?,?,?,?)",
        [(int(r.article_id), r.narrative_id, int(r.sentences), float(r.score)) for r in hits.itertuples(index=False)])
    db.conn.executemany(
        "INSERT INTO article_novelty (article_id, novelty, nearest_id, window_days) VALUES (?,?,?,?)",
        [(int(r.article_id), float(r.novelty), None if pd.isna(r.nearest_id) else int(r.nearest_id), novelty_days)
         for r in novelty.itertuples(index=False)])


def write_narratives(db: sqlite_utils.Database, *, configured: Sequence[tuple[str, str, str, list[str], str | None]],
                     discovered: Sequence[tuple[str, str, list[str], dict[str, float], str, str]],
                     series: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None, novelty_days: float,
                     fingerprint: str) -> None:
    """Replace the stored narratives in one transaction.

    ``configured``: (id, name, description, phrases, first_seen) of each config narrative (replaced);
    ``discovered``: (id, name, label terms, terms, first_seen, last_seen), upserted so ids persist;
    ``series``: the run's weekly stats, article hits and novelty frames (None: no articles), written in
    place of the previous run's; ``fingerprint``: the inputs' (see :func:`fingerprint`)."""
    now = datetime.now(timezone.utc).isoformat()
    with transaction(db):
        for tbl in ("narrative_weeks", "article_narratives", "article_novelty"):
            db.execute(f"DELETE FROM {tbl}")
        db.execute("DELETE FROM narratives WHERE source = 'config'")
        for nid, name, description, phrases, first in configured:
            db.execute("INSERT INTO narratives (id, name, source, description, phrases, terms, first_seen, last_seen, "
                       "updated_at) VALUES (?, ?, 'config', ?, ?, NULL, ?, ?, ?)",
                       [nid, name, description, json.dumps(phrases), first, None, now])
        for nid, name, label, terms, first, last in discovered:
            db.execute("INSERT INTO narratives (id, name, source, description, phrases, terms, first_seen, "
                       "last_seen, updated_at) VALUES (?, ?, 'discovered', '', ?, ?, ?, ?, ?) "
                       "ON CONFLICT(id) DO UPDATE SET phrases=excluded.phrases, terms=excluded.terms, "
                       "first_seen=excluded.first_seen, last_seen=excluded.last_seen, "
                       "updated_at=excluded.updated_at",
                       [nid, name, json.dumps(label), json.dumps(terms), first, last, now])
        if series is not None:
            _write_series(db, *series, novelty_days)
        db.execute("INSERT INTO narrative_state (key, value) VALUES ('fingerprint', ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [fingerprint])


def read_narrative_weeks(db: sqlite_utils.Database, week: str | None = None,
                         narrative: str | None = None) -> pd.DataFrame:
    """Stored weekly stats joined with narrative names; ``week`` 'latest' or None = every week.

    ``narrative`` matches an id or a name (case-insensitive). Unknown narrative: InputError listing names.
    """
    sql = ("SELECT w.week, w.narrative_id, n.name, n.source, w.articles, w.article_share, w.sentences, "
           "w.sentence_share, w.sentiment, w.sentiment_n, w.shift, w.shift_history, w.entities, w.baskets "
           "FROM narrative_weeks w JOIN narratives n ON n.id = w.narrative_id")
    where, params = [], []
    if week == "latest":
        where.append("w.week = (SELECT max(week) FROM narrative_weeks)")
    elif week:
        if not re.fullmatch(r"\d{4}-W\d{2}", week):
            raise InputError(f"bad week {week!r}", hint="Write ISO weeks like 2025-W10.")
        where.append("w.week = ?"); params.append(week)
    if narrative:
        nid = resolve_narrative(db, narrative)
        where.append("w.narrative_id = ?"); params.append(nid)
    if where:
        sql += " WHERE " + " AND ".join(where)
    df = _frame(db, sql + " ORDER BY w.week, w.article_share DESC, n.name", params)
    for col in ("entities", "baskets"):
        df[col] = df[col].map(lambda v: json.loads(v) if v else [])
    return df


def resolve_narrative(db: sqlite_utils.Database, name: str) -> str:
    """A narrative id from its id or name (case-insensitive); InputError with suggestions otherwise."""
    row = db.execute("SELECT id FROM narratives WHERE id = ? OR lower(name) = lower(?)", [name, name]).fetchone()
    if row:
        return str(row[0])
    names = [r[0] for r in db.execute("SELECT name FROM narratives ORDER BY source, name").fetchall()]
    if not names:
        raise InputError("no narratives stored yet",
                         hint="Run `sentiment narratives` first (after `sentiment ingest`).")
    from rapidfuzz import process

    close = [m[0] for m in process.extract(name, names, limit=3, score_cutoff=50)]
    raise InputError(f"unknown narrative {name!r}",
                     hint=f"Did you mean: {', '.join(close)}?" if close else f"Known: {', '.join(names[:12])}")


def narrative_week_rows(db: sqlite_utils.Database, weeks: Sequence[str]) -> list[dict[str, Any]]:
    """The stored weekly rows of ``weeks`` (ISO labels), each with its narrative's name, source, phrases (JSON
    text) and first_seen."""
    return dict_rows(
        db, "SELECT w.narrative_id, n.name, n.source, n.phrases, n.first_seen, w.week, w.articles, w.article_share, "
        "w.sentiment, w.shift, w.shift_history, w.baskets FROM narrative_weeks w "
        f"JOIN narratives n ON n.id = w.narrative_id WHERE w.week IN ({','.join('?' * len(weeks))})", weeks)


def narrative_week_totals(db: sqlite_utils.Database, weeks: Sequence[str]) -> dict[str, int]:
    """Week label -> all the articles the narrative run counted that week (articles / share of any of its rows
    with hits); weeks without such a row are left out."""
    return {label: int(n) for label, n in db.execute(
        f"SELECT week, MAX(CAST(ROUND(articles / article_share) AS INTEGER)) FROM narrative_weeks "
        f"WHERE article_share > 0 AND week IN ({','.join('?' * len(weeks))}) GROUP BY week", list(weeks))}


def narrative_article_texts(db: sqlite_utils.Database, narrative_id: str, start: str, end: str,
                            limit: int = 10) -> list[tuple[str | None, str | None, str | None]]:
    """(title, url, text) of the non-duplicate articles published in ``[start, end)`` (stored UTC text) that carry
    the narrative, strongest first (score, then sentences, then oldest); at most ``limit``."""
    return [tuple(r) for r in db.execute(
        "SELECT a.title, a.url, a.text FROM article_narratives x JOIN articles a ON a.id = x.article_id "
        "WHERE x.narrative_id = ? AND a.duplicate_of IS NULL AND a.published >= ? AND a.published < ? "
        "ORDER BY x.score DESC, x.sentences DESC, a.published LIMIT ?",
        [narrative_id, start, end, limit]).fetchall()]
