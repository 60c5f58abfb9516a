"""Entity signals from the store: resolve the entity, read its rows and prices, run the pure analysis.

The store reads (``store.read.signal_rows``, ``analysis.prices.PriceBook``), ``analysis.signals`` computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import sqlite_utils

from news_sentiment.analysis.prices import PriceBook, norm_ticker
from news_sentiment.analysis.signals import EntityLink, Freq, LinkOptions, entity_signals, link_entity
from news_sentiment.errors import InputError


@dataclass(frozen=True)
class EntityRows:
    """An entity as the user named it, resolved: its display name, ticker (None without one) and signal rows."""

    name: str
    ticker: str | None
    rows: pd.DataFrame


def entity_rows(db: sqlite_utils.Database, entity: str, *, since: datetime | None = None,
                until: datetime | None = None, model: str | None = None) -> EntityRows:
    """Resolve ``entity`` (name, alias or ticker: ``store.extraction.resolve_entity``) and read its rows."""
    from news_sentiment.store.extraction import entity_ticker, resolve_entity
    from news_sentiment.store.read import signal_rows

    ids, names = resolve_entity(db, entity)
    rows = signal_rows(db, ids, names, model=model, since=since, until=until)
    rows.insert(2, "entity", names[0])
    ticker = entity_ticker(db, entity, ids)
    return EntityRows(names[0], norm_ticker(ticker) if ticker else None, rows)


def signals(db: sqlite_utils.Database, entity: str, freq: Freq | str = Freq.DAY, *, since: datetime | None = None,
            until: datetime | None = None, model: str | None = None) -> pd.DataFrame:
    """Per-period sentiment, buzz, novelty and relevance of one entity (``analysis.signals.entity_signals``)."""
    return entity_signals(entity_rows(db, entity, since=since, until=until, model=model).rows, freq)


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
    er = entity_rows(db, entity, since=since, until=until, model=model)
    bench = benchmark_ticker(db, benchmark) if benchmark else None
    book = PriceBook.from_db(db, [t for t in (er.ticker, bench) if t])
    if bench is not None and bench not in book:
        raise InputError(f"no prices for benchmark {benchmark!r} ({bench})",
                         hint="Import its closes with `sentiment prices import`, or leave out --benchmark.")
    closes = book.closes(er.ticker) if er.ticker else None
    return link_entity(er.rows, closes, book.closes(bench) if bench else None, entity=er.name, ticker=er.ticker,
                       benchmark_name=bench, options=options)
