"""Shared fixtures: temporary store per test, and ../shared access that skips when absent."""

from __future__ import annotations

import os
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


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
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
