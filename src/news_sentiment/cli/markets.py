"""Commands over market data: prices import/fetch/list, baskets."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta

import click

from news_sentiment.cli.main import cli, db_option, format_option, print_rows, open_db

# Library imports (pandas, spaCy's KB loader) happen inside the commands, so `sentiment --help` stays fast.


@cli.group()
def prices() -> None:
    """Daily closes for tickers, indices and basket members.

    \b
    Example:
        sentiment prices import ../shared/data/prices_daily/
        sentiment prices list
    """


@prices.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@db_option
def prices_import(path: str, as_json: bool, db_path: str) -> None:
    """Import closes from a CSV file or a folder of CSVs (idempotent).

    Long layout: date,ticker,close[,currency]. Per-ticker layout: Date,Open,High,Low,Close,...
    with the ticker as the file name (9988.HK.csv).

    \b
    Example:
        sentiment prices import closes.csv
        sentiment prices import ../shared/data/prices_daily/
    """
    from news_sentiment.analysis.prices import import_prices

    report = import_prices(open_db(db_path, "create"), path)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(report), indent=2))
        return
    click.echo(f"{report.rows} closes for {len(report.tickers)} tickers ({report.first_date} to {report.last_date}): "
               f"{report.inserted} new, {report.updated} changed, {report.unchanged} unchanged")


@prices.command("fetch")
@click.argument("tickers", nargs=-1)
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day (default: one year ago).")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (default: today).")
@db_option
def prices_fetch(tickers: tuple[str, ...], start: datetime | None, end: datetime | None, db_path: str) -> None:
    """Download closes with yfinance (needs the network and `pip install "news-sentiment[prices]"`).

    Without TICKERS, fetches every ticker of the knowledge base's baskets and indices.

    \b
    Example:
        sentiment prices fetch 9988.HK 0700.HK --start 2025-01-01
    """
    from news_sentiment.analysis.prices import fetch_prices, kb_tickers
    from news_sentiment.nlp.kb import load_kb

    tickers = tickers or tuple(kb_tickers(load_kb()))
    last = end.date() if end else date.today()
    first = start.date() if start else last - timedelta(days=365)
    report = fetch_prices(open_db(db_path, "create"), tickers, first, last)
    click.echo(f"{report.rows} closes for {len(report.tickers)} tickers: {report.inserted} new, {report.updated} changed")


@prices.command("list")
@format_option()
@db_option
def prices_list(fmt: str, db_path: str) -> None:
    """Stored tickers with their first and last dates and number of closes.

    \b
    Example:
        sentiment prices list --format json
    """
    from news_sentiment.analysis.prices import price_coverage

    rows = price_coverage(open_db(db_path, "read"))
    print_rows(rows, fmt, ["ticker", "first", "last", "closes", "currency"])


@cli.command()
@click.option("--asof", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Performance as of this day (default: the last stored close).")
@format_option()
@db_option
def baskets(asof: datetime | None, fmt: str, db_path: str) -> None:
    """YTD, week-to-date and day performance of every basket and index, from stored prices.

    Baskets come from the knowledge base (models/kb/baskets.yaml), equal-weighted, each member in its
    own currency; coverage says which members had prices.

    \b
    Example:
        sentiment baskets --asof 2025-03-07
    """
    from news_sentiment.analysis.prices import basket_performance

    when, table = basket_performance(open_db(db_path, "read"), asof.date() if asof else None)
    rows = table.to_dict("records")
    if fmt == "table":
        for row in rows:
            for key in ("ytd", "week", "day"):
                row[key] = "" if row[key] is None or row[key] != row[key] else f"{100 * row[key]:+.1f}%"
        click.echo(f"as of {when.isoformat()}")
    print_rows(rows, fmt, ["name", "kind", "ytd", "week", "day", "last_close_date", "coverage"])


@cli.command()
@click.argument("name")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day of the period.")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Last day of the period.")
@format_option()
@db_option
def returns(name: str, start: datetime, end: datetime, fmt: str, db_path: str) -> None:
    """Return of a basket, index or company over a period (last close on or before each end).

    \b
    Example:
        sentiment returns "7 titans" --start 2025-01-01 --end 2025-03-07
    """
    from news_sentiment.analysis.prices import subject_return

    result = subject_return(open_db(db_path, "read"), name, start.date(), end.date())
    rows = [{"ticker": t, "return": None if r is None else r.value, "base_date": r and r.base.date.isoformat(),
             "base_close": r and r.base.close, "end_date": r and r.last.date.isoformat(), "end_close": r and r.last.close}
            for t, r in result.members]
    if fmt == "table":
        total = result.total
        figure = "no prices" if total.value is None else f"{100 * total.value:+.2f}%"
        click.echo(f"{total.name} {total.start}..{total.end}: {figure} (coverage {total.coverage})")
        for row in rows:
            row["return"] = "" if row["return"] is None else f"{100 * row['return']:+.2f}%"
            for key in ("base_close", "end_close"):
                row[key] = "" if row[key] is None else f"{row[key]:,.2f}"
    print_rows(rows, fmt, ["ticker", "return", "base_date", "base_close", "end_date", "end_close"])
