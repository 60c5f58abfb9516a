"""Markets section: each basket and index for the week and year to date, from stored prices."""

from __future__ import annotations

import logging
import math
from datetime import date, timedelta

import sqlite_utils

from news_sentiment.analysis.prices import Basket, PriceBook, basket_of, basket_return, norm_ticker, performance
from news_sentiment.nlp.kb import KnowledgeBase
from news_sentiment.reports.records import MarketRow, SeriesPoint

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


def market_rows(db: sqlite_utils.Database, kb: KnowledgeBase, asof: date) -> tuple[MarketRow, ...]:
    """Baskets then indices with prices as of ``asof`` (the week's Sunday): week (Mon→asof) and YTD returns."""
    wanted: set[str] = set()
    baskets = {e.name: basket_of(e, kb) for e in kb.of_kind("basket")}
    for b in baskets.values():
        wanted.update(b.members)
    indices = {e.name: e for e in kb.of_kind("index") if e.ticker}
    wanted.update(norm_ticker(e.ticker) for e in indices.values() if e.ticker)
    book = PriceBook.from_db(db, wanted)
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
