"""Writing a run of articles at once gives what writing them one by one gives: identity questions are sent
ahead (one round trip on PostgreSQL), and an item that depends on an earlier write of the same run is asked
again after it (our own texts)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from news_sentiment.records import Article, TextMethod
from news_sentiment.store.articles import ArticleStore
from news_sentiment.store.db import open_db

pytestmark = pytest.mark.both_stores

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
BODY = ("Shares of the regional lender climbed after it reported stronger deposit growth than analysts had "
        "expected and said loan losses stayed low through the winter quarter across its home markets. The "
        "bank also raised its dividend, kept its cost target for the year and told investors that mortgage "
        "demand had picked up in the last six weeks as fixed rates eased from their autumn highs")
OTHER = ("The shipping group cut its fleet outlook as freight rates slid for a fifth week and two charter "
         "customers delayed renewals until the spring, its chief executive told investors on a call. The "
        "company expects volumes on its Asian routes to stay weak until the summer and will idle four older "
        "vessels, while keeping its plan to take delivery of two new ships before the end of the year")


def art(url: str, title: str, text: str, guid: str | None = None, method=TextMethod.SUMMARY) -> Article:
    return Article(url=url, title=title, published=WHEN, fetched_at=WHEN, text=text, text_method=method, guid=guid)


RUN = [
    art("https://news.test/a", "Lender climbs", BODY, guid="a"),
    art("https://news.test/a", "Lender climbs", BODY, guid="a"),  # the same entry twice
    art("https://mirror.test/a", "Lender climbs", BODY, guid="m"),  # a word-for-word copy at another link
    art("https://news.test/b", "Shipper cuts outlook", OTHER[:60], guid="b"),  # short at first ...
    art("https://news.test/b", "Shipper cuts outlook", OTHER, guid="b", method=TextMethod.PAGE),  # ... then full
    art("https://news.test/c", "Lender climbs again", BODY + " on Tuesday", guid="c"),  # a near-duplicate
]
TABLES = ("SELECT url, guid, title, text, text_method, content_hash, duplicate_of FROM articles ORDER BY id",
          "SELECT article_id, feed_id, guid FROM article_sources ORDER BY article_id, guid",
          "SELECT url, article_id FROM article_urls ORDER BY url",
          "SELECT count(*) FROM minhash_bands")


def _feed(db) -> int:
    return db.execute("INSERT INTO feeds (name, url) VALUES ('f', 'https://news.test/feed') RETURNING id").fetchone()[0]


def test_one_run_writes_what_one_by_one_writes(db_path, tmp_path):
    one_by_one = open_db(tmp_path / "one.db")
    feed = _feed(one_by_one)
    store = ArticleStore(one_by_one)
    counts = [store.write_batch([a], feed) for a in RUN]
    expected = [one_by_one.execute(sql).fetchall() for sql in TABLES]
    assert sum(c.new for c in counts) == 2 and sum(c.duplicates for c in counts) == 2
    assert sum(c.updated for c in counts) == 1 and sum(c.near_duplicates for c in counts) == 1
    store.close()
    one_by_one.close()

    db = open_db(db_path)
    feed = _feed(db)
    store = ArticleStore(db)
    together = store.write_batch(RUN, feed)
    assert (together.new, together.duplicates, together.updated, together.near_duplicates) == (2, 2, 1, 1)
    assert [[tuple(r) for r in db.execute(sql).fetchall()] for sql in TABLES] == [[tuple(r) for r in t]
                                                                                for t in expected]
    again = store.write_batch(RUN, feed)
    assert (again.new, again.duplicates, again.updated, again.near_duplicates) == (0, 6, 0, 0)
    store.close()
    db.close()


def test_a_copy_of_a_story_updated_earlier_in_the_run_is_linked_to_it(db):
    """The update re-indexes the story's bands; near-duplicate candidates asked before it are asked again."""
    feed = _feed(db)
    store = ArticleStore(db)
    store.write_batch([art("https://news.test/b", "Shipper cuts outlook", OTHER[:60], guid="b")], feed)
    run = [art("https://news.test/b", "Shipper cuts outlook", OTHER, guid="b", method=TextMethod.PAGE),
           art("https://wire.test/b", "Shipper trims outlook", OTHER + " today", guid="w")]
    counts = store.write_batch(run, feed)
    assert (counts.updated, counts.near_duplicates, counts.new) == (1, 1, 0)
    assert db.execute("SELECT url, duplicate_of FROM articles ORDER BY id").fetchall() == [
        ("https://news.test/b", None), ("https://wire.test/b", 1)]
    store.close()


def test_a_run_that_fails_leaves_nothing_queued_for_the_next_transaction(db, monkeypatch):
    """A write that fails mid-run (here the insert of its second story) rolls its transaction back; the source and
    band rows queued for the first story go with it, and the next run writes only its own rows."""
    feed = _feed(db)
    store = ArticleStore(db)
    insert, calls = store._insert, []

    def failing_second_insert(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk gone")
        return insert(*args)

    monkeypatch.setattr(store, "_insert", failing_second_insert)
    other = art("https://news.test/d", "Shipper cuts outlook", OTHER, guid="d")
    with pytest.raises(RuntimeError):
        store.write_batch([RUN[0], other], feed)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    monkeypatch.setattr(store, "_insert", insert)
    store.write_batch([other], feed)
    (stored,) = db.execute("SELECT id FROM articles").fetchone()
    assert db.execute("SELECT article_id, feed_id, guid FROM article_sources").fetchall() == [(stored, feed, "d")]
    assert db.execute("SELECT DISTINCT article_id FROM minhash_bands").fetchall() == [(stored,)]
    assert db.execute("SELECT count(*) FROM minhash_bands").fetchone()[0] == 16
    store.close()
