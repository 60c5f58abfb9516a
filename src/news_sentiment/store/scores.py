"""Sentiment scores in the store: which articles still need scoring, and writing the scores.

Scores are keyed by (article, model version) and carry the content hash they were computed on:
re-running with the same model does nothing, an article whose text changed is scored again (its old
rows replaced), and a new model version scores everything again beside the old rows.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol

import sqlite_utils

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
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def unscored_articles(db: sqlite_utils.Database, model: str, limit: int | None = None) -> list[dict[str, Any]]:
    """Articles (not duplicates) with no score from ``model`` for their current text, oldest first."""
    sql = (
        "SELECT a.id, a.title, a.text, a.content_hash FROM articles a "
        "WHERE a.duplicate_of IS NULL AND NOT EXISTS ("
        "  SELECT 1 FROM article_sentiment s WHERE s.article_id = a.id AND s.model = ? "
        "  AND s.content_hash IS a.content_hash) "
        "ORDER BY a.id"
    )
    params: list[Any] = [model]
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    cur = db.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def _chunks(rows: list[dict[str, Any]], n: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), n):
        yield rows[i:i + n]


def write_scores(db: sqlite_utils.Database, model: str, scored: list[tuple[int, str | None, Any]]) -> int:
    """Write article and entity scores (``(article_id, content_hash, ArticleScore)``) in one transaction,
    replacing the model's earlier rows for those articles (their text may have changed)."""
    now = datetime.now(timezone.utc).isoformat()
    n_ent = 0
    with transaction(db):
        for article_id, digest, res in scored:
            db.execute("DELETE FROM entity_sentiment WHERE article_id = ? AND model = ?", [article_id, model])
            db.execute(
                "INSERT OR REPLACE INTO article_sentiment "
                "(article_id, model, label, negative, neutral, positive, sentences, scored_at, content_hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [article_id, model, res.label, res.scores["negative"], res.scores["neutral"],
                 res.scores["positive"], res.sentences, now, digest],
            )
            for name, pred in res.entities.items():
                db.execute(
                    "INSERT OR REPLACE INTO entity_sentiment (article_id, entity, model, label, negative, neutral, "
                    "positive, sentences, target_absent, scored_at, content_hash) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [article_id, name, model, pred.label, pred.scores["negative"], pred.scores["neutral"],
                     pred.scores["positive"], pred.sentences, int(pred.target_absent), now, digest],
                )
                n_ent += 1
    return n_ent


SCORED_KINDS = ("company", "index", "basket", "product", "commodity")


def mentioned_entities(db: sqlite_utils.Database, article_id: int) -> list[str]:
    """Names of the companies, indices, baskets, products and commodities extraction found in an article."""
    rows = db.execute("SELECT DISTINCT e.name FROM mentions m JOIN entities e ON e.id = m.entity_id "
                      f"WHERE m.article_id = ? AND e.kind IN ({','.join('?' * len(SCORED_KINDS))})",
                      [article_id, *SCORED_KINDS]).fetchall()
    return [r[0] for r in rows]


def score_articles(db: sqlite_utils.Database, scorer: ArticleScorer, *, limit: int | None = None,
                   batch: int = 50, entities_for: EntitiesFor | None = mentioned_entities,
                   progress: Callable[[int, int], None] | None = None) -> ScoreReport:
    """Score every stored article the scorer's model version has not scored yet (idempotent).

    ``entities_for(db, article_id)`` may return entity names or ``(name, start, end)`` mentions;
    by default the entities extraction stored for the article. Each gets a targeted score. Writes one transaction per ``batch`` articles.
    """
    t0 = time.perf_counter()
    report = ScoreReport(model=scorer.version)
    todo = unscored_articles(db, scorer.version, limit)
    done = 0
    for chunk in _chunks(todo, batch):
        results = []
        for row in chunk:
            try:
                ents = entities_for(db, row["id"]) if entities_for else []
                results.append((row["id"], row["content_hash"],
                                scorer.score_article(row["title"] or "", row["text"] or "", ents)))
            except Exception as exc:  # one bad article must not stop the run
                log.warning("article %s: sentiment failed: %s", row["id"], exc)
                report.errors.append(f"article {row['id']}: {exc}")
                report.skipped += 1
        report.entities += write_scores(db, scorer.version, results)
        report.scored += len(results)
        done += len(chunk)
        if progress:
            progress(done, len(todo))
    report.seconds = round(time.perf_counter() - t0, 2)
    log.info("scored %d articles (%d entities) with %s in %.1fs", report.scored, report.entities,
             report.model, report.seconds)
    return report
