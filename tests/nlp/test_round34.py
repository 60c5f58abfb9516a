"""Round 34: a fine's subject is who is fined, a share bought or sold is a stake, a housebuilder's completions are
its deliveries, a cost ratio is no sales figure, an IPO's price is a price, a later day of trading is a time, and a
parallel move does not take the time of the other move's cause; on sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.vocab import Metric



@pytest.mark.parametrize("text, figure, fined", [
    ("Sebi slaps Rs 10 lakh fine on Harbourline Finance", "10 lakh", "Harbourline Finance"),
    ("Sebi imposes Rs 25 lakh penalty on Marwar Textiles promoters", "25 lakh", "Marwar Textiles"),
    ("The watchdog fined Rowley Capital 12 million pounds on Tuesday.", "12 million", "Rowley Capital"),
    ("Ofgem fines Tamsin Energy 8 million pounds over billing errors", "8 million", "Tamsin Energy"),
    # round 39: decided by rule (subject.fine_figure), whatever the ranker makes of a crore amount
    ("Sebi slaps Rs 2 crore fine on Harlow Textiles", "2 crore", "Harlow Textiles"),
    ("Sebi slaps Rs 1 crore fine on Falcon, chairman Pawan Ruia", "1 crore", "Falcon"),
    ("Regulator imposes Rs 40 lakh penalty on Orvane Finance", "40 lakh", "Orvane Finance"),
])
def test_a_fine_is_about_who_is_fined_not_who_fines(claim_at, text, figure, fined):
    assert claim_at(text, figure).subject == fined


def test_a_regulator_s_own_figures_stay_its_own(claim_at):
    text = "Sebi said its fee income rose 12% to Rs 1,420 crore in the year."
    assert claim_at(text, "12%").subject == "Sebi"


@pytest.mark.parametrize("text, figure", [
    ("Halden Capital buys 19.9% of Norway's Tarnby Shipping", "19.9%"),
    ("Corvane Group sold 7% of Brenlow Mills to a sovereign fund on Monday.", "7%"),
    ("Marlowe Partners, which owns about 11% of the company, voted against the deal.", "11%"),
])
def test_a_share_of_a_company_bought_sold_or_held_is_a_stake(claim_at, text, figure):
    assert claim_at(text, figure).metric == Metric.STAKE


def test_a_share_of_something_else_is_no_stake(claim_at):
    text = "About 85% of analysts polled expect a cut in March."
    assert claim_at(text, "85%").metric != Metric.STAKE


def test_a_housebuilder_s_completions_are_its_deliveries(claim_at):
    text = "The housebuilder completed 4,310 homes in the year to June 30, up from 3,980."
    assert claim_at(text, "4,310").metric == Metric.REVENUE
    # the same verb counts no homes here: a deal completed is no delivery
    text = "Tarvo completed 3 acquisitions worth $40 million in the year."
    assert claim_at(text, "40 million").metric != Metric.REVENUE


def test_a_cost_ratio_is_no_sales_figure(claim_at):
    text = ("Selling, general and administrative expenses as a percentage of sales were 18.4%, compared with "
            "19.1% a year earlier.")
    assert claim_at(text, "18.4%").metric == Metric.OTHER
    assert claim_at(text, "19.1%").metric == Metric.OTHER
    # a share of sales that is sales ('contributed 31% of sales') is not a cost ratio
    text = "Its international business contributed 31% of sales, up from 26% a year earlier."
    assert "metric.cost_ratio" not in claim_at(text, "31%").rules


def test_an_ipo_s_price_is_a_price_not_a_stake(claim_at):
    text = "Brenlow Health shares slide 9% on second day of trading, falling below $16 IPO issue price"
    assert claim_at(text, "$16").metric == Metric.PRICE_LEVEL
    assert claim_at(text, "9%").period_text == "on second day of trading"
    # the IPO's size stays a stake
    text = "Tarvo plans an IPO to raise $400 million in the first quarter."
    assert claim_at(text, "400 million").metric == Metric.STAKE


def test_a_parallel_move_takes_the_other_move_s_time_not_its_cause_s(claim_at):
    text = ("Halvard Pharma gained 4.1% after raising its sales outlook for the year, while Corvane Materials "
            "rose 2.2% after record first-quarter sales.")
    assert claim_at(text, "2.2%").period_text is None
    text = "Halvard Pharma fell 3% on Tuesday, while Corvane Materials lost 1.2%."
    assert claim_at(text, "1.2%").period_text == "on Tuesday"
    text = "Harlow Bank rose 2% in early trade, while Corvane Bank added 1.1%."
    assert claim_at(text, "1.1%").period_text == "in early trade"
