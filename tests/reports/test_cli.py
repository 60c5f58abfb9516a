"""The `report` and `demo` commands: thin wrappers, Markdown on stdout, clear errors, idempotent demo."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli


def test_report_md_to_stdout(demo_db_path):
    res = CliRunner().invoke(cli, ["report", "--db", str(demo_db_path), "--week", "2025-W10", "--format", "md"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("# Markets in the news: 2025-W10")
    assert "| 7 titans (basket) | +6.6% | +22.1% |" in res.output


@pytest.mark.parametrize("week", ["2025-W10", "2025-W09", "2025-W08"])
def test_report_is_the_same_from_postgresql(demo_db_path, demo_pg_url, week):
    """The demo run into PostgreSQL gives the report SQLite gives, word for word."""
    reports = [CliRunner().invoke(cli, ["report", "--db", str(db), "--week", week, "--format", "md"])
               for db in (demo_db_path, demo_pg_url)]
    assert [r.exit_code for r in reports] == [0, 0], reports[1].output
    when = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?")  # when each demo ran and the report was made
    assert when.sub("T", reports[1].output) == when.sub("T", reports[0].output)


@pytest.mark.parametrize("args", [["claims", "--entity", "7 titans"], ["baskets", "--asof", "2025-03-07"],
                                  ["signals", "--entity", "Nvidia"], ["narratives"], ["entities"], ["strategists"],
                                  ["scores", "--entity", "Tencent"], ["claims", "--check", "--format", "json"],
                                  ["why", "5"],
                                  ["returns", "7 titans", "--start", "2025-01-01", "--end", "2025-03-07"],
                                  ["prices", "list"], ["link", "--entity", "Nvidia"]])
def test_commands_print_the_same_from_postgresql(demo_db_path, demo_pg_url, args):
    results = [CliRunner().invoke(cli, [*args, "--db", str(db)]) for db in (demo_db_path, demo_pg_url)]
    assert [r.exit_code for r in results] == [0, 0], results[1].output
    assert results[1].output == results[0].output


def test_report_writes_both_formats(demo_db_path, tmp_path):
    out = tmp_path / "reports"
    res = CliRunner().invoke(cli, ["report", "--db", str(demo_db_path), "--week", "2025-W09", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert f"wrote {out / '2025-W09.html'}" in res.output and f"wrote {out / '2025-W09.md'}" in res.output
    html = (out / "2025-W09.html").read_text(encoding="utf-8")
    assert "Markets in the news: 2025-W09" in html and "Tesla" not in html  # Tesla's claim was in W08


def test_report_default_folder_and_latest_week(demo_db_path, tmp_path):
    res = CliRunner().invoke(cli, ["report", "--db", str(demo_db_path), "--format", "html"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "reports" / "2025-W10.html").is_file()  # tests run in tmp_path (conftest chdir)


def test_report_bad_week_is_a_clear_error(demo_db_path):
    res = CliRunner().invoke(cli, ["report", "--db", str(demo_db_path), "--week", "March", "--format", "md"])
    assert res.exit_code == 1
    assert "Error: not an ISO week: 'March'" in res.output and "--week 2025-W10" in res.output


def test_report_on_empty_database_says_what_to_do(tmp_path):
    from news_sentiment.store.db import open_db

    open_db(tmp_path / "empty.db").close()
    res = CliRunner().invoke(cli, ["report", "--db", str(tmp_path / "empty.db"), "--format", "md"])
    assert res.exit_code == 1 and "no articles to report on" in res.output and "sentiment ingest" in res.output


def test_demo_rerun_does_no_duplicate_work(demo_run):
    result, folder = demo_run
    assert result.week == "2025-W10" and result.html and result.html.is_file()
    first = {s.name: s.status for s in result.steps}
    assert first["ingest"] == "done" and first["extract"] == "done" and first["check"] == "done"
    assert first["score"] in ("done", "unavailable")
    res = CliRunner().invoke(cli, ["demo", "--db", str(result.db_path), "--out", str(folder / "reports")])
    assert res.exit_code == 0, res.output
    for line in ("· ingest", "· prices", "· extract", "· check"):
        assert line in res.output
    assert "0 new articles" in res.output and "already extracted" in res.output and "Report for 2025-W10" in res.output and "Try next:" in res.output
    from news_sentiment.store.db import open_db

    db = open_db(result.db_path)
    try:
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 13
        assert db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0] == 12
    finally:
        db.close()
