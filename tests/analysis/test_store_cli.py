"""update_narratives over the store (idempotent, ids persist), `sentiment narratives`, `sentiment link`."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.pipeline import prices
from news_sentiment.pipeline.narratives import update_narratives
from news_sentiment.store.db import open_db
from news_sentiment.store.narratives import read_narrative_weeks
from tests.analysis.synth import TARIFF_TITLE, corpus, iso

pytestmark = pytest.mark.both_stores

TARIFF = {5: 0.5, **{w: 0.05 for w in range(5)}}


def fill(db, arts: pd.DataFrame) -> None:
    for r in arts.itertuples():
        db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, 'import', ?)",
                   [r.article_id, f"https://ex.com/{r.article_id}", r.title, r.published, r.published, r.text,
                    f"h{r.article_id}"])


@pytest.fixture
def store(db_path):
    db = open_db(db_path)
    arts = corpus(weeks=8, per_week=40, story={w: 0.3 for w in range(3, 8)}, tariff=TARIFF, seed=4)
    fill(db, arts)
    # a near-duplicate row must be ignored
    db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash, duplicate_of) "
               "VALUES (10000, 'https://ex.com/dup', 'Tariffs tariffs', '2025-01-07T00:00:00Z', 'x', 'tariffs', 'import', 'd', 1)")
    db.execute("INSERT INTO entities (id, name, kind, ticker, kb_id) VALUES (1, 'Alibaba', 'company', '9988.HK', 'alibaba')")
    tariff_ids = arts.loc[arts["text"].str.contains("tariffs"), "article_id"].tolist()
    for aid in tariff_ids:
        db.execute("INSERT INTO mentions (article_id, entity_id, field, text, start, \"end\", link, extractor_version) "
                   "VALUES (?, 1, 'text', 'Alibaba', 0, 7, 'kb', 'v')", [aid])
        db.execute("INSERT INTO article_sentiment (article_id, model, label, negative, neutral, positive, sentences, scored_at) VALUES (?, 'm', 'negative', 0.7, 0.2, 0.1, 6, 'now')", [aid])
    db.close()
    return db_path


def test_update_is_idempotent_and_reads_other_tables(store):
    db = open_db(store)
    first = update_narratives(db)
    assert not first.skipped and first.articles == 320 and first.weeks == 8
    again = update_narratives(db)
    assert again.skipped and again.rows == first.rows
    rows = read_narrative_weeks(db, narrative="tariffs and trade war").set_index("week")
    w = rows.loc[iso(5)]
    arts = corpus(weeks=8, per_week=40, story={w: 0.3 for w in range(3, 8)}, tariff=TARIFF, seed=4)
    planted = int(arts.iloc[200:240]["title"].eq(TARIFF_TITLE).sum())  # week offset 5: articles 201-240
    assert planted >= 10 and planted - 1 <= w["articles"] <= planted and w["shift"] > 5
    assert w["sentiment"] == pytest.approx(0.1 - 0.7)
    assert w["entities"] == ["Alibaba"] and w["baskets"][:2] == ["7 titans", "BATX"]
    disc = db.execute("SELECT id, name, first_seen FROM narratives WHERE source = 'discovered'").fetchall()
    assert [d[0] for d in disc] == ["emerging-2025-W05-1"] and "engine" in disc[0][1]
    assert db.execute("SELECT count(*) FROM article_novelty").fetchone()[0] == 320
    members = {r[0] for r in db.execute("SELECT article_id FROM article_narratives WHERE narrative_id = ?", [disc[0][0]])}
    arts = corpus(weeks=8, per_week=40, story={w: 0.3 for w in range(3, 8)}, tariff=TARIFF, seed=4)
    planted = set(arts.loc[arts["text"].str.contains("engine|flights|jets|turbine"), "article_id"])
    assert members <= planted and len(members) >= len(planted) / 2  # pure, and most of the story
    # forced re-run writes the same rows (no duplicates), and the discovered id is kept
    forced = update_narratives(db, force=True)
    assert forced.rows == first.rows
    assert db.execute("SELECT count(*) FROM narrative_weeks").fetchone()[0] == first.rows
    assert [d[0] for d in db.execute("SELECT id FROM narratives WHERE source = 'discovered'")] == [disc[0][0]]


def test_new_week_keeps_discovered_id(store):
    db = open_db(store)
    update_narratives(db)
    fill(db, corpus(weeks=9, per_week=40, story={w: 0.3 for w in range(3, 9)}, seed=9).query("article_id > 320"))
    upd = update_narratives(db)
    assert not upd.skipped and upd.weeks == 9
    rows = read_narrative_weeks(db, narrative="emerging-2025-W05-1")
    assert rows["week"].max() == iso(8) and rows.set_index("week").loc[iso(8), "articles"] > 5


def test_cli_narratives_table_and_json(store):
    runner = CliRunner()
    res = runner.invoke(cli, ["narratives", "--db", str(store), "--week", iso(5), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    by = {r["narrative"]: r for r in data}
    assert by["tariffs and trade war"]["week"] == iso(5) and by["tariffs and trade war"]["shift"] > 5
    assert any(r["source"] == "discovered" for r in data)
    table = runner.invoke(cli, ["narratives", "--db", str(store)], env={"COLUMNS": "250"})
    assert table.exit_code == 0 and "unchanged, reused" in table.stderr and "tariffs and trade war" in table.stdout
    bad = runner.invoke(cli, ["narratives", "--db", str(store), "--week", "2025-10"])
    assert bad.exit_code == 1 and "bad week '2025-10'" in bad.stderr and "2025-W10" in bad.stderr


def test_cli_link_with_monkeypatched_returns(store, monkeypatch):
    runner = CliRunner()
    assert runner.invoke(cli, ["narratives", "--db", str(store)]).exit_code == 0
    rng = np.random.default_rng(0)

    def fake(db, basket, kb=None):
        weeks = [iso(i) for i in range(8)]
        return pd.DataFrame({"week": weeks, "basket": "7 titans", "return": 0.01 * rng.normal(size=8)})

    monkeypatch.setattr(prices, "weekly_basket_returns", fake)
    res = runner.invoke(cli, ["link", "--db", str(store), "--basket", "7 titans",
                              "--narrative", "tariffs and trade war"])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "tariffs and trade war vs 7 titans: 8 narrative weeks, 8 return weeks, 8 overlapping." in out
    assert "Lead-lag: only 8 week(s) with both narrative data and returns (need 20)" in out
    assert "too thin to conclude anything" in out and "Verdict: the data is too thin" in out
    js = runner.invoke(cli, ["link", "--db", str(store), "--basket", "7 titans", "--narrative",
                             "tariffs-and-trade-war", "--format", "json"])
    def no_constants(name):
        raise AssertionError(f"link JSON carries {name}")

    data = json.loads(js.stdout, parse_constant=no_constants)  # NaN statistics are null, not NaN
    assert data["thin"] is True and data["weeks"] == {"narrative": 8, "returns": 8} and js.stdout.endswith("}\n")
    # the shift week (2025-W07) has only 2 weeks of returns after it: no full 0..4 window
    es = data["event_study"]
    assert es["n_events"] == 0 and es["thin"] and "no events with a full window" in es["message"]
    assert es["car_pct"] is None and es["car_ci_low_pct"] is None and "car" not in es  # percent, named so
    assert [set(r) for r in es["path"]] == [{"rel_week", "mean_ar_pct", "car_pct", "n_events"}] * len(es["path"])
    no_bench = runner.invoke(cli, ["link", "--db", str(store), "--basket", "7 titans", "--narrative",
                                   "tariffs and trade war", "--model", "market"])
    assert no_bench.exit_code == 1 and "the market model needs a benchmark" in no_bench.stderr
    assert "Give --benchmark" in no_bench.stderr
    unknown = runner.invoke(cli, ["link", "--db", str(store), "--basket", "7 titans", "--narrative", "tarifs"])
    assert unknown.exit_code == 1 and "unknown narrative 'tarifs'" in unknown.stderr
    assert "tariffs and trade war" in unknown.stderr  # suggestion


def test_empty_store(db_path):
    open_db(db_path).close()
    runner = CliRunner()
    res = runner.invoke(cli, ["narratives", "--db", str(db_path)])
    assert res.exit_code == 0 and "No narrative statistics" in res.stderr
    res = runner.invoke(cli, ["narratives", "--db", str(db_path), "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout) == [] and "No narrative statistics" in res.stderr
    res = runner.invoke(cli, ["link", "--db", str(db_path), "--basket", "7 titans", "--narrative", "x"])
    assert res.exit_code == 1 and "Error: unknown narrative 'x'" in res.stderr


def test_link_offers_exactly_the_library_event_models():
    from news_sentiment.analysis.links import EVENT_MODELS

    model = next(p for p in cli.commands["link"].params if p.name == "event_model")
    assert tuple(model.type.choices) == EVENT_MODELS


def test_articles_listing_shows_each_article_its_narratives_and_evidence(store):
    runner = CliRunner()
    assert runner.invoke(cli, ["narratives", "--db", str(store)]).exit_code == 0
    res = runner.invoke(cli, ["narratives", "--db", str(store), "--week", iso(5), "--articles", "--format", "json",
                              "--no-update"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    arts = corpus(weeks=8, per_week=40, story={w: 0.3 for w in range(3, 8)}, tariff=TARIFF, seed=4)
    week = arts.iloc[200:240]
    tariff_ids = set(week.loc[week["title"].eq(TARIFF_TITLE), "article_id"])
    tagged = {r["article_id"] for r in rows if r["narrative"] == "tariffs and trade war"}
    assert tagged and tagged <= tariff_ids and len(tagged) >= len(tariff_ids) - 1
    ev = next(r["evidence"] for r in rows if r["narrative"] == "tariffs and trade war")
    assert ev and {"sentence_no", "sentence", "similarity"} == set(ev[0])
    assert any("tariff" in e["sentence"].lower() for e in ev)
    assert all(r["week"] == iso(5) and r["published"].startswith("2025-") for r in rows)
    csv_out = runner.invoke(cli, ["narratives", "--db", str(store), "--week", iso(5), "--articles", "--format", "csv",
                                  "--no-update"])
    table = pd.read_csv(io.StringIO(csv_out.stdout))
    assert len(table) == len(rows) and json.loads(table["evidence"].iloc[0])
    from news_sentiment.api import Store

    with Store(store) as s:
        df = s.narrative_articles(week=iso(5))
    assert len(df) == len(rows) and set(df["narrative"]) == {r["narrative"] for r in rows}
    assert isinstance(df["evidence"].iloc[0], list)
