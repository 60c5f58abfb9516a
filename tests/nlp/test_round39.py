"""Round 39: a level named by how long since it was seen ('15-month high') is never a subject; 'in couple of weeks'
is a time; a year or a month before a labour statistic dates it; a news feed's section tag ('$ECONX:') is no
entity (a fine's amount belongs to who is fined whatever the ranker prefers: in test_round34); on sentences we wrote
(invented companies)."""

from __future__ import annotations

import pytest


def test_a_price_target_still_goes_to_the_rated_company(claim_at):
    text = "Kestrel Bank raises price target on Harlow Textiles to Rs 410"
    assert claim_at(text, "410").subject == "Harlow Textiles"


@pytest.mark.parametrize("text, figure", [
    ("Rupiah touches 15-month high, ends at 14,020 per dollar", "14,020"),
    ("Brindle hits a fresh record low, closes at $3.10", "$3.10"),
])
def test_a_record_level_is_no_subject(claim_at, text, figure):
    subject = claim_at(text, figure).subject or ""
    assert "high" not in subject and "low" not in subject


@pytest.mark.parametrize("text, figure, period", [
    ("5,100 for the Sensex is not unlikely in couple of weeks: Ravi Menon", "5,100", "in couple of weeks"),
    ("2025 productivity advances to 9-year high of 1.7%", "1.7%", "2025"),
    ("$ECONX: November unemployment rate 4.9% vs 4.1% consensus", "4.9%", "November"),
])
def test_horizons_and_statistics_periods(claim_at, text, figure, period):
    assert claim_at(text, figure).period_text == period


@pytest.mark.parametrize("text", [
    "$SUMRX: Asian Markets Close: Nikkei +0.8%, Hang Seng +1.5%",
    "$ECONX: November unemployment rate 4.9% vs 4.1% consensus",
    "$COMDX: Gold rises 1% to $2,010 an ounce",
])
def test_a_feeds_section_tag_is_no_entity(extract, text):
    result = extract(text)
    assert not [m for m in result.mentions if m.text.lstrip("$") in ("SUMRX", "ECONX", "COMDX")]
    assert all(c.subject not in ("SUMRX", "ECONX", "COMDX") for c in result.claims)
