"""Round 48 of the claims rules (issue 17), on sentences we wrote: a web address names nobody; a year before the
noun it dates is the figure's period; a 'final' dividend names its kind, not a time; the people an unnamed poll
asked; a plan the text only reports has no speaker; an acronym that spells a verb is still a name; a company named
'X Auto' is a company; a trader's session tag; a level a move went past; names compared as the shared scorer
compares them."""

from __future__ import annotations

import pytest

from news_sentiment.training.claims_corpus import agree


def test_the_tail_of_a_web_address_is_no_consensus_provider(claim_of):
    text = "$ECONX: October Orvland Payrolls 121K vs 140K https://t.co/K7fpTQzoB2 consensus https://t.co/Pq3RsT9uVw"
    for value in (121e3, 140e3):
        c = claim_of(text, value)
        assert "K7fp" not in (c.speaker or "") and "https" not in (c.subject or ""), (c.subject, c.speaker)


def test_a_noun_phrase_holding_a_web_address_is_no_subject(claim_of):
    text = "Facing Losses: Output Cuts To Equal 95m Barrels According To Energy Agency  https://t.co/JUs77KOK5t"
    assert "https" not in (claim_of(text, 95).subject or "")


@pytest.mark.parametrize("text, value, period", [
    ("Staff now see 2028 inflation at 2.1%, the central bank said.", 2.1, "2028"),
    ("Tarsk Oil will cut 2027 spending by $1.5 bln.", 1.5e9, "2027"),
    ("Halvorsen raised its forecast for Norway's 2027 salmon harvest to 1.9 million tonnes.", 1.9e6, "2027"),
    ("Brokers expect the group's 2027 order intake to reach 5.2 billion euros.", 5.2e9, "2027"),
])
def test_a_year_before_the_noun_it_dates_is_the_period(claim_of, text, value, period):
    assert claim_of(text, value).period_text == period


def test_a_final_dividend_has_no_period_an_interim_one_has(claim_of):
    assert claim_of("Corra raised its final dividend to 21 pence a share.", 0.21).period_text is None
    assert claim_of("Corra raised its interim dividend to 9 pence a share.", 0.09).period_text == "interim"


@pytest.mark.parametrize("text, value, subject", [
    ("The Bank of Norland kept its rate at 3.1%, as 19 of 23 economists polled had expected.", 19,
     "economists polled"),
    ("The bank held rates, as expected by all 30 economists in a poll, and the krone firmed.", 30,
     "economists in a poll"),
    ("All 30 economists polled by Reuters expect a hold.", 30, "Reuters poll"),  # a named pollster: its poll
])
def test_the_people_a_poll_asked_are_the_polls_figure(claim_of, text, value, subject):
    assert claim_of(text, value).subject == subject


@pytest.mark.parametrize("text, value, speaker", [
    ("Orvel Motors to cut 900 jobs as demand slows", 900, None),
    ("Tamsin Foods plans Rs 400 crore IPO", 4e9, None),
    ("Orvel Motors will cut 900 jobs, the company said on Monday.", 900, "Orvel Motors"),
    ("Quill Capital raised its price target on Orvel to $40 from $35.", 40, "Quill Capital"),  # a rater speaks
])
def test_a_plan_the_text_only_reports_has_no_speaker(claim_of, text, value, speaker):
    assert claim_of(text, value).speaker == speaker


def test_an_acronym_that_spells_a_verb_is_still_a_name(claim_of):
    assert claim_of("Thailand's SET index rose 1.3% to 1,318.40.", 1.3).subject == "SET Index"  # not 'sets'


def test_an_auto_maker_is_a_company_and_its_description_means_it(extract, claim_of):
    text = ("Orvel Auto's May sales up 21%, behind rival Kestra\n\nThe carmaker sold 84,300 vehicles last month, while "
            "Kestra Motors posted a 40% rise to 97,100.")
    r = extract(text)
    assert {m.name: m.kind for m in r.mentions}["Orvel Auto"] == "company"
    assert claim_of(text, 84300).subject == "Orvel Auto"  # the headline's company, not the rival named later
    assert claim_of("Auto sales rose 4% in March.", 4).subject is None  # a plain 'auto' names nobody


@pytest.mark.parametrize("text, value, period", [
    ("$ORV - Orvel signs supply deal with Kestrel; shares +7% PM https://t.co/Ab12Cd", 7, "PM"),  # premarket
    ("Orvel -3% AH after guidance cut", -3, "AH"),  # after hours
])
def test_a_traders_session_tag_after_a_move_is_its_time(claim_of, text, value, period):
    assert claim_of(text, value).period_text == period


@pytest.mark.parametrize("text, value, comparator", [
    ("Brent climbed past $100 a barrel on Tuesday.", 100, "more_than"),
    ("The Orvel index fell past 7,000 points.", 7000, "less_than"),
    ("The yen weakened past 158 per dollar on Monday.", 158, "more_than"),  # more yen to the dollar
    ("The yen firmed past 142 per dollar.", 142, "less_than"),
    ("Yen Slides Past 158 Per Dollar As Exporters Rally", 158, "more_than"),  # a title-case headline
    ("The yen surged past 140 per dollar after the decision.", 140, "less_than"),  # a rise of any word (UP_WORDS)
    ("Orvel's EPS came in at 62 cents, edging past the 60 cents analysts had pencilled in.", 0.6, None),
    ("Nifty races past 7,600", 7600, None),  # not a movement verb we read
])
def test_a_level_a_move_went_past_bounds_it_on_the_side_the_move_ended(claim_of, text, value, comparator):
    assert claim_of(text, value).comparator == comparator


@pytest.mark.parametrize("a, b, same", [
    ("Lowe's", "Lowe's Companies", True),  # a possessive 's at the end of a name is dropped, as the scorer drops it
    ("Lowe’s", "Lowe's", True),
    ("The Dow", "Dow Jones", True),
    ("Indian rupees", "Indian rupee", False),  # whole words only
    ("U.S. crude", "US crude", False),
])
def test_names_are_compared_as_the_shared_scorer_compares_them(a, b, same):
    assert agree("subject", a, b) is same
