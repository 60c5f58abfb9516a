"""Round 31: no name runs over a blank line, a short title-case headline with a figure is re-read, a headline's short
name is the longer name its summary writes, and a poll is never what later figures are about; on sentences we wrote
(invented companies and places)."""

from __future__ import annotations

import pytest



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
    edged = spacy.blank("en").make_doc("Orvane Biotech\n\n- Kestrel Motors")
    assert [e.text for e in _cut_at_line_breaks(edged, [Span(edged, 0, len(edged), label="ORG")])] == [
        "Orvane Biotech", "Kestrel Motors"]
    wrapped = spacy.blank("en").make_doc("Kestrel Motors\nHoldings rose")  # a hard wrap inside a name
    name = Span(wrapped, 0, 4, label="ORG")
    assert _cut_at_line_breaks(wrapped, [name]) == [name]


def test_a_headline_s_short_name_takes_the_longer_name_of_its_summary(extract):
    r = extract("Greythorn Profit Jumps 5%\n\nGreythorn Bank said profit rose 5% to 612 million euros.")
    assert [(m.text, m.name) for m in r.mentions] == [("Greythorn", "Greythorn Bank"), ("Greythorn Bank",
                                                                                         "Greythorn Bank")]
    assert all("Jumps" not in (c.subject or "") for c in r.claims)


@pytest.mark.parametrize("text,short", [
    # a parent named before its unit, in the body: two companies
    ("Greythorn said group profit rose 5% in 2025, while its unit Greythorn Bank grew profit 9%.", "Greythorn"),
    ("Orvane reported revenue up 6% on Tuesday. Separately, Orvane Ventures, a fund it backs, raised 40 million "
     "euros.", "Orvane"),
    # a place in a headline before the office named after it in the summary
    ("Norland Adds 900 Jobs in May\n\nNorland will gain 900 jobs, the Norland Department of Labor said.", "Norland"),
])
def test_only_a_headline_s_short_name_takes_a_longer_name_written_after_it(extract, text, short):
    first = next(m for m in extract(text).mentions if m.text == short)
    assert first.name == short


def test_a_line_that_is_only_a_name_is_no_headline_to_reread(extract):
    r = extract("Second Harbour Capital\n\nSecond Harbour Capital said assets rose 8% in the year.")
    assert r.mentions[0].text == "Second Harbour Capital"  # 'Second' is no number to make it a headline


def test_a_poll_is_never_remembered_as_what_later_figures_are_about(extractor, ranker_candidates):
    text = ("The Bank of Norland kept its key rate at 4.25% on Tuesday, as forecast by 27 of 30 economists in a Harwick "
            "poll. Economists at Quellin Capital still expect two 25-basis-point cuts by May.")
    later = ranker_candidates(text, "25-basis")
    assert not any("poll" in (c.text or "") and "src:memory" in c.features for c in later)
    claim = next(c for c in extractor.extract(text, None).claims if c.value == 0.25)
    assert "poll" not in (claim.subject or "")


@pytest.mark.parametrize("name,poll", [("Reuters poll", True), ("Harwick poll's", True), ("economists polled", True),
                                        ("consumer confidence survey", False), ("Polled Capital", False)])
def test_which_names_are_polls(name, poll):
    from news_sentiment.nlp.claim_subjects import POLL_NAME

    assert bool(POLL_NAME.search(name)) is poll
