"""Daily closes in the store: read them as a frame, write a long frame of closes (one transaction,
unchanged closes not rewritten), and what is stored per ticker."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import sqlite_utils

from news_sentiment.store.tx import transaction
from news_sentiment.store.backend import dict_rows, in_chunks, read_frame

CLOSE_COLUMNS = ["ticker", "date", "close", "currency"]


def read_closes(db: sqlite_utils.Database, tickers: Iterable[str] | None = None) -> pd.DataFrame:
    """Stored closes (columns ticker, date, close, currency): all, or those of ``tickers`` (as stored:
    normalised spellings)."""
    if tickers is None:
        return read_frame(db, "SELECT ticker, date, close, currency FROM prices")
    wanted = sorted(set(tickers))
    if not wanted:
        return pd.DataFrame(columns=CLOSE_COLUMNS)
    return read_frame(
        db, f"SELECT ticker, date, close, currency FROM prices WHERE ticker IN ({','.join('?' * len(wanted))})", wanted)


@dataclass
class PriceWrite:
    """What :func:`write_closes` did: closes inserted, updated and left unchanged, and the tickers stored
    without a currency."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    currency_unknown: list[str] = field(default_factory=list)


def write_closes(db: sqlite_utils.Database, frame: pd.DataFrame, *, source: str) -> PriceWrite:
    """Store a long frame (date, ticker, close, currency) with one row per (ticker, date), in one
    transaction; unchanged closes are not rewritten. A known currency replaces a stored one, an unknown
    one (None) keeps it."""
    out = PriceWrite()
    if frame.empty:
        return out
    tickers = sorted(frame["ticker"].unique())
    existing = {
        (t, d): (c, cur) for t, d, c, cur in db.execute(
            "SELECT ticker, date, close, currency FROM prices WHERE ticker IN (%s)" % ",".join("?" * len(tickers)),
            tickers)
    }
    with transaction(db):
        for d, t, c, cur in frame[["date", "ticker", "close", "currency"]].itertuples(index=False):
            old = existing.get((t, d))
            if old is None:
                out.inserted += 1
            elif abs(old[0] - c) <= 1e-9 * max(1.0, abs(c)) and (cur is None or cur == old[1]):
                out.unchanged += 1
                continue
            else:
                out.updated += 1
            db.execute("INSERT INTO prices (ticker, date, close, currency, source) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT(ticker, date) DO UPDATE SET close = excluded.close, "
                       "currency = COALESCE(excluded.currency, currency), source = excluded.source",
                       [t, d, float(c), cur, source])
    unknown = sorted(frame.loc[frame["currency"].isna(), "ticker"].unique())
    if unknown:
        out.currency_unknown = [t for (t,) in db.execute(
            "SELECT ticker FROM prices WHERE ticker IN (%s) GROUP BY ticker HAVING max(currency) IS NULL"
            % ",".join("?" * len(unknown)), unknown)]
    return out


def price_coverage(db: sqlite_utils.Database, tickers: Sequence[str] | None = None) -> list[dict]:
    """Per stored ticker (all, or those of ``tickers`` as stored), by ticker: first and last date, number of
    closes, currency."""
    sql = ("SELECT ticker, min(date) AS first, max(date) AS last, count(*) AS closes, max(currency) AS currency "
           "FROM prices {where} GROUP BY ticker ORDER BY ticker")
    chunks = [None] if tickers is None else in_chunks(tickers)
    rows: list[dict] = []
    for chunk in chunks:
        where = "" if chunk is None else f"WHERE ticker IN ({','.join('?' * len(chunk))})"
        rows.extend(dict_rows(db, sql.format(where=where), chunk or ()))
    return sorted(rows, key=lambda r: r["ticker"]) if len(chunks) > 1 else rows


def tickers_with_closes(db: sqlite_utils.Database, tickers: Sequence[str], first: date, last: date) -> set[str]:
    """Those of ``tickers`` (as stored) with a close from day ``first`` to day ``last`` (inclusive)."""
    found: set[str] = set()
    for chunk in in_chunks(tickers):
        found.update(t for (t,) in db.execute(
            f"SELECT DISTINCT ticker FROM prices WHERE date >= ? AND date <= ? AND ticker IN "
            f"({','.join('?' * len(chunk))})", [first.isoformat(), last.isoformat(), *chunk]))
    return found
