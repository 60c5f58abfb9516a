"""Strict dates: accepted forms, and every refusal with its reason (no fuzzy guessing)."""

from datetime import datetime, timezone

import pytest

from news_sentiment.dates import DateError, DateProblem, DayOrder, parse_date

NOW = datetime(2026, 1, 15, 12, tzinfo=timezone.utc)


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, expected", [
    ("Mon, 29 Jul 2019 13:55 GMT", utc(2019, 7, 29, 13, 55)),
    ("Tue, 23 Jul 2019 21:39:00 +0000", utc(2019, 7, 23, 21, 39)),
    ("Fri, 07 Mar 2025 03:00:00 EST", utc(2025, 3, 7, 8)),
    ("2025-03-07T16:30:00+08:00", utc(2025, 3, 7, 8, 30)),
    ("2019-07-23T21:39:00.000Z", utc(2019, 7, 23, 21, 39)),
    ("2025-03-07", utc(2025, 3, 7)),
    ("2025-03-07 08:30 GMT", utc(2025, 3, 7, 8, 30)),
    ("07 Mar 2025 08:30 EET", utc(2025, 3, 7, 6, 30)),
    ("7 March 2025", utc(2025, 3, 7)),
    ("March 7, 2025", utc(2025, 3, 7)),
    ("2025/03/07", utc(2025, 3, 7)),
    ("13.03.2025", utc(2025, 3, 13)),   # 13 cannot be a month
    ("03/13/2025", utc(2025, 3, 13)),
    ("04.04.2025", utc(2025, 4, 4)),    # day and month equal: no ambiguity
])
def test_accepted_forms(text, expected):
    assert parse_date(text, now=NOW) == expected


@pytest.mark.parametrize("text, problem", [
    ("", DateProblem.MISSING),
    ("   ", DateProblem.MISSING),
    ("12", DateProblem.BARE_NUMBER),
    ("100", DateProblem.BARE_NUMBER),
    ("1741336200", DateProblem.BARE_NUMBER),
    ("see page 3", DateProblem.UNPARSEABLE),
    ("Q4 2024 results", DateProblem.UNPARSEABLE),
    ("not-a-date", DateProblem.UNPARSEABLE),
    ("2025-02-30", DateProblem.IMPOSSIBLE),
    ("Feb 30 2025", DateProblem.IMPOSSIBLE),
    ("March 2025", DateProblem.INCOMPLETE),
    ("Thursday", DateProblem.INCOMPLETE),
    ("05.03.2025", DateProblem.AMBIGUOUS),
    ("1899-12-31", DateProblem.TOO_OLD),
    ("2026-01-17", DateProblem.FUTURE),
    ("Fri, 07 Mar 2025 08:30:00 XYZ", DateProblem.UNKNOWN_ZONE),
])
def test_refusals_say_why(text, problem):
    with pytest.raises(DateError) as info:
        parse_date(text, now=NOW)
    assert info.value.problem is problem
    assert str(info.value).startswith(problem.value)


def test_ambiguous_day_and_month_follow_the_explicit_order():
    assert parse_date("05.03.2025", order=DayOrder.DAY_FIRST, now=NOW) == utc(2025, 3, 5)
    assert parse_date("05/03/2025", order=DayOrder.MONTH_FIRST, now=NOW) == utc(2025, 5, 3)
    with pytest.raises(DateError) as info:
        parse_date("05.03.2025", now=NOW)
    assert "--dayfirst" in info.value.hint


def test_a_day_of_slack_for_clocks_ahead():
    assert parse_date("2026-01-16T11:00:00Z", now=NOW) == utc(2026, 1, 16, 11)
