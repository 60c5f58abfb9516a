"""Round 35: a level held below or above a threshold has no direction, money raised under a programme is no move,
an exchange ratio is a deal's terms, a funding round named after its amount is a share sale, a return named after
its figure is a return, a code in brackets after a name is that name's wherever the code is written (a cashtag
before it too), and no subject is a phrase around the figure itself; on sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.vocab import Direction, Metric



@pytest.mark.parametrize("text, figure", [
    ("Gold holds below $2,300 on easing dollar", "2,300"),
    ("Silver stays below $30 as Fed bets fade", "$30"),
    ("Nifty trades below 24,500; banks drag", "24,500"),
    ("Brent holds above $88 on supply worries", "$88"),
])
def test_a_level_held_is_no_move(claim_at, text, figure):
    assert claim_at(text, figure).direction is None


@pytest.mark.parametrize("text, figure, direction", [
    ("Silver fell below $30 as Fed bets faded", "$30", Direction.DOWN),
    ("Tarvo's shares are 35% under their 2021 peak.", "35%", Direction.DOWN),
])
def test_a_move_below_a_level_keeps_its_direction(claim_at, text, figure, direction):
    assert claim_at(text, figure).direction == direction


def test_money_raised_under_a_programme_is_no_move(claim_at):
    text = "Harlow Bank raises $350 million under MTN programme"
    assert claim_at(text, "350 million").direction is None


def test_an_exchange_ratio_is_a_deal_s_terms(claim_at):
    text = "Corvane stockholders would get 0.8421 Halden shares for each Corvane share."
    assert claim_at(text, "0.8421").metric == Metric.OTHER
    text = "Halden will issue 40 million new shares in the placement."
    assert claim_at(text, "40 million").metric == Metric.STAKE


@pytest.mark.parametrize("text, figure", [
    ("Brenlow Robotics launches with $35 million Series A financing", "35 million"),
    ("Brenlow closes $50 million Series B funding round", "50 million"),
])
def test_a_funding_round_named_after_its_amount_is_a_share_sale(claim_at, text, figure):
    assert claim_at(text, figure).metric == Metric.STAKE


def test_a_round_s_valuation_stays_a_market_value(claim_at):
    text = "The round values Brenlow at $400 million in a Series C deal."
    assert claim_at(text, "400 million").metric == Metric.MARKET_VALUE


def test_a_return_named_after_its_figure(claim_at):
    claim = claim_at("Halvard offers a safe 6.6% return with a high yield", "6.6%")
    assert (claim.metric, claim.direction) == (Metric.RETURN, Direction.UP)
    # a return on equity is a ratio
    text = "The bank kept its target of a 12% return on tangible equity."
    assert claim_at(text, "12%").metric != Metric.RETURN


def test_a_cashtag_before_the_name_that_defines_it_is_that_name(extract, claim_at):
    text = "$HLVD +4% after Halvard Pumps (HLVD) beats estimates"
    result = extract(text)
    tagged = next(m for m in result.mentions if m.text == "$HLVD")
    assert (tagged.name, tagged.kind) == ("Halvard Pumps", "company")
    # NER's person with a code its letters spell is a company
    assert next(m for m in result.mentions if m.text == "Halvard Pumps").kind == "company"
    assert claim_at(text, "4%").subject == "Halvard Pumps"


def test_an_organisation_s_abbreviation_is_no_ticker(extract):
    text = "The North Atlantic Treaty Organization (NATO) said its members must spend more."
    kinds = {m.text: m.kind for m in extract(text).mentions}
    assert kinds.get("NATO") != "company"


def test_no_subject_is_a_phrase_around_the_figure_itself(claim_at):
    text = "Exporters fell as the euro's 8% year-to-date rise hurt margins."
    subject = claim_at(text, "8%").subject or ""
    assert "8%" not in subject


def test_a_feed_s_move_tag_names_its_company_and_the_premarket(claim_at):
    # the code in brackets follows more words than NER found, or no mention at all
    for text, name in (("$ORV (+3.2% pre) Orvel Pumps (ORV) Raises Guidance", "Orvel"),
                       ("$NVTX (+5.4% pre) Invitron (NVTX) Reports Q2 Results", "Invitron")):
        claim = claim_at(text, "%")
        assert claim.subject.startswith(name)
        assert claim.period_text == "pre"


def test_an_exchange_in_brackets_is_no_code_of_the_name(extract):
    text = "Nordvik Energi (NYSE) rose 4%. The NYSE said volumes were high."
    names = {m.text: m.name for m in extract(text).mentions}
    assert names.get("NYSE") != "Nordvik Energi"


def test_a_broker_before_the_rated_name_does_not_take_its_code(extract, claim_at):
    text = "$SNAP (+1.9% pre) Loop Capital Upgrades Snap Inc (SNAP) to Buy, $20 PT"
    result = extract(text)
    assert next(m for m in result.mentions if m.text == "$SNAP").name != "Loop Capital"
    assert claim_at(text, "1.9%").subject != "Loop Capital"
    assert claim_at(text, "$20").period_text is None  # the tag's session is its own figure's only
