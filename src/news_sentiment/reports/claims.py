"""Claims and strategists sections: the week's notable numeric claims with their checks; who said what.

The strategist ledger keeps a person's **calls** (forecasts, targets, guidance, estimates: pending until
their period has passed, then confirmed, close or missed) apart from the **actual figures they cited**
(confirmed, close or contradicted). Consensus expectations are neither and are left out.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from news_sentiment.reports.records import CallRecord, CallRow, ClaimRow, Record, StrategistRow, Week
from news_sentiment.reports.sentiment import QuoteScorer, label_of
from news_sentiment.reports.weeks import bounds, local
from news_sentiment.store.read_report import article_nets, ledger_rows, week_claim_rows, week_people_rows

log = logging.getLogger(__name__)

MARKET_KINDS = ("company", "index", "basket", "commodity")
STATUS_ORDER = {"contradicted": 0, "missed": 0, "confirmed": 1, "close": 2, "pending": 3, "unverifiable": 4}
DECIDED = ("confirmed", "close", "contradicted", "missed")  # checked against prices with a verdict
NOTABLE_METRICS = ("return", "market_value", "valuation", "revenue", "profit", "eps", "price_level")
# "nearly" for at_most: the check reads it as "just under the figure" (nearly, almost, up to, as much as)
_COMPARATOR_WORDS = {"more_than": "more than", "at_least": "at least", "less_than": "less than",
                     "at_most": "nearly", "about": "about"}


def _num(x: float) -> str:
    a = abs(x)
    for scale, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if a >= scale:
            return f"{x / scale:,.3g}{word}" if x / scale < 1000 else f"{x / scale:,.0f}{word}"
    return f"{x:,.2f}".rstrip("0").rstrip(".") if not float(x).is_integer() else f"{x:,.0f}"


def _magnitude(value: float, value_high: float | None, unit: str | None, currency: str | None) -> str:
    """A positive figure with its unit: '15%', '20–25%', '0.25 pp', 'USD 439 billion', '18×'."""
    num = _num(abs(value))
    if value_high is not None:
        num += "–" + _num(abs(value_high))
    return {
        "percent": f"{num}%",
        "percentage_points": f"{num} pp",
        "index_points": f"{num} points",
        "multiple": f"{num}×",
        "currency": f"{currency + ' ' if currency else ''}{num}",
    }.get(unit or "", num)


def _direction(value: float, direction: str | None) -> str | None:
    if direction in ("up", "down"):
        return direction
    return "down" if value < 0 else None


def format_figure(value: float | None, value_high: float | None = None, unit: str | None = None,
                  currency: str | None = None, comparator: str | None = None, direction: str | None = None) -> str:
    """A claim's figure in the words it was written in: direction, comparator, magnitude.

    'down more than 15%', 'up about 10%', 'up 20–25%', 'USD 439 billion'. The magnitude is never signed, so
    "down more than 15%" can't be misread as "more than −15%" (which −7.9% would satisfy).
    """
    if value is None:
        return "?"
    words = [_direction(value, direction), _COMPARATOR_WORDS.get(comparator or ""),
             _magnitude(value, value_high, unit, currency)]
    return " ".join(w for w in words if w)


def format_actual(actual: float | None, unit: str | None) -> str | None:
    """The checked figure in the same words: 'down 7.9%', 'up 27.4%', 'unchanged'."""
    if actual is None:
        return None
    shown = f"{abs(actual):.1f}%" if unit == "percent" else f"{abs(actual):,.2f} {unit or ''}".strip()
    if shown.startswith(("0.0%", "0.00 ")) or shown == "0.00":
        return "unchanged"
    return f"{'up' if actual > 0 else 'down'} {shown}"


def claim_verdict(status: str | None, value: float | None, value_high: float | None, unit: str | None,
                  comparator: str | None, direction: str | None, actual: float | None) -> str | None:
    """Why a claim is contradicted, missed or only close, in words: 'short of the 15% claimed', 'moved up, not
    down'."""
    if status not in ("contradicted", "missed", "close") or value is None or actual is None:
        return None
    claimed = _direction(value, direction)
    if claimed is not None and actual != 0 and (actual > 0) != (claimed == "up"):
        return f"moved {'up' if actual > 0 else 'down'}, not {claimed}"
    sign = -1.0 if claimed == "down" else 1.0
    moved, figure = actual * sign, _magnitude(value, value_high, unit, None)
    if value_high is not None:
        lo, hi = sorted((abs(value), abs(value_high)))
        return f"{'below' if moved < lo else 'above'} the {figure} claimed"
    if comparator in ("more_than", "at_least"):
        return f"short of the {figure} claimed"
    if comparator == "less_than":
        return f"not less than the {figure} claimed"
    return f"{'less' if moved < abs(value) else 'more'} than the {figure} claimed"


def _span(base: str | None, end: str | None) -> str | None:
    if not base or not end:
        return None
    try:
        b, e = date.fromisoformat(str(base)[:10]), date.fromisoformat(str(end)[:10])
    except ValueError:
        return None
    return f"close {b:%d %b %Y} → {e:%d %b %Y}"


def _rank(row: dict[str, Any]) -> tuple:
    status = row.get("status")
    checked = status in DECIDED
    metric_rank = NOTABLE_METRICS.index(row["metric"]) if row["metric"] in NOTABLE_METRICS else len(NOTABLE_METRICS)
    return (0 if checked else 1, STATUS_ORDER.get(status or "", 5) if checked else 0,
            0 if row.get("subject") else 1, metric_rank, 0 if row.get("speaker") else 1)


def _notable(row: dict[str, Any]) -> bool:
    """Checked claims, claims made by a named speaker, and claims about a market entity on a notable metric."""
    if row.get("status") in DECIDED or row.get("speaker"):
        return True
    return row.get("entity_kind") in MARKET_KINDS and row["metric"] in NOTABLE_METRICS


def week_claims(db: sqlite_utils.Database, week: Week, limit: int = 12) -> tuple[tuple[ClaimRow, ...], dict[str, int]]:
    """The week's notable claims (checked first, then claims with a subject about prices/valuations) and
    the count of all claims by check status ('unchecked' for claims without a check)."""
    rows = week_claim_rows(db, *bounds(week))
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        if r["modality"] in FORWARD_MODALITIES and r["status"] is not None:  # as of this week, not of the check
            r["status"], r["reason"] = call_status(r["status"], _day(r["period_end"]), week.end + timedelta(days=1),
                                                   r["reason"])
            r["actual"] = r["actual"] if r["status"] in DECIDED else None
        counts[r["status"] or "unchecked"] += 1
    seen: set[tuple] = set()
    picked = []
    for r in sorted(rows, key=_rank):
        key = (r["entity_id"] or r["subject"], r["value"], r["unit"], r["period_text"], r["direction"])
        if key in seen or not _notable(r):
            continue
        seen.add(key)
        picked.append(r)
        if len(picked) >= limit:
            break
    out = tuple(ClaimRow(
        claim_id=r["id"], subject=r["subject"],
        figure=format_figure(r["value"], r["value_high"], r["unit"], r["currency"], r["comparator"], r["direction"]),
        metric=r["metric"], period=r["period_text"], speaker=r["speaker"], modality=r["modality"],
        source=r["source"], title=r["title"],
        url=r["url"], published=local(r["published"], week.tz), quote=(r["quote"] or "").strip().rstrip(",;:").strip(),
        status=r["status"],
        actual=format_actual(r["actual"], r["actual_unit"]), reason=r["reason"],
        verdict=claim_verdict(r["status"], r["value"], r["value_high"], r["unit"], r["comparator"], r["direction"],
                              r["actual"]),
        actual_span=_span(r["base_date"], r["end_date"])) for r in picked)
    return out, dict(counts)


FORWARD_MODALITIES = ("forecast", "target", "guidance", "estimate")
MAX_CALLS = 5  # calls listed per person (all are counted)


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def call_status(stored: str | None, period_end: date | None, as_of: date,
                reason: str | None = None) -> tuple[str | None, str | None]:
    """How a call stands on ``as_of`` (the day after the report's week), from its latest stored check:
    (status, reason). A call whose period runs past ``as_of`` is pending whatever was checked later; one
    whose period ended but was last checked while pending (or never) is pending until checked again."""
    if stored == "unverifiable":
        return stored, reason
    if period_end is not None and period_end >= as_of:
        return "pending", f"period ends {period_end:%d %b %Y}"
    if stored in ("confirmed", "close", "missed", "contradicted"):
        return ("missed" if stored == "contradicted" else stored), None  # checks before m010 said contradicted
    if period_end is not None:
        return "pending", f"period ended {period_end:%d %b %Y}; not checked since (`sentiment claims --check`)"
    return None, None


def _call_row(r: dict[str, Any], as_of: date, tz: str) -> CallRow:
    end = _day(r["period_end"])
    status, reason = call_status(r["status"], end, as_of, r["reason"])
    actual = format_actual(r["actual"], r["actual_unit"]) if status in ("confirmed", "close", "missed") else None
    return CallRow(claim_id=r["id"], modality=r["modality"], subject=r["subject"],
                   figure=format_figure(r["value"], r["value_high"], r["unit"], r["currency"], r["comparator"],
                                        r["direction"]),
                   period=r["period_text"], period_end=end, published=local(r["published"], tz), url=r["url"],
                   status=status, actual=actual, reason=reason,
                   verdict=claim_verdict(status, r["value"], r["value_high"], r["unit"], r["comparator"],
                                         r["direction"], r["actual"]))


def strategist_ledgers(db: sqlite_utils.Database, week: Week,
                       person_ids: set[int]) -> dict[int, tuple[Record, tuple[CallRow, ...], CallRecord]]:
    """Per person: the actuals they cited (by check status), their latest calls and all their calls by status,
    as of the end of ``week``."""
    as_of = week.end + timedelta(days=1)
    cited: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    calls: dict[int, list[CallRow]] = defaultdict(list)
    seen: set[int] = set()
    for r in ledger_rows(db, bounds(week)[1]):  # every claim a person made up to the week's end
        pid = r["person_id"]
        if pid not in person_ids or r["id"] in seen:
            continue
        seen.add(r["id"])
        if r["modality"] in FORWARD_MODALITIES:
            calls[pid].append(_call_row(r, as_of, week.tz))
        elif r["modality"] == "actual" and r["status"]:
            cited[pid][r["status"]] += 1
    out = {}
    for pid in person_ids:
        c, rows = cited.get(pid, {}), calls.get(pid, [])
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            counts[row.status or "unchecked"] += 1
        out[pid] = (Record(c.get("confirmed", 0), c.get("close", 0), c.get("contradicted", 0),
                           c.get("unverifiable", 0)),
                    tuple(rows[:MAX_CALLS]), CallRecord(**counts))
    return out


def week_strategists(db: sqlite_utils.Database, week: Week, model: str | None, scorer: QuoteScorer | None,
                     limit: int = 20, max_quotes: int = 5) -> tuple[StrategistRow, ...]:
    """People quoted or named with a role this week: firm, stance and how their checkable calls fared."""
    rows = week_people_rows(db, *bounds(week))
    people: dict[int, dict[str, Any]] = {}
    for r in rows:
        p = people.setdefault(r["id"], {"name": r["name"], "title": None, "firm": None, "quotes": [],
                                         "articles": set(), "url": r["url"]})
        p["title"] = r["title"] or p["title"]
        p["firm"] = r["firm"] or p["firm"]
        p["articles"].add(r["article_id"])
        if r["quote"]:
            p["quotes"].append((r["quote"], r["url"]))
    if not people:
        return ()
    article_net: dict[int, float] = {}
    if model:
        article_net = article_nets(db, model, sorted({a for p in people.values() for a in p["articles"]}))
    ordered = sorted(people.items(), key=lambda kv: (-len(kv[1]["quotes"]), -len(kv[1]["articles"]), kv[1]["name"]))
    ordered = ordered[:limit]
    ledgers = strategist_ledgers(db, week, {pid for pid, _ in ordered})
    quote_net: dict[int, float] = {}
    if scorer is not None:
        texts, owners = [], []
        for pid, p in ordered:
            for q, _ in p["quotes"][-max_quotes:]:
                texts.append(q)
                owners.append(pid)
        if texts:
            nets = scorer(texts)
            by: dict[int, list[float]] = defaultdict(list)
            for pid, net in zip(owners, nets):
                by[pid].append(net)
            quote_net = {pid: sum(v) / len(v) for pid, v in by.items()}
    out = []
    for pid, p in ordered:
        if pid in quote_net:
            score, basis = quote_net[pid], "quotes"
        else:
            nets = [article_net[a] for a in p["articles"] if a in article_net]
            score, basis = (sum(nets) / len(nets), "articles") if nets else (None, "unscored")
        cited, calls, call_record = ledgers[pid]
        quote, url = (max(p["quotes"], key=lambda q: len(q[0])) if p["quotes"] else (None, p["url"]))
        out.append(StrategistRow(
            name=p["name"], title=p["title"], firm=p["firm"], quotes=len(p["quotes"]), stance=label_of(score),
            stance_score=score, stance_basis=basis, quote=quote, url=url, cited=cited, calls=calls,
            call_record=call_record))
    return tuple(out)
