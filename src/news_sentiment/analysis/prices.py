"""Prices: import daily closes, calendar-aware returns, baskets from the knowledge base.

Returns use the last close on or before each end: the return over [start, end] is
close(on or before end) / close(on or before the day before start) - 1, in each ticker's own currency.
"""

from __future__ import annotations

import bisect
import csv
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import sqlite_utils

from news_sentiment.errors import InputError
from news_sentiment.nlp.kb import KBEntity, KnowledgeBase
from news_sentiment.nlp.records import MemberTerms
from news_sentiment.store.tx import transaction

log = logging.getLogger(__name__)

_DATE_COLUMNS = ("date", "Date", "DATE", "Datetime", "timestamp")
_CLOSE_COLUMNS = ("close", "Close", "Adj Close", "adj_close", "CLOSE")


def norm_ticker(ticker: str) -> str:
    """One spelling per ticker: upper case, no leading '^' (Yahoo's index prefix): '^NDX' and 'NDX' meet."""
    return ticker.strip().upper().lstrip("^")


def _currency_for(ticker: str) -> str | None:
    suffix = ticker.rsplit(".", 1)[1] if "." in ticker else ""
    return {"HK": "HKD", "SS": "CNY", "SZ": "CNY", "T": "JPY", "L": "GBP", "PA": "EUR", "DE": "EUR",
            "NS": "INR", "BO": "INR", "KS": "KRW", "TO": "CAD", "AX": "AUD", "SW": "CHF", "HE": "EUR",
            "ST": "SEK", "OL": "NOK", "CO": "DKK"}.get(suffix, "USD" if suffix == "" and not ticker.startswith("^") else None)


# -- reading price files ---------------------------------------------------------------------------

def read_price_file(path: str | Path) -> pd.DataFrame:
    """One CSV → long DataFrame (date 'YYYY-MM-DD', ticker, close, currency).

    Layouts: long (date, ticker, close[, currency]) or per-ticker (Date, Open, High, Low, Close, ...),
    where the ticker is the file name ('9988.HK.csv' → 9988.HK). Dates with a time or UTC offset
    keep their exchange-local calendar date. Rows without a usable close are dropped.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    date_col = next((c for c in _DATE_COLUMNS if c in fields), None)
    close_col = next((c for c in _CLOSE_COLUMNS if c in fields), None)
    if date_col is None or close_col is None:
        raise InputError(f"{path}: no date/close columns (found: {', '.join(fields) or 'none'})",
                         hint="Use columns date,ticker,close[,currency] or the Date,Open,High,Low,Close layout.")
    ticker_col = next((c for c in ("ticker", "Ticker", "symbol_yahoo") if c in fields), None)
    stem = path.name[: -len(".csv")] if path.name.lower().endswith(".csv") else path.stem
    rows = []
    for row in reader:
        raw_close = (row.get(close_col) or "").strip()
        raw_date = (row.get(date_col) or "").strip()
        try:
            close = float(raw_close)
        except ValueError:
            continue
        if not raw_date or not np.isfinite(close) or close <= 0:
            continue
        ticker = row.get(ticker_col) if ticker_col else stem
        rows.append((raw_date[:10], norm_ticker(ticker or stem), close, (row.get("currency") or "").strip() or None))
    frame = pd.DataFrame(rows, columns=["date", "ticker", "close", "currency"])
    try:
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d").dt.strftime("%Y-%m-%d")
    except ValueError as exc:
        raise InputError(f"{path}: unreadable date ({exc})", hint="Dates must start with YYYY-MM-DD.") from None
    missing = frame["currency"].isna()
    frame.loc[missing, "currency"] = frame.loc[missing, "ticker"].map(_currency_for)
    return frame


def read_prices(path: str | Path) -> pd.DataFrame:
    """A CSV file, or a folder of them (searched recursively), → one long DataFrame."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.csv") if p.is_file())
        if not files:
            raise InputError(f"no .csv files under {path}")
        return pd.concat([read_price_file(p) for p in files], ignore_index=True)
    if not path.is_file():
        raise InputError(f"no such file or folder: {path}")
    return read_price_file(path)


@dataclass
class PriceImportReport:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    tickers: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None


def import_prices(db: sqlite_utils.Database, path: str | Path, *, source: str | None = None) -> PriceImportReport:
    """Store closes from a file or folder. Idempotent: an identical re-import changes nothing."""
    return store_prices(db, read_prices(path), source=source or str(path))


def store_prices(db: sqlite_utils.Database, frame: pd.DataFrame, *, source: str) -> PriceImportReport:
    """Store a long frame (date, ticker, close, currency) in one transaction; unchanged closes are not rewritten."""
    frame = frame.drop_duplicates(subset=["ticker", "date"], keep="last")
    report = PriceImportReport(rows=len(frame), tickers=sorted(frame["ticker"].unique()))
    if frame.empty:
        return report
    report.first_date, report.last_date = frame["date"].min(), frame["date"].max()
    existing = {
        (t, d): c for t, d, c in db.execute("SELECT ticker, date, close FROM prices WHERE ticker IN (%s)"
                                            % ",".join("?" * len(report.tickers)), report.tickers)
    }
    with transaction(db):
        for d, t, c, cur in frame[["date", "ticker", "close", "currency"]].itertuples(index=False):
            old = existing.get((t, d))
            if old is None:
                report.inserted += 1
            elif abs(old - c) <= 1e-9 * max(1.0, abs(c)):
                report.unchanged += 1
                continue
            else:
                report.updated += 1
            db.execute("INSERT INTO prices (ticker, date, close, currency, source) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT(ticker, date) DO UPDATE SET close = excluded.close, "
                       "currency = COALESCE(excluded.currency, currency), source = excluded.source",
                       [t, d, float(c), cur, source])
    return report


def fetch_prices(db: sqlite_utils.Database, tickers: Sequence[str], start: date, end: date) -> PriceImportReport:
    """Download daily closes with yfinance (optional extra `prices`) and store them."""
    try:
        import yfinance  # type: ignore[import-not-found]
    except ImportError:
        raise InputError("yfinance is not installed",
                         hint='Install it with `pip install "news-sentiment[prices]"`, or import CSV files '
                              "with `sentiment prices import`.") from None
    frames = []
    for ticker in tickers:
        try:
            hist = yfinance.Ticker(ticker).history(start=start.isoformat(), end=(end + timedelta(days=1)).isoformat(),
                                                   auto_adjust=True)
        except Exception as exc:  # noqa: BLE001 - yfinance raises many network error types
            raise InputError(f"cannot download prices for {ticker}: {exc}",
                             hint="Check the network, or import CSV files with `sentiment prices import`.") from None
        if hist.empty:
            log.warning("no prices returned for %s", ticker)
            continue
        frames.append(pd.DataFrame({"date": hist.index.strftime("%Y-%m-%d"), "ticker": norm_ticker(ticker),
                                    "close": hist["Close"].to_numpy(), "currency": _currency_for(ticker)}))
    if not frames:
        raise InputError("no prices downloaded", hint="Check the tickers and the network.")
    return store_prices(db, pd.concat(frames, ignore_index=True), source="yfinance")


# -- the price book ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Close:
    date: date
    close: float


class PriceBook:
    """Closes per ticker as sorted arrays; fast 'last close on or before' look-ups."""

    def __init__(self, frame: pd.DataFrame) -> None:
        # per ticker: sorted day ordinals and closes as plain lists (bisect beats numpy scalars here)
        self._dates: dict[str, list[int]] = {}
        self._closes: dict[str, list[float]] = {}
        self.currency: dict[str, str | None] = {}
        if frame.empty:
            return
        frame = frame.sort_values(["ticker", "date"])
        for ticker, group in frame.groupby("ticker", sort=False):
            days = pd.to_datetime(group["date"]).dt.date
            self._dates[ticker] = [d.toordinal() for d in days]
            self._closes[ticker] = group["close"].astype(float).tolist()
            self.currency[ticker] = group["currency"].iloc[-1] if "currency" in group else None

    @classmethod
    def from_db(cls, db: sqlite_utils.Database, tickers: Iterable[str] | None = None) -> PriceBook:
        if tickers is None:
            frame = pd.read_sql_query("SELECT ticker, date, close, currency FROM prices", db.conn)
        else:
            wanted = sorted({norm_ticker(t) for t in tickers})
            frame = pd.read_sql_query(
                f"SELECT ticker, date, close, currency FROM prices WHERE ticker IN ({','.join('?' * len(wanted))})",
                db.conn, params=wanted) if wanted else pd.DataFrame(columns=["ticker", "date", "close", "currency"])
        return cls(frame)

    def __contains__(self, ticker: str) -> bool:
        return norm_ticker(ticker) in self._dates

    @property
    def tickers(self) -> list[str]:
        return sorted(self._dates)

    def span(self, ticker: str) -> tuple[date, date] | None:
        dates = self._dates.get(norm_ticker(ticker))
        if not dates:
            return None
        return date.fromordinal(dates[0]), date.fromordinal(dates[-1])

    def on_or_before(self, ticker: str, when: date) -> Close | None:
        """The last close on or before ``when`` (None before the first price)."""
        key = ticker if ticker in self._dates else norm_ticker(ticker)
        dates = self._dates.get(key)
        if dates is None:
            return None
        i = bisect.bisect_right(dates, when.toordinal()) - 1
        if i < 0:
            return None
        return Close(date.fromordinal(dates[i]), self._closes[key][i])

    def period_return(self, ticker: str, start: date, end: date) -> PeriodReturn | None:
        """Return over [start, end]; None without a close before start or by end, or when stale."""
        base = self.on_or_before(ticker, start - timedelta(days=1))
        last = self.on_or_before(ticker, end)
        if base is None or last is None or last.date < start:
            return None
        if (start - base.date).days > 10:  # no close within 10 days before the period: data gap, not a return
            return None
        return PeriodReturn(ticker=norm_ticker(ticker), value=last.close / base.close - 1, base=base, last=last)


@dataclass(frozen=True)
class PeriodReturn:
    ticker: str
    value: float  # fraction: 0.428 = +42.8 %
    base: Close
    last: Close

    @property
    def change(self) -> float:
        """Change in price units (points, currency)."""
        return self.last.close - self.base.close


# -- baskets ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Basket:
    """Members as tickers with their weights (relative; renormalised over the members used) and
    membership dates (ISO strings or None, inclusive)."""

    name: str
    members: tuple[str, ...]  # tickers
    weights: tuple[float, ...]
    unresolved: tuple[str, ...] = ()  # member names without a ticker in the KB
    since: tuple[str | None, ...] = ()
    until: tuple[str | None, ...] = ()

    def active(self, on: date) -> list[tuple[str, float]]:
        """(ticker, weight) of the members in the basket on a day."""
        day = on.isoformat()
        since = self.since or (None,) * len(self.members)
        until = self.until or (None,) * len(self.members)
        return [(t, w) for t, w, s, u in zip(self.members, self.weights, since, until)
                if (s is None or s <= day) and (u is None or day <= u)]


def basket_of(entity: KBEntity, kb: KnowledgeBase) -> Basket:
    """A KB basket's members as tickers; equal weights unless the KB gives `weight`, with membership dates."""
    tickers, weights, since, until, unresolved = [], [], [], [], []
    terms = entity.member_terms or tuple(MemberTerms(m) for m in entity.members)
    for term in terms:
        found = kb.lookup(term.name)
        if found is not None and found.ticker:
            tickers.append(norm_ticker(found.ticker))
            weights.append(term.weight if term.weight is not None else 1.0)
            since.append(term.since)
            until.append(term.until)
        else:
            unresolved.append(term.name)
    return Basket(entity.name, tuple(tickers), tuple(weights), tuple(unresolved), tuple(since), tuple(until))


@dataclass(frozen=True)
class BasketReturn:
    name: str
    value: float | None  # fraction, None when no member has prices
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    start: date
    end: date

    @property
    def coverage(self) -> str:
        total = len(self.covered) + len(self.missing)
        text = f"{len(self.covered)}/{total}"
        return text + (f" (no prices: {', '.join(self.missing)})" if self.missing else "")


def basket_return(book: PriceBook, basket: Basket, start: date, end: date) -> BasketReturn:
    """Weighted buy-and-hold return, from ``start``, of the members in the basket on ``start`` that have
    prices (weights renormalised over them)."""
    values, weights, covered, missing = [], [], [], list(basket.unresolved)
    for ticker, weight in basket.active(start):
        r = book.period_return(ticker, start, end)
        if r is None:
            missing.append(ticker)
        else:
            values.append(r.value)
            weights.append(weight)
            covered.append(ticker)
    value = sum(v * w for v, w in zip(values, weights)) / sum(weights) if values else None
    return BasketReturn(basket.name, value, tuple(covered), tuple(missing), start, end)


# -- performance tables --------------------------------------------------------------------------------

def performance(book: PriceBook, kb: KnowledgeBase, asof: date) -> pd.DataFrame:
    """YTD, week-to-date and day return of every KB basket and every index with prices, as of a date.

    Columns: name, kind, ticker, ytd, week, day (fractions or NaN), last_close_date, coverage.
    """
    year_start = date(asof.year, 1, 1)
    week_start = asof - timedelta(days=asof.weekday())
    rows = []
    for ent in kb.of_kind("basket"):
        basket = basket_of(ent, kb)
        ytd = basket_return(book, basket, year_start, asof)
        if not ytd.covered:
            continue
        last_dates = [book.on_or_before(t, asof).date for t in ytd.covered]  # type: ignore[union-attr]
        day_start = max(last_dates)
        rows.append({"name": ent.name, "kind": "basket", "ticker": None, "ytd": ytd.value,
                     "week": basket_return(book, basket, week_start, asof).value,
                     "day": basket_return(book, basket, day_start, asof).value,
                     "last_close_date": day_start.isoformat(), "coverage": ytd.coverage})
    for ent in kb.of_kind("index"):
        if not ent.ticker or ent.ticker not in book:
            continue
        last = book.on_or_before(ent.ticker, asof)
        if last is None:
            continue
        values = {k: book.period_return(ent.ticker, s, asof) for k, s in
                  (("ytd", year_start), ("week", week_start), ("day", last.date))}
        rows.append({"name": ent.name, "kind": "index", "ticker": ent.ticker,
                     **{k: (v.value if v else None) for k, v in values.items()},
                     "last_close_date": last.date.isoformat(), "coverage": "1/1"})
    return pd.DataFrame(rows, columns=["name", "kind", "ticker", "ytd", "week", "day", "last_close_date", "coverage"])


def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_returns(book: PriceBook, basket: Basket, start: date, end: date) -> pd.DataFrame:
    """One row per ISO week in [start, end]: week ('2025-W10'), basket, return (fraction, Monday→Sunday)."""
    monday = start - timedelta(days=start.weekday())
    rows = []
    while monday <= end:
        r = basket_return(book, basket, monday, monday + timedelta(days=6))
        if r.value is not None:
            rows.append({"week": iso_week(monday), "basket": basket.name, "return": r.value})
        monday += timedelta(days=7)
    return pd.DataFrame(rows, columns=["week", "basket", "return"])


def resolve_basket_or_index(name: str, kb: KnowledgeBase) -> Basket:
    """A basket by name, or an index/company as a one-member basket. Unknown names: InputError with suggestions."""
    ent = kb.lookup(name)
    if ent is None:
        from rapidfuzz import process

        names = [e.name for e in kb.of_kind("basket", "index", "company")]
        close = [m[0] for m in process.extract(name, names, limit=3, score_cutoff=60)]
        raise InputError(f"unknown basket or index {name!r}",
                         hint=f"Did you mean: {', '.join(close)}?" if close else "See `sentiment baskets`.")
    if ent.kind == "basket":
        return basket_of(ent, kb)
    if not ent.ticker:
        raise InputError(f"{ent.name} has no ticker in the knowledge base", hint="Add `ticker:` to its KB entry.")
    return Basket(ent.name, (norm_ticker(ent.ticker),), (1.0,))


def weekly_basket_returns(db: sqlite_utils.Database, basket: str, kb: KnowledgeBase | None = None) -> pd.DataFrame:
    """Weekly returns of a basket (or index) over all stored prices: columns week, basket, return."""
    from news_sentiment.nlp.kb import load_kb

    kb = kb or load_kb()
    resolved = resolve_basket_or_index(basket, kb)
    book = PriceBook.from_db(db, resolved.members)
    spans = [book.span(t) for t in resolved.members if t in book]
    if not spans:
        return pd.DataFrame(columns=["week", "basket", "return"])
    return weekly_returns(book, resolved, min(s[0] for s in spans), max(s[1] for s in spans))


def price_coverage(db: sqlite_utils.Database) -> list[dict]:
    """Per stored ticker: first and last date, number of closes, currency."""
    cursor = db.execute("SELECT ticker, min(date) AS first, max(date) AS last, count(*) AS closes, "
                        "max(currency) AS currency FROM prices GROUP BY ticker ORDER BY ticker")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class SubjectReturn:
    """A basket's (or a single ticker's) return over a period, with each member's own figure."""

    total: BasketReturn
    members: tuple[tuple[str, PeriodReturn | None], ...]


def subject_return(db: sqlite_utils.Database, name: str, start: date, end: date,
                   kb: KnowledgeBase | None = None) -> SubjectReturn:
    """Return of a basket, index or company (by name, alias or ticker) over [start, end], from stored prices."""
    from news_sentiment.nlp.kb import load_kb

    kb = kb or load_kb()
    basket = resolve_basket_or_index(name, kb)
    book = PriceBook.from_db(db, basket.members)
    members = tuple((t, book.period_return(t, start, end)) for t in basket.members)
    return SubjectReturn(basket_return(book, basket, start, end), members)


def basket_performance(db: sqlite_utils.Database, asof: date | None = None,
                       kb: KnowledgeBase | None = None) -> tuple[date, pd.DataFrame]:
    """`performance` from stored prices; ``asof`` defaults to the last stored close."""
    from news_sentiment.nlp.kb import load_kb

    book = PriceBook.from_db(db)
    when = asof or max((book.span(t)[1] for t in book.tickers), default=date.today())  # type: ignore[index]
    return when, performance(book, kb or load_kb(), when)


def kb_tickers(kb: KnowledgeBase) -> list[str]:
    """Every ticker of the knowledge base's indices and basket members (what `prices fetch` gets by default)."""
    wanted = {e.ticker for e in kb.of_kind("index") if e.ticker}
    for basket in kb.of_kind("basket"):
        wanted.update(basket_of(basket, kb).members)
    return sorted(t for t in wanted if t)
