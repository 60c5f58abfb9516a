"""Markets section: each basket and index for the week and year to date, from stored prices."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from datetime import date, timedelta

import sqlite_utils

from news_sentiment.analysis.prices import Basket, PriceBook, basket_of, basket_return, norm_ticker, performance
from news_sentiment.nlp.kb import KnowledgeBase
from news_sentiment.reports.records import MarketRow, SeriesPoint, Week
from news_sentiment.store.prices import price_coverage, read_closes, tickers_with_closes

log = logging.getLogger(__name__)


def _num(value: object) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _ytd_series(book: PriceBook, basket: Basket, asof: date) -> tuple[SeriesPoint, ...]:
    """Cumulative return since the last close of the previous year, on each weekday up to ``asof``."""
    year_start = date(asof.year, 1, 1)
    points, day, last = [], year_start, None
    while day <= asof:
        if day.weekday() < 5:
            r = basket_return(book, basket, year_start, day)
            if r.value is not None and r.value != last:
                points.append(SeriesPoint(day, r.value))
                last = r.value
        day += timedelta(days=1)
    return tuple(points)


def wanted_tickers(kb: KnowledgeBase) -> set[str]:
    """The tickers the markets section needs: every basket member and every index with a ticker."""
    wanted: set[str] = set()
    for e in kb.of_kind("basket"):
        wanted.update(basket_of(e, kb).members)
    wanted.update(norm_ticker(e.ticker) for e in kb.of_kind("index") if e.ticker)
    return wanted


def _listed(items: list[str], limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def markets_gap(db: sqlite_utils.Database, kb: KnowledgeBase, week: Week, rows: Sequence[MarketRow]) -> str | None:
    """What the markets section lacks for ``week``, precisely: no prices at all, none for these tickers,
    none up to the week, or none inside the week (which tickers, and their latest close). None when complete."""
    wanted = sorted(wanted_tickers(kb))
    spans = {r["ticker"]: (r["first"], r["last"]) for r in price_coverage(db, wanted)}
    if not spans:
        others = [r["ticker"] for r in price_coverage(db)[:9]]
        if not others:
            return "No prices stored: markets section empty (run `sentiment prices import FILE`)."
        return (f"No closes stored for the knowledge base's baskets and indices ({_listed(wanted)}); the store "
                f"has closes only for other tickers ({_listed(others)}): markets section empty.")
    first = min(f for f, _ in spans.values())
    last = max(x for _, x in spans.values())
    if not rows:
        return (f"No closes on or before {week.end} for the baskets' and indices' tickers: their stored closes run "
                f"from {first} to {last} ({len(spans)} tickers). Markets section empty; import earlier prices "
                "(`sentiment prices import FILE`) or pick a later week.")
    start, end = week.start.isoformat(), week.end.isoformat()
    inside = tickers_with_closes(db, list(spans), week.start, week.end)
    missing = sorted(t for t in spans if t not in inside)
    if not missing:
        return None
    latest = max(spans[t][1] for t in missing)
    return (f"No closes from {start} to {end} for {len(missing)} ticker{'s' if len(missing) != 1 else ''} "
            f"({_listed(missing)}; latest stored close {latest}): their week returns are empty and "
            "year-to-date figures stop at their last close.")


def market_rows(db: sqlite_utils.Database, kb: KnowledgeBase, asof: date) -> tuple[MarketRow, ...]:
    """Baskets then indices with prices as of ``asof`` (the week's Sunday): week (Mon→asof) and YTD returns."""
    baskets = {e.name: basket_of(e, kb) for e in kb.of_kind("basket")}
    book = PriceBook(read_closes(db, {norm_ticker(t) for t in wanted_tickers(kb)}))
    if not book.tickers:
        return ()
    table = performance(book, kb, asof)
    rows = []
    for rec in table.to_dict("records"):
        name = rec["name"]
        if rec["kind"] == "basket":
            basket = baskets[name]
        else:
            basket = Basket(name, (norm_ticker(rec["ticker"]),), (1.0,))
        last = rec.get("last_close_date")
        ticker = rec.get("ticker")
        ticker = ticker if isinstance(ticker, str) and ticker else None
        rows.append(MarketRow(
            name=name, kind=rec["kind"], ticker=ticker, week=_num(rec.get("week")),
            ytd=_num(rec.get("ytd")), last_close=date.fromisoformat(last) if last else None,
            coverage=str(rec.get("coverage") or ""), ytd_series=_ytd_series(book, basket, asof)))
    return tuple(rows)
