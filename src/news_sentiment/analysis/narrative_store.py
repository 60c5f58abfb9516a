"""Narratives over the store: read articles, sentiment and mentions, run the narrative analysis, write
weekly series (idempotent, one transaction), and read them back for the CLI, links and reports."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlite_utils

from news_sentiment.analysis.narratives import (
    Discovered,
    SentenceRows,
    default_narratives_path,
    iso_week,
    label_terms,
    load_narratives,
    run_narratives,
)
from news_sentiment.errors import ConfigError, InputError
from news_sentiment.store.tx import transaction


log = logging.getLogger(__name__)


def _frame(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    cur = db.execute(sql, list(params))
    return pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])


def _table_exists(db: sqlite_utils.Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [name]).fetchone() is not None


PAGE = 2000  # articles read at a time: their texts become sentence rows before the next page is read


@dataclass
class NarrativeInputs:
    """What a narrative run reads from the store. ``articles`` has article_id and published only; the
    texts are already in ``sentences`` (:func:`~news_sentiment.analysis.narratives.sentence_frame`)."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    sentiment: pd.DataFrame | None
    mentions: pd.DataFrame | None


def read_articles(db: sqlite_utils.Database, page: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles (not duplicates) in (published, id) order — article_id and published — and their
    sentence rows. Read ``page`` (default :data:`PAGE`) articles at a time (keyset pagination), so the
    store's texts are never all in memory next to their sentences."""
    page = page or PAGE
    sql = ("SELECT id, title, text, published FROM articles WHERE duplicate_of IS NULL "
           "AND (published, id) > (?, ?) ORDER BY published, id LIMIT ?")
    ids: list[int] = []
    published: list[str] = []
    rows = SentenceRows()
    key: tuple[str, int] = ("", 0)
    while True:
        batch = db.execute(sql, [*key, page]).fetchall()
        if not batch:
            break
        p_ids = [r[0] for r in batch]
        p_pub = [r[3] for r in batch]
        rows.add(p_ids, [r[1] or "" for r in batch], [r[2] or "" for r in batch], iso_week(pd.Series(p_pub)))
        ids += p_ids
        published += p_pub
        key = (p_pub[-1], p_ids[-1])
        del batch
    arts = pd.DataFrame({"article_id": pd.Series(ids, dtype="int64"), "published": pd.Series(published, dtype=object)})
    return arts, rows.frame()


def read_inputs(db: sqlite_utils.Database, page: int | None = None) -> NarrativeInputs:
    """Articles and their sentences (:func:`read_articles`), article sentiment (positive - negative, the
    model with most rows) and entity mentions (entity name, plus basket names via the knowledge base) —
    the last two None when absent."""
    arts, sents = read_articles(db, page)
    senti = None
    if _table_exists(db, "article_sentiment"):
        row = db.execute("SELECT model FROM article_sentiment GROUP BY model ORDER BY count(*) DESC LIMIT 1"
                         ).fetchone()
        if row:
            senti = _frame(db, "SELECT article_id, positive - negative AS sentiment FROM article_sentiment "
                               "WHERE model = ?", [row[0]])
    ments = _mentions(db) if _table_exists(db, "mentions") and _table_exists(db, "entities") else None
    return NarrativeInputs(arts, sents, senti, None if ments is None else _attach_baskets(ments))


def _mentions(db: sqlite_utils.Database) -> pd.DataFrame | None:
    """Distinct (article, entity) pairs with the entity's name, kind and kb_id; each name is one shared
    string object however many articles mention it."""
    pairs = _frame(db, "SELECT DISTINCT article_id, entity_id FROM mentions")
    if pairs.empty:
        return None
    ents = _frame(db, "SELECT id, name AS entity, kind, kb_id FROM entities").set_index("id")
    ments = ents.reindex(pairs["entity_id"].to_numpy()).reset_index(drop=True)
    ments.insert(0, "article_id", pairs["article_id"].to_numpy())
    return ments.dropna(subset=["entity"]).reset_index(drop=True)


def _attach_baskets(ments: pd.DataFrame) -> pd.DataFrame:
    """Add a ``basket`` column: the basket itself, or each KB basket the mentioned company belongs to."""
    try:
        from news_sentiment.nlp.kb import load_kb

        kb = load_kb()
    except ConfigError as exc:  # a missing or broken KB only loses basket attachment
        log.warning("no knowledge base for basket attachment: %s", exc)
        return ments.assign(basket=np.where(ments["kind"] == "basket", ments["entity"], None))
    member_of: list[tuple[str, str]] = []
    for b in kb.of_kind("basket"):
        for m in b.members:
            ent = kb.lookup(m)
            if ent is not None:
                member_of.append((ent.id, b.name))
    links = pd.DataFrame(member_of, columns=["kb_id", "basket"], dtype=object)
    is_basket = ments["kind"] == "basket"
    own = ments.loc[is_basket, ["article_id", "entity"]].assign(basket=ments.loc[is_basket, "entity"])
    rest = ments.loc[~is_basket, ["article_id", "entity", "kb_id"]]
    rest = rest.merge(links, on="kb_id", how="left").drop(columns="kb_id")
    out = pd.concat([own, rest], ignore_index=True)
    out["basket"] = out["basket"].astype(object).where(out["basket"].notna(), None)
    return out[["article_id", "entity", "basket"]]


def read_registry(db: sqlite_utils.Database) -> list[Discovered]:
    """Discovered narratives stored by earlier runs (their ids persist)."""
    df = _frame(db, "SELECT id, name, terms, first_seen, last_seen FROM narratives WHERE source = 'discovered'")
    return [Discovered(r.id, r.name, json.loads(r.terms or "{}"), r.first_seen or "", r.last_seen or "")
            for r in df.itertuples(index=False)]


@dataclass(frozen=True)
class NarrativeUpdate:
    """What :func:`update_narratives` did."""

    articles: int
    weeks: int
    narratives: int
    discovered: int
    rows: int
    skipped: bool  # inputs unchanged since the last run
    seconds: float


_FINGERPRINT_SQL = (
    ("articles", "SELECT count(*), coalesce(sum(id), 0), max(content_hash) FROM articles WHERE duplicate_of IS NULL"),
    ("article_sentiment", "SELECT count(*), coalesce(sum(positive), 0) FROM article_sentiment"),
    ("mentions", "SELECT count(*), coalesce(max(id), 0) FROM mentions"),
)


def _fingerprint(db: sqlite_utils.Database, config: bytes, params: str) -> str:
    """A digest of the inputs: config, parameters, and the articles, sentiment and mentions tables.

    A table that does not exist counts as empty; any other database error propagates (a locked or
    damaged store must not yield a fingerprint that makes a stale result look current)."""
    h = hashlib.sha256(config + params.encode())
    for table, sql in _FINGERPRINT_SQL:
        h.update(repr(db.execute(sql).fetchone() if _table_exists(db, table) else None).encode())
    digests = hashlib.sha256()
    cur = db.execute("SELECT content_hash FROM articles WHERE duplicate_of IS NULL ORDER BY id")
    while rows := cur.fetchmany(10_000):
        digests.update("".join(f"{r[0]}," for r in rows).encode())
    h.update(digests.digest())
    return h.hexdigest()


def update_narratives(db: sqlite_utils.Database, config: str | Path | None = None, *, force: bool = False,
                      novelty_days: float = 7.0, discover: bool = True) -> NarrativeUpdate:
    """Recompute narratives from the stored articles and write them (one transaction, idempotent).

    Skips the work when articles, sentiment, mentions and the config are unchanged since the last run
    (``force`` recomputes). Discovered narratives keep their stored ids.
    """
    import time

    t0 = time.perf_counter()
    path = Path(config) if config else default_narratives_path()
    narratives = load_narratives(path)
    params = json.dumps({"novelty_days": novelty_days, "discover": discover})
    fp = _fingerprint(db, path.read_bytes(), params)
    row = db.execute("SELECT value FROM narrative_state WHERE key = 'fingerprint'").fetchone()
    if row and row[0] == fp and not force:
        n = db.execute("SELECT count(*), count(DISTINCT week) FROM narrative_weeks").fetchone()
        k = db.execute("SELECT count(*), sum(source = 'discovered') FROM narratives").fetchone()
        return NarrativeUpdate(0, n[1], k[0], k[1] or 0, n[0], True, time.perf_counter() - t0)
    inputs = read_inputs(db)
    arts = inputs.articles
    run = run_narratives(arts, narratives, known=read_registry(db), sentiment=inputs.sentiment,
                         mentions=inputs.mentions, novelty_days=novelty_days, discover=discover,
                         sentence_table=inputs.sentences) if not arts.empty else None
    del inputs
    now = datetime.now(timezone.utc).isoformat()
    with transaction(db):
        for tbl in ("narrative_weeks", "article_narratives", "article_novelty"):
            db.execute(f"DELETE FROM {tbl}")
        db.execute("DELETE FROM narratives WHERE source = 'config'")
        first = run.stats[run.stats["articles"] > 0].groupby("narrative_id")["week"].min() if run else {}
        for n in narratives:
            db.execute("INSERT INTO narratives (id, name, source, description, phrases, terms, first_seen, last_seen, "
                       "updated_at) VALUES (?, ?, 'config', ?, ?, NULL, ?, ?, ?)",
                       [n.id, n.name, n.description, json.dumps(list(n.phrases)), first.get(n.id), None, now])
        if run is not None:
            for d in run.registry:
                db.execute("INSERT INTO narratives (id, name, source, description, phrases, terms, first_seen, "
                           "last_seen, updated_at) VALUES (?, ?, 'discovered', '', ?, ?, ?, ?, ?) "
                           "ON CONFLICT(id) DO UPDATE SET phrases=excluded.phrases, terms=excluded.terms, "
                           "first_seen=excluded.first_seen, last_seen=excluded.last_seen, "
                           "updated_at=excluded.updated_at",
                           [d.id, d.label, json.dumps(label_terms(d.terms, 5)), json.dumps(d.terms), d.first_seen,
                            d.last_seen, now])
            s = run.stats
            db.conn.executemany(
                "INSERT INTO narrative_weeks (narrative_id, week, articles, article_share, sentences, sentence_share, "
                "sentiment, sentiment_n, entities, baskets, shift, shift_history) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(r.narrative_id, r.week, int(r.articles), float(r.article_share), int(r.sentences),
                  float(r.sentence_share), None if pd.isna(r.sentiment) else float(r.sentiment), int(r.sentiment_n),
                  json.dumps(list(r.entities)), json.dumps(list(r.baskets)),
                  None if pd.isna(r.shift) else float(r.shift), int(r.shift_history))
                 for r in s.itertuples(index=False)])
            db.conn.executemany(
                "INSERT INTO article_narratives (article_id, narrative_id, sentences, score) VALUES (?,?,?,?)",
                [(int(r.article_id), r.narrative_id, int(r.sentences), float(r.score))
                 for r in run.hits.itertuples(index=False)])
            db.conn.executemany(
                "INSERT INTO article_novelty (article_id, novelty, nearest_id, window_days) VALUES (?,?,?,?)",
                [(int(r.article_id), float(r.novelty), None if pd.isna(r.nearest_id) else int(r.nearest_id),
                  novelty_days) for r in run.novelty.itertuples(index=False)])
        db.execute("INSERT INTO narrative_state (key, value) VALUES ('fingerprint', ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [fp])
    rows = 0 if run is None else len(run.stats)
    weeks = 0 if run is None else run.stats["week"].nunique()
    disc = 0 if run is None else len(run.registry)
    return NarrativeUpdate(len(arts), weeks, len(narratives) + disc, disc, rows, False, time.perf_counter() - t0)


def read_narrative_weeks(db: sqlite_utils.Database, week: str | None = None,
                         narrative: str | None = None) -> pd.DataFrame:
    """Stored weekly stats joined with narrative names; ``week`` 'latest' or None = every week.

    ``narrative`` matches an id or a name (case-insensitive). Unknown narrative: InputError listing names.
    """
    sql = ("SELECT w.week, w.narrative_id, n.name, n.source, w.articles, w.article_share, w.sentences, "
           "w.sentence_share, w.sentiment, w.sentiment_n, w.shift, w.shift_history, w.entities, w.baskets "
           "FROM narrative_weeks w JOIN narratives n ON n.id = w.narrative_id")
    where, params = [], []
    if week == "latest":
        where.append("w.week = (SELECT max(week) FROM narrative_weeks)")
    elif week:
        if not re.fullmatch(r"\d{4}-W\d{2}", week):
            raise InputError(f"bad week {week!r}", hint="Write ISO weeks like 2025-W10.")
        where.append("w.week = ?"); params.append(week)
    if narrative:
        nid = resolve_narrative(db, narrative)
        where.append("w.narrative_id = ?"); params.append(nid)
    if where:
        sql += " WHERE " + " AND ".join(where)
    df = _frame(db, sql + " ORDER BY w.week, w.article_share DESC, n.name", params)
    for col in ("entities", "baskets"):
        df[col] = df[col].map(lambda v: json.loads(v) if v else [])
    return df


def resolve_narrative(db: sqlite_utils.Database, name: str) -> str:
    """A narrative id from its id or name (case-insensitive); InputError with suggestions otherwise."""
    row = db.execute("SELECT id FROM narratives WHERE id = ? OR lower(name) = lower(?)", [name, name]).fetchone()
    if row:
        return str(row[0])
    names = [r[0] for r in db.execute("SELECT name FROM narratives ORDER BY source, name").fetchall()]
    if not names:
        raise InputError("no narratives stored yet",
                         hint="Run `sentiment narratives` first (after `sentiment ingest`).")
    from rapidfuzz import process

    close = [m[0] for m in process.extract(name, names, limit=3, score_cutoff=50)]
    raise InputError(f"unknown narrative {name!r}",
                     hint=f"Did you mean: {', '.join(close)}?" if close else f"Known: {', '.join(names[:12])}")


def narratives_report(db: sqlite_utils.Database, week: str | None = None, *, config: str | Path | None = None,
                      update: bool = True) -> tuple[NarrativeUpdate | None, pd.DataFrame]:
    """Bring stored narratives up to date (cheap when nothing changed), then the given week's rows
    (default: the latest week)."""
    upd = update_narratives(db, config) if update else None
    return upd, read_narrative_weeks(db, week or "latest")

