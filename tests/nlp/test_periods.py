from __future__ import annotations

from datetime import date

import pytest

from news_sentiment.nlp.periods import find_periods, normalise_period

PUB = date(2025, 3, 7)  # a Friday


@pytest.mark.parametrize("text,start,end", [
    ("this year", "2025-01-01", "2025-03-07"),
    ("on Friday", "2025-03-07", "2025-03-07"),
    ("on Tuesday", "2025-03-04", "2025-03-04"),
    ("this week", "2025-03-03", "2025-03-07"),
    ("five-year", "2020-03-07", "2025-03-07"),
    ("2021 peak", "2021-01-01", "2021-12-31"),
    ("currently", "2025-03-07", "2025-03-07"),
    ("Q4", "2024-10-01", "2024-12-31"),
    ("in H1 2015", "2015-01-01", "2015-06-30"),
    ("for the first quarter of 2008", "2008-01-01", "2008-03-31"),
    ("in the second half of 2010", "2010-07-01", "2010-12-31"),
    ("in 2010", "2010-01-01", "2010-12-31"),
    ("last year", "2024-01-01", "2024-12-31"),
])
def test_normalise(text, start, end):
    assert normalise_period(text, PUB) == (start, end)


def test_unresolvable_is_none():
    assert normalise_period("quarterly", PUB) == (None, None)
    assert normalise_period("this year", None) == (None, None)
    assert normalise_period(None, PUB) == (None, None)


def test_find_periods_in_text():
    text = "The index gained 1% on Friday, taking this week's advance to 10%, the best since 2021. Said today."
    found = [t for _, _, t in find_periods(text)]
    assert found[:2] == ["on Friday", "this week"]
    assert "today" not in found
