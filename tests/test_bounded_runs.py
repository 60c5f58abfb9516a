"""Extraction and scoring read the store a page at a time, commit each page, resume after a crash, and
count the failures they expect while letting any other error through (issue 15)."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from news_sentiment.nlp.records import Extraction, Mention
from news_sentiment.nlp.sentiment import ArticleScore
from news_sentiment.store import extraction as extraction_mod
from news_sentiment.store import scores as scores_mod
from news_sentiment.store.db import open_db
from news_sentiment.pipeline.extract import run_extraction
from news_sentiment.pipeline.score import score_articles

ROOT = Path(__file__).resolve().parents[1]


def add_articles(db, n: int, *, duplicate_of: dict[int, int] | None = None) -> None:
    for i in range(1, n + 1):
        db.execute(
            "INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash, "
            "duplicate_of) VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?)",
            [i, f"https://ex.test/{i}", f"Title {i}", f"2025-03-{i % 28 + 1:02d}T00:00:00+00:00", "now",
             f"Acme body number {i}.", f"h{i}", (duplicate_of or {}).get(i)])


class FakeExtractor:
    """One 'Acme' mention per text; raises ``fail_with`` on the text of article ``fail_on``."""

    version = "fake-extract-1"
    batch_size = 16
    n_process = 1

    def __init__(self, fail_on: int | None = None, fail_with: type[Exception] = RuntimeError) -> None:
        self.fail_on, self.fail_with = fail_on, fail_with
        self.seen: list[str] = []

    def extract_many(self, items, languages=None):
        for text, _published in items:
            self.seen.append(text)
            if self.fail_on is not None and f"number {self.fail_on}." in text:
                raise self.fail_with(f"bug on article {self.fail_on}")
            start = text.index("Acme")
            yield Extraction(mentions=[Mention("Acme", "company", None, "Acme", start, start + 4)])


def _spy(monkeypatch, module, name: str) -> list[int]:
    """Record the number of rows each call of ``module.name`` returns."""
    sizes: list[int] = []
    real = getattr(module, name)

    def wrapper(*a, **k):
        rows = real(*a, **k)
        sizes.append(len(rows))
        return rows

    monkeypatch.setattr(module, name, wrapper)
    return sizes


def test_extraction_reads_pages_and_skips_duplicates(db, monkeypatch):
    add_articles(db, 8, duplicate_of={4: 3})
    sizes = _spy(monkeypatch, extraction_mod, "pending_articles")
    report = run_extraction(db, FakeExtractor(), page=3)
    assert sizes == [3, 3, 1, 0]  # 7 pending articles, never more than a page in memory
    assert (report.articles, report.skipped, report.duplicates, report.mentions) == (7, 0, 1, 7)
    done = [r[0] for r in db.execute("SELECT article_id FROM extractions ORDER BY article_id")]
    assert done == [1, 2, 3, 5, 6, 7, 8]
    # offsets are into the body: the title is prepended for the extractor, then taken off again
    for aid, start, end in db.execute('SELECT article_id, start, "end" FROM mentions WHERE field = \'text\''):
        assert f"Acme body number {aid}."[start:end] == "Acme"
    again = run_extraction(db, FakeExtractor(), page=3)
    assert (again.articles, again.skipped) == (0, 7)


def test_extraction_limit_takes_the_lowest_ids(db):
    add_articles(db, 10)
    report = run_extraction(db, FakeExtractor(), limit=4, page=3)
    assert report.articles == 4 and report.skipped == 0  # the other six are pending, not done
    assert [r[0] for r in db.execute("SELECT article_id FROM extractions ORDER BY 1")] == [1, 2, 3, 4]
    rest = run_extraction(db, FakeExtractor(), page=3)
    assert (rest.articles, rest.skipped) == (6, 4)


def test_an_article_that_breaks_the_extractor_costs_only_itself(db):
    add_articles(db, 6)
    report = run_extraction(db, FakeExtractor(fail_on=5), page=2)
    assert report.articles == 5 and report.errors == ["article 5: RuntimeError: bug on article 5"]
    assert [r[0] for r in db.execute("SELECT article_id FROM extractions ORDER BY 1")] == [1, 2, 3, 4, 6]
    assert db.execute("SELECT count(*) FROM mentions").fetchone()[0] == 5
    fixed = FakeExtractor()
    again = run_extraction(db, fixed, page=2)
    assert (again.articles, again.skipped, again.errors) == (1, 5, [])  # only article 5 is redone
    assert [t.rsplit(" ", 1)[-1] for t in fixed.seen] == ["5."]


def test_an_extractor_failing_on_every_article_surfaces(db):
    add_articles(db, 4)
    broken = FakeExtractor(fail_on=1)
    broken.extract_many = lambda items, languages=None: (_ for _ in ()).throw(RuntimeError("model gone"))
    with pytest.raises(RuntimeError, match="model gone"):
        run_extraction(db, broken, page=2)
    assert db.execute("SELECT count(*) FROM extractions").fetchone()[0] == 0


def test_extract_command_lists_failed_articles_and_exits_3(db_path, monkeypatch):
    from click.testing import CliRunner

    from news_sentiment.cli import cli
    from news_sentiment.nlp import extract as nlp_extract
    from news_sentiment.store.db import open_db

    store = open_db(db_path)
    add_articles(store, 3)
    store.close()
    monkeypatch.setattr(nlp_extract.Extractor, "create", classmethod(lambda cls, *a, **k: FakeExtractor(fail_on=2)))
    res = CliRunner().invoke(cli, ["extract", "--db", str(db_path)])
    assert res.exit_code == 3, res.output
    assert "not extracted: article 2: RuntimeError: bug on article 2" in res.output
    assert "1 article not extracted" in res.output


class FakeScorer:
    """Positive for every article; raises ``errors[id]`` for the articles listed."""

    version = "fake-score-1"

    def __init__(self, errors: dict[int, Exception] | None = None, delay: float = 0.0) -> None:
        self.errors = errors or {}
        self.delay = delay
        self.calls: list[int] = []

    def score_article(self, title, text, entities=()):
        aid = int(title.rsplit(" ", 1)[-1])
        self.calls.append(aid)
        time.sleep(self.delay)
        if aid in self.errors:
            raise self.errors[aid]
        return ArticleScore("positive", {"negative": 0.1, "neutral": 0.2, "positive": 0.7}, 1)


def onnx_failure(msg: str) -> Exception:
    from onnxruntime.capi import onnxruntime_pybind11_state as ort

    return ort.Fail(msg)


def test_scoring_counts_an_expected_failure_and_goes_on(db, monkeypatch, caplog):
    add_articles(db, 5)
    sizes = _spy(monkeypatch, scores_mod, "unscored_articles")
    scorer = FakeScorer({3: onnx_failure("kernel failed on input")})
    with caplog.at_level(logging.WARNING, logger="news_sentiment.store.scores"):
        report = score_articles(db, scorer, batch=2, entities_for=None)
    assert sizes == [2, 2, 1, 0]
    assert (report.scored, report.skipped) == (4, 1)
    assert report.errors == ["article 3: Fail: kernel failed on input"]
    assert "article 3: sentiment failed (Fail): kernel failed on input" in caplog.text
    assert [r[0] for r in db.execute("SELECT article_id FROM article_sentiment ORDER BY 1")] == [1, 2, 4, 5]
    # the failed article is tried again by the next run, and only it
    retry = FakeScorer()
    again = score_articles(db, retry, batch=2, entities_for=None)
    assert retry.calls == [3] and (again.scored, again.skipped) == (1, 0)


def test_scoring_model_error_is_expected_too(db):
    from news_sentiment.errors import ModelError

    add_articles(db, 2)
    report = score_articles(db, FakeScorer({1: ModelError("input refused")}), entities_for=None)
    assert (report.scored, report.skipped) == (1, 1) and "article 1: ModelError: input refused" in report.errors


def test_scoring_unexpected_error_is_not_hidden(db):
    add_articles(db, 5)
    scorer = FakeScorer({4: KeyError("negative")})
    with pytest.raises(KeyError):
        score_articles(db, scorer, batch=2, entities_for=None)
    # the first page was committed; the page holding the bug was not
    assert [r[0] for r in db.execute("SELECT article_id FROM article_sentiment ORDER BY 1")] == [1, 2]


def test_scoring_limit_and_errors_kept_bounded(db, monkeypatch):
    from news_sentiment.pipeline import score as score_run

    monkeypatch.setattr(score_run, "ERRORS_KEPT", 2)
    add_articles(db, 6)
    report = score_articles(db, FakeScorer({i: onnx_failure(f"x{i}") for i in range(1, 7)}), limit=5, batch=2,
                            entities_for=None)
    assert report.skipped == 5 and len(report.errors) == 2  # all counted, the first two messages kept
    assert report.errors[0].startswith("article 1:")


@pytest.mark.slow
def test_sigkill_mid_scoring_keeps_whole_pages_and_rerun_completes(db_path):
    db = open_db(db_path)
    add_articles(db, 60)
    db.close()
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from tests.test_bounded_runs import FakeScorer
        from news_sentiment.store.db import open_db
        from news_sentiment.pipeline.score import score_articles
        score_articles(open_db({str(db_path)!r}), FakeScorer(delay=0.05), batch=5, entities_for=None)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline, done = time.monotonic() + 60, 0
    while time.monotonic() < deadline and proc.poll() is None and done < 10:
        try:
            with sqlite3.connect(db_path, timeout=1) as conn:
                done = conn.execute("SELECT count(*) FROM article_sentiment").fetchone()[0]
        except sqlite3.OperationalError:
            pass
        time.sleep(0.02)
    assert proc.poll() is None, f"scoring finished before it could be killed: {proc.stderr.read()!r}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    killed_at = conn.execute("SELECT count(*) FROM article_sentiment").fetchone()[0]
    assert 10 <= killed_at < 60 and killed_at % 5 == 0  # whole pages only
    conn.close()
    db = open_db(db_path)
    scorer = FakeScorer()
    report = score_articles(db, scorer, batch=5, entities_for=None)
    assert report.scored == 60 - killed_at and len(set(scorer.calls)) == len(scorer.calls)
    rows = db.execute("SELECT count(*), count(DISTINCT article_id) FROM article_sentiment").fetchone()
    assert rows == (60, 60)


def test_demo_narratives_step_reports_a_config_error_and_lets_bugs_through(db, tmp_path, monkeypatch):
    from news_sentiment.pipeline import narratives as narrative_run
    from news_sentiment.demo.pipeline import _narratives

    add_articles(db, 3)
    bad = tmp_path / "narratives.yaml"
    bad.write_text("narratives:\n  - {name: tariffs, colour: red}\n")
    monkeypatch.setenv("SENTIMENT_NARRATIVES", str(bad))
    step = _narratives(db)
    assert step.status == "unavailable"
    assert f"{bad}:2: unknown narrative key 'colour'" in step.detail

    def bug(_db, _config=None):
        raise ZeroDivisionError("division by zero in a narrative stage")

    monkeypatch.setattr(narrative_run, "update_narratives", bug)
    with pytest.raises(ZeroDivisionError):
        _narratives(db)


def test_demo_score_step_counts_failed_articles(db, monkeypatch):
    from news_sentiment.demo.pipeline import _score
    from news_sentiment.nlp.sentiment import Classifier

    add_articles(db, 3)
    scorer = FakeScorer({2: onnx_failure("bad input")})
    monkeypatch.setattr(Classifier, "load", classmethod(lambda cls, *a, **k: scorer))
    step = _score(db)
    assert step.status == "done"
    assert "2 articles scored with fake-score-1" in step.detail
    assert "1 failed: article 2: Fail: bad input" in step.detail
