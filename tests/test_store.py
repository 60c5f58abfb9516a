import os
import sqlite3
import stat

import pytest

from news_sentiment.errors import StoreError
from news_sentiment.store.db import open_db, schema_sql
from news_sentiment.store.migrations import MIGRATIONS
from news_sentiment.store.tx import transaction
from tests.conftest import FIXTURES


def test_schema_is_pinned(db):
    """Schema changes need a new migration AND an update of tests/fixtures/schema.sql."""
    assert schema_sql(db) == (FIXTURES / "schema.sql").read_text()


@pytest.mark.both_stores
def test_migrations_recorded_once_and_reopen_is_a_no_op(db_path):
    db = open_db(db_path)
    names = [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY id")]
    assert names == [name for name, _ in MIGRATIONS]
    db.close()
    db = open_db(db_path)
    assert db.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)


def test_wal_and_foreign_keys(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(StoreError):
        with transaction(db):
            db.execute("INSERT INTO article_sources (article_id, feed_id, first_seen) VALUES (999, 999, 'x')")


@pytest.mark.both_stores
def test_transaction_rolls_back_on_error(db):
    with pytest.raises(RuntimeError):
        with transaction(db):
            db.execute("INSERT INTO feeds (name, url) VALUES ('a', 'http://a.test')")
            raise RuntimeError("boom")
    assert db.execute("SELECT count(*) FROM feeds").fetchone()[0] == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_database_gives_clear_error(db_path):
    open_db(db_path).close()
    db_path.chmod(stat.S_IRUSR)
    with pytest.raises(StoreError) as info:
        db = open_db(db_path)
        with transaction(db):
            db.execute("INSERT INTO feeds (name, url) VALUES ('a', 'http://a.test')")
    assert "read-only" in str(info.value)


def test_read_only_database_via_uri_gives_clear_error(db_path):
    """Root ignores permissions, so open the file read-only through SQLite itself."""
    open_db(db_path).close()
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    db.path = str(db_path)
    with pytest.raises(StoreError) as info:
        with transaction(db):
            db.execute("INSERT INTO feeds (name, url) VALUES ('a', 'http://a.test')")
    assert "read-only" in str(info.value) and "--db" in info.value.hint


def test_locked_database_gives_clear_error(db_path):
    open_db(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        db = open_db(db_path, busy_timeout=0.2)
    except StoreError as exc:  # locked while applying pragmas
        assert "locked" in str(exc)
    else:
        with pytest.raises(StoreError) as info:
            with transaction(db):
                pass
        assert "locked" in str(info.value) and "another" in info.value.hint
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_missing_folder_gives_clear_error(tmp_path):
    with pytest.raises(StoreError) as info:
        open_db(tmp_path / "nope" / "x.db")
    assert "does not exist" in str(info.value)


def test_corrupt_file_gives_clear_error(tmp_path):
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as info:
        open_db(path)
    assert "not an SQLite file" in str(info.value) or "corrupt" in str(info.value)


def test_identity_migration_keeps_every_row_and_link(db_path, monkeypatch):
    """A store made before m006 (url UNIQUE, scores without content hash) keeps its articles, sources,
    search index and scores, and deleting an article still cascades."""
    import sqlite_utils

    from news_sentiment.store import migrations

    old = [(n, fn) for n, fn in MIGRATIONS if n < "m006"]
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    monkeypatch.setattr(migrations, "MIGRATIONS", old)
    migrations.apply_migrations(sqlite_utils.Database(conn))
    conn.execute("INSERT INTO feeds (id, name, url) VALUES (1, 'F', 'http://f.test/rss')")
    conn.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
                 "VALUES (7, 'https://n.test/a', 'Zinc rallies', '2025-03-07', '2025-03-07', 'Zinc rose.', "
                 "'summary', 'h7')")
    conn.execute("INSERT INTO article_sources VALUES (7, 1, 'g', '2025-03-07')")
    conn.execute("INSERT INTO article_sentiment VALUES (7, 'm', 'positive', 0, 0, 1, 1, 'now')")
    conn.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)

    db = open_db(db_path)
    assert db.execute("SELECT id, url, title FROM articles").fetchall() == [(7, "https://n.test/a", "Zinc rallies")]
    assert db.execute("SELECT content_hash FROM article_sentiment").fetchall() == [("h7",)]
    assert db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'zinc'").fetchall() == [(7,)]
    db.execute("INSERT INTO articles (url, title, published, fetched_at, text, text_method, content_hash) "
               "VALUES ('https://n.test/a', 'Another story, same link', 'x', 'x', 't', 'title', 'h8')")
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.execute("DELETE FROM articles WHERE id = 7")
    assert db.execute("SELECT count(*) FROM article_sources").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM article_sentiment").fetchone()[0] == 0


def test_band_migration_files_existing_originals(db_path, monkeypatch):
    import sqlite_utils

    from news_sentiment.articles import LSH_BANDS, minhash_signature, signature_to_bytes
    from news_sentiment.store import migrations
    from tests.feedkit import story

    conn = sqlite3.connect(db_path, isolation_level=None)
    monkeypatch.setattr(migrations, "MIGRATIONS", [(n, fn) for n, fn in MIGRATIONS if n < "m007"])
    migrations.apply_migrations(sqlite_utils.Database(conn))
    sig = signature_to_bytes(minhash_signature(story(1, 120)))
    for art_id, dup in ((1, None), (2, 1)):
        conn.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash, "
                     "minhash, duplicate_of) VALUES (?, ?, 'T', 'x', 'x', 't', 'import', ?, ?, ?)",
                     [art_id, f"https://n.test/{art_id}", f"h{art_id}", sig, dup])
    conn.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)
    db = open_db(db_path)
    assert db.execute("SELECT article_id, count(*) FROM minhash_bands GROUP BY article_id").fetchall() == [
        (1, LSH_BANDS)]  # the copy (duplicate_of set) is not an original
