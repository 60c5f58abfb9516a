"""The demo corpus run once per session: every report test reads the same database."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory):
    """run_demo() into a session folder: (DemoResult, folder)."""
    from news_sentiment.demo import run_demo

    folder = tmp_path_factory.mktemp("demo")
    result = run_demo(folder / "demo.db", folder / "reports")
    return result, folder


@pytest.fixture(scope="session")
def demo_pg_url(pg_server: str, tmp_path_factory: pytest.TempPathFactory):
    """The same demo run into a PostgreSQL database (for tests comparing the two stores)."""
    from news_sentiment.demo import run_demo
    from tests.pg import fresh_database

    with fresh_database(pg_server) as url:
        run_demo(url, tmp_path_factory.mktemp("demo-pg") / "reports")
        yield url


@pytest.fixture(scope="session")
def demo_db_path(demo_run) -> Path:
    return demo_run[0].db_path


@pytest.fixture
def demo_db(demo_db_path: Path):
    from news_sentiment.store.db import open_db

    database = open_db(demo_db_path)
    yield database
    database.close()


@pytest.fixture
def scratch_db(demo_db_path: Path, tmp_path: Path):
    """A private copy of the demo database, free to change."""
    import shutil

    from news_sentiment.store.db import open_db

    src = open_db(demo_db_path)
    src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    src.close()
    copy = tmp_path / "scratch.db"
    shutil.copy(demo_db_path, copy)
    database = open_db(copy)
    yield database
    database.close()
