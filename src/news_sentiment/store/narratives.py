"""Narratives in the store: the articles, sentiment and mentions a narrative run reads, the fingerprint of
those inputs, writing a run's weekly series (one transaction), and reading them back for the CLI, links
and reports. Reads and writes only: the run itself is :func:`news_sentiment.pipeline.narratives.update_narratives`."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime, timezone
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlite_utils

from news_sentiment.errors import InputError
from news_sentiment.store.tx import transaction
from news_sentiment.dates import week_bounds
from news_sentiment.store.backend import dict_rows

def _frame(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    cur = db.execute(sql, list(params))
    return pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])


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


def read_narrative_weeks(db: sqlite_utils.Database, week: str | None = None,
                         narrative: str | None = None) -> pd.DataFrame:
    """Stored weekly stats joined with narrative names; ``week`` 'latest' or None = every week.

    ``narrative`` matches an id or a name (case-insensitive). Unknown narrative: InputError listing names.
    """
    sql = ("SELECT w.week, w.narrative_id, n.name, n.source, w.articles, w.article_share, w.share_low, w.share_high, "
           "w.sentences, w.sentence_share, w.sentiment, w.sentiment_n, w.shift, w.shift_p, w.shift_test, "
           "w.shift_history, w.status, n.headline, w.entities, w.baskets "
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
    text) and first_seen, and the week's stored intensity interval (share_low, share_high), shift test (shift,
    shift_p, shift_test, shift_history) and status (None on rows written before statuses were stored)."""
    return dict_rows(
        db, "SELECT w.narrative_id, n.name, n.source, n.phrases, n.first_seen, w.week, w.articles, w.article_share, "
        "w.share_low, w.share_high, w.sentiment, w.shift, w.shift_p, w.shift_history, w.shift_test, w.status, "
        "w.baskets FROM narrative_weeks w "
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


def sync_configured(db: sqlite_utils.Database, configured: Sequence[tuple[str, str, str, list[str]]]) -> None:
    """Store the configured narratives (id, name, description, phrases) and delete those no longer configured
    (their weekly rows and hits go with them), in one transaction."""
    keep = {c[0] for c in configured}
    now = datetime.now(timezone.utc).isoformat()
    with transaction(db):
        for (nid,) in db.execute("SELECT id FROM narratives WHERE source = 'config'").fetchall():
            if nid not in keep:
                db.execute("DELETE FROM narratives WHERE id = ?", [nid])
        for nid, name, description, phrases in configured:
            db.execute("INSERT INTO narratives (id, name, source, description, phrases, updated_at) "
                       "VALUES (?, ?, 'config', ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                       "description = excluded.description, phrases = excluded.phrases", [nid, name, description,
                                                                                       json.dumps(phrases), now])


ARTICLE_NARRATIVE_COLUMNS = ["week", "article_id", "published", "title", "url", "narrative_id", "narrative", "source",
                             "score", "sentences", "evidence"]


def read_article_narratives(db: sqlite_utils.Database, week: str) -> pd.DataFrame:
    """Every article of ``week`` ('latest' = the newest stored) that carries a narrative: one row per (article,
    narrative) with its score and ``evidence``, a list of {sentence_no, sentence, similarity}, strongest first."""
    if week == "latest":
        row = db.execute("SELECT max(week) FROM narrative_week_state").fetchone()
        week = row[0] if row and row[0] else ""
    elif not re.fullmatch(r"\d{4}-W\d{2}", week):
        raise InputError(f"bad week {week!r}", hint="Write ISO weeks like 2025-W10.")
    start, end = week_bounds(week) if week else ("", "")
    df = _frame(db, "SELECT x.article_id, a.published, a.title, a.url, x.narrative_id, n.name AS narrative, n.source, "
                    "x.score, x.sentences FROM article_narratives x JOIN articles a ON a.id = x.article_id "
                    "JOIN narratives n ON n.id = x.narrative_id WHERE a.duplicate_of IS NULL AND a.published >= ? "
                    "AND a.published < ? ORDER BY a.published, a.id, x.score DESC", [start, end])
    ev = _frame(db, "SELECT e.article_id, e.narrative_id, e.sentence_no, e.text, e.similarity "
                    "FROM narrative_evidence e JOIN articles a ON a.id = e.article_id "
                    "WHERE a.published >= ? AND a.published < ? ORDER BY e.similarity DESC", [start, end])
    by = {}
    for r in ev.itertuples(index=False):
        by.setdefault((r.article_id, r.narrative_id), []).append(
            {"sentence_no": int(r.sentence_no), "sentence": r.text, "similarity": round(float(r.similarity), 4)})
    df.insert(0, "week", week)
    df["evidence"] = [by.get((a, n), []) for a, n in zip(df["article_id"], df["narrative_id"])]
    return df[ARTICLE_NARRATIVE_COLUMNS]


def narrative_evidence_examples(db: sqlite_utils.Database, narrative_id: str, start: str, end: str,
                                limit: int = 10) -> list[tuple[str, float, str | None, str | None]]:
    """(sentence, similarity, title, url): each article's strongest evidence sentence for the narrative, of the
    non-duplicate articles published in ``[start, end)``, strongest first; at most ``limit``."""
    rows = db.execute(
        "SELECT e.article_id, e.text, e.similarity, a.title, a.url FROM narrative_evidence e "
        "JOIN articles a ON a.id = e.article_id WHERE e.narrative_id = ? AND a.duplicate_of IS NULL "
        "AND a.published >= ? AND a.published < ? ORDER BY e.similarity DESC, a.published, e.article_id",
        [narrative_id, start, end]).fetchall()
    seen: set[int] = set()
    out = []
    for aid, text, sim, title, url in rows:
        if aid not in seen:
            seen.add(aid)
            out.append((text, float(sim), title, url))
    return out[:limit]
