"""The CLI over ingest, import and articles (click CliRunner)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from tests.feedkit import rss, story


@pytest.fixture
def runner():
    return CliRunner()


def write_feeds(tmp_path, *entries):
    lines = ["feeds:"] + [f"  - {{name: {name}, url: '{url}'}}" for name, url in entries]
    path = tmp_path / "feeds.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def local_feed(tmp_path):
    items = [{"title": "Hang Seng Tech jumps", "link": "https://x.test/hs", "summary": "The Hang Seng Tech Index rose.",
              "date": "Fri, 07 Mar 2025 08:00:00 GMT"},
             {"title": "Nasdaq slips", "link": "https://x.test/nq", "summary": "US tech stocks fell.",
              "date": "Mon, 03 Feb 2025 08:00:00 GMT"}]
    path = tmp_path / "saved.xml"
    path.write_bytes(rss(items, title="Saved feed"))
    return path


def test_every_command_has_help_with_an_example(runner):
    for command in ("ingest", "import", "articles"):
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output and "sentiment " + command in result.output


def test_ingest_local_feed_then_list_and_search(runner, tmp_path, local_feed):
    feeds = write_feeds(tmp_path, ("Saved", str(local_feed)))
    result = runner.invoke(cli, ["ingest", "--feeds", str(feeds), "--no-fulltext", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["totals"]["new"] == 2 and summary["ok"] is True
    assert (tmp_path / "sentiment.db").exists()  # default --db in the working folder

    result = runner.invoke(cli, ["articles", "--search", "Hang Seng", "--format", "json"])
    rows = json.loads(result.output)
    assert [r["title"] for r in rows] == ["Hang Seng Tech jumps"] and rows[0]["source"] == "Saved feed"

    result = runner.invoke(cli, ["articles", "--since", "2025-03-01", "--format", "csv"])
    assert result.output.splitlines()[0].startswith("id,published") and len(result.output.splitlines()) == 2

    result = runner.invoke(cli, ["articles", "--until", "2025-02-03", "--format", "json"])
    assert [r["title"] for r in json.loads(result.output)] == ["Nasdaq slips"]

    result = runner.invoke(cli, ["articles", "--feed", "Saved"])
    assert result.exit_code == 0 and "Nasdaq slips" in result.output


def test_ingest_table_summary_and_quiet(runner, tmp_path, local_feed):
    feeds = write_feeds(tmp_path, ("Saved", str(local_feed)), ("Gone", str(tmp_path / "gone.xml")))
    result = runner.invoke(cli, ["ingest", "--feeds", str(feeds), "--no-fulltext"])
    assert result.exit_code == 0
    assert "Ingest summary" in result.output and "1/2 ok" in result.output and "no such file" in result.output
    quiet = runner.invoke(cli, ["ingest", "--feeds", str(feeds), "--no-fulltext", "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_db_option_and_env(runner, tmp_path, local_feed, monkeypatch):
    feeds = write_feeds(tmp_path, ("Saved", str(local_feed)))
    monkeypatch.setenv("SENTIMENT_DB", str(tmp_path / "env.db"))
    assert runner.invoke(cli, ["ingest", "--feeds", str(feeds), "-q"]).exit_code == 0
    assert (tmp_path / "env.db").exists()
    assert runner.invoke(cli, ["ingest", "--feeds", str(feeds), "-q", "--db", str(tmp_path / "x.db")]).exit_code == 0
    assert (tmp_path / "x.db").exists()


def test_invalid_config_is_one_clear_message(runner, tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - name: A\n    link: https://a.test\n")
    result = runner.invoke(cli, ["ingest", "--feeds", str(path)])
    assert result.exit_code == 1
    assert "feeds.yaml:3: unknown feed key 'link'" in result.output and "Traceback" not in result.output


def test_all_feeds_failing_exits_non_zero(runner, tmp_path):
    feeds = write_feeds(tmp_path, ("Gone", str(tmp_path / "gone.xml")))
    result = runner.invoke(cli, ["ingest", "--feeds", str(feeds), "-q"])
    assert result.exit_code == 1 and "all 1 feeds failed" in result.output and "no such file" in result.output


def test_unknown_feed_filter_lists_known_feeds(runner, tmp_path, local_feed):
    runner.invoke(cli, ["ingest", "--feeds", str(write_feeds(tmp_path, ("Saved", str(local_feed)))), "-q"])
    result = runner.invoke(cli, ["articles", "--feed", "Nope"])
    assert result.exit_code == 1 and "unknown feed 'Nope'" in result.output and "Saved" in result.output


def test_corrupt_database_is_one_clear_message(runner, tmp_path):
    (tmp_path / "bad.db").write_bytes(b"garbage" * 1000)
    result = runner.invoke(cli, ["articles", "--db", str(tmp_path / "bad.db")])
    assert result.exit_code == 1 and "not an SQLite file" in result.output and "--db" in result.output


def test_import_jsonl_with_a_bad_line(runner, tmp_path):
    path = tmp_path / "archive.jsonl"
    rows = [{"url": "https://x.test/1?utm_source=a", "title": "One", "published": "2025-03-07T08:00:00Z",
             "text": story(1), "source": "Wire"},
            "{not json",
            {"title": "No url or date", "text": story(2)},
            {"url": "https://x.test/1", "title": "One", "text": story(1), "published": "2025-03-07"},
            {"published": "2025-03-07"}]
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    result = runner.invoke(cli, ["import", str(path), "--json"])
    assert result.exit_code == 3, result.output  # stored what it could, refused the rest
    report = json.loads(result.output.split("\n" + str(path))[0])
    assert (report["rows"], report["new"], report["duplicates"], report["refused"]) == (5, 1, 1, 3)
    assert report["dates_refused"] == 1
    assert "line 2: not valid JSON" in result.output and "line 5: row has neither title nor text" in result.output
    assert "line 3: missing date" in result.output and "--date-missing now" in result.output
    again = runner.invoke(cli, ["import", str(path), "--json", "--date-missing", "now"])
    report = json.loads(again.output.split("\n" + str(path))[0])
    assert (report["new"], report["dates_estimated"], report["refused"]) == (1, 1, 2)
    listed = json.loads(runner.invoke(cli, ["articles", "--format", "json"]).output)
    by_title = {r["title"]: r for r in listed}
    assert by_title["One"]["source"] == "Wire" and by_title["One"]["published"] == "2025-03-07T08:00:00+00:00"
    assert by_title["One"]["published_estimated"] == 0
    assert by_title["No url or date"]["published_estimated"] == 1


@pytest.mark.parametrize("published, problem", [
    ("not-a-date", "not a date"), ("2025-02-30", "impossible date"), ("1741336200", "a bare number is not a date"),
    ("05.03.2025", "ambiguous day and month"), ("Q4 2024 results", "not a date"), ("2999-01-01", "date in the future"),
])
def test_import_refuses_bad_dates_with_their_line(runner, tmp_path, published, problem):
    path = tmp_path / "export.csv"
    path.write_text("url,title,published,text\n"
                    "https://x.test/ok,Good row,2025-03-05,Body one.\n"
                    f'https://x.test/bad,Bad row,"{published}",Body two.\n')
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 3
    assert f"line 3: {problem}" in result.output and "1 new" in result.output and "1 refused (1 for their date)" in result.output
    listed = json.loads(runner.invoke(cli, ["articles", "--format", "json"]).output)
    assert [r["title"] for r in listed] == ["Good row"]


def test_import_dayfirst_reads_european_dates(runner, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("url,title,published,text\nhttps://x.test/e,Euro row,05.03.2025,Body.\n")
    assert runner.invoke(cli, ["import", str(path), "--dayfirst"]).exit_code == 0
    listed = json.loads(runner.invoke(cli, ["articles", "--format", "json"]).output)
    assert listed[0]["published"] == "2025-03-05T00:00:00+00:00"


def test_import_csv_without_a_published_column_is_refused_up_front(runner, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("url,title,text\nhttps://x.test/a,A,Body.\n")
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 1 and "no published column" in result.output and "--date-missing now" in result.output
    assert runner.invoke(cli, ["import", str(path), "--date-missing", "now"]).exit_code == 0


def test_import_csv_line_numbers_count_multiline_fields(runner, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('url,title,published,text\nhttps://x.test/a,A,2025-03-05,"two\nlines"\n'
                    "https://x.test/b,B,someday,Body.\n")
    result = runner.invoke(cli, ["import", str(path)])
    assert "line 4: not a date" in result.output


def test_import_csv(runner, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('url,title,published,text\nhttps://x.test/a,"Title, with comma",2025-03-05,"Body text here."\n')
    result = runner.invoke(cli, ["import", str(path), "--source", "Export"])
    assert result.exit_code == 0 and "1 new" in result.output


def test_import_missing_file(runner, tmp_path):
    result = runner.invoke(cli, ["import", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1 and "no such file" in result.output
