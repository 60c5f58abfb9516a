from datetime import datetime, timezone

import pytest

from news_sentiment.feeds.parse import parse_feed
from tests.feedkit import rss



def test_entries_from_our_rss():
    feed = parse_feed(rss([{"title": "A &amp; B", "link": "https://x.test/a", "guid": "g1",
                            "summary": "<p>Short <b>summary</b></p>"},
                           {"title": "No date", "link": "https://x.test/b", "date": False}]))
    assert feed.error is None and feed.language == "en" and feed.title == "Test feed"
    first, second = feed.entries
    assert first.title == "A & B" and first.summary == "Short summary" and first.guid == "g1"
    assert first.published == datetime(2025, 3, 7, 8, 30, tzinfo=timezone.utc)
    assert second.published is None


def test_empty_document_is_an_error():
    assert parse_feed(b"  \n").error == "empty document"


def test_html_page_served_as_feed():
    feed = parse_feed(b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>",
                      content_type="text/html")
    assert feed.entries == () and "HTML page" in feed.error


def test_illformed_xml_keeps_readable_entries():
    bad = rss([{"title": "Good item", "link": "https://x.test/a"}]).replace(b"</channel></rss>", b"<item><title>broken")
    feed = parse_feed(bad)
    assert [e.title for e in feed.entries][:1] == ["Good item"] and feed.error


def test_wrong_declared_encoding_is_read_and_flagged():
    body = rss([{"title": "Caf\u00e9 stocks \u2013 up", "link": "https://x.test/a"}], encoding="windows-1252")
    feed = parse_feed(body.replace(b'encoding="windows-1252"', b'encoding="utf-8"'))
    assert len(feed.entries) == 1 and "Caf" in feed.entries[0].title
    assert feed.error and "Encoding" in feed.error


REAL = {
    "cnbc_finance_10000664_2019-07-24.xml": (30, datetime(2019, 7, 23, 21, 39, tzinfo=timezone.utc)),
    "cnbc_finance_10000664_2019-07-29.xml": (30, datetime(2019, 7, 29, 13, 55, tzinfo=timezone.utc)),
    "cnbc_international_top_100727362_2026-03-08.xml": (30, None),
    "nyt_business_2026-03-09.xml": (50, None),
}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(REAL))
def test_real_feeds(shared_dir, name):
    feed = parse_feed((shared_dir / "data/rss_feed_samples/real" / name).read_bytes())
    count, first_date = REAL[name]
    assert feed.error is None and len(feed.entries) == count
    assert all(e.published and e.published.tzinfo == timezone.utc for e in feed.entries)
    assert all(e.link and e.link.startswith("https://") and e.title for e in feed.entries)
    if first_date:
        assert feed.entries[0].published == first_date


EDGE = {  # file: (entries, error expected)
    "encoding__bozo_encoding_mismatch_crash.xml": (1, True),
    "encoding__demoronize-1.xml": (1, False),
    "illformed__aaa_illformed.xml": (0, True),
    "illformed__rss_empty_document.xml": (0, True),
    "illformed__rss_incomplete_cdata.xml": (1, True),
    "illformed__rss_item_link_corrupted_ampersands.xml": (1, True),
    "illformed__undeclared_namespace.xml": (0, True),
    "wellformed__atom10__entry_title.xml": (1, False),
    "wellformed__rdf__rdf_item_link.xml": (1, False),
    "wellformed__rss__item_pubDate.xml": (1, False),
}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(EDGE))
def test_feedparser_edge_cases(shared_dir, name):
    feed = parse_feed((shared_dir / "data/rss_feed_samples/feedparser_edge_cases" / name).read_bytes())
    entries, has_error = EDGE[name]
    assert len(feed.entries) == entries
    assert bool(feed.error) == has_error


def test_feed_date_that_is_not_a_date_is_left_to_the_fetch_time():
    body = rss([{"title": "Odd date", "link": "https://x.test/o", "date": "see page 3"}])
    assert parse_feed(body).entries[0].published is None


def test_feed_dates_feedparser_would_bend_are_not_taken():
    """feedparser reads "12" as the year 1101 and 2025-02-30 as 2 March; neither becomes a date here."""
    entries = parse_feed(rss([{"title": "A", "link": "https://x.test/a", "date": "12"},
                              {"title": "B", "link": "https://x.test/b", "date": "2025-02-30"},
                              {"title": "C", "link": "https://x.test/c", "date": "07 Mar 2025 08:30 EET"}])).entries
    assert [e.published for e in entries] == [None, None, datetime(2025, 3, 7, 6, 30, tzinfo=timezone.utc)]


@pytest.mark.parametrize("body, expected", [
    (b"garbage, not a feed", "not XML at all: syntax error at line 1, column 1"),
    (b'{"items": []}', "not XML at all: not well-formed (invalid token) at line 1, column 1"),
    (b'<rss version="2.0">\n<channel>\n<title>T &bad</title></channel></rss>',
     "not well-formed XML: not well-formed (invalid token) at line 3, column 14"),  # expat stops at the <
    (b'<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<title>T &bad</title></channel></rss>',
     "not well-formed XML: not well-formed (invalid token) at line 4, column 14"),
])
def test_broken_xml_is_described_with_its_line(body, expected):
    assert parse_feed(body).error == expected
