"""Number finding and normalisation (regular expressions only, no spaCy). Every text here was written for these
tests (invented companies and figures)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from news_sentiment.nlp.numbers import find_numbers
from news_sentiment.nlp.rulebook import all_rules


def one(text: str):
    nums = find_numbers(text)
    assert len(nums) == 1, [(text[n.start:n.end], n.value) for n in nums]
    return nums[0]


@pytest.mark.parametrize("text,value,unit,currency", [
    ("Corvane booked revenue of $212 billion", 212_000_000_000, "currency", "USD"),
    ("Veltro's profit came to EUR 48.6 mn", 48_600_000, "currency", "EUR"),
    ("Pranav Mills posted sales of Rs 27.3 crore", 273_000_000, "currency", "INR"),
    ("a farm loan of 3.4 lakh rupees", 340_000, "currency", "INR"),
    ("Kaveri Agro net at Rs 9.85cr", 98_500_000, "currency", "INR"),
    ("a write-down of EUR7m at Sorvik", 7_000_000, "currency", "EUR"),
    ("Talvio valued the unit at EUR14 .6 m", 14_600_000, "currency", "EUR"),
    ("Talvio paid EUR512 ,000 for the site", 512_000, "currency", "EUR"),
    ("net sales of 8.4 mln euro at Hallin", 8_400_000, "currency", "EUR"),
    ("Dongsan bonds priced at 150,000 won a unit", 150_000, "currency", "KRW"),
    ("a buyout of US$ 2 tn over ten years", 2_000_000_000_000, "currency", "USD"),
    ("orders worth 72 MEUR for Kestora", 72_000_000, "currency", "EUR"),
    ("Lumora gained 4.2 percent", 4.2, "percent", None),
    ("Brixo profits up 187 per cent", 187, "percent", None),
    ("Ravel holds a 9 pc stake", 9, "percent", None),
    ("a 2.8-percent increase in volumes", 2.8, "percent", None),
    ("Oxwell jumped 35%", 35, "percent", None),
    ("margin up 2.5 percentage points", 2.5, "percentage_points", None),
    ("it trades at 22 times earnings", 22, "multiple", None),
    ("Sarnet net jumps over 4-fold", 4, "multiple", None),
    ("the gauge lost 85 points", 85, "index_points", None),
    ("a tanker carrying 14,500 tons of diesel", 14_500, "other", None),
    ("a plant rated at 48 MWe", 48, "other", None),
])
def test_values_units_currencies(text, value, unit, currency):
    n = one(text)
    assert n.value == pytest.approx(value)
    assert n.unit == unit
    assert n.currency == currency


@pytest.mark.parametrize("text,value,currency", [
    ("Priced at 7$ each, Voltrana looks cheap", 7, "USD"),          # the symbol after the number
    ("an 87-cent forecast for Quorra", 0.87, "USD"),              # a sub-unit joined by a hyphen
    ("Fenwick set a 260-euro price target", 260, "EUR"),
    ("a 325-pence target on Harrowgate", 3.25, "GBP"),
    ("Harrowgate trimmed its target to 415p", 4.15, "GBP"),       # pence glued to the digits
    ("Quorra lost 45 U.S. cents a share", 0.45, "USD"),
    ("charges of 3.4 billion Swedish crowns at Nordvale", 3.4e9, "SEK"),
    ("Brasilco earned 12.4 billion reais", 12.4e9, "BRL"),
    ("the fund is worth 3.2 trillion riyals", 3.2e12, "SAR"),
    ("a bid of 1.35 Canadian dollars a share", 1.35, "CAD"),
])
def test_money_written_after_the_number(text, value, currency):
    n = one(text)
    assert (n.value, n.unit, n.currency) == (pytest.approx(value), "currency", currency)


def test_crowns_take_the_country_named_in_the_text():
    n = one("Norwegian insurer Fjordsikt will pay 3.10 crowns per share")
    assert (n.value, n.currency) == (pytest.approx(3.1), "NOK")


@pytest.mark.parametrize("text,value", [
    ("Voltrana booked 14M in sales", 14e6),   # a capital M glued to the digits is a scale
    ("Klarbo reported revenue of 12.5 billion", 12.5e9),
    ("Orbex raised 3B in new debt", 3e9),
])
def test_money_without_a_currency_keeps_its_scale(text, value):
    n = one(text)
    assert n.value == pytest.approx(value) and n.scale > 1
    assert n.unit != "count"  # the unit stage calls it money from the context; it is never a count here


def test_an_amount_without_currency_takes_the_currency_before_it_in_the_sentence():
    nums = find_numbers("Sales at Pellow hit 9.5 billion dollars, above forecasts of 9.1 billion. "
                        "It also sold 2 million shares.")
    assert [(n.value, n.unit, n.currency) for n in nums] == [(9.5e9, "currency", "USD"), (9.1e9, "currency", "USD"),
                                                              (2e6, "bare", None)]
    # not across a sentence, and not onto a counted noun
    nums = find_numbers("Quarnex paid $4 billion. Analysts expected 3.8 billion.")
    assert nums[1].unit == "bare"
    nums = find_numbers("Sorvik expects output of 3.2 million tonnes this year and 3.5 million next year")
    assert [(n.value, n.unit) for n in nums] == [(3.2e6, "other"), (3.5e6, "other")]


def test_rupee_amount_used_as_an_adjective_is_money():
    n = one("Kaveri Trust to sell 1,240-crore Zentra shares")
    assert (n.value, n.unit, n.currency) == (pytest.approx(1.24e10), "currency", None)


def test_negative_values():
    assert one("a result of EUR -4.7 mn for Hallin").value == pytest.approx(-4_700_000)
    assert one("Hallin's result was EUR -4.7 mn").currency == "EUR"
    assert one("a negative 1.5 % return").value == pytest.approx(-1.5)
    assert one("Velmar shares were down −2.3% at noon").value == pytest.approx(-2.3)
    assert one("an operating loss of EUR 6 mn at Sorvik").value == pytest.approx(6_000_000)


@pytest.mark.parametrize("text,low,high,unit", [
    ("Analysts see 4100 to 4300 as the band", 4100, 4300, "bare"),
    ("growth of 15-18%", 15, 18, "percent"),
    ("EUR 20-24 million in savings", 20e6, 24e6, "currency"),
    ("Corvane may return 8%-9% next year", 8, 9, "percent"),
    ("rates of 4.25%-4.50% by June", 4.25, 4.5, "percent"),
    ("Brenvik sees margins of 6% to 9% next year", 6, 9, "percent"),
    ("the stocks rose between 0.5% and 1.2%", 0.5, 1.2, "percent"),
    ("the index should end between 5,100 and 5,400", 5100, 5400, "bare"),
    ("it cut its outlook to 2-3% from 3-4%", 2, 3, "percent"),
])
def test_ranges(text, low, high, unit):
    n = find_numbers(text)[0]
    assert (n.value, n.value_high, n.unit) == (pytest.approx(low), pytest.approx(high), unit)


def test_a_move_and_the_level_it_reached_are_not_a_range():
    nums = find_numbers("Orvane cut its rate by 0.25% to 4.5% and its peer lifted it 0.5% to 3.75%; the index rose 300 "
                        "to 62,000")
    assert [(n.value, n.value_high) for n in nums] == [(0.25, None), (4.5, None), (0.5, None), (3.75, None),
                                                        (300, None), (62000, None)]
    assert [n.unit for n in find_numbers("margins narrowed 2.1 pct points")] == ["percentage_points"]
    assert one("a 5.4 trln yen budget").value == pytest.approx(5.4e12)


def test_from_to_is_a_movement_not_a_range():
    nums = find_numbers("the margin rose from 5% to 7% and sales from 4100 to 4300")
    assert [(n.value, n.value_high) for n in nums] == [(5, None), (7, None), (4100, None), (4300, None)]
    nums = find_numbers("the dividend rose 4 cents to $2.15 a share")
    assert [(n.value, n.value_high) for n in nums] == [(0.04, None), (2.15, None)]
    nums = find_numbers("it cut its outlook to 2-3% from 3-4%")
    assert [(n.value, n.value_high) for n in nums] == [(2, 3), (3, 4)]


def test_scale_after_parenthesis_applies_to_both():
    nums = find_numbers("Brenvik agreed a price of NOK 60 ( approximately EUR 5.4 ) million, and DKK 30 ( EUR 4.0 ) "
                        "million at most for the second site .")
    assert [(n.value, n.currency) for n in nums] == [(60e6, "NOK"), (5.4e6, "EUR"), (30e6, "DKK"), (4e6, "EUR")]
    assert nums[1].twin_of == 0 and nums[3].twin_of == 2


def test_restated_in_another_currency_is_a_twin():
    nums = find_numbers("Hallin's profit grew to 7.6 mln euro ( $ 8.3 mln ) this year")
    assert [(n.value, n.currency) for n in nums] == [(7.6e6, "EUR"), (8.3e6, "USD")]
    assert nums[1].twin_of == 0


@pytest.mark.parametrize("text", [
    # years, dates, times
    "in 2011 the company grew", "a Mar. 14 memo", "since early 2019", "born 1971 ,", "at about 6.15 a.m. today",
    "lifts 2027 copper forecasts", "on November 4 , 2019 it said", "on 9 July 2012 .", "April 3, 2021: note",
    "the 2007-08 crisis", "for fiscal 2025/26", "a scan for 10-14-21 here", "due 03/07/2026 .", "a 2 1/2-week high",
    # names, codes, ordinals, identifiers
    "Q3 results", "H2 sales", "FY27 guidance", "the 5G rollout", "the 4D Summit", "the Horizon 2030 plan",
    "the 3rd quarter", "ticker OSL : BRNV3 , or Brenvik", "call +44 20 7946 0321 today",
    "sales of the Vantor 105 and 215 phones", "Holdings sold : Talvio Oyj 4 .",
    "as of 2026-03-07 .", "the call at 10:30, Tuesday", "said strategist Jane Roe, 46.", "4 Top Bank Shares To Own",
    "the DAX 40 may climb", "the Stoxx 600 index", "shares of Brenvik (2318.HK) and <6751.T>",
    # durations (periods are found by the period stage, not here)
    "near a 6-month low", "for a maximum of 60 day", "200 days of the new cabinet", "a 45 min briefing for investors",
    "shares may stay flat for 8+ weeks", "in the next 1-3 wks", "for 20 consecutive days", "a streak of 29 straight months",
    "flat for 3 or 4 mo", "a director aged 58 joined",
    # list sizes
    "top 10 stocks to buy", "3 things to watch", "5 stocks to buy now", "top 10 picks for the year", "7 smart bets for May",
    # model and product designations
    "Tesla's Model 3 sedan", "the X-104 drone", "iPhone 16 sales slowed", "after COVID-19 curbs",
    "as Aerion raised 777 Freighter output", "the Aerion A330-800 widebody",
    # indicator parameters
    "above its 200-day MA", "an RSI 30 reading", "the 50-day moving average", "the 200 day moving average",
    "an RSI(14) signal",
])
def test_not_claims(text):
    assert find_numbers(text) == [], [(text[n.start:n.end]) for n in find_numbers(text)]


@pytest.mark.parametrize("text,value", [
    ("Brightline Hires 200 Engineers In Pune", 200),   # a title-case headline: a count, not a name
    ("Skylark Buys 5 Aircraft For Its Fleet", 5),
    ("Darnell will hire 12 Chinese engineers", 12),
    ("it ordered 50 Dreamliners last year", 50),
    ("Halden Steel Holds Above 950 Level", 950),
    ("Kaveri Agro Crosses 640 On Strong Orders", 640),
    ("Tavora Holdings sold 42 million shares in Brenvik", 42e6),    # a scale word is not a list size
    ("Kestora booked a near-12% rise in orders", 12),             # a lower-case prefix is not a model name
    ("Kestora Orders Up Near-12%", 12),
])
def test_counts_in_headlines_are_kept(text, value):
    assert [n.value for n in find_numbers(text)] == [value]


def test_protected_spans_are_skipped():
    text = "the Nasdaq 100 fell 2%"
    nums = find_numbers(text, protected=[(4, 14)])
    assert [n.value for n in nums] == [2]


def test_offsets_cover_the_expression():
    text = "Bookings at Velmar rose to EUR 3.6 mn from EUR 2.2 mn ."
    nums = find_numbers(text)
    assert [text[n.start:n.end] for n in nums] == ["EUR 3.6 mn", "EUR 2.2 mn"]


def test_rules_that_decided_a_number_are_traced():
    ids = {r.id for r in all_rules()}
    for text, rule in [("Oxwell jumped 35%", "number.percent"), ("an 87-cent forecast", "number.subunit"),
                       ("sales of EUR 8 mn", "number.scale"), ("rose between 0.5% and 1.2%", "number.range-between")]:
        n = one(text)
        assert rule in n.rules and set(n.rules) <= ids


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
    assert one("plans to raise Rs 2.4 lakh crore").value == pytest.approx(2.4e12)
    assert one("Two lenders plan Rs 6K crore share sales").value == pytest.approx(6e10)
    n = one("the rupee down 41 paise today")
    assert (n.value, n.currency) == (pytest.approx(0.41), "INR")
    n = one("Harrowgate fell to 82.6 pence")
    assert (n.value, n.currency) == (pytest.approx(0.826), "GBP")
    n = one("a Rs 3,200-crore plan")
    assert n.value == pytest.approx(3.2e10)


def test_physical_units_after_the_number():
    nums = find_numbers("a hull of 212 m length and 7.2 m draught, a fleet of 950dwt and 21,000 TEUs, "
                        "demand of 101.3 bcfd")
    assert [(n.value, n.unit) for n in nums] == [(212, "other"), (7.2, "other"), (950, "other"), (21000, "other"),
                                                 (101.3, "other")]
