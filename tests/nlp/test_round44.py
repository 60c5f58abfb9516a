"""Round 44: a group named by some of its members ('Steelmakers such as Harwin Steel ... fell 2%'), with or without
instrument codes, keeps the figure of its clause; a sector's index in an absolute clause ('Insurers lagged, with the
sector index down 0.7%') is the sector's; a national statistics office ('Statistics Norway') is an organisation that
states its country's figures, not their subject; an unlinked cashtag is the company whose name its letters spell;
'the department store said' speaks for the company named before; a call's word ('target') is never a subject; grain
quotes in eighths, ratios, volume targets and currency levels read right; on sentences we wrote (invented companies
and countries, real statistics offices' naming)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, figure, subject", [
    ("Steelmakers such as Harwin Steel, Ostrava Metals and Kilden Works fell between 1% and 3% on Monday.", "1%",
     "Steelmakers"),
    ("Big European lenders, including Baxter Bank and Corvane Group, gained 2.4% on Monday.", "2.4%",
     "Big European lenders"),
    ("Regional banks led by Pinecrest Financial and Olmos Bancorp slid 4% in early trade.", "4%", "Regional banks"),
    ("Crypto-linked stocks such as Minto Exchange slid 5% before the bell.", "5%", "Crypto-linked stocks"),
])
def test_a_group_named_by_its_members_keeps_its_figure(claim_at, text, figure, subject):
    assert claim_at(text, figure).subject == subject


@pytest.mark.parametrize("text, figure, subject", [
    ("Harwin Steel, a maker of rails such as the Kilden line, rose 3% on Monday.", "3%", "Harwin Steel"),
    ("Pinecrest Financial rose 2% after rivals such as Olmos Bancorp cut their forecasts.", "2%",
     "Pinecrest Financial"),
])
def test_a_member_list_elsewhere_does_not_take_the_figure(claim_at, text, figure, subject):
    assert claim_at(text, figure).subject == subject


@pytest.mark.parametrize("text, figure, subject", [
    ("Insurers lagged, with the sector index down 0.7%, while miners rose 1.1%.", "0.7%", "Insurers"),
    ("Luxury stocks offered some support, with the sector gaining 1.2%.", "1.2%", "Luxury stocks"),
    ("Miners were the biggest drag, with the group falling 2.2% as copper slid.", "2.2%", "Miners"),
])
def test_the_sector_index_is_the_sector_of_its_clause(claim_at, text, figure, subject):
    assert claim_at(text, figure).subject == subject


def test_a_named_company_keeps_its_figure_beside_the_group(claim_at):
    assert claim_at("Orrel Foods fell 3%, with the group posting its worst day since May.", "3%").subject == \
        "Orrel Foods"


@pytest.mark.parametrize("text, figure, place, office", [
    ("Output rose 1.1% in the quarter, Statistics Norway said on Monday.", "1.1%", "Norway", "Statistics Norway"),
    ("Statistics Canada said retail sales fell 0.4% in March.", "0.4%", "Canada", "Statistics Canada"),
])
def test_a_statistics_office_states_its_countrys_figure(extractor, claim_at, text, figure, place, office):
    claim = claim_at(text, figure)
    assert (claim.subject, claim.speaker, claim.metric) == (place, office, "macro")
    kinds = {m.name: m.kind for m in extractor.extract(text).mentions}
    assert kinds.get(office) == "organization" and place not in kinds


def test_a_described_store_speaks_for_the_company(claim_at):
    text = "Orrel Retail reported on Tuesday. The department store said comparable sales rose 3.8% in the quarter."
    assert claim_at(text, "3.8%").speaker == "Orrel Retail"


@pytest.mark.parametrize("text, name", [
    ("$NVTX (+5.4% pre) Novatrix announces exercise of underwriter option", "Novatrix"),
    ("$CLR - Caldera Lithium Resources suspends dividend", "Caldera Lithium Resources"),
    ("$TWLO - Twilvo gets a Street-low target on virus risk", "Twilvo"),
    ("$OC - Orvane Chemicals declares $0.25 dividend", "Orvane Chemicals"),
])
def test_a_cashtag_is_the_company_its_letters_spell(extractor, text, name):
    found = [(m.text, m.name, m.kind) for m in extractor.extract(text).mentions]
    code = text.split()[0]
    assert (code, name, "company") in found, found


@pytest.mark.parametrize("text, code", [
    ("$FAS $FAZ - Fed revives lending facility to bolster markets", "$FAS"),     # 'Fed' does not spell it
    ("$BNTC $MYO - Boravelle Pharmaceutical leads healthcare gainers", "$BNTC"),  # letters spread over words
])
def test_a_cashtag_whose_letters_spell_no_name_keeps_its_code(extractor, text, code):
    assert any(m.text == code and m.name == code[1:] for m in extractor.extract(text).mentions)


def test_the_cashtags_company_is_the_subject_of_its_move(claim_at):
    assert claim_at("$NVTX (+5.4% pre) Novatrix announces exercise of underwriter option", "5.4%").subject == "Novatrix"


@pytest.mark.parametrize("text, figure, subject", [
    ("Mapleridge Capital has bought a 19.9% stake in Corrowa Motorways. The Toronto-based fund paid A$14.20 per "
     "share.", "A$14.20", "Mapleridge Capital"),
    ("Orrel Pharma said its drug cut tumours in 44% of patients. The biotech expects sales of $1.2 billion by 2028.",
     "$1.2 billion", "Orrel Pharma"),
])
def test_a_fund_or_a_biotech_described_is_the_one_named_before(claim_at, text, figure, subject):
    assert claim_at(text, figure).subject == subject


def test_a_description_made_of_a_place_adjective_is_the_company_named_before(claim_at):
    text = ("Orvel Auto's September sales up 34%, trailing rival Kestrel - data\n\nThe Shenzhen-based automaker sold "
            "112,600 vehicles last month, according to data from a car association.")
    assert claim_at(text, "112,600").subject == "Orvel Auto"


@pytest.mark.parametrize("figure", ["Rs 455", "Rs 520"])
def test_a_calls_word_is_never_the_subject(claim_at, figure):
    text = "Reduce Trivesh Consumer; target cut to Rs 455 from Rs 520: Halden Capital"
    assert claim_at(text, figure).subject == "Trivesh Consumer"


@pytest.mark.parametrize("text, figure, value, unit, currency", [
    ("The most-active wheat contract lost 14-1/4 cents to $5.78-1/2 a bushel.", "14-1/4", 0.1425, "currency", "USD"),
    ("The most-active wheat contract lost 14-1/4 cents to $5.78-1/2 a bushel.", "$5.78", 5.785, "currency", "USD"),
    ("The agency sees the corn crop at 15.1 billion bushels.", "15.1", 15.1e9, "other", None),
    ("Declining issues outnumbered advancing ones by a 1.59-to-1 ratio.", "1.59", 1.59, "multiple", None),
    ("The yen slid 0.9% to 143.27 on Friday.", "143.27", 143.27, "currency", "JPY"),
    ("The South African rand firmed 0.9% to 17.68.", "17.68", 17.68, "currency", "ZAR"),
])
def test_grain_quotes_ratios_and_currency_levels(claim_at, text, figure, value, unit, currency):
    claim = claim_at(text, figure)
    assert (round(claim.value, 6), claim.unit, claim.currency) == (round(value, 6), unit, currency)


def test_a_level_after_another_names_move_takes_no_currency_from_a_currency_before(claim_at):
    text = "The rand firmed 0.9% to 17.68, while Orvane shares rose 2% to 212.40."
    assert claim_at(text, "212.40").currency is None


def test_a_ratios_second_term_is_no_figure(extract):
    assert [c.value for c in extract("Decliners beat advancers by a 1.59-to-1 ratio.").claims] == [1.59]


@pytest.mark.parametrize("text, figure, subject", [
    ("Chipmakers, including Orrel Semi <ORS.DE> and Quill Devices <QLD.AS>, fell between 1% and 2% on Monday.", "1%",
     "Chipmakers"),
    ("Shares of rooftop solar installers, including Sunvale Inc <SUNV.O>, Brightroof Corp <BRF.O> and Halo Energy "
     "<HALO.N>, closed 20% to 27% higher on Thursday.", "20%", "rooftop solar installers"),
])
def test_a_group_named_by_members_with_instrument_codes_keeps_its_figure(claim_at, text, figure, subject):
    assert claim_at(text, figure).subject == subject


@pytest.mark.parametrize("text, figure", [
    ("Deliveries for the first five months totalled 214,600 units, about 38% of its annual target of 560,000.",
     "560,000"),
    ("The planemaker reaffirmed a full-year delivery target of 115 to 125 jets.", "115"),
])
def test_a_volume_target_is_a_count_not_a_price(claim_at, text, figure):
    assert claim_at(text, figure).unit == "count"


def test_a_price_target_stays_money(claim_at):
    assert claim_at("Buy Orvane Foods with a target of 560.", "560").unit == "currency"


def test_a_company_named_like_a_calls_word_stays_a_candidate(extractor):
    from news_sentiment.nlp.claim_subjects import _call_word

    assert _call_word("the target") and _call_word("Forecasts") and not _call_word("the price target on Orvane")


@pytest.mark.parametrize("text, figure", [
    ("Wonderla Resorts to raise up to Rs 190 crore via IPO", "Rs 190"),
    ("Orvane Power gets shareholders' nod to raise up to $1 billion", "$1 billion"),
    ("Aeroluma has raised $640 million in a Series D round.", "$640"),
])
def test_money_a_company_raises_has_no_direction(claim_at, text, figure):
    assert claim_at(text, figure).direction is None


def test_a_dividend_raised_to_a_level_keeps_its_move(claim_at):
    assert claim_at("Orvane raised its dividend to $0.50 a share.", "$0.50").direction == "up"


@pytest.mark.parametrize("text, code", [
    ("Orvane posts FY'11 net profit at Rs 61.7 crore", "FY'11"),
    ("Kestrel Foods Q1FY15 net up 12% at Rs 40 crore", "Q1FY15"),
    ("Customer Complaints Spike In FY19, Up 50% In Three Years", "FY19"),
])
def test_a_results_period_is_no_entity(extractor, text, code):
    assert code not in [m.text for m in extractor.extract(text).mentions]


@pytest.mark.parametrize("text", ["Forex reserves slip $ 500 million to $ 293.97 billion",
                                  "Midcaps rally 2% on Monday"])
def test_a_market_term_opening_a_headline_is_no_entity(extractor, text):
    assert [m.text for m in extractor.extract(text).mentions] == []


def test_forex_reserves_are_a_national_statistic(claim_at):
    assert claim_at("Forex reserves slip $ 500 million to $ 293.97 billion", "293.97").metric == "macro"
