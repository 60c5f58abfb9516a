"""Report assembly: query the store for one ISO week and return a typed ``WeeklyReport`` (no rendering).

Every section degrades on its own: an empty table or a missing component leaves that section empty
and adds a line to the method notes saying what is missing and how to fill it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timezone

import pandas as pd
import sqlite_utils

from news_sentiment.analysis.narrative_discovery import RETIRE_AFTER
from news_sentiment.analysis.narratives import (
    MIN_NARRATIVE_ARTICLES,
    MIN_WEEK_ARTICLES,
    SHIFT_ALPHA,
    SHIFT_TEST,
    SHIFT_WINDOW,
)
from news_sentiment.errors import ConfigError, ModelError
from news_sentiment.nlp.kb import KnowledgeBase, load_kb
from news_sentiment.reports.claims import week_claims, week_strategists
from news_sentiment.reports.markets import market_rows, markets_gap
from news_sentiment.reports.narratives import narratives_available, week_narratives
from news_sentiment.reports.records import (
    Coverage,
    MethodNotes,
    Badge,
    NarrativeRow,
    SentimentRow,
    SourceCount,
    Week,
    WeeklyReport,
)
from news_sentiment.reports.sentiment import (
    QuoteScorer,
    basket_sentiment,
    entity_sentiment,
    latest_model,
    window_frame,
)
from news_sentiment.reports.weeks import bounds, local, parse_week, previous
from news_sentiment.store import read_report as store
from news_sentiment.store.narratives import narrative_summary

log = logging.getLogger(__name__)

THIN_ARTICLES = 20  # fewer articles than this in a week is thin coverage
BADGE_RULE = (
    "Each badge is the status `sentiment narratives` stored for the narrative and this week. Intensity: its share "
    "of the week's articles, with a 95 % Wilson interval. Shift: a " + SHIFT_TEST + " (z and two-sided p), run "
    f"only when this week has at least {MIN_WEEK_ARTICLES} articles, the previous {SHIFT_WINDOW} weeks together "
    f"as many, and the narrative at least {MIN_NARRATIVE_ARTICLES} across them. Rising / fading: p < "
    f"{SHIFT_ALPHA:g} with the share up / down (a discovered narrative without a cluster this week is also "
    "fading). Newly discovered: found by discovery this week; new: a configured narrative in its first week with "
    "articles after at least one stored week without any. Retired: a discovered narrative in the week it is "
    f"dropped, after {RETIRE_AFTER} weeks without a cluster. Steady: tested, no significant change. Untested: "
    "too few articles for the shift test (the reason is given)."
)


def coverage(db: sqlite_utils.Database, week: Week, thin: int = THIN_ARTICLES) -> Coverage:
    """Articles, sources, duplicates folded, date range and a warning when the week looks thin."""
    span = bounds(week)
    stored = store.week_articles(db, *span)
    n, first, last, words, estimated = stored.articles, stored.first, stored.last, stored.words, stored.estimated
    sources = tuple(SourceCount(s, c) for s, c in stored.sources)
    near = store.count_duplicates(db, *span)
    resightings = store.count_resightings(db, *span)
    prev = store.count_articles(db, *bounds(previous(week)))
    problems = []
    if n == 0:
        problems.append("no articles were published this week")
    elif n < thin:
        problems.append(f"only {n} article{'s' if n != 1 else ''} (fewer than {thin})")
    if n and len(sources) < 2:
        problems.append("a single source")
    if prev and n < 0.5 * prev:
        problems.append(f"less than half of last week's {prev}")
    if estimated:
        problems.append(f"{estimated} publication time{'s' if estimated != 1 else ''} estimated (feed gave none)")
    warning = ("Thin coverage: " + "; ".join(problems) + ". Read the figures below with care.") if problems else None
    return Coverage(articles=n, sources=sources, duplicates=int(near) + int(resightings or 0),
                    first=local(first, week.tz), last=local(last, week.tz), words=int(words), estimated_dates=estimated,
                    previous_articles=prev, warning=warning)


def _has_rows(db: sqlite_utils.Database, table: str) -> bool:
    """Whether ``table`` has a row (False only when it is absent; a locked store is a StoreError)."""
    return store.has_rows(db, table)


def method_notes(db: sqlite_utils.Database, week: Week, kb: KnowledgeBase | None, model: str | None,
                 quote_model: str | None, notes: list[str]) -> MethodNotes:
    """Model and KB versions, and what was excluded from this week's figures."""
    span = bounds(week)
    versions = store.extractor_versions(db, *span)
    models = tuple(dict.fromkeys(m for m in (model, quote_model) if m))
    n = store.count_articles(db, *span)
    dups = store.count_duplicates(db, *span)
    gaps = store.week_gaps(db, *span, model)
    other_lang, unextracted, unscored, unchecked = (gaps.other_language, gaps.unextracted, gaps.unscored,
                                                    gaps.unchecked_claims)
    exclusions = []
    if dups:
        exclusions.append(f"{dups} near-duplicate article{'s' if dups != 1 else ''} folded into their originals")
    if other_lang:
        exclusions.append(f"{other_lang} non-English article{'s' if other_lang != 1 else ''}: entities only, "
                          "no claims or quotes")
    if unextracted:
        exclusions.append(f"{unextracted} of {n} articles not yet extracted (run `sentiment extract`)")
    if model and unscored:
        exclusions.append(f"{unscored} of {n} articles not scored by {model} (run `sentiment score`)")
    if unchecked:
        exclusions.append(f"{unchecked} claim{'s' if unchecked != 1 else ''} not yet checked: no stored prices "
                          "cover them (`sentiment prices import`; the report checks covered claims itself)")
    narr = None
    if narratives_available(db) and _has_rows(db, "narrative_weeks"):
        summary = narrative_summary(db)
        narr = (f"{summary.narratives} narratives ({summary.discovered} discovered), "
                f"updated {str(summary.updated_at)[:19]}; weeks in UTC")
    return MethodNotes(extractor_versions=versions, sentiment_models=models, kb_version=kb.version if kb else None,
                       narratives=narr, exclusions=tuple(exclusions), notes=tuple(notes), article_model=model,
                       quote_model=quote_model)


def _narratives_section(db: sqlite_utils.Database, wk: Week, notes: list[str]) -> tuple[NarrativeRow, ...]:
    """The week's narratives, or () with a note saying why the section is empty."""
    if not narratives_available(db):
        notes.append("Narrative tables are not in this database: narratives section empty.")
    elif not _has_rows(db, "narrative_weeks"):
        notes.append("Narratives have not been computed: narratives section empty (run `sentiment narratives`).")
    else:
        rows = tuple(week_narratives(db, wk))
        if any(n.status is Badge.NOT_STORED for n in rows):
            notes.append("Some narrative rows of this week have no stored status (computed before statuses were "
                         "stored): run `sentiment narratives` to recompute them.")
        return rows
    return ()


def _sentiment_section(db: sqlite_utils.Database, wk: Week, model: str | None, kb: KnowledgeBase | None,
                       top_entities: int, notes: list[str]
                       ) -> tuple[tuple[SentimentRow, ...], tuple[SentimentRow, ...]]:
    """(basket sentiment, entity sentiment) of the week against the week before, with notes when empty."""
    if model is None:
        notes.append("No sentiment scores stored: sentiment section empty and strategist stance unscored "
                     "(run `sentiment score` once the sentiment model is installed).")
        return (), ()
    this, last = window_frame(db, model, wk), window_frame(db, model, previous(wk))
    baskets = basket_sentiment(this, last, kb) if kb is not None else ()
    entities = entity_sentiment(this, last, top_entities, exclude={b.name for b in baskets})
    if this.empty:
        notes.append(f"No scored article of this week mentions a known entity ({model}).")
    return baskets, entities


def _claims_notes(db: sqlite_utils.Database, notes: list[str]) -> None:
    if not _has_rows(db, "claims"):
        notes.append("No claims extracted: claims section empty (run `sentiment extract`).")
    elif not _has_rows(db, "claim_checks"):
        notes.append("Claims have not been checked against prices: none are covered by stored prices "
                     "(`sentiment prices import`, then `sentiment update` or this report checks them).")


def assemble_report(db: sqlite_utils.Database, week: str | Week, *, tz: str = "UTC", kb: KnowledgeBase | None = None,
                    quote_scorer: QuoteScorer | None = None, claims_limit: int = 12, top_entities: int = 8,
                    thin: int = THIN_ARTICLES, notes: Sequence[str] = ()) -> WeeklyReport:
    """Everything the weekly report shows, for ISO ``week`` ('2025-W10') in timezone ``tz``.

    ``notes``: problems the caller met (a model that could not be loaded) for the method notes.
    """
    wk = parse_week(week, tz) if isinstance(week, str) else week
    notes = list(notes)
    if kb is None:
        try:
            kb = load_kb()
        except (ConfigError, ModelError) as exc:  # without a KB there are no baskets, but the rest still works
            log.warning("report without a knowledge base: %s", exc)
            notes.append(f"Knowledge base unavailable ({exc}): no baskets or indices.")
    cov = coverage(db, wk, thin)

    markets, markets_note = (), None
    if kb is not None:
        markets = market_rows(db, kb, wk.end)
        markets_note = markets_gap(db, kb, wk, markets)
        if markets_note:
            notes.append(markets_note)

    narratives = _narratives_section(db, wk, notes)
    model = latest_model(db)
    baskets, entities = _sentiment_section(db, wk, model, kb, top_entities, notes)
    _claims_notes(db, notes)
    claims, counts = week_claims(db, wk, claims_limit)
    quote_model = getattr(quote_scorer, "version", None) if quote_scorer else None
    strategists = week_strategists(db, wk, model, quote_scorer)
    if strategists and quote_scorer is None and model is not None:
        notes.append("Strategist stance uses the sentiment of the articles quoting them: "
                     "the sentiment model was not available to score the quotes themselves.")
    return WeeklyReport(
        week=wk, generated_at=datetime.now(timezone.utc).replace(microsecond=0), coverage=cov, markets=markets,
        markets_asof=wk.end, narratives=narratives, basket_sentiment=baskets, entity_sentiment=entities,
        claims=claims, claim_counts=counts, strategists=strategists,
        method=method_notes(db, wk, kb, model, quote_model, notes), markets_note=markets_note,
        badge_rule=BADGE_RULE)


def latest_week(db: sqlite_utils.Database, tz: str = "UTC") -> str | None:
    """The ISO week of the newest stored (non-duplicate) article, in ``tz``."""
    newest = store.newest_published(db)
    when = local(newest, tz) if newest else None
    if when is None:
        return None
    year, num, _ = when.date().isocalendar()
    return f"{year}-W{num:02d}"


def frame_of(rows: tuple) -> pd.DataFrame:
    """Any tuple of report dataclasses as a DataFrame (for notebooks)."""
    import dataclasses

    return pd.DataFrame([dataclasses.asdict(r) for r in rows])
