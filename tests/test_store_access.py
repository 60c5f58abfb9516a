"""Who may create a store, read-only stores, concurrent opens and one run of a kind at a time."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.errors import StoreError
from news_sentiment.store import db as store_db
from news_sentiment.store.db import OpenMode, open_db
from news_sentiment.store.locks import RunKind, run_lock
from news_sentiment.store.migrations import MIGRATIONS


@pytest.mark.parametrize("args", [
    ["articles"], ["claims"], ["entities"], ["strategists"], ["prices", "list"], ["baskets"],
    ["returns", "7 titans", "--start", "2025-01-01", "--end", "2025-02-01"], ["narratives"],
    ["report", "--format", "md"], ["score"], ["extract"],
])
def test_commands_refuse_a_database_that_does_not_exist(tmp_path, args):
    (tmp_path / "real.db").write_bytes(b"")
    result = CliRunner().invoke(cli, [*args, "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 1
    assert f"no database at {tmp_path / 'typo.db'}" in result.output
    assert "real.db" in result.output  # a nearby store is suggested
    assert not (tmp_path / "typo.db").exists()


def test_ingest_and_import_create_the_store(tmp_path):
    feeds = tmp_path / "feeds.yaml"
    saved = tmp_path / "feed.xml"
    saved.write_text("<rss version='2.0'><channel><title>T</title></channel></rss>")
    feeds.write_text(f"feeds:\n  - {{name: Saved, url: '{saved}'}}\n")
    CliRunner().invoke(cli, ["ingest", "--feeds", str(feeds), "--db", str(tmp_path / "a.db"), "-q"])
    assert (tmp_path / "a.db").is_file()
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"title": "T", "text": "Body.", "published": "2025-03-07"}\n')
    assert CliRunner().invoke(cli, ["import", str(rows), "--db", str(tmp_path / "b.db")]).exit_code == 0
    assert (tmp_path / "b.db").is_file()


def test_read_only_store_is_read_without_writing(db_path, monkeypatch):
    db = open_db(db_path)
    db.execute("INSERT INTO feeds (name, url) VALUES ('F', 'http://f.test/rss')")
    db.close()
    monkeypatch.setattr(store_db, "_writable", lambda path: False)  # as on a read-only mount (root ignores modes)
    ro = open_db(db_path, mode=OpenMode.READ)
    assert ro.execute("SELECT name FROM feeds").fetchall() == [("F",)]
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        ro.execute("INSERT INTO feeds (name, url) VALUES ('G', 'http://g.test/rss')")


def test_read_only_store_that_needs_an_upgrade_says_so(db_path, monkeypatch):
    open_db(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM _migrations WHERE name = ?", [MIGRATIONS[-1][0]])
    conn.commit()
    conn.close()
    monkeypatch.setattr(store_db, "_writable", lambda path: False)
    with pytest.raises(StoreError) as info:
        open_db(db_path, mode=OpenMode.READ)
    assert "needs a schema upgrade" in str(info.value) and "read-only" in str(info.value)


def _open_new_store(path: str) -> str:
    try:
        open_db(path).close()
        return "ok"
    except StoreError as exc:  # pragma: no cover - the failure this test guards against
        return str(exc)


def test_processes_opening_a_new_store_together_do_not_race_in_the_migrations(tmp_path):
    path = str(tmp_path / "new.db")
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.map(_open_new_store, [path] * 8)
    assert results == ["ok"] * 8
    names = [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM _migrations ORDER BY id")]
    assert names == [name for name, _ in MIGRATIONS]


@pytest.mark.both_stores
def test_a_second_run_of_a_kind_fails_at_once_naming_the_first(db_path):
    open_db(db_path).close()
    with run_lock(str(db_path), RunKind.INGEST):
        with pytest.raises(StoreError) as info:
            with run_lock(str(db_path), RunKind.INGEST, wait=0.2):
                pass
        assert "another ingest run is working on" in str(info.value) and "pid" in str(info.value)
        assert "--wait" in info.value.hint
        with run_lock(str(db_path), RunKind.EXTRACT):  # another kind may run alongside
            pass
    with run_lock(str(db_path), RunKind.INGEST):  # released
        pass


def test_second_ingest_fails_before_fetching_anything(tmp_path, httpserver):
    db_path = tmp_path / "s.db"
    open_db(db_path).close()
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - {{name: F, url: '{httpserver.url_for('/feed')}'}}\n")
    with run_lock(str(db_path), RunKind.INGEST):
        result = CliRunner().invoke(cli, ["ingest", "--feeds", str(feeds), "--db", str(db_path), "-q"])
    assert result.exit_code == 1 and "another ingest run is working on" in result.output
    assert len(httpserver.log) == 0
