"""Entity signals from the store: resolve the entity, read its day rows and prices, run the pure analysis; and
the update's ``days`` step, which keeps the per-entity, per-day aggregates (``store.entity_days``) current.

An entity's day rows come from the stored aggregates for clean, whole days and from its article rows
(``store.read.signal_rows`` through ``analysis.signals.daily``) for days changed since the last ``days`` step
and for days cut by ``since``/``until``: a read is never stale, and both paths sum the same way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pandas as pd
import sqlite_utils

from news_sentiment.analysis.prices import norm_ticker
from news_sentiment.analysis.signals import (
    DAY_COLUMNS,
    EntityLink,
    Freq,
    LinkOptions,
    daily,
    daily_buzz,
    daily_tone,
    link_days,
    signals_from_days,
)
from news_sentiment.errors import InputError
from news_sentiment.pipeline.prices import price_book
from news_sentiment.pipeline.results import Step, StepResult, StepStatus
from news_sentiment.store import entity_days as days_store

log = logging.getLogger(__name__)
DAYS_PER_BATCH = 31  # days recomputed per transaction by the days step
# Out-of-date days up to which a read takes stored days and reads the rest day by day; beyond it (a store
# not refreshed for long, or never) reading the entity's articles is cheaper.
MAX_FRESH_DAYS = 60


@dataclass(frozen=True)
class EntityNews:
    """An entity as the user named it, resolved: its display name, ticker (None without one) and day rows
    (``analysis.signals.DAY_COLUMNS``)."""

    name: str
    ticker: str | None
    days: pd.DataFrame


def _whole_days(since: datetime | None, until: datetime | None) -> tuple[str | None, str | None, list[str]]:
    """(first whole day, last whole day, days cut by the bounds): a day is whole when ``since`` is its
    midnight and ``until`` (inclusive, second precision as stored) its last second."""
    first = last = None
    cut: list[str] = []
    if since is not None:
        s = since.astimezone(timezone.utc)
        first = s.date().isoformat() if s.time() == datetime.min.time() else (s.date() + timedelta(1)).isoformat()
        if s.time() != datetime.min.time():
            cut.append(s.date().isoformat())
    if until is not None:
        u = until.astimezone(timezone.utc).replace(microsecond=0)
        whole = (u.hour, u.minute, u.second) == (23, 59, 59)
        last = u.date().isoformat() if whole else (u.date() - timedelta(1)).isoformat()
        if not whole:
            cut.append(u.date().isoformat())
    return first, last, cut


def _aggregated(db: sqlite_utils.Database, ids: Sequence[int], names: Sequence[str]) -> bool:
    """Whether the stored aggregates describe the resolved entity: one stored entity, scored only under its
    stored name (several ids or names are averaged per article, which day sums cannot redo)."""
    if len(ids) != 1:
        return False
    stored = db.execute("SELECT name FROM entities WHERE id = ?", [ids[0]]).fetchone()[0]
    others = [n for n in names if n != stored]
    if not others:
        return True
    marks = ", ".join("?" * len(others))
    return db.execute(f"SELECT 1 FROM entity_sentiment WHERE entity IN ({marks}) LIMIT 1", others).fetchone() is None


def entity_news(db: sqlite_utils.Database, entity: str, *, since: datetime | None = None,
                until: datetime | None = None, model: str | None = None) -> EntityNews:
    """Resolve ``entity`` (name, alias or ticker: ``store.extraction.resolve_entity``) and read its day rows."""
    from news_sentiment.nlp.kb import lookup_kb
    from news_sentiment.store.extraction import entity_ticker, resolve_entity
    from news_sentiment.store.read import last_model, signal_rows

    kb = lookup_kb(entity)
    ids, names = resolve_entity(db, entity, kb=kb)
    model = model if model is not None else last_model(db, names)
    if _aggregated(db, ids, names) and days_store.dirty_count(db) <= MAX_FRESH_DAYS:
        first, last, cut = _whole_days(since, until)
        stored = days_store.read_days(db, ids[0], model, first=first, last=last).assign(entity=names[0])
        parts = [stored[list(DAY_COLUMNS)]]
        if cut or days_store.dirty_count(db):
            parts.append(daily(signal_rows(db, ids, names, model=model, since=since, until=until, dirty_or=cut)
                               .assign(entity=names[0])))
        parts = [p for p in parts if not p.empty]
        days = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(DAY_COLUMNS))
    else:
        days = daily(signal_rows(db, ids, names, model=model, since=since, until=until).assign(entity=names[0]))
    ticker = entity_ticker(db, entity, ids, kb=kb)
    return EntityNews(names[0], norm_ticker(ticker) if ticker else None, days.sort_values("day", ignore_index=True))


def signals(db: sqlite_utils.Database, entity: str, freq: Freq | str = Freq.DAY, *, since: datetime | None = None,
            until: datetime | None = None, model: str | None = None) -> pd.DataFrame:
    """Per-period sentiment, buzz, novelty and relevance of one entity (``analysis.signals.entity_signals``)."""
    return signals_from_days(entity_news(db, entity, since=since, until=until, model=model).days, freq)


def refresh_days(db: sqlite_utils.Database, *, progress: Callable[[int, int | None], None] | None = None,
                 stop: Callable[[], bool] | None = None) -> StepResult:
    """The update's ``days`` step: recompute the aggregates of every out-of-date day, ``DAYS_PER_BATCH`` days per
    transaction (each batch read and written under one write lock, so a change made meanwhile marks its day
    again instead of being lost; a stop or a kill keeps the batches committed)."""
    from news_sentiment.store.tx import transaction

    t0 = time.perf_counter()
    total = days_store.dirty_count(db)
    done = rows = 0
    while not (stop and stop()):
        with transaction(db):
            batch = days_store.dirty_days(db, DAYS_PER_BATCH)
            if not batch:
                break
            buzz = daily_buzz(days_store.day_buzz_rows(db, batch))
            tone = daily_tone(days_store.day_tone_rows(db, batch), keys=("entity", "model"))
            rows += days_store.replace_days(db, batch, buzz, tone)
        done += len(batch)
        if progress:
            progress(done, max(total, done))
    left = days_store.dirty_count(db)
    counts = {"days": done, "rows": rows, "left": left}
    status = StepStatus.STOPPED if left and stop and stop() else StepStatus.DONE if done else StepStatus.UNCHANGED
    detail = (f"{done} days of entity aggregates recomputed ({rows} rows)" if done
              else "entity aggregates already current") + (f"; {left} days left for the next run" if left else "")
    return StepResult(Step.DAYS, status, detail, counts, seconds=time.perf_counter() - t0)


def benchmark_ticker(db: sqlite_utils.Database, name: str) -> str:
    """The ticker a --benchmark names: an index or company of the knowledge base (name, alias or ticker), or a
    ticker with stored prices. A basket of several members is refused (its daily returns are not stored)."""
    from news_sentiment.analysis.prices import resolve_basket_or_index
    from news_sentiment.nlp.kb import load_kb

    if db.execute("SELECT 1 FROM prices WHERE ticker = ? LIMIT 1", [norm_ticker(name)]).fetchone():
        return norm_ticker(name)
    basket = resolve_basket_or_index(name, load_kb())
    if len(basket.members) != 1:
        raise InputError(f"{basket.name} is a basket of {len(basket.members)} members",
                         hint="Give an index or a single ticker as --benchmark.")
    return basket.members[0]


def link(db: sqlite_utils.Database, entity: str, *, benchmark: str | None = None,
         options: LinkOptions = LinkOptions(), since: datetime | None = None, until: datetime | None = None,
         model: str | None = None) -> EntityLink:
    """Test one entity's daily sentiment against its own returns (``analysis.signals.link_entity``); without
    a benchmark the event study uses the constant-mean model."""
    er = entity_news(db, entity, since=since, until=until, model=model)
    bench = benchmark_ticker(db, benchmark) if benchmark else None
    book = price_book(db, [t for t in (er.ticker, bench) if t])
    if bench is not None and bench not in book:
        raise InputError(f"no prices for benchmark {benchmark!r} ({bench})",
                         hint="Import its closes with `sentiment prices import`, or leave out --benchmark.")
    closes = book.closes(er.ticker) if er.ticker else None
    return link_days(er.days, closes, book.closes(bench) if bench else None, entity=er.name, ticker=er.ticker,
                       benchmark_name=bench, options=options)
