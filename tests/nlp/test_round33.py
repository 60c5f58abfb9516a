"""Round 33: a figure of a part of a whole ('The autos sub-index sank 2.3%'), the possessor of a figure's own phrase
("the yen's 12% decline"), analysts who speak are no subject, and a metal's word in an idiom ('a silver lining');
on sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest




def test_a_sector_sub_index_is_named_with_its_index(claim_at):
    text = ("European shares slipped on Tuesday, with the STOXX 600 down 0.4%. The autos sub-index sank 2.3%, "
            "while the banking index added 1.1%.")
    assert claim_at(text, "0.4%").subject == "STOXX 600"
    sub = claim_at(text, "2.3%")
    assert sub.subject == "STOXX 600 autos sub-index"
    assert sub.subject_id is None  # a sub-index's fall is never checked against its index's prices
    # the memory keeps the whole: the next sector is the index's too, not the autos sub-index's
    assert claim_at(text, "1.1%").subject == "STOXX 600 banking index"


def test_a_statistic_of_an_economy_keeps_its_name(claim_at):
    text = ("Euro zone inflation eased to 2.1% in May. Services inflation held at 3.7%, while core inflation "
            "dipped to 2.6%.")
    assert claim_at(text, "2.1%").subject == "Euro zone"  # the headline figure is the economy's
    assert claim_at(text, "3.7%").subject == "Euro zone services inflation"
    assert claim_at(text, "2.6%").subject == "Euro zone core inflation"


def test_a_unit_of_a_company_and_a_sector_of_an_index(claim_at):
    text = "Harlow Group said revenue rose 4% to $2.1 billion. Its cloud unit's sales jumped 19%."
    assert claim_at(text, "19%").subject.endswith("cloud unit")
    assert claim_at(text, "4%").subject == "Harlow"
    text = "The Nikkei fell 1.2%, dragged by a 3.1% drop in its electronics sector."
    assert claim_at(text, "3.1%").subject.endswith("electronics sector")
    assert claim_at(text, "1.2%").subject == "Nikkei"


@pytest.mark.parametrize("text, figure", [
    # a part must be a part of what the rules named: a company has no sub-index
    ("The autos sub-index, which sank 2.7% after Vellmar Motors cut its outlook, led the decline.", "2.7%"),
    # the whole word of an index ('the benchmark index') is the index itself
    ("The Kospi closed at 2,610. The benchmark index rose 0.8% on the day.", "0.8%"),
    # headline inflation is the economy's own figure
    ("Norway's headline inflation rose to 3.1% in June.", "3.1%"),
])
def test_no_part_where_the_phrase_names_no_part_of_that_whole(claim_at, text, figure):
    subject = claim_at(text, figure).subject or ""
    assert not subject.endswith(("sub-index", "benchmark index", "inflation"))


def test_the_possessor_of_the_figure_s_own_phrase_is_a_candidate(ranker_candidates):
    text = "The yen's 12% decline this year has helped exporters."
    assert "The yen" in {c.text for c in ranker_candidates(text, "12%")}


def test_analysts_who_speak_are_no_candidate(ranker_candidates):
    text = "Analysts at Harwick Bank put the cost at around 250 million euros."
    assert "Analysts" not in {c.text for c in ranker_candidates(text, "250")}
    text = "About 85% of analysts in the survey expect a cut."
    assert "analysts" in {(c.text or "").lower() for c in ranker_candidates(text, "85%")}


def test_a_metal_in_an_idiom_is_no_commodity(extract):
    text = "Exporters may find a silver lining in the weaker currency, while gold rose 1.1%."
    kinds = {m.text: m.kind for m in extract(text).mentions}
    assert "silver" not in kinds
    assert kinds.get("gold") == "product"


@pytest.mark.parametrize("text, figure", [
    ("Shares of Velmora slid 3.4% following a price target cut by Calder Rowe.", "3.4%"),
    ("Dornbach shares are at the bottom of the STOXX 600, losing 5.2%, after a target cut from Harwick Bank.",
     "5.2%"),
])
def test_a_move_a_broker_s_target_caused_is_an_actual(claim_at, text, figure):
    assert claim_at(text, figure).modality == "actual"


def test_a_target_itself_stays_a_target(claim_at):
    text = "Orrin Foods rose 2.1% after Jefferson-Rowe raised its price target to $88."
    assert claim_at(text, "$88").modality == "target"
    assert claim_at(text, "2.1%").modality == "actual"


def test_the_clause_s_subject_of_a_comma_adjunct_is_marked_for_the_ranker(ranker_candidates):
    text = "Pelham Foods was the worst performer on the FTSE 250, down 6%, after a downgrade."
    marked = {c.text for c in ranker_candidates(text, "6%") if "adjunct_subject" in c.features}
    assert marked == {"Pelham Foods"}
    # an adjunct with an object of its own is that object's move
    text = "Brent rose to $80 a barrel, lifting Orrel Energy 2%."
    assert not any("adjunct_subject" in c.features for c in ranker_candidates(text, "2%"))


def _kinds(extract, text: str) -> dict[str, str]:
    return {m.text: m.kind for m in extract(text).mentions}


@pytest.mark.parametrize("text, name, kind", [
    # a feed item's summary describes its headline's name as a company
    ("Brennan Marsh raises full-year outlook\n\nThe Dublin-based insurer now expects premiums to grow 6%.",
     "Brennan Marsh", "company"),
    # a person's appointment stays a person's, whatever the summary calls the company
    ("Delia Brandt named chair of Orvik\n\nThe carmaker said she takes over in May.", "Delia Brandt", "person"),
    # a name in apposition to a title
    ("Ashcombe's chief economist, Priya Ramaswamy, said she still expected prices to rise.", "Priya Ramaswamy",
     "person"),
    # a country's possessive before a list member is no member
    ("Fenwick downgraded Italy's Banca Moncorvina <BMCV.MI> and Portugal's Banco Alcoveia <BALC.LS>.",
     "Portugal", "place"),
    ("The selloff dragged down peers such as Italy's Credito Valmonte, which lost 3.4%.", "Credito Valmonte",
     "company"),
    # a longer name after a place the KB knows, that the gazetteer knows as a city
    ("Its shares were up 2.4% in afternoon trading in Mexico City.", "Mexico City", "place"),
    # gas benchmarks by their hubs
    ("Dutch TTF front-month gas futures rose 5.4% to 41.20 euros per megawatt hour.", "Dutch TTF", "product"),
])
def test_round33_entity_kinds(extract, text, name, kind):
    assert _kinds(extract, text).get(name) == kind


def test_a_headline_source_tag_is_cut_from_a_name(extract):
    text = "Tianrui Auto's September sales up 34%, trailing rival Huaxing - data"
    assert "Huaxing" in _kinds(extract, text)


def test_emerging_markets_are_no_organisation(extract):
    assert "EM" not in _kinds(extract, "An index of EM currencies added 0.3%, while EM stocks fell.")


@pytest.mark.parametrize("text, figure, subject", [
    # a statistic named without its whole, after a figure of the whole
    ("Home sales in Canada rose 3.2% in August from July, while new listings fell 2.4%.", "2.4%",
     "Canada new listings"),
    ("Copper rose 1.4% on Wednesday. Analysts said a supply deficit of 180,000 tons could push prices higher.",
     "180,000", "Copper supply deficit"),
])
def test_a_statistic_named_without_its_whole_takes_the_whole_before(claim_at, text, figure, subject):
    assert claim_at(text, figure).subject == subject


def test_a_phrase_naming_another_owner_takes_no_whole(claim_at):
    text = "Corn futures rose 1.2% on Monday. The winter wheat crop is seen at 52 million tonnes."
    assert not (claim_at(text, "52 million").subject or "").startswith("Corn")


def test_a_measure_s_period_is_no_part(claim_at):
    text = "Brazil's central bank held rates. Twelve-month inflation stood at 5.1% in mid-October."
    assert "twelve-month" not in (claim_at(text, "5.1%").subject or "").lower()


@pytest.mark.parametrize("text, figure, period", [
    ("Norland's May exports rise 6.8%, beating forecasts", "6.8%", "May"),
    ("Tarvik May deliveries climb 41% as cheaper SUVs lift demand", "41%", "May"),
    ("Sales may rise 5% next year, the company said.", "5%", "next year"),  # the verb stays a verb
])
def test_a_month_before_a_figure_noun_is_its_period(claim_at, text, figure, period):
    assert claim_at(text, figure).period_text == period


@pytest.mark.parametrize("text, figure, speaker", [
    ("Gold could reach $4,600 by end-2027 - Marlowe Bank", "$4,600", "Marlowe Bank"),
    ("Tarvik nears $1.7 bln settlement over plant fire - Bloomberg", "$1.7", "Bloomberg"),
    # a ticker's own move in brackets is the market's, whatever source closes the headline
    ("$TRVK (+4.5% pre) Tarvik nears deal to sell its games unit for $4 billion - Bloomberg", "4.5%", None),
])
def test_a_source_after_a_headline_s_dash_speaks(extract, claim_at, text, figure, speaker):
    assert claim_at(text, figure).speaker == speaker
    assert "Marlowe Bank" in {m.text for m in extract(text).mentions} or "Marlowe" not in text


def test_a_plant_named_for_its_site_is_a_place(extract):
    kinds = _kinds(extract, "Nordvik Energi said maintenance at its Sørhavn processing plant would cut exports.")
    assert kinds.get("Sørhavn") == "place"
    assert _kinds(extract, "Orvik said its Zephyr trainers sold well.").get("Zephyr") == "product"
