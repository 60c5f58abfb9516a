"""Prices: parse daily closes (CSV text), calendar-aware returns, baskets from the knowledge base. No I/O:
reading files, the store and the network is :mod:`news_sentiment.pipeline.prices` (closes in the store:
:mod:`news_sentiment.store.prices`).

Returns use the last close on or before each end: the return over [start, end] is
close(on or before end) / close(on or before the day before start) - 1, in each ticker's own currency.
Returns are fractions here (0.0428 = +4.28 %); every command and output shows them in percent points, in
columns whose names end in ``_pct`` (see ``news_sentiment.cli.main.print_rows``).
"""

from __future__ import annotations

import bisect
import csv
import io
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import PurePath
from typing import Any

import pandas as pd

from news_sentiment.errors import InputError
from news_sentiment.nlp.kb import KBEntity, KnowledgeBase
from news_sentiment.nlp.records import MemberTerms

log = logging.getLogger(__name__)

_DATE_COLUMNS = ("date", "Date", "DATE", "Datetime", "timestamp")
_CLOSE_COLUMNS = ("close", "Close", "Adj Close", "adj_close", "CLOSE")
_TICKER_COLUMNS = ("ticker", "Ticker", "symbol_yahoo")
_CURRENCY_COLUMNS = ("currency", "Currency")

# Yahoo-style ticker suffix -> the currency the exchange quotes in (London lines are quoted in pence: GBp).
_SUFFIX_CURRENCY = {
    "HK": "HKD", "SS": "CNY", "SZ": "CNY", "T": "JPY", "L": "GBp", "PA": "EUR", "DE": "EUR", "F": "EUR",
    "AS": "EUR", "BR": "EUR", "MC": "EUR", "MI": "EUR", "IR": "EUR", "LS": "EUR", "VI": "EUR", "HE": "EUR",
    "NS": "INR", "BO": "INR", "KS": "KRW", "KQ": "KRW", "TO": "CAD", "AX": "AUD", "SW": "CHF", "ST": "SEK",
    "OL": "NOK", "CO": "DKK", "TW": "TWD", "SI": "SGD", "SR": "SAR", "SA": "BRL", "MX": "MXN", "NZ": "NZD",
}
# Exchanges whose tickers carry no suffix (the KB's `exchange:`): used only for plain tickers.
_EXCHANGE_CURRENCY = {"NYSE": "USD", "NASDAQ": "USD", "AMEX": "USD", "NYSE ARCA": "USD"}
_CURRENCY_CODE = re.compile(r"[A-Za-z]{3}")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def norm_ticker(ticker: str) -> str:
    """One spelling per ticker: upper case, no leading '^' (Yahoo's index prefix): '^NDX' and 'NDX' meet."""
    return ticker.strip().upper().lstrip("^")


def suffix_currency(ticker: str) -> str | None:
    """The currency a Yahoo-style suffix names ('9988.HK' → HKD); None for a plain ticker or index."""
    t = norm_ticker(ticker)
    return _SUFFIX_CURRENCY.get(t.rsplit(".", 1)[1]) if "." in t else None


def kb_currencies(kb: KnowledgeBase) -> dict[str, str]:
    """Ticker (normalised) → currency for every KB entity with a ticker whose currency is known: its
    `currency:`, else its ticker suffix, else its exchange (plain US tickers). Unknown ones are left out."""
    out: dict[str, str] = {}
    for ent in kb.entities:
        if not ent.ticker:
            continue
        code = (ent.currency or suffix_currency(ent.ticker)
                or _EXCHANGE_CURRENCY.get((ent.exchange or "").upper()))
        if code:
            out.setdefault(norm_ticker(ent.ticker), code)
    return out


# -- parsing price files ---------------------------------------------------------------------------

class Problem(str, Enum):
    """What is wrong with a row of a price file. Every problem but NOT_A_CURRENCY refuses the row."""

    NO_TICKER = "empty ticker"
    NO_DATE = "empty date"
    BAD_DATE = "date is not YYYY-MM-DD"
    IMPOSSIBLE_DATE = "impossible date"
    FUTURE_DATE = "date in the future"
    NO_CLOSE = "empty close"
    BAD_CLOSE = "close is not a number"
    NON_POSITIVE_CLOSE = "close is not positive"
    NOT_A_CURRENCY = "currency cell is not a 3-letter code"  # the close is kept; the currency comes from the KB


@dataclass(frozen=True)
class RowProblem:
    """A problem with one row: file, line number in that file (the header is line 1), what, and the cell."""

    file: str
    line: int
    problem: Problem
    value: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.problem.value}: {self.value!r}"

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "problem": self.problem.value, "value": self.value}


@dataclass(frozen=True)
class PriceRows:
    """Closes read from price files: a long frame (date 'YYYY-MM-DD', ticker, close, currency or None), the
    number of data rows read, the rows refused, the currency cells ignored, and the files whose ticker
    came from their name."""

    frame: pd.DataFrame
    read: int = 0
    refused: tuple[RowProblem, ...] = ()
    currency_ignored: tuple[RowProblem, ...] = ()
    named_by_file: tuple[str, ...] = ()  # "CCC.csv → CCC"


def parse_day(raw: str, latest: date) -> date | Problem:
    """'2025-03-07', optionally with a time and UTC offset ('2024-06-03 00:00:00-04:00', '…T10:00:00Z'):
    the exchange-local calendar date as written. A problem for anything else, or a day after ``latest``."""
    if not raw:
        return Problem.NO_DATE
    if not _ISO_DAY.match(raw) or (len(raw) > 10 and raw[10] not in " T"):
        return Problem.BAD_DATE
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError:
        return Problem.IMPOSSIBLE_DATE
    if len(raw) > 10:
        try:
            datetime.fromisoformat(raw)
        except ValueError:
            return Problem.BAD_DATE
    return Problem.FUTURE_DATE if day > latest else day


def parse_close(raw: str) -> float | Problem:
    """A positive, finite number; 'null' (Yahoo's marker for a day without a close) counts as empty."""
    if raw.lower() in ("", "null", "na", "n/a", "-"):
        return Problem.NO_CLOSE
    try:
        value = float(raw)
    except ValueError:
        return Problem.BAD_CLOSE
    if not math.isfinite(value):
        return Problem.BAD_CLOSE
    return value if value > 0 else Problem.NON_POSITIVE_CLOSE


def parse_currency(raw: str) -> str | None | Problem:
    """A 3-letter code ('usd' → USD; 'GBp', pence, kept as written); None when empty."""
    if not raw:
        return None
    if not _CURRENCY_CODE.fullmatch(raw):
        return Problem.NOT_A_CURRENCY
    return raw.upper() if raw.islower() else raw


def _pick(fields: Sequence[str], names: Sequence[str]) -> str | None:
    return next((c for c in names if c in fields), None)


def parse_price_csv(text: str, name: str, *, latest: date | None = None) -> PriceRows:
    """One CSV's text → :class:`PriceRows`, currencies as the file gives them (see :func:`fill_currency`).
    ``name`` is the file's path (for messages; its file name is the ticker of a per-ticker file without a
    ticker column); ``latest`` is the last acceptable date (default: tomorrow).

    Layouts: long (date, ticker, close[, currency]) or per-ticker (Date, Open, High, Low, Close, ...).
    Every row that cannot be stored is refused with its line number and reason; none is repaired.
    """
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    date_col, close_col = _pick(fields, _DATE_COLUMNS), _pick(fields, _CLOSE_COLUMNS)
    if date_col is None or close_col is None:
        raise InputError(f"{name}: no date/close columns (found: {', '.join(fields) or 'none'})",
                         hint="Use columns date,ticker,close[,currency] or the Date,Open,High,Low,Close layout.")
    ticker_col, currency_col = _pick(fields, _TICKER_COLUMNS), _pick(fields, _CURRENCY_COLUMNS)
    base = PurePath(name).name
    file_ticker = None if ticker_col else norm_ticker(base[:-4] if base.lower().endswith(".csv") else base)
    latest = latest or date.today() + timedelta(days=1)
    rows: list[tuple[str, str, float, str | None]] = []
    refused: list[RowProblem] = []
    ignored: list[RowProblem] = []
    for row in reader:
        cells = {k: (row.get(k) or "").strip() for k in (date_col, close_col, ticker_col, currency_col) if k}
        ticker = file_ticker or norm_ticker(cells[ticker_col])  # type: ignore[index]
        day, close = parse_day(cells[date_col], latest), parse_close(cells[close_col])
        checks = ((Problem.NO_TICKER if not ticker else None, cells.get(ticker_col or "", "")),
                  (day, cells[date_col]), (close, cells[close_col]))
        bad = next(((p, v) for p, v in checks if isinstance(p, Problem)), None)
        if bad is not None:
            refused.append(RowProblem(name, reader.line_num, *bad))
            continue
        currency = parse_currency(cells[currency_col]) if currency_col else None
        if isinstance(currency, Problem):
            ignored.append(RowProblem(name, reader.line_num, currency, cells[currency_col]))  # type: ignore[index]
            currency = None
        rows.append((day.isoformat(), ticker, close, currency))  # type: ignore[union-attr]
    frame = pd.DataFrame(rows, columns=["date", "ticker", "close", "currency"])
    named = (f"{base} → {file_ticker}",) if file_ticker and (rows or refused) else ()
    return PriceRows(frame, len(rows) + len(refused), tuple(refused), tuple(ignored), named)


def fill_currency(frame: pd.DataFrame, currencies: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Rows without a currency take their instrument's: a currency the same import gives the ticker on
    another row, else ``currencies`` (the KB, see :func:`kb_currencies`), else the ticker's suffix, else None."""
    frame = frame.copy()
    known = frame.dropna(subset=["currency"]).drop_duplicates("ticker").set_index("ticker")["currency"].to_dict()
    lookup = {**(currencies or {}), **known}
    missing = frame["currency"].isna()
    frame.loc[missing, "currency"] = frame.loc[missing, "ticker"].map(lambda t: lookup.get(t) or suffix_currency(t))
    frame["currency"] = frame["currency"].astype(object).where(frame["currency"].notna(), None)
    return frame


def check_range(start: date, end: date, *, names: tuple[str, str] = ("--start", "--end")) -> None:
    """A period's first day must not be after its last: InputError naming both options otherwise."""
    if start > end:
        raise InputError(f"empty period: {names[0]} {start.isoformat()} is after {names[1]} {end.isoformat()}",
                         hint=f"Give the first day with {names[0]} and the last day with {names[1]}.")


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

    def __contains__(self, ticker: str) -> bool:
        return norm_ticker(ticker) in self._dates

    @property
    def tickers(self) -> list[str]:
        return sorted(self._dates)

    @property
    def latest(self) -> date | None:
        """The latest close stored for any ticker (None for an empty book)."""
        last = max((dates[-1] for dates in self._dates.values() if dates), default=None)
        return None if last is None else date.fromordinal(last)

    def span(self, ticker: str) -> tuple[date, date] | None:
        dates = self._dates.get(norm_ticker(ticker))
        if not dates:
            return None
        return date.fromordinal(dates[0]), date.fromordinal(dates[-1])

    def closes(self, ticker: str) -> pd.Series:
        """Every close of ``ticker`` as a Series indexed by trading day (naive Timestamps), oldest first; empty
        when the book has none."""
        key = norm_ticker(ticker)
        days = pd.to_datetime([date.fromordinal(d) for d in self._dates.get(key, [])])
        return pd.Series(self._closes.get(key, []), index=days, dtype=float, name=key)

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
    """A basket by name, or an index/company as a one-member basket, looked up by name, alias or ticker the way
    every command does (nlp.kb.resolve). Unknown names: InputError with suggestions."""
    from news_sentiment.nlp.kb import resolve

    ent = resolve(kb, name, ("basket", "index", "company", "organization", "outlet", "commodity", "product"),
                  what="basket, index or company")
    if ent.kind == "basket":
        return basket_of(ent, kb)
    if not ent.ticker:
        raise InputError(f"{ent.name} has no ticker in the knowledge base", hint="Add `ticker:` to its KB entry.")
    return Basket(ent.name, (norm_ticker(ent.ticker),), (1.0,))


@dataclass(frozen=True)
class SubjectReturn:
    """A basket's (or a single ticker's) return over a period, with each member's own figure."""

    total: BasketReturn
    members: tuple[tuple[str, PeriodReturn | None], ...]


def kb_tickers(kb: KnowledgeBase) -> list[str]:
    """Every ticker of the knowledge base's indices and basket members (what `prices fetch` gets by default)."""
    wanted = {e.ticker for e in kb.of_kind("index") if e.ticker}
    for basket in kb.of_kind("basket"):
        wanted.update(basket_of(basket, kb).members)
    return sorted(t for t in wanted if t)
