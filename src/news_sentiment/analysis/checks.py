"""Check numeric claims about price moves against stored prices.

A claim is checkable when its metric is ``return``, its subject resolves (knowledge base) to a
ticker, an index or a basket with prices, and its period resolves to dates. The result is
``confirmed``, ``close`` (within a tolerance that respects the comparator), ``contradicted`` (with the
actual figure) or ``unverifiable`` (with the reason).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

import pandas as pd
import sqlite_utils

from news_sentiment.analysis.prices import Basket, PriceBook, basket_of, basket_return, norm_ticker
from news_sentiment.nlp.kb import KnowledgeBase, load_kb
from news_sentiment.store.tx import transaction

log = logging.getLogger(__name__)

STATUSES = ("confirmed", "close", "contradicted", "unverifiable")
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
    status: str
    actual: float | None = None  # percent for percent claims, price units for points/currency claims
    actual_unit: str | None = None
    base_date: date | None = None
    end_date: date | None = None
    coverage: str | None = None
    reason: str | None = None

    def to_json(self) -> dict:
        return {"claim_id": self.claim_id, "status": self.status,
                "actual": None if self.actual is None else round(self.actual, 4), "actual_unit": self.actual_unit,
                "base_date": self.base_date.isoformat() if self.base_date else None,
                "end_date": self.end_date.isoformat() if self.end_date else None,
                "coverage": self.coverage, "reason": self.reason}


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
          claimed_high: float | None = None) -> str:
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
        return "contradicted"  # moved the other way
    if claimed_high is not None:
        lo, hi = sorted((c, abs(claimed_high)))
        if lo <= a <= hi:
            return "confirmed"
        return "close" if lo - tol <= a <= hi + tol else "contradicted"
    if comparator in ("more_than", "at_least"):
        gap = c - a  # how far short of the threshold
    elif comparator == "less_than":
        gap = a - c
        if gap <= 0 and a >= -tol:
            return "confirmed"
    elif comparator == "at_most":  # "nearly 9%": just under the figure
        if c - tol <= a <= c + 0.1 * tol:
            return "confirmed"
        gap = max(a - c, c - a - tol)
    else:  # about, or stated exactly
        gap = abs(a - c) - tol
        if gap <= 0:
            return "confirmed"
        return "close" if gap <= 1.5 * tol else "contradicted"
    if gap <= 0:
        return "confirmed"
    return "close" if gap <= 1.5 * tol else "contradicted"


class ClaimChecker:
    """Checks claims (dicts or rows with the claim fields) against a price book."""

    def __init__(self, book: PriceBook, kb: KnowledgeBase) -> None:
        self.book = book
        self.kb = kb
        self._subjects: dict[str, Basket | None] = {}

    def subject(self, name: str | None, ticker: str | None = None) -> Basket | None:
        """The subject as a basket of tickers (one ticker for a company or index), or None."""
        key = f"{name}|{ticker}"
        if key not in self._subjects:
            found: Basket | None = None
            ent = self.kb.lookup(name) if name else None
            if ent is not None and ent.kind == "basket":
                found = basket_of(ent, self.kb)
            elif ent is not None and ent.ticker:
                found = Basket(ent.name, (norm_ticker(ent.ticker),), (1.0,))
            elif ticker:
                found = Basket(name or ticker, (norm_ticker(ticker),), (1.0,))
            self._subjects[key] = found
        return self._subjects[key]

    def check(self, claim: dict, claim_id: int | None = None) -> ClaimCheck:
        def no(reason: str, **kw: object) -> ClaimCheck:
            return ClaimCheck(claim_id, "unverifiable", reason=reason, **kw)  # type: ignore[arg-type]

        if claim.get("metric") != "return":
            return no(f"metric {claim.get('metric')!r} is not a price move")
        unit = claim.get("unit")
        if unit not in ("percent", "index_points", "currency"):
            return no(f"unit {unit!r} cannot be compared with a price move")
        subject = self.subject(claim.get("subject"), claim.get("ticker"))
        if subject is None:
            return no(f"subject {claim.get('subject')!r} has no ticker, index or basket in the knowledge base")
        if not subject.members:
            return no(f"basket {subject.name!r} has no members with tickers")
        period_text = claim.get("period_text") or ""
        if _REFERENCE_LEVEL.search(period_text):
            return no(f"distance from a reference level ({period_text!r}), not a move over a period")
        start, end = _as_date(claim.get("period_start")), _as_date(claim.get("period_end"))
        if start is None or end is None:
            return no("period not resolved" + (f" ({period_text!r})" if period_text else " (no time expression)"))
        with_prices = [t for t in subject.members if t in self.book]
        if not with_prices:
            return no(f"no prices stored for {', '.join(subject.members)}")
        published = _published(claim.get("published"))
        if unit != "percent" and len(subject.members) > 1:
            return no("a basket move in points or currency has no single price")
        result = basket_return(self.book, subject, start, end)
        coverage = result.coverage
        if result.value is None or len(result.covered) < MIN_COVERAGE * len(subject.members):
            spans = [self.book.span(t) for t in with_prices]
            first = min(s[0] for s in spans if s)
            return no(f"no prices covering {start.isoformat()}..{end.isoformat()} (stored prices start {first})",
                      coverage=coverage)
        first = self.book.period_return(result.covered[0], start, end)  # the closes the figure starts and ends on
        assert first is not None  # covered means it has a return over the period
        if unit == "percent":
            actual, actual_unit = 100.0 * result.value, "percent"
        else:
            actual, actual_unit = first.change, unit
        base_date, end_date = first.base.date, first.last.date
        if published is not None and start == end == published.date():
            closes_after = all(published.time() < _close_time(t) for t in result.covered)
            if closes_after:
                return ClaimCheck(claim_id, "unverifiable", actual, actual_unit, base_date, end_date, coverage,
                                  reason=f"intraday claim: published {published.date()} before that day's close; "
                                         f"close-to-close the move was {actual:+.1f}"
                                         f"{'%' if unit == 'percent' else ' ' + unit}")
        value = claim.get("value")
        if value is None:
            return no("claim has no value")
        status = judge(float(value), actual, claim.get("comparator"), claim.get("direction"), claim.get("value_high"))
        reason = None
        if published is not None and end >= published.date():
            reason = "period ends on the publication day: the last close may be later than the article"
        return ClaimCheck(claim_id, status, actual, actual_unit, base_date, end_date, coverage, reason)


def check_claims_frame(claims: pd.DataFrame, book: PriceBook, kb: KnowledgeBase) -> pd.DataFrame:
    """Pure: a claims DataFrame (claim fields, optional id/published/ticker) → one check row per claim."""
    checker = ClaimChecker(book, kb)
    rows = [checker.check(rec, rec.get("id")).to_json() for rec in claims.to_dict("records")]
    return pd.DataFrame(rows, columns=["claim_id", "status", "actual", "actual_unit", "base_date", "end_date",
                                       "coverage", "reason"])


CLAIM_SQL = """
SELECT c.id, c.value, c.value_high, c.unit, c.currency, c.comparator, c.direction, c.metric, c.subject,
       e.ticker AS ticker, c.period_text, c.period_start, c.period_end, c.speaker, c.quote,
       COALESCE(c.published, a.published) AS published, a.title AS article_title, a.url AS article_url
FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN entities e ON e.id = c.entity_id
"""


def check_stored_claims(db: sqlite_utils.Database, *, kb: KnowledgeBase | None = None,
                        claim_ids: Iterable[int] | None = None) -> list[tuple[dict, ClaimCheck]]:
    """Check stored claims (all, or the given ids) and store each result in ``claim_checks``."""
    kb = kb or load_kb()
    sql = CLAIM_SQL
    params: list = []
    if claim_ids is not None:
        ids = list(claim_ids)
        if not ids:
            return []
        sql += f" WHERE c.id IN ({','.join('?' * len(ids))})"
        params = ids
    cursor = db.execute(sql + " ORDER BY c.published, c.id", params)
    names = [d[0] for d in cursor.description]
    claims = [dict(zip(names, row)) for row in cursor.fetchall()]
    checker = ClaimChecker(PriceBook.from_db(db), kb)
    results = [(c, checker.check(c, c["id"])) for c in claims]
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    with transaction(db):
        for _, r in results:
            j = r.to_json()
            db.execute(
                "INSERT OR REPLACE INTO claim_checks (claim_id, status, actual, actual_unit, base_date, end_date, "
                "coverage, reason, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [r.claim_id, r.status, j["actual"], r.actual_unit, j["base_date"], j["end_date"], r.coverage,
                 r.reason, now],
            )
    return results


CHECK_COLUMNS = ("status", "actual", "actual_unit", "base_date", "end_date", "coverage", "reason")


def claims_with_checks(db: sqlite_utils.Database, *, kb: KnowledgeBase | None = None, **filters: object) -> list[dict]:
    """Stored claims filtered as by ``query_claims``, each checked against prices (results also stored)."""
    from news_sentiment.store.extraction import query_claims

    rows = query_claims(db, **filters)  # type: ignore[arg-type]
    checks = {c.claim_id: c.to_json() for _, c in check_stored_claims(db, kb=kb, claim_ids=[r["id"] for r in rows])}
    for row in rows:
        row.update({k: checks.get(row["id"], {}).get(k) for k in CHECK_COLUMNS})
    return rows
