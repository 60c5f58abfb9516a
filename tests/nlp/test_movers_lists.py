"""Figures as news feeds and market wires write them in lists and tables: signed moves ('Orrel +8%, Tamsin -5%'),
bracketed moves ('Orrel (+8.1%)'), hyphenated basis points ('a 25-basis-point cut'), rate hikes, a list's size, a
stock move in a second clause of a results headline. Our own sentences and invented names."""

from __future__ import annotations

import pytest


def _claims(extract, text: str) -> list[tuple[float, str | None, str, str | None]]:
    return [(c.value, c.direction, str(c.metric), c.subject) for c in extract(text, None).claims]


def test_a_signed_figure_ends_a_name(with_ents):
    # NER's answer runs over the figure ('Orrel +8%'): the name stops before it
    assert with_ents("Orrel +8%, Tamsin -5% in early trade", [(0, 3, "ORG"), (4, 7, "ORG")]) == [
        ("Orrel", "organization"), ("Tamsin", "organization")]


def test_a_percent_figure_ends_a_name(with_ents):
    assert [t for t, _ in with_ents("Bravik 12% higher after the results", [(0, 3, "ORG")])] == ["Bravik"]


def test_a_number_in_an_index_name_stays(extract):
    assert any(m.text == "Russell 2000" for m in extract("The Russell 2000 rose 0.4% on Friday.").mentions)


@pytest.mark.parametrize("text,want", [
    ("Orrel +8%, Tamsin -5% in early trade",
     [(8.0, "up", "return", "Orrel"), (-5.0, "down", "return", "Tamsin")]),
    ("Movers: Orrel (+8.1%), Tamsin (-5.2%), Quill Foods (+3%)",
     [(8.1, "up", "return", "Orrel"), (-5.2, "down", "return", "Tamsin"), (3.0, "up", "return", "Quill Foods")]),
])
def test_each_entry_of_a_movers_list_is_its_own_name(extract, text, want):
    assert _claims(extract, text) == want


def test_a_list_size_is_no_claim(extract):
    assert [c[0] for c in _claims(extract, "The 10 biggest movers in Europe: Orrel +8%, Tamsin -5%")] == [8.0, -5.0]


@pytest.mark.parametrize("text,value,direction", [
    ("Governor Lund said a 25-basis-point cut in December is on the table.", 0.25, "down"),
    ("The central bank delivered a 50-basis-point hike on Thursday.", 0.5, "up"),
    ("Traders now price in a 75 bps hike next month.", 0.75, "up"),
    ("Economists see a 0.2-percentage-point rise in the jobless rate.", 0.2, "up"),
])
def test_basis_points_written_with_hyphens_are_rate_moves(extract, text, value, direction):
    claims = extract(text, None).claims
    assert [(c.value, str(c.unit), c.direction) for c in claims] == [(value, "percentage_points", direction)]


def test_a_movement_word_of_another_clause_is_not_the_figures(extract):
    # 'hikes' belongs to 'as the regulator hikes its capital buffer', not to the 4% move before it
    claims = extract("Orrel shares drop 4% as the regulator hikes its capital buffer", None).claims
    assert [(c.value, c.direction) for c in claims] == [(4.0, "down")]


@pytest.mark.parametrize("text,period", [
    ("Marlowe Group reports Q4 EPS of $1.45; stock jumps 7% after hours", "after hours"),
    ("Tamsin Corp Q3 net income up 12%; stock down 7%", None),
])
def test_a_stock_move_after_a_results_clause_is_a_return(extract, text, period):
    move = next(c for c in extract(text, None).claims if c.value == 7.0)
    # not the results period of the clause before; its own session when it names one
    assert (str(move.metric), move.period_text) == ("return", period)


def test_a_unit_restated_in_brackets_is_no_list_entry(extract):
    # '(18 Celsius)' restates the figure before it in another unit; it is not the figure of the word before it
    claims = extract("Cooling demand counts the degrees above 65 Fahrenheit (18 Celsius).", None).claims
    assert [c.value for c in claims] == [65.0, 18.0]
    assert not any("subject.list_entry" in c.rules for c in claims)


@pytest.mark.parametrize("text,ents,official", [
    ("Fed's Waller says a 25-basis-point cut is on the table", [(0, 1, "ORG"), (2, 3, "ORG")], "Waller"),
    ("ECB's Schnabel warns inflation could stay above 2%", [(0, 1, "ORG"), (2, 3, "ORG")], "Schnabel"),
])
def test_an_institutions_official_who_speaks_is_a_person(with_ents, text, ents, official):
    assert (official, "person") in with_ents(text, ents)


@pytest.mark.parametrize("text,ents,name", [
    ("Fed's Beige Book says activity slowed", [(0, 1, "ORG"), (2, 4, "ORG")], "Beige Book"),
    ("Orrel's Statement says margins held", [(0, 1, "ORG"), (2, 3, "ORG")], "Statement"),
])
def test_an_institutions_document_stays_no_person(with_ents, text, ents, name):
    assert (name, "person") not in with_ents(text, ents)


def test_a_rate_call_of_an_official_is_the_institutions(extract):
    claims = extract("Fed's Waller says a 25-basis-point cut in December is on the table", None).claims
    assert [(c.value, c.subject, c.speaker) for c in claims] == [(0.25, "Fed", "Waller")]


@pytest.mark.parametrize("text,want", [
    ("Stocks in Veldland fell in early trade, with the Arden 40 <.ARD> down 85 points, or 0.9%.",
     [(85.0, "Arden 40"), (0.9, "Arden 40")]),
    ("Orrel Motors reported a loss for the quarter, with revenue down 12%.", [(12.0, "Orrel Motors")]),
])
def test_an_absolute_with_clause_names_its_own_subject(extract, text, want):
    assert [(c.value, c.subject) for c in extract(text, None).claims] == want


@pytest.mark.parametrize("text,direction", [
    ("Miners extended losses as copper slid 1.8%.", "down"),
    ("Orrel recouped its early losses to close 0.2% higher.", "up"),
    ("The index pared its gains to end down 0.3%.", "down"),
])
def test_a_markets_losses_are_a_move_not_a_loss(extract, text, direction):
    claims = extract(text, None).claims
    assert [(str(c.metric), c.direction) for c in claims] == [("return", direction)]


def test_a_companys_losses_stay_a_profit_figure(extract):
    claims = extract("Orrel narrowed its net loss to $2 million.", None).claims
    assert [(str(c.metric), c.direction) for c in claims] == [("profit", "down")]


@pytest.mark.parametrize("text,direction", [
    ("Orrel Foods EPS beats by $0.02 as sales climb", "up"),
    ("Orrel Foods' quarterly EPS misses by $0.07 as costs climb", "down"),
    ("Orrel Foods revenue misses by $5M", "down"),
    ("Orrel topped estimates by 4 cents.", "up"),
])
def test_an_earnings_surprise_has_the_sign_of_the_beat(extract, text, direction):
    assert [c.direction for c in extract(text, None).claims] == [direction]


@pytest.mark.parametrize("chunk,name", [("Quillmark EPS", "Quillmark"), ("Orrel Foods revenue", "Orrel Foods")])
def test_a_metric_word_after_a_name_is_no_part_of_the_subject(chunk, name):
    from news_sentiment.nlp.records import Mention
    from news_sentiment.nlp.subject_forms import subject_name

    text = f"{chunk} beats by $0.03, misses on sales"
    mention = Mention(name, "organization", None, name, 0, len(name))
    assert subject_name(chunk, [mention], text).text == name


def test_a_metric_word_stays_when_no_name_precedes_it():
    from news_sentiment.nlp.subject_forms import subject_name

    assert subject_name("Retail sales", [], "Retail sales rose 2% in May.").text == "Retail sales"


@pytest.mark.parametrize("text", [
    "The airline grounded its Orrel 737-800s for checks",
    "7 Chip Stocks Moving Higher Before Orrel's Results",
    "12 Dividend Stocks To Own For Steady Income",
])
def test_series_codes_and_list_sizes_are_no_figures(extract, text):
    assert extract(text, None).claims == []


@pytest.mark.parametrize("text,value,high", [
    ("Revenue is seen at 10-12bn euros.", 10e9, 12e9),
    ("Analysts see the shares falling 20-25%.", 20.0, 25.0),
])
def test_a_range_with_a_glued_unit_stays_a_range(extract, text, value, high):
    claims = extract(text, None).claims
    assert [(c.value, c.value_high) for c in claims] == [(value, high)]


@pytest.mark.parametrize("text", ["Quillmark Q2 adj. EPS $2.05 beat forecasts",
                                  "Orrel hired approx. 40 engineers in May."])
def test_a_report_abbreviation_ends_no_sentence(extractor, text):
    assert len(list(extractor.nlp(text).sents)) == 1


def test_a_full_stop_after_an_abbreviation_at_a_line_end_stays(extractor):
    assert len(list(extractor.nlp("Sales fell in the qtr.\nRevenue rose 5%.").sents)) == 2


@pytest.mark.parametrize("text", [
    "Quillmark Q2 adj. EPS $2.05; Halvard consensus $1.98",
    "Quillmark Q2 EPS $2.05 vs. est. $1.98",
])
def test_a_labelled_consensus_is_the_actuals_expectation(extract, text):
    claims = extract(text, None).claims
    assert [(c.value, c.subject, str(c.modality), c.period_text) for c in claims] == [
        (2.05, "Quillmark", "actual", "Q2"), (1.98, "Quillmark", "expectation", "Q2")]


def test_a_consensus_has_no_subject_when_its_actual_has_none(extract):
    claims = extract("Retail sales fell 1.1% in August, worse than the 0.2% decline forecast in a poll of "
                     "economists.", None).claims
    assert [(c.value, c.subject, str(c.modality)) for c in claims] == [(1.1, None, "actual"),
                                                                       (0.2, None, "expectation")]


def test_a_consensus_has_its_actuals_subject(extract):
    claims = extract("Veldland's retail sales fell 1.1% in August, worse than the 0.2% decline forecast in a poll of "
                     "economists.", None).claims
    assert [(c.value, c.subject, str(c.modality)) for c in claims] == [(1.1, "Veldland", "actual"),
                                                                       (0.2, "Veldland", "expectation")]


def test_a_companys_previous_forecast_is_no_expectation(extract):
    claims = extract("Brenvik now expects core profit of roughly 2.3 billion crowns this year, up from an earlier "
                     "forecast of 2.1 billion crowns.", None).claims
    assert [str(c.modality) for c in claims] == ["guidance", "guidance"]


@pytest.mark.parametrize("text,value,high", [
    ("Harlow guided adjusted earnings of 62 cents to 66 cents per share.", 0.62, 0.66),
    ("Brenvik expects sales of 3 billion crowns to 3.2 billion crowns.", 3e9, 3.2e9),
    ("Tamsin cut its outlook from a prior range of $12.0 billion to $12.3 billion.", 12e9, 12.3e9),
])
def test_a_range_written_twice_alike_is_one_range(text, value, high):
    from news_sentiment.nlp.numbers import find_numbers

    assert [(x.value, x.value_high) for x in find_numbers(text)] == [(value, high)]


@pytest.mark.parametrize("text", ["Shares rose 4 cents to $2.15.", "EPS rose from 62 cents to 66 cents.",
                                  "The stock fell 4 cents to 10 cents."])
def test_a_move_and_the_level_it_reached_stay_two_figures(text):
    from news_sentiment.nlp.numbers import find_numbers

    assert len(find_numbers(text)) == 2


def test_a_share_of_the_workforce_is_headcount(extract):
    claims = extract("The lender said it would shed about 5% of its workforce by 2027.", None).claims
    assert [str(c.metric) for c in claims] == ["headcount"]


def test_a_relative_clause_lends_no_metric_word(extract):
    # 'owns' in ', which owns the Sunnyfield brand,' is no stake word for the sales figure after the clause
    claims = extract("Harlow Foods, which owns the Sunnyfield brand, reported a 5% drop in second-quarter sales.",
                     None).claims
    assert [(str(c.metric), c.direction) for c in claims] == [("revenue", "down")]


def test_a_second_forecasters_call_is_about_the_same_thing(extract):
    text = ("Analysts at Fenwick Securities expect Quill Bank's net interest income to grow 6% next year, while "
            "Marlowe & Co sees a 4% rise.")
    assert [(c.value, c.subject) for c in extract(text, None).claims] == [(6.0, "Quill Bank"), (4.0, "Quill Bank")]



def test_an_abbreviation_after_a_results_period_is_no_part_of_the_subject(extract):
    claims = extract("Harbor Foods Q4 adj. EPS $0.85 vs. 61 cents a year ago", None).claims
    assert [(c.value, c.subject) for c in claims] == [(0.85, "Harbor Foods"), (0.61, "Harbor Foods")]


def test_a_sentence_may_end_with_a_period_word(extractor):
    doc = extractor.nlp("EPS rose 5% in the qtr. Revenue fell 3% to $2 billion.")
    assert [s.text for s in doc.sents] == ["EPS rose 5% in the qtr.", "Revenue fell 3% to $2 billion."]


def test_a_capitalised_consensus_label_is_a_consensus(extract):
    claims = extract("Orrel Q2 EPS $2.05; Halvard Consensus $1.98", None).claims
    assert [(c.value, str(c.modality)) for c in claims] == [(2.05, "actual"), (1.98, "expectation")]


@pytest.mark.parametrize("text,value", [("Orrel trimmed its losses to $4 million in the second quarter.", 4e6),
                                        ("Orrel deepened its losses to $30 million.", 30e6)])
def test_a_companys_losses_after_a_market_verb_stay_a_profit_figure(extract, text, value):
    assert [(c.value, str(c.metric), c.direction) for c in extract(text, None).claims] == [(value, "profit", "down")]


def test_a_forecast_of_another_thing_is_no_parallel_call(extract):
    claims = extract("Brent rose 2% to $85; Fenwick expects global growth of 3% next year.", None).claims
    assert next(c for c in claims if c.value == 3.0).subject != "Brent"


def test_a_unit_of_an_unknown_company_is_no_official(with_ents):
    assert ("Kestrel", "person") not in with_ents("Orrel's Kestrel warns of a 10% drop in orders.",
                                                  [(0, 1, "ORG"), (2, 3, "ORG")])


@pytest.mark.parametrize("text,want", [
    ("Output of 4-6bcm a year is planned.", [(4.0, 6.0)]),
    ("Orrel issued 50 new shares with each warrant exercised.", [(50.0, None)]),
])
def test_ranges_with_glued_units_and_counts_with_a_noun_stay(extract, text, want):
    assert [(c.value, c.value_high) for c in extract(text, None).claims] == want


def test_a_bracketed_figure_after_a_place_is_no_list_entry(extract):
    claims = extract("Sales at Orrel's unit in Poland (+4%) offset weakness elsewhere.", None).claims
    assert [c.subject for c in claims] != ["Poland"]


@pytest.mark.parametrize("text", ["Orrel's net sales grew 3.4 million crowns to 9.9 million crowns in the period.",
                                  "Quill's operating profit improved 2.2 million euros to 5.6 million euros."])
def test_a_change_and_the_level_it_reached_are_no_range(text):
    from news_sentiment.nlp.numbers import find_numbers

    assert [x.value_high for x in find_numbers(text)] == [None, None]


@pytest.mark.parametrize("text,subject", [
    ("LONDON, Dec 4 (Reuters) - Orrel Bank shares fell 3.2% on Thursday after results.", "Orrel Bank"),
    ("FRANKFURT (Reuters) - Brenvik AG's profit rose 12% in the quarter.", "Brenvik"),
    ("NEW YORK, Dec. 4, 2026 /PRNewswire/ -- Quill Holdings today reported revenue of $412.5 million.", "Quill"),
])
def test_a_dateline_is_no_part_of_the_subject(extract, text, subject):
    assert [c.subject for c in extract(text, None).claims] == [subject]


def test_an_html_character_reference_is_no_figure(extract):
    claims = extract("Orrel Motors Q3 deliveries rise 9% to 118,000 units &#8211; a record", None).claims
    assert [c.value for c in claims] == [9.0, 118000.0]


@pytest.mark.parametrize("text,value,currency", [
    ("The dollar rose 0.5% against the yen to 151.20.", 151.2, "JPY"),
    ("The dollar was up 0.4% versus the yuan at 7.245.", 7.245, "CNY"),
    ("The euro rose against the dollar to 1.0815.", 1.0815, "USD"),
    ("Sterling was flat at 1.2710 against the dollar.", 1.271, "USD"),
    ("The rupee fell to 83.42 against the dollar.", 83.42, "INR"),
    ("The euro fell 0.4% to $1.0925, while the Swiss franc firmed to 0.8640 per dollar.", 0.864, "CHF"),
])
def test_an_exchange_rate_is_in_the_currency_it_is_quoted_in(extract, text, value, currency):
    level = next(c for c in extract(text, None).claims if c.value == value)
    assert (str(level.unit), level.currency) == ("currency", currency)


@pytest.mark.parametrize("text,values", [
    ("Quill Bank's common equity tier 1 ratio rose to 14.2% in September.", [14.2]),
    ("Tamsin said its phase 2 study enrolled 340 patients.", [340.0]),
])
def test_a_grade_is_no_figure(extract, text, values):
    assert [c.value for c in extract(text, None).claims] == values


@pytest.mark.parametrize("text,want", [
    ("Quill Bank PT raised to $52 at Halden; shares up 2% premarket",
     [(52.0, "price_level", "Quill Bank"), (2.0, "return", "Quill Bank")]),
    ("Brenvik downgraded to underweight at Ardmore; price objective cut 20% to 400p",
     [(20.0, "return", "Brenvik"), (4.0, "price_level", "Brenvik")]),
])
def test_a_headlines_rated_company_is_the_targets_subject(extract, text, want):
    assert [(c.value, str(c.metric), c.subject) for c in extract(text, None).claims] == want


def test_an_upside_after_a_rating_is_the_rated_companys(extract):
    text = "Tamsin Pharma initiated at outperform with $140 target at Marlowe Securities, implying 35% upside"
    assert [c.subject for c in extract(text, None).claims] == ["Tamsin Pharma", "Tamsin Pharma"]


def test_downside_is_a_move_down(extract):
    claims = extract("Harlow Foods: Fenwick sees 15% downside, reiterates sell", None).claims
    assert [(c.value, c.direction) for c in claims] == [(15.0, "down")]


def test_an_active_rating_still_rates(extract):
    claims = extract("Fenwick downgraded Orrel Motors to sell with a price target of $30.", None).claims
    assert [(c.value, c.subject) for c in claims] == [(30.0, "Orrel Motors")]


@pytest.mark.parametrize("text,speaker", [
    ("Fenwick upgrades Orrel Motors to buy, lifts price target to $75 from $60", "Fenwick"),
    # the firm closing the headline sets the target (speaker.rater_at_end, round 21; before it: no speaker)
    ("Tamsin Pharma initiated at outperform with $140 target at Marlowe Securities", "Marlowe Securities"),
])
def test_the_rated_company_never_speaks_its_own_target(extract, text, speaker):
    assert {c.speaker for c in extract(text, None).claims} == {speaker}
