"""Round 47, on sentences we wrote: a headline's figure names its subject the way the headline writes it ('RBA holds
cash rate at 3.85%' is the RBA's, though the body names the Reserve Bank of Australia); a revised forecast right
before its figure says what the figure is of, whoever revised it; 'the central bank said' is the central bank named
before; a company's guidance is its own word; a bank a forecaster sees cutting rates is forecast, not speaking."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, value, subject", [
    ("RBA holds cash rate at 3.85%, flags patience  The Reserve Bank of Australia left its cash rate unchanged "
     "on Tuesday.", 3.85, "RBA"),
    ("BOJ lifts short-term rate to 1%, yen firms  The Bank of Japan raised its policy rate on Friday, as most "
     "economists expected.", 1, "BOJ"),
])
def test_a_headline_names_its_subject_as_it_writes_it(extract, text, value, subject):
    claim = next(c for c in extract(text).claims if c.value == value)
    assert (claim.subject, claim.subject_entity is not None) == (subject, True)
    assert "subject.headline_form" in claim.rules


def test_the_body_keeps_the_full_name(extract):
    text = ("RBA holds cash rate at 3.85%, flags patience  The Reserve Bank of Australia kept its cash rate at "
            "3.85% on Tuesday, as 28 of 30 economists expected.")
    body = [c for c in extract(text).claims if c.value == 3.85 and c.start > 50]
    assert [c.subject for c in body] == ["Reserve Bank of Australia"]


def test_a_code_in_brackets_is_no_form_of_the_name(extract):
    claim = extract("Biogen Inc. (BIIB) climbs 3.1% after trial data").claims[0]
    assert claim.subject == "Biogen"


@pytest.mark.parametrize("text, values, subject", [
    ("Orlov Partners kept its average gold price forecast unchanged at $3,200 an ounce and trimmed its silver "
     "forecast to $36 from $38.", (36, 38), "Silver"),
    ("The research house kept its average gold price forecast at $3,200 an ounce on Monday.", (3200,), "Gold"),
    ("The broker also raised its 2027 copper forecast to $11,000 a tonne.", (11000,), "Copper"),
])
def test_a_revised_forecast_before_its_figure_says_what_it_is_of(extract, text, values, subject):
    claims = {c.value: c for c in extract(text).claims}
    assert [claims[v].subject.lower() for v in values] == [subject.lower()] * len(values)


def test_a_companys_own_revised_figure_stays_its_own(extract):
    claims = extract("Halvard Mining cut its 2026 copper output forecast to 420,000 tonnes.").claims
    assert [c.subject for c in claims] == ["Halvard Mining"]


def test_a_central_bank_described_is_the_bank_named_before(extract):
    claim = extract("The Bank of Korea held its base rate at 2.75% on Thursday, the central bank said.").claims[0]
    assert claim.speaker == "Bank of Korea"


def test_a_body_noun_with_no_body_named_stays_as_written(extract):
    claim = extract("Exports rose 4.1% in May from a year earlier, the statistics bureau said.").claims[0]
    assert claim.speaker == "statistics bureau"


def test_guidance_is_spoken_by_its_company(extract):
    text = ("Orrel Foods reported quarterly sales of $1.1 billion. Its full-year revenue guidance of $4.2 billion to "
            "$4.4 billion was unchanged.")
    claim = next(c for c in extract(text).claims if c.value == 4.2e9)
    assert (claim.modality, claim.speaker) == ("guidance", "Orrel Foods")
    assert "speaker.guidance_owner" in claim.rules


def test_a_bank_a_forecaster_sees_acting_is_no_speaker(extract):
    text = ("Economists at Harrowgate Lyle cut their growth forecast to 0.8% and see the Bank of England cutting "
            "Bank Rate to 3.25% by June.")
    claim = next(c for c in extract(text).claims if c.value == 3.25)
    assert claim.speaker == "Harrowgate Lyle"


@pytest.mark.parametrize("text, speaker", [
    ("Halden Bank cuts Orrel Mining to sell  The bank's analysts see the miner's costs rising 9% next year.",
     "Halden Bank"),
    ("Marlowe Bank sees Brent at $61 by year-end  The bank's commodity team said oil prices could fall about 10% "
     "from current levels.", "Marlowe Bank"),
])
def test_a_described_firms_people_speak_for_it(extract, text, speaker):
    assert {c.speaker for c in extract(text).claims if c.modality == "forecast"} == {speaker}


@pytest.mark.parametrize("text, speaker", [
    ("Smallcaps could fall another 8% before the budget: Experts", "Experts"),
    ("Rupee may weaken to 92 per dollar by March, say analysts", "analysts"),
])
def test_a_headline_closed_by_a_crowd_names_its_source(extract, text, speaker):
    assert [c.speaker for c in extract(text).claims] == [speaker]


@pytest.mark.parametrize("text, value, subject", [
    ("German factory orders fell 1.8% in March, data showed on Tuesday.", 1.8, "German factory orders"),
    ("Swiss inflation slowed to 0.3% in June.", 0.3, "Swiss inflation"),
    ("Canadian home sales rose 2.6% in May from April, the realtors' association said.", 2.6, "Canadian home sales"),
])
def test_a_statistic_named_with_its_economys_adjective_is_named_as_written(extract, text, value, subject):
    claim = next(c for c in extract(text).claims if c.value == value)
    assert claim.subject == subject
    assert "subject.statistic_as_written" in claim.rules


def test_a_statistic_named_with_its_country_keeps_the_country(extract):
    claim = extract("Exports from Norland rose 4.2% in May, the statistics office said.").claims[0]
    assert "subject.statistic_as_written" not in claim.rules


@pytest.mark.parametrize("text, value, period", [
    ("The new mine should produce about 95,000 tonnes of zinc a year once it is running.", 95000, "a year"),
    ("The programme will save roughly 310 million euros per year, the carmaker said.", 310e6, "per year"),
])
def test_a_rate_per_year_is_its_figures_time(extract, text, value, period):
    claim = next(c for c in extract(text).claims if c.value == value)
    assert claim.period_text == period


def test_a_year_earlier_is_no_rate(extract):
    claim = extract("Quarterly sales at Orrel Foods rose 6% from a year earlier.").claims[0]
    assert "period.per_year" not in claim.rules


@pytest.mark.parametrize("text, metric", [
    ("Holders Of Orrel Foods Stock Since 2021 Are Sitting On A 44% Loss", "return"),
    ("The rand is heading for a 3.1% monthly loss against the dollar.", "return"),
    ("Orrel Foods swung to a Rs 410-crore consolidated loss in the quarter.", "profit"),
])
def test_a_loss_in_percent_is_a_move_one_in_money_a_result(extract, text, metric):
    assert [c.metric for c in extract(text).claims] == [metric]


def test_a_spreads_benchmark_country_is_not_whose_figure_it_is(extract):
    text = ("Orrel Utilities sold $2 billion of 10-year notes at 110 basis points over U.S. Treasuries, tighter than "
            "initial guidance of around 140 basis points.")
    subjects = {c.value: c.subject for c in extract(text).claims}
    assert subjects[1.4] == "Orrel Utilities"
