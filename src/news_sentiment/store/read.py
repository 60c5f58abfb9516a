"""Reading the store: article listing and full-text search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any

import sqlite_utils

from news_sentiment.errors import InputError
from news_sentiment.store.articles import iso
from news_sentiment.store.search import fts5_query

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


def list_articles(db: sqlite_utils.Database, query: ArticleQuery) -> list[dict[str, Any]]:
    """Articles newest first, filtered; with a search, best matches first."""
    where, params = [], {}
    if not query.include_duplicates:
        where.append("a.duplicate_of IS NULL")
    if query.since:
        where.append("a.published >= :since")
        params["since"] = iso(query.since)
    if query.until:
        where.append("a.published <= :until")
        params["until"] = iso(query.until)
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
    if query.search:
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
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
