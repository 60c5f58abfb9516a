"""A claim's subject is stored as the text writes it; the knowledge-base entity it is about is found by KB id, so
`claims --entity`, the checks against prices and the listing keep working whatever the spelling. No NLP model."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.records import Claim, Extraction, Mention
from news_sentiment.pipeline.claims import check_stored_claims
from news_sentiment.store.db import open_db
from news_sentiment.store.extraction import query_claims, save_extraction
from tests.analysis.test_forecast_checks import KB_YAML, price_frame

pytestmark = pytest.mark.both_stores

TEXT = "The R&R basket rose about 10% in the second quarter, while Lumen Rail's margin was 4%."


@pytest.fixture
def store(db_path, tmp_path, monkeypatch):
    """One article whose claims name the basket 'R&R basket' (KB: Rails and Rocks) and Lumen Rail; prices to June."""
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "test.yaml").write_text(KB_YAML)
    monkeypatch.setenv("SENTIMENT_KB", str(kb))
    db = open_db(db_path)
    db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
               "VALUES (1, 'https://n.test/1', 't', '2025-07-01T09:00:00+00:00', 'x', ?, 'import', 'h1')", [TEXT])
    basket = TEXT.index("R&R basket")
    rail = TEXT.index("Lumen Rail")
    ext = Extraction(
        mentions=[Mention("Rails and Rocks", "basket", None, "R&R basket", basket, basket + 10,
                          kb_id="rails-and-rocks"),
                  Mention("Lumen Rail", "company", "LMR", "Lumen Rail's", rail, rail + 12, kb_id="lumen-rail")],
        claims=[Claim(value=10, unit="percent", start=25, end=28, quote="about 10%", comparator="about",
                      direction="up", metric="return", subject="R&R basket", subject_entity="Rails and Rocks",
                      subject_id="rails-and-rocks", period_text="in the second quarter", period_start="2025-04-01",
                      period_end="2025-06-30"),
                Claim(value=4, unit="percent", start=86, end=88, quote="was 4%", metric="margin",
                      subject="Lumen Rail", subject_entity="Lumen Rail", subject_id="lumen-rail")])
    save_extraction(db, {"id": 1, "published": "2025-07-01T09:00:00+00:00", "content_hash": "h1"}, ext, "test")
    for row in price_frame().itertuples():
        db.execute("INSERT INTO prices (ticker, date, close, currency) VALUES (?, ?, ?, 'USD')",
                   [row.ticker, row.date, row.close])
    yield db
    db.close()


def test_claims_of_an_entity_are_found_by_kb_id_whatever_the_spelling(store):
    rows = query_claims(store, entity="Rails and Rocks")
    assert [(r["subject"], r["subject_entity"], r["subject_id"]) for r in rows] == [
        ("R&R basket", "Rails and Rocks", "rails-and-rocks")]
    assert [r["subject"] for r in query_claims(store, entity="LMR")] == ["Lumen Rail"]  # by ticker, as before


def test_a_claim_as_written_is_checked_against_its_entitys_prices(store):
    results = {c["subject"]: r for c, r in check_stored_claims(store)}
    basket = results["R&R basket"]  # 'R&R basket' is no name or alias of the KB: the id decides
    assert basket.status == "confirmed" and basket.actual == pytest.approx(10.0)
    assert results["Lumen Rail"].status == "unverifiable"  # a margin is not a price move
