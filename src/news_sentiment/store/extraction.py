"""Extraction results in the store: which articles still need extracting, writing rows, reading them back.

Runs live in :mod:`news_sentiment.pipeline.extract`. Articles whose (id, content_hash, extractor_version) is in
``extractions`` are done; a new KB or model changes the version, so those articles are pending again and their
old rows are replaced.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

import sqlite_utils

from news_sentiment.errors import InputError
from news_sentiment.nlp.kb import KnowledgeBase, find_entity, suggest
from news_sentiment.nlp.records import Claim, Extraction
from news_sentiment.store.backend import dict_rows

log = logging.getLogger(__name__)


def _now() -> str:
    """Microseconds, as scores' ``scored_at``: the two are compared to find scores older than an extraction."""
    return datetime.now(timezone.utc).isoformat()


def _field(start: int, body_offset: int) -> tuple[str, int]:
    if body_offset and start < body_offset:
        return "title", 0
    return "text", body_offset


PAGE = 200  # articles read from the store at a time: memory does not grow with the store


def _pending_where(force: bool) -> str:
    where = "a.duplicate_of IS NULL"
    if not force:
        where += (" AND NOT EXISTS (SELECT 1 FROM extractions e WHERE e.article_id = a.id "
                  "AND e.content_hash = a.content_hash AND e.extractor_version = ?)")
    return where


def pending_articles(db: sqlite_utils.Database, version: str, *, limit: int | None = PAGE, force: bool = False,
                     after_id: int = 0) -> list[dict[str, Any]]:
    """One page of stored, non-duplicate articles not yet extracted with ``version`` (every one with
    ``force``): ids above ``after_id``, in id order, at most ``limit`` (None: all, for small stores only)."""
    sql = ("SELECT a.id, a.title, a.text, a.published, a.content_hash, a.language, a.word_count FROM articles a "
           f"WHERE a.id > ? AND {_pending_where(force)} ORDER BY a.id")
    params: list[Any] = [after_id] + ([] if force else [version])
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return dict_rows(db, sql, params)


def count_pending(db: sqlite_utils.Database, version: str, *, force: bool = False) -> int:
    """How many articles :func:`pending_articles` would return in all (no text read)."""
    return db.execute(f"SELECT COUNT(*) FROM articles a WHERE {_pending_where(force)}",
                      [] if force else [version]).fetchone()[0]


def count_articles(db: sqlite_utils.Database) -> tuple[int, int]:
    """(originals, duplicates): stored articles that are extracted, and those folded into another."""
    row = db.execute("SELECT COUNT(*) - COUNT(duplicate_of), COUNT(duplicate_of) FROM articles").fetchone()
    return row[0], row[1]


def count_pending_like(db: sqlite_utils.Database, prefix: str, suffix: str) -> int:
    """How many articles have no extraction whose version starts with ``prefix`` and ends with ``suffix``:
    pending work for an extractor whose full version is not known before its spaCy model loads."""
    return db.execute(
        "SELECT COUNT(*) FROM articles a WHERE a.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM extractions e "
        "WHERE e.article_id = a.id AND e.content_hash = a.content_hash AND e.extractor_version LIKE ? "
        "AND e.extractor_version LIKE ?)", [f"{prefix}%", f"%{suffix}"]).fetchone()[0]


def iter_pending(db: sqlite_utils.Database, version: str, *, limit: int | None = None, force: bool = False,
                 page: int = PAGE) -> Iterator[list[dict[str, Any]]]:
    """Pending articles in pages of ``page`` (keyset pagination by id), at most ``limit`` in all.

    Each page is read when the previous one has been asked for, so rows written meanwhile are seen and an
    article is never handed out twice (the pages are keyed by id: a caller may also read ahead of its writes,
    as the cluster run does)."""
    last, left = 0, limit
    while left is None or left > 0:
        rows = pending_articles(db, version, limit=page if left is None else min(page, left), force=force,
                                after_id=last)
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]
        if left is not None:
            left -= len(rows)


def _entity_id(db: sqlite_utils.Database, cache: dict[tuple[str, str], int], name: str, kind: str,
               ticker: str | None, kb_id: str | None) -> int:
    key = (name, kind)
    if key in cache:
        return cache[key]
    row = db.execute("SELECT id FROM entities WHERE name = ? AND kind = ?", [name, kind]).fetchone()
    if row:
        eid = row[0]
        if ticker or kb_id:
            db.execute("UPDATE entities SET ticker = COALESCE(?, ticker), kb_id = COALESCE(?, kb_id) WHERE id = ?",
                       [ticker, kb_id, eid])
    else:
        eid = db.execute("INSERT INTO entities (name, kind, ticker, kb_id) VALUES (?, ?, ?, ?)",
                         [name, kind, ticker, kb_id]).lastrowid
    cache[key] = eid
    return eid


def _person_id(db: sqlite_utils.Database, cache: dict[str, int], name: str, title: str | None, firm: str | None,
               seen: str | None) -> int:
    if name in cache:
        pid = cache[name]
    else:
        row = db.execute("SELECT id FROM people WHERE name = ?", [name]).fetchone()
        if row:
            pid = row[0]
        else:
            pid = db.execute("INSERT INTO people (name, title, firm, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)",
                             [name, title, firm, seen, seen]).lastrowid
        cache[name] = pid
    db.execute(
        "UPDATE people SET title = COALESCE(?, title), firm = COALESCE(?, firm), "
        "first_seen = CASE WHEN first_seen IS NULL OR (? IS NOT NULL AND ? < first_seen) THEN ? ELSE first_seen END, "
        "last_seen = CASE WHEN last_seen IS NULL OR (? IS NOT NULL AND ? > last_seen) THEN ? ELSE last_seen END "
        "WHERE id = ?",
        [title, firm, seen, seen, seen, seen, seen, seen, pid])
    return pid


def save_extraction(db: sqlite_utils.Database, article: dict[str, Any], ext: Extraction, version: str,
                    body_offset: int = 0) -> None:
    """Replace the article's extraction rows with ``ext`` (call inside a transaction)."""
    aid = article["id"]
    published = article.get("published")
    for table in ("mentions", "quotes", "claims", "article_people"):
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", [aid])
    db.execute("DELETE FROM extractions WHERE article_id = ?", [aid])
    ents: dict[tuple[str, str], int] = {}
    people: dict[str, int] = {}
    mention_rows = []
    by_name: dict[str, int] = {}
    by_kb: dict[str, int] = {}
    for m in ext.mentions:
        eid = _entity_id(db, ents, m.name, m.kind, m.ticker, m.kb_id)
        by_name.setdefault(m.name, eid)
        if m.kb_id:
            by_kb.setdefault(m.kb_id, eid)
        fld, off = _field(m.start, body_offset)
        mention_rows.append((aid, eid, fld, m.text, m.start - off, m.end - off, str(m.link), m.confidence, version))
    db.conn.executemany('INSERT INTO mentions (article_id, entity_id, field, text, start, "end", link, confidence, '
                        'extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', mention_rows)
    for s in ext.strategists:
        pid = _person_id(db, people, s.name, s.title, s.firm, published)
        db.execute("INSERT OR REPLACE INTO article_people (article_id, person_id, title, firm, extractor_version) "
                   "VALUES (?, ?, ?, ?, ?)", [aid, pid, s.title, s.firm, version])
    quote_rows = []
    for q in ext.quotes:
        pid = _person_id(db, people, q.speaker, q.title, q.firm, published) if q.speaker else None
        fld, off = _field(q.start, body_offset)
        quote_rows.append((aid, pid, q.speaker, q.title, q.firm, q.text, fld, q.start - off, q.end - off, version))
    db.conn.executemany('INSERT INTO quotes (article_id, person_id, speaker, title, firm, text, field, start, "end", '
                        'extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', quote_rows)
    claim_rows = []
    for c in ext.claims:
        fld, off = _field(c.start, body_offset)
        claim_rows.append((aid, c.value, c.value_high, c.unit, c.currency, c.comparator, c.direction, c.metric,
                           c.subject, _subject_entity(c, by_kb, by_name), c.period_text, c.period_start,
                           c.period_end, c.speaker, people.get(c.speaker) if c.speaker else None, c.quote, fld,
                           c.start - off, c.end - off, published, version, c.modality))
    db.conn.executemany(
        'INSERT INTO claims (article_id, value, value_high, unit, currency, comparator, direction, metric, subject, '
        'entity_id, period_text, period_start, period_end, speaker, person_id, quote, field, start, "end", published, '
        'extractor_version, modality) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        claim_rows)
    db.execute("INSERT INTO extractions (article_id, content_hash, extractor_version, processed_at, mentions, claims, "
               "quotes) VALUES (?, ?, ?, ?, ?, ?, ?)",
               [aid, article["content_hash"], version, _now(), len(mention_rows), len(claim_rows), len(quote_rows)])


def _subject_entity(claim: Claim, by_kb: dict[str, int], by_name: dict[str, int]) -> int | None:
    """The stored entity a claim is about: by its subject's knowledge-base id, else by name (the KB's canonical
    name, or the subject as written for an entity the KB does not know)."""
    if claim.subject_id and claim.subject_id in by_kb:
        return by_kb[claim.subject_id]
    name = claim.subject_entity or claim.subject
    return by_name.get(name) if name else None


# ----------------------------------------------------------------------------- reading
CLAIM_COLUMNS = ("published", "subject", "metric", "value", "value_high", "unit", "currency", "comparator",
                 "direction", "period_text", "speaker", "modality", "quote", "article_id")


def _parse_day(value: str | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InputError(f"not a date: {value!r}", hint="Use YYYY-MM-DD, e.g. --since 2025-01-01.") from None


def _day_bounds(conds: list[str], params: list[Any], column: str, first: str | None, last: str | None) -> None:
    """Add inclusive day bounds (YYYY-MM-DD) on an ISO time column to a query's conditions."""
    if first:
        conds.append(f"substr({column}, 1, 10) >= ?")
        params.append(first)
    if last:
        conds.append(f"substr({column}, 1, 10) <= ?")
        params.append(last)


def _suggest(name: str, choices: list[str], n: int = 5) -> list[str]:
    from rapidfuzz import fuzz, process

    hits = process.extract(name, choices, scorer=fuzz.WRatio, limit=n, score_cutoff=60)
    return [h[0] for h in hits]


def resolve_entity(db: sqlite_utils.Database, name: str, *,
                   kb: KnowledgeBase | None) -> tuple[list[int], list[str]]:
    """Stored entity ids and names that ``name`` means: the knowledge base's look-up first (name, alias, ticker in
    any form, short name: nlp.kb.find_entity, the one every command uses), else a stored name or ticker (names
    the KB does not know; ``kb`` None: only these, see ``nlp.kb.lookup_kb``). A KB entity never mentioned yet
    resolves to no ids and its name (no error). Unknown everywhere: InputError with "did you mean" suggestions
    from stored and KB names."""
    ent = find_entity(kb, name) if kb is not None else None
    if ent is not None:
        rows = db.execute("SELECT id, name FROM entities WHERE kb_id = ? OR lower(name) = lower(?)",
                          [ent.id, ent.name]).fetchall()
        return [r[0] for r in rows], list(dict.fromkeys([ent.name, *(r[1] for r in rows)]))
    rows = db.execute("SELECT id, name FROM entities WHERE lower(name) = lower(?) OR lower(ticker) = lower(?)",
                      [name, name]).fetchall()
    if rows:
        return [r[0] for r in rows], list(dict.fromkeys(r[1] for r in rows))
    names = [r[0] for r in db.execute("SELECT DISTINCT name FROM entities").fetchall()]
    names += [r[0] for r in db.execute("SELECT DISTINCT subject FROM claims WHERE subject IS NOT NULL").fetchall()]
    close = _suggest(name, sorted(set(names)))
    if kb is not None:
        close = list(dict.fromkeys([*close, *suggest(kb, name)]))[:5]
    hint = ("Did you mean: " + ", ".join(close) + "?") if close else "List known entities with `sentiment entities`."
    raise InputError(f"unknown entity {name!r}", hint=hint)


def entity_ticker(db: sqlite_utils.Database, name: str, ids: Sequence[int], *,
                  kb: KnowledgeBase | None) -> str | None:
    """The ticker of the entity ``name`` (resolved to stored ``ids`` by :func:`resolve_entity`): the knowledge
    base's (``kb``), else a stored one; None when it has none."""
    ent = find_entity(kb, name) if kb is not None else None
    if ent is not None and ent.ticker:
        return ent.ticker
    marks = ", ".join("?" * len(ids)) or "NULL"
    row = db.execute(f"SELECT ticker FROM entities WHERE id IN ({marks}) AND ticker IS NOT NULL LIMIT 1",
                     list(ids)).fetchone()
    return row[0] if row else None


def stored_speakers(db: sqlite_utils.Database) -> list[str]:
    """Everyone the store knows as a speaker: people, quote speakers and claim speakers, sorted."""
    names = {r[0] for r in db.execute(
        "SELECT name FROM people UNION SELECT speaker FROM quotes UNION SELECT speaker FROM claims").fetchall()}
    return sorted(n for n in names if n and n.strip())


def _surname(name: str) -> str:
    return name.split()[-1].casefold() if name.split() else ""


def resolve_speaker(db: sqlite_utils.Database, name: str) -> list[str]:
    """The stored speaker names ``name`` means: the same name in any case, else everyone with that surname
    ("tan" -> "Mei Lin Tan"). InputError when nobody matches (with close names) or a surname is shared."""
    wanted = " ".join(name.split()).casefold()
    known = stored_speakers(db)
    same = [n for n in known if " ".join(n.split()).casefold() == wanted]
    if same:
        return same
    by_surname = [n for n in known if wanted and _surname(n) == wanted] if " " not in wanted else []
    people = sorted(by_surname, key=str.casefold)
    if len({" ".join(n.split()).casefold() for n in people}) == 1:
        return people
    if people:
        raise InputError(f"speaker {name!r} is ambiguous: {', '.join(people)}",
                         hint="Give the full name, e.g. --speaker " + repr(people[0]) + ".")
    close = _suggest(name, known)
    raise InputError(f"unknown speaker {name!r}",
                     hint=("Did you mean: " + ", ".join(close) + "?") if close
                     else "List known people with `sentiment strategists`.")


# A claim's speaker: as extracted, else the speaker of the quote it stands in.
_QUOTED_BY = ("(SELECT q.speaker FROM quotes q WHERE q.article_id = c.article_id AND q.field = c.field "
              "AND c.start >= q.start AND c.\"end\" <= q.\"end\" AND q.speaker IS NOT NULL ORDER BY q.start LIMIT 1)")


def query_claims(db: sqlite_utils.Database, *, entity: str | None = None, metric: str | None = None,
                 since: str | date | None = None, until: str | date | None = None, speaker: str | None = None,
                 modality: str | None = None, status: str | None = None, article: int | None = None,
                 limit: int | None = None, kb: KnowledgeBase | None = None) -> list[dict[str, Any]]:
    """Stored claims, newest first, filtered by entity (name, ticker or alias in ``kb``; None: stored names and
    tickers only, see :func:`resolve_entity`), metric, dates, speaker (full
    name in any case, or surname: :func:`resolve_speaker`), modality (actual, forecast, target, guidance,
    estimate, expectation), article id and the status of the claim's last stored check (``check_status``,
    None when never checked). A claim made inside a quote carries the quote's speaker."""
    where, params = ["1=1"], []
    if status:
        where.append("cc.status = ?")
        params.append(str(status))
    if article is not None:
        where.append("c.article_id = ?")
        params.append(int(article))
    first, last = _parse_day(since), _parse_day(until)
    if first and last and first > last:
        raise InputError(f"empty period: --since {first} is after --until {last}", hint="Swap the two dates.")
    if entity:
        ids, names = resolve_entity(db, entity, kb=kb)
        where.append(f"(c.entity_id IN ({','.join('?' * len(ids)) or 'NULL'}) "
                     f"OR c.subject IN ({','.join('?' * len(names))}))")
        params += ids + names
    if metric:
        where.append("c.metric = ?")
        params.append(metric)
    if modality:
        where.append("c.modality = ?")
        params.append(str(modality))
    _day_bounds(where, params, "c.published", first, last)
    if speaker:
        speakers = resolve_speaker(db, speaker)
        marks = ",".join("?" * len(speakers))
        where.append(f"(c.speaker IN ({marks}) OR c.person_id IN (SELECT id FROM people WHERE name IN ({marks})) "
                     "OR EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = c.article_id AND q.field = c.field "
                     f"AND c.start >= q.start AND c.\"end\" <= q.\"end\" AND q.speaker IN ({marks})))")
        params += speakers * 3
    sql = (f"SELECT c.*, COALESCE(c.speaker, {_QUOTED_BY}) AS said_by, a.title AS article_title, a.url AS url, "
           "se.name AS subject_entity, se.kb_id AS subject_id, cc.status AS check_status "
           "FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN entities se ON se.id = c.entity_id "
           f"LEFT JOIN claim_checks cc ON cc.claim_id = c.id WHERE {' AND '.join(where)} "
           "ORDER BY c.published DESC, c.article_id, c.start")
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = dict_rows(db, sql, params)
    for row in rows:
        row["speaker"] = row.pop("said_by")
    return rows


ENTITY_COLUMNS = ("name", "kind", "ticker", "mentions", "articles", "confidence", "last_seen")
STRATEGIST_COLUMNS = ("name", "title", "firm", "quotes", "articles", "stance", "calls", "calls_confirmed",
                      "calls_missed", "calls_pending", "first_seen", "last_seen")


@dataclass(frozen=True)
class EntityQuery:
    kind: str | None = None
    since: str | date | None = None  # mentioned in articles published on or after this day
    until: str | date | None = None
    search: str | None = None  # part of the name or ticker, any case
    limit: int | None = None


def list_entities(db: sqlite_utils.Database, query: EntityQuery | None = None) -> list[dict[str, Any]]:
    """Entities with their mention and article counts (within the period, when given), most mentioned first;
    ``confidence``: the mean link confidence of their mentions (1.0 exact alias, 0.9 generated, below 0.8 fuzzy,
    0 unlinked; None when stored before confidences were)."""
    q = query or EntityQuery()
    first, last = _parse_day(q.since), _parse_day(q.until)
    joins, where, params = [], [], []
    _day_bounds(joins, params, "a.published", first, last)
    if q.kind:
        where.append("e.kind = ?")
        params.append(q.kind)
    if q.search:
        where.append("(instr(lower(e.name), lower(?)) > 0 OR instr(lower(COALESCE(e.ticker, '')), lower(?)) > 0)")
        params += [q.search, q.search]
    sql = ("SELECT e.name, e.kind, e.ticker, COUNT(a.id) AS mentions, COUNT(DISTINCT a.id) AS articles, "
           "ROUND(AVG(CASE WHEN a.id IS NOT NULL THEN m.confidence END), 2) AS confidence, "
           "MAX(a.published) AS last_seen FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id "
           "LEFT JOIN articles a ON a.id = m.article_id" + "".join(f" AND {j}" for j in joins))
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " GROUP BY e.id HAVING mentions > 0 ORDER BY mentions DESC, e.name"
    if q.limit:
        sql += f" LIMIT {int(q.limit)}"
    return dict_rows(db, sql, params)


@dataclass(frozen=True)
class StrategistQuery:
    firm: str | None = None  # part of the firm's name, any case
    since: str | date | None = None  # seen (quoted or named) in articles published on or after this day
    until: str | date | None = None


# Claims a person made: by person id, by speaker name, or standing inside one of their quotes.
_PERSON_CLAIMS = """
SELECT c.id, c.modality, k.status FROM claims c LEFT JOIN claim_checks k ON k.claim_id = c.id
WHERE c.person_id = :pid OR c.speaker = :name OR EXISTS (
    SELECT 1 FROM quotes q WHERE q.person_id = :pid AND q.article_id = c.article_id AND q.field = c.field
    AND c.start >= q.start AND c."end" <= q."end")
"""
_FORWARD = ("forecast", "target", "guidance", "estimate")


def list_strategists(db: sqlite_utils.Database, query: StrategistQuery | None = None) -> list[dict[str, Any]]:
    """People quoted or named with a role: title, firm, quotes and articles (within the period, when given),
    first and last seen; ``stance``: the mean sentiment score (positive - negative, -1..1) of their articles by
    the most recently used model (None when unscored); ``calls``: their forecasts, targets, guidance and
    estimates to date, with how many the last stored checks found confirmed (or close), missed, or pending."""
    q = query or StrategistQuery()
    first, last = _parse_day(q.since), _parse_day(q.until)
    model = db.execute("SELECT model FROM article_sentiment ORDER BY scored_at DESC LIMIT 1").fetchone()
    sql = """
        WITH seen AS (
            SELECT person_id, article_id FROM quotes UNION SELECT person_id, article_id FROM article_people),
        span AS (
            SELECT s.person_id, s.article_id, a.published FROM seen s JOIN articles a ON a.id = s.article_id
            WHERE (:first IS NULL OR substr(a.published, 1, 10) >= :first)
              AND (:last IS NULL OR substr(a.published, 1, 10) <= :last))
        SELECT p.id, p.name, p.title, p.firm,
               (SELECT COUNT(*) FROM quotes q JOIN span x ON x.article_id = q.article_id AND x.person_id = p.id
                WHERE q.person_id = p.id) AS quotes,
               COUNT(DISTINCT sp.article_id) AS articles, MIN(sp.published) AS first_seen,
               MAX(sp.published) AS last_seen,
               (SELECT AVG(s.positive - s.negative) FROM article_sentiment s
                WHERE s.model = :model AND s.article_id IN (SELECT article_id FROM span WHERE person_id = p.id))
                AS stance
        FROM people p JOIN span sp ON sp.person_id = p.id
        WHERE (:firm IS NULL OR instr(lower(COALESCE(p.firm, '')), lower(:firm)) > 0)
        GROUP BY p.id ORDER BY last_seen DESC, p.name
    """
    params = {"first": first, "last": last, "firm": q.firm, "model": model[0] if model else None}
    rows = dict_rows(db, sql, params)
    for row in rows:
        row.update(_call_record(db, row.pop("id"), row["name"]))
    return rows


def _call_record(db: sqlite_utils.Database, person_id: int, name: str) -> dict[str, int]:
    statuses = [r[2] for r in db.execute(_PERSON_CLAIMS, {"pid": person_id, "name": name}) if r[1] in _FORWARD]
    return {"calls": len(statuses),
            "calls_confirmed": sum(s in ("confirmed", "close") for s in statuses),
            "calls_missed": sum(s in ("missed", "contradicted") for s in statuses),
            "calls_pending": sum(s == "pending" for s in statuses)}
