"""Round 27 (issue 17; causes read on the train and dev splits, sentences written for these tests): bond yields and
the gap between them named as written, a ratio written as a bare number, the other side of an exchange rate, more
currencies quoted per euro or dollar, a forecaster's aside before its verb, trade figures named by their bare noun,
and an investor named with a country's possessive."""

from __future__ import annotations

import pytest


def _claims(extract, text):
    return [(c.value, str(c.unit), c.subject, c.period_text) for c in extract(text).claims]


@pytest.mark.parametrize("text,subject", [
    ("In Norway, the 10-year government bond yield touched 4.1% on Monday.", "the 10-year government bond yield"),
    ("Traders sold bonds, pushing the 30-year gilt yield up 9 basis points to 5.2% on Tuesday.",
     "the 30-year gilt yield"),
    ("Canadian bonds sold off, with the five-year yield <CA5YT=RR> rising 4 bps to 3.02%.", "the five-year yield"),
])
def test_a_bond_yield_is_named_as_written_not_by_its_economy(extract, text, subject):
    assert {c.subject for c in extract(text).claims} == {subject}


def test_a_bare_yield_that_names_no_bond_is_its_economy_s(extract):
    assert {c.subject for c in extract("In Japan, the yield rose 3 bps to 1.6% on Friday.").claims} == {"Japan"}


@pytest.mark.parametrize("text,subject", [
    ("The two-year yield climbed 8 bps to 3.9%, narrowing the gap between two- and 10-year yields to 28 bps.",
     "the gap between two- and 10-year yields"),
    ("The spread between Spanish and German 10-year yields was at 61 bps, the tightest since 2008.",
     "The spread between Spanish and German 10-year yields"),
])
def test_the_gap_between_two_yields_is_its_own_subject(extract, text, subject):
    assert extract(text).claims[-1].subject == subject


@pytest.mark.parametrize("text,expected", [
    ("The auction drew a bid-to-cover ratio of 2.37, below the 2.52 average of the last six sales.",
     [(2.37, "multiple"), (2.52, "multiple")]),
    ("Orders of 4.4 billion euros gave a book-to-bill ratio of 1.12 in the quarter.",
     [(4.4e9, "currency"), (1.12, "multiple")]),
])
def test_a_ratio_written_as_a_bare_number_is_a_multiple(extract, text, expected):
    assert [(c.value, str(c.unit)) for c in extract(text).claims] == [(pytest.approx(v), u) for v, u in expected]


def test_a_ratio_in_percent_keeps_its_percent(extract):
    assert [str(c.unit) for c in extract("Its payout ratio rose to 61% from 55%.").claims] == ["percent", "percent"]


def test_the_other_side_of_an_exchange_rate_does_not_cut_a_move_from_its_day(extract):
    found = _claims(extract, "The dollar fell 0.6% against the yen to 147.20 on Wednesday.")
    assert [p for *_, p in found] == ["on Wednesday", "on Wednesday"]


def test_a_comparison_base_after_against_still_cuts_the_day(extract):
    found = extract("Sales rose 4% against 7% a year earlier, the company said on Tuesday.").claims
    assert found[0].period_text != "on Tuesday"


@pytest.mark.parametrize("text,currency", [
    ("The zloty weakened to 4.31 per euro.", "PLN"),
    ("The forint firmed 0.4% to 398.6 per euro.", "HUF"),
    ("The Norwegian crown slipped to 11.72 per euro on Monday.", "NOK"),
    ("The Canadian dollar rose to 1.3811 per U.S. dollar.", "CAD"),
])
def test_a_currency_quoted_per_euro_or_dollar_is_in_its_own_units(extract, text, currency):
    assert extract(text).claims[-1].currency == currency


@pytest.mark.parametrize("text,subject", [
    ("Halden Bank, too, raised its policy rate forecast to 4.25% from 4%.", "policy rate"),
    ("Marlow Research on Tuesday cut its 2027 aluminium forecast to $2,450 a tonne.", "aluminium"),
])
def test_an_aside_between_the_forecaster_and_its_verb(extract, text, subject):
    assert (extract(text).claims[0].subject or "").lower() == subject


def test_a_trade_figure_named_by_its_bare_noun_is_the_trading_economy_s(extract):
    found = extract("Chile's exports rose 4.1% in May from a year earlier. Imports fell 2.2%, while exports to "
                    "the United States jumped 9%.").claims
    assert [c.subject for c in found] == ["Chile", "Chile", "Chile"]


def test_an_investor_named_with_a_country_s_possessive_stands_aside():
    from news_sentiment.nlp.subject_roles import INVESTOR_BEFORE

    assert INVESTOR_BEFORE.regex.search("raised $90 million in a round led by Britain's ")
    assert not INVESTOR_BEFORE.regex.search("shares of Britain's ")


# after two reviews of 300 texts the reviewers wrote (old code against new, every changed claim judged)
@pytest.mark.parametrize("text,currency", [
    ("The Norwegian crown rose 0.3% against the euro to 11.62 on Thursday.", "NOK"),  # a pair with the euro
    ("The yen weakened against the euro to 162.3.", "JPY"),
    ("The dollar rose against the yen to 151.84.", "JPY"),
    ("The Danish crown was flat at 7.46 per euro.", "DKK"),
])
def test_a_pair_s_level_is_in_its_quote_currency(extract, text, currency):
    assert extract(text).claims[-1].currency == currency


def test_only_the_swiss_franc_is_chf(extract):
    assert all(c.currency != "CHF" for c in extract("The Congolese franc weakened to 2,850 per dollar.").claims)


@pytest.mark.parametrize("text,subjects", [
    ("Turning to Canada, exports rose 2.2% in May.", ["Canada"]),  # 'to' here sends nothing anywhere
    ("Imports to Japan rose 3.1% in June.", ["Japan"]),  # what a country imports is its own figure
])
def test_only_goods_sent_to_a_place_make_it_a_destination(extract, text, subjects):
    assert [c.subject for c in extract(text).claims] == subjects


def test_a_gap_between_things_that_are_no_rates_is_not_a_spread(extract):
    found = extract("At Orrel Rail, the gap between order intake and deliveries widened to 1,200 units.").claims
    assert "between" not in (found[0].subject or "")


def test_an_aside_opened_by_a_preposition(extract):
    found = extract("Kellbrook Research, in a note to clients, raised its 2027 gold forecast to $3,400.").claims
    assert (found[0].subject or "").lower() == "gold"


@pytest.mark.parametrize("text,subject", [
    ("Britain's 30-year gilt yield rose 11 basis points to 5.37% on Wednesday.", "Britain's 30-year gilt yield"),
    ("Orrel's dividend yield rose to 5.1% after the share price fell.", "Orrel"),  # a company's own yield
])
def test_a_yield_owned_by_a_country_is_named_whole(extract, text, subject):
    assert extract(text).claims[-1].subject == subject


@pytest.mark.parametrize("text,subject", [
    ("Investors poured a net $22.5 billion into U.S. equity funds in the week to Wednesday.", "U.S. equity funds"),
    ("Investors pulled $4.2 billion from emerging-market bond funds last week.", "emerging-market bond funds"),
    ("Speculators raised their net long positions on the Swiss franc to 21,300 contracts.", "the Swiss franc"),
    ("Traders see a 64% chance that the Bank of England cuts rates in May.", "Bank of England"),
])
def test_flows_positions_and_chances_are_the_market_s(extract, text, subject):
    assert extract(text).claims[0].subject == subject


@pytest.mark.parametrize("text", ["Orrel announced a 3-for-1 stock split.", "Quillmark approved a 1:1 bonus issue."])
def test_a_split_or_bonus_ratio_is_no_claim(extract, text):
    assert extract(text).claims == []


@pytest.mark.parametrize("text,period,dates", [
    ("Orrel will buy back up to 2% of its shares between May 9 and Dec. 31.", "between May 9 and Dec. 31",
     ("2025-05-09", "2025-12-31")),
    ("Quillmark will buy up to 5% of its shares from Nov. 15 to Feb. 28.", "from Nov. 15 to Feb. 28",
     ("2025-11-15", "2026-02-28")),
])
def test_a_range_of_days_is_the_period_of_its_figures(extract, text, period, dates):
    # the publication date is 2025-03-07 (the fixture's); a range with no year is in the publication year
    assert [(c.period_text, c.period_start, c.period_end) for c in extract(text).claims] == [(period, *dates)]


# after a third review (150 more texts; 39 of 44 changed claims right) and an entity junk judgement (--start 22)
@pytest.mark.parametrize("text,currencies", [
    ("The euro fell 0.3% versus the dollar to 1.0760, and against the yen it slipped to 163.10.", ["USD", "JPY"]),
    ("The Swiss franc rose to 0.9150 per euro, and firmed 0.6% against the dollar to 0.8120.", ["CHF", "CHF"]),
])
def test_each_level_is_in_the_quote_currency_of_its_own_pair(extract, text, currencies):
    assert [c.currency for c in extract(text).claims if str(c.unit) == "currency"] == currencies


def test_a_level_quoted_per_euro_in_an_unknown_currency_is_not_in_euros(extract):
    assert all(c.currency != "EUR" for c in extract("The CFA franc was pegged at 655.957 per euro.").claims)


def test_a_range_of_days_before_the_figure_says_who_qualifies(extract):
    found = extract("Holders who owned stock between Oct. 1 and Oct. 15 will get a dividend of 1.20 euros a share.")
    assert [c.period_text for c in found.claims] == [None]


def test_a_market_s_name_ends_before_its_verb(extract):
    found = extract("Speculators' net long position in the Mexican peso shrank by 30% to 41,200 contracts.").claims
    assert found[0].subject == "the Mexican peso"


@pytest.mark.parametrize("text,subject", [
    ("Brazil's central bank held its benchmark Selic rate at 14.25% on Wednesday.", "Selic rate"),
    ("Three-month Euribor rose to 2.1% on Friday.", "Euribor"),
])
def test_a_benchmark_rate_is_a_named_rate_not_an_institution(extract, text, subject):
    result = extract(text)
    assert [(m.text, m.kind) for m in result.mentions if m.text == subject] == [(subject, "index")]
    assert [(c.subject, str(c.metric)) for c in result.claims] == [(subject, "macro")]


# from the entity junk judgements of --start 24 and --start 25 (mentions judged before these fixes)
@pytest.mark.parametrize("text,name", [
    ("Sales of its arthritis drug Tavrella rose 31% in the first nine months.", "Tavrella"),
    ("Kessick Bio said its experimental obesity drug Lunadrel missed its main goal.", "Lunadrel"),
    ("Orvane's flagship phone Zephra sold 2 million units.", "Zephra"),
])
def test_a_name_after_a_maker_s_own_product_noun_is_a_product(extract, text, name):
    assert (name, "product") in [(m.text, m.kind) for m in extract(text).mentions]


def test_a_portfolio_in_a_minister_s_title_is_no_organisation(extract):
    found = extract("Economy Minister Sylvie Brandau said the deficit would narrow.").mentions
    assert [(m.text, m.kind) for m in found] == [("Sylvie Brandau", "person")]


# from the entity junk judgements of --start 26 and --start 27 (the final round-27 code, judged before these fixes)
def test_a_one_word_name_before_a_comma_and_its_state_is_a_place(extract):
    kinds = dict((m.text, m.kind) for m in extract("Orvane will close its plant in Dunmore, Ohio, by 2027.").mentions)
    assert kinds.get("Dunmore") == "place"
    text = "Halden bought shares in Quillmark, Germany's biggest lender."
    assert dict((m.text, m.kind) for m in extract(text).mentions).get("Quillmark") != "place"


@pytest.mark.parametrize("word", ["Healthcare", "Utilities"])
def test_a_sector_word_opening_a_sentence_is_no_name(extract, word):
    assert word not in [m.text for m in extract(f"{word} added 41,000 jobs in November.").mentions]


@pytest.mark.parametrize("rating", ["A+", "A-", "A2"])
def test_a_single_a_credit_rating_is_no_name(extract, rating):
    text = f"Quillmark Petrochemical sold $1 billion of bonds. Fitch rates the company {rating} with a stable outlook."
    assert rating not in [m.text for m in extract(text).mentions]


@pytest.mark.parametrize("text,name", [
    ("The Oman/Dubai average rose 1.2% to $71.40 a barrel.", "Dubai crude"),  # 'Oman/Dubai' was an organisation
    ("Murban crude futures rose 0.8% to $73.10.", "Murban"),
    ("Western Canadian Select traded at a $11.50 discount to WTI.", "Western Canadian Select"),
])
def test_crude_benchmarks_are_commodities(extract, text, name):
    found = [m for m in extract(text).mentions if m.name == name]
    assert found and found[0].kb_kind == "commodity"


def test_a_city_that_names_a_crude_grade_stays_a_city(extract):
    assert [(m.text, m.kind) for m in extract("Property prices in Dubai rose 4%.").mentions] == [("Dubai", "place")]


def test_a_range_ending_on_a_day_its_year_lacks_is_no_range():
    from datetime import date

    from news_sentiment.nlp.periods import _date_range, _Period, normalise_period

    # the end falls in 2025 (after Nov. 1, 2024), which has no Feb. 29: this raised ValueError before
    assert _date_range(_Period("between nov. 1 and feb. 29", None, 11, date(2024, 3, 1))) is None
    assert normalise_period("between Nov. 1 and Feb. 28", date(2024, 3, 1)) == ("2024-11-01", "2025-02-28")
