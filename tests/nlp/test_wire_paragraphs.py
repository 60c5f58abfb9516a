"""Dense wire paragraphs (round 22, written for the error groups of batch Q, 100 market and company paragraphs of our
own, read on its train split only): a statistics body that states figures is not what they are about; a time is no
subject; trading volume, a bond's terms and housing statistics have their own metric; 'ending 0.3% lower' and fund
flows have a direction; 'it said' and a described company with an apposition speak; a bond yield that moved is the
subject of its figures. Our own sentences and invented names."""

from __future__ import annotations

import pytest


def _claims(extract, text: str) -> list:
    return extract(text, None).claims


# ----------------------------------------------------------------------------- subjects
def test_a_statistics_body_that_states_the_figures_is_not_their_subject(extract):
    text = ("New listings fell 1.1% month on month, the Norland Real Estate Association said, lifting the "
            "sales-to-new-listings ratio to 52.6% from 49.8%.")
    assert "Norland Real Estate Association" not in {c.subject for c in _claims(extract, text)}


def test_a_body_that_says_what_it_will_do_is_the_subject(extract):
    (claim,) = _claims(extract, "Gilts fell after the Norland Debt Management Office said it would sell 312 billion "
                                "crowns of bonds next year.")
    assert claim.subject != "gilts" and "subject.data_body" not in claim.rules


def test_a_company_that_speaks_stays_the_subject_of_its_figures(extract):
    (claim,) = _claims(extract, "Orrel Foods said its revenue rose 4% in the quarter.")
    assert claim.subject == "Orrel Foods"


def test_a_month_is_never_a_subject(extract):
    text = "Output rose 0.4% in June alone after a 0.1% contraction in May, the Norland Statistics Office said."
    assert not {"June", "May", "Norland Statistics Office"} & {c.subject for c in _claims(extract, text)}


@pytest.mark.parametrize("text,subjects", [
    ("The benchmark 10-year yield <NL10YT=RR> dropped 9 basis points to 4.18%, while the two-year yield "
     "<NL2YT=RR> slid 12 bps to 3.86%.",
     ["The benchmark 10-year yield", "The benchmark 10-year yield", "the two-year yield", "the two-year yield"]),
    ("The 30-year gilt yield jumped 15 basis points to 5.47%.", ["The 30-year gilt yield"] * 2),
])
def test_a_bond_yield_that_moved_is_the_subject_of_its_figures(extract, text, subjects):
    assert [c.subject for c in _claims(extract, text)] == subjects


@pytest.mark.parametrize("text,subject", [
    ("Delmar Capital raised its forecast for Norland home prices to a 4% rise in 2027.", "Norland home prices"),
    ("Kestrel Partners raised its 2027 inflation forecast to 3.1%.", "inflation"),
    ("Orrel Bank keeps 2026 Brent forecast at $78 a barrel.", "Brent"),
    ("The yield on the 30-year gilt climbed 6 basis points to 5.42%.", "The yield on the 30-year gilt"),
])
def test_more_forms_of_a_forecast_object_and_a_yield(extract, text, subject):
    assert {c.subject for c in _claims(extract, text)} == {subject}


def test_the_spread_between_two_yields_is_the_subject_not_one_side(extract):
    (claim,) = _claims(extract, "The spread between two-year and 10-year yields narrowed to 25 basis points.")
    assert claim.subject == "The spread between two-year and 10-year yields"


@pytest.mark.parametrize("text,firm", [
    ("Harlow Retail kept its forecast for demand, expecting sales of 2 billion pounds.", "Harlow Retail"),
    ("Vessa Motors cut its forecast for demand for its electric cars to 300,000 units.", "Vessa Motors"),
])
def test_a_companys_own_forecast_keeps_the_company(extract, text, firm):
    assert [c.subject for c in _claims(extract, text)] == [firm]


def test_a_companys_own_yield_keeps_the_company(extract):
    assert {c.subject for c in _claims(extract, "Orrel's dividend yield rose to 4.1% after the shares fell 6%.")} \
        == {"Orrel"}


# ----------------------------------------------------------------------------- metrics
@pytest.mark.parametrize("text", [
    "More than 48 million Orrel shares changed hands, against a 30-day average of 1.2 million.",
    "Volume on Norland exchanges was 11.8 billion shares.",
])
def test_shares_that_changed_hands_are_trading_volume(extract, text):
    assert {c.metric for c in _claims(extract, text)} == {"volume_flows"}


def test_shares_sold_are_still_a_stake(extract):
    (claim,) = _claims(extract, "Quill Capital sold 80 million shares of Pelko Foods.")
    assert claim.metric == "stake"


@pytest.mark.parametrize("text", [
    "Kirkby Water sold bonds due 2038 with a 5.125% coupon.",
    "The kingdom priced six-year notes at 85 basis points over U.S. Treasuries.",
    "Orrel's five-year credit default swaps widened 22 basis points.",
    "The yield on Orrel's 5.25% bonds due 2034 rose 38 basis points.",
])
def test_a_bonds_terms_are_no_macro_rate(extract, text):
    assert {c.metric for c in _claims(extract, text) if c.unit in ("percent", "percentage_points")} == {"other"}


def test_a_government_yield_is_still_macro(extract):
    assert {c.metric for c in _claims(extract, "The 10-year Treasury yield rose 6 basis points to 4.31%.")} \
        == {"macro"}


@pytest.mark.parametrize("text", [
    "Norland's existing home sales rose 3.8% in April from March.",
    "The median existing-home price rose 1.3% from a year earlier.",
    "Norland house prices fell 0.4% in March.",
    "Sales of previously owned Norland homes fell 2.7% in May.",
])
def test_housing_statistics_are_macro(extract, text):
    assert [c.metric for c in _claims(extract, text)] == ["macro"]


@pytest.mark.parametrize("text,metric", [
    ("Marlo Homebuilders said its home sales rose 14%.", "revenue"),
    ("About 12 million Tamsin Health shares changed hands in a block trade.", "stake"),
    ("Inflation was 1.2 percentage points above target.", "macro"),
    ("Vessa Motors' initial guidance was for revenue growth of 8%.", "revenue"),
])
def test_look_alikes_keep_their_metric(extract, text, metric):
    assert [c.metric for c in _claims(extract, text)] == [metric]


def test_a_companys_sales_volume_is_no_trading_volume(extract):
    (claim,) = _claims(extract, "Sales volume was 1.2 million units.")
    assert claim.metric != "volume_flows"  # units sold: revenue by the guide, or other


# ----------------------------------------------------------------------------- directions
@pytest.mark.parametrize("text,direction", [
    ("The Arden 40 held up better, ending 0.3% lower as miners cushioned the fall.", "down"),
    ("Orrel shares closed 2.1% higher after the results.", "up"),
])
def test_a_move_written_after_the_figure(extract, text, direction):
    assert _claims(extract, text)[0].direction == direction


@pytest.mark.parametrize("text,directions", [
    ("Norland equity funds took in $21 billion in the week, while bond funds saw outflows of $1.9 billion.",
     ["up", "down"]),
    ("Gold ETFs attracted $9.4 billion in net inflows in April.", ["up"]),
    ("Investors pulled $8 billion from Norland equity funds in the week.", ["down"]),
])
def test_fund_flows_have_a_direction(extract, text, directions):
    assert [c.direction for c in _claims(extract, text)] == directions


@pytest.mark.parametrize("text,direction", [
    ("The fund put $200 million into Kestrel Mining shares.", None),
    ("Inflows to Tallis funds dropped to $200 million.", "down"),
    ("Outflows from Marlo funds rose to $3 billion.", "up"),
])
def test_a_movement_word_or_no_fund_flow_decides_first(extract, text, direction):
    assert [c.direction for c in _claims(extract, text)] == [direction]


def test_money_funds_drew_is_a_flow_not_a_profit(extract):
    (claim,) = _claims(extract, "Norland bond funds drew a net $2 billion.")
    assert (claim.metric, claim.direction) == ("volume_flows", "up")


# ----------------------------------------------------------------------------- speakers
def test_it_said_is_the_company_of_the_story(extract):
    text = ("Steelmaker Orrel Stahl will mothball a blast furnace, affecting around 1,100 jobs, it said on Monday.")
    assert [c.speaker for c in _claims(extract, text)] == ["Orrel Stahl"]


def test_it_sees_is_the_company_of_the_story(extract):
    claims = _claims(extract, "Pelko Semiconductor forecast revenue of $2.35 billion. It sees a gross margin of "
                              "61.5% in the quarter.")
    assert [c.speaker for c in claims] == ["Pelko Semiconductor", "Pelko Semiconductor"]


def test_a_pronoun_after_a_semicolon_speaks_only_for_its_clause(extract):
    claims = _claims(extract, "Aldern Airlines posts record profit  The carrier's net profit rose 24%; it expects "
                              "revenue to rise 2%.")
    assert {c.value: c.speaker for c in claims}[24] is None


def test_a_pronoun_after_that_does_not_speak_for_the_sentence(extract):
    claims = _claims(extract, "Norland's central bank left its policy rate at 2.25% and repeated that it expects to "
                              "keep it there.")
    assert [c.speaker for c in claims] == [None]


def test_a_described_company_with_an_apposition_speaks(extract):
    claims = _claims(extract, "Lattivo Systems raised $640 million. The three-year-old company, which sells software "
                              "to banks, said annualised revenue had reached $150 million.")
    assert claims[-1].speaker == "Lattivo Systems"


def test_a_region_before_a_company_noun_describes_the_company_after(extractor):
    mentions = extractor.extract("Shares in North Sea producer Cromarty Petroleum fell 9% on Monday.", None).mentions
    assert {m.text: m.kind for m in mentions} == {"North Sea": "place", "Cromarty Petroleum": "company"}


@pytest.mark.parametrize("name", ["Fenwick Cruises", "Harlan Petrochemicals"])
def test_industry_words_type_a_company(extractor, name):
    mentions = extractor.extract(f"{name} said its revenue rose 4%.", None).mentions
    assert any(m.text.startswith(name.split()[0]) and m.kind == "company" for m in mentions)


def test_an_industry_word_in_a_title_case_headline_makes_no_company(extractor):
    mentions = extractor.extract("Global Shipbuilding Orders Jump 30% In 2025", None).mentions
    assert not [m for m in mentions if m.kind == "company"]


def test_the_training_recorder_keeps_the_whole_group_when_a_body_is_left_out(recorded):
    seen = recorded("Norland home prices rose 0.7% in May, the Norland Statistics Office said, after a 0.2% fall in "
                    "April.")
    assert seen and all(any("rule_pick" in c.features for c in group) for group in seen.values())


def test_a_results_code_is_no_word_of_a_name(extractor):
    mentions = extractor.extract("Orvane Holdings CY2025 Revenue Up 12%", None).mentions
    assert [m.text for m in mentions] == ["Orvane Holdings"]


@pytest.mark.parametrize("text,speaker", [
    ("Earnings are now expected to have increased 4.8% in the third quarter, Refinitiv data shows.", "Refinitiv"),
    ("Foreign investors bought a net 3.69 billion rupees of equities on Friday, as per provisional NSE data.", "NSE"),
    ("Orrel data centers grew 5% last year.", None),
])
def test_a_named_providers_data_is_its_source(extract, text, speaker):
    assert [c.speaker for c in _claims(extract, text)] == [speaker]


@pytest.mark.parametrize("text,speaker", [
    ("Utilities analysts at Quill Sachs calculate customers will have to pay 1.3 trillion euros more next year.",
     "Quill Sachs"),
    ("Strategists at Harlan Bank estimate the index will rise 8% next year.", "Harlan Bank"),
])
def test_analysts_of_a_firm_that_calculate_or_estimate_speak(extract, text, speaker):
    assert [c.speaker for c in _claims(extract, text)] == [speaker]


@pytest.mark.parametrize("text", [
    "US$50.08: That's What Analysts Think Orvane Corporation Is Worth After Its Latest Results",
    "Tarvo Income Fund : NTA Estimate - $0.1975",
])
def test_a_title_case_headlines_think_or_estimate_is_no_speech(extract, text):
    assert [c.speaker for c in _claims(extract, text)] == [None]


def test_a_quote_said_by_a_firms_analysts_is_the_firms_and_makes_no_strategist(extractor):
    res = extractor.extract('"We expect the central bank will deliver a 75bp hike at the July meeting," said analysts '
                            'at Quill Sachs in a note.', None)
    assert [c.speaker for c in res.claims] == ["Quill Sachs"]
    assert [(q.speaker, q.firm) for q in res.quotes] == [("Quill Sachs", "Quill Sachs")] and res.strategists == []


# ----------------------------------------------------------------------------- round 23: forecasts and targets
@pytest.mark.parametrize("text,subjects", [
    # a broker's own target, written with a gerund or in a relative clause, names no company: the one rated before
    ("Shares of Orvane Biotech plunged 41% on Tuesday after a trial failed. At least four brokerages cut their "
     "price targets, with Fenwick Rowe lowering its target to $26 from $61.", ["Orvane Biotech"] * 3),
    ("Brokers turned cautious on Pellam Retail. Quill Securities, which cut its target to 410 pence, said margins "
     "would shrink.", ["Pellam Retail"]),
    # a fellow broker listed with the one that cuts is not what is rated
    ("Tarvo Foods falls as CS, CLSA cut target price to Rs 310 post Q4 earnings", ["Tarvo Foods"]),
])
def test_a_brokers_own_target_is_on_the_company_it_rates(extract, text, subjects):
    assert [c.subject for c in _claims(extract, text)] == subjects


@pytest.mark.parametrize("text,subject", [
    ("Brantley Foods said it cut its sales target to $4 billion.", "Brantley Foods"),  # a company's own target
    ("Orbel Motors kept its delivery target at 600,000 vehicles.", "Orbel Motors"),
])
def test_a_companys_own_target_stays_its_own(extract, text, subject):
    assert [c.subject for c in _claims(extract, text)] == [subject]


@pytest.mark.parametrize("text,subject", [
    # a company's own target, a market's level or a commodity's price is no broker's target on a rated company
    ("Brio Motors sold 1.2 million cars last year. Vantor Auto raised its target to 2 million vehicles.",
     "Vantor Auto"),
    ("Orrel Foods beat forecasts, while Brio Foods trimmed its target to $5 billion in sales.", "Brio Foods"),
    ("Ostrava Gold rose 4% as bullion climbed. Lindmark raised its target to $3,200 an ounce.", None),
])
def test_a_target_that_is_no_brokers_share_price_target_keeps_its_subject(extract, text, subject):
    claim = _claims(extract, text)[-1]
    assert "subject.broker_own_target" not in claim.rules
    if subject:
        assert claim.subject == subject
