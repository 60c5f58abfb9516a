"""Round 40: 'nose dives' is a fall; a run of up or down weeks is a duration, no claim; '3M Stock' is a name, not
three million; a month's quarter written 'Dec qtr' and 'at the start of trade' are times; a feed's move tag
('(+1.3% pre)') dates its own move only; on sentences we wrote
(invented companies)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.vocab import Direction, Metric


@pytest.mark.parametrize("text", ["Orvane Tech nose dives by 27 pc on weak numbers",
                                  "Orvane Tech nosedives 27% on weak numbers"])
def test_a_nose_dive_is_a_fall(claim_at, text):
    claim = claim_at(text, "27")
    assert (claim.direction, claim.metric, claim.subject) == (Direction.DOWN, Metric.RETURN, "Orvane Tech")


def test_a_run_of_up_weeks_is_no_claim(extract):
    claims = extract("The Dow fell 1% for the week, breaking 7 consecutive up weeks").claims
    assert [c.value for c in claims] == [1]


def test_a_name_written_with_a_scale_letter_is_no_amount(extract):
    claims = extract("3M Stock Is Down 12% This Year").claims
    assert [c.value for c in claims] == [12]


@pytest.mark.parametrize("text, figure, period", [
    ("Harlow Foods posts net profit of Rs 11.81 cr for Dec qtr", "11.81", "for Dec qtr"),
    ("Nasdaq Composite retreats 0.5% at the start of trade", "0.5%", "at the start of trade"),
])
def test_a_months_quarter_and_the_start_of_trade_are_times(claim_at, text, figure, period):
    assert claim_at(text, figure).period_text == period


def test_a_feeds_move_tag_dates_its_own_move_only(extract):
    claims = extract("$ORVN (+1.3% pre) Kestrel Bank $KSTL to buy Orvane Trading in $26 billion all-stock deal").claims
    assert [(c.value, c.period_text) for c in claims] == [(1.3, "pre"), (26e9, None)]
