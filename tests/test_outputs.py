"""Output conventions of every command that offers --format json/csv, on one small store written here:
the same columns in JSON and CSV, strict JSON (no NaN/Infinity, no 'nan' strings), a final newline,
percentages in percent points in columns named *_pct."""

from __future__ import annotations

import csv
import io
import json
import math

import click
import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.cli.main import clean_value, print_rows

# Arguments each command needs to print rows on the store below; a new command offering json and csv
# fails test_every_json_csv_command_is_covered until it is added here.
COMMAND_ARGS: dict[tuple[str, ...], list[list[str]]] = {
    ("articles",): [[], ["--text"]],
    ("baskets",): [["--asof", "2025-03-07"]],
    ("claims",): [[], ["--check"]],
    ("entities",): [[]],
    ("narratives",): [["--no-update"]],
    ("prices", "list"): [[]],
    ("scores",): [[], ["--freq", "D"], ["--entity", "Hang Seng Tech Index"]],
    ("returns",): [["Hang Seng Tech Index", "--start", "2025-03-03", "--end", "2025-03-07"],
                   ["7 titans", "--start", "2025-03-03", "--end", "2025-03-07"]],  # members without prices
    ("signals",): [["--entity", "Hang Seng Tech Index"], ["--entity", "HSTECH", "--freq", "W"]],
    ("strategists",): [[]],
}
MISSING_MARKERS = {"nan", "NaN", "inf", "-inf", "Infinity", "-Infinity", "None", "NaT", "<NA>"}

HSTECH = [("2025-02-28", 5000.0), ("2025-03-03", 5100.0), ("2025-03-04", 5050.0), ("2025-03-07", 5500.0)]
ALIBABA = [("2025-02-28", 120.0), ("2025-03-07", 138.0)]


def json_text_commands() -> list[tuple[str, ...]]:
    found = []

    def walk(group: click.Group, prefix: tuple[str, ...]) -> None:
        for name, cmd in sorted(group.commands.items()):
            if isinstance(cmd, click.Group):
                walk(cmd, (*prefix, name))
                continue
            fmt = next((p for p in cmd.params if p.name == "fmt"), None)
            if fmt is not None and {"json", "csv"} <= set(getattr(fmt.type, "choices", ())):
                found.append((*prefix, name))

    walk(cli, ())
    return found


@pytest.fixture
def store(db_path, tmp_path):
    from news_sentiment.pipeline.prices import import_prices
    from news_sentiment.store.db import open_db

    db = open_db(db_path)
    for i, (day, title) in enumerate([("2025-03-05", "Tech rally [bold]grows[/bold]"), ("2025-03-06", "Quiet day"),
                                      ("2025-03-07", "Hang Seng Tech index jumps")], start=1):
        db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, 'import', ?)",
                   [i, f"https://ex.com/{i}", title, f"{day}T10:00:00+00:00", f"{day}T11:00:00+00:00",
                    f"{title}. The index gained about 10% this week.", f"h{i}"])
    db.execute("INSERT INTO entities (id, name, kind, ticker, kb_id) VALUES "
               "(1, 'Hang Seng Tech Index', 'index', 'HSTECH', 'hang-seng-tech-index')")
    db.execute("INSERT INTO mentions (article_id, entity_id, field, text, start, \"end\", link, extractor_version) "
               "VALUES (3, 1, 'title', 'Hang Seng Tech', 0, 14, 'kb', 'v')")
    db.execute("INSERT INTO people (id, name, title, firm, first_seen, last_seen) VALUES "
               "(1, 'Jane Roe', 'chief strategist', 'Acme Bank', '2025-03-07', '2025-03-07')")
    db.execute("INSERT INTO quotes (article_id, person_id, speaker, title, firm, text, field, start, \"end\", "
               "extractor_version) VALUES (3, 1, 'Jane Roe', 'chief strategist', 'Acme Bank', 'Up we go', 'text', 0, 8, 'v')")
    claim = ("INSERT INTO claims (article_id, value, value_high, unit, currency, comparator, direction, metric, subject, "
             "entity_id, period_text, period_start, period_end, quote, field, start, \"end\", published, "
             "extractor_version) VALUES (3, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'The index gained about 10% this week.', "
             "'text', 0, 10, '2025-03-07T10:00:00+00:00', 'v')")
    db.execute(claim, [10.0, "percent", None, "about", "up", "return", "Hang Seng Tech Index", 1, "this week",
                       "2025-03-03", "2025-03-07"])
    db.execute(claim, [1.5e9, "currency", "USD", None, None, "revenue", "Acme", None, None, None, None])
    db.execute("INSERT INTO narratives (id, name, source, updated_at) VALUES ('ai', 'AI boom', 'config', 'now'), "
               "('trade', 'Trade war', 'config', 'now')")
    week = ("INSERT INTO narrative_weeks (narrative_id, week, articles, article_share, sentences, sentence_share, "
            "sentiment, sentiment_n, entities, baskets, shift, shift_history) VALUES (?, '2025-W10', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    db.execute(week, ["ai", 1, 1 / 3, 1, 1 / 7, None, 0, '["Hang Seng Tech Index"]', '["7 titans"]', None, 2])
    db.execute(week, ["trade", 2, 2 / 3, 3, 0.1 + 0.2, 0.1 + 0.2, 2, "[]", "[]", 1.23456789, 6])
    for i, probs in ((1, (0.1, 0.2, 0.7)), (3, (0.05, 0.15, 0.8))):
        db.execute("INSERT INTO article_sentiment (article_id, model, label, negative, neutral, positive, sentences, "
                   "scored_at) VALUES (?, 'm1', 'positive', ?, ?, ?, 2, 'now')", [i, *probs])
    db.execute("INSERT INTO entity_sentiment (article_id, entity, model, label, negative, neutral, positive, sentences, "
               "scored_at) VALUES (3, 'Hang Seng Tech Index', 'm1', 'positive', 0.1, 0.1, 0.8, 1, 'now')")
    (tmp_path / "prices.csv").write_text("date,ticker,close\n" + "".join(
        f"{d},{t},{c}\n" for t, series in (("HSTECH", HSTECH), ("9988.HK", ALIBABA)) for d, c in series))
    import_prices(db, tmp_path / "prices.csv")
    db.close()
    return db_path


def test_every_json_csv_command_is_covered():
    assert set(json_text_commands()) == set(COMMAND_ARGS)


def _walk_values(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk_values(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk_values(v)
    else:
        yield value


def _strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"JSON carries {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("command, args", [(c, a) for c, runs in COMMAND_ARGS.items() for a in runs],
                         ids=lambda v: " ".join(v) if isinstance(v, (tuple, list)) else str(v))
def test_json_and_csv_agree_and_are_clean(store, command, args):
    runner = CliRunner()
    out = {}
    for fmt in ("json", "csv"):
        res = runner.invoke(cli, [*command, *args, "--format", fmt, "--db", str(store)])
        assert res.exit_code == 0, res.output
        assert res.stdout.endswith("\n"), f"{fmt} lacks a final newline"
        out[fmt] = res.stdout
    rows = _strict_json(out["json"])
    assert isinstance(rows, list) and rows, "the store should give every command at least one row"
    for value in _walk_values(rows):
        assert not (isinstance(value, str) and value in MISSING_MARKERS), f"missing value written as {value!r}"
        assert not (isinstance(value, float) and not math.isfinite(value))
    table = list(csv.reader(io.StringIO(out["csv"])))
    header, body = table[0], table[1:]
    assert [list(r) for r in rows] == [header] * len(rows), "JSON and CSV columns differ"
    assert len(body) == len(rows)
    assert not {cell for line in body for cell in line} & MISSING_MARKERS
    for column in header:
        if column.endswith("_pct"):
            for row in rows:
                v = row[column]
                assert v is None or round(v, 2) == v  # percent points, two decimals
    # fraction columns of old are gone: a percentage always says its unit
    assert not {"ytd", "day", "return", "article_share", "sentence_share", "mean_ar", "car"} & set(header)


def test_percent_points_in_every_return_output(store):
    runner = CliRunner()
    db = ["--db", str(store)]
    baskets = {r["name"]: r for r in json.loads(runner.invoke(cli, ["baskets", "--asof", "2025-03-07", "--format",
                                                                    "json", *db]).stdout)}
    assert baskets["Hang Seng Tech Index"]["week_pct"] == round(100 * (5500 / 5000 - 1), 2) == 10.0
    returns = json.loads(runner.invoke(cli, ["returns", "7 titans", "--start", "2025-03-03", "--end", "2025-03-07",
                                             "--format", "json", *db]).stdout)
    by = {r["ticker"]: r for r in returns}
    assert by["9988.HK"]["return_pct"] == 15.0 and by["9988.HK"]["base_close"] == 120.0
    assert by["0700.HK"]["return_pct"] is None and by["0700.HK"]["base_date"] is None
    claims = json.loads(runner.invoke(cli, ["claims", "--check", "--format", "json", *db]).stdout)
    checked = next(c for c in claims if c["metric"] == "return")
    assert checked["unit"] == "percent" and checked["actual_unit"] == "percent"
    assert checked["actual"] == pytest.approx(10.0)  # also percent points, as the claim's value
    narratives = {r["narrative"]: r for r in json.loads(runner.invoke(
        cli, ["narratives", "--no-update", "--format", "json", *db]).stdout)}
    assert narratives["AI boom"]["article_share_pct"] == 33.33 and narratives["AI boom"]["sentiment"] is None
    assert narratives["Trade war"]["sentence_share_pct"] == 30.0 and narratives["Trade war"]["sentiment"] == 0.3
    assert narratives["Trade war"]["shift"] == 1.23
    csv_text = runner.invoke(cli, ["narratives", "--no-update", "--format", "csv", *db]).stdout
    assert "0.30000000000000004" not in csv_text and ",33.33," in csv_text


def test_table_shows_percent_and_data_not_markup(store):
    runner = CliRunner()
    table = runner.invoke(cli, ["baskets", "--asof", "2025-03-07", "--db", str(store)], env={"COLUMNS": "200"})
    assert "10.00%" in table.stdout and "week_pct" in table.stdout
    articles = runner.invoke(cli, ["articles", "--db", str(store)], env={"COLUMNS": "200"})
    assert "[bold]grows[/bold]" in articles.stdout


def test_clean_value_and_print_rows(capsys):
    import numpy as np
    import pandas as pd

    assert clean_value(float("nan")) is None and clean_value(np.float64("inf")) is None
    assert clean_value(pd.NaT) is None and clean_value(pd.NA) is None and clean_value(np.int64(3)) == 3
    assert clean_value(0.1 + 0.2) == 0.3 and clean_value([1.0, float("nan")]) == [1.0, None]
    print_rows([{"a": float("nan"), "b_pct": 12.3456, "c": ["x", "y"], "extra": 1}], "json", ["a", "b_pct", "c"])
    assert json.loads(capsys.readouterr().out) == [{"a": None, "b_pct": 12.35, "c": ["x", "y"]}]
    print_rows([{"a": float("nan"), "b_pct": 12.3456, "c": ["x", "y"]}], "csv", ["a", "b_pct", "c"])
    assert capsys.readouterr().out.splitlines() == ["a,b_pct,c", ",12.35,x; y"]
