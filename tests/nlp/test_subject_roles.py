"""The parts names play in a text (who rates, forecasts or is cited, what is rated) and the subject's spelling,
on sentences we wrote (invented firms); no spaCy model needed."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.claim_subjects import short_subject
from news_sentiment.nlp.records import Mention
from news_sentiment.nlp.subject_roles import Role, is_forecaster, mention_roles


def mentions(text: str, *names: tuple[str, str]) -> list[Mention]:
    """Mentions of each (surface, kind) at its every occurrence in ``text``."""
    out = []
    for surface, kind in names:
        at = text.find(surface)
        while at >= 0:
            out.append(Mention(surface, kind, None, surface, at, at + len(surface)))
            at = text.find(surface, at + 1)
    return out


def roles(text: str, *names: tuple[str, str]) -> dict[str, frozenset[Role]]:
    return mention_roles(text, mentions(text, *names))


@pytest.mark.parametrize("text", [
    "Kestrel Securities cut Orrel Motors to hold with a 30-dollar target.",
    "Kestrel Securities raised its price target on Orrel Motors to $48 from $40.",
    "Kestrel Securities set a price target of 2,450 pence on Orrel Motors.",
    "Kestrel Securities starts Orrel Motors at outperform.",
])
def test_a_firm_that_rates_and_the_company_it_rates(text):
    found = roles(text, ("Kestrel Securities", "company"), ("Orrel Motors", "company"))
    assert Role.RATES in found["Kestrel Securities"] and Role.RATED not in found["Kestrel Securities"]
    assert Role.RATED in found["Orrel Motors"]
    assert is_forecaster(found["Kestrel Securities"]) and not is_forecaster(found["Orrel Motors"])


@pytest.mark.parametrize("text,firm", [
    ("Analysts at Fenwick Partners expect the index to rise 5%.", "Fenwick Partners"),
    ("Sales rose 4%, according to Delmar Research.", "Delmar Research"),
    ("Earnings beat the Harlow Data consensus of $1.10 a share.", "Harlow Data"),
    ('"The euro looks cheap," said Ana Ruiz, head of currency strategy at Brennan Bank.', "Brennan Bank"),
])
def test_a_firm_cited_as_the_source_of_figures(text, firm):
    found = roles(text, (firm, "company"), ("Ana Ruiz", "person"))
    assert Role.SOURCE in found[firm] and Role.RATED not in found[firm]
    assert is_forecaster(found[firm])
    assert "Ana Ruiz" not in found  # people only point at their firm


def test_a_company_that_forecasts_its_own_sales_and_is_rated_is_no_forecaster():
    text = "Quillmark Foods expects sales to grow 5%. Kestrel Securities upgraded Quillmark Foods to buy."
    found = roles(text, ("Quillmark Foods", "company"), ("Kestrel Securities", "company"))
    assert found["Quillmark Foods"] == {Role.FORECASTS, Role.RATED}
    assert not is_forecaster(found["Quillmark Foods"]) and is_forecaster(found["Kestrel Securities"])


def test_a_plain_company_sentence_gives_no_roles():
    found = roles("Orrel Motors sold 120,000 cars in March, up 4%.", ("Orrel Motors", "company"))
    assert found == {"Orrel Motors": frozenset()}


@pytest.mark.parametrize("subject,names,expected", [
    ("Britain", (("Britain", "place"),), "Britain"),  # round 26: an economy as the text writes it
    ("UK", (("Britain", "place"),), "Britain"),
    ("US", (), "US"),  # the text never names it (a Fed figure): its short name
    ("Britain", (), "Britain"),  # not named as a place in the text: left alone
    ("Orrel Motors <ORL.N>", (), "Orrel Motors"),
    ("Orrel Motors <ORL.N", (), "Orrel Motors"),
    ("U.S. crude", (), "U.S. crude"),  # the text's own spelling
    (None, (), None),
])
def test_a_subject_is_spelled_as_the_text_writes_it(subject, names, expected):
    text = " ".join(n for n, _ in names)
    assert short_subject(subject, mentions(text, *names)) == expected


def test_an_economy_named_by_its_short_name_takes_the_text_s_spelling():
    us = Mention("United States", "place", None, "U.S.", 0, 4)
    assert [short_subject(s, [us]) for s in ("US", "United States")] == ["U.S.", "U.S."]


# ----------------------------------------------------------------------------- round 10 (issue 17)
@pytest.mark.parametrize("text", [
    "Harlow Research trimmed its silver forecast to $31 an ounce.",
    "Fenwick Partners kept Delmar's copper forecast at $9,800 a tonne.",
    "Brennan Bank cut its 2027 Arden 40 target to 8,200.",
])
def test_a_name_inside_a_possessed_forecast_phrase_is_no_forecaster(text):
    named = [n for n in ("Silver", "Copper", "Arden 40") if n.lower() in text.lower()][0]
    at = text.lower().find(named.lower())
    firm = text.split(" trimmed")[0].split(" kept")[0].split(" cut")[0]
    ms = [Mention(firm, "company", None, firm, 0, len(firm)),
          Mention(named, "organization", None, text[at:at + len(named)], at, at + len(named))]
    found = mention_roles(text, ms)
    assert Role.FORECASTS not in found[named] and Role.RATES not in found[named]


@pytest.mark.parametrize("kind", ["commodity", "index", "basket", "product"])
def test_a_market_never_forecasts_rates_or_is_cited(kind):
    text = "Gold forecasts and analysts' views: Gold sees strong demand, according to Gold, up 4%."
    found = roles(text, ("Gold", kind))
    assert not found["Gold"] & {Role.FORECASTS, Role.RATES, Role.SOURCE}


def test_a_firm_before_forecast_as_a_verb_still_forecasts():
    found = roles("Harlow Research forecast gold at $3,100 an ounce.", ("Harlow Research", "company"))
    assert Role.FORECASTS in found["Harlow Research"]
