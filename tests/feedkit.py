"""Build small RSS documents and article pages for tests (our own text, no real articles)."""

from __future__ import annotations

from email.utils import format_datetime
from datetime import datetime, timezone
from xml.sax.saxutils import escape

STORY = (
    "Shares of regional lenders climbed on Tuesday after the central bank signalled that it would keep "
    "interest rates unchanged for the rest of the quarter, easing worries about funding costs. "
    "Analysts at several brokers said the sector had been oversold after a weak earnings season, and that "
    "deposits had stabilised faster than expected. The benchmark banking index rose 3.2% by midday, its best "
    "session in two months, while insurers and asset managers lagged behind the broader market. "
    "Investors will watch loan growth figures due next week for signs that credit demand is recovering "
    "from last year's slump in commercial property lending."
)


def story(n: int, words: int = 120) -> str:
    """A distinct article body for item n (different vocabulary per n, so no near-duplicates)."""
    base = STORY.split()
    return " ".join(f"{w}{n}" if i % 3 == 0 else w for i, w in enumerate((base * 3)[:words]))


def rss(items: list[dict], title: str = "Test feed", encoding: str = "utf-8") -> bytes:
    parts = [f'<?xml version="1.0" encoding="{encoding}"?>', '<rss version="2.0"><channel>',
             f"<title>{escape(title)}</title><link>http://example.test/</link><language>en-us</language>"]
    for it in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(it['title'])}</title>")
        if it.get("link"):
            parts.append(f"<link>{escape(it['link'])}</link>")
        if it.get("guid"):
            parts.append(f'<guid isPermaLink="false">{escape(it["guid"])}</guid>')
        if it.get("date") is not False:
            when = it.get("date") or datetime(2025, 3, 7, 8, 30, tzinfo=timezone.utc)
            parts.append(f"<pubDate>{format_datetime(when) if isinstance(when, datetime) else when}</pubDate>")
        if it.get("summary"):
            parts.append(f"<description>{escape(it['summary'])}</description>")
        if it.get("content"):
            parts.append(f"<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
                         f"<![CDATA[{it['content']}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode(encoding)


def page(title: str, body: str, furniture: bool = True) -> str:
    paras = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    widget = "<p>date 2025-03-07 + ↺ − 16 px</p>" if furniture else ""
    return (f"<html><head><title>{escape(title)}</title>"
            f'<meta property="article:published_time" content="2025-03-07T08:00:00Z"></head>'
            f"<body><nav><a href='/'>Home</a> | <a href='/m'>Markets</a></nav>"
            f"<article><h1>{escape(title)}</h1>{widget}{paras}</article>"
            f"<footer>Share | Advertisement | Copyright 2025 Example Media</footer></body></html>")


def no_robots(httpserver) -> None:
    """Answer /robots.txt with 404 (no rules: every page may be fetched) on a pytest-httpserver."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
