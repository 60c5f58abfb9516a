"""Round 38: a results period right after a name in a headline ('Q2 up 33%') is the profit's; money written with a
scale word is a total, never a price level; a move's time can be the results it followed ('post Q3 results'); a
per-share amount a company beats or misses by is its EPS surprise; a name and its results tag are the name;
'overnight' and 'by the midday break' are times; on sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.vocab import Direction, Metric


@pytest.mark.parametrize("text, figure, direction", [
    ("Harlow Foods Q2 up 33% at Rs 89 crore", "33%", Direction.UP),
    ("Harlow Foods Q2 up 33% at Rs 89 crore", "Rs 89 crore", Direction.UP),
    ("Kestrel Motors Q1 down 8% at Rs 410 crore", "8%", Direction.DOWN),
    ("Vantra Textiles H1 jumps 41% to Rs 56 crore", "Rs 56 crore", Direction.UP),
])
def test_a_results_tag_before_a_move_is_the_profit(claim_at, text, figure, direction):
    claim = claim_at(text, figure)
    assert (claim.metric, claim.direction) == (Metric.PROFIT, direction)


def test_a_macro_release_keeps_its_metric(claim_at):
    assert claim_at("Norland Q2 GDP up 1.4%", "1.4%").metric == Metric.MACRO


@pytest.mark.parametrize("text, figure", [
    ("Orvane Steel rose 6% to Rs 1,240 crore in market value", "1,240"),
    ("Brindle Chemicals ended the year near $2.1 billion in sales", "2.1"),
])
def test_money_with_a_scale_word_is_no_price_level(claim_at, text, figure):
    assert claim_at(text, figure).metric != Metric.PRICE_LEVEL


def test_a_share_price_after_a_move_is_still_a_level(claim_at):
    text = "Harlow Foods shares rose 4% to Rs 890 on Monday"
    assert claim_at(text, "Rs 890").metric == Metric.PRICE_LEVEL


@pytest.mark.parametrize("text, figure, period", [
    ("Tarvo Foods slips 5% post Q3 results", "5%", "post Q3 results"),
    ("Brindle shares are down 4% post-results.", "4%", "post-results"),
    # round 41: any event the move followed (period.post_event)
    ("Harlow Air jumps 20% post Kestrel deal", "20%", "post Kestrel deal"),
    ("Tea prices likely to rise 15% post elections", "15%", "post elections"),
])
def test_a_move_after_results_is_dated_by_them(claim_at, text, figure, period):
    assert claim_at(text, figure).period_text == period


@pytest.mark.parametrize("text", ["Orvane rallies 6% post Q4 results, while the Nifty ends flat at 22,140",
                                  "Harlow Air jumps 20% post Kestrel deal; the Nifty ends flat at 22,140"])
def test_results_after_a_move_do_not_date_another_clause(claim_at, text):
    assert claim_at(text, "22,140").period_text is None


@pytest.mark.parametrize("text, figure, direction", [
    ("Tarvo Foods beats by $0.04, beats on revs", "$0.04", Direction.UP),
    ("Golder Inc. misses by $0.15, misses on revenue", "$0.15", Direction.DOWN),
])
def test_a_per_share_amount_beaten_or_missed_is_eps(claim_at, text, figure, direction):
    claim = claim_at(text, figure)
    assert (claim.metric, claim.direction) == (Metric.EPS, direction)


def test_a_named_metric_beaten_keeps_its_metric(claim_at):
    assert claim_at("Tarvo Foods revenue beats by $5M", "$5M").metric == Metric.REVENUE


@pytest.mark.parametrize("text, figure, subject", [
    ("Orvel Q3 dips 12%", "12%", "Orvel"),
    ("Shalimar Pumps Q3 dips 67%", "67%", "Shalimar Pumps"),
])
def test_a_name_and_its_results_tag_are_the_name(claim_at, text, figure, subject):
    assert claim_at(text, figure).subject == subject


@pytest.mark.parametrize("text, figure, period", [
    ("The Tarvo won slid to 1,402 per dollar overnight after the central bank held rates.", "1,402", "overnight"),
    ("Harlow Steel shares rose 5.2% to HK$87.60 by the midday break.", "5.2%", "by the midday break"),
    ("Gold rose 1% on Wednesday after a 2% slide overnight.", "1%", "on Wednesday"),
])
def test_overnight_and_the_midday_break_are_times(claim_at, text, figure, period):
    assert claim_at(text, figure).period_text == period


def test_an_overnight_rate_is_no_time(claim_at):
    assert claim_at("Overnight swaps implied a 38% chance of a cut.", "38%").period_text is None
