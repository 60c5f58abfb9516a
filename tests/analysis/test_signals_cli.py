"""`sentiment signals` and `sentiment link --entity` on a small synthetic store, and their API twins."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from news_sentiment.api import Store
from news_sentiment.cli import cli
from news_sentiment.store.db import open_db
from tests.analysis.synth import entity_news, write_entity_news

pytestmark = pytest.mark.both_stores


@pytest.fixture
def store(db_path):
    rows, closes, bench = entity_news(sessions=400, per_day=2, lag=2, beta=0.005, seed=7, entity="Nvidia")
    rows.loc[rows.index % 7 == 0, ["negative", "neutral", "positive"]] = np.nan  # some articles not scored
    db = open_db(db_path)
    write_entity_news(db, rows, {"NVDA": closes, "NDX": bench}, ticker="NVDA", kb_id="nvidia")
    db.close()
    return db_path


def run(*args):
    return CliRunner().invoke(cli, [*args])


def test_signals_json_is_the_api_frame_in_percent(store):
    res = run("signals", "--entity", "NVDA", "--freq", "W", "--format", "json", "--db", str(store))
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    with Store(store) as s:
        df = s.signals("Nvidia", freq="W")
    assert len(rows) == len(df) == 80
    first, api = rows[0], df.iloc[0]
    assert first["period"] == "2023-01-02" and first["entity"] == "Nvidia"
    assert first["articles"] == api["articles"] == 10
    assert first["sentiment"] == pytest.approx(api["sentiment"])
    assert first["relevance_pct"] == pytest.approx(100 * api["relevance"], abs=0.005)  # two decimals
    assert first["novelty_pct"] == pytest.approx(100 * api["novelty"], abs=0.005)
    assert str(df["period"].dt.tz) == "UTC"


def test_signals_since_until_and_unknown_entity(store):
    res = run("signals", "--entity", "Nvidia", "--since", "2023-01-03", "--until", "2023-01-04", "--format", "csv",
              "--db", str(store))
    assert res.exit_code == 0, res.output
    assert [line.split(",")[0] for line in res.stdout.splitlines()[1:]] == ["2023-01-03", "2023-01-04"]
    bad = run("signals", "--entity", "Nvidiaa Corp", "--db", str(store))
    assert bad.exit_code == 1 and "unknown entity" in bad.output


def test_link_entity_recovers_the_planted_lead(store):
    res = run("link", "--entity", "Nvidia", "--benchmark", "Nasdaq 100", "--format", "json", "--db", str(store))
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["ticker"] == "NVDA" and out["benchmark"] == "NDX" and out["thin"] == []
    assert out["best"]["lag"] == 2 and out["best"]["ic"] > 0
    assert [r["lag"] for r in out["ic"]] == [0, 1, 2, 3, 4, 5]
    assert out["event_study"]["model"] == "market" and out["event_study"]["path"][0]["rel_day"] == 0
    table = run("link", "--entity", "Nvidia", "--db", str(store))
    assert table.exit_code == 0 and "strongest at lag 2" in table.output and "constant-mean" in table.output


def test_link_modes_do_not_mix(store):
    mixed = run("link", "--entity", "Nvidia", "--basket", "7 titans", "--db", str(store))
    assert mixed.exit_code == 2 and "--entity tests an entity on its own" in mixed.output
    neither = run("link", "--basket", "7 titans", "--db", str(store))
    assert neither.exit_code == 2 and "--basket and --narrative together, or --entity" in neither.output


def test_link_entity_on_thin_data_says_so(db_path):
    rows, closes, _ = entity_news(sessions=30, per_day=1, seed=1, entity="Nvidia")
    db = open_db(db_path)
    write_entity_news(db, rows, {"NVDA": closes}, ticker="NVDA", kb_id="nvidia")
    db.close()
    res = run("link", "--entity", "Nvidia", "--db", str(db_path))
    assert res.exit_code == 0, res.output
    assert "too thin to conclude" in res.output and "few days" in res.output
    out = json.loads(run("link", "--entity", "Nvidia", "--format", "json", "--db", str(db_path)).stdout)
    assert out["thin"] == ["few_days", "few_events"] and out["best"] is None


def test_link_entity_without_prices(db_path):
    rows, _, _ = entity_news(sessions=30, per_day=1, seed=1, entity="Nvidia")
    db = open_db(db_path)
    write_entity_news(db, rows, {}, ticker="NVDA", kb_id="nvidia")
    db.close()
    out = json.loads(run("link", "--entity", "Nvidia", "--format", "json", "--db", str(db_path)).stdout)
    assert out["thin"] == ["no_prices"] and "No prices for Nvidia (NVDA)" in out["messages"][0]


def test_signal_rows_average_the_names_an_entity_is_stored_under(db_path):
    from news_sentiment.store.read import signal_rows

    rows, closes, _ = entity_news(sessions=3, per_day=1, seed=1, entity="Nvidia")
    db = open_db(db_path)
    write_entity_news(db, rows, {}, ticker="NVDA", kb_id="nvidia")
    db.execute("INSERT INTO entities (id, name, kind, kb_id) VALUES (7, 'NVIDIA Corp', 'company', 'nvidia')")
    db.execute('INSERT INTO mentions (article_id, entity_id, field, text, start, "end", link, extractor_version) '
               "VALUES (1, 7, 'text', 'x', 0, 1, 'kb', 'v')")
    db.execute("INSERT INTO entity_sentiment (article_id, entity, model, label, negative, neutral, positive, "
               "sentences, scored_at) VALUES (1, 'NVIDIA Corp', 'm1', 'neutral', 0.5, 0.5, 0.0, 1, '2026-01-01')")
    got = signal_rows(db, [1, 7], ["Nvidia", "NVIDIA Corp"]).set_index("article_id")
    first = rows.iloc[0]
    assert len(got) == 3
    assert got.loc[1, "mentions"] == first["mentions"] + 1
    assert got.loc[1, "negative"] == pytest.approx((first["negative"] + 0.5) / 2)
    assert got.loc[1, "article_mentions"] == first["article_mentions"] + 1
    assert got.loc[2, "positive"] == pytest.approx(rows.iloc[1]["positive"])
    db.close()
