"""Round 37: a market's investor groups moving money (FIIs, FPIs) are flows, out down and in up, buying and selling
without a direction; a move word after a restated pair ('21 points, 0.2%, higher') dates both; 'paring' is a cut; a
code after a name's possessive is that name's; on sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.vocab import Direction, Metric


@pytest.mark.parametrize("text, figure, direction", [
    ("FIIs withdraw Rs 2,000 crore from Indian equities in a fortnight", "2,000", Direction.DOWN),
    ("FPIs pull out Rs 5,400 crore from equities in March", "5,400", Direction.DOWN),
    ("FPIs pump in Rs 12,000 crore into Indian stocks in June", "12,000", Direction.UP),
    ("FIIs net sell Rs 2,376 crore; DIIs buy Rs 3,104 crore on Tuesday", "2,376", None),
])
def test_investor_groups_moving_money_are_flows(claim_at, text, figure, direction):
    claim = claim_at(text, figure)
    assert (claim.metric, claim.direction) == (Metric.VOLUME_FLOWS, direction)


def test_a_move_word_after_a_restated_pair(claim_at):
    text = "Nasdaq closes about 21 points, 0.2%, higher"
    claim = claim_at(text, "21 points")
    assert (claim.metric, claim.direction) == (Metric.RETURN, Direction.UP)


def test_paring_is_a_cut(claim_at):
    text = "Halvard Bank cut to neutral at Kestrel, while paring the price target 19%."
    assert claim_at(text, "19%").direction == Direction.DOWN


def test_a_code_after_a_possessive_name(extract, claim_at):
    text = "$PLAY Dave & Buster's (PLAY) +3% after guidance satisfies"
    tagged = next(m for m in extract(text).mentions if m.text == "$PLAY")
    assert tagged.name.startswith("Dave & Buster")
    assert claim_at(text, "3%").subject.startswith("Dave & Buster")


@pytest.mark.parametrize("text", [
    "Buy Halvard Infra with a stop loss of Rs 86, target Rs 104: Sandeep Wagle",
    "Sell Tarvo Steel; target Rs 118, stop loss Rs 131: Mitesh Thacker",
])
def test_an_analyst_s_call_is_no_part_of_the_name(extract, text):
    subjects = {c.subject for c in extract(text).claims}
    assert subjects and not any(s.startswith(("Buy ", "Sell ")) for s in subjects if s)
