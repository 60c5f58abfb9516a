"""`sentiment classify` / `sentiment score` contract, with the fake classifier (click CliRunner)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.errors import ModelError
from news_sentiment.nlp.sentiment import Classifier


@pytest.fixture
def runner(monkeypatch, fake_classifier):
    monkeypatch.setattr(Classifier, "load", classmethod(lambda cls, *a, **k: fake_classifier))
    return CliRunner()


def lines(output: str) -> list[dict]:
    return [json.loads(l) for l in output.splitlines() if l.strip()]


def test_classify_jsonl_in_order(runner):
    stdin = "\n".join(json.dumps(o) for o in [
        {"id": 1, "text": "acme shares slump", "target": "acme"},
        {"id": "b", "text": "the acme gains"},
        {"id": 3, "text": "the shares"},
    ]) + "\n"
    res = runner.invoke(cli, ["classify"], input=stdin)
    assert res.exit_code == 0, res.output
    out = lines(res.stdout)
    assert [o["id"] for o in out] == [1, "b", 3]
    assert [o["label"] for o in out] == ["negative", "positive", "neutral"]
    for o in out:
        assert set(o) == {"id", "label", "scores", "model"}
        assert set(o["scores"]) == {"negative", "neutral", "positive"}
        assert o["model"] == "fake-1"


def test_classify_malformed_lines_reported_and_skipped(runner):
    stdin = '{"id": 1, "text": "up"}\n{not json\n\n[1, 2]\n{"id": 2, "text": "down"}\n'
    res = runner.invoke(cli, ["classify"], input=stdin)
    assert res.exit_code == 0
    assert [o["id"] for o in lines(res.stdout)] == [1, 2]
    assert "line 2: malformed JSON" in res.stderr
    assert "line 4: expected a JSON object" in res.stderr


def test_classify_empty_text_and_absent_target(runner):
    stdin = '{"id": 1, "text": ""}\n{"id": 2, "text": "acme up", "target": "Initech"}\n{"id": 3}\n'
    out = lines(runner.invoke(cli, ["classify"], input=stdin).stdout)
    assert out[0]["label"] == "neutral" and out[0]["note"] == "empty text"
    assert out[1]["target_absent"] is True and out[1]["label"] == "positive"
    assert out[2]["label"] == "neutral"


def test_classify_text_option(runner):
    res = runner.invoke(cli, ["classify", "--text", "Acme up. Globex down.", "--target", "Globex"])
    assert res.exit_code == 0
    (o,) = lines(res.stdout)
    assert o["label"] == "negative" and o["id"] is None


def test_classify_target_without_text_is_usage_error(runner):
    res = runner.invoke(cli, ["classify", "--target", "X"], input="")
    assert res.exit_code == 2


def test_classify_missing_model_message(monkeypatch, tmp_path):
    monkeypatch.setenv("SENTIMENT_MODEL_DIR", str(tmp_path / "missing"))
    res = CliRunner().invoke(cli, ["classify", "--text", "x"])
    assert res.exit_code == 1
    assert "config.json" in res.stderr and "sentiment_train" in res.stderr


def _add_article(db, n: int, title: str, text: str, duplicate_of: int | None = None) -> None:
    db.execute(
        "INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash, duplicate_of) "
        "VALUES (?, ?, ?, '2025-03-07T00:00:00+00:00', '2025-03-07T00:00:00+00:00', ?, 'import', ?, ?)",
        [n, f"https://example.com/{n}", title, text, f"h{n}", duplicate_of],
    )


def test_score_idempotent_skips_duplicates(runner, db, db_path):
    _add_article(db, 1, "Acme gains", "Acme shares up. Globex down.")
    _add_article(db, 2, "Globex slump", "The shares down.")
    _add_article(db, 3, "Globex slump", "The shares down.", duplicate_of=2)
    res = runner.invoke(cli, ["score", "--db", str(db_path), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["scored"] == 2
    rows = db.execute("SELECT article_id, model, label FROM article_sentiment ORDER BY article_id").fetchall()
    assert rows == [(1, "fake-1", "positive"), (2, "fake-1", "negative")]
    again = runner.invoke(cli, ["score", "--db", str(db_path), "--json"])
    assert json.loads(again.stdout)["scored"] == 0


def test_score_library_with_entities(db, fake_classifier):
    from news_sentiment.store.scores import score_articles

    _add_article(db, 1, "Acme gains", "Acme shares up. Globex down.")
    report = score_articles(db, fake_classifier, entities_for=lambda _db, _id: ["Globex", "Acme"])
    assert report.scored == 1 and report.entities == 2
    rows = dict(db.execute("SELECT entity, label FROM entity_sentiment").fetchall())
    assert rows == {"Globex": "negative", "Acme": "positive"}


def test_score_bad_article_is_reported_not_fatal(db, fake_classifier, monkeypatch):
    from news_sentiment.store.scores import score_articles

    _add_article(db, 1, "Acme gains", "x")
    monkeypatch.setattr(fake_classifier, "score_article", lambda *a, **k: (_ for _ in ()).throw(ModelError("boom")))
    report = score_articles(db, fake_classifier)
    assert report.skipped == 1 and report.errors == ["article 1: ModelError: boom"]


def test_score_bug_is_not_hidden(db, fake_classifier, monkeypatch):
    from news_sentiment.store.scores import score_articles

    _add_article(db, 1, "Acme gains", "x")
    monkeypatch.setattr(fake_classifier, "score_article", lambda *a, **k: (_ for _ in ()).throw(ValueError("boom")))
    with pytest.raises(ValueError, match="boom"):
        score_articles(db, fake_classifier)


def test_migration_creates_tables(db):
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()}
    assert {"article_sentiment", "entity_sentiment"} <= names


def test_model_error_is_typed():
    assert issubclass(ModelError, Exception)
