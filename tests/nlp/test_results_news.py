"""Results news and market sessions (round 21, written for the error groups of the claims corpus's batch O, a
train-only batch of feed headlines and news items): the comparison base of a loss, a half-year, a listing's first
session and intraday moves, 'profit-booking' and 'post earnings' beside a share move, 'earned $X a share', a
distance from an IPO price, lay-offs without a noun, a list of bond yields, names ending in an industry word, survey
indices (PMI), 'X% less', a zero change, closures and jobs at risk. Our own sentences and invented names."""

from __future__ import annotations

import pytest


def _claims(extract, text: str) -> list:
    return extract(text, None).claims


@pytest.mark.parametrize("text", [
    "Orrin Labs said its net loss narrowed to $8 million in the quarter from $45 million a year earlier.",
    "Dunvale Mining's quarterly loss widened to A$31 million from A$12 million as ore grades fell.",
])
def test_the_base_of_a_loss_is_a_loss(extract, text):
    assert [c.direction for c in _claims(extract, text)] == ["down", "down"]


@pytest.mark.parametrize("text", [
    "Parvel Foods swung to a loss of $12 million from a profit of $4 million.",
    "Profit at Kestin Tools fell to $5 million from $8 million, hurt by losses at its Brazilian unit.",
])
def test_the_base_of_a_profit_has_no_direction(extract, text):
    assert [c.direction for c in _claims(extract, text)][1] is None


def test_a_half_year_is_a_period(extract):
    text = "Ridgeway Homes posted a half-year loss of £41 million, against a £7 million loss a year earlier."
    assert [c.period_text for c in _claims(extract, text)] == ["half-year", "a year earlier"]


@pytest.mark.parametrize("text,period", [
    ("Tarvo Foods jumped 12% intraday, but ended flat.", "intraday"),
    ("Nifty touches 6,822 in intra-day deals", "in intra-day deals"),
    ("Casper ends first day of trade up 13%", "first day of trade"),
    ("Orbisco Delivery slumps 22% in trading debut", "in trading debut"),
])
def test_a_session_or_a_debut_is_the_period_of_a_move(extract, text, period):
    assert [c.period_text for c in _claims(extract, text)] == [period]


def test_a_debut_in_a_headline_is_not_the_time_of_the_figures_below_it(extract):
    text = "Vellmar Cloud shares double in Nasdaq debut\n\nThe stock opened at $46, 109% above its $22 IPO price."
    assert [c.period_text for c in _claims(extract, text)] == [None, None, None]


@pytest.mark.parametrize("text", [
    "Tin succumbs to profit-booking; softens 0.4 per cent",
    "Harlow Bank shares fall nearly 3 per cent post earnings",
    "Copper slips 1.2% on profit taking after a strong week",
])
def test_a_move_beside_profit_taking_or_earnings_is_a_return(extract, text):
    assert [(c.metric, c.direction) for c in _claims(extract, text)] == [("return", "down")]


def test_earned_per_share_is_eps_and_so_is_its_consensus(extract):
    text = "Sarnia Chemicals earned C$0.58 a share in the first quarter, beating the C$0.44 consensus."
    assert [c.metric for c in _claims(extract, text)] == ["eps", "eps"]


def test_a_distance_from_the_ipo_price_is_a_return(extract):
    text = "Orbisco Delivery closed its first day of trading 22% below its IPO price."
    assert [(c.metric, c.direction) for c in _claims(extract, text)] == [("return", "down")]


@pytest.mark.parametrize("text,value", [
    ("Wirrinya Nickel mothballs Western Australia mine, lays off 600", 600),
    ("Pixelstream will let go about 450 of its 1,800 employees.", 450),
])
def test_lay_offs_without_a_noun_are_counted(extract, text, value):
    claims = _claims(extract, text)
    assert (claims[0].value, claims[0].unit, claims[0].direction) == (value, "count", "down")


def test_each_yield_in_a_list_of_yields_is_its_own_subject(extract):
    text = "10-year yield at 1.649%; 2-year yield at 1.443%; 30-year yield at 2.126%"
    assert [c.subject for c in _claims(extract, text)] == ["10-year yield", "2-year yield", "30-year yield"]


def test_a_name_ending_in_an_industry_word_is_a_company(with_ents):
    assert ("Orbisco Delivery", "company") in with_ents("Orbisco Delivery cut 200 jobs.", [(0, 2, "PERSON")])
    assert ("Haldane Power", "company") in with_ents("Haldane Power said profit rose.", [(0, 2, "ORG")])


@pytest.mark.parametrize("text,ents", [
    ("Fund Managers Pile Into Clean Energy as Rates Fall", [(4, 6, "ORG")]),
    ("Top Energy News of the Day", [(0, 2, "ORG")]),
])
def test_a_field_named_with_an_industry_word_is_no_company(with_ents, text, ents):
    assert all(kind != "company" for _, kind in with_ents(text, ents))


@pytest.mark.parametrize("text,want", [
    ("The Caixin manufacturing PMI rose to 51.2 in May from 50.4.", [(51.2, "index_points"), (50.4, "index_points")]),
    ("Chicago PMI 42.9 vs 48.7 consensus", [(42.9, "index_points"), (48.7, "index_points")]),
])
def test_a_survey_index_level_is_in_points(extract, text, want):
    claims = _claims(extract, text)
    assert [(c.value, c.unit) for c in claims] == want
    assert {c.metric for c in claims} == {"macro"}


def test_less_after_the_figure_is_down_but_no_return(extract):
    claims = _claims(extract, "The new plant will use 20% less energy.")
    assert [(c.direction, c.metric) for c in claims] == [("down", "other")]


@pytest.mark.parametrize("text,direction", [
    ("Growth this quarter will be 0%, the central bank said.", None),
    ("The central bank cut its rate to 0%.", "down"),
    ("Orvel (+0.0% pre) files its annual report", "up"),
])
def test_a_zero_is_no_move_unless_a_move_reached_it_or_a_sign_is_written(extract, text, direction):
    assert [c.direction for c in _claims(extract, text)] == [direction]


def test_closures_jobs_at_risk_and_write_downs_are_down(extract):
    text = "Kestrel Retail to shut 40 shops, books £85 million write-down. About 900 jobs are at risk."
    assert [(c.value, c.direction) for c in _claims(extract, text)] == [(40, "down"), (85e6, "down"), (900, "down")]


@pytest.mark.parametrize("text,subject", [
    ("The crown firmed 0.4% to 10.92 per euro.", "crown"),
    ("A cut would need the franc to appreciate well beyond 0.90 per euro, Pell said.", "franc"),
    ("Norland's yuan was little changed at 7.08 per dollar.", "yuan"),
])
def test_a_currency_that_moves_or_stands_is_the_subject(extract, text, subject):
    assert {c.subject for c in _claims(extract, text)} == {subject}


def test_a_link_after_a_figure_is_no_counted_noun(extract):
    claims = _claims(extract, "Chicago PMI 42.9 vs 48.7 https://t.co/abc123 consensus")
    assert [(c.value, c.unit) for c in claims] == [(42.9, "index_points"), (48.7, "index_points")]
    assert _claims(extract, "Tarvo Form 8.3 https://t.co/abc123") == []


def test_orders_named_before_a_bare_figure_are_counted(extract):
    claims = _claims(extract, "Orvel says Skyrider orders have climbed to 200,000")
    assert [(c.value, c.unit) for c in claims] == [(200000, "count")]
