"""The unit stage on bare numbers: what a number counts when its noun is elsewhere in the sentence, levels and
ranges without a currency, and counted nouns that beat price words. Sentences written by us."""

from __future__ import annotations

import pytest

from news_sentiment.nlp import claim_rules
from news_sentiment.nlp.numbers import find_numbers
from news_sentiment.nlp.vocab import NotAClaim, Unit


def _claims(extractor, text, value):
    return [c for c in extractor.extract(text, None).claims if c.value == pytest.approx(value)]


def _one(extractor, text, value):
    found = _claims(extractor, text, value)
    assert len(found) == 1, [c.to_json() for c in extractor.extract(text, None).claims]
    return found[0]


@pytest.mark.parametrize("text, value, rule", [
    ("At the end of March the workforce stood at 41,200, Orvin Tools said.", 41200, "unit.count_noun_before"),
    ("Quantor Systems employs 4,000 and plans to add more next year.", 4000, "unit.count_noun_before"),
    ("Velder will raise staffing by about 2,500 to more than 9,000 by 2028.", 2500, "unit.count_noun_before"),
    ("Velder will raise staffing by about 2,500 to more than 9,000 by 2028.", 9000, "unit.count_noun_before"),
])
def test_a_bare_number_counts_the_noun_named_before_it(extractor, text, value, rule):
    c = _one(extractor, text, value)
    assert c.unit == Unit.COUNT
    assert rule in c.rules


@pytest.mark.parametrize("text, value", [
    ("Brimco said it would cut 1,300 jobs, including up to 700 in Norland.", 700),
    ("Brimco lowered its delivery target to 420,000 vehicles from 480,000.", 480000),
])
def test_a_bare_number_continues_the_count_before_it(extractor, text, value):
    c = _one(extractor, text, value)
    assert c.unit == Unit.COUNT
    assert "unit.count_continued" in c.rules or "unit.count_noun_before" in c.rules


def test_a_counted_noun_after_the_number_beats_a_price_word(extractor):
    c = _one(extractor, "Brimco cut its delivery target to 420,000 vehicles this year.", 420000)
    assert c.unit == Unit.COUNT and c.currency is None
    c = _one(extractor, "Aerolis set a target of around 650 commercial jets by 2030.", 650)
    assert c.unit == Unit.COUNT


def test_a_price_target_without_currency_is_still_money(extractor):
    c = _one(extractor, "Brokers set a target of 2,800 for Pelko Foods.", 2800)
    assert c.unit == Unit.CURRENCY


@pytest.mark.parametrize("text, value, unit", [
    ("Expect the Tarvo index to remain in a 9,450-9,560 range this week.", 9450, Unit.INDEX_POINTS),
    ("Traders see the Nifty crossing the 26,000-mark soon.", 26000, Unit.INDEX_POINTS),
    ("Watch the 410-415 band in Pelko Foods shares.", 410, Unit.CURRENCY),
])
def test_a_range_band_or_mark_is_a_level(extractor, text, value, unit):
    assert _one(extractor, text, value).unit == unit


@pytest.mark.parametrize("text, value, code", [
    ("Analysts see the baht in a 33-35 range next month.", 33, "THB"),
    ("Dealers see the rupee at 92-levels by June.", 92, "INR"),
])
def test_a_currency_level_is_in_that_currency(extractor, text, value, code):
    c = _one(extractor, text, value)
    assert (c.unit, c.currency) == (Unit.CURRENCY, code)


def test_an_index_level_written_with_a_scale_word_is_index_points(extractor):
    assert _one(extractor, "The Sensex could hit 1 lakh by the end of 2028.", 100000).unit == Unit.INDEX_POINTS
    assert _one(extractor, "Norland Motors sold 1.4 lakh scooters in May.", 140000).unit == Unit.COUNT


def test_a_number_before_a_participle_and_a_noun_counts_it(extractor):
    c = _one(extractor, "Velder says it screens 8,000 flagged parcels every day.", 8000)
    assert c.unit == Unit.COUNT


def test_a_money_word_between_the_count_noun_and_the_number_blocks_the_count(extractor):
    text = "Orvin employs 300 people and its order book stood at 4,500 in March."
    doc = extractor.nlp(text)
    x = next(n for n in find_numbers(text) if n.value == 4500)
    assert claim_rules.unit(text, x, 0, len(text), None, doc) is not Unit.COUNT


def test_a_bare_number_with_no_count_nearby_is_still_refused(extractor):
    text = "Tarvo Foods ranked 7 in the survey; see page 12."
    doc = extractor.nlp(text)
    x = next(n for n in find_numbers(text) if n.value == 12)
    assert claim_rules.unit(text, x, 0, len(text), None, doc) is NotAClaim.BARE


@pytest.mark.parametrize("text, value", [
    ("Eight of the 11 major Tarvo 500 sectors closed higher on Tuesday.", 11),
    ("Orvin was one of the 30 blue-chip stocks to fall.", 30),
])
def test_the_size_of_a_set_a_part_is_taken_from_is_not_a_claim(extractor, text, value):
    assert not _claims(extractor, text, value)
    doc = extractor.nlp(text)
    x = next(n for n in find_numbers(text) if n.value == value)
    assert claim_rules.unit(text, x, 0, len(text), None, doc) is NotAClaim.LIST_SIZE


def test_a_count_of_stocks_without_a_set_is_still_a_claim(extractor):
    assert _one(extractor, "The Orvin Value fund now holds 34 stocks after the review.", 34).unit == Unit.COUNT


@pytest.mark.parametrize("text, value, code", [
    ("The won weakened past 1,400 per dollar on Monday, touching a low of 1,412 before closing at 1,396.", 1396, "KRW"),
    ("The won weakened past 1,400 per dollar on Monday, touching a low of 1,412 before closing at 1,396.", 1412, "KRW"),
    ('"We think the dollar-yen peaked at 161 in May," said a strategist at Tarvo Securities.', 161, "JPY"),
])
def test_a_level_in_a_sentence_quoting_one_currency_is_in_that_currency(extractor, text, value, code):
    c = _one(extractor, text, value)
    assert (c.unit, c.currency) == (Unit.CURRENCY, code)
    assert "unit.fx_sentence" in c.rules


def test_an_index_level_in_a_currency_sentence_stays_index_points(extractor):
    text = "The rupee ended at 88.10 against the dollar while the Sensex closed at 81,000."
    assert _one(extractor, text, 81000).unit == Unit.INDEX_POINTS
    assert _one(extractor, text, 88.10).currency == "INR"


def test_a_count_of_the_workforce_or_of_jobs_is_headcount(extract):
    (staff,) = [c for c in extract("Talvik Freight said its workforce stood at 12,400 at the end of June.").claims
                if c.value == 12400]
    assert (staff.unit, staff.metric) == ("count", "headcount")
    (jobs,) = [c for c in extract("Morrow Glass will cut 300 jobs at its Ohio plant.").claims if c.value == 300]
    assert (jobs.unit, jobs.metric) == ("count", "headcount")
