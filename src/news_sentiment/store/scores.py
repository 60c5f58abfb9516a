"""Sentiment scores in the store: which articles still need scoring, and writing the scores.

Scores are keyed by (article, model version) and carry the content hash they were computed on:
re-running with the same model does nothing, an article whose text changed is scored again (its old
rows replaced), and a new model version scores everything again beside the old rows.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol

import sqlite_utils

from news_sentiment.errors import InputError, ModelError
from news_sentiment.store.tx import transaction

log = logging.getLogger(__name__)

EntitiesFor = Callable[[sqlite_utils.Database, int], list[Any]]


class ArticleScorer(Protocol):
    """What ``score_articles`` needs from a classifier (``news_sentiment.nlp.sentiment.Classifier``)."""

    version: str

    def score_article(self, title: str, text: str, entities: Iterable[Any] = ...) -> Any: ...


@dataclass
class ScoreReport:
    """What one ``sentiment score`` run did."""

    model: str
    scored: int = 0
    entities: int = 0
    skipped: int = 0  # articles whose scoring failed (each logged); tried again by the next run
    errors: list[str] = field(default_factory=list)  # the first ERRORS_KEPT failures, with article ids
    seconds: float = 0.0


ERRORS_KEPT = 100  # failure messages kept in a report (all are logged and counted)
PAGE = 200  # articles read and written at a time: memory does not grow with the store

_UNSCORED = ("a.duplicate_of IS NULL AND NOT EXISTS ("
             "  SELECT 1 FROM article_sentiment s WHERE s.article_id = a.id AND s.model = ? "
             "  AND s.content_hash IS a.content_hash)")


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


def _onnx_errors() -> tuple[type[Exception], ...]:
    try:
        from onnxruntime.capi import onnxruntime_pybind11_state as ort
    except ImportError:  # pragma: no cover - onnxruntime is a dependency
        return ()
    return (ort.Fail, ort.RuntimeException, ort.InvalidArgument)


def article_errors() -> tuple[type[Exception], ...]:
    """What scoring one article may raise without being a bug: ModelError (a scorer refusing one input)
    and ONNX Runtime's own run-time failures. Anything else propagates."""
    return (ModelError, *_onnx_errors())


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


def _score_page(db: sqlite_utils.Database, scorer: ArticleScorer, rows: list[dict[str, Any]],
                entities_for: EntitiesFor | None, expected: tuple[type[Exception], ...], report: ScoreReport) -> None:
    """Score one page of articles and write the scores in one transaction; expected failures are counted."""
    results = []
    for row in rows:
        try:
            ents = entities_for(db, row["id"]) if entities_for else []
            results.append((row["id"], row["content_hash"],
                            scorer.score_article(row["title"] or "", row["text"] or "", ents)))
        except expected as exc:
            log.warning("article %s: sentiment failed (%s): %s", row["id"], type(exc).__name__, exc)
            if len(report.errors) < ERRORS_KEPT:
                report.errors.append(f"article {row['id']}: {type(exc).__name__}: {exc}")
            report.skipped += 1
    report.entities += write_scores(db, scorer.version, results)
    report.scored += len(results)


def score_articles(db: sqlite_utils.Database, scorer: ArticleScorer, *, limit: int | None = None,
                   batch: int = PAGE, entities_for: EntitiesFor | None = mentioned_entities,
                   progress: Callable[[int, int], None] | None = None) -> ScoreReport:
    """Score every stored article the scorer's model version has not scored yet for its current text
    (idempotent), at most ``limit``.

    ``entities_for(db, article_id)`` may return entity names or ``(name, start, end)`` mentions;
    by default the entities extraction stored for the article. Each gets a targeted score. Articles are
    read ``batch`` at a time (keyset pagination by id) and each batch's scores written in one transaction,
    so a killed run keeps what it committed and the next goes on. An article whose scoring fails with one
    of :func:`article_errors` is logged, counted in ``skipped`` and ``errors`` and tried again next run;
    any other exception is a bug and stops the run.
    """
    t0 = time.perf_counter()
    report = ScoreReport(model=scorer.version)
    pending = count_unscored(db, scorer.version)
    total = pending if limit is None else min(pending, limit)
    expected = article_errors()
    done, last, left = 0, 0, limit
    while left is None or left > 0:
        rows = unscored_articles(db, scorer.version, batch if left is None else min(batch, left), after_id=last)
        if not rows:
            break
        _score_page(db, scorer, rows, entities_for, expected, report)
        done += len(rows)
        last = rows[-1]["id"]
        if left is not None:
            left -= len(rows)
        if progress:
            progress(done, max(total, done))
    report.seconds = round(time.perf_counter() - t0, 2)
    log.info("scored %d articles (%d entities, %d failed) with %s in %.1fs", report.scored, report.entities,
             report.skipped, report.model, report.seconds)
    return report


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
