"""`sentiment signals`: per-period entity signals (sentiment, buzz, novelty, relevance)."""

from __future__ import annotations

from typing import Any

import click

from news_sentiment.cli.main import cli, db_option, format_option, pct, print_rows

SIGNAL_OUTPUT_COLUMNS = ["period", "entity", "sentiment", "scored", "mentions", "articles", "sources", "novelty_pct",
                         "relevance_pct"]


@cli.command()
@click.option("--entity", required=True, help="Entity name, alias or ticker.")
@click.option("--freq", type=click.Choice(["D", "W"]), default="D", show_default=True,
              help="Per UTC day, or per week starting Monday.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Published on or after this day.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Published on or before this day.")
@click.option("--model", default=None, help="Sentiment model version (default: the one scored last).")
@format_option()
@db_option
def signals(entity: str, freq: str, since: Any, until: Any, model: str | None, fmt: str, db_path: str) -> None:
    """Entity signals per day or week: sentiment, buzz, novelty and relevance.

    sentiment is the confidence-weighted mean of positive minus negative probability (-1..1) over the
    scored articles; buzz is mentions, articles and distinct sources; novelty_pct is the mean novelty of
    the entity's articles (100 = nothing like it in the window before); relevance_pct is how central the
    entity is to its articles (its share of their entity mentions, +25 points when in the title). The
    Python API's Store.signals() returns the same rows as a DataFrame (fractions, not percent).

    \b
    Example:
        sentiment signals --entity Nvidia
        sentiment signals --entity "7 titans" --freq W --format csv
    """
    from news_sentiment.api import Store

    with Store(db_path) as store:
        df = store.signals(entity, freq=freq, since=since, until=until, model=model)
    rows = [{**r, "period": r["period"].date(), "novelty_pct": pct(r["novelty"]), "relevance_pct": pct(r["relevance"])}
            for r in df.to_dict("records")]
    print_rows(rows, fmt, SIGNAL_OUTPUT_COLUMNS)
