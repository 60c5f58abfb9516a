"""Plain records that cross stages. No I/O here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class FeedSpec:
    """One feed from feeds.yaml: an http(s) URL or a local file path."""

    name: str
    url: str
    tags: tuple[str, ...] = ()
    interval: int | None = None  # minutes between polls; None = every run
    ignore_robots: bool = False  # the user's own site: fetch its article pages without asking robots.txt


@dataclass(frozen=True)
class FeedsConfig:
    """A whole feeds file: the feeds and the top-level settings."""

    feeds: tuple[FeedSpec, ...]
    allow_private_addresses: bool = False  # links in feeds may reach private/loopback addresses (intranet)
    contact: str | None = None  # URL or e-mail for the User-Agent (None: the project's page)


@dataclass(frozen=True)
class EntryDraft:
    """One feed entry as parsed, before full text and dedup."""

    title: str
    link: str | None
    guid: str | None
    author: str | None
    published: datetime | None  # tz-aware UTC, None when the feed gave no usable date
    summary: str  # plain text
    content: str  # plain text of content:encoded / atom content ('' when absent)


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    language: str | None
    entries: tuple[EntryDraft, ...]
    error: str | None = None  # feedparser's bozo exception, recorded, not raised


class TextMethod(StrEnum):
    """Where an article's text came from, poorest first: a richer source may replace a poorer one."""

    TITLE = "title"
    SUMMARY = "summary"
    IMPORT = "import"
    FEED_CONTENT = "feed_content"
    PAGE = "page"

    @property
    def rank(self) -> int:
        return list(TextMethod).index(self)


@dataclass(frozen=True)
class Article:
    """An article ready to store."""

    url: str  # canonical URL (or a synthetic urn for articles without one)
    title: str
    published: datetime  # tz-aware UTC
    fetched_at: datetime  # tz-aware UTC
    text: str
    text_method: TextMethod
    original_url: str | None = None
    guid: str | None = None
    author: str | None = None
    published_estimated: bool = False
    summary: str = ""
    language: str | None = None
    source: str | None = None  # outlet / feed name


class FeedStatus(StrEnum):
    """How a feed fared in one run. PARTIAL: the feed document was read and its items stored, but not one
    of the article pages it needed could be fetched (each item kept its feed text)."""

    OK = "ok"
    PARTIAL = "partial"
    NOT_MODIFIED = "not_modified"
    SKIPPED = "skipped"
    ERROR = "error"


class PageOutcome(StrEnum):
    """What happened to one article page the ingest wanted."""

    FETCHED = "fetched"
    FAILED = "failed"  # network, HTTP status, size, robots.txt unavailable: transient ones retried later
    REFUSED = "refused"  # the fetch policy refused its address or scheme: never retried
    ROBOTS = "robots"  # robots.txt disallows it (or asks for a longer delay than we allow): not fetched


@dataclass(frozen=True)
class PageProblem:
    """An article page that was not fetched, and why. The item was still stored with its feed text."""

    url: str
    outcome: PageOutcome
    reason: str
    retry: bool = False  # tried again on a later run (with backoff)

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or self.url).lower()


@dataclass
class FeedReport:
    """What one ingest run did for one feed."""

    name: str
    url: str
    status: FeedStatus = FeedStatus.OK
    http_status: int | None = None
    entries: int = 0
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    refused: Counter[str] = field(default_factory=Counter)  # reason -> entries not stored
    dates_estimated: int = 0  # entries without a usable date, stored with the fetch time
    errors: list[str] = field(default_factory=list)  # feed errors, then one summary line per host for pages
    pages: Counter[PageOutcome] = field(default_factory=Counter)  # article pages wanted, by outcome
    pages_retried: int = 0  # pages that failed on an earlier run and were tried again in this one
    page_problems: list[PageProblem] = field(default_factory=list)  # every page not fetched, with its reason
    seconds: float = 0.0

    @property
    def skipped(self) -> int:
        """Entries not stored (every one counted under a reason in ``refused``)."""
        return sum(self.refused.values())

    @property
    def worked(self) -> bool:
        """The feed document was read (or did not need to be): PARTIAL counts, its items were stored."""
        return self.status != FeedStatus.ERROR

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (``dataclasses.asdict`` would turn Counters into counted pairs)."""
        return {
            "name": self.name, "url": self.url, "status": str(self.status), "http_status": self.http_status,
            "entries": self.entries, "new": self.new, "updated": self.updated, "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "skipped": self.skipped, "refused": dict(self.refused),
            "errors": list(self.errors), "pages": {str(k): v for k, v in self.pages.items()},
            "pages_retried": self.pages_retried, "dates_estimated": self.dates_estimated,
            "page_problems": [{"url": p.url, "outcome": str(p.outcome), "reason": p.reason, "retry": p.retry}
                              for p in self.page_problems],
            "seconds": round(self.seconds, 3),
        }


@dataclass
class IngestReport:
    feeds: list[FeedReport] = field(default_factory=list)
    seconds: float = 0.0

    def total(self, attr: str) -> int:
        return sum(getattr(f, attr) for f in self.feeds)

    @property
    def ok(self) -> bool:
        """True when at least one feed worked (or there were none)."""
        return not self.feeds or any(f.worked for f in self.feeds)


@dataclass
class ImportReport:
    path: str
    rows: int = 0
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    refused: int = 0  # rows not stored (each listed in errors with its line, up to a cap)
    dates_refused: int = 0  # of those, refused for their date
    dates_estimated: int = 0  # stored with the import time (--date-missing now)
    errors: list[str] = field(default_factory=list)
    errors_omitted: int = 0  # further problems counted but not listed
    seconds: float = 0.0


@dataclass(frozen=True)
class Narrative:
    """A configured (or discovered) storyline."""

    id: str
    name: str
    description: str = ""
    phrases: tuple[str, ...] = ()
    source: str = "config"  # 'config' | 'discovered'
    where: str = ""  # file:line for config narratives
    seeds: tuple[str, ...] = ()  # sentences typical of the narrative: semantic assignment compares with these
