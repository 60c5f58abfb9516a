"""A claim's subject as the text writes it, the knowledge base's name and id apart (nlp/subject_forms.py).
Sentences written for these tests."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.records import Mention
from news_sentiment.nlp.subject_forms import SubjectName, defined_abbreviations, subject_name, written_form


def _mention(text: str, surface: str, name: str, kb_id: str | None, kind: str = "company", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(name, kind, None, surface, start, start + len(surface), kb_id=kb_id)


@pytest.mark.parametrize("surface,expected", [
    ("Halden Foods Cos Inc", "Halden Foods"),
    ("Marlowe & Co", "Marlowe"),
    ("$HLD", "HLD"),
    ("Halden's", "Halden"),
    ("Arden Tech stocks", "Arden Tech"),
    ("Arden 40 index", "Arden 40"),
    ("Arden Tech Index", "Arden Tech Index"),  # a capital 'Index' is part of the name
    ("broader Arden 40", "Arden 40"),
    ("the Arden 40", "Arden 40"),
])
def test_written_form_drops_suffixes_and_generic_heads(surface, expected):
    assert written_form(surface) == expected


def test_the_texts_spelling_with_the_kb_entity_apart():
    text = "Halden Foods Cos Inc said sales rose 4%, and Halden shares gained 2%."
    ms = [_mention(text, "Halden Foods Cos Inc", "Halden Foods Companies", "halden-foods"),
          _mention(text, "Halden", "Halden Foods Companies", "halden-foods", nth=1)]
    # the fullest form the text gives the entity, without its legal suffix
    assert subject_name("Halden Foods Companies", ms, text) == SubjectName(
        "Halden Foods", "Halden Foods Companies", "halden-foods", ("subject.as_written",))


def test_the_canonical_name_when_the_text_writes_it():
    text = "The Norland Reserve Bank held rates; the NRB sees inflation at 3%."
    ms = [_mention(text, "Norland Reserve Bank", "Norland Reserve Bank", "nrb", "organization"),
          _mention(text, "NRB", "Norland Reserve Bank", "nrb", "organization")]
    assert subject_name("Norland Reserve Bank", ms, text) == SubjectName("Norland Reserve Bank", "Norland Reserve Bank",
                                                                         "nrb")


def test_an_abbreviation_the_text_defines_is_its_long_form():
    text = "Port operator Vastra Hamnar de Lund (VHL) handled 3m boxes. VHL shares rose 5%."
    ms = [_mention(text, "VHL", "VHL Logistics", "vhl-logistics", nth=1)]
    assert defined_abbreviations(text) == {"VHL": (text.index("Vastra"), text.index(" (VHL)"))}
    # the long form is no linked mention: the text's spelling, and the abbreviation's link is kept
    assert subject_name("VHL Logistics", ms, text) == SubjectName(
        "Vastra Hamnar de Lund", "VHL Logistics", "vhl-logistics",
        ("subject.as_written", "subject.abbreviation_defined"))


def test_an_abbreviation_that_only_spells_an_earlier_name_stays_as_written():
    """No rule for '... Bremer Ostsee Reederei ... BOR shares' (it fired on one record only): BOR stays BOR."""
    text = "The state sold a 5% stake in shipper Bremer Ostsee Reederei on Monday. BOR shares fell 3.1%."
    ms = [_mention(text, "Bremer Ostsee Reederei", "Bremer Ostsee Reederei", "bremer-ostsee"),
          _mention(text, "BOR", "Borrow Corp", "borrow-corp")]
    assert subject_name("Borrow Corp", ms, text) == SubjectName("BOR", "Borrow Corp", "borrow-corp",
                                                                ("subject.as_written",))


@pytest.mark.parametrize("subject,expected", [
    ("Copper prices", "Copper"),
    ("European gas prices", "European gas"),
    ("consumer prices", "consumer prices"),  # not a commodity: a statistic
    ("Share prices", "Share prices"),
    ("Cocoa futures", "Cocoa futures"),
])
def test_a_commoditys_generic_head_goes(subject, expected):
    got = subject_name(subject, [], f"{subject} rose 2% this week.")
    assert got == SubjectName(expected, rules=("subject.commodity_head",) if expected != subject else ())


def test_unlinked_and_empty_subjects_are_kept():
    assert subject_name(None, [], "x") == SubjectName(None)
    assert subject_name("the company", [], "The company said sales rose 3%.") == SubjectName("the company")


def test_extracted_claim_names_its_subject_as_written(extract):
    res = extract("The Stoxx 600 index fell 1.2% on Tuesday, its worst day in a month.")
    c = next(c for c in res.claims if c.value == 1.2)
    assert (c.subject, c.subject_entity, c.subject_id) == ("Stoxx 600", "Stoxx Europe 600", "stoxx-europe-600")
    assert c.to_json()["subject_id"] == "stoxx-europe-600"
