"""Time expressions a claim refers to, and their normalisation to dates against the publication date."""

from __future__ import annotations

import re
from datetime import date, timedelta

_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30}
_Y = r"(?:19|20)\d\d"
MONTHS_RE = r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
_NUMW = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty)"

# month names are matched case-sensitively ('may' is a verb) and never before a day number ('Feb. 28 note')
_MONTH_CS = r"(?-i:" + MONTHS_RE.replace("|May|", "|May(?=\\s+(?:19|20)\\d\\d)|") + r")"
_MONTH_NODAY = r"\.?(?!\s*\d{1,2}(?:st|nd|rd|th)?\b(?!\d))"

PERIOD_PATTERNS = [
    r"(?:so far |earlier |later )?this (?:year|week|month|quarter)(?:'s|’s)?",
    r"(?:since|from) the (?:start|beginning) of (?:the|this) (?:year|month|quarter|week)",
    r"(?:month|week|quarter)[- ]to[- ]date|[MQW]TD\b",
    r"(?:(?:in|during|over|for) )?(?:the )?(?:past|last|previous) (?:year|week|month|quarter)",
    r"(?:last|past|previous) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    r"(?:(?:in|for|during) )?(?:the )?" + _MONTH_CS + r"\.?[- ]quarter\b",
    r"(?:(?:in|during|for|since|through|until|by|from|throughout|over) )?(?:(?:early|mid|late|the end of|the start of)[- ])?"
    r"(?:last )?(?-i:(?:" + MONTHS_RE + r"))\.? (?:19|20)\d\d\b",
    r"(?:(?:in|during|for|since|through|until|throughout)\b (?:(?:early|mid|late)[- ])?|last |(?:early|mid|late)[- ])"
    + _MONTH_CS.replace("|May(?=", "|May|May(?=") + _MONTH_NODAY,
    r"on (?-i:(?:" + MONTHS_RE + r"))\.? \d{1,2}(?:st|nd|rd|th)?\b(?!,? (?:19|20)\d\d)(?! note| report| statement| filing)",
    r"(?:last|past|previous|next) (?:year|week|month|quarter)",
    r"(?:the )?(?:past|last|previous|next) " + _NUMW + r" (?:years|months|weeks|days|quarters|sessions)",
    r"year[- ]to[- ]date|year[- ]on[- ]year|YTD|a year (?:earlier|ago|before)|(?:the )?year-ago(?: period| quarter)?",
    r"(?:by |at )?(?:the )?(?:year[- ]end|end of (?:the|this|next) year)",
    r"(?<!said )(?<!reported )(?<!announced )(?<!stated )(?:on )?(?<!said on )(?<!reported on )(?<!announced on )"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    r"(?:(?:in|for|during) )?(?:the )?period (?:of )?(?:" + MONTHS_RE + r")[-–](?:" + MONTHS_RE + r") " + _Y,
    r"(?:(?:in|for|during) )?(?:the )?(?:" + MONTHS_RE + r")[-–](?:" + MONTHS_RE + r")(?: quarter)?(?: " + _Y + r")?",
    r"since (?:" + MONTHS_RE + r")(?: " + _Y + r")?\b",
    r"(?<!said )(?<!announced )(?<!reported )\btoday|yesterday",
    r"(?:(?:in|for|during) )?(?:the )?(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?:\s?ended (?:" + MONTHS_RE + r")\.? \d{1,2}(?:,? " + _Y + r")?)?\w*(?: of (?:fiscal )?(?:" + _Y + r"|the year))?(?: " + _Y + r")?",
    r"(?:(?:in|for|during) )?(?:the )?(?:first|second)[- ]half\w*(?: of (?:fiscal )?" + _Y + r")?",
    r"(?:(?:in|for|during) )?(?:the )?(?:corresponding|same|comparable) period (?:in|of|a year earlier|last year)?(?: ?(?:fiscal )?" + _Y + r")?",
    r"(?:(?:in|for|during|over) )?the (?:(?:" + _NUMW + r") )?(?:months?|weeks?|quarters?|days?) (?:to|ended|ending|through) "
    r"(?-i:(?:" + MONTHS_RE + r"))\.?(?: \d{1,2}(?:st|nd|rd|th)?\b)?(?:,? " + _Y + r")?",
    r"(?:(?:in|for|during|over) )?(?:the )?(?:first|last|past) " + _NUMW + r" months(?: of (?:fiscal )?(?:" + _Y +
    r"|the year|this year|last year))?",
    r"(?:(?:in|for|during) )?\b(?:Q[1-4]|H[12]|9M|FY)\s?(?:FY)?'?(?:" + _Y + r"|\d\d)?\b",
    r"(?:(?:in|for|during) )?(?:fiscal |financial |calendar )?(?:year )?" + _Y + r"(?:[-/]\d\d)?(?= peak| high| low| level| close| levels)(?: (?:peak|high|low|level|close|levels))?",
    r"(?<!ounded )(?<!stablished )(?<!ncorporated )(?<!orn )(?<!isted )"
    r"(?:(?:in|for|during|since|by) )(?:fiscal |financial |calendar )?(?:year )?" + _Y + r"(?:[-/]\d\d)?\b",
    r"\b(?:quarterly|annually|monthly|weekly|annual|daily)\b",
    r"\b(?:currently|now)\b",
    r"\b" + _NUMW + r"-(?:year|month|week|day)\b(?! low| high| old)(?! (?:[A-Z]\w* )?(?:Treasury|Treasuries|treasury|bonds?|"
    r"yields?|notes?|gilts?|Bunds?|JGBs?|government|swaps?|loans?|paper|debt|fixed|mortgages?|deals?|contracts?|"
    r"agreements?|plans?|leases?|terms?|records?|bull|bear|streak|winning|losing|bonds?|maturity|tenor))",
    r"\b\d+ days of\b",
    r"(?:during|in|over) (?:the|that) period",
    r"(?:in|for|during) the (?:latest |last |same |previous |current |fiscal |financial |reporting )?"
    r"(?:quarter|year|half|month|week)\b",
]
PERIOD_RE = re.compile("|".join(f"(?:{p})" for p in PERIOD_PATTERNS), re.IGNORECASE)


def find_periods(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of time expressions in ``text``, left to right, non-overlapping."""
    out = []
    for m in PERIOD_RE.finditer(text):
        t = m.group().strip()
        t = re.sub(r"(?:'s|’s)$", "", t)
        if re.search(r"(?:uary|arch|April|June|July|ugust|ember|ober)\.$", t):
            t = t[:-1]  # 'since January.': the sentence's full stop, not an abbreviation
        if t.lower().endswith(" days of"):
            t = t[: -len(" of")]
        if not t:
            continue
        out.append((m.start(), m.start() + len(t), t))
    return out


def _year(text: str) -> int | None:
    m = re.search(r"\b((?:19|20)\d\d)\b", text)
    return int(m.group(1)) if m else None


def _quarter(y: int, q: int) -> tuple[date, date]:
    start = date(y, 3 * q - 2, 1)
    end = date(y + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - timedelta(days=1)
    return start, end


_MONTH_NUM = {m: i for i, ms in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                            "dec"), 1) for m in (ms,)}


def _month(t: str) -> int | None:
    """Month number named in a (lower-cased) period text, or None."""
    m = re.search(r"\b(" + MONTHS_RE.lower() + r")\b", t)
    return _MONTH_NUM[m.group(1)[:3]] if m else None


def _month_end(y: int, mo: int) -> date:
    return date(y + (mo == 12), 1 if mo == 12 else mo + 1, 1) - timedelta(days=1)


def _shift_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year - years, day=28)


def normalise_period(text: str | None, published: date | None) -> tuple[str | None, str | None]:
    """('this year', 2025-03-07) -> ('2025-01-01', '2025-03-07'). (None, None) when it cannot be resolved."""
    if not text:
        return None, None
    t = text.lower().strip()
    since = bool(re.match(r"(?:since|from)\b", t))
    t = re.sub(r"^(?:in|for|during|on|over|since|by|from|through|until|throughout)\s+", "", t)
    t = re.sub(r"^the\s+", "", t)
    y = _year(t)
    p = published
    res: tuple[date, date] | None = None
    mo = _month(t)
    if m := re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter", t):
        yy = y or (p.year if p else None)
        if yy:
            res = _quarter(yy, _ORD[m.group(1)])
            if not y and p and res[0] > p:
                res = _quarter(yy - 1, _ORD[m.group(1)])
    elif m := re.search(r"\bq([1-4])\b", t):
        yy = y or (2000 + int(d) if (d := re.search(r"q[1-4]\s?(?:fy)?'?(\d\d)\b", t) and re.search(r"q[1-4]\s?(?:fy)?'?(\d\d)\b", t).group(1)) else None)
        yy = yy or (p.year if p else None)
        if yy:
            res = _quarter(yy, int(m.group(1)))
            if not y and p and res[0] > p:
                res = _quarter(yy - 1, int(m.group(1)))
    elif mo and (m2 := re.search(r"^(?:(\w+) )?(month|week|quarter|day)s? (?:to|ended|ending|through) \w+\.?"
                                 r"(?: (\d{1,2})(?:st|nd|rd|th)?)?", t)) and (y or p):
        # 'the three months to December', 'the week to March 5': a span ending then
        n = 1 if m2.group(1) in (None, "the") else int(m2.group(1)) if m2.group(1).isdigit() else \
            _NUMWORDS.get(m2.group(1), 0)
        yy = y or p.year  # type: ignore[union-attr]
        day = int(m2.group(3)) if m2.group(3) else None
        try:
            end = date(yy, mo, day) if day else _month_end(yy, mo)
        except ValueError:
            end = _month_end(yy, mo)
        if not y and p and end.replace(day=1) > p:
            end = end.replace(year=yy - 1)
        unit = m2.group(2)
        if n:
            if unit == "day":
                start = end - timedelta(days=n - 1)
            elif unit == "week":
                start = end - timedelta(days=7 * n - 1)
            else:
                months = n * (3 if unit == "quarter" else 1)
                s_m = end.month - months + 1
                s_y = end.year + (s_m - 1) // 12
                start = date(s_y, (s_m - 1) % 12 + 1, 1)
            res = (start, end)
    elif mo and (m2 := re.search(r"\b(" + MONTHS_RE.lower() + r")[-–](" + MONTHS_RE.lower() + r")\b", t)):
        # 'the October-December quarter', 'January-February 2025': the months spanned
        m_a, m_b = _MONTH_NUM[m2.group(1)[:3]], _MONTH_NUM[m2.group(2)[:3]]
        yy = y or (p.year if p else None)
        if yy:
            if not y and p and date(yy, m_a, 1) > p:
                yy -= 1
            res = (date(yy - (m_a > m_b), m_a, 1), _month_end(yy, m_b))
    elif (m := re.fullmatch(r"first (\w+) months(?: of (?:fiscal )?(?:((?:19|20)\d\d)|the year|this year|(last year)))?", t)) \
            and (p or y):
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMWORDS.get(m.group(1))
        yy = y or (p.year - 1 if m.group(3) else p.year)  # type: ignore[union-attr]
        if n and 1 <= n <= 12:
            res = (date(yy, 1, 1), _month_end(yy, n))
    elif mo and re.search(r"\bquarter\b", t):
        # 'the December quarter': the three months ending with that month
        yy = y or (p.year if p else None)
        if yy:
            end = _month_end(yy, mo)
            if not y and p and end - timedelta(days=88) > p:
                end = _month_end(yy - 1, mo)
            s = end.replace(day=1)
            for _ in range(2):
                s = (s - timedelta(days=1)).replace(day=1)
            res = (s, end)
    elif mo and (y or p) and not re.search(r"\d{1,2}(?:st|nd|rd|th)?$", t) or (mo and y):
        # 'in February', 'in March 2024', 'since January', 'in late January', 'last March'
        yy = y
        if yy is None and p is not None:
            yy = p.year if mo <= p.month else p.year - 1
            if t.startswith("last ") and mo == p.month:
                yy -= 1
        assert yy is not None
        s, e = date(yy, mo, 1), _month_end(yy, mo)
        if since:
            res = (s, p) if p and p >= s else None
        else:
            res = (s, min(e, p) if p and s <= p <= e else e)
    elif mo and p and (dm := re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?$", t)):
        # 'on March 3': that day, in the most recent such date on or before publication
        try:
            d = date(p.year, mo, int(dm.group(1)))
            if d > p:
                d = date(p.year - 1, mo, int(dm.group(1)))
            res = (d, d)
        except ValueError:
            res = None
    elif m := re.search(r"\b(?:(first|second)[- ]half|h([12]))\b", t):
        half = 1 if (m.group(1) == "first" or m.group(2) == "1") else 2
        yy = y or (p.year if p else None)
        if yy:
            res = (date(yy, 1, 1), date(yy, 6, 30)) if half == 1 else (date(yy, 7, 1), date(yy, 12, 31))
            if not y and p and res[0] > p:
                res = (date(yy - 1, res[0].month, 1), date(yy - 1, res[1].month, res[1].day))
    elif re.search(r"\b(?:peak|high|low|level|close)\b", t) and y:
        res = (date(y, 1, 1), date(y, 12, 31))
    elif p is None:
        if y and re.fullmatch(r"(?:fiscal |financial |calendar )?(?:year )?(?:19|20)\d\d", t):
            res = (date(y, 1, 1), date(y, 12, 31))
    elif re.fullmatch(r"(?:so far |earlier )?this year|year[- ]to[- ]date|ytd|(?:the )?(?:start|beginning) "
                      r"of (?:the|this) year", t):
        res = (date(p.year, 1, 1), p)
    elif re.fullmatch(r"(?:so far |earlier )?this month|month[- ]to[- ]date|mtd|(?:the )?(?:start|beginning) "
                      r"of (?:the|this) month", t):
        res = (p.replace(day=1), p)
    elif re.fullmatch(r"(?:so far |earlier )?this quarter|quarter[- ]to[- ]date|qtd|(?:the )?(?:start|"
                      r"beginning) of (?:the|this) quarter", t):
        res = (_quarter(p.year, (p.month - 1) // 3 + 1)[0], p)
    elif re.fullmatch(r"(?:so far |earlier )?this week|week[- ]to[- ]date|wtd|(?:the )?(?:start|"
                      r"beginning) of (?:the|this) week", t):
        res = (p - timedelta(days=p.weekday()), p)
    elif re.fullmatch(r"(?:by |at )?(?:the )?(?:year[- ]end|end of (?:the|this) year)", t):
        res = (p, date(p.year, 12, 31))
    elif t == "this month":
        res = (p.replace(day=1), p)
    elif t == "this week":
        res = (p - timedelta(days=p.weekday()), p)
    elif t == "this quarter":
        res = (_quarter(p.year, (p.month - 1) // 3 + 1)[0], p)
    elif t in ("last year", "previous year", "past year"):
        res = (date(p.year - 1, 1, 1), date(p.year - 1, 12, 31)) if t == "last year" else (_shift_years(p, 1), p)
    elif t == "past week":
        res = (p - timedelta(days=7), p)
    elif t == "past month":
        res = (p - timedelta(days=30), p)
    elif t == "past quarter":
        res = (p - timedelta(days=91), p)
    elif t in ("last quarter", "previous quarter"):
        q = (p.month - 1) // 3 + 1
        res = _quarter(p.year, q - 1) if q > 1 else _quarter(p.year - 1, 4)
    elif t in ("last week", "previous week"):
        monday = p - timedelta(days=p.weekday())
        res = (monday - timedelta(days=7), monday - timedelta(days=1))
    elif (m := re.fullmatch(r"(?:last|past|previous) (\w+day)", t)) and m.group(1) in _DAYS:
        back = (p.weekday() - _DAYS.index(m.group(1))) % 7 or 7
        d = p - timedelta(days=back)
        res = (d, d)
    elif t in ("last month", "previous month"):
        first = p.replace(day=1)
        prev_end = first - timedelta(days=1)
        res = (prev_end.replace(day=1), prev_end)
    elif t in _DAYS:
        back = (p.weekday() - _DAYS.index(t)) % 7
        d = p - timedelta(days=back)
        res = (d, d)
    elif t in ("today", "now", "currently"):
        res = (p, p)
    elif t == "yesterday":
        res = (p - timedelta(days=1), p - timedelta(days=1))
    elif m := re.fullmatch(r"(?:(?:past|last|previous) )?(\w+)[- ](year|month|week|day)s?", t):
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMWORDS.get(m.group(1))
        if n:
            unit = m.group(2)
            if unit == "year":
                res = (_shift_years(p, n), p)
            elif unit == "month":
                res = (p - timedelta(days=round(30.44 * n)), p)
            else:
                res = (p - timedelta(days=n * (7 if unit == "week" else 1)), p)
    elif re.fullmatch(r"(?:fiscal |financial |calendar )?(?:year )?(?:19|20)\d\d", t) and y:
        res = (date(y, 1, 1), date(y, 12, 31))
    if res is None:
        return None, None
    if since and p is not None and res[0] <= p:
        res = (res[0], p)  # 'since January', 'since 2021': from then until publication
    return res[0].isoformat(), res[1].isoformat()
