"""Link a stored narrative to a basket's stored prices (:func:`news_sentiment.analysis.links.link`)."""

from __future__ import annotations

import sqlite_utils

from news_sentiment.analysis.links import LinkResult, link
from news_sentiment.errors import InputError
from news_sentiment.pipeline import prices
from news_sentiment.store.narratives import read_narrative_weeks, resolve_narrative


def link_narrative_basket(db: sqlite_utils.Database, narrative: str, basket: str, *, benchmark: str | None = None,
                          model: str | None = None, max_lag: int = 4, n_boot: int = 1000, seed: int = 0,
                          shift_threshold: float = 2.0) -> LinkResult:
    """Read stored narrative weeks and basket (and benchmark) weekly returns, then :func:`link`.

    Returns come from ``pipeline.prices.weekly_basket_returns``. Raises InputError when the narrative is
    unknown or the basket has no prices.
    """
    nid = resolve_narrative(db, narrative)
    stats = read_narrative_weeks(db, narrative=nid)
    if stats.empty:
        raise InputError(f"no weekly statistics stored for narrative {narrative!r}",
                         hint="Run `sentiment narratives` to compute them.")
    rets = prices.weekly_basket_returns(db, basket)
    if rets.empty:
        raise InputError(f"no prices for basket {basket!r}", hint="Import closes with `sentiment prices import`.")
    name = str(rets["basket"].iloc[0])
    bench = prices.weekly_basket_returns(db, benchmark) if benchmark else None
    if bench is not None and bench.empty:
        raise InputError(f"no prices for benchmark {benchmark!r}",
                         hint="Import its closes with `sentiment prices import`, or leave out --benchmark.")
    res = link(stats, rets, nid, name, benchmark=bench, model=model, max_lag=max_lag, n_boot=n_boot, seed=seed,
               shift_threshold=shift_threshold)
    res.narrative_name = str(stats["name"].iloc[0])
    return res
