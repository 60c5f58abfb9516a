"""The source a sentence names becomes its claims' speaker (sentences written for these tests)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.attribution import sentence_speaker
from news_sentiment.nlp.records import Mention


def mention(text: str, surface: str, kind: str, name: str | None = None) -> Mention:
    start = text.index(surface)
    return Mention(name or surface, kind, None, surface, start, start + len(surface))


@pytest.mark.parametrize("text, who, kind, expected", [
    ("Sales at Acme rose 4%, according to Nielsen.", "Nielsen", "organization", "Nielsen"),
    ("Acme Corp <ACME.N> said revenue rose 4% in the quarter.", "Acme Corp", "company", "Acme Corp"),
    ("Copper could reach $11,000 a tonne, Jane Roe, an analyst at Example Bank, said.", "Jane Roe", "person",
     "Jane Roe"),
    ("Copper could reach $11,000 a tonne, said Jane Roe.", "Jane Roe", "person", "Jane Roe"),
    ("Jane Roe, an analyst at Example Bank, expects copper at $11,000 by June.", "Jane Roe", "person", "Jane Roe"),
    ("Shares of Acme rose 4% on Monday.", "Acme", "company", None),
])
def test_named_sources(text, who, kind, expected):
    assert sentence_speaker(text, 0, len(text), [mention(text, who, kind)]) == expected


def test_the_person_of_a_firm_speaks():
    text = "Growth could slow by 1%, Northgate's Alex Byrne says."
    mentions = [mention(text, "Northgate", "company"), mention(text, "Alex Byrne", "person")]
    assert sentence_speaker(text, 0, len(text), mentions) == "Alex Byrne"


@pytest.mark.parametrize("text, expected", [
    ("Bank Nifty may test 52,000 levels next week: Ravi Kumar", "Ravi Kumar"),
    ("Sell Acme Steel with a target of Rs 120: Meera Shah, Example Securities", "Meera Shah"),
    ("Acme Steel shares: 5 things to know", None),
])
def test_headline_closing_with_its_source(text, expected):
    assert sentence_speaker(text, 0, len(text), []) == expected


def test_extraction_sets_the_speaker(extract):
    res = extract("Acme Corp said its revenue rose 12% to $4.1 billion in the third quarter.", None)
    assert {c.speaker for c in res.claims} == {"Acme"} or {c.speaker for c in res.claims} == {"Acme Corp"}
