"""Fixtures for extraction tests: the real spaCy pipeline is loaded once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def extractor():
    from news_sentiment.errors import ModelError
    from news_sentiment.nlp.extract import Extractor

    try:
        return Extractor.create()
    except (OSError, ModelError) as exc:  # pragma: no cover - only a missing model skips; any other error fails
        pytest.skip(f"spaCy model unavailable: {exc}")


@pytest.fixture
def extract(extractor):
    def run(text: str, published: str | None = "2025-03-07"):
        return extractor.extract(text, published)

    return run
