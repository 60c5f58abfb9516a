"""Strict dates, shared by feeds, article pages and import. No fuzzy guessing.

A string is a date only when it names a year, a month and a day, unambiguously:

- ISO 8601: ``2025-03-07``, ``2025-03-07T08:30:00Z``, ``2025-03-07 08:30:00+01:00``
- RFC 822 / 2822 (feeds, e-mail): ``Fri, 07 Mar 2025 08:30:00 GMT``, ``Mon, 29 Jul 2019 13:55 GMT``
- month names: ``7 March 2025``, ``March 7, 2025``, ``Mar 7 2025 08:30 EST``
- numbers with ``/``, ``.`` or ``-``: ``2025/03/07``; ``13.03.2025`` and ``03/13/2025`` (one part is over 12);
  ``05.03.2025`` is ambiguous and needs an explicit day order.

A time without a zone is UTC. Bare numbers ("12", "100", epoch seconds), words around a date ("Q4 2024
results", "see page 3"), impossible days (``2025-02-30``), years before 1900 and dates more than a day in the
future are refused with the reason, never replaced.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from enum import Enum

from dateutil import parser as dateparser

from news_sentiment.errors import InputError

# Zone abbreviations seen in news feeds, in hours from UTC (IST is India's). Any other name is refused,
# never dropped: dateutil on its own would ignore an unknown name and read the time as UTC.
_ZONE_HOURS = {"GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2,
               "EET": 2, "EEST": 3, "MSK": 3, "IST": 5.5, "SGT": 8, "HKT": 8, "CST": -6, "CDT": -5,
               "EST": -5, "EDT": -4, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8,
               "HST": -10, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13}
_BARE_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_NUMERIC_DMY = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})\b")
_FUTURE_SLACK = timedelta(days=1)
_EARLIEST_YEAR = 1900


class DayOrder(Enum):
    """How to read ``05.03.2025``: 5 March (day first) or May 3 (month first)."""

    DAY_FIRST = "dayfirst"
    MONTH_FIRST = "monthfirst"


class DateProblem(Enum):
    MISSING = "missing date"
    BARE_NUMBER = "a bare number is not a date"
    AMBIGUOUS = "ambiguous day and month"
    IMPOSSIBLE = "impossible date"
    INCOMPLETE = "incomplete date (needs a year, a month and a day)"
    UNKNOWN_ZONE = "unknown time zone"
    UNPARSEABLE = "not a date"
    TOO_OLD = f"date before {_EARLIEST_YEAR}"
    FUTURE = "date in the future"


_HINTS = {
    DateProblem.BARE_NUMBER: "Write dates as ISO 8601 (2025-03-07 or 2025-03-07T08:30:00Z).",
    DateProblem.AMBIGUOUS: "Say which comes first with --dayfirst or --monthfirst.",
    DateProblem.MISSING: "Give a published date, or pass --date-missing now to use the import time.",
}


class DateError(InputError):
    """A date string that is not a usable date; ``problem`` says why."""

    def __init__(self, problem: DateProblem, value: str) -> None:
        shown = value if len(value) <= 60 else value[:57] + "..."
        super().__init__(f"{problem.value}: {shown!r}" if value else problem.value, hint=_HINTS.get(problem))
        self.problem = problem


def parse_date(value: str | None, *, order: DayOrder | None = None, now: datetime | None = None) -> datetime:
    """The tz-aware UTC datetime a string names, or DateError saying why it is not one."""
    text = (value or "").strip()
    if not text:
        raise DateError(DateProblem.MISSING, "")
    if _BARE_NUMBER.fullmatch(text):
        raise DateError(DateProblem.BARE_NUMBER, text)
    when = _iso(text)
    if when is None:
        when = _free_form(text, _day_first(text, order))
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    when = when.astimezone(timezone.utc)
    if when.year < _EARLIEST_YEAR:
        raise DateError(DateProblem.TOO_OLD, text)
    if when > (now or datetime.now(timezone.utc)) + _FUTURE_SLACK:
        raise DateError(DateProblem.FUTURE, text)
    return when


def parse_date_or_none(value: str | None) -> datetime | None:
    """parse_date for sources that fall back on their own (a feed entry takes the fetch time, marked estimated)."""
    try:
        return parse_date(value)
    except DateError:
        return None


def _iso(text: str) -> datetime | None:
    if not re.match(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        if "out of range" in str(exc) or "must be in" in str(exc):
            raise DateError(DateProblem.IMPOSSIBLE, text) from None
        return None  # e.g. "2025-03-07 08:30 GMT": leave it to the free-form parser


def _day_first(text: str, order: DayOrder | None) -> bool:
    """Whether a numeric d/m/y date reads day first; refuses an ambiguous one without an explicit order."""
    m = _NUMERIC_DMY.match(text)
    if not m:
        return False
    first, second = int(m.group(1)), int(m.group(3))
    if first > 12 >= second:
        return True
    if second > 12 >= first or first == second:
        return False
    if order is None:
        raise DateError(DateProblem.AMBIGUOUS, text)
    return order is DayOrder.DAY_FIRST


def _zone(text: str) -> Callable[[str | None, int | None], int | None]:
    """dateutil's tzinfos hook: the offset of a known zone name; an unknown name is refused."""
    def offset(name: str | None, given: int | None) -> int | None:
        if given is not None or name is None:
            return given
        if name.upper() in _ZONE_HOURS:
            return int(_ZONE_HOURS[name.upper()] * 3600)
        raise DateError(DateProblem.UNKNOWN_ZONE, text)
    return offset


def _free_form(text: str, dayfirst: bool) -> datetime:
    """dateutil without fuzzy matching, refusing strings that leave year, month or day to a default."""
    results = []
    for default in (datetime(2001, 1, 1), datetime(2002, 2, 2)):
        try:
            results.append(dateparser.parse(text, default=default, dayfirst=dayfirst, tzinfos=_zone(text)))
        except (ValueError, OverflowError) as exc:
            problem = DateProblem.IMPOSSIBLE if "out of range" in str(exc) else DateProblem.UNPARSEABLE
            raise DateError(problem, text) from None
    a, b = results
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        raise DateError(DateProblem.INCOMPLETE, text)
    return a


def week_bounds(week: str) -> tuple[str, str]:
    """[start, end) of an ISO week as stored UTC text ('2025-03-03T00:00:00+00:00')."""
    from datetime import date, datetime, time, timedelta, timezone

    year, num = week.split("-W")
    monday = date.fromisocalendar(int(year), int(num), 1)
    start = datetime.combine(monday, time(0), tzinfo=timezone.utc)
    return start.isoformat(), (start + timedelta(days=7)).isoformat()
