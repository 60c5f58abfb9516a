"""Shared fixtures: temporary store per test, and ../shared access that skips when absent."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def shared_dir() -> Path:
    """The ../shared folder (real feeds, datasets, gold sets); skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}): real-data test skipped")
    return SHARED


STORES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``both_stores`` run once per store: their ``db_path`` (and ``db``) is an SQLite file, then a
    fresh PostgreSQL database (tests/pg.py)."""
    if metafunc.definition.get_closest_marker("both_stores") and "db_path" in metafunc.fixturenames:
        metafunc.parametrize("db_path", STORES, indirect=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str | None]:
    """A PostgreSQL server URL ($SENTIMENT_TEST_PG, else a throwaway local server), or skip saying why not."""
    from tests.pg import ENV, local_server

    if os.environ.get(ENV):
        yield os.environ[ENV]
        return
    try:
        with local_server() as url:
            yield url
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"PostgreSQL store tests skipped: {exc}")


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    from tests.pg import fresh_database

    with fresh_database(pg_server) as url:
        yield url


@contextmanager
def new_store(request: pytest.FixtureRequest, folder: Path, kind: str) -> Iterator[Path | str]:
    """A new store of ``kind`` ("sqlite": a file in ``folder``; "postgresql": a fresh database), for fixtures
    wider than one test (``db_path`` serves single tests)."""
    if kind == "postgresql":
        from tests.pg import fresh_database

        with fresh_database(request.getfixturevalue("pg_server")) as url:
            yield url
    else:
        yield folder / "s.db"


@contextmanager
def copy_of_store(store: Path | str, folder: Path) -> Iterator[Path | str]:
    """A copy of a closed store: the file copied, or a PostgreSQL database made from it as a template."""
    if isinstance(store, str) and store.startswith("postgresql://"):
        from urllib.parse import urlsplit

        from tests.pg import fresh_database, with_database

        with fresh_database(with_database(store, "postgres"), template=urlsplit(store).path.lstrip("/")) as url:
            yield url
    else:
        copy = folder / f"copy-{Path(store).name}"
        shutil.copy(store, copy)
        yield copy


@pytest.fixture
def db_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """The test's store: an SQLite file (default), or a PostgreSQL URL for ``both_stores`` tests' second run."""
    if getattr(request, "param", "sqlite") == "postgresql":
        return request.getfixturevalue("pg_url")
    return tmp_path / "test.db"


@pytest.fixture
def db(db_path: Path):
    from news_sentiment.store.db import open_db

    database = open_db(db_path)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs in its own folder with its own home and no inherited $SENTIMENT_DB."""
    monkeypatch.delenv("SENTIMENT_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


def use_test_kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yaml_text: str):
    """Write a test KB to a folder that $SENTIMENT_KB names, so every command loads it as the default KB, and
    return it loaded (patching ``load_kb`` would leak into modules that import it while patched)."""
    from news_sentiment.nlp.kb import load_kb

    folder = tmp_path / "test-kb"
    folder.mkdir()
    (folder / "kb.yaml").write_text(yaml_text, encoding="utf-8")
    monkeypatch.setenv("SENTIMENT_KB", str(folder))
    return load_kb(folder)
