"""Plain records that cross stages. No I/O here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


@dataclass(frozen=True)
class FeedSpec:
    """One feed from feeds.yaml: an http(s) URL or a local file path."""

    name: str
    url: str
    tags: tuple[str, ...] = ()
    interval: int | None = None  # minutes between polls; None = every run


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


class TextMethod(str, Enum):
    """Where an article's text came from, poorest first: a richer source may replace a poorer one."""

    TITLE = "title"
    SUMMARY = "summary"
    IMPORT = "import"
    FEED_CONTENT = "feed_content"
    PAGE = "page"

    @property
    def rank(self) -> int:
        return list(TextMethod).index(self)

    def __str__(self) -> str:
        return self.value


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


@dataclass
class FeedReport:
    """What one ingest run did for one feed."""

    name: str
    url: str
    status: str = "ok"  # ok | not_modified | error | skipped
    http_status: int | None = None
    entries: int = 0
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    refused: Counter[str] = field(default_factory=Counter)  # reason -> entries not stored
    dates_estimated: int = 0  # entries without a usable date, stored with the fetch time
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def skipped(self) -> int:
        """Entries not stored (every one counted under a reason in ``refused``)."""
        return sum(self.refused.values())

    @property
    def worked(self) -> bool:
        return self.status in ("ok", "not_modified", "skipped")


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
