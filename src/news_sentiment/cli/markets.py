"""Commands over market data: prices import/fetch/list, baskets."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import click

from news_sentiment.cli.main import cli, db_option, format_option, open_db, pct, print_json, print_rows
from news_sentiment.errors import InputError

if TYPE_CHECKING:
    from news_sentiment.pipeline.prices import PriceImportReport

# Library imports (pandas, spaCy's KB loader) happen inside the commands, so `sentiment --help` stays fast.


@cli.group()
def prices() -> None:
    """Daily closes for tickers, indices and basket members.

    \b
    Example:
        sentiment prices import ../shared/data/prices_daily/
        sentiment prices list
    """


MAX_REFUSALS_SHOWN = 50


@prices.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON (every refused row included).")
@db_option
def prices_import(path: str, as_json: bool, db_path: str) -> None:
    """Import closes from a CSV file or a folder of CSVs (idempotent).

    Long layout: date,ticker,close[,currency]. Per-ticker layout: Date,Open,High,Low,Close,...
    without a ticker column: the ticker is the file name (9988.HK.csv), and the summary says so.
    Dates are YYYY-MM-DD, optionally with a time and UTC offset (the calendar date as written is kept).

    A row with an empty ticker, an empty, impossible or future date, or a close that is empty, not a
    number or not positive is refused and listed on stderr with its file and line; the other rows are
    stored. The currency is the file's currency column, else the knowledge base's (`currency:`, the
    ticker suffix, the exchange), else left unknown. Exit code 1 only when nothing could be stored.

    \b
    Example:
        sentiment prices import closes.csv
        sentiment prices import ../shared/data/prices_daily/
    """
    from news_sentiment.analysis.prices import kb_currencies
    from news_sentiment.pipeline.prices import import_prices
    from news_sentiment.nlp.kb import load_kb

    report = import_prices(open_db(db_path, "create"), path, currencies=kb_currencies(load_kb()))
    if as_json:
        print_json(report.to_json())
    else:
        _print_import(report)
    if not report.rows:
        raise InputError(f"no closes stored from {path}: {report.read} rows read, {len(report.refused)} refused",
                         hint="Fix the rows listed above (line numbers count the header as line 1).")


def _print_import(report: PriceImportReport) -> None:
    click.echo(f"{report.read} rows read: {report.rows} closes for {len(report.tickers)} tickers "
               f"({report.first_date} to {report.last_date}): {report.inserted} new, {report.updated} changed, "
               f"{report.unchanged} unchanged; {len(report.refused)} refused"
               + (f"; {report.repeated} repeated (the later close kept)" if report.repeated else ""))
    if report.named_by_file:
        click.echo(f"ticker from the file name (no ticker column): {', '.join(report.named_by_file)}")
    ignored = Counter((r.file, r.value) for r in report.currency_ignored)
    for (file, value), n in ignored.items():
        first = next(r.line for r in report.currency_ignored if (r.file, r.value) == (file, value))
        click.echo(f"{file}: currency {value!r} on {n} rows (first at line {first}) is not a currency code: "
                   "ignored, the currency comes from the knowledge base or the ticker", err=True)
    if report.currency_unknown:
        click.echo(f"currency unknown for {', '.join(report.currency_unknown)}: add a currency column, or "
                   "`currency:` to the instrument in the knowledge base", err=True)
    for row in report.refused[:MAX_REFUSALS_SHOWN]:
        click.echo(f"refused {row}", err=True)
    if len(report.refused) > MAX_REFUSALS_SHOWN:
        click.echo(f"... and {len(report.refused) - MAX_REFUSALS_SHOWN} more refused rows (--json lists them all)",
                   err=True)


@prices.command("fetch")
@click.argument("tickers", nargs=-1)
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day (default: one year before --end).")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (default: today).")
@db_option
def prices_fetch(tickers: tuple[str, ...], start: datetime | None, end: datetime | None, db_path: str) -> None:
    """Download closes with yfinance (needs the network and `pip install "news-sentiment[prices]"`).

    Without TICKERS, fetches every ticker of the knowledge base's baskets and indices. A --start after
    --end is refused before anything is downloaded.

    \b
    Example:
        sentiment prices fetch 9988.HK 0700.HK --start 2025-01-01
    """
    from news_sentiment.analysis.prices import kb_currencies, kb_tickers
    from news_sentiment.pipeline.prices import fetch_prices
    from news_sentiment.nlp.kb import load_kb

    last = end.date() if end else date.today()
    first = start.date() if start else last - timedelta(days=365)
    kb = load_kb()
    report = fetch_prices(open_db(db_path, "create"), tickers or tuple(kb_tickers(kb)), first, last,
                          currencies=kb_currencies(kb))
    click.echo(f"{report.rows} closes for {len(report.tickers)} tickers: {report.inserted} new, "
               f"{report.updated} changed; {len(report.refused)} days without a positive close left out")


@prices.command("list")
@format_option()
@db_option
def prices_list(fmt: str, db_path: str) -> None:
    """Stored tickers with their first and last dates and number of closes.

    \b
    Example:
        sentiment prices list --format json
    """
    from news_sentiment.store.prices import price_coverage

    rows = price_coverage(open_db(db_path, "read"))
    print_rows(rows, fmt, ["ticker", "first", "last", "closes", "currency"])


BASKET_COLUMNS = ("name", "kind", "ticker", "ytd_pct", "week_pct", "day_pct", "last_close_date", "coverage")
RETURN_COLUMNS = ("ticker", "return_pct", "base_date", "base_close", "end_date", "end_close")


@cli.command()
@click.option("--asof", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Performance as of this day (default: the last stored close).")
@format_option()
@db_option
def baskets(asof: datetime | None, fmt: str, db_path: str) -> None:
    """YTD, week-to-date and day performance of every basket and index, from stored prices.

    Baskets come from the knowledge base (models/kb/baskets.yaml), equal-weighted, each member in its
    own currency; coverage says which members had prices. Returns are in percent (ytd_pct: 22.12 = +22.12%).

    \b
    Example:
        sentiment baskets --asof 2025-03-07
    """
    from news_sentiment.pipeline.prices import basket_performance

    when, table = basket_performance(open_db(db_path, "read"), asof.date() if asof else None)
    rows = [{**r, "ytd_pct": pct(r["ytd"]), "week_pct": pct(r["week"]), "day_pct": pct(r["day"])}
            for r in table.to_dict("records")]
    if fmt == "table":
        click.echo(f"as of {when.isoformat()}")
    print_rows(rows, fmt, BASKET_COLUMNS)


@cli.command()
@click.argument("name")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day of the period.")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="Last day of the period (on or after --start).")
@format_option()
@db_option
def returns(name: str, start: datetime, end: datetime, fmt: str, db_path: str) -> None:
    """Return of a basket, index or company over a period (last close on or before each end).

    NAME is a name, alias or ticker in any common form (Nvidia, NVDA, $NVDA), looked up the way every
    command does; an unknown name gets "did you mean" suggestions. Per member: return_pct in percent (-14.29 = -14.29%), the base and end closes. A --start after
    --end is refused.

    \b
    Example:
        sentiment returns "7 titans" --start 2025-01-01 --end 2025-03-07
    """
    from news_sentiment.pipeline.prices import subject_return

    result = subject_return(open_db(db_path, "read"), name, start.date(), end.date())
    rows = [{"ticker": t, "return_pct": pct(r.value) if r else None, "base_date": r and r.base.date,
             "base_close": r and r.base.close, "end_date": r and r.last.date, "end_close": r and r.last.close}
            for t, r in result.members]
    if fmt == "table":
        total = result.total
        figure = "no prices" if total.value is None else f"{100 * total.value:+.2f}%"
        click.echo(f"{total.name} {total.start}..{total.end}: {figure} (coverage {total.coverage})")
        for row in rows:
            for key in ("base_close", "end_close"):
                row[key] = None if row[key] is None else f"{row[key]:,.2f}"
    print_rows(rows, fmt, RETURN_COLUMNS)
