"""Per-number attribute rules (nlp/claim_rules.py): typed results, traced rule ids, general behaviours.

Every sentence here is written by us with invented names; expected values follow the annotation guide
(../shared/eval/README.md, including its Clarifications).
"""

from __future__ import annotations


import pytest

from news_sentiment.nlp import claim_rules
from news_sentiment.nlp.numbers import find_numbers
from news_sentiment.nlp.vocab import Comparator, Direction, Metric, NotAClaim, Unit


def _num(text: str, value: float):
    return next(x for x in find_numbers(text, []) if x.value == pytest.approx(value))


def _metric_traced(text: str, value: float, unit: str, rule: str | None = None) -> Metric:
    """The rules' metric of one figure (direction from the rules too); ``rule`` must be among the ids that fired."""
    trace: list[str] = []
    x = _num(text, value)
    direction = claim_rules.direction(text, x, 0, len(text), False, 0)
    metric = claim_rules.metric(text, x, unit, 0, len(text), direction, trace)
    assert rule is None or rule in trace, trace
    return metric


# -- stage functions without spaCy -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, expect, rule", [
    ("Brenmark will cut up to 200 jobs.", 200, Comparator.AT_MOST, "comparator.at_most_before"),
    ("Velto employs about 1,500 people.", 1500, Comparator.ABOUT, "comparator.about_before"),
    ("Orders of 40 or more units qualify.", 40, Comparator.AT_LEAST, "comparator.or_more_after"),
    ("Unemployment edged up to 4.1% in May.", 4.1, None, "comparator.move_up_to"),
    ("Kestrel revenue tops $4 billion for the first time", 4e9, Comparator.MORE_THAN, "comparator.more_than_before"),
    ("Rail stocks surge up to 20% on the new policy", 20, Comparator.AT_MOST, "comparator.at_most_before"),
])
def test_comparator_is_typed_and_traced(text, value, expect, rule):
    trace: list[str] = []
    got = claim_rules.comparator(text, _num(text, value), 0, trace)
    assert got == expect and (got is None or isinstance(got, Comparator))
    assert rule in trace


def test_stage_functions_work_without_a_trace():
    text = "Sales at Dorvin rose 12% to $40 million."
    x = _num(text, 12)
    assert claim_rules.direction(text, x, 0, len(text), False, 0) is Direction.UP
    assert claim_rules.metric(text, x, "percent", 0, len(text), "up") is Metric.REVENUE


@pytest.mark.parametrize("text, value", [
    ("The Bank of Veloria held its key rate steady at 4.3% on Thursday.", 4.3),
    ("After two rate hikes this year, the central bank kept its policy rate unchanged at 5.25%.", 5.25),
    ("Sales at Brimco were flat at $2.4 billion.", 2.4e9),
    ("Norland's jobless rate held at 3.9% in May.", 3.9),
])
def test_a_level_that_held_steady_has_no_direction(text, value):
    trace: list[str] = []
    x = _num(text, value)
    assert claim_rules.direction(text, x, 0, len(text), False, 0, trace) is None
    assert "direction.held_steady" in trace


@pytest.mark.parametrize("text, value, expect", [
    ("Inflation in Veloria cooled to 2.7% in October.", 2.7, Direction.UP),  # a growth rate keeps its sign
    ("Norland's GDP growth of 1.8% beat forecasts.", 1.8, Direction.UP),
    ("Harbin Capital raised its price target on Orvel to $340.", 340, Direction.UP),
    ("Tessaly ups stake in Morrow Mining to 29%", 29, Direction.UP),
    ("Zentrio, the payments start-up, is valued at $4 billion.", 4e9, None),  # 'start-up' is no movement
    ("Nobu Bank's shares leapt 14% on Monday.", 14, Direction.UP),
])
def test_direction_general_cases(text, value, expect):
    x = _num(text, value)
    assert claim_rules.direction(text, x, 0, len(text), False, 0) == expect


def test_a_restated_change_takes_the_movement_of_the_figure_it_restates():
    text = "The Tarvo 50 index fell 212.4 points, or 1.3%, on Friday."
    first, second = _num(text, 212.4), _num(text, 1.3)
    trace: list[str] = []
    got = claim_rules.direction(text, second, 0, len(text), False, first.end, trace)
    assert got is Direction.DOWN and "direction.restated" in trace


@pytest.mark.parametrize("text, value, unit, expect", [
    ("Zentrio, the payments start-up, is now valued at $4 billion.", 4e9, "currency", Metric.MARKET_VALUE),
    ("Zentrio raised $300 million at a $4 billion valuation.", 4e9, "currency", Metric.MARKET_VALUE),
    ("The acquisition of Pelko, valued at $2 billion, closed on Monday.", 2e9, "currency", Metric.OTHER),
    ("Pelmark stock hits record high of $212", 212, "currency", Metric.PRICE_LEVEL),
    ("Orvel shares reached $212 on Tuesday.", 212, "currency", Metric.PRICE_LEVEL),
    ("The Tarvo 50 index climbed to a record 18,250 on Monday.", 18250, "index_points", Metric.PRICE_LEVEL),
    ("Orvel shares rose 4% on Tuesday.", 4, "percent", Metric.RETURN),
    ("Skyward Launch trades at roughly 30 times its expected 2027 sales.", 30, "multiple", Metric.VALUATION),
    ("Orvel's profit jumped 3-fold in the quarter.", 3, "multiple", Metric.PROFIT),
    ("At the current price, Halden's dividend yield is about 4.1%.", 4.1, "percent", Metric.DIVIDEND),
    ("Tarvo Foods plans an IPO to raise about $450 million.", 450e6, "currency", Metric.STAKE),
    ("Tarvo Foods will raise $450 million through a bond sale.", 450e6, "currency", Metric.OTHER),
    ("Halden Trust sells 3.6 lakh Orvel shares", 360_000, "count", Metric.STAKE),
    ("Kavo Motors sold 120,000 cars in March.", 120_000, "count", Metric.REVENUE),
    ("Dorvin made a $33 per share cash offer for Pelko.", 33, "currency", Metric.OTHER),
    ("Brimco will pay a dividend of 0.95 euros per share.", 0.95, "currency", Metric.DIVIDEND),
    ("Brimco launched a share buyback worth $1.5 billion.", 1.5e9, "currency", Metric.STAKE),
    ("The grocer's share of the Norland market reached 28.2%.", 28.2, "percent", Metric.OTHER),
    # macro statistics, payout ratios, company values (issue 17)
    ("Norland's economy shed 31,000 jobs in May.", 31000, "count", Metric.MACRO),
    ("Private sector payrolls rose by about 90,000 last month.", 90000, "count", Metric.MACRO),
    ("Brenmark will cut 1,200 jobs at its Ohio plant.", 1200, "count", Metric.HEADCOUNT),
    ("Velmar's gross domestic product expanded 0.6% in the quarter.", 0.6, "percent", Metric.MACRO),
    ("The core rate increased 3.2% on the year.", 3.2, "percent", Metric.MACRO),
    ("Tarsk aims to lift its shareholder return ratio to 45%.", 45, "percent", Metric.DIVIDEND),
    ("The rout wiped as much as $12 billion off the market values of three chipmakers.", 12e9, "currency",
     Metric.MARKET_VALUE),
    ("The start-up is now worth less than $300 million.", 3e8, "currency", Metric.MARKET_VALUE),
])
def test_metric_general_cases(text, value, unit, expect):
    x = _num(text, value)
    assert claim_rules.metric(text, x, unit, 0, len(text), None) == expect


def test_shares_that_moved_are_a_return_not_a_stake():
    text = "Nobu Bank's shares moved 3% higher after the results."
    x = _num(text, 3)
    direction = claim_rules.direction(text, x, 0, len(text), False, 0)
    assert direction is Direction.UP
    assert claim_rules.metric(text, x, "percent", 0, len(text), direction) is Metric.RETURN


def test_the_same_valuation_gets_the_same_metric_in_a_title_and_its_body():
    title = "Zentrio valued at $4 billion after new funding round"
    body = "Zentrio, the payments company, raised $300 million in a round that values it at $4 billion."
    got = {claim_rules.metric(t, _num(t, 4e9), "currency", 0, len(t), None) for t in (title, body)}
    assert got == {Metric.MARKET_VALUE}


def test_the_same_level_gets_the_same_metric_in_a_title_and_its_body():
    title = "Tarvo 50 index hits record 18,250"
    body = "The Tarvo 50 index rose 1.2% to a record 18,250 on Monday."
    got = {claim_rules.metric(t, _num(t, 18250), "index_points", 0, len(t), "up") for t in (title, body)}
    assert got == {Metric.PRICE_LEVEL}


def test_unit_of_an_explicit_number_is_the_enum():
    text = "Velto's revenue rose 12%."
    assert claim_rules.unit(text, _num(text, 12), 0, len(text), None) is Unit.PERCENT


@pytest.mark.parametrize("text, value", [
    ("Brimco's revenue rose to $2.4 billion, compared with the $2.3 billion analysts had expected.", 2.3e9),
    ("Norland's inflation rose to 3.1%, versus 2.8% expected.", 2.8),
    ("Quantor earned $1.12 a share, while analysts had forecast $1.05.", 1.05),
    ("GDP grew 2.4% in the quarter against a consensus forecast of 2.0%.", 2.0),
])
def test_consensus_figures_are_recognised(text, value):
    x = _num(text, value)
    prev = max(n.end for n in find_numbers(text, []) if n.end <= x.start)
    assert claim_rules.is_consensus(text, x, prev)


def test_a_plain_comparison_base_is_not_a_consensus():
    text = "Revenue rose to $2.4 billion from $2.1 billion a year earlier."
    x = _num(text, 2.1e9)
    assert not claim_rules.is_consensus(text, x, _num(text, 2.4e9).end)


def test_consensus_direction():
    assert claim_rules.consensus_direction("percent", None, "percent", "up") is Direction.UP
    assert claim_rules.consensus_direction("currency", None, "currency", "up") is None
    assert claim_rules.consensus_direction("currency", "down", "currency", None) is Direction.DOWN


# -- through the extractor (spaCy), the rules alone --------------------------------------------------------------

@pytest.fixture
def rules_only(extractor):
    """The session's extractor with the learned corrections switched off for one test (the claims component is
    shared by every extractor of the process, so they are put back afterwards)."""
    from news_sentiment.nlp.claim_models import ClaimModels

    saved = extractor.claim_models
    extractor.claim_models = ClaimModels({})
    try:
        yield extractor
    finally:
        extractor.claim_models = saved


def _claim(rules_only, text, value):
    claims = [c for c in rules_only.extract(text, None).claims if c.value == pytest.approx(value)]
    assert len(claims) == 1, [c.to_json() for c in rules_only.extract(text, None).claims]
    return claims[0]


def test_a_bare_number_that_counts_nothing_is_not_a_claim(rules_only, extractor):
    text = "Tarvo Foods ranked 7 in the table; see section 12."
    doc = extractor.nlp(text)
    x = _num(text, 12)
    assert claim_rules.unit(text, x, 0, len(text), None, doc) is NotAClaim.BARE
    assert not [c for c in rules_only.extract(text, None).claims if c.value == 12]


@pytest.mark.parametrize("text, actual, expected", [
    ("Quantor Systems reported earnings of $1.12 a share, while analysts had forecast $1.05.", 1.12, 1.05),
    ("Consumer prices in Norland rose 3.1% in April, versus 2.8% expected by economists.", 3.1, 2.8),
    ("Brimco's revenue rose 8% to $2.4 billion, compared with the $2.3 billion analysts had expected.", 2.4e9, 2.3e9),
])
def test_a_consensus_figure_has_the_metric_and_subject_of_the_actual(rules_only, text, actual, expected):
    a, e = _claim(rules_only, text, actual), _claim(rules_only, text, expected)
    assert (e.metric, e.subject) == (a.metric, a.subject)
    assert a.subject is not None


def test_a_consensus_growth_rate_keeps_the_sign_of_the_actual(rules_only):
    text = "Norland's GDP grew 2.4% in the third quarter against a consensus forecast of 2.0%."
    assert _claim(rules_only, text, 2.0).direction == "up"


def test_a_claim_carries_the_ids_of_the_rules_that_decided_it(rules_only):
    c = _claim(rules_only, "The Bank of Veloria held its key rate steady at 4.3% on Thursday.", 4.3)
    assert c.direction is None and c.metric == "macro"
    assert "direction.held_steady" in c.rules and "metric.kw_macro" in c.rules
    assert c.to_json()["rules"] == c.rules


# -- issue 17: raised figures and strengthening (sentences written by us) --------
@pytest.mark.parametrize("text, value, expect", [
    ("Tarsk raises dividend 5%, keeps buyback", 5, Direction.UP),
    ("Orvel hikes its list prices 3% from June.", 3, Direction.UP),
    ("Strategists expect the crown to strengthen to 9.8 per dollar.", 9.8, Direction.UP),
    ("Tarsk keeps its dividend at 40 cents.", 0.4, None),
])
def test_direction_of_raised_figures_and_strengthening(text, value, expect):
    assert claim_rules.direction(text, _num(text, value), 0, len(text), False, 0) == expect


# -- metric round 8 (issue 17): ratios, returns on capital, company values, shares of a whole, goals, odds --------
@pytest.mark.parametrize("text, value, unit, expect, rule", [
    ("Carrow Bank's CET1 ratio stood at 14.6% at the end of June.", 14.6, "percent", Metric.OTHER, "metric.kw_ratio"),
    ("Brisa Insurance aims to cut its cost-income ratio to below 52% by 2028.", 52, "percent", Metric.OTHER,
     "metric.kw_ratio"),
    ("Skylon Air's load factor improved to 87.1% in May.", 87.1, "percent", Metric.OTHER, "metric.kw_ratio"),
    ("Orvel's price-to-earnings ratio of 22 looks stretched.", 22, "multiple", Metric.VALUATION, "metric.kw_valuation"),
    ("Tarsk targets a return on tangible equity above 13% in 2027.", 13, "percent", Metric.OTHER,
     "metric.kw_return_on_capital"),
    ("The deal should lift Holm Bank's ROE by 1.2 percentage points.", 1.2, "percentage_points", Metric.OTHER,
     "metric.kw_return_on_capital"),
    ("Penrose will buy Calder Tools in a deal valuing the toolmaker at $2.2 billion.", 2.2e9, "currency",
     Metric.MARKET_VALUE, "metric.values_company_at"),
    ("The merger creates a group worth about $9 billion.", 9e9, "currency", Metric.MARKET_VALUE,
     "metric.values_company_at"),
    ("Marlow shares rose 4%, giving the company a market value of 1.3 billion pounds.", 1.3e9, "currency",
     Metric.MARKET_VALUE, "metric.kw_market_value"),
    ("The carve-out values the unit at an enterprise value of 3 billion euros.", 3e9, "currency",
     Metric.MARKET_VALUE, "metric.kw_market_value"),
    ("Fenwick Capital, which owns about 8% of Dunmore, backed the bid.", 8, "percent", Metric.STAKE,
     "metric.held_share_of"),
    ("Nearly 62% of strategists surveyed expect a soft landing.", 62, "percent", Metric.OTHER, "metric.share_of"),
    ("Traders now price a 65% chance of a rate cut in March.", 65, "percent", Metric.OTHER, "metric.probability"),
    ("Strategists put the odds of a recession next year at about 30%.", 30, "percent", Metric.OTHER,
     "metric.probability"),
    ("Veloria's inflation should return to the central bank's 2% target by 2027.", 2, "percent", Metric.MACRO,
     "metric.percent_goal"),
    ("Brimco's operating margin came in at the low end of its 9%-11% target range.", 9, "percent", Metric.MARGIN,
     "metric.percent_goal"),
    ("Real wages in Norland fell 0.9% in April.", 0.9, "percent", Metric.MACRO, "metric.kw_macro"),
    ("Household spending rose 1.4% from a year earlier.", 1.4, "percent", Metric.MACRO, "metric.kw_macro"),
])
def test_metric_round8_rules(text, value, unit, expect, rule):
    assert _metric_traced(text, value, unit, rule) == expect


@pytest.mark.parametrize("text, value", [
    ("Dorvin sold its Ohio plant in a deal that values the factory's assets at $400 million.", 4e8),
    ("Kestrel agreed to pay $1.1 billion for the assets.", 1.1e9),
])
def test_deal_and_asset_prices_stay_other(text, value):
    x = _num(text, value)
    assert claim_rules.metric(text, x, "currency", 0, len(text), None) is not Metric.MARKET_VALUE


@pytest.mark.parametrize("text, value", [
    ("Norland's GDP grew 3.1% in the quarter, above the 2.6% pace economists polled by Reuters had forecast.", 2.6),
    ("Retail sales rose 0.6% in May, double the 0.3% gain economists had expected.", 0.3),
    ("Velmar's inflation slowed to 4.1%, slightly below the 4.3% forecast in a Reuters poll.", 4.3),
    ("Orders fell 2.2%, much weaker than the 0.5% drop analysts expected.", 0.5),
])
def test_a_consensus_named_after_a_comparison_is_recognised(text, value):
    trace: list[str] = []
    x = _num(text, value)
    prev = max(n.end for n in find_numbers(text, []) if n.end <= x.start)
    assert claim_rules.is_consensus(text, x, prev, trace)
    assert "metric.consensus_compared" in trace


@pytest.mark.parametrize("text, value", [
    ("Shares rose 3.1%, above the 2.6% level seen a week ago.", 2.6),
    ("Revenue grew 9%, more than the 7% it reported a year earlier.", 7),
])
def test_a_comparison_without_a_consensus_is_not_one(text, value):
    x = _num(text, value)
    prev = max(n.end for n in find_numbers(text, []) if n.end <= x.start)
    assert not claim_rules.is_consensus(text, x, prev)


def test_a_survey_index_reading_is_a_national_statistic(rules_only):
    text = "Norland's Ifo-style business climate index slipped to 88.2 in May from 89.0."
    assert {c.metric for c in rules_only.extract(text, None).claims} == {"macro"}


def test_a_money_move_per_unit_is_a_return_and_a_quoted_price_a_level():
    moved = "Copper drops $120 a tonne on demand worries"
    quoted = "Copper settled at $9,120 a tonne on Friday"
    assert claim_rules.metric(moved, _num(moved, 120), "currency", 0, len(moved), "down") is Metric.RETURN
    assert claim_rules.metric(quoted, _num(quoted, 9120), "currency", 0, len(quoted), None) is Metric.PRICE_LEVEL


def test_one_figure_in_a_headline_and_its_body_gets_one_metric():
    from news_sentiment.nlp.claims import same_figure_metrics
    from news_sentiment.nlp.records import Claim

    title = Claim(value=2000, unit="count", start=14, end=19, quote="2,000", metric="headcount", subject="Velto")
    body = Claim(value=2000, unit="count", start=60, end=65, quote="2,000", metric="other", subject="Velto")
    other = Claim(value=2000, unit="count", start=90, end=95, quote="2,000", metric="other", subject="Brimco")
    same_figure_metrics([title, body], lambda pos: 0 if pos < 40 else 40)
    assert (title.metric, body.metric) == ("headcount", "headcount")
    assert "metric.same_figure_in_text" in body.rules
    same_figure_metrics([title, other], lambda pos: 0 if pos < 40 else 40)  # another subject: left alone
    assert other.metric == "other"
    a = Claim(value=3, unit="percent", start=0, end=2, quote="3%", metric="revenue", subject="Velto")
    b = Claim(value=3, unit="percent", start=10, end=12, quote="3%", metric="return", subject="Velto")
    same_figure_metrics([a, b], lambda pos: 0)  # one sentence: two figures, not one stated twice
    assert b.metric == "return"


def test_a_learned_metric_model_leaves_the_guides_money_move(rules_only):
    from news_sentiment.nlp.claim_models import ClaimModels
    from news_sentiment.nlp.linear import LinearModel

    text = "Silver falls Rs 240 on firm dollar"
    claim = _claim(rules_only, text, 240)
    assert claim.metric == "return" and "metric.money_move" in claim.rules
    always_level = LinearModel(classes=("price_level", "return"), index={}, weights=(), intercept=(1.0, 0.0))
    ClaimModels({"metric": always_level}).apply(text, claim, 0, len(text))
    assert claim.metric == "return"


def test_the_metric_model_reads_the_rules_metric_of_the_claim_before():
    from news_sentiment.nlp.claim_models import ClaimModels
    from news_sentiment.nlp.linear import LinearModel
    from news_sentiment.nlp.records import Claim
    from news_sentiment.textutil import SentenceIndex

    text = "Norland's inflation rose to 3.1% in May. Economists had forecast 2.9%."
    first = Claim(value=3.1, unit="percent", start=28, end=32, quote="3.1%", metric="macro")
    second = Claim(value=2.9, unit="percent", start=65, end=69, quote="2.9%", metric="other")
    follow = LinearModel(classes=("macro", "other", "return"), index={"prev_other_sentence:macro": 0},
                         weights=((3.0, 0.0, 0.0),), intercept=(0.0, 0.5, 1.0))
    ClaimModels({"metric": follow}).apply_all(text, [first, second], SentenceIndex(text))
    assert (first.metric, second.metric) == ("return", "macro")  # the second read the first as the rules left it


# -- metric round 12: general causes of the dev and train errors, on sentences we wrote ----------------------------

@pytest.mark.parametrize("text, value, unit, expect, rule", [
    # a business figure's growth forecast is that figure's, not the economy's
    ("Marrow Foods cut its 2026 sales growth forecast to 3%.", 3, "percent", Metric.REVENUE,
     "metric.kw_business_growth"),
    ("Tessel raised its organic revenue growth target to 7%.", 7, "percent", Metric.REVENUE,
     "metric.kw_business_growth"),
    ("Orvik trimmed its earnings growth outlook to 5%.", 5, "percent", Metric.PROFIT, "metric.kw_profit_growth"),
    # a commodity market's balance is not a national deficit
    ("Brokers see a supply deficit of 90,000 tonnes in zinc next year.", 90000, "other", Metric.OTHER,
     "metric.kw_commodity_balance"),
    # money raised by issuing shares, said after the figure
    ("Kestrel Wind raised 2 billion crowns in its listing on Thursday.", 2e9, "currency", Metric.STAKE,
     "metric.raised_in_equity"),
    ("The state raised 600 million euros by selling 5 million shares in the utility.", 6e8, "currency", Metric.STAKE,
     "metric.raised_in_equity"),
    ("Pellam Robotics raised $150 million in a funding round led by Aster Ventures.", 1.5e8, "currency",
     Metric.STAKE, "metric.raised_in_equity"),
    # a percentage a reading reached or stands at is a level, not a return
    ("Bearish readings in the weekly poll rose to 41.5%.", 41.5, "percent", Metric.OTHER, "metric.percent_level"),
    ("The gauge of bullish bets has warmed up and is now just over 20%.", 20, "percent", Metric.OTHER, "metric.percent_level"),
    ("Dunmore's EBITDA margin, however, narrowed to 31%.", 31, "percent", Metric.MARGIN, "metric.percent_level"),
    # upside, downside and performance against a benchmark are returns
    ("Harlow Securities sees 22% upside in Velto Steel.", 22, "percent", Metric.RETURN, "metric.upside"),
    ("The target implies downside of about 15% for the shares.", 15, "percent", Metric.RETURN, "metric.upside"),
    ("Over ten years the small-cap gauge has returned only 31%.", 31, "percent", Metric.RETURN, "metric.upside"),
    # basis points that no word names are a rate's move
    ("Traders now price in about 60 basis points of easing by June.", 0.6, "percentage_points", Metric.MACRO,
     "metric.basis_points_rate"),
    ("Two policymakers voted for a 25 basis-point cut.", 0.25, "percentage_points", Metric.MACRO,
     "metric.basis_points_rate"),
    # a company's valuation that moved: the change of its value in money
    ("Fintech Ardley's valuation plunged 60% in the down round.", 60, "percent", Metric.MARKET_VALUE,
     "metric.valuation_in_money"),
    # an insurer's premiums and a bank's fees are its revenue
    ("Gross written premiums at Calder Re rose 6% to $3.1 billion.", 3.1e9, "currency", Metric.REVENUE,
     "metric.kw_revenue"),
    ("Its fee income grew 8% in the quarter.", 8, "percent", Metric.REVENUE, "metric.kw_revenue"),
])
def test_metric_round12_rules(text, value, unit, expect, rule):
    assert _metric_traced(text, value, unit, rule) == expect


@pytest.mark.parametrize("text, value, unit, expect", [
    ("Norland's economic growth forecast was cut to 1.1%.", 1.1, "percent", Metric.MACRO),  # still the economy's
    ("Halden will raise $500 million in bonds to refinance debt.", 5e8, "currency", Metric.OTHER),  # debt, not equity
    ("The index extended its decline this year to 9%.", 9, "percent", Metric.RETURN),  # the change, not a level
    ("Brimco shares rose up to 7% in early trade.", 7, "percent", Metric.RETURN),  # 'up to' is no level
    ("The company returned $800 million to shareholders.", 8e8, "currency", Metric.OTHER),  # money, not a return
    ("Halden's P/E multiple fell 10% this year.", 10, "percent", Metric.VALUATION),  # a multiple's change
    ("Velto's operating margin widened 80 basis points.", 0.8, "percentage_points", Metric.MARGIN),  # named
])
def test_metric_round12_rules_leave_these_alone(text, value, unit, expect):
    assert _metric_traced(text, value, unit) == expect


# -- direction round 13 (issue 17): growth-rate bases, inflation targets, 'add', a level after a restated move --------
def _direction_traced(text: str, value: float, is_base: bool = False) -> tuple[Direction | None, list[str]]:
    trace: list[str] = []
    return claim_rules.direction(text, _num(text, value), 0, len(text), is_base, 0, trace), trace


@pytest.mark.parametrize("text, value, rule", [
    ("Pellworth trimmed its 2027 sales growth forecast to 5% from 7%.", 7, "direction.growth_rate_base"),
    ("Norland's consumer inflation slowed to 2.9% in June, down from 3.4% in May.", 3.4,
     "direction.growth_rate_base"),
    ("Economists see Veloria's economy growing 1.2% next year, down from 1.8% this year.", 1.8,
     "direction.growth_rate_base"),
])
def test_a_base_that_is_a_growth_rate_keeps_its_sign(text, value, rule):
    got, trace = _direction_traced(text, value, is_base=True)
    assert got is Direction.UP and rule in trace, trace


@pytest.mark.parametrize("text, value", [
    ("Brimco's margin fell to 11% from 13% a year earlier.", 13),  # a margin is no growth rate
    ("Halden raised its stake to 12% from 9%.", 9),
    ("Velto's revenue grew 6% to $2.2 billion from $2.07 billion.", 2.07e9),  # a level in money
])
def test_other_bases_stay_null(text, value):
    assert _direction_traced(text, value, is_base=True)[0] is None


@pytest.mark.parametrize("text, value, expect", [
    ("The governor said inflation, now at 4.1%, would fall back to the 2% target next year.", 2, Direction.UP),
    ("Norland's central bank has a 3% inflation target.", 3, Direction.UP),
    ("Prices rose faster than the bank's 2% goal as inflation picked up.", 2, Direction.UP),
    ("Kestrel shares fell toward the broker's 15% target.", 15, Direction.DOWN),  # no inflation: left to other rules
    ("Tarvo Mining will add 800 jobs at its smelter.", 800, Direction.UP),
    ("Orvel plans to add 20,000 tonnes of annual capacity.", 20000, Direction.UP),
    ("Its chief executive said, adding that rivals could ship 500 tonnes next year.", 500, None),
])
def test_inflation_targets_and_added_figures(text, value, expect):
    assert _direction_traced(text, value)[0] == expect


@pytest.mark.parametrize("text, value, expect", [
    ("The Norland index fell 61.2 points, or 0.8%, to 7,512.4 on Friday.", 7512.4, "down"),
    ("The Veloria 50 was up 40.5 points, or 0.6%, at 6,880.2 at midday.", 6880.2, "up"),
    ("Tarsk crude futures rose $1.10, or 1.6%, to $70.20 a barrel.", 70.2, "up"),
])
def test_a_level_after_a_restated_move_takes_that_move(rules_only, text, value, expect):
    c = _claim(rules_only, text, value)
    assert c.direction == expect and "direction.level_reached" in c.rules, c.rules


# -- metric round 14 (issue 17): general causes of the train errors (rules alone), on sentences we wrote -----------

@pytest.mark.parametrize("text, value, unit, expect, rule", [
    # a share's dividend yield is not a bond yield (a national statistic)
    ("Harrow Bank's shares, which yield 6.4%, rose 1% on Monday.", 6.4, "percent", Metric.DIVIDEND,
     "metric.share_yield"),
    ("Kestrel raises its final dividend to 40 pence, yield tops 5%", 5, "percent", Metric.DIVIDEND,
     "metric.share_yield"),
    # earnings per share named by 'income', 'earning' or a charge
    ("Velto reported net income of $42 million, or 37 cents a share.", 0.37, "currency", Metric.EPS,
     "metric.per_share_earnings"),
    ("Analysts see Orvane earning $4.20 a share next year.", 4.2, "currency", Metric.EPS, "metric.per_share_earnings"),
    ("Brimco will book a charge of 30 cents a share in the quarter.", 0.3, "currency", Metric.EPS,
     "metric.per_share_earnings"),
    # people counted by their role or as job cuts
    ("Marrow Air will hire 900 staff, including 240 pilots, next year.", 240, "count", Metric.HEADCOUNT,
     "metric.count_people"),
    ("The plan includes 3,200 job cuts across Europe.", 3200, "count", Metric.HEADCOUNT, "metric.count_people"),
    ("Dunlow Bank will shut 40 branches and cut about 600 roles.", 600, "count", Metric.HEADCOUNT,
     "metric.count_people"),
    # pay that a staff word names is not a headcount
    ("Velto said it pays its warehouse staff an average of $21 an hour.", 21, "currency", Metric.OTHER,
     "metric.staff_pay"),
    ("Its hospital staff will receive a 3.5% pay rise from April.", 3.5, "percent", Metric.OTHER, "metric.staff_pay"),
    # an exchange rate a company assumes, a fair value, a closing price: levels
    ("Marrow Motors now assumes an exchange rate of 152 yen to the dollar.", 152, "currency", Metric.PRICE_LEVEL,
     "metric.kw_fx_rate"),
    ("Harlow Securities raised its fair value on Velto to Rs 640.", 640, "currency", Metric.PRICE_LEVEL,
     "metric.kw_price_level"),
    ("At Friday's closing price of Rs 212.50, the payout implies a yield of 3%.", 212.5, "currency",
     Metric.PRICE_LEVEL, "metric.kw_price_level"),
    # cash, debt and budgets that move are amounts, not price moves or levels
    ("Brimco's free cash flow rose 14% to 820 million euros in the half.", 14, "percent", Metric.OTHER,
     "metric.kw_other"),
    ("Orvane cut its capital budget by $300 million to $4.1 billion.", 4.1e9, "currency", Metric.OTHER,
     "metric.kw_other"),
    # a change named as a noun, no keyword in its clause: the change of the figure named before
    ("Kestrel forecast 2027 revenue of $2.1 billion, implying growth of about 12%.", 12, "percent", Metric.REVENUE,
     "metric.change_noun_of_named"),
    ("The central bank held its policy rate at 4%, and said it sees 2027 growth at 2.5%.", 2.5, "percent", Metric.MACRO,
     "metric.change_noun_of_named"),
    # sales in units: a business target, a count a sales word moves to
    ("Velto set a 2027 revenue target of $5 billion.", 5e9, "currency", Metric.REVENUE, "metric.kw_business_target"),
    ("Kavo Motors cut its delivery target to 480,000 vehicles.", 480000, "count", Metric.REVENUE,
     "metric.kw_business_target"),
    ("Third-quarter shipments rose 8% to 2.4 million units.", 2.4e6, "count", Metric.REVENUE, "metric.kw_revenue"),
    # money investors move into or out of funds
    ("Investors pulled $3.2 billion from European bond funds last week.", 3.2e9, "currency", Metric.VOLUME_FLOWS,
     "metric.fund_flow"),
    ("Money-market funds took in $40 billion, while gold funds drew $1.1 billion.", 1.1e9, "currency",
     Metric.VOLUME_FLOWS, "metric.fund_flow"),
    # a deal's premium or discount to a market price is part of its terms
    ("Harlow offered 18.40 euros a share in cash for Velto, a 27% premium to Friday's close.", 27, "percent",
     Metric.OTHER, "metric.deal_premium"),
    ("The fund sold 40 million shares of Brimco at $12.10 each, a 4.2% discount to the last closing price.", 4.2,
     "percent", Metric.OTHER, "metric.deal_premium"),
    # a return keyword that is a movement word after another keyword: that figure's change
    ("Velto expects sales to drop 8% in 2027.", 8, "percent", Metric.REVENUE, "metric.move_of_named"),
    ("Analysts expect the miner's production to drop 6% next year.", 6, "percent", Metric.OTHER,
     "metric.move_of_named"),
    # factory orders of an economy are a national statistic
    ("Industrial orders in Norland fell 2.1% in May.", 2.1, "percent", Metric.MACRO, "metric.kw_macro"),
])
def test_metric_round14_rules(text, value, unit, expect, rule):
    assert _metric_traced(text, value, unit, rule) == expect


@pytest.mark.parametrize("text, value, unit, expect", [
    ("Its own shares fell 2.5% on Tuesday.", 2.5, "percent", Metric.RETURN),  # 'own' here is no holding
    ("Orvane, which reports its own results on Friday, slid 4%.", 4, "percent", Metric.RETURN),
    ("Brenmark owns 12% of the utility.", 12, "percent", Metric.STAKE),  # the verb still a holding
    ("The 10-year yield rose to 4.3% as shares fell.", 4.3, "percent", Metric.MACRO),  # a bond yield
    ("Velto will cut 12% of its staff.", 12, "percent", Metric.HEADCOUNT),  # staff, not pay
    ("Shares in budget airline Velair fell 4%.", 4, "percent", Metric.RETURN),  # an adjective, no budget
    ("Norland's central bank raised its benchmark rate to 5.5%.", 5.5, "percent", Metric.MACRO),  # not an fx rate
    ("Revenue rose 4%, while the stock posted a gain of 6% for the week.", 6, "percent", Metric.RETURN),  # a price
    ("Sales rose 5% as Velto opened 40 stores.", 40, "count", Metric.OTHER),  # stores, not sales in units
    ("Velto pulled $200 million from its credit line.", 2e8, "currency", Metric.OTHER),  # no fund named
    ("Orvane trades at a discount of 15% to its peers.", 15, "percent", Metric.VALUATION),  # to peers: a valuation
    ("Velto shares are expected to drop 8% on the news.", 8, "percent", Metric.RETURN),  # a price move
])
def test_metric_round14_rules_leave_these_alone(text, value, unit, expect):
    assert _metric_traced(text, value, unit) == expect


@pytest.mark.parametrize("text, value, expect", [
    ("The Chilean peso weakened past 1,000 per dollar, touching a record low of 1,012.4 on Tuesday.", 1012.4,
     "price_level"),  # an exchange rate's level (metric.fx_level)
    ("Dunmore aims to cut net debt to below 3 billion euros by 2027.", 3e9, "other"),  # an amount, no threshold
    ("Copper could climb past $12,000 next year, the bank said.", 12000, "price_level"),  # a threshold
])
def test_metric_round14_levels(rules_only, text, value, expect):
    assert _claim(rules_only, text, value).metric == expect


@pytest.mark.parametrize("text, value, expect", [
    ("Norland's retail sales rose 0.6% in May. Economists had expected a 0.4% gain.", 0.4, "macro"),
    ("Velto's quarterly net profit fell to $410 million. Analysts had forecast $450 million, according to LSEG data.",
     4.5e8, "profit"),
])
def test_a_consensus_that_opens_a_sentence_has_the_metric_of_the_figure_before(rules_only, text, value, expect):
    claim = _claim(rules_only, text, value)
    assert claim.metric == expect and "metric.consensus_of_previous" in claim.rules


def test_one_output_figure_in_a_title_and_its_body_gets_one_metric(rules_only):
    text = ("Analysts see Brenmoor Mining output falling to 2.2 mln tonnes\n\nAnalysts expect the copper miner's "
            "production to drop 5% in 2027 to 2.2 million tonnes.")
    assert {c.metric for c in rules_only.extract(text, None).claims if c.value == pytest.approx(2.2e6)} == {"other"}
