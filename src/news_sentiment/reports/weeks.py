"""ISO weeks in a timezone: parse '2025-W10', local bounds, UTC bounds for store queries."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from news_sentiment.errors import InputError
from news_sentiment.reports.records import Week

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def zone(tz: str) -> ZoneInfo:
    """A timezone by IANA name ('UTC', 'Asia/Hong_Kong'); InputError when unknown."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown timezone {tz!r}",
                         hint="Use an IANA name such as UTC, Europe/London or Asia/Hong_Kong.") from None


def parse_week(label: str, tz: str = "UTC") -> Week:
    """'2025-W10' (or '2025W10') → Week with Monday..Sunday local dates and UTC query bounds."""
    m = _WEEK.match(label.strip())
    if not m:
        raise InputError(f"not an ISO week: {label!r}", hint="Write the week as YYYY-Www, e.g. --week 2025-W10.")
    year, num = int(m.group(1)), int(m.group(2))
    try:
        monday = date.fromisocalendar(year, num, 1)
    except ValueError:
        raise InputError(f"{year} has no ISO week {num}", hint="ISO weeks run from W01 to W52 (or W53).") from None
    return week_of(monday, tz)


def week_of(day: date, tz: str = "UTC") -> Week:
    """The ISO week containing ``day``."""
    z = zone(tz)
    monday = day - timedelta(days=day.weekday())
    start = datetime.combine(monday, time.min, tzinfo=z).astimezone(timezone.utc)
    end = datetime.combine(monday + timedelta(days=7), time.min, tzinfo=z).astimezone(timezone.utc)
    year, num, _ = monday.isocalendar()
    return Week(label=f"{year}-W{num:02d}", tz=tz, start=monday, end=monday + timedelta(days=6),
                start_utc=start, end_utc=end)


def previous(week: Week) -> Week:
    return week_of(week.start - timedelta(days=7), week.tz)


def utc_text(dt: datetime) -> str:
    """The store's text form of a time (ISO 8601, UTC, seconds), comparable as text with ``published``."""
    return dt.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def bounds(week: Week) -> tuple[str, str]:
    """(start, end) as stored text: ``start <= published < end``."""
    return utc_text(week.start_utc), utc_text(week.end_utc)


def local(value: str | None, tz: str) -> datetime | None:
    """A stored UTC time as an aware local datetime."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(zone(tz))
