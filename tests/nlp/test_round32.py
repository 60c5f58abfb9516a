"""Round 32: Indian digit grouping, an earlier period's figure in brackets ('EUR 0.14 (0.09)'), and the Nordic and
Baltic legal form 'AS'; on sentences we wrote (invented companies)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.numbers import find_numbers
from news_sentiment.nlp.vocab import Unit


@pytest.mark.parametrize("text, written, value", [
    ("Tarvik Motors sold 1,12,480 units in November.", "1,12,480", 112_480),
    ("The fund manages Rs 2,45,000 crore of assets.", "2,45,000", 245_000),
    ("The index could reach 1,00,000 by 2030.", "1,00,000", 100_000),
    ("Orders worth 12,34,56,789 rupees were placed.", "12,34,56,789", 123_456_789),
])
def test_indian_digit_grouping_is_one_number(text, written, value):
    first = find_numbers(text)[0]
    assert text[first.num_start:first.num_end] == written
    assert first.value / first.scale == value


def test_western_grouping_and_lists_are_unchanged():
    assert [n.value for n in find_numbers("Revenue was 1,234,567 euros.")] == [1_234_567]
    assert [n.value for n in find_numbers("Scores of 1,12 and 3 were given.")][:1] == [1]


@pytest.mark.parametrize("text, first, prior, unit", [
    ("Earnings per share were EUR 0.14 (0.09) in the quarter.", 0.14, 0.09, Unit.CURRENCY),
    ("Operating profit was SEK 412 mn (367) in the period.", 412e6, 367e6, Unit.CURRENCY),
    ("The operating margin was 8.2 % ( 7.9 ) in January-June.", 8.2, 7.9, Unit.PERCENT),
])
def test_a_bare_figure_in_brackets_is_the_earlier_period_s(text, first, prior, unit):
    a, b = find_numbers(text)[:2]
    assert (a.value, b.value, b.unit, b.currency) == (pytest.approx(first), pytest.approx(prior), unit, a.currency)
    assert b.prior and b.twin_of == 0


@pytest.mark.parametrize("text", [
    "Net sales were EUR 5 mn (2026) after the merger.",  # a year
    "Net sales were EUR 5 mn (3 shops) after the merger.",  # a figure with a noun of its own
    "Net sales were EUR 5 mn, 7 shops were opened.",  # no brackets
    "Shares of Orvane (7203) rose.",  # no amount before
])
def test_other_bracketed_numbers_are_no_earlier_figure(text):
    assert not any(n.prior for n in find_numbers(text))


def test_the_earlier_figure_is_a_claim_of_its_own(extract):
    found = extract("Lindhaven Oyj's operating profit rose to EUR 12.4 mn (9.8) in January-March 2027.")
    claims = [c.to_json() for c in found.claims]
    assert [c["value"] for c in claims] == [12_400_000, 9_800_000]
    now, before = claims
    assert before["subject"] == now["subject"] == "Lindhaven"
    assert before["metric"] == now["metric"] == "profit"
    assert now["period_text"] == "in January-March 2027" and now["direction"] == "up"
    assert before["period_text"] is None and before["direction"] is None


def test_the_nordic_legal_form_as(extractor):
    from news_sentiment.nlp.kb import strip_legal

    assert strip_legal("Kivimaa Net AS") == "Kivimaa Net"
    assert strip_legal("STOCKS FALL AS") == "STOCKS FALL AS"
    text = "Kivimaa Net AS has raised about EUR 45 mn by issuing 6.2 million new shares at EUR 7.25 each."
    found = extractor.extract(text, None)
    assert [(m.name, m.kind) for m in found.mentions] == [("Kivimaa Net", "company")]
    assert [c.subject for c in found.claims] == ["Kivimaa Net"] * 3


@pytest.mark.parametrize("text, metrics", [
    ("Harnoor Bank NII up 12% at Rs 6,418 crore", ["revenue", "revenue"]),
    ("Harnoor Bank Q2 NIM at 3.6%, PBT up 8%", ["margin", "profit"]),
    ("Tarvik Motors' October passenger vehicle dispatches rose 9% to 48,210 units.", ["revenue", "revenue"]),
])
def test_bank_and_carmaker_report_words(extractor, text, metrics):
    found = extractor.extract(text, None)
    assert [str(c.metric) for c in found.claims] == metrics
    assert {c.subject for c in found.claims} == {text.split(" Q2")[0].split(" NII")[0].split("'")[0]}
    assert all(m.text in ("Harnoor Bank", "Tarvik Motors") for m in found.mentions)


@pytest.mark.parametrize("text, name", [
    ("Hedge Funds Are Selling Marrowfield Bank Corporation (MWBC)", "Marrowfield Bank"),
    ("Is Quillon Group Inc. (QLGI) A Good Stock To Buy?", "Quillon"),
    ("Tessaly Realty Trust Inc (TSRT) Q4 2026 Earnings Call Transcript", "Tessaly Realty Trust"),
    ("Hedge Funds Love Orbison Holdings Inc (ORBH)", "Orbison"),
    ("Zoltech Telecommunications Corp. Awarded $1.2 Million Contract", "Zoltech Telecommunications"),
])
def test_a_title_case_headline_keeps_a_company_s_whole_name(extractor, text, name):
    found = extractor.extract(text, None)
    companies = [m for m in found.mentions if m.kind == "company"]
    assert companies and {m.name for m in companies} == {name}


def test_a_field_noun_opening_a_sentence_is_a_description_but_a_coined_name_is_not(extractor):
    assert [m.name for m in extractor.extract("Fintech Orvane Pay raised $40 million.", None).mentions] == [
        "Orvane Pay"]
    assert [m.name for m in extractor.extract("Zoltech Data Systems rose 2% on Monday.", None).mentions] == [
        "Zoltech Data Systems"]


def test_a_code_in_brackets_after_a_name_is_that_name_s(extractor):
    text = "Harwell Energy (HWLE) rose 4.1% on Monday, and HWLE's rival Brio Gas gained 2%."
    found = extractor.extract(text, None)
    named = {text[m.start:m.end]: m.name for m in found.mentions}
    assert named["HWLE"] == "Harwell Energy"
    assert named["Brio Gas"] == "Brio Gas"
    assert sum(1 for m in found.mentions if m.name == "Harwell Energy") == 3


def test_a_wire_credit_line_names_journalists(extractor):
    text = ("Lenders fell 1.7% after approvals dropped. (Reporting by Helena Marsk and Tove Lindqvist in San "
            "Francisco and Stockholm; Editing by Owen Mabry)")
    kinds = {m.text: m.kind for m in extractor.extract(text, None).mentions}
    assert kinds["Helena Marsk"] == kinds["Tove Lindqvist"] == kinds["Owen Mabry"] == "person"
    assert kinds["Stockholm"] == kinds["San Francisco"] == "place"


def test_a_co_founder_is_a_person(extractor):
    text = "Co-founder Ines Carvalhal said the money would fund expansion into Poland."
    assert {m.text: m.kind for m in extractor.extract(text, None).mentions}["Ines Carvalhal"] == "person"
