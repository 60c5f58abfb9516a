"""Narratives section: rising and fading storylines of the week, read from the narrative tables (m005)."""

from __future__ import annotations

import json
import logging
import math
import re
from typing import Any

import sqlite_utils

from news_sentiment.reports.records import Example, NarrativeRow, Week
from news_sentiment.reports.weeks import bounds, previous
from news_sentiment.textutil import sentences

log = logging.getLogger(__name__)

SHIFT_THRESHOLD = 1.0  # |shift| at or above this is rising/fading
SHARE_THRESHOLD = 0.05  # without a shift score: a 5-point change in article share


def narratives_available(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='narrative_weeks'").fetchone() is not None


def _f(x: Any) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _status(shift: float | None, share: float, prev_share: float | None) -> str:
    if shift is not None:
        return "rising" if shift >= SHIFT_THRESHOLD else "fading" if shift <= -SHIFT_THRESHOLD else "steady"
    if prev_share is None:
        return "rising" if share > 0 else "steady"
    delta = share - prev_share
    return "rising" if delta >= SHARE_THRESHOLD else "fading" if delta <= -SHARE_THRESHOLD else "steady"


def best_sentence(text: str, phrases: list[str]) -> str | None:
    """The sentence of ``text`` with the most phrase hits (None when no phrase occurs)."""
    if not phrases:
        return None
    rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")",
                    re.IGNORECASE)
    best, score = None, 0
    for sent in sentences(text):
        hits = len(rx.findall(sent))
        if hits > score and 30 <= len(sent) <= 600:
            best, score = sent, hits
    return best


def _examples(db: sqlite_utils.Database, nid: str, phrases: list[str], week: Week, n: int = 2) -> tuple[Example, ...]:
    start, end = bounds(week)
    rows = db.execute(
        "SELECT a.title, a.url, a.text FROM article_narratives x JOIN articles a ON a.id = x.article_id "
        "WHERE x.narrative_id = ? AND a.duplicate_of IS NULL AND a.published >= ? AND a.published < ? "
        "ORDER BY x.score DESC, x.sentences DESC, a.published LIMIT 10",
        [nid, start, end]).fetchall()
    out: list[Example] = []
    for title, url, text in rows:
        sent = best_sentence(text or "", phrases)
        if sent and all(e.sentence != sent for e in out):
            out.append(Example(sent, title, url))
        if len(out) >= n:
            break
    return tuple(out)


def week_narratives(db: sqlite_utils.Database, week: Week, limit: int = 8) -> tuple[NarrativeRow, ...]:
    """Rising narratives (highest shift first), then fading ones, then steady ones; at most ``limit``."""
    prev = previous(week)
    cur = db.execute(
        "SELECT w.narrative_id, n.name, n.source, n.phrases, n.first_seen, w.week, w.articles, w.article_share, "
        "w.sentiment, w.shift, w.baskets FROM narrative_weeks w JOIN narratives n ON n.id = w.narrative_id "
        "WHERE w.week IN (?, ?)", [week.label, prev.label])
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    this = {r["narrative_id"]: r for r in rows if r["week"] == week.label and r["articles"] > 0}
    before = {r["narrative_id"]: r for r in rows if r["week"] == prev.label}
    out = []
    for nid, r in this.items():
        share = float(r["article_share"])
        prev_row = before.get(nid)
        shift = _f(r["shift"])
        phrases = json.loads(r["phrases"] or "[]")
        first_seen = str(r["first_seen"] or "")
        out.append(NarrativeRow(
            name=r["name"], status=_status(shift, share, float(prev_row["article_share"]) if prev_row else None),
            shift=shift, intensity=share, sentiment=_f(r["sentiment"]),
            baskets=tuple(json.loads(r["baskets"] or "[]")), examples=_examples(db, nid, phrases, week),
            new=r["source"] == "discovered" and first_seen.startswith(week.label)))
    order = {"rising": 0, "fading": 1, "steady": 2}
    out.sort(key=lambda n: (order[n.status], -(abs(n.shift) if n.shift is not None else 0), -(n.intensity or 0)))
    return tuple(out[:limit])
