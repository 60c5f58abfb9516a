"""Round 36: money followed by the notes or bonds it buys is debt, not a stake; a contract won is an order (revenue);
a result's surprise named after its figure ('a 42% EPS beat') is that result's, up for a beat and down for a miss;
on sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.vocab import Direction, Metric



@pytest.mark.parametrize("text, figure", [
    ("Halvard Resorts Announces Private Offering of $350 million of Senior Notes", "350 million"),
    ("Tarvo Finance plans an offering of Rs 500 crore in NCDs", "500 crore"),
])
def test_debt_sold_is_no_stake(claim_at, text, figure):
    assert claim_at(text, figure).metric == Metric.OTHER


def test_a_share_offering_stays_a_stake(claim_at):
    text = "Halvard Resorts prices a $350 million offering of common shares"
    assert claim_at(text, "350 million").metric == Metric.STAKE


@pytest.mark.parametrize("text, figure", [
    ("Lockheed awarded $3.3B to support satellite network", "3.3B"),
    ("Corvane Rail wins a contract worth $210 million from Amtrak", "210 million"),
])
def test_a_contract_won_is_an_order(claim_at, text, figure):
    assert claim_at(text, figure).metric == Metric.REVENUE


@pytest.mark.parametrize("text, metric, direction", [
    ("Corvane Media Just Recorded A 42% EPS Beat", Metric.EPS, Direction.UP),
    ("Halvard posts a 6% revenue miss as orders slow", Metric.REVENUE, Direction.DOWN),
])
def test_a_surprise_named_after_its_figure(claim_at, text, metric, direction):
    claim = claim_at(text, "%")
    assert (claim.metric, claim.direction) == (metric, direction)


@pytest.mark.parametrize("text, figure", [
    ("Tarvo Bio secures $35M credit facility; shares ahead 4%", "35M"),
    ("Halvard shares up 20% as it wins $31.7 million in arbitration case", "31.7 million"),
])
def test_money_secured_or_won_is_no_order_unless_named_one(claim_at, text, figure):
    assert claim_at(text, figure).metric != Metric.REVENUE


def test_a_move_after_a_miss_stays_the_share_s_move(claim_at):
    claim = claim_at("Corvane -2.5% after earnings miss", "2.5%")
    assert (claim.metric, claim.direction) == (Metric.RETURN, Direction.DOWN)
