"""Pipeline steps one by one: each returns a typed result, does only what is new, and writes nothing on a re-run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from news_sentiment.pipeline import (Step, StepStatus, check_step, extract_step, ingest_step, narratives_step,
                                     run_extraction, score_step)
from tests.test_bounded_runs import FakeExtractor, FakeScorer, add_articles

pytestmark = pytest.mark.both_stores

DEMO = Path(__file__).resolve().parents[2] / "src" / "news_sentiment" / "demo"


def demo_feed_copies(folder: Path):
    """The shipped demo feeds (fictional articles) copied as local files, as FeedSpecs."""
    from news_sentiment.config import load_feeds

    shutil.copytree(DEMO / "feeds", folder / "feeds")
    shutil.copy(DEMO / "feeds.yaml", folder / "feeds.yaml")
    return tuple(load_feeds(folder / "feeds.yaml"))


def test_ingest_step_stores_then_reads_an_unchanged_file_as_not_modified(db, tmp_path):
    from news_sentiment.ingest import IngestOptions

    feeds = demo_feed_copies(tmp_path)
    options = IngestOptions(fulltext=False, workers=1)
    first = ingest_step(db, feeds, options)
    assert (first.step, first.status) == (Step.INGEST, StepStatus.DONE)
    assert first.counts["new"] == 12 and first.counts["duplicates"] + first.counts["near_duplicates"] == 1
    polls = db.execute("SELECT last_fetched_at FROM feeds ORDER BY id").fetchall()
    again = ingest_step(db, feeds, options)
    assert again.status is StepStatus.UNCHANGED and again.counts["new"] == 0 and not again.errors
    assert db.execute("SELECT last_fetched_at FROM feeds ORDER BY id").fetchall() == polls  # nothing written
    # an edited file is read again
    path = tmp_path / "feeds" / "asia-desk.xml"
    path.write_bytes(path.read_bytes().replace(b"</channel>", b"<!-- edited --></channel>"))
    edited = ingest_step(db, feeds, options)
    assert edited.status is StepStatus.UNCHANGED and edited.counts["new"] == 0
    assert db.execute("SELECT last_fetched_at FROM feeds WHERE id = 1").fetchone()[0] is not None


def test_ingest_step_fails_when_every_feed_fails(db, tmp_path):
    from news_sentiment.ingest import IngestOptions
    from news_sentiment.records import FeedSpec

    res = ingest_step(db, (FeedSpec(name="gone", url=str(tmp_path / "missing.xml")),), IngestOptions(fulltext=False))
    assert res.status is StepStatus.FAILED and "no such file" in res.errors[0]


def test_extract_step_with_an_extractor_then_nothing_left(db):
    add_articles(db, 5, duplicate_of={5: 4})
    first = extract_step(db, extractor=FakeExtractor())
    assert first.status is StepStatus.DONE and first.counts == {"articles": 4, "mentions": 4, "claims": 0, "quotes": 0}
    again = extract_step(db, extractor=FakeExtractor())
    assert again.status is StepStatus.UNCHANGED and again.skipped == 4


def test_extraction_stops_between_pages_and_the_next_run_finishes(db):
    add_articles(db, 7)
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 2  # two pages, then stop

    report = run_extraction(db, FakeExtractor(), page=3, stop=stop)
    assert report.stopped and report.articles == 6
    rest = run_extraction(db, FakeExtractor(), page=3)
    assert (rest.articles, rest.skipped, rest.stopped) == (1, 6, False)


def test_score_step_with_a_scorer_and_when_the_model_is_missing(db, tmp_path, monkeypatch):
    add_articles(db, 3)
    first = score_step(db, scorer=FakeScorer())
    assert first.status is StepStatus.DONE and first.counts["articles"] == 3
    assert score_step(db, scorer=FakeScorer()).status is StepStatus.UNCHANGED
    monkeypatch.setenv("SENTIMENT_MODEL_DIR", str(tmp_path / "no-model"))
    missing = score_step(db)
    assert missing.status is StepStatus.UNAVAILABLE and "config.json is missing" in missing.detail


def test_score_step_fails_when_every_article_fails(db):
    from news_sentiment.errors import ModelError

    add_articles(db, 2)
    res = score_step(db, scorer=FakeScorer({1: ModelError("refused"), 2: ModelError("refused")}))
    assert res.status is StepStatus.FAILED and res.skipped == 2 and len(res.errors) == 2


def _claim_store(db) -> None:
    """One article (Sat 8 Mar 2025) claiming Acme rose 10% over the week of 3-7 Mar."""
    db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
               "VALUES (1, 'https://n.test/1', 'Acme week', '2025-03-08T09:00:00+00:00', 'x', 't', 'import', 'h1')")
    db.execute("INSERT INTO entities (id, name, kind, ticker) VALUES (1, 'Acme Widgets', 'company', 'ACME')")
    db.execute("INSERT INTO claims (id, article_id, value, unit, direction, metric, subject, entity_id, period_text, "
               "period_start, period_end, quote, field, start, \"end\", published, extractor_version) VALUES "
               "(1, 1, 10, 'percent', 'up', 'return', 'Acme Widgets', 1, 'this week', '2025-03-03', '2025-03-07', "
               "'Acme rose 10% this week', 'text', 0, 5, '2025-03-08T09:00:00+00:00', 'test')")


def _add_closes(db, closes: dict[str, float]) -> None:
    for day, close in closes.items():
        db.execute("INSERT INTO prices (ticker, date, close) VALUES ('ACME', ?, ?)", [day, close])


def test_check_step_waits_for_prices_checks_once_and_again_when_prices_move_on(db):
    _claim_store(db)
    none = check_step(db)
    assert none.status is StepStatus.UNAVAILABLE and "no prices" in none.detail
    assert db.execute("SELECT count(*) FROM claim_checks").fetchone()[0] == 0  # "not checked", not "unverifiable"
    _add_closes(db, {"2025-02-28": 100.0, "2025-03-03": 104.0, "2025-03-07": 110.0})  # close-to-close from 28 Feb
    first = check_step(db)
    assert first.status is StepStatus.DONE and first.counts == {"checked": 1, "changed": 1, "confirmed": 1}
    stored = db.execute("SELECT status, actual, as_of, checked_at FROM claim_checks").fetchone()
    assert stored[:3] == ("confirmed", 10.0, "2025-03-07")
    again = check_step(db)
    assert again.status is StepStatus.UNCHANGED and not again.counts  # a final check as of the same close
    assert db.execute("SELECT checked_at FROM claim_checks").fetchone()[0] == stored[3]
    _add_closes(db, {"2025-03-10": 120.0})  # a later close: checked again as of it, same verdict
    later = check_step(db)
    assert later.status is StepStatus.DONE and later.counts["changed"] == 1
    assert db.execute("SELECT status, as_of FROM claim_checks").fetchone() == ("confirmed", "2025-03-10")


def test_check_step_writes_only_checks_that_changed(db):
    _claim_store(db)
    db.execute("UPDATE claims SET period_start = NULL, period_end = NULL, period_text = NULL")  # unverifiable
    _add_closes(db, {"2025-03-03": 100.0})
    first = check_step(db)
    assert first.status is StepStatus.DONE and first.counts["unverifiable"] == 1
    checked_at = db.execute("SELECT checked_at FROM claim_checks").fetchone()[0]
    again = check_step(db)  # an open check is looked at again, but it came out the same: nothing written
    assert again.status is StepStatus.UNCHANGED and again.counts == {"checked": 1, "changed": 0, "unverifiable": 1}
    assert db.execute("SELECT checked_at FROM claim_checks").fetchone()[0] == checked_at


def test_narratives_step_unavailable_on_a_broken_config(db, tmp_path):
    add_articles(db, 2)
    bad = tmp_path / "narratives.yaml"
    bad.write_text("narratives: [\n")
    res = narratives_step(db, str(bad))
    assert res.status is StepStatus.UNAVAILABLE and str(bad) in res.detail


@pytest.mark.parametrize("step", list(Step))
def test_step_results_serialise_with_the_same_keys(step):
    from news_sentiment.pipeline import StepResult

    assert set(StepResult(step, StepStatus.SKIPPED).as_dict()) == {"step", "status", "detail", "counts", "skipped",
                                                                   "errors", "seconds"}


def test_an_article_extracted_after_its_score_is_scored_again_with_its_entities(db):
    """Scored before its entities were known (its extraction failed that run, or extract was skipped), an
    article is scored again once extracted, so it gets entity sentiment; the others are not touched."""
    add_articles(db, 3)
    assert extract_step(db, extractor=FakeExtractor(fail_on=2)).errors  # article 2 left pending
    first = FakeScorer()
    score_step(db, scorer=first)
    assert sorted(first.calls) == [1, 2, 3]
    extract_step(db, extractor=FakeExtractor())  # article 2 extracted now
    again = FakeScorer()
    assert score_step(db, scorer=again).status is StepStatus.DONE and again.calls == [2]
    idle = FakeScorer()
    assert score_step(db, scorer=idle).status is StepStatus.UNCHANGED and idle.calls == []
