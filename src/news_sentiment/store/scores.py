"""Sentiment scores in the store: which articles still need scoring, and writing the scores.

Runs live in :mod:`news_sentiment.pipeline.score`.

Scores are keyed by (article, model version) and carry the content hash they were computed on:
re-running with the same model does nothing, an article whose text changed is scored again (its old
rows replaced), and a new model version scores everything again beside the old rows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from news_sentiment.errors import InputError
from news_sentiment.store.tx import transaction

log = logging.getLogger(__name__)

PAGE = 200  # articles read and written at a time: memory does not grow with the store

# An article needs scoring when the model has no score for its current text, or when it was extracted after
# that score (its entity sentiment is then missing or stale: scored before its entities were known).
_UNSCORED = ("a.duplicate_of IS NULL AND NOT EXISTS ("
             "  SELECT 1 FROM article_sentiment s WHERE s.article_id = a.id AND s.model = ? "
             "  AND s.content_hash IS a.content_hash AND NOT EXISTS ("
             "    SELECT 1 FROM extractions e WHERE e.article_id = a.id AND e.content_hash = a.content_hash "
             "    AND e.processed_at > s.scored_at))")


def unscored_articles(db: sqlite_utils.Database, model: str, limit: int | None = PAGE, *,
                      after_id: int = 0) -> list[dict[str, Any]]:
    """One page of articles (not duplicates) with no score from ``model`` for their current text (the
    score's content hash differs): ids above ``after_id``, in id order, at most ``limit`` (None: all)."""
    sql = f"SELECT a.id, a.title, a.text, a.content_hash FROM articles a WHERE a.id > ? AND {_UNSCORED} ORDER BY a.id"
    params: list[Any] = [after_id, model]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    cur = db.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def count_unscored(db: sqlite_utils.Database, model: str) -> int:
    """How many articles still need a score from ``model`` (no text read)."""
    return db.execute(f"SELECT COUNT(*) FROM articles a WHERE {_UNSCORED}", [model]).fetchone()[0]


def write_scores(db: sqlite_utils.Database, model: str, scored: list[tuple[int, str | None, Any]]) -> int:
    """Write article scores, entity scores and evidence (``(article_id, content_hash, ArticleScore)``) in one
    transaction, replacing the model's earlier rows for those articles (their text may have changed)."""
    now = datetime.now(timezone.utc).isoformat()
    n_ent = 0
    with transaction(db):
        for article_id, digest, res in scored:
            for table in ("entity_sentiment", "sentiment_evidence"):
                db.execute(f"DELETE FROM {table} WHERE article_id = ? AND model = ?", [article_id, model])
            db.execute(
                "INSERT OR REPLACE INTO article_sentiment (article_id, model, label, negative, neutral, positive, "
                "sentences, scored_at, content_hash, sentences_dropped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [article_id, model, res.label, *_probs(res.scores), res.sentences, now, digest,
                 res.sentences_dropped],
            )
            for rank, ev in enumerate(res.evidence):
                db.execute(
                    'INSERT INTO sentiment_evidence (article_id, model, rank, part, start, "end", text, label, '
                    "negative, neutral, positive, share) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [article_id, model, rank, str(ev.part), ev.start, ev.end, ev.text, ev.label, *_probs(ev.scores),
                     ev.share],
                )
            for name, pred in res.entities.items():
                db.execute(
                    "INSERT OR REPLACE INTO entity_sentiment (article_id, entity, model, label, negative, neutral, "
                    "positive, sentences, target_absent, scored_at, content_hash) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [article_id, name, model, pred.label, *_probs(pred.scores), pred.sentences,
                     int(pred.target_absent), now, digest],
                )
                n_ent += 1
    return n_ent


_LABELS = ("negative", "neutral", "positive")  # the column order of every probability triple in the store


def _probs(scores: dict[str, float]) -> list[float]:
    return [scores[label] for label in _LABELS]


def _scores(probs: Any) -> dict[str, float]:
    """A stored (negative, neutral, positive) triple as the scores dict :func:`_probs` wrote it from."""
    return dict(zip(_LABELS, probs))


SCORED_KINDS = ("company", "index", "basket", "product", "commodity")


def mentioned_entities(db: sqlite_utils.Database, article_id: int) -> list[str]:
    """Names of the companies, indices, baskets, products and commodities extraction found in an article."""
    rows = db.execute("SELECT DISTINCT e.name FROM mentions m JOIN entities e ON e.id = m.entity_id "
                      f"WHERE m.article_id = ? AND e.kind IN ({','.join('?' * len(SCORED_KINDS))})",
                      [article_id, *SCORED_KINDS]).fetchall()
    return [r[0] for r in rows]


@dataclass
class ArticleExplanation:
    """An article's stored score from one model and the sentences that weighed most (``sentiment why``)."""

    article_id: int
    title: str | None
    model: str
    label: str
    scores: dict[str, float]
    sentences: int
    sentences_dropped: int
    evidence: list[dict[str, Any]]
    entities: list[dict[str, Any]]


def explain_article(db: sqlite_utils.Database, article_id: int, model: str | None = None) -> ArticleExplanation:
    """The stored score of one article (the newest model's unless ``model`` is given) with its evidence.
    Raises InputError naming what is missing and how to get it."""
    title = db.execute("SELECT title FROM articles WHERE id = ?", [article_id]).fetchone()
    if title is None:
        raise InputError(f"no article with id {article_id}", hint="List ids with: sentiment articles")
    sql = ("SELECT model, label, negative, neutral, positive, sentences, sentences_dropped FROM article_sentiment "
           "WHERE article_id = ?" + (" AND model = ?" if model else "") + " ORDER BY scored_at DESC LIMIT 1")
    row = db.execute(sql, [article_id, model] if model else [article_id]).fetchone()
    if row is None:
        raise InputError(f"article {article_id} has no sentiment score" + (f" from {model}" if model else ""),
                         hint="Score stored articles with: sentiment score")
    model = row[0]
    ev = db.execute('SELECT part, start, "end", text, label, negative, neutral, positive, share FROM '
                    "sentiment_evidence WHERE article_id = ? AND model = ? ORDER BY rank", [article_id, model])
    evidence = [{"part": r[0], "start": r[1], "end": r[2], "text": r[3], "label": r[4], "scores": _scores(r[5:8]),
                 "share": r[8]} for r in ev]
    ents = db.execute("SELECT entity, label, negative, neutral, positive, sentences, target_absent FROM "
                      "entity_sentiment WHERE article_id = ? AND model = ? ORDER BY entity", [article_id, model])
    entities = [{"entity": r[0], "label": r[1], "scores": _scores(r[2:5]), "sentences": r[5],
                 "target_absent": bool(r[6])} for r in ents]
    return ArticleExplanation(article_id, title[0], model, row[1], _scores(row[2:5]), row[5], row[6], evidence,
                              entities)
