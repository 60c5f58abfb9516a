"""ingest_feeds() and import_articles(): feeds/files → Article records → the store.

Fetching (and full-text extraction) runs in worker threads; every write happens on the calling
thread, one transaction per feed, so a killed run loses nothing already committed.

Feed URLs come from the user and are fetched as written. Article pages come from the feeds: they are
fetched only from public addresses, when robots.txt allows (feeds/pages.py). A page that cannot be had
never costs its item: the item is stored with its feed text, the failure is counted and summarised once
per host, and a passing failure is tried again on a later run with backoff (``page_failures``).
"""

from __future__ import annotations

import csv
import dataclasses
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from enum import Enum
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

from news_sentiment.articles import (
    PageText,
    canonical_url,
    detect_language,
    synthetic_url,
    utcnow,
)
from news_sentiment.dates import DateError, DayOrder, parse_date
from news_sentiment.errors import FetchError, InputError
from news_sentiment.feeds.fetch import Fetcher, FetchResult, HttpOptions, is_http_url
from news_sentiment.feeds.pages import PageFetcher
from news_sentiment.feeds.parse import parse_feed
from news_sentiment.jsonl import json_objects
from news_sentiment.records import (
    Article,
    EntryDraft,
    FeedReport,
    FeedSpec,
    FeedStatus,
    ImportReport,
    IngestReport,
    PageOutcome,
    PageProblem,
    TextMethod,
)
from news_sentiment.store.articles import ArticleStore, FeedState, PageFailure
from news_sentiment.textutil import clean_whitespace, word_count

log = logging.getLogger(__name__)

Progress = Callable[[FeedReport], None]
MAX_ERROR_CHARS = 1000  # feeds.last_error is at most this long


@dataclass(frozen=True)
class IngestOptions:
    fulltext: bool = True  # fetch article pages when the feed carries only a short summary
    workers: int = 8
    force: bool = False  # ignore each feed's polling interval
    min_content_words: int = 150  # feed content at least this long is taken as the full text
    page_max_bytes: int = 5 * 1024 * 1024
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay up to this is honoured; above it, the site is skipped
    page_retry_after: timedelta = timedelta(minutes=30)  # first wait before a failed page is tried again (doubles)
    page_retry_attempts: int = 5  # a page failing this many times is given up
    page_retries_per_feed: int = 50  # earlier failures tried again per feed per run, at most
    # Address policy, User-Agent (contact), timeouts: allow_private_addresses=True lets links in feeds reach
    # private and loopback addresses (intranet feeds, tests on loopback).
    http: HttpOptions = field(default_factory=HttpOptions)


@dataclass(frozen=True)
class _Run:
    """What every worker of one run shares."""

    store: ArticleStore
    fetcher: Fetcher
    pages: PageFetcher
    options: IngestOptions


@dataclass
class _Collected:
    """What a worker brings back for one feed; written by the main thread."""

    report: FeedReport
    state: FeedState
    fetched_at: datetime
    fetch: FetchResult | None = None
    title: str | None = None
    articles: list[Article] = field(default_factory=list)
    page_failures: list[PageFailure] = field(default_factory=list)  # to try again on a later run
    pages_done: list[str] = field(default_factory=list)  # fetched, or failed for good: forget earlier failures
    links_tried: set[str] = field(default_factory=set)


def ingest_feeds(db: sqlite_utils.Database, feeds: Sequence[FeedSpec], options: IngestOptions | None = None, *,
                 progress: Progress | None = None, fetcher: Fetcher | None = None) -> IngestReport:
    """Fetch, parse and store every feed; one bad feed never stops the others."""
    options = options or IngestOptions()
    started = time.monotonic()
    store = ArticleStore(db)
    states = store.register_feeds(feeds)
    report = IngestReport()
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(options.http)
    run = _Run(store, fetcher, PageFetcher(fetcher, max_bytes=options.page_max_bytes,
                                           max_crawl_delay=options.max_crawl_delay), options)
    try:
        with ThreadPoolExecutor(max_workers=max(1, options.workers), thread_name_prefix="ingest") as pool:
            futures = {pool.submit(_collect, spec, states[spec.url], run): spec for spec in feeds}
            for future in as_completed(futures):
                collected = future.result()
                _store_feed(store, collected, options)
                report.feeds.append(collected.report)
                if progress:
                    progress(collected.report)
    finally:
        store.close()
        if own_fetcher:
            fetcher.close()
    order = {spec.url: i for i, spec in enumerate(feeds)}
    report.feeds.sort(key=lambda r: order.get(r.url, 0))
    report.seconds = time.monotonic() - started
    return report


def _collect(spec: FeedSpec, state: FeedState, run: _Run) -> _Collected:
    """Worker: fetch and parse one feed and build its articles. Never raises."""
    started = time.monotonic()
    now = utcnow()
    report = FeedReport(name=spec.name, url=spec.url)
    out = _Collected(report=report, state=state, fetched_at=now)
    if (spec.interval and not run.options.force and state.last_ok_at
            and now - state.last_ok_at < timedelta(minutes=spec.interval)):
        report.status = FeedStatus.SKIPPED
        report.seconds = time.monotonic() - started
        return out
    try:
        result = run.fetcher.fetch(spec.url, etag=state.etag, last_modified=state.last_modified, trusted=True,
                                   accept="application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5")
        out.fetch = result
        report.http_status = result.status or None
        if result.not_modified:
            report.status = FeedStatus.NOT_MODIFIED
        else:
            _read_entries(result, spec, state, run, now, out)
        if run.options.fulltext:
            _retry_pages(spec, state, run, now, out)
    except FetchError as exc:
        report.status = FeedStatus.ERROR
        report.http_status = exc.status
        report.errors.insert(0, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad feed must never stop the others
        log.exception("unexpected error on feed %s", spec.url)
        report.status = FeedStatus.ERROR
        report.errors.insert(0, f"unexpected {type(exc).__name__}: {exc}")
    _summarise_pages(report)
    report.seconds = time.monotonic() - started
    return out


def _read_entries(result: FetchResult, spec: FeedSpec, state: FeedState, run: _Run, now: datetime,
                  out: _Collected) -> None:
    report = out.report
    parsed = parse_feed(result.content, url=result.final_url, content_type=result.content_type)
    out.title = parsed.title
    report.entries = len(parsed.entries)
    if not parsed.entries and parsed.error:
        raise FetchError(parsed.error)
    if parsed.error:
        report.errors.append(f"feed is ill-formed, read what could be read: {parsed.error}")
    source = parsed.title or spec.name
    for entry in parsed.entries:
        art = _article(entry, spec, state, run, now, parsed.language, source, out)
        if isinstance(art, Refused):
            report.refused[art.reason] += 1
        else:
            out.articles.append(art)


@dataclass(frozen=True)
class Refused:
    """An entry that was not stored, and why (counted in the feed's report)."""

    reason: str


NOTHING_READABLE = "nothing readable: no link, id, title or text"
NO_TEXT = "no readable text: only a link, and no page text could be had"


def _article(entry: EntryDraft, spec: FeedSpec, state: FeedState, run: _Run, now: datetime,
             feed_language: str | None, source: str, out: _Collected) -> Article | Refused:
    """Build the Article for one entry, fetching its page when the feed text is short.

    Feed text is kept as the feed gave it (furniture is stripped from fetched pages only). A page that
    could not be had leaves the feed text; a passing failure is recorded to try again on a later run.
    """
    options = run.options
    link = entry.link if entry.link and is_http_url(entry.link) else None
    url = _entry_url(entry, spec, link)
    if url is None:
        return Refused(NOTHING_READABLE)
    text, method = _feed_text(entry, options)
    title, published, author = entry.title, entry.published, entry.author
    failure = None
    if (word_count(entry.content) < options.min_content_words and options.fulltext and link
            and not run.store.is_known(url, state.id, entry.guid)):
        page, problem = _page(link, spec, run, out)
        if problem is not None and problem.retry:
            failure = PageFailure(link, entry.guid, url, problem.reason)
        if page and word_count(page.text) > max(word_count(text), word_count(entry.summary)):
            text, method = page.text, TextMethod.PAGE
            title, published, author = title or page.title or "", published or page.published, author or page.author
    if not text and not title:
        return Refused(NO_TEXT)
    if failure is not None:
        out.page_failures.append(failure)
    if not text:
        text, method = title, TextMethod.TITLE
    if published is None:
        published, estimated = now, True
    else:
        estimated = False
    return Article(
        url=url, original_url=link, guid=entry.guid, title=title or text[:120], author=author,
        published=published, published_estimated=estimated, fetched_at=now, summary=entry.summary,
        text=text, text_method=method, language=detect_language(text, feed_language), source=source,
    )


def _entry_url(entry: EntryDraft, spec: FeedSpec, link: str | None) -> str | None:
    """The entry's canonical link, or a stable urn from its id or content; None when it has neither."""
    if link:
        return canonical_url(link)
    key = entry.guid or "\n".join(p for p in (entry.title, entry.summary, entry.content) if p)
    return synthetic_url(spec.url, key) if key else None


def _feed_text(entry: EntryDraft, options: IngestOptions) -> tuple[str, TextMethod]:
    """The best text the feed itself carries: full content when long enough, else content or summary."""
    # feedparser copies content into summary when a feed has no description, so equal texts
    # count as full content only when they are long enough to be an article.
    if entry.content and (word_count(entry.content) >= options.min_content_words or entry.content != entry.summary):
        return entry.content, TextMethod.FEED_CONTENT
    if entry.summary:
        return entry.summary, TextMethod.SUMMARY
    return "", TextMethod.TITLE


def _page(link: str, spec: FeedSpec, run: _Run, out: _Collected) -> tuple[PageText | None, PageProblem | None]:
    """Fetch one article page and count its outcome in the feed's report."""
    out.links_tried.add(link)
    result = run.pages.get(link, ignore_robots=spec.ignore_robots)
    report = out.report
    if result.problem is not None:
        report.pages[result.problem.outcome] += 1
        report.page_problems.append(result.problem)
        log.info("page %s not fetched (%s): %s", link, result.problem.outcome, result.problem.reason)
        if not result.problem.retry:
            out.pages_done.append(link)
        return None, result.problem
    report.pages[PageOutcome.FETCHED] += 1
    out.pages_done.append(link)
    return result.page, None


def _retry_pages(spec: FeedSpec, state: FeedState, run: _Run, now: datetime, out: _Collected) -> None:
    """Try again the pages of this feed that failed on an earlier run and are due; a page that comes
    through updates its article (the store lets page text replace a summary)."""
    for retry in run.store.pages_to_retry(state.id, now, run.options.page_retries_per_feed):
        if retry.url in out.links_tried:
            continue
        art = run.store.article_for_retry(state.id, retry)
        if art is None or art.text_method.rank >= TextMethod.PAGE.rank:  # gone, or has its page text by now
            out.pages_done.append(retry.url)
            continue
        out.report.pages_retried += 1
        page, problem = _page(retry.url, spec, run, out)
        if problem is not None:
            if problem.retry:
                out.page_failures.append(PageFailure(retry.url, retry.guid, retry.article_url, problem.reason))
            continue
        if page and word_count(page.text) > word_count(art.text):
            out.articles.append(dataclasses.replace(
                art, text=page.text, text_method=TextMethod.PAGE, author=art.author or page.author,
                language=detect_language(page.text, art.language)))


def _summarise_pages(report: FeedReport) -> None:
    """One error line per host for the pages that were not fetched, with counts; PARTIAL when the feed
    was read but not one of the pages it needed could be fetched."""
    by_host: dict[str, Counter[str]] = {}
    to_retry: Counter[str] = Counter()
    for problem in report.page_problems:
        by_host.setdefault(problem.host, Counter())[problem.reason] += 1
        to_retry[problem.host] += problem.retry
    for host, reasons in sorted(by_host.items(), key=lambda item: (-sum(item[1].values()), item[0])):
        shown = "; ".join(f"{n}× {_clip(reason, 200)}" for reason, n in reasons.most_common(3))
        if len(reasons) > 3:
            shown += f"; {len(reasons) - 3} other reasons"
        later = f"; {to_retry[host]} to try again on a later run" if to_retry[host] else ""
        report.errors.append(f"article pages on {host}: {sum(reasons.values())} not fetched ({shown}){later}")
    failed = report.pages[PageOutcome.FAILED] + report.pages[PageOutcome.REFUSED]
    if report.status == FeedStatus.OK and failed and not report.pages[PageOutcome.FETCHED]:
        report.status = FeedStatus.PARTIAL


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bounded_error(errors: Sequence[str], limit: int = MAX_ERROR_CHARS) -> str | None:
    """The errors joined for ``feeds.last_error``, cut to ``limit`` characters (saying so)."""
    if not errors:
        return None
    text = "; ".join(errors)
    if len(text) <= limit:
        return text
    suffix = f" … (cut; {len(errors)} errors, {len(text):,} characters in all)"
    return text[: limit - len(suffix)] + suffix


def _nothing_to_record(collected: _Collected) -> bool:
    """A local feed file unchanged since a read that succeeded, with no page retried: writing its poll would
    change nothing but the poll's time, so nothing is written (an HTTP 304 is recorded: its time starts the
    feed's polling interval)."""
    fetch = collected.fetch
    return (fetch is not None and fetch.unchanged and collected.state.last_ok and not collected.articles
            and not collected.page_failures and not collected.pages_done and not collected.report.errors)


def _store_feed(store: ArticleStore, collected: _Collected, options: IngestOptions) -> None:
    """Main thread: write one feed's articles, its page failures and its new state in one transaction."""
    report, fetch = collected.report, collected.fetch
    if report.status == FeedStatus.SKIPPED or _nothing_to_record(collected):
        return
    ok = report.status != FeedStatus.ERROR
    feed_id = collected.state.id
    with store.batch():
        counts = store.write(collected.articles, feed_id)
        store.clear_page_failures(collected.pages_done)
        store.record_page_failures(feed_id, collected.page_failures, collected.fetched_at,
                                   first_wait=options.page_retry_after, max_attempts=options.page_retry_attempts)
        store.record_feed(
            feed_id, fetched_at=collected.fetched_at, ok=ok,
            status=report.http_status, error=bounded_error(report.errors),
            etag=fetch.etag if fetch else None, last_modified=fetch.last_modified if fetch else None,
            title=collected.title, entries=report.entries, counts=counts,
            keep_validators=not ok or (fetch is not None and fetch.not_modified),
        )
    report.new, report.updated = counts.new, counts.updated
    report.duplicates, report.near_duplicates = counts.duplicates, counts.near_duplicates
    report.dates_estimated = sum(art.published_estimated for art in collected.articles)


# -- import ---------------------------------------------------------------------------------------

IMPORT_FIELDS = ("url", "title", "published", "text", "source", "summary", "author")
MAX_LISTED_ERRORS = 1000  # further bad rows are counted, not listed, so memory stays flat


class DateMissing(Enum):
    """What import does with a row without a published date."""

    REFUSE = "refuse"
    NOW = "now"  # the import time, marked estimated


@dataclass(frozen=True)
class ImportOptions:
    fmt: str | None = None  # "jsonl" | "csv"; None: from the file extension
    source: str | None = None  # for rows without one; default: the file name
    date_missing: DateMissing = DateMissing.REFUSE
    day_order: DayOrder | None = None  # how to read 05.03.2025; None: refuse ambiguous dates
    batch_size: int = 500


def import_articles(db: sqlite_utils.Database, path: str | Path, options: ImportOptions | None = None) -> ImportReport:
    """Add articles from a JSON Lines or CSV file (url, title, published, text[, source, summary, author]).

    The file is read as a stream, one transaction per batch. A bad row (no title and no text, a missing,
    unparseable, impossible, ambiguous or future date) is refused and reported with its line number;
    the rest are stored with the same dedup as ingest.
    """
    options = options or ImportOptions()
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}", hint="Give a .jsonl or .csv file of articles.")
    fmt = options.fmt or ("csv" if path.suffix.lower() == ".csv" else "jsonl")
    started = time.monotonic()
    report = ImportReport(path=str(path))
    store = ArticleStore(db)
    now = utcnow()
    batch: list[Article] = []
    try:
        for line_no, row in _rows(path, fmt, report, options):
            report.rows += 1
            try:
                art = _imported(row, now, options.source or path.stem, options)
            except InputError as exc:
                _refuse(report, line_no, exc)
                continue
            report.dates_estimated += art.published_estimated
            batch.append(art)
            if len(batch) >= options.batch_size:
                _flush(store, batch, report)
        _flush(store, batch, report)
    finally:
        store.close()
    report.seconds = time.monotonic() - started
    return report


def _flush(store: ArticleStore, batch: list[Article], report: ImportReport) -> None:
    if batch:
        counts = store.write_batch(batch)
        report.new += counts.new
        report.updated += counts.updated
        report.duplicates += counts.duplicates
        report.near_duplicates += counts.near_duplicates
        batch.clear()


def _refuse(report: ImportReport, line_no: int, exc: InputError) -> None:
    report.refused += 1
    if isinstance(exc, DateError):
        report.dates_refused += 1
    _note(report, f"line {line_no}: {exc}" + (f" ({exc.hint})" if exc.hint else ""))


def _note(report: ImportReport, message: str) -> None:
    if len(report.errors) < MAX_LISTED_ERRORS:
        report.errors.append(message)
    else:
        report.errors_omitted += 1


def _lines(path: Path, report: ImportReport) -> Iterator[str]:
    """The file's lines as text, streamed; a line that is not UTF-8 is read as Windows-1252 and noted."""
    try:
        fh = path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    with fh:
        for line_no, line in enumerate(fh, start=1):
            try:
                line.encode("utf-8")
            except UnicodeEncodeError:
                line = line.encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")
                _note(report, f"line {line_no}: not UTF-8; decoded as Windows-1252")
            yield line


def _rows(path: Path, fmt: str, report: ImportReport, options: ImportOptions) -> Iterator[tuple[int, dict]]:
    if fmt == "csv":
        reader = csv.DictReader(_lines(path, report))
        columns = set(reader.fieldnames or ())
        if "text" not in columns and "title" not in columns:
            raise InputError(f"{path}: CSV has neither a title nor a text column",
                             hint=f"Columns: {', '.join(IMPORT_FIELDS)} (url optional).")
        if "published" not in columns and options.date_missing is DateMissing.REFUSE:
            raise InputError(f"{path}: CSV has no published column, so no row has a date",
                             hint="Add a published column, or pass --date-missing now to use the import time "
                                  "(marked estimated).")
        start = reader.line_num  # the header's last line
        for row in reader:
            yield start + 1, row
            start = reader.line_num
        return

    def bad(lineno: int, reason: str) -> None:
        report.rows += 1
        report.refused += 1
        _note(report, f"line {lineno}: {reason}")

    yield from json_objects(_lines(path, report), bad, invalid="not valid JSON")


def _imported(row: dict, now: datetime, default_source: str, options: ImportOptions) -> Article:
    def field_(name: str) -> str:
        value = row.get(name)
        return clean_whitespace(str(value)) if value not in (None, "") else ""

    title, text = field_("title"), field_("text")
    if not title and not text:
        raise InputError("row has neither title nor text")
    raw_url = field_("url")
    url = canonical_url(raw_url) if raw_url and is_http_url(raw_url) else synthetic_url(raw_url, title, text)
    published, estimated = _import_date(field_("published"), now, options)
    return Article(
        url=url, original_url=raw_url or None, title=title or text[:120], author=field_("author") or None,
        published=published, published_estimated=estimated, fetched_at=now,
        summary=field_("summary"), text=text or title, text_method=TextMethod.IMPORT if text else TextMethod.TITLE,
        language=detect_language(text), source=field_("source") or default_source,
    )


def _import_date(value: str, now: datetime, options: ImportOptions) -> tuple[datetime, bool]:
    """(published, estimated): the row's date, or the import time when it has none and the options allow."""
    if not value and options.date_missing is DateMissing.NOW:
        return now, True
    return parse_date(value, order=options.day_order, now=now), False
