"""Commands over feeds and articles: ingest, import, articles."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Any

import click

from news_sentiment.cli.main import F, cli, db_option, format_option, open_db, print_rows, run_lock, wait_option
from news_sentiment.config import load_feeds_config
from news_sentiment.errors import SentimentError
from news_sentiment.records import FeedReport, FeedSpec, FeedStatus, IngestReport, PageOutcome

# The ingest machinery (httpx, feedparser, trafilatura, datasketch) is imported inside the commands
# that need it, so `sentiment --help` and the other commands start fast.

EXIT_ROWS_REFUSED = 3  # import stored what it could; some rows were refused (listed on stderr)

# new, updated, exact duplicates, near-duplicates, skipped entries, article pages fetched/wanted, errors, seconds
REPORT_COLUMNS = ("feed", "status", "new", "upd", "dup", "near", "skip", "pages", "err", "secs")


def _pages_cell(r: FeedReport) -> str:
    wanted = sum(r.pages.values())
    return f"{r.pages[PageOutcome.FETCHED]}/{wanted}" if wanted else "-"


def _report_row(r: FeedReport) -> tuple:
    status = str(r.status) if r.http_status is None else f"{r.status} {r.http_status}"
    return (r.name, status, r.new, r.updated, r.duplicates, r.near_duplicates, r.skipped, _pages_cell(r),
            len(r.errors), f"{r.seconds:.1f}")


def _print_ingest_report(report: IngestReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=False, soft_wrap=True)
    table = Table(*REPORT_COLUMNS, title="Ingest summary")
    for col in table.columns[1:]:
        col.no_wrap = True
    for r in report.feeds:
        table.add_row(*(str(v) for v in _report_row(r)))
    partial = sum(f.status == FeedStatus.PARTIAL for f in report.feeds)
    worked = f"{sum(f.worked for f in report.feeds)}/{len(report.feeds)} ok" + (f" ({partial} partial)" if partial else "")
    fetched = sum(f.pages[PageOutcome.FETCHED] for f in report.feeds)
    wanted = sum(sum(f.pages.values()) for f in report.feeds)
    table.add_row("total", worked,
                  *(str(report.total(a)) for a in ("new", "updated", "duplicates", "near_duplicates", "skipped")),
                  f"{fetched}/{wanted}" if wanted else "-", str(sum(len(f.errors) for f in report.feeds)),
                  f"{report.seconds:.1f}", style="bold")
    console.print(table)
    for r in report.feeds:
        for reason, n in r.refused.items():
            console.print(f"[yellow]{r.name}[/]: {n} entries not stored: {reason}", highlight=False)
        if r.dates_estimated:
            console.print(f"[yellow]{r.name}[/]: {r.dates_estimated} entries had no usable date "
                          "(stored with the fetch time, marked estimated)", highlight=False)
        for err in r.errors[:5]:
            console.print(f"[yellow]{r.name}[/]: {err}", highlight=False)
        if len(r.errors) > 5:
            console.print(f"[yellow]{r.name}[/]: … and {len(r.errors) - 5} more errors", highlight=False)


_INGEST_OPTIONS = (
    click.option("--feeds", "feeds_path", type=click.Path(dir_okay=False), default="feeds.yaml", show_default=True,
                 help="Feeds file: `feeds: [{name, url, tags?, interval?, ignore_robots?}]`, optional top-level "
                      "`allow_private_addresses` and `contact`."),
    click.option("--no-fulltext", is_flag=True, help="Do not fetch article pages; keep the feed's own text."),
    click.option("--allow-private", is_flag=True,
                 help="Let links in feeds (and redirects) reach loopback, private and link-local addresses: for "
                      "intranet feeds only (same as `allow_private_addresses: true` in the feeds file)."),
    click.option("--force", is_flag=True, help="Fetch every feed now, ignoring its `interval`."),
    click.option("--workers", type=click.IntRange(1, 64), default=8, show_default=True, help="Concurrent fetches."),
    click.option("--timeout", type=click.FloatRange(0.1), default=20.0, show_default=True,
                 help="Read timeout per request, seconds."),
    click.option("--quiet", "-q", is_flag=True, help="No progress bar or table; errors only."),
    click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON."),
)


def ingest_options(fn: F) -> F:
    """The options of `sentiment ingest` (feeds file, fetching, output), shared with `sentiment update`."""
    for option in reversed(_INGEST_OPTIONS):
        fn = option(fn)
    return fn


def ingest_setup(feeds_path: str, no_fulltext: bool, allow_private: bool, force: bool, workers: int,
                 timeout: float) -> tuple[tuple[FeedSpec, ...], Any]:
    """The feeds and IngestOptions the ingest options ask for."""
    from news_sentiment.feeds.fetch import HttpOptions, user_agent
    from news_sentiment.ingest import IngestOptions

    config = load_feeds_config(feeds_path)
    http = HttpOptions(read_timeout=timeout, user_agent=user_agent(config.contact),
                       allow_private_addresses=allow_private or config.allow_private_addresses)
    return tuple(config.feeds), IngestOptions(fulltext=not no_fulltext, workers=workers, force=force, http=http)


@cli.command()
@ingest_options
@wait_option
@db_option
def ingest(feeds_path: str, no_fulltext: bool, allow_private: bool, force: bool, workers: int, timeout: float,
           quiet: bool, as_json: bool, wait: float, db_path: str) -> None:
    """Fetch every feed in the feeds file and store new articles.

    Re-running is cheap: unchanged feeds answer 304 (an unchanged local feed file is not parsed
    again), stored articles are not fetched again. Article pages are fetched only from public
    addresses and when the site's robots.txt allows; pages that failed are tried again on a later run.
    A feed is `partial` when it was read but none of the pages it needed could be fetched (its items
    keep their feed text). Exit code 0 when at least one feed worked (ok, partial, not_modified or
    skipped).

    \b
    Example:
        sentiment ingest --feeds feeds.yaml --db sentiment.db
        sentiment ingest --no-fulltext --json
    """
    from news_sentiment.ingest import ingest_feeds

    feeds, options = ingest_setup(feeds_path, no_fulltext, allow_private, force, workers, timeout)
    db = open_db(db_path, "create")
    show = not quiet and not as_json
    with run_lock(db_path, "ingest", wait):
        if show:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                          TimeElapsedColumn(), transient=True) as bar:
                task = bar.add_task("", total=len(feeds))
                report = ingest_feeds(db, feeds, options, progress=lambda r: bar.update(
                    task, advance=1, description=f"{r.name}: {r.status}, {r.new} new"))
            _print_ingest_report(report)
        else:
            report = ingest_feeds(db, feeds, options)
    if as_json:
        click.echo(json.dumps({"feeds": [f.as_dict() for f in report.feeds],
                               "totals": {a: report.total(a) for a in
                                          ("new", "updated", "duplicates", "near_duplicates", "skipped",
                                           "dates_estimated")},
                               "ok": report.ok, "seconds": round(report.seconds, 3)}, indent=2))
    if not report.ok:
        first = next((f.errors[0] for f in report.feeds if f.errors), "unknown error")
        raise SentimentError(f"all {len(report.feeds)} feeds failed (first error: {first})",
                             hint="Check the URLs in the feeds file and your network; run with -v for details.")


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default=None,
              help="File format (default: from the extension; .csv is CSV, anything else JSON Lines).")
@click.option("--source", default=None, help="Source name for rows without one (default: the file name).")
@click.option("--date-missing", type=click.Choice(["refuse", "now"]), default="refuse", show_default=True,
              help="A row without a published date: refuse it, or take the import time (marked estimated).")
@click.option("--dayfirst/--monthfirst", "dayfirst", default=None,
              help="Read an ambiguous date such as 05.03.2025 day first (5 March) or month first (May 3); "
                   "without either, such rows are refused.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@wait_option
@db_option
def import_(file: str, fmt: str | None, source: str | None, date_missing: str, dayfirst: bool | None, quiet: bool,
            as_json: bool, wait: float, db_path: str) -> None:
    """Add articles you already have: JSON Lines or CSV with url, title, published, text[, source].

    Dates: ISO 8601 (2025-03-07, 2025-03-07T08:30:00Z), RFC 822 (Fri, 07 Mar 2025 08:30:00 GMT), month
    names (7 March 2025) or numbers (13.03.2025). A row with a missing, unparseable, impossible,
    ambiguous or future date is refused and reported with its line number; the others are stored.
    Exit code 0 when every row was stored (or was already there), 3 when some rows were refused,
    1 when the file cannot be read.

    \b
    Example:
        sentiment import archive.jsonl
        sentiment import export.csv --source "Newswire export" --dayfirst
        sentiment import headlines.csv --date-missing now
    """
    from news_sentiment.dates import DayOrder
    from news_sentiment.ingest import DateMissing, ImportOptions, import_articles

    order = None if dayfirst is None else (DayOrder.DAY_FIRST if dayfirst else DayOrder.MONTH_FIRST)
    options = ImportOptions(fmt=fmt, source=source, date_missing=DateMissing(date_missing), day_order=order)
    db = open_db(db_path, "create")
    with run_lock(db_path, "ingest", wait):
        report = import_articles(db, file, options)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(report), indent=2))
    elif not quiet:
        click.echo(f"{report.rows} rows: {report.new} new, {report.updated} updated, {report.duplicates} duplicates, "
                   f"{report.near_duplicates} near-duplicates, {report.refused} refused "
                   f"({report.dates_refused} for their date), {report.dates_estimated} dates estimated "
                   f"({report.seconds:.2f}s)")
    for err in report.errors:
        click.echo(f"{file}: {err}", err=True)
    if report.errors_omitted:
        click.echo(f"{file}: … and {report.errors_omitted} more problems", err=True)
    if report.refused:
        raise SystemExit(EXIT_ROWS_REFUSED)


@cli.command()
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), help="Published on or after.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), help="Published on or before.")
@click.option("--feed", help="Only articles carried by this feed (name or URL).")
@click.option("--search", help="Full-text search over title and text (syntax above).")
@click.option("--limit", type=click.IntRange(0), default=50, show_default=True, help="At most this many (0: all).")
@click.option("--duplicates", "include_duplicates", is_flag=True, help="Include near-duplicate copies.")
@click.option("--text", "with_text", is_flag=True, help="Include summary and full text (json/csv).")
@format_option()
@db_option
def articles(since: datetime | None, until: datetime | None, feed: str | None, search: str | None, limit: int,
             include_duplicates: bool, with_text: bool, fmt: str, db_path: str) -> None:
    """List or search stored articles, newest first (best match first with --search).

    \b
    Search syntax (case-insensitive; rally also finds rallies):
      Hang Seng           words are ANDed: both words, anywhere
      "Hang Seng"         a "quoted phrase": the words next to each other
      Nasdaq OR Tesla     either (OR, NOT, AND in upper case; or/not are words)
      Hang Seng NOT Tech  without Tech (NOT binds tightest, then AND, then OR)
      (Nasdaq OR Tesla) NOT futures      ( ) group
      tech*               prefix*: tech, technology, techs
    Punctuation is not searched (S&P is the words S P); title:, NEAR, ^ are
    plain text. At most 32 words and 500 characters.

    \b
    Example:
        sentiment articles --since 2025-03-01 --search "Hang Seng"
        sentiment articles --search '"Hang Seng" NOT Tech' --format json
        sentiment articles --feed "CNBC Finance" --format json --text
    """
    from news_sentiment.store.read import ArticleQuery, day_bound, list_articles

    query = ArticleQuery(since=day_bound(since) if since else None, until=day_bound(until, end=True) if until else None,
                         feed=feed, search=search, limit=limit or None, include_duplicates=include_duplicates,
                         with_text=with_text)
    rows = list_articles(open_db(db_path, "read"), query)
    columns = ["id", "published", "source", "title", "url"]
    if fmt != "table":
        columns = [c for c in rows[0]] if rows else columns
    print_rows(rows, fmt, columns)
