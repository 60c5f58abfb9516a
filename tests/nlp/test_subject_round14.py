"""Subject round 14 (causes studied on the train split), on sentences we wrote: the rules alone and with the
shipped subject ranker must both get these right."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,expected", [
    ("Japan's Nikkei share average climbed 0.7% on Thursday.", [(0.7, "Nikkei")]),
    ("Brazil's Bovespa index fell 1.9% on Monday.", [(1.9, "Bovespa")]),
    ("The Johannesburg Stock Exchange's All-Share index rose 0.6% to 81,200 points.",
     [(0.6, "All-Share index"), (81200, "All-Share index")]),
])
def test_a_place_or_exchange_owning_a_named_index_is_not_its_subject(subjects, text, expected):
    assert subjects(text) == expected


def test_a_place_owning_an_unnamed_thing_keeps_the_place(subjects):
    # no name of its own: where the figure is remains the only name ('Norland's economy')
    assert subjects("Norland's economy grew 2.1% in the third quarter.") == [(2.1, "Norland")]


def test_a_clause_after_a_wire_code_split_is_the_names_before_the_code(subjects):
    text = ("The Arden 40 <.ARD> fell 31.2 points, or 0.4%, to 7,802.5, the Kestrel 100 <.KST> lost 12.5 points, or "
            "0.3%, to 4,120.8 and the Orrel Composite <.ORC> dropped 20.1 points.")
    assert [s for _, s in subjects(text)] == ["Arden 40"] * 3 + ["Kestrel 100"] * 3 + ["Orrel Composite"]


def test_a_comma_clause_with_its_own_named_subject(subjects):
    text = ("Quillmark Foods dropped 4%, snack maker Orrel Brands <ORB.N> sank 10% by the close, and Kestrel Dairy "
            "fell 2%.")
    assert subjects(text) == [(4, "Quillmark Foods"), (10, "Orrel Brands"), (2, "Kestrel Dairy")]


def test_a_comma_clause_opening_with_a_description_is_not_a_clause_of_its_own(subjects):
    assert subjects("Orrel Mining declares dividend of $2 per share, yield tops 7%")[-1] == (7, "Orrel Mining")


@pytest.mark.parametrize("text,expected", [
    ("Halden Bank sees the rupee at 86 per dollar by March.", [(86, "rupee")]),
    ("The bank also sees the pound at $1.31 and the yen at 142 per dollar.", [(1.31, "pound"), (142, "yen")]),
])
def test_a_currency_a_forecaster_puts_at_a_level_is_the_subject(subjects, text, expected):
    assert subjects(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Pellworth Partners set a price target of 1,850 pence on Orrel Foods, 22% above Friday's close.",
     (18.5, "Orrel Foods")),
    ("Pellworth Partners sees 40% upside in Greaves Chemicals", (40, "Greaves Chemicals")),
    ("Brokerage Pellworth Partners started coverage of Orrel Foods with a sell rating and a price target of 30 "
     "euros, implying 18% downside.", (18, "Orrel Foods")),
])
def test_a_target_upside_or_downside_is_the_rated_companys(subjects, text, expected):
    assert expected in subjects(text)


def test_a_companys_own_target_without_a_rated_company_stays_its_own(subjects):
    assert subjects("Orrel Foods raised its operating margin target to 12% on Tuesday.") == [(12, "Orrel Foods")]


def test_the_companys_core_business_is_the_company(subjects):
    assert subjects("Orrel Motors said its core business grew 4% last year.") == [(4, "Orrel Motors")]


@pytest.mark.parametrize("text,expected", [
    ("Orrel Shipping expects global container demand to grow about 2% next year.", (2, "global container demand")),
    ("Kestrel Capital forecast that global deal volume will climb about 15% in 2027.", (15, "global deal volume")),
])
def test_what_a_forecast_moves_is_its_subject(subjects, text, expected):
    assert subjects(text)[-1] == expected


@pytest.mark.parametrize("text", [
    "Orrel Foods expects revenue to grow 5% next year.",
    "Orrel Foods now expects comparable sales to decline 1% this year.",
    "Orrel Foods expects constant-currency revenue to rise 3% in fiscal 2027.",
])
def test_a_companys_own_forecast_metric_stays_the_companys(subjects, text):
    assert subjects(text)[-1][1] == "Orrel Foods"


def test_a_forecasting_word_inside_a_name_is_no_forecast(subjects):
    assert subjects("Orrel Estates Projects Q2 net jumps 70%")[-1][1] != "Q2 net"


@pytest.mark.parametrize("text,expected", [
    ("The Norland central bank kept its key rate at 5.25% on Thursday, as forecast by 18 of 22 economists in a "
     "Reuters poll.", [(18, "Reuters poll"), (22, "Reuters poll")]),
    ("The index should reach 8,100 by June, according to the median forecast of 12 equity strategists polled by "
     "Reuters.", [(12, "Reuters poll")]),
])
def test_a_count_of_the_people_polled_is_the_polls(subjects, text, expected):
    found = subjects(text)
    assert all(pair in found for pair in expected)
