"""The weekly report's reads of the store (store/read_report.py, store/prices.py), on both stores: week bounds
(start in, end out), duplicates left out or counted, sources named by feed else by the article's own source."""

from __future__ import annotations

from datetime import date

import pytest

from news_sentiment.store import backend as store_backend
from news_sentiment.store import prices as store_prices
from news_sentiment.store import read_report

pytestmark = pytest.mark.both_stores

START, END = "2025-03-03T00:00:00+00:00", "2025-03-10T00:00:00+00:00"
# id, feed, source, published, estimated, words, duplicate_of
ARTICLES = [
    (1, "Alpha feed", None, START, 0, 5, None),
    (2, None, "Wire", "2025-03-09T23:59:59+00:00", 1, 10, None),
    (3, "Alpha feed", None, "2025-03-05T12:00:00+00:00", 0, 7, 1),
    (4, None, "Wire", END, 0, 3, None),
    (5, None, "Wire", "2025-03-11T08:00:00+00:00", 0, 3, 4),
]


@pytest.fixture
def week_db(db):
    db.execute("INSERT INTO feeds (id, name, url) VALUES (1, 'Alpha feed', 'http://alpha.test/rss')")
    for aid, feed, source, published, estimated, words, dup in ARTICLES:
        db.execute("INSERT INTO articles (id, url, feed_id, source, title, published, published_estimated, "
                   "fetched_at, text_method, word_count, content_hash, duplicate_of) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'feed', ?, ?, ?)",
                   [aid, f"http://alpha.test/{aid}", 1 if feed else None, source, f"Story {aid}", published,
                    estimated, published, words, f"hash{aid}", dup])
    for ticker, day in (("BBB", "2025-03-04"), ("BBB", "2025-03-12"), ("AAA", "2025-02-27"), ("CCC", "2025-03-07")):
        db.execute("INSERT INTO prices (ticker, date, close, currency, source) VALUES (?, ?, 1.0, 'USD', 'test')",
                   [ticker, day])
    db.conn.commit()
    return db


def test_a_week_counts_its_own_articles_without_duplicates(week_db):
    week = read_report.week_articles(week_db, START, END)
    assert week == read_report.WeekArticles(articles=2, first=START, last="2025-03-09T23:59:59+00:00", words=15,
                                            estimated=1, sources=(("Alpha feed", 1), ("Wire", 1)))
    assert read_report.count_articles(week_db, START, END) == 2
    assert read_report.count_duplicates(week_db, START, END) == 1
    assert read_report.count_articles(week_db, END, "2025-03-17T00:00:00+00:00") == 1
    assert read_report.newest_published(week_db) == END  # article 5 is newer but a duplicate


def test_price_coverage_of_some_tickers_in_every_chunk(week_db, monkeypatch):
    monkeypatch.setattr(store_backend, "IN_CHUNK", 1)
    rows = store_prices.price_coverage(week_db, ["BBB", "AAA", "ZZZ"])
    assert [(r["ticker"], r["first"], r["last"], r["closes"]) for r in rows] == [
        ("AAA", "2025-02-27", "2025-02-27", 1), ("BBB", "2025-03-04", "2025-03-12", 2)]
    assert store_prices.price_coverage(week_db, []) == []
    assert [r["ticker"] for r in store_prices.price_coverage(week_db)] == ["AAA", "BBB", "CCC"]
    assert store_prices.tickers_with_closes(week_db, ["AAA", "BBB", "CCC"], date(2025, 3, 3), date(2025, 3, 9)) \
        == {"BBB", "CCC"}
