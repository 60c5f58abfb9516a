"""Reading the store: article listing, full-text search, sentiment, prices and entity-signal inputs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING, Any

import sqlite_utils

from news_sentiment.errors import InputError
from news_sentiment.store.articles import iso
from news_sentiment.store.search import fts5_query, tsquery_text
from news_sentiment.store.backend import Dialect, dialect_of, dict_rows, read_frame

if TYPE_CHECKING:
    import pandas as pd

ARTICLE_COLUMNS = ("id", "published", "source", "title", "url", "word_count", "text_method", "language",
                   "published_estimated", "duplicate_of", "fetched_at", "author", "summary", "text")


@dataclass(frozen=True)
class ArticleQuery:
    since: datetime | None = None
    until: datetime | None = None
    feed: str | None = None  # feed name or URL
    search: str | None = None  # search text: words ANDed, "phrases", OR, NOT, ( ), prefix* (store/search.py)
    limit: int | None = 50
    include_duplicates: bool = False
    with_text: bool = False


def day_bound(value: date | datetime, *, end: bool = False) -> datetime:
    """A --since/--until value as a UTC datetime; a bare date means the start (or end) of that day."""
    if isinstance(value, datetime):
        if end and value.time() == time.min:  # a bare date given as --until: the whole day counts
            value = datetime.combine(value.date(), time.max)
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.combine(value, time.max if end else time.min, tzinfo=timezone.utc)


def _published_between(where: list[str], params: dict[str, Any], since: datetime | None,
                       until: datetime | None) -> None:
    """Add ``a.published`` bounds (inclusive) to a query's conditions."""
    if since:
        where.append("a.published >= :since")
        params["since"] = iso(since)
    if until:
        where.append("a.published <= :until")
        params["until"] = iso(until)


def list_articles(db: sqlite_utils.Database, query: ArticleQuery) -> list[dict[str, Any]]:
    """Articles newest first, filtered; with a search, best matches first."""
    where, params = [], {}
    if not query.include_duplicates:
        where.append("a.duplicate_of IS NULL")
    _published_between(where, params, query.since, query.until)
    if query.feed:
        feed = db.execute("SELECT id FROM feeds WHERE name = ? OR url = ?", [query.feed, query.feed]).fetchone()
        if feed is None:
            names = [r[0] for r in db.execute("SELECT name FROM feeds ORDER BY name")]
            raise InputError(f"unknown feed {query.feed!r}",
                             hint=f"Known feeds: {', '.join(names)}" if names else "No feeds ingested yet.")
        where.append("a.id IN (SELECT article_id FROM article_sources WHERE feed_id = :feed_id)")
        params["feed_id"] = feed[0]
    columns = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS if query.with_text or c not in ("text", "summary"))
    order = "a.published DESC, a.id DESC"
    join = ""
    if query.search and dialect_of(db) is Dialect.POSTGRESQL:
        where.append("a.fts @@ to_tsquery('sentiment_english', :search)")
        params["search"] = tsquery_text(query.search)
        order = "ts_rank(a.fts, to_tsquery('sentiment_english', :search)) DESC, " + order
    elif query.search:
        join = "JOIN articles_fts ON articles_fts.rowid = a.id AND articles_fts MATCH :search"
        params["search"] = fts5_query(query.search)
        order = "articles_fts.rank, " + order
    sql = f"SELECT {columns} FROM articles a {join}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order}"
    if query.limit:
        sql += " LIMIT :limit"
        params["limit"] = query.limit
    return _rows(db, sql, params)


def _rows(db: sqlite_utils.Database, sql: str, params: dict[str, Any] | list[Any]) -> list[dict[str, Any]]:
    return dict_rows(db, sql, params)


SENTIMENT_COLUMNS = ("article_id", "published", "entity", "model", "label", "score", "negative", "neutral",
                     "positive", "sentences", "target_absent", "title")


@dataclass(frozen=True)
class SentimentQuery:
    """Stored sentiment rows: per article (``entities`` None) or toward the named entities (their stored names,
    from ``store.extraction.resolve_entity``)."""

    entities: tuple[str, ...] | None = None
    model: str | None = None  # default: every model version stored
    since: datetime | None = None
    until: datetime | None = None
    article: int | None = None
    limit: int | None = None


def list_sentiment(db: sqlite_utils.Database, query: SentimentQuery) -> list[dict[str, Any]]:
    """Article or entity sentiment, newest first: probabilities 0..1, ``score`` = positive - negative (-1..1);
    ``target_absent`` (entity rows) is 1 when the entity was not named in any sentence, so the whole article was
    scored plainly for it. An entity stored under several names (``query.entities``: a linked and an unlinked
    spelling) gives one row per article and model, named by the first name, with the names' mean probabilities.
    Duplicates (syndicated copies) are left out, as in :func:`list_articles`."""
    where, params = ["a.duplicate_of IS NULL"], {}
    if query.entities is not None:
        table, entity, absent = "entity_sentiment", ":label", "MIN(s.target_absent)"
        marks = ", ".join(f":e{i}" for i in range(len(query.entities)))
        where.append(f"s.entity IN ({marks or 'NULL'})")
        params.update({f"e{i}": name for i, name in enumerate(query.entities)})
        params["label"] = query.entities[0] if query.entities else None
    else:
        table, entity, absent = "article_sentiment", "NULL", "NULL"
    for key, cond in (("model", "s.model = :model"), ("article", "s.article_id = :article")):
        if getattr(query, key) is not None:
            where.append(cond)
            params[key] = getattr(query, key)
    _published_between(where, params, query.since, query.until)
    sql = (f"SELECT s.article_id, a.published, {entity} AS entity, s.model, AVG(s.positive) - AVG(s.negative) AS "
           "score, AVG(s.negative) AS negative, AVG(s.neutral) AS neutral, AVG(s.positive) AS positive, "
           f"MAX(s.sentences) AS sentences, {absent} AS target_absent, a.title, "
           f"CASE WHEN COUNT(*) = 1 THEN MAX(s.label) END AS stored_label FROM {table} s "
           f"JOIN articles a ON a.id = s.article_id WHERE {' AND '.join(where)} GROUP BY s.article_id, s.model "
           "ORDER BY a.published DESC, s.article_id DESC")
    if query.limit:
        sql += " LIMIT :limit"
        params["limit"] = query.limit
    rows = _rows(db, sql, params)
    for row in rows:  # the model's label; for a mean over names, the label of the mean probabilities
        probs = {k: row[k] for k in ("negative", "neutral", "positive")}
        row["label"] = row["stored_label"] or max(probs, key=probs.__getitem__)
    return [{c: row[c] for c in SENTIMENT_COLUMNS} for row in rows]


PRICE_COLUMNS = ("ticker", "date", "close", "currency", "source")


def list_prices(db: sqlite_utils.Database, tickers: tuple[str, ...] = (), since: date | None = None,
                until: date | None = None) -> list[dict[str, Any]]:
    """Stored daily closes by ticker and day (tickers as stored: upper case, no '^')."""
    where, params = ["1=1"], {}
    if tickers:
        where.append(f"ticker IN ({', '.join(f':t{i}' for i in range(len(tickers)))})")
        params.update({f"t{i}": t.upper().lstrip("^") for i, t in enumerate(tickers)})
    if since:
        where.append("date >= :since")
        params["since"] = since.isoformat()[:10]
    if until:
        where.append("date <= :until")
        params["until"] = until.isoformat()[:10]
    sql = f"SELECT {', '.join(PRICE_COLUMNS)} FROM prices WHERE {' AND '.join(where)} ORDER BY ticker, date"
    return _rows(db, sql, params)


SIGNAL_ROW_COLUMNS = ("article_id", "published", "source", "mentions", "title_mentions", "article_mentions",
                      "negative", "neutral", "positive", "novelty")


def last_model(db: sqlite_utils.Database, names: Sequence[str]) -> str | None:
    """The model that scored any of ``names`` last (None when none did)."""
    marks = ", ".join("?" * len(names)) or "NULL"
    row = db.execute(f"SELECT model FROM entity_sentiment WHERE entity IN ({marks}) ORDER BY scored_at DESC LIMIT 1",
                     list(names)).fetchone()
    return row[0] if row else None


def signal_rows(db: sqlite_utils.Database, ids: Sequence[int], names: Sequence[str], *, model: str | None = None,
                since: datetime | None = None, until: datetime | None = None,
                dirty_or: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per article mentioning any of the entity ``ids`` (duplicates left out), oldest first: its mentions
    of them (and in the title), every entity mention in the article, its sentiment toward ``names`` (mean over
    the names; model ``model``, default the one scored last; NaN when not scored), its stored novelty (NaN when
    none) and its source (publisher, else feed name). Columns ``SIGNAL_ROW_COLUMNS``; ``published`` is a UTC
    datetime. With ``dirty_or`` (days 'YYYY-MM-DD'), only articles of those days and of days whose stored
    aggregates are out of date (``store.entity_days``): for a few days (each day's articles are read)."""
    import pandas as pd

    params: dict[str, Any] = {f"i{i}": v for i, v in enumerate(ids)}
    params.update({f"n{i}": v for i, v in enumerate(names)})
    id_marks = ", ".join(f":i{i}" for i in range(len(ids))) or "NULL"
    name_marks = ", ".join(f":n{i}" for i in range(len(names))) or "NULL"
    params["model"] = model if model is not None else last_model(db, names)
    where: list[str] = ["a.duplicate_of IS NULL"]
    _published_between(where, params, since, until)
    # The entity's articles drive the query (CROSS JOIN keeps them the outer loop, where SQLite would otherwise
    # scan every article by duplicate_of); everything else is a look-up by key or covering index. With
    # ``dirty_or``, the articles of those few days drive it instead (by the index on published).
    ent = f"""SELECT article_id, count(*) AS mentions, sum(field = 'title') AS title_mentions
              FROM mentions WHERE entity_id IN ({id_marks}) GROUP BY article_id"""
    if dirty_or is not None:
        params["days"] = json.dumps(list(dirty_or))
        ent = f"""SELECT m.article_id, count(*) AS mentions, sum(m.field = 'title') AS title_mentions
                  FROM (SELECT day FROM entity_day_dirty UNION SELECT value FROM json_each(:days)) d
                  JOIN articles da ON da.published >= d.day AND da.published < d.day || 'T99'
                  JOIN mentions m ON m.article_id = da.id
                  WHERE m.entity_id IN ({id_marks}) GROUP BY m.article_id"""
    sql = f"""
        WITH ent AS ({ent})
        SELECT a.id AS article_id, a.published, coalesce(a.source, f.name) AS source, ent.mentions,
               ent.title_mentions,
               (SELECT count(*) FROM mentions m WHERE m.article_id = ent.article_id) AS article_mentions,
               s.negative, s.neutral, s.positive, n.novelty
        FROM ent CROSS JOIN articles a ON a.id = ent.article_id
        LEFT JOIN entity_sentiment s ON s.article_id = a.id AND s.entity IN ({name_marks}) AND s.model = :model
        LEFT JOIN article_novelty n ON n.article_id = a.id LEFT JOIN feeds f ON f.id = a.feed_id
        WHERE {' AND '.join(where)}"""
    df = read_frame(db, sql, params)
    if len(names) > 1:  # one sentiment row per stored name: their mean
        keys = [c for c in df.columns if c not in ("negative", "neutral", "positive")]
        df = df.groupby(keys, dropna=False, sort=False, as_index=False)[["negative", "neutral", "positive"]].mean()
    df["published"] = pd.to_datetime(df["published"], utc=True, format="ISO8601")
    for col in ("negative", "neutral", "positive", "novelty"):
        df[col] = df[col].astype(float)
    return df.sort_values(["published", "article_id"], kind="stable", ignore_index=True)
