"""A time written in a relative clause, after a verb that releases news, or in an age (issue 17, round 18): which
figures it dates. Every sentence was written for these tests (invented companies and figures)."""

from __future__ import annotations

import pytest


def _periods(extract, text: str) -> dict[str, str | None]:
    """Quote's first words -> period, for every claim of ``text``."""
    return {c.to_json()["quote"]: c.period_text for c in extract(text, None).claims}


def _period_of(extract, text: str, figure: str) -> str | None:
    found = [p for q, p in _periods(extract, text).items() if figure in q]
    assert found, f"no claim quotes {figure!r}"
    return found[-1]


@pytest.mark.parametrize("text,figure", [
    # a relative clause's day stays in it
    ("The broker, whose own shares fell 3% on Tuesday, raised its price target on Quarrel Foods to 14 euros.",
     "14 euros"),
    ("Fondazione Varenna, whose board will meet on Tuesday, could chip in 9 million euros, the paper said.",
     "9 million"),
    ("Shares of Lintel Rail, which reports results on Wednesday, fell 6%.", "fell 6%"),
    # the day news came out is no figure's time
    ("Pellmont Capital disclosed on Monday that it owns 4.1% of the Danish insurer.", "4.1%"),
    ("Harrow Mining confirmed on Thursday that it had cut 450 jobs.", "450 jobs"),
    # an age is no period
    ("Its 52-year-old chief executive said staff would get a 3.5% pay rise.", "3.5%"),
])
def test_the_time_does_not_date_the_figure(extract, text, figure):
    assert _period_of(extract, text, figure) is None


@pytest.mark.parametrize("text,figure,period", [
    # the relative clause's own figure keeps its day; a move beside another keeps the shared day
    ("The broker, whose own shares fell 3% on Tuesday, raised its price target on Quarrel Foods to 14 euros.",
     "fell 3%", "on Tuesday"),
    ("Gold rose 1% to $2,600 an ounce on Friday, while silver added 2%.", "added 2%", "on Friday"),
    ("The index fell 1.4% on Monday, led by Corvane, which lost 6%.", "fell 1.4%", "on Monday"),
])
def test_the_time_dates_its_own_figures(extract, text, figure, period):
    assert _period_of(extract, text, figure) == period
