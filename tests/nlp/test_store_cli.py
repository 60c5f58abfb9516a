"""`sentiment extract` over the store (idempotent, re-processes on a KB change), claims/entities/strategists,
and `extract --stdin`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.store.db import open_db
from tests.conftest import STORES, copy_of_store, new_store

KB_DIR = Path(__file__).resolve().parents[2] / "models" / "kb"

ARTICLES = [
    ("https://example.com/a", "Hang Seng Tech Index jumps 3% on Friday", "2025-03-07T08:00:00+00:00",
     "The Hang Seng Tech Index rose 3% on Friday. “Chinese tech still looks cheap at 15 times earnings,” said "
     "Mary Major, chief investment strategist at Saxo Markets. Alibaba Group Holding Ltd. gained 5%."),
    ("https://example.com/b", "Nvidia slides", "2025-03-05T08:00:00+00:00",
     "Nvidia Corp. fell 4% this week, dragging the Nasdaq 100 Index down 2%."),
]


def _insert(db, url, title, published, text, duplicate_of=None):
    db.execute(
        "INSERT INTO articles (url, title, published, fetched_at, text, text_method, content_hash, word_count, "
        "duplicate_of) VALUES (?, ?, ?, ?, ?, 'import', ?, ?, ?)",
        [url, title, published, published, text, f"h-{hash(text)}", len(text.split()), duplicate_of])


@pytest.fixture(scope="module", params=STORES)
def prepared_db(request, tmp_path_factory, extractor):
    with new_store(request, tmp_path_factory.mktemp("store"), request.param) as path:
        yield _prepare(path, extractor)


def _prepare(path, extractor):
    db = open_db(path)
    for row in ARTICLES:
        _insert(db, *row)
    first = db.execute("SELECT id FROM articles ORDER BY id").fetchone()[0]
    _insert(db, "https://example.com/dup", "dup", "2025-03-07T09:00:00+00:00", ARTICLES[0][3] + " x",
            duplicate_of=first)
    from news_sentiment.pipeline.extract import run_extraction

    report = run_extraction(db, extractor)
    db.close()
    return path, report


def test_run_extraction_writes_rows(prepared_db):
    path, report = prepared_db
    assert (report.articles, report.skipped, report.duplicates) == (2, 0, 1)  # the duplicate is never processed
    db = open_db(path)
    claims = db.execute("SELECT subject, value, unit, metric, field, published FROM claims ORDER BY id").fetchall()
    assert ("Hang Seng Tech Index", 3.0, "percent", "return", "title", "2025-03-07T08:00:00+00:00") in claims
    assert ("Hang Seng Tech Index", 3.0, "percent", "return", "text", "2025-03-07T08:00:00+00:00") in claims
    assert ("Nvidia", 4.0, "percent", "return", "text", "2025-03-05T08:00:00+00:00") in claims
    # offsets are into the field they name
    art = db.execute("SELECT text FROM articles WHERE url = ?", [ARTICLES[1][0]]).fetchone()[0]
    start, end = db.execute("SELECT start, \"end\" FROM claims WHERE subject = 'Nvidia'").fetchone()
    assert art[start:end] == "4%"
    person = db.execute("SELECT name, title, firm FROM people").fetchall()
    assert person == [("Mary Major", "chief investment strategist", "Saxo Markets")]
    ticker = db.execute("SELECT ticker FROM entities WHERE name = 'Alibaba'").fetchone()[0]
    assert ticker == "9988.HK"


def test_rerun_is_a_no_op_and_kb_change_reprocesses(prepared_db, tmp_path, extractor):
    from news_sentiment.nlp.extract import Extractor
    from news_sentiment.pipeline.extract import run_extraction

    path, _ = prepared_db
    with copy_of_store(path, tmp_path) as copy:
        db = open_db(copy)
        n_claims = db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        again = run_extraction(db, extractor)
        assert again.articles == 0 and again.skipped == 2
        assert db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == n_claims
        kb2 = tmp_path / "kb"
        shutil.copytree(KB_DIR, kb2)
        with open(kb2 / "extra.yaml", "w") as fh:
            fh.write("entities:\n  - {name: Mary Major Fund, kind: organization}\n")
        other = Extractor.create(str(kb2))
        assert other.version != extractor.version
        redo = run_extraction(db, other)
        assert redo.articles == 2
        assert db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == n_claims  # replaced, not duplicated
        versions = {r[0] for r in db.execute("SELECT DISTINCT extractor_version FROM claims")}
        assert versions == {other.version}


def _run(args, **kw):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kw)


def test_claims_command_filters(prepared_db):
    path, _ = prepared_db
    res = _run(["claims", "--db", str(path), "--entity", "HSTECH", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows and {r["subject"] for r in rows} == {"Hang Seng Tech Index"}
    res = _run(["claims", "--db", str(path), "--entity", "Nvidia Corp.", "--metric", "return", "--since",
                "2025-03-01", "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].startswith("published,subject,metric,value")
    assert "Nvidia" in res.output
    res = _run(["claims", "--db", str(path), "--since", "2025-03-06", "--format", "json"])
    assert all(r["published"] >= "2025-03-06" for r in json.loads(res.output))
    res = _run(["claims", "--db", str(path), "--speaker", "Mary Major", "--format", "json"])
    rows = json.loads(res.output)
    assert [r["value"] for r in rows] == [15.0] and rows[0]["unit"] == "multiple"


@pytest.mark.parametrize("args, message", [
    (["--since", "2025-03-07", "--until", "2025-01-01"], "empty period: --since 2025-03-07 is after --until 2025-01-01"),
    (["--since", "2025-03-07garbage"], "not a date: '2025-03-07garbage'"),
])
def test_claims_refuse_bad_periods(prepared_db, args, message):
    path, _ = prepared_db
    res = CliRunner().invoke(cli, ["claims", "--db", str(path), *args])
    assert res.exit_code == 1 and message in res.output


def test_unknown_entity_suggests_close_matches(prepared_db):
    path, _ = prepared_db
    res = CliRunner().invoke(cli, ["claims", "--db", str(path), "--entity", "Hang Seng Tech Indx"])
    assert res.exit_code == 1
    assert "unknown entity 'Hang Seng Tech Indx'" in res.output
    assert "Did you mean: Hang Seng Tech Index" in res.output


def test_entities_and_strategists_commands(prepared_db):
    path, _ = prepared_db
    res = _run(["entities", "--db", str(path), "--kind", "index", "--format", "json"])
    names = {r["name"]: r for r in json.loads(res.output)}
    assert set(names) == {"Hang Seng Tech Index", "Nasdaq 100"}
    assert names["Hang Seng Tech Index"]["mentions"] == 2 and names["Nasdaq 100"]["ticker"] == "^NDX"
    res = _run(["strategists", "--db", str(path), "--format", "json"])
    rows = json.loads(res.output)
    assert rows[0]["name"] == "Mary Major" and rows[0]["quotes"] == 1 and rows[0]["firm"] == "Saxo Markets"
    assert rows[0]["last_seen"].startswith("2025-03-07")


@pytest.mark.both_stores
def test_extract_command_on_store(db_path):
    path = db_path
    db = open_db(path)
    _insert(db, *ARTICLES[1])
    db.close()
    res = _run(["extract", "--db", str(path), "--json"])
    report = json.loads(res.output)
    assert report["articles"] == 1 and report["claims"] == 2
    res = _run(["extract", "--db", str(path), "--json"])
    assert json.loads(res.output)["articles"] == 0


def test_extract_stdin_contract_and_bad_lines():
    lines = [
        json.dumps({"id": "a", "text": "Tencent Holdings Ltd. rose 2% on Friday.", "published": "2025-03-07"}),
        "{not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps([1, 2]),
        json.dumps({"id": "c", "text": "Alibaba fell 1.5%."}),
    ]
    res = CliRunner().invoke(cli, ["extract", "--stdin"], input="\n".join(lines) + "\n")
    assert res.exit_code == 0
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    a = out[0]
    assert a["entities"][0] == {"name": "Tencent", "kind": "company", "ticker": "0700.HK",
                                "text": "Tencent Holdings Ltd.", "start": 0, "end": 21}
    assert a["claims"][0]["value"] == 2 and a["claims"][0]["period_start"] == "2025-03-07"
    assert out[1]["claims"] == [] and out[1]["entities"] == []
    assert "line 2" in res.stderr and "line 4" in res.stderr


def test_m002_tables(db):
    cols = {t: {c.name for c in db[t].columns} for t in ("entities", "mentions", "people", "quotes", "claims",
                                                         "article_people", "extractions")}
    assert {"name", "kind", "ticker", "kb_id"} <= cols["entities"]
    assert {"value", "value_high", "unit", "currency", "comparator", "direction", "metric", "subject", "period_text",
            "period_start", "period_end", "speaker", "start", "end", "extractor_version"} <= cols["claims"]
    pk = [c.name for c in db["extractions"].columns if c.is_pk]
    assert pk == ["article_id", "content_hash", "extractor_version"]


def test_claims_entity_resolves_tickers_and_known_names_like_returns(prepared_db):
    path, _ = prepared_db
    by_name = _run(["claims", "--db", str(path), "--entity", "Nvidia", "--format", "json"]).output
    for query in ("NVDA", "$NVDA", "nvidia corporation"):
        assert _run(["claims", "--db", str(path), "--entity", query, "--format", "json"]).output == by_name
    assert {r["subject"] for r in json.loads(by_name)} == {"Nvidia"}
    # a company the knowledge base knows but no stored article mentions: no claims, not 'unknown'
    res = _run(["claims", "--db", str(path), "--entity", "Apple", "--format", "json"])
    assert json.loads(res.output) == []


def test_mentions_store_and_show_link_confidence(prepared_db):
    path, _ = prepared_db
    db = open_db(path)
    rows = db.execute("SELECT m.text, m.link, m.confidence FROM mentions m").fetchall()
    db.close()
    assert rows and all(0.0 <= conf <= 1.0 for _, _, conf in rows)
    assert ("Nvidia Corp.", "ruler", 1.0) in rows
    res = _run(["entities", "--db", str(path), "--kind", "index", "--format", "json"])
    assert {r["name"]: r["confidence"] for r in json.loads(res.output)}["Nasdaq 100"] == 1.0
