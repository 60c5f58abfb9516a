"""Round 41: 'tomorrow' is a day, the day after publication (a move's time can be the event it followed, 'post
Kestrel deal': in test_round38); a feed's cashtag followed by a name NER calls an organisation is that name; on
sentences we wrote."""

from __future__ import annotations


def test_tomorrow_is_the_day_after_publication(extract):
    claims = extract("RBI to sell government bonds worth Rs 617 crore tomorrow", "2025-03-07").claims
    assert [(c.period_text, c.period_start, c.period_end) for c in claims] == [
        ("tomorrow", "2025-03-08", "2025-03-08")]


def test_a_cashtag_followed_by_an_organisations_name_is_that_name(claim_at):
    text = "$PLAX - Dave & Buster's +3% after guidance satisfies"
    assert claim_at(text, "3%").subject == "Dave & Buster"
