"""Round 41: a move's time can be the event it followed ('post Kestrel deal', 'post elections'), for that move only;
'tomorrow' is a day, the day after publication; on sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, figure, period", [
    ("Harlow Air jumps 20% post Kestrel deal", "20%", "post Kestrel deal"),
    ("Tea prices likely to rise 15% post elections", "15%", "post elections"),
])
def test_a_move_after_an_event_is_dated_by_it(claim_at, text, figure, period):
    assert claim_at(text, figure).period_text == period


def test_an_event_after_one_move_does_not_date_another_clause(claim_at):
    text = "Harlow Air jumps 20% post Kestrel deal; the Sensex ends flat at 61,200"
    assert claim_at(text, "61,200").period_text is None


def test_tomorrow_is_the_day_after_publication(extract):
    claims = extract("RBI to sell government bonds worth Rs 617 crore tomorrow", "2025-03-07").claims
    assert [(c.period_text, c.period_start, c.period_end) for c in claims] == [
        ("tomorrow", "2025-03-08", "2025-03-08")]
