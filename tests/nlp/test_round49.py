"""Round 49 of the claims rules (issue 17), on sentences we wrote: 'the agency' and 'the regulator' that speak
stand for the rating agency or the regulator the text named before, though their names do not hold the noun."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, value, speaker", [
    ("Fitch cut Brellin Power to BBB- on Tuesday. The agency said net debt would climb to about 9 billion euros "
     "by 2027.", 9e9, "Fitch"),
    ("The Financial Conduct Authority fined Harwood Lane on Monday. The penalty would have been 17 million pounds "
     "without early settlement, the regulator said.", 17e6, "Financial Conduct Authority"),
    # a name that holds the noun still comes first: the agency is the energy agency, not the rating agency
    ("Fitch affirmed Tarsk Oil. The International Energy Agency raised its outlook. The agency now sees demand "
     "growing by 1.1 million barrels a day in 2026.", 1.1e6, "International Energy Agency"),
])
def test_a_described_agency_or_regulator_is_the_one_named_before(claim_of, text, value, speaker):
    assert claim_of(text, value).speaker == speaker


@pytest.mark.parametrize("text", [
    "Harwood Lane agreed to pay 40 million pounds to settle the case, the regulator said.",
    # a rating agency named before is no regulator
    "Moody's cut Harwood Lane to Ba1. Harwood Lane agreed to pay 40 million pounds to settle the case, the regulator "
    "said.",
])
def test_a_description_with_no_such_body_named_stays_as_written(claim_of, text):
    assert claim_of(text, 40e6).speaker == "regulator"
