"""An article's score is stored with the sentences that weighed most; ``sentiment why`` shows them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.errors import InputError
from news_sentiment.pipeline.score import score_articles
from news_sentiment.store.scores import explain_article


def _article(db, aid: int, title: str, text: str, digest: str) -> None:
    db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
               "VALUES (?, ?, ?, '2025-03-03T00:00:00+00:00', 'now', ?, 'import', ?)",
               [aid, f"https://ex.test/{aid}", title, text, digest])
    db.conn.commit()


def test_scores_store_evidence_and_a_rescore_replaces_it(db, fake_classifier):
    _article(db, 1, "acme gains", "Acme slump down down. Globex up. The shares.", "h1")
    score_articles(db, fake_classifier, entities_for=None)
    exp = explain_article(db, 1)
    assert (exp.model, exp.label, exp.sentences, exp.sentences_dropped) == ("fake-1", "negative", 4, 0)
    assert [e["text"] for e in exp.evidence][0] == "Acme slump down down."
    assert {e["part"] for e in exp.evidence} == {"title", "body"} and len(exp.evidence) == 4
    # the text changes: scored again, the old evidence replaced, not added to
    db.execute("UPDATE articles SET text = 'Globex up up up.', content_hash = 'h2' WHERE id = 1")
    db.conn.commit()
    score_articles(db, fake_classifier, entities_for=None)
    again = explain_article(db, 1)
    assert [e["text"] for e in again.evidence] == ["Globex up up up.", "acme gains"] and again.label == "positive"
    assert db.execute("SELECT count(*) FROM sentiment_evidence").fetchone()[0] == 2


def test_explaining_a_missing_or_unscored_article_says_what_to_do(db):
    with pytest.raises(InputError, match="no article with id 9") as err:
        explain_article(db, 9)
    assert "sentiment articles" in err.value.hint
    _article(db, 2, "t", "Acme up.", "h")
    with pytest.raises(InputError, match="no sentiment score") as err:
        explain_article(db, 2)
    assert "sentiment score" in err.value.hint


def test_why_command_prints_the_evidence(db, db_path, fake_classifier):
    _article(db, 1, "acme gains", "Acme slump down down. Globex up.", "h1")
    score_articles(db, fake_classifier, entities_for=None)
    runner = CliRunner()
    res = runner.invoke(cli, ["why", "1", "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    assert "article 1: acme gains" in res.output and "[body] Acme slump down down." in res.output
    out = json.loads(runner.invoke(cli, ["why", "1", "--json", "--db", str(db_path)]).output)
    assert out["label"] == "negative" and out["evidence"][0]["part"] == "body"
    missing = runner.invoke(cli, ["why", "7", "--db", str(db_path)])
    assert missing.exit_code != 0 and "no article with id 7" in missing.output
