"""The per-entity, per-day aggregates behind `signals` and `link --entity`: what they hold, that triggers mark
changed days, that reads are never stale, and that a stopped refresh keeps what it committed."""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest

from news_sentiment.analysis.signals import TITLE_BONUS, entity_signals
from news_sentiment.pipeline.results import StepStatus
from news_sentiment.pipeline.signals import refresh_days, signals
from news_sentiment.store import entity_days as days_store
from news_sentiment.store.db import open_db
from news_sentiment.store.read import signal_rows
from tests.analysis.synth import entity_news, write_entity_news

pytestmark = pytest.mark.both_stores


@pytest.fixture
def db(db_path):
    rows, closes, _ = entity_news(sessions=120, per_day=3, seed=3, entity="Nvidia")
    rows.loc[rows.index % 5 == 0, ["negative", "neutral", "positive"]] = np.nan  # some articles not scored
    db = open_db(db_path)
    write_entity_news(db, rows, {"NVDA": closes}, ticker="NVDA", kb_id="nvidia")
    yield db
    db.close()


def raw_signals(db, freq="D", since=None, until=None):
    """The signals from the entity's article rows only (the path without aggregates)."""
    rows = signal_rows(db, [1], ["Nvidia"], since=since, until=until).assign(entity="Nvidia")
    return entity_signals(rows, freq)


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False,
                                  rtol=1e-9)


def test_a_new_store_marks_every_written_day_and_a_refresh_cleans_them(db):
    days = db.execute("SELECT count(DISTINCT substr(published, 1, 10)) FROM articles").fetchone()[0]
    assert days_store.dirty_count(db) == days == 120
    res = refresh_days(db)
    assert res.status is StepStatus.DONE and res.counts["days"] == 120 and res.counts["left"] == 0
    assert days_store.dirty_count(db) == 0
    assert refresh_days(db).status is StepStatus.UNCHANGED


def test_stored_day_rows_hold_the_sums_worked_out_by_hand(db_path):
    db = open_db(db_path)
    db.execute("INSERT INTO feeds (id, name, url) VALUES (1, 'Wire', 'https://example.com/rss')")
    db.execute("INSERT INTO entities (id, name, kind) VALUES (1, 'Acme', 'company'), (2, 'Bolt', 'company')")
    arts = [(1, "2025-03-03T09:00:00+00:00", "Daily"), (2, "2025-03-03T23:30:00+00:00", None)]
    db.conn.executemany("INSERT INTO articles (id, url, title, published, fetched_at, source, feed_id, text_method, "
                        "content_hash) VALUES (?, 'u' || ?, 't', ?, ?, ?, 1, 'rss', 'h' || ?)",
                        [(i, i, p, p, s, i) for i, p, s in arts])
    mentions = [(1, 1, "title"), (1, 1, "text"), (1, 2, "text"), (2, 1, "text"), (2, 2, "text"), (2, 2, "text")]
    db.conn.executemany('INSERT INTO mentions (article_id, entity_id, field, text, start, "end", link, '
                        "extractor_version) VALUES (?, ?, ?, 'x', 0, 1, 'kb', 'v')", mentions)
    db.execute("INSERT INTO entity_sentiment (article_id, entity, model, label, negative, neutral, positive, "
               "sentences, scored_at) VALUES (1, 'Acme', 'm', 'positive', 0.1, 0.2, 0.7, 1, '2026-01-01')")
    db.execute("INSERT INTO article_novelty (article_id, novelty, window_days) VALUES (2, 0.4, 28)")
    refresh_days(db)
    buzz = db.execute("SELECT day, sources, articles, mentions, relevance, novelty_sum, novelty_n FROM entity_days "
                      "WHERE entity_id = 1").fetchall()
    # article 1 (publisher Daily): 2 of its 3 mentions, one in the title; article 2 (no publisher: the feed's
    # name, Wire): 1 of 3, novelty 0.4
    assert buzz == [("2025-03-03", '["Daily", "Wire"]', 2, 3, pytest.approx(min(1.0, 2 / 3 + TITLE_BONUS) + 1 / 3),
                     pytest.approx(0.4), 1)]
    tone = db.execute("SELECT entity_id, day, model, scored, w, ws FROM entity_day_sentiment").fetchall()
    assert tone == [(1, "2025-03-03", "m", 1, pytest.approx(0.7), pytest.approx(0.7 * 0.6))]
    db.close()


@pytest.mark.parametrize("freq", ["D", "W"])
def test_signals_from_the_aggregates_equal_those_from_the_article_rows(db, freq):
    refresh_days(db)
    same(signals(db, "Nvidia", freq), raw_signals(db, freq))


def test_a_change_after_the_refresh_is_read_at_once(db):
    refresh_days(db)
    day = db.execute("SELECT substr(published, 1, 10) FROM articles WHERE id = 4").fetchone()[0]
    db.execute("UPDATE entity_sentiment SET negative = 0.9, neutral = 0.05, positive = 0.05 WHERE article_id = 4")
    db.execute("DELETE FROM mentions WHERE article_id = 5 AND entity_id = 1")
    db.execute("INSERT INTO article_novelty (article_id, novelty, window_days) VALUES (4, 0.25, 28) "
               "ON CONFLICT (article_id) DO UPDATE SET novelty = 0.25")
    assert day in days_store.dirty_days(db)
    same(signals(db, "Nvidia"), raw_signals(db))
    refresh_days(db)
    assert days_store.dirty_count(db) == 0
    same(signals(db, "Nvidia"), raw_signals(db))


def test_bounds_inside_a_day_read_that_day_from_the_article_rows(db):
    refresh_days(db)
    since = datetime(2023, 1, 3, 12, 0, tzinfo=timezone.utc)
    until = datetime(2023, 2, 10, 8, 0, tzinfo=timezone.utc)
    same(signals(db, "Nvidia", since=since, until=until), raw_signals(db, since=since, until=until))
    whole = (datetime(2023, 1, 3, tzinfo=timezone.utc), datetime(2023, 2, 10, 23, 59, 59, tzinfo=timezone.utc))
    same(signals(db, "Nvidia", since=whole[0], until=whole[1]), raw_signals(db, since=whole[0], until=whole[1]))


def test_a_stopped_refresh_keeps_its_batches_and_reads_stay_right(db):
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 1  # stop after the first batch

    res = refresh_days(db, stop=stop)
    assert res.status is StepStatus.STOPPED and res.counts["days"] == 31 and res.counts["left"] == 120 - 31
    assert db.execute("SELECT count(DISTINCT day) FROM entity_days").fetchone()[0] == 31
    same(signals(db, "Nvidia"), raw_signals(db))
    assert refresh_days(db).counts["days"] == 120 - 31


def test_an_entity_scored_under_two_names_is_read_from_its_article_rows(db):
    refresh_days(db)
    db.execute("INSERT INTO entity_sentiment (article_id, entity, model, label, negative, neutral, positive, "
               "sentences, scored_at) VALUES (2, 'NVIDIA', 'm1', 'negative', 0.8, 0.1, 0.1, 1, '2026-01-01')")
    db.execute("UPDATE entities SET kb_id = NULL WHERE id = 1")
    db.execute("INSERT INTO entities (id, name, kind, ticker) VALUES (9, 'NVIDIA', 'company', 'NVDA')")
    got = signals(db, "NVDA")  # the ticker resolves to both stored entities
    rows = signal_rows(db, [1, 9], ["Nvidia", "NVIDIA"]).assign(entity="Nvidia")
    same(got, entity_signals(rows))
