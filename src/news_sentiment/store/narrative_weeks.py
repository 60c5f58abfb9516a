"""Per-week narrative storage: article vectors, the inputs of one ISO week, and writing one week's results.

Reads and writes only; :func:`news_sentiment.pipeline.narratives.update_narratives` runs the weeks. A week is
written in one transaction (its rows replaced), together with the state the next week starts from, so a run
killed between weeks loses nothing already written and a re-run recomputes only the weeks whose inputs changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pandas as pd
import sqlite_utils

from news_sentiment.store.backend import table_exists
from news_sentiment.store.tx import transaction


def _frame(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    cur = db.execute(sql, list(params))
    return pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])


# -- embeddings ----------------------------------------------------------------------------------------------

_STALE = ("a.duplicate_of IS NULL AND (e.article_id IS NULL OR e.encoder <> ? OR coalesce(e.classifier, '') <> ? "
          "OR e.content_hash <> coalesce(a.content_hash, ''))")


def articles_to_embed(db: sqlite_utils.Database, encoder: str, classifier: str,
                      limit: int) -> list[tuple[int, str, str, str]]:
    """Up to ``limit`` non-duplicate articles whose vectors (and classifier probabilities) are missing or were
    computed by another encoder or classifier ('' = none) or from other content: (id, title, text, content_hash)."""
    return [tuple(r) for r in db.execute(
        "SELECT a.id, coalesce(a.title, ''), coalesce(a.text, ''), coalesce(a.content_hash, '') FROM articles a "
        f"LEFT JOIN article_embeddings e ON e.article_id = a.id WHERE {_STALE} ORDER BY a.id LIMIT ?",
        [encoder, classifier, limit]).fetchall()]


def count_to_embed(db: sqlite_utils.Database, encoder: str, classifier: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM articles a LEFT JOIN article_embeddings e ON e.article_id = a.id "
                          f"WHERE {_STALE}", [encoder, classifier]).fetchone()[0])


def write_embeddings(db: sqlite_utils.Database,
                     rows: Sequence[tuple[int, str, str, int, bytes, str | None, str | None]]) -> None:
    """(article_id, content_hash, encoder, sentences, int8 vectors, classifier, probabilities JSON), replacing
    older ones, in one transaction."""
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO article_embeddings (article_id, content_hash, encoder, sentences, vectors, classifier, probs) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(article_id) DO UPDATE SET content_hash = excluded.content_hash, "
            "encoder = excluded.encoder, sentences = excluded.sentences, vectors = excluded.vectors, "
            "classifier = excluded.classifier, probs = excluded.probs", rows)


# -- one week's inputs ---------------------------------------------------------------------------------------

def article_index(db: sqlite_utils.Database) -> pd.DataFrame:
    """article_id, published, content_hash of every non-duplicate article with a publication time."""
    return _frame(db, "SELECT id AS article_id, published, coalesce(content_hash, '') AS content_hash FROM articles "
                      "WHERE duplicate_of IS NULL AND published IS NOT NULL ORDER BY published, id")


def _ids_in(ids: Sequence[int]) -> tuple[str, list[int]]:
    return ",".join("?" * len(ids)), [int(i) for i in ids]


def _chunks(ids: Sequence[int], size: int = 900) -> Iterator[Sequence[int]]:
    for lo in range(0, len(ids), size):
        yield ids[lo:lo + size]


def _by_ids(db: sqlite_utils.Database, sql: str, ids: Sequence[int], *before: Any) -> pd.DataFrame:
    """``sql`` (with ``{marks}`` where the id list goes, after the ``before`` parameters) over ``ids``, 900 at a
    time (SQLite's bound-parameter limit), as one frame."""
    frames = [_frame(db, sql.format(marks=_ids_in(part)[0]), [*before, *_ids_in(part)[1]]) for part in _chunks(ids)]
    return pd.concat(frames, ignore_index=True) if frames else _frame(db, sql.format(marks="NULL"), before)


def week_articles(db: sqlite_utils.Database, ids: Sequence[int], encoder: str) -> pd.DataFrame:
    """article_id, title, text, published, feed, vectors (int8 blob or None), sentences, classifier, probs (JSON)
    of ``ids``."""
    return _by_ids(db, "SELECT a.id AS article_id, coalesce(a.title, '') AS title, coalesce(a.text, '') AS text, "
                       "a.published, coalesce(a.source, CAST(a.feed_id AS TEXT), '') AS feed, e.vectors, e.sentences, "
                       "e.classifier, e.probs FROM articles a LEFT JOIN article_embeddings e ON e.article_id = a.id "
                       "AND e.encoder = ? WHERE a.id IN ({marks})", ids, encoder)


def article_vectors(db: sqlite_utils.Database, ids: Sequence[int], encoder: str) -> pd.DataFrame:
    """article_id, published, vectors of those of ``ids`` that have vectors from ``encoder`` (no texts read)."""
    return _by_ids(db, "SELECT a.id AS article_id, a.published, e.vectors FROM articles a JOIN article_embeddings e "
                       "ON e.article_id = a.id AND e.encoder = ? WHERE a.id IN ({marks})", ids, encoder)


def week_sentiment(db: sqlite_utils.Database, ids: Sequence[int]) -> pd.DataFrame | None:
    """article_id, sentiment (positive - negative) of the model with most rows, for ``ids``; None without any."""
    if not table_exists(db, "article_sentiment"):
        return None
    row = db.execute("SELECT model FROM article_sentiment GROUP BY model ORDER BY count(*) DESC LIMIT 1").fetchone()
    if not row:
        return None
    return _by_ids(db, "SELECT article_id, positive - negative AS sentiment FROM article_sentiment WHERE model = ? "
                       "AND article_id IN ({marks})", ids, row[0])


def week_mentions(db: sqlite_utils.Database, ids: Sequence[int]) -> pd.DataFrame | None:
    """Distinct (article_id, entity, kind, kb_id) of ``ids``; None when no mentions are stored."""
    if not (table_exists(db, "mentions") and table_exists(db, "entities")):
        return None
    return _by_ids(db, "SELECT DISTINCT m.article_id, e.name AS entity, e.kind, e.kb_id FROM mentions m "
                       "JOIN entities e ON e.id = m.entity_id WHERE m.article_id IN ({marks})", ids)


def week_digest(db: sqlite_utils.Database, ids: Sequence[int]) -> str:
    """A digest of what else a week's results depend on: its articles' sentiment rows and mentions."""
    h = hashlib.sha256()
    for part in _chunks(sorted(int(i) for i in ids)):
        marks, params = _ids_in(part)
        if table_exists(db, "article_sentiment"):
            h.update(repr(db.execute(f"SELECT count(*), coalesce(sum(positive), 0) FROM article_sentiment "
                                     f"WHERE article_id IN ({marks})", params).fetchone()).encode())
        if table_exists(db, "mentions"):
            h.update(repr(db.execute(f"SELECT count(*), coalesce(sum(entity_id), 0) FROM mentions "
                                     f"WHERE article_id IN ({marks})", params).fetchone()).encode())
    return h.hexdigest()


@dataclass(frozen=True)
class WeekState:
    week: str
    fingerprint: str
    registry: list[dict[str, Any]]
    templates: dict[str, list[str]]


def week_state(db: sqlite_utils.Database, week: str) -> WeekState | None:
    row = db.execute("SELECT fingerprint, registry, templates FROM narrative_week_state WHERE week = ?",
                     [week]).fetchone()
    return None if row is None else WeekState(week, row[0], json.loads(row[1]), json.loads(row[2]))


def previous_rows(db: sqlite_utils.Database, week: str, window: int) -> pd.DataFrame:
    """narrative_id, week, articles, total (the week's articles) of the ``window`` stored weeks before ``week``."""
    weeks = [r[0] for r in db.execute("SELECT week FROM narrative_week_state WHERE week < ? ORDER BY week DESC "
                                      "LIMIT ?", [week, window]).fetchall()]
    if not weeks:
        return pd.DataFrame(columns=["narrative_id", "week", "articles", "total"])
    marks = ",".join("?" * len(weeks))
    return _frame(db, "SELECT w.narrative_id, w.week, w.articles, s.articles AS total FROM narrative_weeks w "
                      f"JOIN narrative_week_state s ON s.week = w.week WHERE w.week IN ({marks})", weeks)


def forget_weeks_after(db: sqlite_utils.Database, weeks: Sequence[str]) -> None:
    """Drop the stored weeks not in ``weeks`` (their articles are gone)."""
    with transaction(db):
        for (week,) in db.execute("SELECT week FROM narrative_week_state").fetchall():
            if week not in set(weeks):
                db.execute("DELETE FROM narrative_weeks WHERE week = ?", [week])
                db.execute("DELETE FROM narrative_week_state WHERE week = ?", [week])


# -- writing one week ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WeekWrite:
    """Everything one computed week writes (frames as :mod:`news_sentiment.analysis.narratives` returns them)."""

    week: str
    article_ids: Sequence[int]
    stats: pd.DataFrame
    hits: pd.DataFrame  # article_id, narrative_id, sentences, score
    evidence: pd.DataFrame  # article_id, narrative_id, sentence_no, similarity, text
    novelty: pd.DataFrame  # article_id, novelty, nearest_id
    discovered: Sequence[dict[str, Any]]  # registry entries (id, label, terms, headline, first_seen, ...)
    state: WeekState
    novelty_days: float


def write_week(db: sqlite_utils.Database, w: WeekWrite) -> None:
    """Replace one week's rows and state in one transaction."""
    now = datetime.now(timezone.utc).isoformat()
    with transaction(db):
        _upsert_narratives(db, w, now)
        db.execute("DELETE FROM narrative_weeks WHERE week = ?", [w.week])
        for part in _chunks(list(w.article_ids)):
            marks, params = _ids_in(part)
            for table in ("article_narratives", "narrative_evidence", "article_novelty"):
                db.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})", params)
        _insert_rows(db, w)
        db.execute("INSERT INTO narrative_week_state (week, fingerprint, registry, templates, articles, computed_at) "
                   "VALUES (?,?,?,?,?,?) ON CONFLICT(week) DO UPDATE SET fingerprint = excluded.fingerprint, "
                   "registry = excluded.registry, templates = excluded.templates, articles = excluded.articles, "
                   "computed_at = excluded.computed_at",
                   [w.week, w.state.fingerprint, json.dumps(w.state.registry), json.dumps(w.state.templates),
                    len(w.article_ids), now])


def _upsert_narratives(db: sqlite_utils.Database, w: WeekWrite, now: str) -> None:
    """Discovered narratives the week touched (configured ones are stored by ``store.narratives.sync_configured``)."""
    for d in w.discovered:
        db.execute("INSERT INTO narratives (id, name, source, description, phrases, terms, first_seen, last_seen, "
                   "headline, retired, updated_at) VALUES (?, ?, 'discovered', '', ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT(id) DO UPDATE SET name = excluded.name, phrases = excluded.phrases, "
                   "terms = excluded.terms, first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
                   "headline = excluded.headline, retired = excluded.retired, updated_at = excluded.updated_at",
                   [d["id"], d["label"], json.dumps(d["terms"]), json.dumps(d["terms"]), d["first_seen"],
                    d["last_seen"], d["headline"], d.get("retired"), now])


def _opt(v: Any) -> Any:
    return None if v is None or (isinstance(v, float) and v != v) else v


def _insert_rows(db: sqlite_utils.Database, w: WeekWrite) -> None:
    db.conn.executemany(
        "INSERT INTO narrative_weeks (narrative_id, week, articles, article_share, sentences, sentence_share, "
        "sentiment, sentiment_n, entities, baskets, shift, shift_history, share_low, share_high, shift_p, shift_test, "
        "status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(r.narrative_id, r.week, int(r.articles), float(r.article_share), int(r.sentences), float(r.sentence_share),
          _opt(r.sentiment), int(r.sentiment_n), json.dumps(list(r.entities)), json.dumps(list(r.baskets)),
          _opt(r.shift), int(r.shift_history), float(r.share_low), float(r.share_high), _opt(r.shift_p),
          r.shift_test, r.status) for r in w.stats.itertuples(index=False)])
    db.conn.executemany("INSERT INTO article_narratives (article_id, narrative_id, sentences, score) VALUES (?,?,?,?)",
                        [(int(r.article_id), r.narrative_id, int(r.sentences), float(r.score))
                         for r in w.hits.itertuples(index=False)])
    evidence = [(int(r.article_id), r.narrative_id, int(r.sentence_no), float(r.similarity), r.text)
                for r in w.evidence.itertuples(index=False)]
    db.conn.executemany("INSERT INTO narrative_evidence (article_id, narrative_id, sentence_no, similarity, text) "
                        "VALUES (?,?,?,?,?)", evidence)
    db.conn.executemany("INSERT INTO article_novelty (article_id, novelty, nearest_id, window_days) VALUES (?,?,?,?)",
                        [(int(r.article_id), float(r.novelty), None if pd.isna(r.nearest_id) else int(r.nearest_id),
                          w.novelty_days) for r in w.novelty.itertuples(index=False)])
