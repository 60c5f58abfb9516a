"""What only the PostgreSQL store has: its pinned schema, connection errors that say what to fix, `serve`
refusing it, and several ingest processes writing one database at once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.errors import StoreError
from news_sentiment.store.backend import display_url, pg_store_error
from news_sentiment.store.db import open_db, schema_sql
from news_sentiment.store.migrations import MIGRATIONS
from tests.conftest import FIXTURES
from tests.feedkit import rss, story
from tests.pg import fresh_database, with_database

ROOT = Path(__file__).resolve().parents[1]


def _cli(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_pg_schema_is_pinned(pg_url):
    """Schema changes need a new migration AND an update of tests/fixtures/schema_pg.sql."""
    db = open_db(pg_url)
    assert schema_sql(db) == (FIXTURES / "schema_pg.sql").read_text()
    db.close()


def test_reopen_applies_nothing_and_records_every_migration_once(pg_url):
    open_db(pg_url).close()
    db = open_db(pg_url)
    counts = db.execute("SELECT count(*), count(DISTINCT name) FROM _migrations").fetchone()
    assert counts == (len(MIGRATIONS), len(MIGRATIONS))


def test_unreachable_server_is_one_line_saying_what_to_fix(pg_server):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = _cli("articles", "--db", f"postgresql://someone@127.0.0.1:{port}/news")
    assert res.exit_code == 1
    assert "cannot reach the PostgreSQL server" in res.stderr and "pg_isready" in res.stderr
    assert len([line for line in res.stderr.splitlines() if line.startswith("Error")]) == 1


def test_database_that_does_not_exist(pg_server):
    res = _cli("articles", "--db", with_database(pg_server, "no_such_news_db"))
    assert res.exit_code == 1 and "does not exist" in res.stderr and "createdb" in res.stderr


def test_wrong_password(pg_server):
    parts = urlsplit(pg_server)
    url = f"postgresql://{parts.username}:not-the-password@{parts.hostname}:{parts.port}/postgres"
    try:
        open_db(url).close()
    except StoreError as exc:
        assert "refused the login" in str(exc) and "password" in exc.hint
        assert "not-the-password" not in str(exc)  # never echo a password
    else:
        pytest.skip("this server trusts TCP logins (no password check)")


def test_password_errors_are_classified_and_hidden():
    import psycopg

    exc = psycopg.OperationalError('connection failed: FATAL:  password authentication failed for user "ana"')
    err = pg_store_error(exc, display_url("postgresql://ana:s3cret@db.test:5432/news"))
    assert "refused the login" in str(err) and "s3cret" not in str(err) and "password" in err.hint


def test_user_without_create_permission_gets_a_hint_and_nothing_half_written(pg_url):
    import psycopg

    name = urlsplit(pg_url).path.lstrip("/")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS sentiment_reader")
        conn.execute("CREATE ROLE sentiment_reader LOGIN PASSWORD 'reader-pw'")
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    parts = urlsplit(pg_url)
    url = f"postgresql://sentiment_reader:reader-pw@{parts.hostname}:{parts.port}/{name}"
    try:
        res = _cli("articles", "--db", url)
        assert res.exit_code == 1 and "no permission" in res.stderr and "GRANT" in res.stderr
        with psycopg.connect(pg_url) as conn:
            tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
        assert tables == 0
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("DROP ROLE sentiment_reader")


def test_serve_says_what_to_use_for_postgresql(pg_url):
    res = _cli("serve", "--db", pg_url, "--dry-run")
    assert res.exit_code == 1 and "PostgreSQL" in res.stderr and "psql" in res.stderr


def _feeds(tmp_path: Path, n_feeds: int, n_items: int) -> Path:
    """Local feed files; every item appears in two feeds (the same story syndicated)."""
    lines = ["feeds:"]
    for f in range(n_feeds):
        items = [{"title": f"Story {i} of the day", "link": f"https://news.test/{i}", "summary": story(i, 60),
                  "date": "Fri, 07 Mar 2025 08:00:00 GMT"} for i in range(f * n_items // 2, f * n_items // 2 + n_items)]
        path = tmp_path / f"feed{f}.xml"
        path.write_bytes(rss(items, title=f"Feed {f}"))
        lines.append(f"  - {{name: F{f}, url: '{path.as_uri()}'}}")
    (tmp_path / "feeds.yaml").write_text("\n".join(lines) + "\n")
    return tmp_path / "feeds.yaml"


_INGEST = """
import sys
from news_sentiment.config import load_feeds
from news_sentiment.ingest import IngestOptions, ingest_feeds
from news_sentiment.store.db import open_db
db = open_db(sys.argv[1])
ingest_feeds(db, load_feeds(sys.argv[2]), IngestOptions(fulltext=False, workers=2))
"""


@pytest.mark.slow
def test_four_ingest_processes_at_once_store_every_item_once(pg_url, tmp_path):
    """No run lock here (library calls): the writers' turns alone keep the dedup right."""
    feeds = _feeds(tmp_path, 4, 20)  # 4 feeds x 20 items, half of each shared with the next: 50 stories
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    procs = [subprocess.Popen([sys.executable, "-c", _INGEST, pg_url, str(feeds)], env=env, stderr=subprocess.PIPE)
             for _ in range(4)]
    errors = [p.communicate(timeout=300)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, errors
    db = open_db(pg_url)
    assert db.execute("SELECT count(*), count(DISTINCT content_hash) FROM articles").fetchone() == (50, 50)
    assert db.execute("SELECT count(*) FROM article_sources").fetchone()[0] == 80


@pytest.mark.slow
def test_four_ingest_commands_queue_with_wait(pg_url, tmp_path):
    feeds = _feeds(tmp_path, 2, 10)
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    cmd = [sys.executable, "-m", "news_sentiment", "ingest", "--db", pg_url, "--feeds", str(feeds), "--no-fulltext",
           "--wait", "120", "-q"]
    procs = [subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE) for _ in range(4)]
    errors = [p.communicate(timeout=300)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, errors
    res = _cli("articles", "--db", pg_url, "--format", "json", "--limit", "100")
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.stdout)) == 15


def test_sentiment_db_may_name_a_postgresql_store(pg_url, tmp_path, monkeypatch):
    feeds = _feeds(tmp_path, 1, 4)
    monkeypatch.setenv("SENTIMENT_DB", pg_url)
    res = _cli("ingest", "--feeds", str(feeds), "--no-fulltext", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["totals"]["new"] == 4
    res = _cli("articles", "--search", '"Story 2"', "--format", "json")
    assert [r["title"] for r in json.loads(res.stdout)] == ["Story 2 of the day"]
    assert not list(tmp_path.glob("*.db"))  # nothing written beside it


def test_fetch_threads_look_up_through_a_connection_pool(pg_url):
    """On PostgreSQL the fetch threads' look-ups borrow pooled connections and run at the same time (on SQLite
    one read connection serves them in turn); answers are the same as from the main connection."""
    from concurrent.futures import ThreadPoolExecutor

    from news_sentiment.store.articles import ArticleStore
    from news_sentiment.store.backend import PgReadPool

    db = open_db(pg_url)
    db.execute("INSERT INTO feeds (name, url) VALUES (?, ?)", ["f", "https://news.test/feed"])
    db.execute("INSERT INTO articles (url, title, published, fetched_at, text_method, content_hash) "
               "VALUES (?, 'A', '2026-01-02T00:00:00+00:00', '2026-01-02T00:00:00+00:00', 'summary', 'h1')",
               ["https://news.test/a"])
    store = ArticleStore(db)
    try:
        assert isinstance(store._reader, PgReadPool)
        with ThreadPoolExecutor(4) as pool:  # four slow look-ups at once need four connections
            list(pool.map(lambda _: store._reader.execute("SELECT pg_sleep(0.3)").fetchall(), range(4)))
        assert store._reader._pool.get_stats()["pool_size"] >= 2
        with ThreadPoolExecutor(8) as pool:
            known = list(pool.map(lambda u: store.is_known(u), ["https://news.test/a", "https://news.test/b"] * 8))
        assert known == [True, False] * 8
        assert store._reader.execute("SELECT name FROM feeds WHERE url = ?", ["https://news.test/feed"]
                                     ).fetchone() == ("f",)
    finally:
        store.close()
        db.close()


def test_a_write_transaction_reads_its_own_queued_writes(pg_url):
    """Writes inside a transaction are pipelined (no wait for each answer); a look-up after them still sees them,
    with its description, rowcount and the id an INSERT gave back."""
    from news_sentiment.store.tx import transaction

    db = open_db(pg_url)
    with transaction(db):
        first = db.execute("INSERT INTO feeds (name, url) VALUES (?, ?)", ["a", "https://news.test/a"]).lastrowid
        db.execute("INSERT INTO feeds (name, url) VALUES (?, ?)", ["b", "https://news.test/b"])
        db.execute("UPDATE feeds SET name = 'B' WHERE url = ?", ["https://news.test/b"])
        cursor = db.execute("SELECT id, name FROM feeds ORDER BY id")
        assert [d[0] for d in cursor.description] == ["id", "name"]
        assert cursor.fetchall() == [(first, "a"), (first + 1, "B")]
        assert db.execute("DELETE FROM feeds WHERE name = 'B'").rowcount == 1
    assert db.execute("SELECT name FROM feeds").fetchall() == [("a",)]
    db.close()


def test_a_queued_statement_that_fails_rolls_the_whole_transaction_back(pg_url):
    """A failing write nobody reads back surfaces at commit as a StoreError; nothing of the transaction stays and
    the connection works afterwards."""
    from news_sentiment.store.tx import transaction

    db = open_db(pg_url)
    with pytest.raises(StoreError, match="duplicate key"):
        with transaction(db):
            db.execute("INSERT INTO feeds (id, name, url) VALUES (7, 'a', 'https://news.test/a')")
            db.execute("INSERT INTO feeds (id, name, url) VALUES (7, 'b', 'https://news.test/b')")
    assert not db.in_transaction
    assert db.execute("SELECT count(*) FROM feeds").fetchone()[0] == 0
    with transaction(db):
        db.execute("INSERT INTO feeds (name, url) VALUES ('c', 'https://news.test/c')")
    assert db.execute("SELECT name FROM feeds").fetchall() == [("c",)]
    db.close()


def test_ingesting_the_same_feeds_again_stores_nothing_new(pg_url, tmp_path):
    """Re-ingest on PostgreSQL: every look-up must see the rows the first run committed."""
    feeds = _feeds(tmp_path, 3, 6)  # 3 feeds x 6 items, half of each shared with the next: 12 stories
    first = _cli("ingest", "--db", pg_url, "--feeds", str(feeds), "--no-fulltext", "--json")
    again = _cli("ingest", "--db", pg_url, "--feeds", str(feeds), "--no-fulltext", "--json")
    assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
    assert json.loads(first.stdout)["totals"]["new"] == 12
    assert json.loads(again.stdout)["totals"]["new"] == 0
    db = open_db(pg_url)
    assert db.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone() == (12, 12)
    assert db.execute("SELECT count(*) FROM article_sources").fetchone()[0] == 18
    db.close()
