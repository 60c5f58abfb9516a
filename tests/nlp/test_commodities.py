"""Commodities the KB knows (models/kb/products.yaml) and company names that end or start with one (issue 11,
round 16). Our own sentences and invented names."""

from __future__ import annotations

import pytest


def _found(extract, text: str) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.kind, m.kb_id) for m in extract(text).mentions]


@pytest.mark.parametrize("text,surface,kb_id", [
    ("Nickel jumped 4% on the LME as supply fears grew.", "Nickel", "nickel"),
    ("Iron ore futures slid 2% in Dalian.", "Iron ore futures", "iron-ore"),
    ("Spot palladium rose 1.2% to $1,050 an ounce.", "palladium", "palladium"),
    ("Wheat Prices Rise As Drought Hits Crops", "Wheat", "wheat"),
    ("Spot Gold hit a record as the dollar weakened.", "Gold", "gold"),
])
def test_a_commodity_is_linked(extract, text, surface, kb_id):
    assert any(t == surface and k == kb_id for t, _, k in _found(extract, text))


@pytest.mark.parametrize("text,name", [
    ("Corvath Zinc shares rose 3% as zinc prices climbed.", "Corvath Zinc"),
    ("Brewell Coffee posted a profit as arabica prices fell.", "Brewell Coffee"),
])
def test_a_company_named_for_its_commodity_stays_one_company(extract, text, name):
    found = _found(extract, text)
    assert (name, "company", None) in found
    assert not any(t == name.split()[-1] for t, _, _ in found)  # no commodity cut out of the name


def test_a_legal_form_keeps_a_firm_from_linking_to_a_commodity(extract):
    found = _found(extract, "Shares of Coffee Holding Co rose 5% on the results.")
    assert all(k != "coffee" for _, _, k in found)


def test_a_title_case_line_is_read_without_a_parser():
    import spacy

    from news_sentiment.nlp.pipeline import _title_case_line

    doc = spacy.blank("en")("Gold Suddenly Hammered By Strong Dollar")
    assert _title_case_line(doc, 0)
    assert not _title_case_line(spacy.blank("en")("Gold fell as the dollar firmed against the yen"), 0)
