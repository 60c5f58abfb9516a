"""`sentiment serve`: metadata, canned queries that run on the real schema, the read-only command line."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.reports import serve as serve_mod
from news_sentiment.reports.serve import QUERIES, prepare_serve, serve_metadata


def test_metadata_titles_tables_and_canned_queries(demo_db_path):
    meta = serve_metadata(demo_db_path)
    db = meta["databases"]["demo"]
    assert db["tables"]["claims"]["title"] == "Numeric claims" and db["tables"]["claim_checks"]["description"]
    assert {"articles", "prices", "people", "quotes"} <= set(db["tables"])
    assert set(db["queries"]) >= {"claims_by_entity", "contradicted_claims", "strategist_ledger"}
    assert all("requires" not in q for q in db["queries"].values())


def test_canned_queries_run_on_the_store(demo_db_path):
    conn = sqlite3.connect(demo_db_path)
    params = {"entity": "7 titans", "narrative": ""}
    meta = serve_metadata(demo_db_path)["databases"]["demo"]["queries"]
    results = {name: conn.execute(q["sql"], params).fetchall() for name, q in meta.items()}
    assert results["claims_by_entity"] and all(r[2] == "7 titans" for r in results["claims_by_entity"])
    assert {r[1] for r in results["contradicted_claims"]} == {"Nasdaq 100", "Tesla"}
    ledger = {r[0]: r for r in results["strategist_ledger"]}
    tan = ledger["Mei Lin Tan"]
    assert (tan[4], tan[9]) == (0, 2)  # no forecasts or targets; two figures she cited, confirmed
    if "narrative_weekly_series" in results:
        assert {r[0] for r in results["narrative_weekly_series"]} >= {"2025-W07", "2025-W10"}
    conn.close()


def test_queries_needing_absent_tables_are_left_out(tmp_path):
    path = tmp_path / "bare.db"
    sqlite3.connect(path).execute("CREATE TABLE articles (id INTEGER)").connection.close()
    meta = serve_metadata(path)["databases"]["bare"]
    assert meta["queries"] == {} and set(meta["tables"]) == {"articles"}
    assert set(QUERIES) == {"claims_by_entity", "contradicted_claims", "strategist_ledger", "narrative_weekly_series"}


def test_command_is_mutable_read_only_and_local(demo_db_path, tmp_path):
    plan = prepare_serve(demo_db_path, tmp_path, port=8123, check_installed=False, check_port=False)
    cmd = plan.command
    assert cmd[:5] == [sys.executable, "-m", "datasette", "serve", str(demo_db_path)]
    assert "-i" not in cmd and "--immutable" not in cmd and "--nolock" not in cmd  # locking and the WAL honoured
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1" and cmd[cmd.index("--port") + 1] == "8123"
    assert json.loads(plan.metadata_path.read_text())["title"] == "news-sentiment"
    assert plan.url == "http://127.0.0.1:8123/demo"


def test_serve_dry_run_prints_the_command(demo_db_path):
    res = CliRunner().invoke(cli, ["serve", "--db", str(demo_db_path), "--dry-run"])
    assert res.exit_code == 0, res.output
    assert f"-m datasette serve {demo_db_path} --host 127.0.0.1" in res.output
    assert '"strategist_ledger"' in res.output


def test_serve_without_datasette_says_how_to_install(demo_db_path, monkeypatch):
    monkeypatch.setattr(serve_mod, "datasette_available", lambda: False)
    res = CliRunner().invoke(cli, ["serve", "--db", str(demo_db_path)])
    assert res.exit_code == 1
    assert "Datasette is not installed" in res.output and 'news-sentiment[serve]' in res.output


def test_serve_missing_database(tmp_path):
    res = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "nope.db"), "--dry-run"])
    assert res.exit_code == 1 and "no database at" in res.output


@pytest.mark.skipif(not serve_mod.datasette_available(), reason="datasette not installed (optional extra [serve])")
def test_datasette_answers_a_canned_query_without_a_server(demo_db_path, tmp_path):
    """Datasette's --get runs one request in-process: no port is opened."""
    plan = prepare_serve(demo_db_path, tmp_path, check_port=False)
    cmd = [c for c in plan.command if c not in ("--host", "127.0.0.1", "--port", "8001")]
    out = subprocess.run([*cmd, "--get", "/demo/strategist_ledger.json?_shape=array"], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert any(r["name"] == "Mei Lin Tan" and r["cited_confirmed"] == 2 and r["calls"] == 0 for r in rows)
