"""Round 45: the size of a list opening a headline or a clause is no figure ('7 Dividend Stocks with Low Payout
Ratios', 'These 3 names look promising') while a count of actors is ('3 lenders approach the regulator'); a
payroll's job gains are counts, and 'revised up to' is a move, not a cap; on sentences we wrote."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "6 Sources of Cash Flow Your Broker Never Mentions",
    "Weekend reads: 12 Founders Who Sold Too Early",
    "5 Utility Stocks with Rising Dividends",
    "9 lessons I learned from a bear market https://t.co/abcdef",
    "These 4 names look cheap after the sell-off",
    "The strategist’s 3 boldest ideas for next year",
    "6 Stocks Marta Lindqvist Keeps Buying",
    "5 reasons behind the index's slide",
])
def test_a_lists_size_opening_a_headline_is_no_figure(extract, text):
    assert extract(text).claims == []


@pytest.mark.parametrize("text, value", [
    ("3 lenders approach the regulator over the new capital rule", 3),
    ("4 directors sell 2 lakh Orrel Foods shares", 4),
    ("The company's 12 plants ran at full capacity in May.", 12),
    ("40 midcap stocks doubled investors' money in 2024", 40),
    ("25 bps or 50 bps? The central bank's call decides the week", 0.25),
])
def test_a_count_of_actors_opening_a_headline_stays_a_figure(extract, text, value):
    """Lower-case 'stocks' in running text count what acted; capitalised as a title they name a list."""
    assert value in [c.value for c in extract(text).claims]


@pytest.mark.parametrize("text, values", [
    ("Northland job gains were revised to 143,000 from 171,000, the statistics agency said.", [143000, 171000]),
    ("Job growth in Vesteria came in at 88,000 in March.", [88000]),
])
def test_job_gains_are_counts(extract, text, values):
    claims = extract(text).claims
    assert [(c.value, c.unit) for c in claims] == [(v, "count") for v in values]


def test_revised_up_to_is_a_move_not_a_cap(claim_at):
    claim = claim_at("Northland's March job gains were revised up to 152,000 from 131,000.", "152,000")
    assert (claim.comparator, claim.direction) == (None, "up")


def test_a_possessive_written_without_its_apostrophe_is_the_name(extractor):
    """Headlines written without apostrophes (as SEntFiN's are): 'Infosyss revenue' is Infosys's revenue."""
    found = extractor.extract("Infosyss quarterly revenue rises 4% on deal wins")
    assert ("Infosys", "infosys") in [(m.text, m.kb_id) for m in found.mentions]
    assert [c.subject for c in found.claims] == ["Infosys"]


@pytest.mark.parametrize("text, name", [
    ("Dorvells quarterly revenue rises 4% on deal wins", "Dorvells"),        # no such name without the 's'
    ("Keswick Motors quarterly revenue rises 4% on deal wins", "Keswick Motors"),  # 'Motors' is a word
    ("Infosyss revenue rose 4%, the company's filing said", "Infosyss"),     # the text writes apostrophes
])
def test_a_name_ending_in_s_keeps_it_otherwise(extractor, text, name):
    assert name in [m.text for m in extractor.extract(text).mentions]


@pytest.mark.parametrize("text, figure", [
    ("Harlow Mining shares dive 14% in Sydney on a weak copper outlook", "14%"),
    ("Orrel Foods stock dived 6% on Monday.", "6%"),
])
def test_a_dive_is_a_fall(claim_at, text, figure):
    claim = claim_at(text, figure)
    assert (claim.direction, claim.metric) == ("down", "return")


def test_a_dive_into_something_is_no_fall(claim_at):
    assert claim_at("The fund dived into bonds, buying 5% of the issue.", "5%").direction is None


def test_hyphenated_market_cap_is_market_value(claim_at):
    claim = claim_at("Six top firms add Rs 21,300 crore in market-cap; Orrel Foods leads", "Rs 21,300 crore")
    assert (claim.metric, claim.direction) == ("market_value", "up")


@pytest.mark.parametrize("text, figure, period", [
    ("October consumer credit rose 4.1%, the central bank said.", "4.1%", "October"),
    ("Vesteria November job gains came in at 88,000.", "88,000", "November"),
    ("Northland's March hourly earnings rose 0.3%.", "0.3%", "March"),
])
def test_a_month_before_a_statistic_is_its_period(claim_at, text, figure, period):
    assert claim_at(text, figure).period_text == period


@pytest.mark.parametrize("text, figure, value", [
    ("Orrel Health raised $12MM in a seed round.", "$12MM", 12e6),
    ("Distillate stocks rose 2.4MM barrels last week.", "2.4MM", 2.4e6),
])
def test_mm_in_capitals_is_millions(claim_at, text, figure, value):
    assert claim_at(text, figure).value == value


def test_mm_in_lower_case_is_millimetres(extract):
    assert [(c.value, c.unit) for c in extract("The new casing is 5mm thinner, the company said.").claims] == \
        [(5, "other")]


@pytest.mark.parametrize("text, figure, unit", [
    ("Velmora Foods files for 450 crore IPO, promoters to sell part", "450 crore", "currency"),
    ("Orvane Steel Q2 PAT down 3% at 1,210 cr, QoQ", "1,210 cr", "currency"),
    ("Alumni back the institute: 25 crore pledged in a week", "25 crore", "currency"),
    ("Orvane raises stake to 2 crore shares", "2 crore", "count"),
    ("Velmora goes public, plans to raise 310 crore", "310 crore", "currency"),
    ("Hoshino beat its target of 5 million and raised its shipment forecast to 14 million.", "5 million", "count"),
])
def test_money_words_of_indian_headlines_make_a_scaled_figure_money(claim_at, text, figure, unit):
    claim = claim_at(text, figure)
    assert (claim.unit, claim.currency) == (unit, None)


@pytest.mark.parametrize("text, figure, name", [
    ("CNX IT likely to head towards 11,750 levels: a chartist", "11,750", "Nifty IT"),
    ("CNX Pharma ends 1.2% lower as exporters slide", "1.2%", "Nifty Pharma"),
])
def test_nses_old_sector_index_names_are_indices(extractor, claim_at, text, figure, name):
    assert claim_at(text, figure).subject_entity == name
    assert any(m.kind == "index" and m.name == name for m in extractor.extract(text).mentions)


@pytest.mark.parametrize("text, figure, value, currency", [
    ("Chilean retailer Tiendas Alba posted a profit of 41 billion pesos.", "41 billion", 41e9, "CLP"),
    ("The broker cut its target on the Monterrey cement maker to 212 pesos.", "212", 212, "MXN"),
    ("Banco Andino's loan-loss provisions rose to 640 million soles.", "640 million", 640e6, "PEN"),
])
def test_pesos_and_soles_are_money(claim_at, text, figure, value, currency):
    claim = claim_at(text, figure)
    assert (claim.value, claim.unit, claim.currency) == (value, "currency", currency)


@pytest.mark.parametrize("text, figure, subject", [
    ("$NVTX (+5.4% pre) Invotrix announces exercise of underwriter option", "5.4%", "Invotrix"),  # NVTX in order
    ("$TDAM (+1.3% pre) Orrel Group to buy Amervest in $2 billion deal", "1.3%", "TDAM"),  # another's name
])
def test_the_name_after_a_cashtags_move_tag_holds_its_letters(claim_at, text, figure, subject):
    assert claim_at(text, figure).subject == subject


def test_a_linked_cashtags_subject_is_the_name_the_text_writes(claim_at):
    assert claim_at("$BA $EADSY - Boeing reports 41 orders of jets in March", "41").subject == "Boeing"


def test_a_screeners_headline_names_the_company_its_code_spells(extractor, claim_at):
    text = "Did Weak Sentiment Drive Orvane Biologics's (CVE:OVB) Share Price Down A Painful 72%?"
    assert claim_at(text, "72%").subject == "Orvane Biologics"
    assert [(m.text, m.kind) for m in extractor.extract(text).mentions] == [("Orvane Biologics", "company")]


@pytest.mark.parametrize("text, name", [
    ("TripNest Files Rs 510-Crore IPO Papers With The Regulator", "TripNest"),
    ("CoreVault reports fourth-quarter results", "CoreVault"),
])
def test_a_brand_capitalised_inside_is_a_name(extractor, text, name):
    assert name in [m.text for m in extractor.extract(text).mentions]



def test_a_percent_sign_glued_to_the_next_word_is_read(claim_at):
    claim = claim_at("Orrel stock up 4.2%in Monday premarket trading", "4.2")
    assert (claim.value, claim.unit, claim.direction) == (4.2, "percent", "up")


def test_a_lists_bullet_is_no_part_of_a_subject(extract):
    claims = extract("Stocks at a glance:\n-Dow falls 1.2%\n-Nasdaq slips 0.8%").claims
    assert [c.subject for c in claims] == ["Dow", "Nasdaq"]


@pytest.mark.parametrize("text, figure, value, currency, subject", [
    ("Orrel Bank plans to list its asset manager. ($1 = 0.9120 Swiss francs)", "0.9120", 0.912, "CHF", "Swiss franc"),
    ("Kaveri Foods raised 4 billion rupees. ($1 = 83.1200 Indian rupees) (Reporting by Jane Roe)", "83.1200", 83.12,
     "INR", "Indian rupee"),
])
def test_a_wires_conversion_footer_states_an_exchange_rate(claim_at, text, figure, value, currency, subject):
    claim = claim_at(text, figure)
    assert (claim.value, claim.unit, claim.currency, claim.metric, claim.subject, claim.direction) == \
        (value, "currency", currency, "price_level", subject, None)


def test_a_rate_note_of_converted_figures_is_still_no_figure(extract):
    claims = extract("Sales were EUR 12.3 mn, figures converted at ( EUR1 = USD1 .1 ).").claims
    assert [(c.value, c.currency) for c in claims] == [(12.3e6, "EUR")]


@pytest.mark.parametrize("text, values", [
    ("Northland's oil rig count rose 7 to 612 in the week, an industry survey showed.", [7, 612]),
    ("Initial claims for state unemployment benefits fell 3,000 to 231,000 last week.", [3000, 231000]),
])
def test_rigs_and_benefit_claims_are_counts(extract, text, values):
    assert [(c.value, c.unit) for c in extract(text).claims] == [(v, "count") for v in values]


def test_a_surveys_readings_are_index_points(extract):
    text = ("Vesteria's manufacturing PMI slipped to 47.2 in May, missing the 48.3 forecast in a poll. The composite "
            "measure held steady at 50.6.")
    assert [(c.value, c.unit) for c in extract(text).claims] == [(47.2, "index_points"), (48.3, "index_points"),
                                                                 (50.6, "index_points")]


def test_a_decimal_without_a_survey_is_no_reading(extract):
    assert extract("Orrel's score was 12.5 in the quarter, the company said.").claims == []


def test_a_price_a_share_written_with_hyphens_is_money(claim_at):
    claim = claim_at("Orrel's board rejected a $27-a-share takeover proposal from a rival.", "$27")
    assert (claim.value, claim.unit, claim.currency) == (27, "currency", "USD")


@pytest.mark.parametrize("text, values", [
    ("Vesterian employment fell by 9,100 in March, official data showed.", [9100]),
    ("Mortgage approvals dropped to 58,400 in May, versus expectations of 61,000.", [58400, 61000]),
    ("The number of people in work rose by 41,000 from April.", [41000]),
])
def test_employment_and_approvals_are_counts(extract, text, values):
    assert [(c.value, c.unit) for c in extract(text).claims] == [(v, "count") for v in values]


def test_plural_money_words_make_a_scaled_figure_money(claim_at):
    assert claim_at("Employment costs rose to 4.2 billion in the year.", "4.2 billion").unit == "currency"


@pytest.mark.parametrize("text, figure, value", [
    ("The index trades at 17.5 times forward earnings against a 10-year average of 15.", "15.", 15),
    ("Orrel trades at 24 times earnings, versus 19 for its peers.", "19", 19),
])
def test_a_bare_figure_a_multiple_is_compared_with_is_a_multiple(claim_at, text, figure, value):
    claim = claim_at(text, figure)
    assert (claim.value, claim.unit) == (value, "multiple")


@pytest.mark.parametrize("text, figure", [
    ("Vesteria's jobless rate fell to 4.1% from 4.3 a month earlier.", "4.3"),
    ("Orrel's margin widened to 12.5% versus 11.8 a year ago.", "11.8"),
])
def test_a_bare_base_of_a_rates_level_is_a_percentage(claim_at, text, figure):
    assert claim_at(text, figure).unit == "percent"


def test_a_bare_base_of_a_percentage_move_is_no_percentage(extract):
    assert [c.value for c in extract("Orrel shares fell 3% from 45 on Monday.").claims] == [3]


def test_members_of_a_named_set_that_moved_are_counts(extract):
    claims = extract("Of the Tarvo index's 225 components, 171 rose and 40 fell.").claims
    assert [(c.value, c.unit) for c in claims] == [(171, "count"), (40, "count")]


@pytest.mark.parametrize("text, figure, value", [
    ("$ORVX strong tape so far. Breakout watch over 14.62 https://t.co/abc123", "14.62", 14.62),
    ("$KLDA getting the move over 31 now, want to see follow through", "31", 31),
])
def test_a_traders_level_in_a_cashtag_post_is_a_price(claim_at, text, figure, value):
    claim = claim_at(text, figure)
    assert (claim.value, claim.unit, claim.currency, claim.metric) == (value, "currency", None, "price_level")


def test_a_level_without_a_cashtag_is_not_read_as_a_traders_price(extract):
    claims = extract("Orrel's chief hopes to watch over 20 stores before the end of the year.").claims
    assert all(c.unit != "currency" for c in claims)
