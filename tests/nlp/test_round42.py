"""Round 42: a cause that moves what it names right before the figure ('Spot demand lifts sugar futures 2.2%') gives
the figure to the moved thing, never to the cause; a name acting on its own figure ('Orvane lifts dividend 10%')
keeps it; the old price target a change is compared with has no direction, whatever the learned model reads; on
sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, figure, subject", [
    ("Uptick in spot demand lifts sugar futures 2.2%", "2.2%", "sugar"),
    ("Ample stocks drag down sugar futures by 0.4 per cent", "0.4", "sugar"),
    ("Festive buying pushes up cardamom prices by 1.6%", "1.6%", "cardamom"),
    ("Regulatory relief, exports boost Harlow Pharma shares by over 30 per cent", "30", "Harlow Pharma"),
    ("Poor Q4 earnings pull down Orvane Foods stock by over 7 pc", "7", "Orvane Foods"),
])
def test_a_cause_gives_the_figure_to_what_it_moves(claim_at, text, figure, subject):
    assert (claim_at(text, figure).subject or "").lower() == subject.lower()


@pytest.mark.parametrize("text, figure, subject", [
    ("Orvane lifts dividend 10%", "10%", "Orvane"),
    ("Orvane Foods boosts stake in Kestrel Mills by 5%", "5%", "Orvane Foods"),
])
def test_a_name_acting_on_its_own_figure_keeps_it(claim_at, text, figure, subject):
    assert claim_at(text, figure).subject == subject


@pytest.mark.parametrize("text, old", [
    ("Orvane Foods price target raised to $65 vs. $64 at Kestrel Bank", "$64"),
    ("Orvane Foods price target lowered to $47 from $53 at Kestrel Bank", "$53"),
])
def test_the_old_price_target_has_no_direction(claim_at, text, old):
    assert claim_at(text, old).direction is None
