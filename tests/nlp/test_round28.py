"""Round 28 (issue 17): time expressions the period finder now offers (an event a move is timed by, a named
fiscal year, a split year or season, a central bank's meeting), on sentences we wrote."""

from __future__ import annotations

import re

import pytest

from news_sentiment.nlp.periods import period_spans


@pytest.mark.parametrize("text,expected", [
    ("The franc firmed 0.2% after the decision.", [("after the decision", "period.event")]),
    ("Gilt yields fell 5 basis points ahead of the 10-year auction.",
     [("ahead of the 10-year auction", "period.event")]),
    ("The lira slid 3% before the central bank's decision.", []),  # a possessive is no modifier of the event
    ("Shares rose 4% after the third-quarter results.", [("the third-quarter", "period.ordinal_quarter")]),
    ("Dunmore sees revenue up 6% this financial year.", [("this financial year", "period.fiscal_year_named")]),
    ("Pell expects a 9% margin in the 2026-27 financial year.",
     [("in the 2026-27 financial year", "period.fiscal_year_named")]),
    ("Sugar output should reach 31 million tonnes in the 2025/26 season.",
     [("in the 2025/26 season", "period.split_year")]),
    ("The bank cut rates by 25 basis points at its Dec. 9-10 meeting.",
     [("at its Dec. 9-10 meeting", "period.meeting")]),
    ("The Fed held rates at the July FOMC meeting.", [("at the July FOMC meeting", "period.meeting")]),
    ("The board approved a 5% raise at the meeting.", []),  # an unnamed meeting dates nothing
])
def test_the_finder_offers_events_fiscal_years_seasons_and_meetings(text, expected):
    assert [(p.text, p.rule) for p in period_spans(text)] == expected


def test_a_percentage_after_a_split_year_is_no_season():
    assert period_spans("Its 2025-26 growth of 12% beat forecasts.")[0].text == "2025-26"
    assert not any(p.rule == "period.split_year" for p in period_spans("Orrel holds 2025/12% of the notes."))


@pytest.mark.parametrize("text,expected", [
    ("The franc firmed 0.2% to 0.9318 per euro after the decision.",
     [(0.2, "after the decision"), (0.9318, "after the decision")]),
    ("Dunmore Foods expects revenue to grow 6% this financial year.", [(6.0, "this financial year")]),
])
def test_a_figure_takes_the_new_expressions_as_its_period(extractor, text, expected):
    assert [(c.value, c.period_text) for c in extractor.extract(text, None).claims] == expected


@pytest.mark.parametrize("text,expected", [
    ("Home sales rose 2.4% in June to a seasonally adjusted annual rate of 4.2 million units.", ["in June"]),
    ("Tarsk sees earnings growing at an annual rate of 18% through 2028.", ["through 2028"]),
    ("The annual rate of inflation eased to 2.1% in May from 2.4%.", ["annual", "in May"]),
    ("Orrel raised its annual dividend by 6%.", ["annual"]),
    ("Orrel raised its adjusted annual profit forecast by 5 cents.", ["annual"]),  # an accounting adjustment
])
def test_a_rates_basis_is_no_time(text, expected):
    assert [p.text for p in period_spans(text)] == expected


def test_a_long_sentence_of_figures_gives_each_figure_only_its_neighbourhood(extractor):
    """A table flattened into one sentence: a figure's subject candidates are the names near it, not all of them
    (the cost per figure stays bounded)."""
    from news_sentiment.nlp.claim_subjects import CLAUSE_WINDOW
    from news_sentiment.training.subject_train import Recorder

    text = ", ".join(f"Orrel Unit {chr(65 + i % 26)}{i} rose {i % 9 + 1}% on Monday" for i in range(60)) + "."
    recorder, shipped = Recorder(), extractor.subject_ranker
    extractor.subject_ranker = recorder
    try:
        claims = extractor.extract(text, None).claims
    finally:
        extractor.subject_ranker = shipped
    assert len(claims) == 60
    last = recorder.seen[claims[-1].start]
    names = [c.text for c in last if c.text and re.fullmatch(r"Orrel Unit [A-Z]\d+", c.text) and
             {"src:mention", "src:chunk"} & c.features]  # the memory of earlier subjects is another matter
    assert names and len(names) < 30
    far = [n for n in names if 0 <= text.find(n) < claims[-1].start - CLAUSE_WINDOW - len(n)]
    assert far == []  # 'Orrel Unit B1' ... are far from the last figure


@pytest.mark.parametrize("text,expected", [
    ("Orrel's profit rose 8% in the year to June 30.", ("in the year to June 30", "2025-07-01", "2026-06-30")),
    ("Revenue rose 8% in the year to March 2027.", ("in the year to March 2027", "2026-04-01", "2027-03-31")),
    ("Sales rose 3% in the half to December 31.", ("in the half to December 31", "2026-07-01", "2026-12-31")),
    ("Sales rose 3% in the three months to June 2026.",
     ("in the three months to June 2026", "2026-04-01", "2026-06-30")),  # '2026' is no day of June
])
def test_a_year_or_half_to_a_date_is_one_period_ending_then(text, expected):
    from datetime import date

    from news_sentiment.nlp.periods import normalise_period

    (span,) = period_spans(text)
    assert (span.text, *normalise_period(span.text, date(2026, 12, 6))) == expected
