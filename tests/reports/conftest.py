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
def demo_db_path(demo_run) -> Path:
    return demo_run[0].db_path


@pytest.fixture
def demo_db(demo_db_path: Path):
    from news_sentiment.store.db import open_db

    database = open_db(demo_db_path)
    yield database
    database.close()
