"""`sentiment classify` / `sentiment score` contract, with the fake classifier (click CliRunner)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.errors import ModelError
from news_sentiment.nlp.sentiment import Classifier
from news_sentiment.store.backend import table_exists

pytestmark = pytest.mark.both_stores


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
    from news_sentiment.pipeline.score import score_articles

    _add_article(db, 1, "Acme gains", "Acme shares up. Globex down.")
    report = score_articles(db, fake_classifier, entities_for=lambda _db, _id: ["Globex", "Acme"])
    assert report.scored == 1 and report.entities == 2
    rows = dict(db.execute("SELECT entity, label FROM entity_sentiment").fetchall())
    assert rows == {"Globex": "negative", "Acme": "positive"}


def test_score_bad_article_is_reported_not_fatal(db, fake_classifier, monkeypatch):
    from news_sentiment.pipeline.score import score_articles

    _add_article(db, 1, "Acme gains", "x")
    monkeypatch.setattr(fake_classifier, "score_article", lambda *a, **k: (_ for _ in ()).throw(ModelError("boom")))
    report = score_articles(db, fake_classifier)
    assert report.skipped == 1 and report.errors == ["article 1: ModelError: boom"]


def test_score_bug_is_not_hidden(db, fake_classifier, monkeypatch):
    from news_sentiment.pipeline.score import score_articles

    _add_article(db, 1, "Acme gains", "x")
    monkeypatch.setattr(fake_classifier, "score_article", lambda *a, **k: (_ for _ in ()).throw(ValueError("boom")))
    with pytest.raises(ValueError, match="boom"):
        score_articles(db, fake_classifier)


def test_migration_creates_tables(db):
    assert table_exists(db, "article_sentiment") and table_exists(db, "entity_sentiment")


def test_model_error_is_typed():
    assert issubclass(ModelError, Exception)


def test_classify_on_a_terminal_without_input_prints_a_hint(tmp_path):
    """A real pseudo-terminal on stdin: the command must not wait silently (nor load the model first)."""
    import os
    import pty
    import subprocess
    import sys
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "SENTIMENT_MODEL_DIR": str(tmp_path / "no-model"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))}
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "news_sentiment", "classify"], stdin=follower,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            pytest.fail("classify waited silently on a terminal")
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2 and out == ""
    assert "no input" in err and "stdin is a terminal" in err
    assert "--text" in err and "| sentiment classify" in err and "< texts.jsonl" in err


def test_classify_says_when_it_truncated(runner, fake_classifier):
    """The fake model reads 16 tokens ([CLS] + 14 words + [SEP]) and counts 'up' as positive, 'down' as negative."""
    long_sentence = " ".join(["up"] * 14 + ["down"] * 20)  # 34 words: read in windows, the downs too
    many = " ".join(["Acme slump."] * 205)  # 205 sentences: the last 5 not scored
    stdin = "\n".join(json.dumps(o) for o in [
        {"id": 1, "text": long_sentence},
        {"id": 2, "text": many},
        {"id": 3, "text": "acme shares up"},
    ]) + "\n"
    res = runner.invoke(cli, ["classify"], input=stdin)
    assert res.exit_code == 0, res.output
    out = lines(res.stdout)
    assert "truncated" not in out[0] and out[1]["truncated"] is True and "truncated" not in out[2]
    assert "line 1" not in res.stderr  # windows, nothing cut: no warning
    assert "line 2 (id 2): text truncated: 5 sentences past the first 200 not scored" in res.stderr
    assert "line 3" not in res.stderr
    # the first window alone (14 ups) would be plainly positive; the later windows are all 'down'
    (first_window,) = fake_classifier.classify([" ".join(["up"] * 14)])
    assert first_window.label == "positive" and out[0]["label"] == "negative"
    (first,) = fake_classifier.classify([" ".join(["Acme slump."] * 200)])
    assert out[1]["scores"] == first.scores and not first.truncated
    (short,) = fake_classifier.classify(["acme shares up"])
    assert out[2]["scores"] == short.scores


def test_classify_text_option_reads_a_long_sentence_whole(runner):
    res = runner.invoke(cli, ["classify", "--text", " ".join(["down"] * 30)])
    assert res.exit_code == 0
    (o,) = lines(res.stdout)
    assert "truncated" not in o and o["label"] == "negative" and res.stderr == ""


def test_prediction_counts_what_was_not_read(fake_classifier):
    # 203 sentences (the 40 lower-case words join the last one, which is past the 200th: dropped)
    pred, plain = fake_classifier.classify([" ".join(["Acme up."] * 203) + " " + " ".join(["up"] * 40),
                                            "Acme up."])
    assert (pred.sentences_dropped, pred.sentences_windowed, pred.truncated) == (3, 0, True)
    assert (plain.sentences_dropped, plain.sentences_windowed, plain.truncated) == (0, 0, False)
    (target,) = fake_classifier.classify(["acme " + " ".join(["up"] * 20)], ["acme"])
    assert target.sentences_windowed == 1 and not target.truncated and target.label == "positive"
