"""Analysts' firms, the people they employ, regional Reserve Banks, hosted events, hyphenated words, possessed
market values and asides before a share move (issue 11, round 15). Our own sentences, invented names; NER's
answer is fixed where the rule under test is about what NER got wrong."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,ents,name", [
    # a firm NER calls a place, a nationality or a person, before a market job title and a person's name
    ("Qorvane Chief Equity Strategist Jane Doe said stocks looked cheap.", [(0, 1, "GPE"), (4, 6, "PERSON")],
     "Qorvane"),
    ("Brennick analyst Jane Doe cut her price target.", [(0, 1, "NORP"), (2, 4, "PERSON")], "Brennick"),
    ("Harbinger analyst Jane Doe cut her price target.", [(0, 1, "NORP"), (2, 4, "PERSON")], "Harbinger"),
    ("Harlan Pryce analyst Jane Doe raised her price target.", [(0, 2, "PERSON"), (3, 5, "PERSON")],
     "Harlan Pryce"),
    ("QRV chief investment officer Jane Doe expects a rally.", [(0, 1, "LOC"), (4, 6, "PERSON")], "QRV"),
])
def test_the_firm_before_a_market_title_and_a_person_is_an_organisation(with_ents, text, ents, name):
    assert (name, "organization") in with_ents(text, ents)


@pytest.mark.parametrize("text,ents,name,kind", [
    ("Asia strategist Lina Cho said the yen would firm.", [(0, 1, "LOC"), (2, 4, "PERSON")], "Asia", "place"),
    ("Pryce adviser Jane Doe said the bill would pass.", [(0, 1, "PERSON"), (2, 4, "PERSON")], "Pryce", "person"),
    # a person's name counts only before an analyst's, a strategist's or an economist's title
    ("Harlan Pryce director Jane Doe left the board.", [(0, 2, "PERSON"), (3, 5, "PERSON")], "Harlan Pryce",
     "person"),
    # no person's name after the title: no employer
    ("Harlan Pryce analyst notes were upbeat.", [(0, 2, "PERSON")], "Harlan Pryce", "person"),
])
def test_known_places_people_and_other_titles_keep_their_kind(with_ents, text, ents, name, kind):
    assert (name, kind) in with_ents(text, ents)


@pytest.mark.parametrize("text,ents,word", [
    ("German economist Hans Weber expects growth to slow.", [(0, 1, "NORP"), (2, 4, "PERSON")], "German"),
    ("Democrat strategist Tom Hale said the bill would pass.", [(0, 1, "NORP"), (2, 4, "PERSON")], "Democrat"),
    ("Korean analyst Min Park sees exports rising.", [(0, 1, "NORP"), (2, 4, "PERSON")], "Korean"),
])
def test_nationalities_and_parties_are_no_employers(with_ents, text, ents, word):
    assert all(name != word for name, _ in with_ents(text, ents))


def test_two_words_after_an_economists_title_are_a_person_whatever_ner_says(with_ents):
    found = dict(with_ents("Qorvane chief economist Lindsey Marsh said wages were rising.",
                           [(0, 1, "ORG"), (3, 5, "ORG")]))
    assert found["Lindsey Marsh"] == "person" and found["Qorvane"] in ("company", "organization")


def test_a_company_name_after_an_analysts_title_stays_a_company(with_ents):
    found = with_ents("said analyst Quillon Securities in a note.", [(2, 4, "ORG")])
    assert ("Quillon Securities", "company") in found


def test_a_regional_reserve_bank_is_one_organisation(extract):
    mentions = extract("Growth could slow further, Dallas Fed President Jane Doe said on Tuesday.").mentions
    names = [(m.text, m.name, m.kind) for m in mentions]
    assert ("Dallas Fed", "Federal Reserve Bank of Dallas", "organization") in names
    assert all(m.text != "Dallas" for m in mentions)


def test_a_hosted_conference_names_its_host(extract):
    mentions = extract("Executives will speak at the J.P. Morgan Healthcare Conference next week.").mentions
    assert [(m.text, m.name) for m in mentions if m.kind == "organization"] == [("J.P. Morgan", "JPMorgan")]


@pytest.mark.parametrize("text,linked,unlinked", [
    ("The charity promotes economic Self-Reliance in rural towns.", set(), {"Reliance Industries"}),
    ("The Apple-Google deal was approved on Friday.", {"Apple", "Alphabet"}, set()),
    ("Sales of non-Apple phones rose 5% in the quarter.", {"Apple"}, set()),
])
def test_a_hyphenated_word_whose_first_half_is_a_common_word_names_no_company(extract, text, linked, unlinked):
    names = {m.name for m in extract(text).mentions if m.kb_id}
    assert linked <= names and not names & unlinked


@pytest.mark.parametrize("label", ["NORP", "PERSON"])
def test_a_name_with_a_market_capitalisation_is_a_company(with_ents, label):
    found = with_ents("Velmarian's market capitalization dropped more than $2 billion.", [(0, 1, label)])
    assert ("Velmarian", "company") in found


@pytest.mark.parametrize("text", [
    "Alphabet and Meta have lost 30%. Pellmora, however, has gained 21% on the prospect of a buyout.",
    "Pellmora, meanwhile, rose 4% after the results.",
])
def test_an_aside_between_a_name_and_its_share_move(with_ents, text):
    start = 8 if text.startswith("Alphabet") else 0
    assert ("Pellmora", "company") in with_ents(text, [(start, start + 1, "PERSON")])


@pytest.mark.parametrize("text,ents,name", [
    ('"Prices will rise," said Kerr-Anne Holm, a managing director at Tarvo Bank.', [(7, 11, "ORG"), (16, 18, "ORG")],
     "Kerr-Anne Holm"),
    ("Harlow Grant, chief economist of Tarvo Bank, said rates would fall.", [(0, 2, "ORG"), (6, 8, "ORG")],
     "Harlow Grant"),
])
def test_a_name_described_by_a_job_at_a_firm_is_a_person_whatever_ner_says(with_ents, text, ents, name):
    assert (name, "person") in with_ents(text, ents)


@pytest.mark.parametrize("text,ents,name", [
    ("Quillon Securities, a broker at the heart of the deal, said so.", [(0, 2, "ORG")], "Quillon Securities"),
    ("Marlow Vane, a unit of Tarvo Bank, said sales rose.", [(0, 2, "ORG"), (6, 8, "ORG")], "Marlow Vane"),
])
def test_a_firm_described_as_a_firm_stays_one(with_ents, text, ents, name):
    assert dict(with_ents(text, ents))[name] in ("company", "organization")


@pytest.mark.parametrize("text,ents,name", [
    # a later word of no dictionary makes a share move evidence too ('Gateway' is a word, 'Quellparks' none)
    ("Gateway Quellparks gains over 4.5%; earnings beat estimates", [(0, 2, "PERSON")], "Gateway Quellparks"),
    # a results period ends the name NER ran into it
    ("Marrow Tarvo Holdings Q1 Net up 8% at Rs 40 crore", [(0, 5, "ORG")], "Marrow Tarvo Holdings"),
    ("Velmora Textiles Dec qtr net up 26% to Rs 31 cr", [(0, 3, "PERSON")], "Velmora Textiles"),  # a month's quarter
    ("QRSW Sept qtr net up four-fold to Rs 39.89 cr", [], "QRSW"),  # NER missed it: the month is no part of it
])
def test_headline_names_by_their_results_and_moves(with_ents, text, ents, name):
    assert (name, "company") in with_ents(text, ents)


@pytest.mark.parametrize("text,ents", [
    ("Post Q4 earnings, telecoms appear safer bets", [(0, 2, "ORG")]),
    ("Disappointing Q4 show pulls Velmora down to a 2-year low", [(0, 2, "ORG")]),
])
def test_a_common_word_cut_off_by_a_results_period_is_no_name(with_ents, text, ents):
    assert all(t.split()[0] not in ("Post", "Disappointing") for t, _ in with_ents(text, ents))


def test_a_proper_noun_cut_off_by_a_results_period_stays(with_ents):
    assert ("Symphony", "organization") in with_ents("Symphony Q3 net up 35% at Rs 36.51 crore", [(0, 2, "ORG")])


@pytest.mark.parametrize("text,ents,name", [
    # initials joined by '&' are a firm's, never a place
    ("Brokers see 25% downside in Q&R, advise investors to sell", [(6, 9, "GPE")], "Q&R"),
])
def test_headline_company_names(with_ents, text, ents, name):
    assert (name, "company") in with_ents(text, ents)


def test_a_kb_company_and_a_country_make_the_groups_local_company(extract):
    mentions = extract("Siemens India plans to raise its dividend by 20% this year").mentions
    assert [(m.text, m.kind, m.kb_id) for m in mentions] == [("Siemens India", "company", None)]


@pytest.mark.parametrize("text", [
    "Tarvani Works promoter Raj Mehta transfers shares to employees",
    "Tarvani Works gives 70% dividend to shareholders",
    "Tarvani Works declares interim dividend of Rs 5",
    "Tarvani Works announces share buyback",
    "Tarvani Works net losses narrow to Rs 63 crore in Q2",
    "Tarvani Works shares hit upper circuit",
    "Tarvani Works buys back shares worth Rs 500 crore",
    "Tarvani Works may breach all-time high levels: analyst",
])
def test_what_only_a_listed_company_has_types_a_headline_name(with_ents, text):
    assert ("Tarvani Works", "company") in with_ents(text, [(0, 2, "PERSON")])


def test_a_regulators_board_is_no_companys(with_ents):
    assert ("Quarto Authority", "organization") in with_ents("Quarto Authority board approves new listing rules",
                                                             [(0, 2, "ORG")])


@pytest.mark.parametrize("text,ents,name,kind", [
    ("Harlan Pryce bags Rs 231-crore order, stock rallies", [(0, 2, "PERSON")], "Harlan Pryce", "company"),
    ("Velmora ties up with a global brand; stock gains", [(0, 1, "ORG")], "Velmora", "company"),
    # a regulator's report or ban moves another's stock
    ("Quarto Authority reports no issues at the Velmora plant; stock surges", [(0, 2, "ORG"), (8, 9, "ORG")],
     "Quarto Authority", "organization"),
])
def test_an_openers_own_action_then_its_stock_move(with_ents, text, ents, name, kind):
    assert (name, kind) in with_ents(text, ents)


@pytest.mark.parametrize("text", ["QXSF buys back shares worth Rs 500 crore",
                                  "QXSF may breach all-time high levels: analyst"])
def test_initials_ner_missed_are_a_company_on_evidence(with_ents, text):
    assert ("QXSF", "company") in with_ents(text, [])


@pytest.mark.parametrize("text,ents,name,kind", [
    ("Halden Motors will add 1,200 workers at its Ostrava plant.", [(0, 2, "ORG"), (8, 9, "ORG")], "Ostrava",
     "place"),
    ("Halden Motors will add 1,200 workers at its Velkerton plant.", [(0, 2, "ORG"), (8, 9, "ORG")], "Velkerton",
     "organization"),  # no town the gazetteer knows, and a plant may be named after a brand: NER's
    ("Halden Mining will hire 300 at its Velkerton mines.", [(0, 2, "ORG"), (7, 8, "ORG")], "Velkerton", "place"),
    ("Shares rose after the Velkerton plant reopened.", [(4, 5, "ORG")], "Velkerton", "organization"),  # 'the'
])
def test_a_town_before_a_facility_is_where_it_is(with_ents, text, ents, name, kind):
    assert (name, kind) in with_ents(text, ents)
