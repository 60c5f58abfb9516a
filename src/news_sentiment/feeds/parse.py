"""Feed bytes → EntryDrafts. The only importer of feedparser. Bozo errors are recorded, not raised."""

from __future__ import annotations

import calendar
import logging
import xml.sax
from datetime import datetime, timedelta, timezone
from typing import Any

import feedparser

from news_sentiment.dates import DateError, DateProblem, parse_date
from news_sentiment.records import EntryDraft, ParsedFeed
from news_sentiment.textutil import html_to_text

log = logging.getLogger(__name__)

def _struct_to_utc(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError):
        return None


def _entry_date(entry: Any) -> datetime | None:
    """The entry's date, read strictly from the feed's own string. feedparser's parsed form is used only for
    strings our parser cannot read at all and only when plausible: it turns "12" into the year 1101 and
    2025-02-30 into 2 March, and drops zones it does not know."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        try:
            return parse_date(raw)
        except DateError as exc:
            if exc.problem is not DateProblem.UNPARSEABLE:
                continue
        when = _struct_to_utc(entry.get(f"{key}_parsed"))
        if when is not None and _plausible(when):
            return when
    return None


def _plausible(when: datetime) -> bool:
    return 1900 <= when.year and when <= datetime.now(timezone.utc) + timedelta(days=1)


def _describe_problem(exc: Exception | None, content: bytes) -> str:
    """A reader's sentence for feedparser's bozo exception: where the XML breaks, not a SAX class name."""
    if exc is None:
        return "ill-formed feed"
    if isinstance(exc, xml.sax.SAXParseException):
        line = exc.getLineNumber()
        if not content.lstrip().startswith(b"<?xml"):
            line -= 1  # feedparser put an XML declaration in front
        first = content.lstrip()[:1]
        what = "not XML at all" if first and first != b"<" else "not well-formed XML"
        return f"{what}: {exc.getMessage()} at line {max(line, 1)}, column {exc.getColumnNumber() + 1}"
    return f"{type(exc).__name__}: {exc}"


def _looks_like_html(content: bytes) -> bool:
    head = content[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or (b"<html" in head and b"<rss" not in head)


def parse_feed(content: bytes, *, url: str | None = None, content_type: str | None = None) -> ParsedFeed:
    """Parse RSS/Atom bytes. Entries that can be read are returned even when the feed is ill-formed;
    the problem is in ``ParsedFeed.error``. A document with no entries and a problem has an error
    saying what it is (empty, an HTML page, not XML)."""
    if not content.strip():
        return ParsedFeed(title=None, language=None, entries=(), error="empty document")
    headers = {"content-type": content_type or "application/xml"}
    if url:
        headers["content-location"] = url
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=True)
    entries = tuple(_draft(e) for e in parsed.entries)
    error = None
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(exc, feedparser.NonXMLContentType):
        error = _describe_problem(exc, content)
    if not entries:
        if _looks_like_html(content):
            error = "not a feed: the document is an HTML page (check the feed URL)"
        elif not parsed.get("version") and not error:
            error = "not a feed: no RSS or Atom elements found"
    feed = parsed.get("feed", {})
    language = (feed.get("language") or "").split("-")[0].lower() or None
    return ParsedFeed(title=feed.get("title") or None, language=language, entries=entries, error=error)


def _draft(entry: Any) -> EntryDraft:
    content_parts = [c.get("value", "") for c in entry.get("content", []) or []]
    summary = html_to_text(entry.get("summary"))
    content = html_to_text("\n".join(content_parts))
    link = entry.get("link") or None
    return EntryDraft(
        title=html_to_text(entry.get("title")) or "",
        link=link.strip() if link else None,
        guid=(entry.get("id") or "").strip() or None,
        author=(entry.get("author") or "").strip() or None,
        published=_entry_date(entry),
        summary=summary,
        content=content,
    )
