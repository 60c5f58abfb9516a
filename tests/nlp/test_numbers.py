"""Number finding and normalisation (regular expressions only, no spaCy)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from news_sentiment.nlp.numbers import find_numbers


def one(text: str):
    nums = find_numbers(text)
    assert len(nums) == 1, [(text[n.start:n.end], n.value) for n in nums]
    return nums[0]


@pytest.mark.parametrize("text,value,unit,currency", [
    ("revenue of $439 billion", 439_000_000_000, "currency", "USD"),
    ("profit of EUR 13.1 mn", 13_100_000, "currency", "EUR"),
    ("sales of Rs 10.4 crore", 104_000_000, "currency", "INR"),
    ("a loan of 1.2 lakh rupees", 120_000, "currency", "INR"),
    ("net of Rs 15.75cr", 157_500_000, "currency", "INR"),
    ("a loss of EUR5m", 5_000_000, "currency", "EUR"),
    ("worth EUR12 .3 m", 12_300_000, "currency", "EUR"),
    ("worth EUR345 ,000", 345_000, "currency", "EUR"),
    ("sales of 2.5 mln euro", 2_500_000, "currency", "EUR"),
    ("priced at 200,000 won a share", 200_000, "currency", "KRW"),
    ("a deal of US$ 3 tn", 3_000_000_000_000, "currency", "USD"),
    ("orders of 45 MEUR", 45_000_000, "currency", "EUR"),
    ("up 5.7 percent", 5.7, "percent", None),
    ("up 142 per cent", 142, "percent", None),
    ("a 7 pc stake", 7, "percent", None),
    ("a 3.3-percent increase", 3.3, "percent", None),
    ("gained 40%", 40, "percent", None),
    ("up 1.5 percentage points", 1.5, "percentage_points", None),
    ("at 18 times earnings", 18, "multiple", None),
    ("jumps over 3-fold", 3, "multiple", None),
    ("fell 120 points", 120, "index_points", None),
    ("carrying 11,000 tons of oil", 11_000, "other", None),
    ("totals 72 MWe", 72, "other", None),
])
def test_values_units_currencies(text, value, unit, currency):
    n = one(text)
    assert n.value == pytest.approx(value)
    assert n.unit == unit
    assert n.currency == currency


def test_negative_values():
    assert one("a result of EUR -3.2 mn").value == pytest.approx(-3_200_000)
    assert one("a negative 2.5 % return").value == pytest.approx(-2.5)
    assert one("an operating loss of EUR 2 mn").value == pytest.approx(2_000_000)


def test_ranges():
    n = one("6500 to 6800 is the range")
    assert (n.value, n.value_high) == (6500, 6800)
    n = one("growth of 20-25%")
    assert (n.value, n.value_high, n.unit) == (20, 25, "percent")
    n = one("EUR 10-12 million")
    assert (n.value, n.value_high) == (10_000_000, 12_000_000)


def test_scale_after_parenthesis_applies_to_both():
    nums = find_numbers("is worth SEK 90 ( approximately EUR 7.9 ) million and SEK 20 ( EUR 1.7 ) million at maximum .")
    assert [(n.value, n.currency) for n in nums] == [(90e6, "SEK"), (7.9e6, "EUR"), (20e6, "SEK"), (1.7e6, "EUR")]
    assert nums[1].twin_of == 0 and nums[3].twin_of == 2
    assert nums[2].trailing_comparator == "at_most" and nums[3].trailing_comparator == "at_most"


def test_restated_in_another_currency_is_a_twin():
    nums = find_numbers("rose to 3.2 mln euro ( $ 3.5 mln ) in the quarter")
    assert [(n.value, n.currency) for n in nums] == [(3.2e6, "EUR"), (3.5e6, "USD")]
    assert nums[1].twin_of == 0


@pytest.mark.parametrize("text", [
    "in 2009 the company grew", "a Feb. 28 note", "since late 2021", "born 1964 ,", "at around 4.30 a.m. local",
    "raises 2015 oil forecasts", "Q2 results", "H1 sales", "FY15 guidance", "the 3G network", "the 3C Expo",
    "the Vision 2020 plan", "near 4-month low", "for a maximum of 90 day", "100 days of government",
    "top 10 stocks to buy", "3 things to watch", "the 2nd quarter", "on October 11 , 2006 it said",
    "on 6 August 2010 .", "June 27, 2014: report", "ticker HEL : EBG1V , or EB", "call +1 212 555 0100 now",
    "the Nokia 105 and 215 phones", "Holdings bought : Kesko Oyj 3 .",
])
def test_not_claims(text):
    assert find_numbers(text) == [], [(text[n.start:n.end]) for n in find_numbers(text)]


def test_protected_spans_are_skipped():
    text = "the Nasdaq 100 fell 2%"
    nums = find_numbers(text, protected=[(4, 14)])
    assert [n.value for n in nums] == [2]


def test_offsets_cover_the_expression():
    text = "Orders climbed to EUR 2.4 mn from EUR 1.9 mn ."
    nums = find_numbers(text)
    assert [text[n.start:n.end] for n in nums] == ["EUR 2.4 mn", "EUR 1.9 mn"]


@given(st.decimals(min_value=1, max_value=999_999, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from([("mn", 1e6), ("bn", 1e9), ("cr", 1e7), ("", 1.0)]))
def test_property_currency_round_trip(amount, scale):
    word, factor = scale
    text = f"revenue of EUR {amount:,.2f} {word} in the year".replace("  ", " ")
    nums = find_numbers(text)
    assert len(nums) == 1
    assert nums[0].currency == "EUR"
    assert nums[0].value == pytest.approx(float(amount) * factor, rel=1e-9)


@given(st.floats(min_value=0.01, max_value=999, allow_nan=False).map(lambda f: round(f, 2)))
def test_property_percent(value):
    nums = find_numbers(f"shares rose {value}% on Monday")
    assert len(nums) == 1 and nums[0].unit == "percent"
    assert nums[0].value == pytest.approx(value)


def test_compound_indian_scales_and_subunits():
    assert one("to raise Rs 1.5 lakh crore").value == pytest.approx(1.5e12)
    assert one("plan Rs 4K crore each").value == pytest.approx(4e10)
    n = one("down 38 paise today")
    assert (n.value, n.currency) == (pytest.approx(0.38), "INR")
    n = one("fell to 70.3 pence")
    assert (n.value, n.currency) == (pytest.approx(0.703), "GBP")
    n = one("Rs 5,500-crore plan")
    assert n.value == pytest.approx(5.5e10)


def test_physical_units_after_the_number():
    nums = find_numbers("dimensions of 185 m length and 6.55 m draught, a fleet of 800dwt and 17,000 TEUs")
    assert [(n.value, n.unit) for n in nums] == [(185, "other"), (6.55, "other"), (800, "other"), (17000, "other")]
