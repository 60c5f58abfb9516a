"""Wire copy as it reaches us: trading-session times ('By midday', 'after hours', 'in a single day'), an anaphoric
'in the same period', a coded name with its move set off by a comma, a company named with a digit ("3M's"), a move
named after 'to' ('to a 300-point gain'), statistics such as average hourly earnings. Our own sentences and
invented names (round 20, written for the error groups of the claims corpus's batch L, a train-only batch of real
wire paragraphs and feed headlines)."""

from __future__ import annotations

import pytest


def _periods(extract, text: str) -> list[tuple[float, str | None]]:
    return [(c.value, c.period_text) for c in extract(text, None).claims]


def _subjects(extract, text: str) -> list[tuple[float, str | None]]:
    return [(c.value, c.subject) for c in extract(text, None).claims]


@pytest.mark.parametrize("text,period", [
    ("Marlo shares fell 9% after hours.", "after hours"),
    ("By midday, the FTSE 100 was down 0.5%.", "By midday"),
    ("The Philadelphia Semiconductor Index fell nearly 4% by the end of the session.", "by the end of the session"),
    ("Corvel shed $3 billion of market value in a single day.", "in a single day"),
    ("Orvane shares opened up over 6% at market open after the results.", "at market open"),
])
def test_a_trading_session_is_the_time_of_a_move(extract, text, period):
    assert [p for _, p in _periods(extract, text)][0] == period


def test_hours_of_talks_are_no_session(extract):
    assert _periods(extract, "After hours of talks, Brindle agreed to pay $2.1 billion for the unit.") == [
        (2.1e9, None)]


def test_the_same_period_points_back_to_the_period_named_before(extract):
    text = ("Halden said its buyout portfolio gained 6% in the second quarter. The funds of Orvel and Tarsk rose "
            "2.1% and 4%, respectively, while those of Brio fell 3% in the same period.")
    assert [p for _, p in _periods(extract, text)] == ["in the second quarter"] * 4


def test_that_time_frame_points_back(extract):
    text = "The S&P 500 is down 11% year-to-date, and the Nasdaq is down more than 18% over that time frame."
    assert _periods(extract, text) == [(11, "year-to-date"), (18, "year-to-date")]


def test_the_same_period_of_a_year_stays_a_comparison_base(extract):
    text = "Net profit was 12 million euros, compared with 9 million euros in the same period of 2024."
    assert _periods(extract, text) == [(12e6, None), (9e6, "in the same period of 2024")]


def test_a_move_set_off_after_a_coded_name_is_that_names(extract):
    text = ("The top gainers were Kestrel Homes, followed by Marlo Services <6098.HK>, surging 8.1% and Denholm "
            "Group <0960.HK>, up by 7.9%.")
    assert _subjects(extract, text) == [(8.1, "Marlo Services"), (7.9, "Denholm")]


def test_a_target_on_a_named_company_stays_the_named_companys(extract):
    assert _subjects(extract, "Halvorsen upgraded Orrel Foods to buy and raised its target to $52.") == [
        (52, "Orrel Foods")]


@pytest.mark.parametrize("text", ["Average hourly earnings rose 0.3% in November.",
                                  "Wholesale inventories slipped 0.2% in December."])
def test_labour_and_inventory_statistics_are_macro(extract, text):
    assert [str(c.metric) for c in extract(text, None).claims] == ["macro"]


def test_per_share_earnings_are_eps(extract):
    claims = extract("For the fiscal year, Brindle reported per-share earnings of $3.10.", None).claims
    assert [(c.value, str(c.metric)) for c in claims] == [(3.1, "eps")]


def test_a_company_named_with_a_digit_and_a_scale_letter_is_no_figure(extract):
    claims = extract("3M's stock surge is leading the Dow to a more than 300 point gain at midday.", None).claims
    assert [(c.value, str(c.metric), c.direction) for c in claims] == [(300, "return", "up")]


def test_three_million_written_short_stays_a_figure(extract):
    assert [c.value for c in extract("The startup raised $3M in its seed round.", None).claims] == [3e6]


def test_a_level_reached_stays_a_level(extract):
    claims = extract("The index climbed to 18,250 on Friday.", None).claims
    assert [(c.value, str(c.metric)) for c in claims] == [(18250, "price_level")]
