"""Check numeric claims about price moves against prices (pure: claims and a price book in, checks out;
checking the stored claims is :mod:`news_sentiment.pipeline.claims`).

A claim is checkable when its metric is ``return``, its subject resolves (knowledge base) to a
ticker, an index or a basket with prices, and its period resolves to dates. What is tested depends on
the claim's modality (``nlp.modality``):

- a reported **actual** is tested at once: ``confirmed``, ``close`` (within a tolerance that respects
  the comparator) or ``contradicted`` (with the actual figure);
- a **forecast**, **target**, **guidance** or **estimate** is tested only once its period has passed
  (its last day is before the as-of date: the latest stored close unless given, and the subject's
  prices reach it): before that it is ``pending``; then ``confirmed``, ``close`` or ``missed`` (a call
  that failed, not a contradicted fact). Without a period it is not checkable;
- a consensus **expectation** is what others expect, not a statement of fact: never tested.

Anything not tested is ``unverifiable`` with the reason.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum

import pandas as pd

from news_sentiment.analysis.prices import Basket, PriceBook, basket_of, basket_return, norm_ticker
from news_sentiment.nlp.kb import KnowledgeBase
from news_sentiment.nlp.modality import Modality

log = logging.getLogger(__name__)


class CheckStatus(StrEnum):
    """The outcome of checking one claim (a member equals its string value, as stored and printed)."""

    CONFIRMED = "confirmed"  # the prices bear it out (a fact, or a call that came true)
    CLOSE = "close"  # within one and a half tolerances of the figure
    CONTRADICTED = "contradicted"  # a reported actual the prices do not bear out
    MISSED = "missed"  # a forecast, target, guidance or estimate whose period passed without it coming true
    PENDING = "pending"  # a forecast whose period has not passed yet (as of the check)
    UNVERIFIABLE = "unverifiable"  # not testable against prices: the reason says why


STATUSES = tuple(s.value for s in CheckStatus)
# Modalities tested only once their period has passed; a failed one is missed, not contradicted.
FORWARD = frozenset({Modality.FORECAST, Modality.TARGET, Modality.GUIDANCE, Modality.ESTIMATE})
# A forecast's period must end after it was made; an estimate may be about a past period.
LOOKS_AHEAD = frozenset({Modality.FORECAST, Modality.TARGET, Modality.GUIDANCE})
# Exchange closes in UTC (standard time; close enough to tell "published before the close").
_CLOSE_UTC = {"HK": time(8, 0), "SS": time(7, 0), "SZ": time(7, 0), "T": time(6, 0), "L": time(16, 30),
              "PA": time(16, 30), "DE": time(16, 30), "NS": time(10, 0), "BO": time(10, 0)}
_US_CLOSE_UTC = time(21, 0)
_INDEX_CLOSE_UTC = {"HSTECH": time(8, 0), "HSI": time(8, 0), "N225": time(6, 0), "FTSE": time(16, 30)}
_REFERENCE_LEVEL = re.compile(r"\b(peak|high|low|record|top|bottom|trough)s?\b", re.IGNORECASE)
MIN_COVERAGE = 0.5  # a basket figure needs prices for at least half its members


@dataclass(frozen=True)
class ClaimCheck:
    claim_id: int | None
    status: CheckStatus
    actual: float | None = None  # percent for percent claims, price units for points/currency claims
    actual_unit: str | None = None
    base_date: date | None = None
    end_date: date | None = None
    coverage: str | None = None
    reason: str | None = None
    as_of: date | None = None  # the date forecasts were judged against (None: no prices at all)

    def to_json(self) -> dict:
        return {"claim_id": self.claim_id, "status": self.status.value,
                "actual": None if self.actual is None else round(self.actual, 4), "actual_unit": self.actual_unit,
                "base_date": self.base_date.isoformat() if self.base_date else None,
                "end_date": self.end_date.isoformat() if self.end_date else None,
                "coverage": self.coverage, "reason": self.reason,
                "as_of": self.as_of.isoformat() if self.as_of else None}


def modality_of(value: object) -> Modality:
    """A claim's modality; a claim without one (older rows, hand-written dicts) is a reported actual."""
    if value in (None, ""):
        return Modality.ACTUAL
    try:
        return Modality(str(value))
    except ValueError:
        raise ValueError(f"unknown modality {value!r}; expected one of {', '.join(Modality)}") from None


def last_trading_day(day: date) -> date:
    """The weekday on or before ``day`` (holidays are not known: a holiday leaves a forecast pending a day)."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _close_time(ticker: str) -> time:
    t = norm_ticker(ticker)
    if t in _INDEX_CLOSE_UTC:
        return _INDEX_CLOSE_UTC[t]
    suffix = t.rsplit(".", 1)[1] if "." in t else ""
    return _CLOSE_UTC.get(suffix, _US_CLOSE_UTC)


def _as_date(value: object) -> date | None:
    if value in (None, "") or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _published(value: object) -> datetime | None:
    if value in (None, "") or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    text = str(value)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def tolerance(value: float, comparator: str | None) -> float:
    """Slack in percentage points around a stated figure: round numbers are written loosely."""
    if comparator == "about":
        return max(1.0, 0.10 * abs(value))
    return max(0.5, 0.05 * abs(value))


def judge(claimed: float, actual: float, comparator: str | None, direction: str | None,
          claimed_high: float | None = None) -> CheckStatus:
    """confirmed / close / contradicted for a claimed magnitude vs the actual signed figure.

    ``claimed`` is the magnitude as written (positive); ``direction`` gives its sign. The actual
    figure is turned into a magnitude in the claimed direction, so "an about 10% drop" vs -10.3 %
    compares 10 with 10.3.
    """
    sign = -1.0 if direction == "down" else 1.0
    a = actual * sign
    c = abs(claimed)
    tol = tolerance(c, comparator)
    if direction in ("up", "down") and a < -tol:
        return CheckStatus.CONTRADICTED  # moved the other way
    if claimed_high is not None:
        lo, hi = sorted((c, abs(claimed_high)))
        if lo <= a <= hi:
            return CheckStatus.CONFIRMED
        return CheckStatus.CLOSE if lo - tol <= a <= hi + tol else CheckStatus.CONTRADICTED
    if comparator in ("more_than", "at_least"):
        gap = c - a  # how far short of the threshold
    elif comparator == "less_than":
        gap = a - c
        if gap <= 0 and a >= -tol:
            return CheckStatus.CONFIRMED
    elif comparator == "at_most":  # "nearly 9%": just under the figure
        if c - tol <= a <= c + 0.1 * tol:
            return CheckStatus.CONFIRMED
        gap = max(a - c, c - a - tol)
    else:  # about, or stated exactly
        gap = abs(a - c) - tol
        if gap <= 0:
            return CheckStatus.CONFIRMED
        return CheckStatus.CLOSE if gap <= 1.5 * tol else CheckStatus.CONTRADICTED
    if gap <= 0:
        return CheckStatus.CONFIRMED
    return CheckStatus.CLOSE if gap <= 1.5 * tol else CheckStatus.CONTRADICTED


@dataclass(frozen=True)
class _Measurable:
    """A claim that passed the static tests: a price move of a subject with prices over resolved dates."""

    subject: Basket
    start: date
    end: date
    unit: str
    with_prices: tuple[str, ...]


@dataclass(frozen=True)
class _Measured:
    actual: float
    actual_unit: str
    base_date: date
    end_date: date
    coverage: str
    covered: tuple[str, ...]


class ClaimChecker:
    """Checks claims (dicts or rows with the claim fields) against a price book.

    ``as_of`` is the day forecasts are judged on: a forecast whose period ends on or after it is pending.
    By default it is the latest close in the book, so a re-check after importing prices moves calls on.
    """

    def __init__(self, book: PriceBook, kb: KnowledgeBase, as_of: date | None = None) -> None:
        self.book = book
        self.kb = kb
        self.as_of = as_of if as_of is not None else book.latest
        self._subjects: dict[str, Basket | None] = {}

    def subject(self, name: str | None, ticker: str | None = None, kb_id: str | None = None) -> Basket | None:
        """The subject as a basket of tickers (one ticker for a company or index), or None: the knowledge-base
        entity ``kb_id`` when given (a claim's ``subject_id``), else the one ``name`` names, else ``ticker``."""
        key = f"{kb_id}|{name}|{ticker}"
        if key not in self._subjects:
            found: Basket | None = None
            ent = self.kb.by_id.get(kb_id) if kb_id else None
            ent = ent or (self.kb.lookup(name) if name else None)
            if ent is not None and ent.kind == "basket":
                found = basket_of(ent, self.kb)
            elif ent is not None and ent.ticker:
                found = Basket(ent.name, (norm_ticker(ent.ticker),), (1.0,))
            elif ticker:
                found = Basket(name or ticker, (norm_ticker(ticker),), (1.0,))
            self._subjects[key] = found
        return self._subjects[key]

    def _no(self, claim_id: int | None, reason: str, **kw: object) -> ClaimCheck:
        return ClaimCheck(claim_id, CheckStatus.UNVERIFIABLE, reason=reason, as_of=self.as_of,
                          **kw)  # type: ignore[arg-type]

    def check(self, claim: dict, claim_id: int | None = None) -> ClaimCheck:
        modality = modality_of(claim.get("modality"))
        if modality is Modality.EXPECTATION:
            return self._no(claim_id, "a consensus expectation (what others expect), not a claim of fact: not checked")
        found = self._measurable(claim, claim_id, modality)
        if isinstance(found, ClaimCheck):
            return found
        if modality in FORWARD:
            return self._check_call(claim, claim_id, modality, found)
        return self._check_actual(claim, claim_id, found)

    def _measurable(self, claim: dict, claim_id: int | None, modality: Modality) -> _Measurable | ClaimCheck:
        """The static tests every claim passes before prices are read; an unverifiable check says which failed."""
        if claim.get("metric") != "return":
            return self._no(claim_id, f"metric {claim.get('metric')!r} is not a price move")
        unit = claim.get("unit")
        if unit not in ("percent", "index_points", "currency"):
            return self._no(claim_id, f"unit {unit!r} cannot be compared with a price move")
        subject = self.subject(claim.get("subject_entity") or claim.get("subject"), claim.get("ticker"),
                               claim.get("subject_id"))
        if subject is None:
            return self._no(claim_id, f"subject {claim.get('subject')!r} has no ticker, index or basket in the "
                                      "knowledge base")
        if not subject.members:
            return self._no(claim_id, f"basket {subject.name!r} has no members with tickers")
        period_text = claim.get("period_text") or ""
        if _REFERENCE_LEVEL.search(period_text):
            return self._no(claim_id, f"distance from a reference level ({period_text!r}), not a move over a period")
        start, end = _as_date(claim.get("period_start")), _as_date(claim.get("period_end"))
        if start is None or end is None:
            said = f" ({period_text!r})" if period_text else " (no time expression)"
            if modality in FORWARD:
                return self._no(claim_id, f"a {modality} without a resolved period{said}: nothing says by when it "
                                          "should come true")
            return self._no(claim_id, "period not resolved" + said)
        with_prices = tuple(t for t in subject.members if t in self.book)
        if not with_prices:
            return self._no(claim_id, f"no prices stored for {', '.join(subject.members)}")
        if unit != "percent" and len(subject.members) > 1:
            return self._no(claim_id, "a basket move in points or currency has no single price")
        return _Measurable(subject, start, end, unit, with_prices)

    def _measure(self, claim_id: int | None, m: _Measurable) -> _Measured | ClaimCheck:
        """The subject's move over the claim's period, from the closes stored."""
        result = basket_return(self.book, m.subject, m.start, m.end)
        if result.value is None or len(result.covered) < MIN_COVERAGE * len(m.subject.members):
            spans = [self.book.span(t) for t in m.with_prices]
            first = min(s[0] for s in spans if s)
            return self._no(claim_id, f"no prices covering {m.start.isoformat()}..{m.end.isoformat()} (stored prices "
                                      f"start {first})", coverage=result.coverage)
        first_member = self.book.period_return(result.covered[0], m.start, m.end)  # the closes it starts and ends on
        assert first_member is not None  # covered means it has a return over the period
        if m.unit == "percent":
            actual, actual_unit = 100.0 * result.value, "percent"
        else:
            actual, actual_unit = first_member.change, m.unit
        return _Measured(actual, actual_unit, first_member.base.date, first_member.last.date, result.coverage,
                         result.covered)

    def _verdict(self, claim: dict, claim_id: int | None, got: _Measured) -> ClaimCheck | CheckStatus:
        value = claim.get("value")
        if value is None:
            return self._no(claim_id, "claim has no value")
        return judge(float(value), got.actual, claim.get("comparator"), claim.get("direction"),
                     claim.get("value_high"))

    def _check_actual(self, claim: dict, claim_id: int | None, m: _Measurable) -> ClaimCheck:
        """A reported figure, tested at once."""
        got = self._measure(claim_id, m)
        if isinstance(got, ClaimCheck):
            return got
        published = _published(claim.get("published"))
        if published is not None and m.start == m.end == published.date():
            if all(published.time() < _close_time(t) for t in got.covered):
                shown = f"{got.actual:+.1f}{'%' if m.unit == 'percent' else ' ' + m.unit}"
                return ClaimCheck(claim_id, CheckStatus.UNVERIFIABLE, got.actual, got.actual_unit, got.base_date,
                                  got.end_date, got.coverage, as_of=self.as_of,
                                  reason=f"intraday claim: published {published.date()} before that day's close; "
                                         f"close-to-close the move was {shown}")
        status = self._verdict(claim, claim_id, got)
        if isinstance(status, ClaimCheck):
            return status
        reason = None
        if published is not None and m.end >= published.date():
            reason = "period ends on the publication day: the last close may be later than the article"
        return ClaimCheck(claim_id, status, got.actual, got.actual_unit, got.base_date, got.end_date, got.coverage,
                          reason, self.as_of)

    def _check_call(self, claim: dict, claim_id: int | None, modality: Modality, m: _Measurable) -> ClaimCheck:
        """A forecast, target, guidance or estimate: pending until its period has passed, then confirmed or missed."""
        published = _published(claim.get("published"))
        if modality in LOOKS_AHEAD and published is not None and m.end < published.date():
            return self._no(claim_id, f"the period ({m.start}..{m.end}) ended before the {modality} was published "
                                      f"({published.date()}): a call must look ahead")
        as_of = self.as_of
        if as_of is None or m.end >= as_of:
            return ClaimCheck(claim_id, CheckStatus.PENDING, end_date=m.end, as_of=as_of,
                              reason=f"period ends {m.end}: not over as of {as_of}")
        stored_to = max(span[1] for span in (self.book.span(t) for t in m.with_prices) if span)
        if stored_to < last_trading_day(m.end):
            return ClaimCheck(claim_id, CheckStatus.PENDING, end_date=m.end, as_of=as_of,
                              reason=f"period ended {m.end} but prices for {m.subject.name} are stored only up to "
                                     f"{stored_to}: import later closes")
        got = self._measure(claim_id, m)
        if isinstance(got, ClaimCheck):
            return got
        status = self._verdict(claim, claim_id, got)
        if isinstance(status, ClaimCheck):
            return status
        if status is CheckStatus.CONTRADICTED:
            status = CheckStatus.MISSED
        return ClaimCheck(claim_id, status, got.actual, got.actual_unit, got.base_date, got.end_date, got.coverage,
                          None, as_of)


CHECK_COLUMNS = ("status", "actual", "actual_unit", "base_date", "end_date", "coverage", "reason", "as_of")


def check_claims_frame(claims: pd.DataFrame, book: PriceBook, kb: KnowledgeBase,
                       as_of: date | None = None) -> pd.DataFrame:
    """Pure: a claims DataFrame (claim fields, optional id/published/ticker/modality) → one check row per claim."""
    checker = ClaimChecker(book, kb, as_of)
    rows = [checker.check(rec, rec.get("id")).to_json() for rec in claims.to_dict("records")]
    return pd.DataFrame(rows, columns=["claim_id", *CHECK_COLUMNS])
