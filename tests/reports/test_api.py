"""The Python API (news_sentiment.Store): DataFrames with typed columns, and the same rows as each CLI twin.

Runs over the session's demo store (tests/reports/conftest.py); the docs' examples run in test_api_docs.py."""

from __future__ import annotations

import csv
import json
from importlib import resources

import pandas as pd
import pytest
from click.testing import CliRunner

from news_sentiment import Store
from news_sentiment.cli import cli
from news_sentiment.errors import InputError, StoreError


def cli_json(db_path, *args) -> list[dict]:
    res = CliRunner().invoke(cli, [*args, "--db", str(db_path), "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


@pytest.fixture
def store(demo_db_path):
    with Store(demo_db_path) as s:
        yield s


def test_store_is_the_package_api():
    import news_sentiment

    assert "Store" in news_sentiment.__all__ and news_sentiment.Store is Store


def test_articles_match_the_cli_and_publish_times_are_utc(store, demo_db_path):
    df = store.articles(limit=0)
    assert str(df["published"].dtype) .startswith("datetime64") and str(df["published"].dt.tz) == "UTC"
    assert df["id"].tolist() == [r["id"] for r in cli_json(demo_db_path, "articles", "--limit", "0")]
    hits = store.articles(search="tariff", limit=None)
    assert hits["id"].tolist() == [r["id"] for r in cli_json(demo_db_path, "articles", "--search", "tariff",
                                                              "--limit", "0")]
    assert 0 < len(hits) < len(df)


def test_articles_since_a_day_includes_that_whole_day(store):
    df = store.articles(limit=0)
    day = df["published"].min().date()
    later = store.articles(since=str(day), until=str(day), limit=0)
    assert len(later) == int((df["published"].dt.date == day).sum()) > 0


def test_claims_match_the_cli(store, demo_db_path):
    df = store.claims()
    rows = cli_json(demo_db_path, "claims")
    assert df["id"].tolist() == [r["id"] for r in rows] and len(df) > 0
    assert df["value"].tolist() == [r["value"] for r in rows]
    assert str(df["published"].dt.tz) == "UTC"
    basket = store.claims(entity="7 titans", metric="return")
    assert basket["id"].tolist() == [r["id"] for r in cli_json(demo_db_path, "claims", "--entity", "7 titans",
                                                               "--metric", "return")]
    assert set(basket["metric"]) == {"return"}


def test_checked_claims_match_the_cli_and_status_reads_them_back(demo_db_path, scratch_db, tmp_path):
    path = scratch_db.conn.execute("PRAGMA database_list").fetchone()[2]
    with Store(path) as s:
        checked = s.check_claims(as_of=pd.Timestamp("2025-03-07").date())
        rows = cli_json(path, "claims", "--check", "--as-of", "2025-03-07")
        assert dict(zip(checked["id"], checked["status"])) == {r["id"]: r["status"] for r in rows}
        for status in set(checked["status"]):
            want = sorted(checked.loc[checked["status"] == status, "id"])
            assert sorted(s.claims(status=status)["id"]) == want
            assert sorted(r["id"] for r in cli_json(path, "claims", "--status", status)) == want


def test_entities_and_strategists_match_the_cli(store, demo_db_path):
    assert store.entities()["name"].tolist() == [r["name"] for r in cli_json(demo_db_path, "entities")]
    people = store.strategists()
    assert people["name"].tolist() == [r["name"] for r in cli_json(demo_db_path, "strategists")]
    assert str(people["last_seen"].dt.tz) == "UTC"


def test_sentiment_matches_the_scores_command(store, demo_db_path):
    df = store.sentiment()
    if df.empty:
        pytest.skip("the demo ran without the sentiment model")
    rows = cli_json(demo_db_path, "scores")
    assert df["article_id"].tolist() == [r["article_id"] for r in rows]
    assert df["score"].tolist() == pytest.approx([r["score"] for r in rows])
    assert (df["score"] - (df["positive"] - df["negative"])).abs().max() < 1e-9
    toward = store.sentiment(entity="7 titans")
    assert len(toward) > 0 and set(toward["entity"]) == {"7 titans"}
    weekly = cli_json(demo_db_path, "scores", "--entity", "7 titans", "--freq", "W")
    assert [r["articles"] for r in weekly] == store.sentiment(entity="7 titans", freq="W")["articles"].tolist()
    assert sum(r["articles"] for r in weekly) == toward["article_id"].nunique()


def test_prices_are_the_demo_price_file(store):
    with resources.files("news_sentiment.demo").joinpath("prices.csv").open() as fh:
        want = [(r["date"], float(r["close"])) for r in csv.DictReader(fh) if r["ticker"] == "NVDA"]
    df = store.prices("NVDA")
    assert [(d.strftime("%Y-%m-%d"), c) for d, c in zip(df["date"], df["close"])] == want
    assert store.prices(["NVDA"], since="2025-03-03", until="2025-03-04")["date"].dt.day.tolist() == [3, 4]


def test_narratives_are_the_stored_weeks(store, demo_db_path):
    df = store.narratives(week="2025-W10")
    rows = cli_json(demo_db_path, "narratives", "--week", "2025-W10", "--no-update")
    assert sorted(df["narrative_id"]) == sorted(r["narrative_id"] for r in rows)


def test_unknown_entity_and_missing_store_are_typed_errors(store, tmp_path):
    with pytest.raises(InputError, match="unknown entity"):
        store.claims(entity="Zyzzyva Holdings Nowhere")
    with pytest.raises(StoreError):
        Store(tmp_path / "nothing.db")


def test_per_period_weights_by_confidence():
    from news_sentiment.api import per_period

    t = pd.Timestamp
    df = pd.DataFrame({
        "article_id": [1, 2, 3],
        "published": [t("2025-03-03 09:00", tz="UTC"), t("2025-03-03 18:00", tz="UTC"), t("2025-03-04", tz="UTC")],
        "entity": [None, None, None], "model": ["m", "m", "m"],
        "negative": [0.1, 0.6, 0.2], "neutral": [0.1, 0.2, 0.6], "positive": [0.8, 0.2, 0.2]})
    df["score"] = df["positive"] - df["negative"]
    out = per_period(df, "D")
    # day 1: scores 0.7 (weight 0.8) and -0.4 (weight 0.6) -> (0.56 - 0.24) / 1.4
    assert out["score"].tolist() == pytest.approx([0.32 / 1.4, 0.0])
    assert out["articles"].tolist() == [2, 1]
    assert out["period"].tolist() == [t("2025-03-03", tz="UTC"), t("2025-03-04", tz="UTC")]
    assert per_period(df.iloc[0:0], "W").columns.tolist()[0] == "period"


def test_entity_filters(store, demo_db_path):
    every = store.entities()
    last = every["last_seen"].max()
    assert store.entities(since=str((last + pd.Timedelta(days=1)).date())).empty
    recent = store.entities(since=str(last.date()))
    assert 0 < len(recent) < len(every) and (recent["last_seen"].dt.date == last.date()).all()
    assert (recent["mentions"] <= every.set_index("name").loc[recent["name"], "mentions"].to_numpy()).all()
    found = store.entities(search="TITAN")
    assert len(found) > 0 and all("titan" in n.lower() for n in found["name"])
    assert len(store.entities(limit=2)) == 2
    rows = cli_json(demo_db_path, "entities", "--search", "titan", "--since", str(last.date()))
    assert [r["name"] for r in rows] == store.entities(search="titan", since=str(last.date()))["name"].tolist()


def test_an_entity_under_two_stored_names_is_one_row_per_article(tmp_path):
    from news_sentiment.store.db import open_db

    db = open_db(tmp_path / "two.db")
    db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
               "VALUES (1, 'https://n.test/1', 'Velmar up', '2025-03-03T10:00:00+00:00', 'x', 't', 'import', 'h')")
    db.execute("INSERT INTO entities (id, name, kind) VALUES (1, 'Velmar', 'company'), (2, 'VELMAR', 'company')")
    for name, label, probs in (("Velmar", "positive", (0.1, 0.1, 0.8)), ("VELMAR", "negative", (0.5, 0.3, 0.2))):
        db.execute("INSERT INTO entity_sentiment (article_id, entity, model, label, negative, neutral, positive, "
                   "sentences, scored_at) VALUES (1, ?, 'm', ?, ?, ?, ?, 1, 'now')", [name, label, *probs])
    db.close()
    with Store(tmp_path / "two.db") as s:
        rows = s.sentiment(entity="Velmar")
        assert len(rows) == 1 and rows["positive"].iloc[0] == pytest.approx(0.5)
        assert rows["score"].iloc[0] == pytest.approx(0.5 - 0.3) and rows["label"].iloc[0] == "positive"
        daily = s.sentiment(entity="velmar", freq="D")
        assert daily["articles"].tolist() == [1] and daily["score"].iloc[0] == pytest.approx(0.2)
