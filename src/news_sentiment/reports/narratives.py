"""Narratives section: the week's storylines as ``sentiment narratives`` stored them (m005).

A narrative's badge is the status stored for it and the week in ``narrative_weeks`` (the definitions are those
of :mod:`news_sentiment.analysis.narratives`, also in docs/narratives.md), so the report and the CLI always say
the same thing. Two kinds are told apart beyond the stored words: a steady row with an empty shift was not
tested ("untested", the stored ``shift_test`` says why) and a row without a status was written before statuses
were stored ("status not stored": re-run ``sentiment narratives``). Intensity is shown with its stored 95 %
Wilson interval, the shift with its stored z, p-value and test. Examples are the week's strongest evidence
sentences, with their score.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Sequence
from typing import Any

import sqlite_utils

from news_sentiment.analysis.narratives import Status
from news_sentiment.reports.records import Badge, Example, NarrativeRow, Week
from news_sentiment.reports.weeks import bounds, utc_text, week_of
from news_sentiment.textutil import sentences
from news_sentiment.store.backend import table_exists
from news_sentiment.store.narratives import (
    narrative_article_texts,
    narrative_evidence_examples,
    narrative_week_rows,
    narrative_week_totals,
)
from news_sentiment.store.read_report import count_articles

log = logging.getLogger(__name__)

# the report's order: rising first, then new, fading, retired, steady, untested, rows without a status
ORDER = tuple(Badge)
SHOWN_WITHOUT_ARTICLES = frozenset({Badge.FADING, Badge.RETIRED})  # a storyline that faded out this week


def narratives_available(db: sqlite_utils.Database) -> bool:
    return table_exists(db, "narrative_weeks")


def _f(x: Any) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def badge_of(status: str | None, shift: float | None) -> Badge:
    """The badge of a stored row: its status, "untested" for a steady row without a shift (too small a sample),
    "status not stored" when it has none (written before statuses were stored, or a word this code does not
    know)."""
    if status is None:
        return Badge.NOT_STORED
    try:
        stored = Status(status)
    except ValueError:
        log.warning("unknown stored narrative status %r: shown as not stored", status)
        return Badge.NOT_STORED
    if stored is Status.STEADY and shift is None:
        return Badge.UNTESTED
    return Badge(stored.value)


def _week_totals(db: sqlite_utils.Database, labels: Sequence[str], weeks: Sequence[Week]) -> dict[str, int]:
    """All articles of each (UTC, ISO) week the narrative pass counted: articles / share of any row with hits,
    else the non-duplicate articles stored for that week."""
    totals = narrative_week_totals(db, labels)
    for label, wk in zip(labels, weeks):
        if label not in totals:
            totals[label] = count_articles(db, utc_text(week_of(wk.start).start_utc),
                                           utc_text(week_of(wk.start).end_utc))
    return totals


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
    """The week's strongest evidence sentences (semantic assignment), else sentences with the narrative's terms."""
    out: list[Example] = []
    for sent, sim, title, url in narrative_evidence_examples(db, nid, *bounds(week), limit=n * 3):
        if all(e.sentence != sent for e in out) and len(out) < n:
            out.append(Example(sent, title or "", url or "", sim))
    if out:
        return tuple(out)
    for title, url, text in narrative_article_texts(db, nid, *bounds(week)):
        sent = best_sentence(text or "", phrases)
        if sent and all(e.sentence != sent for e in out):
            out.append(Example(sent, title, url))
        if len(out) >= n:
            break
    return tuple(out)


def _row(db: sqlite_utils.Database, r: dict[str, Any], week: Week, total: int) -> NarrativeRow:
    """A stored weekly row as the report shows it (examples only for a week with articles)."""
    shift = _f(r["shift"])
    articles = int(r["articles"] or 0)
    examples = _examples(db, r["narrative_id"], json.loads(r["phrases"] or "[]"), week) if articles else ()
    return NarrativeRow(
        name=r["name"], status=badge_of(r["status"], shift), articles=articles, week_articles=total,
        intensity=_f(r["article_share"]), share_low=_f(r["share_low"]), share_high=_f(r["share_high"]),
        shift=shift, shift_p=_f(r["shift_p"]), shift_test=str(r["shift_test"] or ""),
        shift_history=int(r["shift_history"] or 0), sentiment=_f(r["sentiment"]),
        baskets=tuple(json.loads(r["baskets"] or "[]")), examples=examples, discovered=r["source"] == "discovered")


def _order(n: NarrativeRow) -> tuple[int, float, float, str]:
    """Badge order; rising and fading ones by p-value (smallest first), then by intensity and name."""
    p = n.shift_p if n.status in (Badge.RISING, Badge.FADING) and n.shift_p is not None else 1.0
    return ORDER.index(n.status), p, -(n.intensity or 0.0), n.name


def week_narratives(db: sqlite_utils.Database, week: Week, limit: int = 8) -> tuple[NarrativeRow, ...]:
    """The week's narratives with their stored status: those carried by articles this week, and those fading
    or retired this week without any; rising first (smallest p-value first), then new, fading, retired, steady,
    untested and rows without a status; at most ``limit``."""
    total = _week_totals(db, (week.label,), (week,))[week.label]
    rows = (_row(db, r, week, total) for r in narrative_week_rows(db, (week.label,)))
    out = [n for n in rows if n.articles > 0 or n.status in SHOWN_WITHOUT_ARTICLES]
    out.sort(key=_order)
    return tuple(out[:limit])
