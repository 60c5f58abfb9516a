"""Kinds of unlinked names NER called places or people (issue 11): the rule kind.unknown-place, which reads the
place gazetteer (models/entities/places.txt), and the learned re-typer's plumbing (nlp/retyper.py). Every sentence
is written for these tests; the names are invented unless a test is about the gazetteer."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.records import Mention

COMPANYISH = ("company", "organization")


def _kind(result, name):
    found = [m.kind for m in result.mentions if m.text == name]
    assert found, [(m.text, m.kind) for m in result.mentions]
    return found[0]


@pytest.mark.parametrize("text,name", [
    ("Germany may take a stake of more than 30% in Zorvexa over concerns about its credit rating.", "Zorvexa"),
    ("Investors in Kestrava, formerly known as Pallmore Energy, will receive new shares.", "Kestrava"),
])
def test_a_place_no_gazetteer_knows_is_an_organisation(extract, text, name):  # kind.unknown-place
    assert _kind(extract(text), name) in COMPANYISH


def test_known_places_stay_places(extract):
    r = extract("Germany may take a stake of more than 30% in Zorvexa over concerns about its credit rating.")
    assert _kind(r, "Germany") == "place"


def test_words_that_put_a_name_on_a_map_keep_the_place(extract):
    assert _kind(extract("The plant near Velkerton will reopen in May."), "Velkerton") == "place"


def _place(doc, word):
    start = doc.text.index(word)
    return Mention(name=word, kind="place", ticker=None, text=word, start=start, end=start + len(word))


@pytest.mark.parametrize("text,word,kind", [
    ("Output at Zorvexa rose.", "Zorvexa", "organization"),
    ("Output at Toronto rose.", "Toronto", "place"),                # in the gazetteer (GeoNames)
    ("Output at Zorvexa France rose.", "Zorvexa", "place"),         # the first word of a longer name
    ("Output at CZ rose.", "CZ", "place"),                          # initials
    ("Output in the town of Zorvexa rose.", "Zorvexa", "place"),
    ("Output in Zorvexa province rose.", "Zorvexa", "place"),
])
def test_unknown_place_rule_on_set_labels(extractor, text, word, kind):
    from news_sentiment.nlp.entities import unknown_places

    doc = extractor.nlp.make_doc(text)
    assert [m.kind for m in unknown_places(doc, [_place(doc, word)], set())] == [kind]


def test_a_name_the_text_gives_a_person_keeps_its_kind(extractor):
    from news_sentiment.nlp.entities import unknown_places

    doc = extractor.nlp.make_doc("Anna Zorvexa spoke. Zorvexa rose.")
    person = Mention(name="Anna Zorvexa", kind="person", ticker=None, text="Anna Zorvexa", start=0, end=12)
    place = Mention(name="Zorvexa", kind="place", ticker=None, text="Zorvexa", start=20, end=27)
    assert [m.kind for m in unknown_places(doc, [person, place], set())] == ["person", "place"]


def test_the_gazetteer_holds_places_not_companies():
    from news_sentiment.nlp.retyper import place_names

    names = place_names()
    assert {"germany", "toronto", "texas", "bangalore", "england", "africa"} <= names
    assert not {"apple", "uniper", "foxconn", "microsoft"} & names


# ----------------------------------------------------------------------------- the learned re-typer's plumbing
def test_retyper_features_never_hold_the_name(extractor, monkeypatch):
    comp = extractor.entity_links
    monkeypatch.setattr(comp, "retyper", None)
    monkeypatch.setattr(comp, "collect", [])
    extractor.extract("A lawsuit was filed against Quorble by its employees, Jane Miller said.")
    assert comp.collect, "no candidate collected"
    for mention, feats in comp.collect:
        assert feats and not any(mention.text.lower() in f.lower() for f in feats)


def test_retyper_round_trip_and_threshold(tmp_path, extractor, monkeypatch):
    from news_sentiment.nlp.linear import LinearModel
    from news_sentiment.nlp.retyper import Retyper

    model = LinearModel(classes=("keep", "org"), index={"kind:person": 0}, weights=((-2.0, 2.0),),
                        intercept=(0.0, 0.0))
    path = tmp_path / "retyper.json"
    Retyper(model, 0.9).save(path)
    loaded = Retyper.load(path)
    assert loaded.threshold == 0.9 and loaded.model.index == model.index
    assert round(loaded.probability(["kind:person"]), 3) == round(1 / (1 + pow(2.718281828, -4)), 3)
    comp = extractor.entity_links
    monkeypatch.setattr(comp, "retyper", Retyper(model, 0.5))  # every unlinked person becomes an organisation
    r = extractor.extract("Jane Miller said so.")
    assert [m.kind for m in r.mentions if m.text == "Jane Miller"] == ["organization"]
    monkeypatch.setattr(comp, "retyper", Retyper(model, 0.99))
    r = extractor.extract("Jane Miller said so.")
    assert [m.kind for m in r.mentions if m.text == "Jane Miller"] == ["person"]
