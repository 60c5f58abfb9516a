"""Reads and writes of the per-entity, per-UTC-day aggregates (tables of migration ``m013_entity_days``).

``entity_days`` holds buzz per (entity id, day) with the day's distinct sources as a JSON array,
``entity_day_sentiment`` the confidence-weighted tone per (entity id, model, day); triggers put the day of every change to their inputs (mentions, entity
sentiment, novelty, an article's date, source or duplicate mark, a feed's or entity's name) into
``entity_day_dirty``. The sums are computed by ``analysis.signals.daily_buzz`` / ``daily_tone`` (the pipeline's
``days`` step); this module only reads their inputs and writes their outputs.

An entity's tone is read under its stored name (``entities.name``), the name the score step writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import sqlite_utils
from news_sentiment.store.backend import read_frame

if TYPE_CHECKING:
    import pandas as pd

BUZZ_FIELDS = ("sources", "articles", "mentions", "relevance", "novelty_sum", "novelty_n")
TONE_FIELDS = ("scored", "w", "ws")

# Articles of the listed days (a published range first, so the index on published is used).
_DAY_ARTICLES = """
    SELECT a.id, a.published, coalesce(a.source, f.name) AS source FROM articles a
    LEFT JOIN feeds f ON f.id = a.feed_id
    WHERE a.published >= :lo AND a.published < :hi AND a.duplicate_of IS NULL
      AND substr(a.published, 1, 10) IN (SELECT value FROM json_each(:days))"""


def dirty_days(db: sqlite_utils.Database, limit: int | None = None) -> list[str]:
    """Days ('YYYY-MM-DD', oldest first) whose aggregates are out of date."""
    sql = "SELECT day FROM entity_day_dirty ORDER BY day" + (" LIMIT ?" if limit else "")
    return [r[0] for r in db.execute(sql, [limit] if limit else [])]


def dirty_count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM entity_day_dirty").fetchone()[0])


def _bounds(days: Sequence[str]) -> dict[str, str]:
    return {"lo": min(days), "hi": max(days) + "T99", "days": json.dumps(list(days))}


def day_buzz_rows(db: sqlite_utils.Database, days: Sequence[str]) -> pd.DataFrame:
    """One row per (article, entity id) of ``days``: entity (the id), article_id, published (UTC), source,
    mentions, title_mentions, article_mentions, novelty (NaN when none)."""
    import pandas as pd

    sql = f"""
        WITH art AS ({_DAY_ARTICLES})
        SELECT m.entity_id AS entity, art.id AS article_id, art.published, art.source, count(*) AS mentions,
               sum(m.field = 'title') AS title_mentions,
               (SELECT count(*) FROM mentions m2 WHERE m2.article_id = art.id) AS article_mentions, n.novelty
        FROM art JOIN mentions m ON m.article_id = art.id LEFT JOIN article_novelty n ON n.article_id = art.id
        WHERE m.entity_id IS NOT NULL
        GROUP BY art.id, m.entity_id"""
    df = read_frame(db, sql, _bounds(days))
    df["published"] = pd.to_datetime(df["published"], utc=True, format="ISO8601")
    df["novelty"] = df["novelty"].astype(float)
    return df


def day_tone_rows(db: sqlite_utils.Database, days: Sequence[str]) -> pd.DataFrame:
    """One row per (article, entity id, model) of ``days`` with the entity's sentiment under its stored name:
    entity (the id), model, article_id, published (UTC), source, negative, neutral, positive."""
    import pandas as pd

    sql = f"""
        WITH art AS ({_DAY_ARTICLES}),
             ent AS (SELECT DISTINCT m.article_id, m.entity_id FROM art JOIN mentions m ON m.article_id = art.id
                     WHERE m.entity_id IS NOT NULL)
        SELECT ent.entity_id AS entity, s.model, art.id AS article_id, art.published, art.source,
               s.negative, s.neutral, s.positive
        FROM ent JOIN art ON art.id = ent.article_id JOIN entities e ON e.id = ent.entity_id
        JOIN entity_sentiment s ON s.article_id = ent.article_id AND s.entity = e.name"""
    df = read_frame(db, sql, _bounds(days))
    df["published"] = pd.to_datetime(df["published"], utc=True, format="ISO8601")
    return df


def replace_days(db: sqlite_utils.Database, days: Sequence[str], buzz: pd.DataFrame, tone: pd.DataFrame) -> int:
    """Replace the aggregates of ``days`` with ``buzz`` (entity, day, BUZZ_FIELDS; sources a sequence of names)
    and ``tone`` (entity, model, day, TONE_FIELDS) and mark the days clean; call inside a transaction that also
    read their inputs. Returns the rows written."""
    marks = json.dumps(list(days))
    for table in ("entity_days", "entity_day_sentiment"):
        db.execute(f"DELETE FROM {table} WHERE day IN (SELECT value FROM json_each(?))", [marks])
    db.conn.executemany(
        f"INSERT INTO entity_days (entity_id, day, {', '.join(BUZZ_FIELDS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        _records(buzz, ("entity", "day", *BUZZ_FIELDS)))
    db.conn.executemany(
        f"INSERT INTO entity_day_sentiment (entity_id, model, day, {', '.join(TONE_FIELDS)}) VALUES (?, ?, ?, ?, ?, ?)",
        _records(tone, ("entity", "model", "day", *TONE_FIELDS)))
    db.execute("DELETE FROM entity_day_dirty WHERE day IN (SELECT value FROM json_each(?))", [marks])
    return len(buzz) + len(tone)


def _records(df: pd.DataFrame, cols: Sequence[str]) -> list[tuple]:
    if df.empty:
        return []
    out = df[list(cols)].copy()
    out["day"] = out["day"].dt.strftime("%Y-%m-%d")
    if "sources" in out:
        out["sources"] = [json.dumps(list(v)) for v in out["sources"]]
    return list(out.itertuples(index=False, name=None))


def read_days(db: sqlite_utils.Database, entity_id: int, model: str | None, *, first: str | None,
              last: str | None) -> pd.DataFrame:
    """Stored day rows of one entity from ``first`` to ``last`` (days, inclusive; None: open), clean days only:
    day (UTC), BUZZ_FIELDS (sources a tuple), TONE_FIELDS (zero when nothing of ``model`` is scored)."""
    import pandas as pd

    sql = """
        SELECT d.day, d.sources, d.articles, d.mentions, d.relevance, d.novelty_sum, d.novelty_n,
               coalesce(t.scored, 0) AS scored, coalesce(t.w, 0.0) AS w, coalesce(t.ws, 0.0) AS ws
        FROM entity_days d
        LEFT JOIN entity_day_sentiment t ON t.entity_id = d.entity_id AND t.model = :model AND t.day = d.day
        WHERE d.entity_id = :id AND d.day >= :first AND d.day <= :last
          AND d.day NOT IN (SELECT day FROM entity_day_dirty)
        ORDER BY d.day"""
    params = {"id": entity_id, "model": model, "first": first or "", "last": last or "9999"}
    df = read_frame(db, sql, params)
    df["day"] = pd.to_datetime(df["day"], utc=True, format="%Y-%m-%d")
    df["sources"] = [tuple(v) for v in json.loads("[" + ",".join(df["sources"]) + "]")]
    return df
