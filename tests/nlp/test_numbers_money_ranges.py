"""Money ranges, dollars named by their country, model designations, page furniture
(issue 17). Our own sentences; expected values worked out by hand."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.numbers import find_numbers


def _read(text: str) -> list[tuple[float, float | None, str | None]]:
    return [(x.value, x.value_high, x.currency) for x in find_numbers(text)]


@pytest.mark.parametrize("text,expected", [
    ("Orvane sees capital spending of $14 billion-$15 billion next year.", [(14e9, 15e9, "USD")]),
    ("Revenue is seen at $2.5bn-$2.7bn this year.", [(2.5e9, 2.7e9, "USD")]),
    ("Orvane guided to earnings of $4.10 to $4.40 a share.", [(4.10, 4.40, "USD")]),
    ("The target range is €10-€12 a share.", [(10.0, 12.0, "EUR")]),
])
def test_a_money_range_is_one_figure_with_its_upper_end(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Shares rose from $4.10 to $4.40.", [(4.10, None, "USD"), (4.40, None, "USD")]),  # from one level to another
    ("The stock rose $3 to $5 on the news.", [(3.0, None, "USD"), (5.0, None, "USD")]),  # a move and the level
    ("Net income swung to -$12 million from $3 million.", [(-12e6, None, "USD"), (3e6, None, "USD")]),  # a minus
])
def test_moves_levels_and_minus_signs_are_no_ranges(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Orvane lifted its profit forecast to NZ$1.62 billion.", [(1.62e9, None, "NZD")]),
    ("Orvane will pay a final dividend of 12.5 NZ cents a share.", [(0.125, None, "NZD")]),
    ("The stock gained 12 A cents.", [(0.12, None, "AUD")]),
    ("Shares fell 40 cents.", [(0.40, None, "USD")]),
])
def test_dollars_and_cents_named_by_their_country(text, expected):
    got = _read(text)
    assert [(pytest.approx(v), h, c) for v, h, c in got] == expected


def test_a_model_designation_before_its_noun_is_a_product_not_the_subject(extract):
    result = extract("Corvane unveils X-104 drone, shares rise 4%")
    assert ("X-104", "product") in [(m.text, m.kind) for m in result.mentions]
    assert [c.subject for c in result.claims] == ["Corvane"]


def test_a_font_size_of_the_page_furniture_is_no_figure():
    assert _read("Share this story  A+  A-  16 px\n\nOrvane shares rose 3%.") == [(3.0, None, None)]
