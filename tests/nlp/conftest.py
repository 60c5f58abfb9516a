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


@pytest.fixture
def claim_at(extract):
    """The claim of ``text`` whose quote holds the first place ``figure`` is written."""
    def run(text: str, figure: str):
        start = text.index(figure)
        return next(c for c in extract(text).claims if c.start <= start < c.end)
    return run


@pytest.fixture
def claim_of(extract):
    """The claim of ``text`` whose value is ``value`` (the values found shown when none is)."""
    def run(text: str, value: float):
        found = {c.value: c for c in extract(text).claims}
        assert value in found, sorted(found)
        return found[value]
    return run


@pytest.fixture
def recorded(extractor):
    """The subject candidates the ranker is offered for each figure of ``text``, by the figure's start (the rules
    decide while they are recorded; the shipped ranker is put back)."""
    from news_sentiment.training.subject_train import Recorder

    def run(text: str) -> dict:
        recorder, shipped = Recorder(), extractor.subject_ranker
        extractor.subject_ranker = recorder
        try:
            extractor.extract(text, None)
        finally:
            extractor.subject_ranker = shipped
        return recorder.seen

    return run


@pytest.fixture
def ranker_candidates(recorded):
    """The candidates of the figure starting at ``figure`` in ``text``."""
    def run(text: str, figure: str) -> list:
        return recorded(text)[text.index(figure)]

    return run


@pytest.fixture
def with_ents(extractor):
    """(text, kind) of link_entities over a text parsed by the pipeline, with NER's entities replaced by ``ents``
    (token start, end, label): what the linking rules do with a given NER answer, whatever the model says."""
    from spacy.tokens import Span

    from news_sentiment.nlp.entities import link_entities

    def run(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
        with extractor.nlp.select_pipes(disable=["entity_links", "claims"]):
            doc = extractor.nlp(text)
        doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
        return [(m.text, m.kind) for m in link_entities(doc, extractor.kb)]

    return run


@pytest.fixture(params=["rules", "ranker"])
def subjects(request, extractor):
    """(value, subject) of each claim, with the rules alone or with the shipped subject ranker."""
    shipped = extractor.subject_ranker
    if request.param == "ranker" and shipped is None:
        pytest.skip("no subject model shipped")
    extractor.subject_ranker = shipped if request.param == "ranker" else None

    def run(text: str) -> list[tuple[float, str | None]]:
        return [(c.value, c.subject) for c in extractor.extract(text, "2025-03-07").claims]

    yield run
    extractor.subject_ranker = shipped
