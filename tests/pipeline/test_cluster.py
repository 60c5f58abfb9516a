"""Extraction and scoring on a local Dask cluster (`--workers N`): the stored rows are those of a serial run
(every table compared, not counts), whatever order the batches finish in and when a worker is killed mid-run;
a missing [cluster] extra, a scheduler with nothing listening and --workers with --cluster are one message."""

from __future__ import annotations

import dataclasses
import shutil
import socket
import sys

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.store.db import open_db
from tests.clusterkit import (ARTICLES, DyingExtractorSpec, MissingModelSpec, SleepySpec, dump, make_store,
                              sleepy_task)

EXTRA_HINT = 'pip install "news-sentiment[cluster]"'


@pytest.fixture(scope="module")
def client():
    from news_sentiment.pipeline.cluster import ClusterOptions, ClusterSession

    with ClusterSession(ClusterOptions(workers=2)) as session:
        yield session.client()


@pytest.fixture(scope="module")
def serial_store(tmp_path_factory):
    """The small store extracted in this process, serially: the reference every cluster run must match."""
    from news_sentiment.errors import ModelError
    from news_sentiment.nlp.extract import Extractor
    from news_sentiment.pipeline.extract import run_extraction

    try:
        extractor = Extractor.create()
    except (OSError, ModelError) as exc:  # pragma: no cover - only a missing model skips
        pytest.skip(f"spaCy model unavailable: {exc}")
    path = make_store(tmp_path_factory.mktemp("serial") / "serial.db")
    db = open_db(path)
    report = run_extraction(db, extractor)
    db.close()
    return path, report


def _fields(report):
    return {k: v for k, v in dataclasses.asdict(report).items() if k != "seconds"}


@pytest.mark.slow
def test_results_come_back_in_submission_order_whatever_finishes_first(client):
    from news_sentiment.pipeline.cluster import ordered_map

    payloads = [(0, 1.0), (1, 0.0), (2, 0.5), (3, 0.0), (4, 0.2)]  # later ones finish first
    assert list(ordered_map(client, sleepy_task, SleepySpec(), payloads)) == [0, 1, 2, 3, 4]


@pytest.mark.slow
def test_a_worker_without_the_model_is_one_message_and_writes_nothing(client, tmp_path):
    from news_sentiment.errors import ClusterError
    from news_sentiment.pipeline.cluster import extract_on_cluster

    path = make_store(tmp_path / "s.db", n=2)
    db = open_db(path)
    with pytest.raises(ClusterError, match="a worker cannot run news-sentiment: OSError: .E050") as err:
        extract_on_cluster(db, client, MissingModelSpec())
    assert db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0] == 0
    db.close()
    assert "same news-sentiment version" in err.value.hint


@pytest.mark.slow
def test_extract_on_two_workers_stores_the_rows_of_a_serial_run(client, serial_store, tmp_path):
    from news_sentiment.pipeline.cluster import ExtractorSpec, extract_on_cluster

    serial_path, serial_report = serial_store
    path = make_store(tmp_path / "cluster.db")
    db = open_db(path)
    seen: list[tuple[int, int]] = []
    # two articles a batch: six batches over two workers, finishing in any order
    report = extract_on_cluster(db, client, ExtractorSpec(), batch=2, progress=lambda d, t: seen.append((d, t)))
    again = extract_on_cluster(db, client, ExtractorSpec(), batch=2)
    db.close()
    assert _fields(report) == _fields(serial_report)
    assert (report.articles, report.duplicates) == (len(ARTICLES), 1) and report.claims > 0 and report.quotes > 0
    assert seen[0] == (0, len(ARTICLES)) and seen[-1] == (len(ARTICLES), len(ARTICLES))
    assert dump(path) == dump(serial_path)  # every table, row for row, ids included
    assert (again.articles, again.skipped) == (0, len(ARTICLES))  # idempotent


@pytest.mark.slow
def test_extract_on_two_workers_into_postgresql_stores_the_rows_of_a_serial_sqlite_run(client, serial_store, pg_url):
    from news_sentiment.pipeline.cluster import ExtractorSpec, extract_on_cluster

    serial_path, serial_report = serial_store
    db = open_db(make_store(pg_url))
    report = extract_on_cluster(db, client, ExtractorSpec(), batch=2)
    db.close()
    assert _fields(report) == _fields(serial_report)
    assert dump(pg_url) == dump(serial_path)  # every table, row for row, ids included


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(client, serial_store, tmp_path):
    from news_sentiment.pipeline.cluster import extract_on_cluster

    serial_path, serial_report = serial_store
    path = make_store(tmp_path / "killed.db")
    marker = tmp_path / "killed"
    db = open_db(path)
    # the third batch any worker starts kills that worker's process (SIGKILL): its batch is run again elsewhere
    report = extract_on_cluster(db, client, DyingExtractorSpec(marker=str(marker), die_at=3), batch=2)
    db.close()
    assert marker.exists(), "no worker was killed: the test proves nothing"
    assert _fields(report) == _fields(serial_report)
    assert dump(path) == dump(serial_path)


@pytest.mark.slow
def test_a_stop_writes_the_batches_sent_and_leaves_the_rest_pending(client, serial_store, tmp_path):
    from news_sentiment.pipeline.cluster import ExtractorSpec, extract_on_cluster

    path = make_store(tmp_path / "stopped.db")
    answers = iter([False])  # the first batch goes out, then a stop is asked
    db = open_db(path)
    report = extract_on_cluster(db, client, ExtractorSpec(), batch=2, stop=lambda: next(answers, True))
    done = [r[0] for r in db.execute("SELECT article_id FROM extractions ORDER BY article_id")]
    db.close()
    assert report.stopped and report.articles == 2 and done == [1, 2]


@pytest.mark.slow
def test_score_on_two_workers_stores_the_scores_of_a_serial_run(client, serial_store, tmp_path):
    from news_sentiment.errors import ModelError
    from news_sentiment.nlp.sentiment import Classifier
    from news_sentiment.pipeline.cluster import ScorerSpec, score_on_cluster
    from news_sentiment.pipeline.score import score_articles

    try:
        scorer = Classifier.load()
    except ModelError as exc:  # pragma: no cover - only a model that was never built skips
        pytest.skip(f"no sentiment model: {exc}")
    serial, spread = tmp_path / "serial.db", tmp_path / "spread.db"
    for path in (serial, spread):
        shutil.copy(serial_store[0], path)
    db = open_db(serial)
    expected = score_articles(db, scorer)
    db.close()
    db = open_db(spread)
    report = score_on_cluster(db, client, ScorerSpec(), batch=3)
    db.close()
    assert _fields(report) == _fields(expected) and report.scored == len(ARTICLES) and report.entities > 0
    assert dump(spread) == dump(serial)  # every probability, evidence sentence and entity score


def test_without_the_extra_the_cli_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    path = make_store(tmp_path / "s.db", n=1)
    (tmp_path / "feeds.yaml").write_text("feeds:\n  - {name: unused, url: unused.xml}\n")  # ingest is skipped
    runner = CliRunner()
    for args in (["extract", "--workers", "2"], ["score", "--workers", "2"],
                 ["update", "--skip", "ingest", "--nlp-workers", "2"]):
        res = runner.invoke(cli, [*args, "--db", str(path)])
        assert res.exit_code == 1, (args, res.output)
        assert EXTRA_HINT in res.stderr and "Traceback" not in res.output, (args, res.stderr)
    db = open_db(path)
    assert db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0] == 0  # nothing half-written
    db.close()


def test_workers_and_cluster_together_is_a_usage_error(tmp_path):
    path = make_store(tmp_path / "s.db", n=1)
    res = CliRunner().invoke(cli, ["extract", "--workers", "2", "--cluster", "tcp://127.0.0.1:8786",
                                   "--db", str(path)])
    assert res.exit_code == 2 and "give one" in res.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_a_scheduler_address_with_nothing_listening_is_one_message(tmp_path):
    from news_sentiment.errors import ClusterError
    from news_sentiment.pipeline.cluster import ClusterOptions, ClusterSession

    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(ClusterError, match="no Dask scheduler answers at") as err, \
            ClusterSession(ClusterOptions(address=address, connect_timeout=2)) as session:
        session.client()
    assert "dask scheduler" in err.value.hint


def _serial_scores(serial_store, tmp_path):
    """The serially extracted store, scored serially (None without a sentiment model)."""
    from news_sentiment.errors import ModelError
    from news_sentiment.nlp.sentiment import Classifier
    from news_sentiment.pipeline.score import score_articles

    try:
        scorer = Classifier.load()
    except ModelError:  # pragma: no cover - only a model that was never built
        return None
    path = tmp_path / "serial-scored.db"
    shutil.copy(serial_store[0], path)
    db = open_db(path)
    score_articles(db, scorer)
    db.close()
    return path


@pytest.mark.slow
def test_cli_extract_and_score_with_workers_match_serial_runs(serial_store, tmp_path):
    import json

    path = make_store(tmp_path / "cli.db")
    runner = CliRunner()
    res = runner.invoke(cli, ["extract", "--workers", "1", "--db", str(path), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["articles"] == len(ARTICLES)
    assert dump(path) == dump(serial_store[0])
    expected = _serial_scores(serial_store, tmp_path)
    if expected is None:
        pytest.skip("no sentiment model: scoring not compared")
    res = runner.invoke(cli, ["score", "--workers", "1", "--db", str(path), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["scored"] == len(ARTICLES)
    assert dump(path) == dump(expected)


@pytest.mark.slow
def test_update_runs_extract_and_score_on_one_local_cluster(serial_store, tmp_path):
    import json

    expected = _serial_scores(serial_store, tmp_path)
    path = make_store(tmp_path / "update.db")
    (tmp_path / "feeds.yaml").write_text("feeds:\n  - {name: unused, url: unused.xml}\n")  # ingest is skipped
    res = CliRunner().invoke(cli, ["update", "--skip", "ingest", "--skip", "check", "--skip", "narratives",
                                   "--skip", "days", "--nlp-workers", "1", "--db", str(path), "--json"])
    assert res.exit_code == 0, res.output
    status = {s["step"]: s["status"] for s in json.loads(res.stdout)["steps"]}
    assert status["extract"] == "done" and status["score"] == ("done" if expected else "unavailable")
    assert dump(path) == dump(expected or serial_store[0])
