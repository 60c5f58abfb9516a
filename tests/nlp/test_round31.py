"""Round 31: no name runs over a blank line, a headline's short name is the longer name its summary writes, and a
title-case headline's noun phrase is cut at its verb; on sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.claim_subjects import cut_verb_phrase
from news_sentiment.nlp.records import Mention


def test_no_name_runs_over_a_blank_line(extractor):
    text = ("European Banks Index Jumps 2.4% as Greythorn Results Beat Forecasts\n\nShares in Greythorn Bank rose 7.1% "
            "after the lender reported net profit of 612 million euros.")
    found = extractor.extract(text, None)
    assert all("\n" not in text[m.start:m.end] for m in found.mentions)
    assert {m.text for m in found.mentions if m.start < text.index("\n")} == {"Greythorn"}
    assert not any("Results" in (c.subject or "") for c in found.claims)


def test_the_blank_line_cut_keeps_names_on_one_side():
    import spacy
    from spacy.tokens import Span

    from news_sentiment.nlp.headlines import _cut_at_line_breaks

    doc = spacy.blank("en").make_doc("Kestrel Motors Beat\n\nHarwell Energy said")
    whole = Span(doc, 0, len(doc), label="ORG")
    assert [e.text for e in _cut_at_line_breaks(doc, [whole])] == ["Kestrel Motors Beat", "Harwell Energy said"]
    one = Span(doc, 0, 2, label="ORG")
    assert _cut_at_line_breaks(doc, [one]) == [one]
    wrapped = spacy.blank("en").make_doc("Kestrel Motors\nHoldings rose")  # a hard wrap inside a name
    name = Span(wrapped, 0, 4, label="ORG")
    assert _cut_at_line_breaks(wrapped, [name]) == [name]


def _mention(name: str, start: int) -> Mention:
    return Mention(name=name, kind="company", ticker=None, text=name, start=start, end=start + len(name))


@pytest.mark.parametrize(("subject", "mentions", "expected"), [
    ("European Banks Index Jumps", (), "European Banks Index"),
    ("Asian Steel Output Falls", (), "Asian Steel Output"),
    ("Norland Stocks Is", (), "Norland Stocks"),
    ("rate cuts", (), "rate cuts"),  # lower case: no headline
    ("Capital Gains Partners", (("Capital Gains Partners", 0),), "Capital Gains Partners"),  # a name found whole
    ("Gains Capital", (), None),  # a verb first: a headline's verb phrase, as before
])
def test_a_headline_s_noun_phrase_is_cut_at_its_verb(subject, mentions, expected):
    found = [_mention(name, start) for name, start in mentions]
    assert cut_verb_phrase(subject, found, 0, 100) == expected


def test_a_headline_s_short_name_takes_the_longer_name_of_its_summary(extract):
    r = extract("Greythorn Profit Jumps 5%\n\nGreythorn Bank said profit rose 5% to 612 million euros.")
    assert [(m.text, m.name) for m in r.mentions] == [("Greythorn", "Greythorn Bank"), ("Greythorn Bank",
                                                                                         "Greythorn Bank")]
    assert all("Jumps" not in (c.subject or "") for c in r.claims)


def test_a_place_before_an_office_named_after_it_stays_the_place(extract):
    r = extract("Tennessee will gain 900 jobs at the new plant, the Tennessee Department of Labor said on Monday.")
    assert ("Tennessee", "place") in [(m.name, m.kind) for m in r.mentions]


def test_a_poll_is_never_remembered_as_what_later_figures_are_about(extractor, ranker_candidates):
    text = ("The Bank of Norland kept its key rate at 4.25% on Tuesday, as forecast by 27 of 30 economists in a Harwick "
            "poll. Economists at Quellin Capital still expect two 25-basis-point cuts by May.")
    later = ranker_candidates(text, "25-basis")
    assert not any("poll" in (c.text or "") and "src:memory" in c.features for c in later)
    claim = next(c for c in extractor.extract(text, None).claims if c.value == 0.25)
    assert "poll" not in (claim.subject or "")
