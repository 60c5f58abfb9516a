"""Narratives section: rising and fading storylines of the week, read from the narrative tables (m005).

A badge compares the share of articles carrying a narrative this week with last week's, with Fisher's
exact test (two-sided) on the 2×2 table (carrying / not carrying × this week / last week): "rising" or
"fading" when p < ``TREND_ALPHA``, "steady" otherwise, and "too few articles" without a test when either
week has fewer than ``MIN_TREND_ARTICLES`` articles in all. The stored shift (a two-proportion z-test against
the previous four weeks, see docs/narratives.md) is shown beside it with its test's name, not used for the badge.
Examples are the week's strongest evidence sentences, with their score.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Sequence
from typing import Any

import sqlite_utils
from scipy.stats import fisher_exact

from news_sentiment.reports.records import Example, NarrativeRow, Trend, TrendTest, Week
from news_sentiment.reports.weeks import bounds, previous, utc_text, week_of
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

MIN_TREND_ARTICLES = 10  # articles (all narratives) in each of the two weeks before a badge is given
TREND_ALPHA = 0.05  # two-sided p-value below which a change in share is rising / fading
TREND_TEST = "Fisher's exact test, two-sided"


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


def trend_test(articles: int, week_articles: int, prev_articles: int, prev_week_articles: int, *,
               min_articles: int = MIN_TREND_ARTICLES) -> TrendTest:
    """The 2×2 test of this week's share against last week's; no p-value when either week is too small."""
    p_value = None
    if min(week_articles, prev_week_articles) >= max(min_articles, 1):
        table = [[articles, week_articles - articles], [prev_articles, prev_week_articles - prev_articles]]
        p_value = float(fisher_exact(table, alternative="two-sided").pvalue)
    return TrendTest(articles, week_articles, prev_articles, prev_week_articles, p_value)


def trend_of(test: TrendTest, alpha: float = TREND_ALPHA) -> Trend:
    """rising / fading when the change in share is significant at ``alpha``, steady when not, too few untested."""
    if test.p_value is None:
        return Trend.TOO_FEW
    if test.p_value >= alpha:
        return Trend.STEADY
    return Trend.RISING if (test.share or 0.0) > (test.prev_share or 0.0) else Trend.FADING


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


def week_narratives(db: sqlite_utils.Database, week: Week, limit: int = 8, *,
                    min_articles: int = MIN_TREND_ARTICLES) -> tuple[NarrativeRow, ...]:
    """Rising narratives (smallest p-value first), then fading, steady and untested ones; at most ``limit``."""
    prev = previous(week)
    rows = narrative_week_rows(db, (week.label, prev.label))
    this = {r["narrative_id"]: r for r in rows if r["week"] == week.label and r["articles"] > 0}
    before = {r["narrative_id"]: r for r in rows if r["week"] == prev.label}
    totals = _week_totals(db, (week.label, prev.label), (week, prev))
    out = []
    for nid, r in this.items():
        prev_row = before.get(nid)
        test = trend_test(int(r["articles"]), totals[week.label], int(prev_row["articles"]) if prev_row else 0,
                          totals[prev.label], min_articles=min_articles)
        phrases = json.loads(r["phrases"] or "[]")
        first_seen = str(r["first_seen"] or "")
        out.append(NarrativeRow(
            name=r["name"], status=trend_of(test), shift=_f(r["shift"]), intensity=float(r["article_share"]),
            sentiment=_f(r["sentiment"]), baskets=tuple(json.loads(r["baskets"] or "[]")),
            examples=_examples(db, nid, phrases, week),
            new=r["source"] == "discovered" and first_seen.startswith(week.label), test=test,
            shift_history=int(r["shift_history"] or 0), shift_test=str(r.get("shift_test") or "")))
    order = {Trend.RISING: 0, Trend.FADING: 1, Trend.STEADY: 2, Trend.TOO_FEW: 3}
    out.sort(key=lambda n: (order[n.status], n.test.p_value if n.test and n.test.p_value is not None else 1.0,
                            -(n.intensity or 0), n.name))
    return tuple(out[:limit])
