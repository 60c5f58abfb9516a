"""Feed items and results headlines (round 20, written for the error groups of the claims corpus's batch M, a
train-only batch of feed headlines and news items): a span of months ('Jan-Mar', 'April-June quarter'), a season
('since the summer'), rand written 'R3.10', cents of a named dollar ('40 Australian cents'), a statistics office
that publishes a figure, a company rated 'to buy from hold', an ETF's distribution, volume growth, a move after a
rating. Our own sentences and invented names."""

from __future__ import annotations

import pytest


def _claims(extract, text: str) -> list:
    return extract(text, None).claims


@pytest.mark.parametrize("text,period", [
    ("Orrel's net profit rose 25% for Jan-Mar.", "for Jan-Mar"),
    ("Tamsin Cement posts Rs 40 crore loss in April-June quarter", "in April-June quarter"),
    ("Quill Bank net up 12 pc at Rs 84 cr in Oct-Dec", "in Oct-Dec"),
])
def test_a_span_of_months_is_one_period(extract, text, period):
    assert {c.period_text for c in _claims(extract, text)} == {period}


def test_a_month_alone_stays_a_month(extract):
    assert [c.period_text for c in _claims(extract, "Retail sales fell 0.4% in February.")] == ["in February"]


def test_a_season_is_a_period_but_a_name_is_not(extract):
    assert [c.period_text for c in _claims(extract, "Shares of Orrel have risen 60% since the summer.")] == [
        "since the summer"]
    assert [c.period_text for c in _claims(extract, "Stocks in Spring Valley Foods surged 4.6%.")] == [None]


@pytest.mark.parametrize("text,want", [
    ("Kaapstad Mining cut its final dividend to R3.10 a share from R5.60.", [(3.1, "ZAR"), (5.6, "ZAR")]),
    ("Cash costs were R19,500 per ounce.", [(19500, "ZAR")]),
    ("Corriedale cut the final dividend to 40 Australian cents a share.", [(0.4, "AUD")]),
])
def test_rand_and_named_dollar_cents_are_money(extract, text, want):
    assert [(c.value, c.currency) for c in _claims(extract, text)] == want


def test_a_pivot_level_code_is_no_rand(extract):
    assert all(c.currency != "ZAR" for c in _claims(extract, "Nifty R1 is at 8,100 and R2 at 8,180."))


@pytest.mark.parametrize("text,economy", [
    ("German factory orders rose 2.4% in July, the Federal Statistics Office said on Friday.",
     "German factory orders"),
    ("French industrial output fell 0.8% in May, the statistics agency INSEE said.", "French industrial output"),
    ("Industrial output in France fell 0.8% in May, the statistics agency INSEE said.", "France industrial output"),
])
def test_a_statistics_office_publishes_the_figure_but_is_not_its_subject(extract, text, economy):
    """The economy's statistic, named as the text writes it with the economy's adjective (round 47)."""
    assert [c.subject for c in _claims(extract, text)] == [economy]


def test_a_company_rated_to_buy_is_a_company(with_ents):
    text = "Marlstein Research raised its rating on Quellhof Chemie to buy from hold."
    assert ("Quellhof Chemie", "company") in with_ents(text, [(0, 2, "ORG"), (6, 8, "PERSON")])


def test_an_etfs_quarterly_distribution_is_a_dividend(extract):
    claims = _claims(extract, "Halden Real Estate ETF declares quarterly distribution of $0.4471")
    assert [(c.value, str(c.metric)) for c in claims] == [(0.4471, "dividend")]


def test_volume_growth_is_the_companys_revenue(extract):
    claims = _claims(extract, "Orrel raised its full-year volume growth forecast to 5-6% from 3-4%.")
    assert {str(c.metric) for c in claims} == {"revenue"}


@pytest.mark.parametrize("text", [
    "Fenwick cut Orrel Motors to neutral from buy after a 40% rally this year.",
    "Marlowe downgraded Tamsin Wind from buy, saying the 60% rise since the summer is priced in.",
])
def test_a_rating_word_is_no_deal_so_the_move_is_a_return(extract, text):
    assert [str(c.metric) for c in _claims(extract, text)][0] == "return"


def test_a_deal_keeps_its_buy(extract):
    assert [str(c.metric) for c in _claims(extract, "Orrel agreed to buy Tamsin for $2 billion.")] == ["other"]


# near misses a review found (round 20): the new patterns must not fire on these
@pytest.mark.parametrize("text,want", [
    ("Orrel shares fell 8% after hours-long talks with its lenders collapsed.", [(8, None)]),
    ("Marlo invested $50 million in spring water bottling plants.", [(50e6, None)]),
    ("Profit rose to $5 million from $3 million in the same period a year ago.",
     [(5e6, None), (3e6, "in the same period a year ago")]),
])
def test_look_alike_times_are_no_periods(extract, text, want):
    assert [(c.value, c.period_text) for c in _claims(extract, text)] == want


@pytest.mark.parametrize("text", ["Orrel sold 40,000 units of its R1200 motorcycle, up 14%.",
                                  "Sales of Vexa(R) 300 mg tablets rose 12%."])
def test_model_names_and_trademarks_are_no_rand(extract, text):
    assert all(c.currency != "ZAR" for c in _claims(extract, text))


def test_a_place_after_a_semicolon_does_not_take_the_banks_move(extract):
    claims = _claims(extract, "Quill Bank beat estimates; in Frankfurt, its shares jumped 6%.")
    assert [(c.value, c.subject) for c in claims] == [(6, "Quill Bank")]


def test_a_rise_in_the_shares_is_a_return(extract):
    claims = _claims(extract, "Fenwick cut Orrel to hold from buy, citing a 40% rise in the shares this year.")
    assert [(c.value, str(c.metric), c.subject) for c in claims] == [(40, "return", "Orrel")]


def test_a_distribution_deal_is_no_dividend(extract):
    claims = _claims(extract, "Orrel signed a $40 million annual distribution deal with Marlo.")
    assert [str(c.metric) for c in claims] == ["other"]


def test_a_move_pushed_up_to_a_level_is_no_bound(extract):
    claims = _claims(extract, "Weaker grades pushed cash costs up to A$2,950 an ounce.")
    assert [(c.value, c.comparator, c.direction) for c in claims] == [(2950, None, "up")]


def test_up_to_before_a_figure_still_bounds_it(extract):
    assert [c.comparator for c in _claims(extract, "Brenmark will hire up to 500 people.")] == ["at_most"]


@pytest.mark.parametrize("text", ["Skyway reports 30 orders of 747 MAX jets in November.",
                                  "Skyway to give Marlo Air an update on the 747 MAX this week."])
def test_an_aircraft_models_number_is_no_figure(extract, text):
    assert 747 not in [c.value for c in _claims(extract, text)]
