"""Prices in and out of the store: read price files, download closes (yfinance), store them, and the
returns commands ask for, computed from stored closes by the pure functions of
:mod:`news_sentiment.analysis.prices`."""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import sqlite_utils

from news_sentiment.analysis.prices import (
    PriceBook,
    PriceRows,
    Problem,
    RowProblem,
    SubjectReturn,
    basket_return,
    check_range,
    fill_currency,
    norm_ticker,
    parse_price_csv,
    performance,
    resolve_basket_or_index,
    suffix_currency,
    weekly_returns,
)
from news_sentiment.errors import InputError
from news_sentiment.nlp.kb import KnowledgeBase
from news_sentiment.store import prices as store
from news_sentiment.store.prices import price_coverage

__all__ = ["PriceImportReport", "basket_performance", "fetch_prices", "import_prices", "price_book", "price_coverage",
           "read_price_file", "read_prices", "store_prices", "subject_return", "weekly_basket_returns"]

log = logging.getLogger(__name__)


def _read_file(path: Path, latest: date | None) -> PriceRows:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    return parse_price_csv(text, str(path), latest=latest)


def read_price_file(path: str | Path, *, currencies: Mapping[str, str] | None = None,
                    latest: date | None = None) -> PriceRows:
    """One CSV file → :class:`PriceRows` with currencies filled (see :func:`fill_currency`)."""
    rows = _read_file(Path(path), latest)
    return dataclasses.replace(rows, frame=fill_currency(rows.frame, currencies))


def read_prices(path: str | Path, *, currencies: Mapping[str, str] | None = None,
                latest: date | None = None) -> PriceRows:
    """A CSV file, or a folder of them (searched recursively, in path order), → one :class:`PriceRows`
    with currencies filled (see :func:`fill_currency`)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.csv") if p.is_file())
        if not files:
            raise InputError(f"no .csv files under {path}")
    elif path.is_file():
        files = [path]
    else:
        raise InputError(f"no such file or folder: {path}")
    parts = [_read_file(p, latest) for p in files]
    return PriceRows(fill_currency(pd.concat([p.frame for p in parts], ignore_index=True), currencies),
                     sum(p.read for p in parts), tuple(r for p in parts for r in p.refused),
                     tuple(r for p in parts for r in p.currency_ignored),
                     tuple(n for p in parts for n in p.named_by_file))


@dataclass
class PriceImportReport:
    """What an import did. ``read``: data rows in the files; ``rows``: distinct (ticker, date) closes
    accepted (= inserted + updated + unchanged); ``repeated``: rows whose (ticker, date) came again later
    in the import (the later close is kept); ``refused``: rows not stored, each with file, line and problem;
    ``currency_ignored``: currency cells that were not a code (the row was stored with the KB's currency);
    ``named_by_file``: files without a ticker column, whose ticker is their name; ``currency_unknown``:
    tickers stored without a currency (none in the file, the KB or the ticker suffix)."""

    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    read: int = 0
    repeated: int = 0
    refused: list[RowProblem] = field(default_factory=list)
    currency_ignored: list[RowProblem] = field(default_factory=list)
    tickers: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    named_by_file: list[str] = field(default_factory=list)
    currency_unknown: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["refused"] = [r.to_json() for r in self.refused]
        out["currency_ignored"] = [r.to_json() for r in self.currency_ignored]
        return out


def import_prices(db: sqlite_utils.Database, path: str | Path, *, source: str | None = None,
                  currencies: Mapping[str, str] | None = None) -> PriceImportReport:
    """Store closes from a file or folder. Idempotent: an identical re-import changes nothing.

    ``currencies`` (ticker → currency, e.g. :func:`kb_currencies`) fills rows without a currency cell;
    an instrument whose currency is known nowhere is stored without one and listed in ``currency_unknown``.
    """
    read = read_prices(path, currencies=currencies)
    report = store_prices(db, read.frame, source=source or str(path))
    report.read, report.refused, report.currency_ignored = read.read, list(read.refused), list(read.currency_ignored)
    report.named_by_file = list(read.named_by_file)
    return report


def store_prices(db: sqlite_utils.Database, frame: pd.DataFrame, *, source: str) -> PriceImportReport:
    """Store a long frame (date, ticker, close, currency) in one transaction; unchanged closes are not rewritten.

    A (ticker, date) given twice keeps the later close (counted as ``repeated``); a known currency
    replaces a stored one, an unknown one (None) keeps it.
    """
    deduped = frame.drop_duplicates(subset=["ticker", "date"], keep="last")
    report = PriceImportReport(rows=len(deduped), repeated=len(frame) - len(deduped),
                               tickers=sorted(deduped["ticker"].unique()))
    if deduped.empty:
        return report
    report.first_date, report.last_date = deduped["date"].min(), deduped["date"].max()
    written = store.write_closes(db, deduped, source=source)
    report.inserted, report.updated, report.unchanged = written.inserted, written.updated, written.unchanged
    report.currency_unknown = written.currency_unknown
    return report


def fetch_prices(db: sqlite_utils.Database, tickers: Sequence[str], start: date, end: date, *,
                 currencies: Mapping[str, str] | None = None) -> PriceImportReport:
    """Download daily closes with yfinance (optional extra `prices`) and store them.

    The currency is the one Yahoo reports for the ticker, else ``currencies`` (the KB), else the suffix's.
    Days without a positive close are left out (counted in ``refused`` with line 0, the ticker as file).
    """
    check_range(start, end)
    try:
        import yfinance  # type: ignore[import-not-found]
    except ImportError:
        raise InputError("yfinance is not installed",
                         hint='Install it with `pip install "news-sentiment[prices]"`, or import CSV files '
                              "with `sentiment prices import`.") from None
    frames, refused = [], []
    for ticker in tickers:
        handle = yfinance.Ticker(ticker)
        try:
            hist = handle.history(start=start.isoformat(), end=(end + timedelta(days=1)).isoformat(), auto_adjust=True)
        except Exception as exc:  # noqa: BLE001 - yfinance raises many network error types
            raise InputError(f"cannot download prices for {ticker}: {exc}",
                             hint="Check the network, or import CSV files with `sentiment prices import`.") from None
        if hist.empty:
            log.warning("no prices returned for %s", ticker)
            continue
        meta = getattr(handle, "history_metadata", None) or {}
        currency = meta.get("currency") or (currencies or {}).get(norm_ticker(ticker)) or suffix_currency(ticker)
        frame = pd.DataFrame({"date": hist.index.strftime("%Y-%m-%d"), "ticker": norm_ticker(ticker),
                              "close": hist["Close"].to_numpy(float), "currency": currency})
        good = frame["close"].map(lambda c: math.isfinite(c) and c > 0)
        refused += [RowProblem(f"yfinance {ticker}", 0, Problem.NON_POSITIVE_CLOSE if math.isfinite(c) else
                               Problem.NO_CLOSE, f"{d} {c}") for d, c in frame.loc[~good, ["date", "close"]].itertuples(index=False)]
        frames.append(frame[good])
    if not frames:
        raise InputError("no prices downloaded", hint="Check the tickers and the network.")
    report = store_prices(db, pd.concat(frames, ignore_index=True), source="yfinance")
    report.read, report.refused = report.rows + report.repeated + len(refused), refused
    return report


def price_book(db: sqlite_utils.Database, tickers: Iterable[str] | None = None) -> PriceBook:
    """A :class:`~news_sentiment.analysis.prices.PriceBook` of the stored closes: all, or those of ``tickers``."""
    return PriceBook(store.read_closes(db, None if tickers is None else {norm_ticker(t) for t in tickers}))


def weekly_basket_returns(db: sqlite_utils.Database, basket: str, kb: KnowledgeBase | None = None) -> pd.DataFrame:
    """Weekly returns of a basket (or index) over all stored prices: columns week, basket, return."""
    from news_sentiment.nlp.kb import load_kb

    kb = kb or load_kb()
    resolved = resolve_basket_or_index(basket, kb)
    book = price_book(db, resolved.members)
    spans = [book.span(t) for t in resolved.members if t in book]
    if not spans:
        return pd.DataFrame(columns=["week", "basket", "return"])
    return weekly_returns(book, resolved, min(s[0] for s in spans), max(s[1] for s in spans))


def subject_return(db: sqlite_utils.Database, name: str, start: date, end: date,
                   kb: KnowledgeBase | None = None) -> SubjectReturn:
    """Return of a basket, index or company (by name, alias or ticker) over [start, end], from stored prices.

    A period whose start is after its end is an InputError, not an empty result."""
    from news_sentiment.nlp.kb import load_kb

    check_range(start, end)
    kb = kb or load_kb()
    basket = resolve_basket_or_index(name, kb)
    book = price_book(db, basket.members)
    members = tuple((t, book.period_return(t, start, end)) for t in basket.members)
    return SubjectReturn(basket_return(book, basket, start, end), members)


def basket_performance(db: sqlite_utils.Database, asof: date | None = None,
                       kb: KnowledgeBase | None = None) -> tuple[date, pd.DataFrame]:
    """`performance` from stored prices; ``asof`` defaults to the last stored close."""
    from news_sentiment.nlp.kb import load_kb

    book = price_book(db)
    when = asof or max((book.span(t)[1] for t in book.tickers), default=date.today())  # type: ignore[index]
    return when, performance(book, kb or load_kb(), when)
