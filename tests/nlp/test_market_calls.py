"""Market calls in headlines (round 21, part 2, written for the error groups three reviewers found in the tool's
output on 360 SEntFiN headlines of the train split that no corpus batch holds): an analyst's level or move call is a
forecast and a stop loss a target; a headline's source after its colon is who speaks, not the subject; a level range
written high to low is one range; fractional durations ('4-1/2-month high') are no figures; a stock at its upper
circuit moved up; 'upto', 'crosses', 'max' bound a figure; a bare level after 'levels of', '@', 'as low as' is a
price; a company word alone takes the name written before it ('Yes Bank'). Our own sentences and invented names."""

from __future__ import annotations

import pytest


def _claims(extract, text: str) -> list:
    return extract(text, None).claims


@pytest.mark.parametrize("text", [
    "4300 levels is a possibility for Nifty: Rajan Bose",
    "Orrel stock can hit Rs 1,600 in 1 year",
    "Quill Systems may report sharp 11.3% drop in net profit for June quarter",
    "Waiting for levels of around 310 to buy Tarvo: Jane Roe, Quill Securities",
    "5% downside can't be ruled out in Tarvo: Jane Roe",
])
def test_an_analysts_call_is_a_forecast(extract, text):
    assert [c.modality for c in _claims(extract, text)] == ["forecast"]


@pytest.mark.parametrize("text", [
    "Tarvo Q2 net up 12%: Quill Bank",
    "Knowles Tools Just Missed EPS By 14%: Here's What Analysts Think Will Happen Next",
    "Independent directors can sit on a maximum of 7 boards: Sebi",
])
def test_a_reported_figure_under_a_source_or_a_rule_stays_actual(extract, text):
    assert [c.modality for c in _claims(extract, text)] == ["actual"]


def test_a_stop_loss_is_a_target(extract):
    assert [c.modality for c in _claims(extract, "Sell Tarvo at a stop loss of Rs 349: Vijay Bham")] == ["target"]


def test_the_source_after_a_headline_colon_is_not_the_subject(extract):
    claims = _claims(extract, "Waiting for levels of around 310 to buy Tarvo: Jane Roe, Quill Securities")
    assert [(c.subject, c.speaker) for c in claims] == [("Tarvo", "Jane Roe")]


@pytest.mark.parametrize("text,want", [
    ("See Nifty heading towards 5180-5150 levels: Jane Roe", (5150, 5180)),
    ("Next stop for the Nifty could be around 7500-7480 downside: Jane Roe", (7480, 7500)),
])
def test_a_level_range_written_high_to_low_is_one_range(extract, text, want):
    assert [(c.value, c.value_high, c.unit) for c in _claims(extract, text)] == [(*want, "index_points")]


@pytest.mark.parametrize("text", ["Norland yuan hits 4-1/2-month high", "Brent hits fresh 6-1/2-year low",
                                  "Gold at 2-1/2 week high"])
def test_a_fractional_duration_is_no_figure(extract, text):
    assert _claims(extract, text) == []


@pytest.mark.parametrize("text,direction", [("Tarvo Logistics at 20% upper circuit on tie-up with Orrel", "up"),
                                            ("Quill Bank stock hits 10% lower circuit", "down")])
def test_a_circuit_limit_is_the_days_move(extract, text, direction):
    assert [(c.metric, c.direction) for c in _claims(extract, text)] == [("return", direction)]


@pytest.mark.parametrize("text,comparator", [
    ("Jewellery stocks plunge upto 11% as duty stays", "at_most"),
    ("Nifty crosses 7,000 on hopes of reform", "more_than"),
    ("Orrel shares top $300 a share for first time", "more_than"),
    ("Sensex can correct max by 5-10%: Analysts", "at_most"),
])
def test_bounding_words_of_headlines(extract, text, comparator):
    assert [c.comparator for c in _claims(extract, text)] == [comparator]


def test_a_model_name_max_is_no_bound(extract):
    assert all(c.comparator is None for c in _claims(extract, "Orvel to buy 10 more 737 MAX 8 planes"))


@pytest.mark.parametrize("text,value", [
    ("Monetisation holds the key; see Orrel @ 1,200: Jane Roe", 1200),
    ("Tarvo will go as low as 540: Jane Roe", 540),
    ("Markets looking at levels of 5550-5600: Jane Roe", 5550),
    ("Quill Bank can be bought at around 137: Jane Roe", 137),
])
def test_a_bare_level_in_a_call_is_a_price(extract, text, value):
    assert [(c.value, c.unit) for c in _claims(extract, text)] == [(value, "currency")]


@pytest.mark.parametrize("text,name", [
    ("Yes Bank registers 30% rise in Q2 profit", "Yes Bank"),
    ("TV18 Broadcast Q4 profit at Rs 95.47 crore", "TV18 Broadcast"),
    ("Ultratech Cement shares jump nearly 6%", "Ultratech Cement"),
])
def test_a_company_word_alone_takes_the_name_before_it(extract, text, name):
    assert name in {m.text for m in extract(text, None).mentions}


@pytest.mark.parametrize("text,name", [("European Media stocks fell 2%.", "Media"),
                                       ("Tarvo Q1 Financial results beat estimates by 3%.", "Financial")])
def test_a_nationality_or_a_period_code_is_not_taken(extract, text, name):
    assert not any(m.text.endswith(" " + name) for m in extract(text, None).mentions)


@pytest.mark.parametrize("text,firm", [
    ("Orrel stock price target raised to $318 vs. $310 at Quill RH", "Quill RH"),
    ("Tarvo maintained as buy with $7 price target at Marlow Capital https://t.co/abc123", "Marlow Capital"),
    ("Orrel stock price target raised to $318 from $310 at J.P. Morgan", "J.P. Morgan"),
])
def test_a_target_firm_closing_a_feed_headline_speaks(extract, text, firm):
    assert {c.speaker for c in _claims(extract, text)} == {firm}


def test_a_month_closing_a_target_headline_is_no_firm(extract):
    assert [c.speaker for c in _claims(extract, "Orrel price target cut to $40.50 by December")] == [None]


# ----------------------------------------------------------------------------- the review's near misses (round 21)
@pytest.mark.parametrize("text", [
    "Car sales in May jump 15% to 3.2 lakh units.",
    "Tarvo Q2 profit rises 12% to Rs 450 crore, sees strong demand: CEO",
    "Orrel posted 15% revenue growth, will expand capacity: Jane Roe",
    "Tarvo Q2 profit rises 9% to Rs 450 crore: Stocks To Watch",
])
def test_reported_figures_stay_actual(extract, text):
    assert {c.modality for c in _claims(extract, text)} == {"actual"}


@pytest.mark.parametrize("text,direction", [
    ("Tarvo Power slips 8% from upper circuit levels as traders book profits.", "down"),
    ("Tarvo rebounds 6% from lower circuit on buying support.", "up"),
    ("Orrelia's central bank slashed its key rate to a record low 0% in March.", "down"),
    ("Tarvo will not let go of its 26% stake in Pelko Foods.", None),
    ("About $2 billion in deposits are at risk at Pelko Bank, regulators said.", None),
])
def test_directions_the_new_words_must_not_take(extract, text, direction):
    assert [c.direction for c in _claims(extract, text)][0] == direction


@pytest.mark.parametrize("text,metric", [
    ("Tarvo reports Rs 450 crore post-tax profit for Q2.", "profit"),
    ("Investors earn Rs 10 a share as Pelko declares special dividend.", "dividend"),
    ("NSE revises upper circuit limit for Tarvo Media to 10% from 20%.", "other"),
])
def test_metrics_the_new_words_must_not_take(extract, text, metric):
    assert [c.metric for c in _claims(extract, text)][0] == metric


@pytest.mark.parametrize("text,unit", [("Tarvo is looking at 300 job cuts this year.", "count"),
                                       ("Investor sentiment improved as Tarvo shares hit 520.", "currency")])
def test_units_the_new_words_must_not_take(extract, text, unit):
    assert [c.unit for c in _claims(extract, text)] == [unit]


def test_a_vote_tally_is_no_range(extract):
    claims = _claims(extract, "Shareholders approved the merger by 1,150-1,100 votes.")
    assert all(c.value_high is None for c in claims)


@pytest.mark.parametrize("text", ["Tarvo pared intraday gains to close 2% higher.",
                                  "Tarvo shares hit a half-year peak of Rs 520."])
def test_periods_the_new_words_must_not_give(extract, text):
    assert [c.period_text for c in _claims(extract, text)] == [None]


@pytest.mark.parametrize("text", ["Wind Power Stocks Surge 6% On Subsidy Hopes",
                                  "Solar Power Stocks Rally 10% After Budget"])
def test_a_field_of_plain_words_is_no_company(extract, text):
    assert not any(m.kind == "company" for m in extract(text, None).mentions)


@pytest.mark.parametrize("text,subject", [
    ("$QRVL - Quarvel Systems EPS beats by $0.24, beats on revenue https://t.co/abc123", "Quarvel Systems"),
    ("$TRVO: Tarvo Foods beats by $0.02, misses on revs", "Tarvo Foods"),
])
def test_a_cashtag_followed_by_its_name_is_that_name(extract, text, subject):
    assert {c.subject for c in _claims(extract, text)} == {subject}


@pytest.mark.parametrize("text", ["7 Reasons Your Card May Be Declined -- and How to Fix Them",
                                  "3 ETFs to Consider as the Fed Buys Bonds", "5 outperformers in today's dull market"])
def test_a_listicles_size_is_no_figure(extract, text):
    assert _claims(extract, text) == []


def test_a_count_of_funds_is_still_a_figure(extract):
    assert [c.value for c in _claims(extract, "Orrel said 12 funds in Asia lost money.")] == [12]
