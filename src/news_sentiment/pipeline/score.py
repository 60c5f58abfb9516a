"""The score step: score stored articles the model has not scored for their current text.

The store says which articles need a score and writes them (:mod:`news_sentiment.store.scores`); this module
owns the run: pages, failures it expects, progress, stopping, the report.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlite_utils

from news_sentiment.errors import ModelError
from news_sentiment.pipeline.results import Step, StepResult, StepStatus, StopCheck
from news_sentiment.store import scores as store

log = logging.getLogger(__name__)

EntitiesFor = Callable[[sqlite_utils.Database, int], list[Any]]
ERRORS_KEPT = 100  # failure messages kept in a report (all are logged and counted)


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
    stopped: bool = False  # a stop was asked: the pages before it are written, the rest left for the next run


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
    report.entities += store.write_scores(db, scorer.version, results)
    report.scored += len(results)


def score_articles(db: sqlite_utils.Database, scorer: ArticleScorer, *, limit: int | None = None,
                   batch: int = store.PAGE, entities_for: EntitiesFor | None = store.mentioned_entities,
                   progress: Callable[[int, int], None] | None = None, stop: StopCheck | None = None) -> ScoreReport:
    """Score every stored article the scorer's model version has not scored yet for its current text
    (idempotent), at most ``limit``.

    ``entities_for(db, article_id)`` may return entity names or ``(name, start, end)`` mentions;
    by default the entities extraction stored for the article. Each gets a targeted score. Articles are
    read ``batch`` at a time (keyset pagination by id) and each batch's scores written in one transaction,
    so a killed run keeps what it committed and the next goes on; ``stop()`` is asked before each batch.
    An article whose scoring fails with one of :func:`article_errors` is logged, counted in ``skipped`` and
    ``errors`` and tried again next run; any other exception is a bug and stops the run.
    """
    t0 = time.perf_counter()
    report = ScoreReport(model=scorer.version)
    pending = store.count_unscored(db, scorer.version)
    total = pending if limit is None else min(pending, limit)
    expected = article_errors()
    done, last, left = 0, 0, limit
    while left is None or left > 0:
        rows = store.unscored_articles(db, scorer.version, batch if left is None else min(batch, left), after_id=last)
        if not rows:
            break
        if stop is not None and stop():
            report.stopped = True
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


def model_version(model_dir: str | None = None) -> str:
    """The installed sentiment model's version, read from its config without loading it (ModelError if none)."""
    from pathlib import Path

    from news_sentiment.nlp.sentiment import ModelConfig, default_model_dir

    return ModelConfig.load((Path(model_dir) if model_dir else default_model_dir()) / "config.json").version


def score_step(db: sqlite_utils.Database, *, scorer: ArticleScorer | None = None, model_dir: str | None = None,
               progress: Callable[[int, int], None] | None = None, stop: StopCheck | None = None) -> StepResult:
    """Score what the model has not scored. Without ``scorer`` the installed model is loaded only when there is
    work; a missing or broken model makes the step ``unavailable`` (the rest of a run goes on)."""
    from news_sentiment.nlp.sentiment import Classifier

    t0 = time.perf_counter()
    try:
        if scorer is None and not store.count_unscored(db, model_version(model_dir)):
            return StepResult(Step.SCORE, StepStatus.UNCHANGED, "every article already scored by this model",
                              seconds=time.perf_counter() - t0)
        scorer = scorer or Classifier.load(model_dir)
    except ModelError as exc:
        log.warning("sentiment model unavailable: %s", exc)
        return StepResult(Step.SCORE, StepStatus.UNAVAILABLE, f"sentiment model not installed, scoring skipped "
                          f"({exc}; {exc.hint or ''})", errors=[str(exc)], seconds=time.perf_counter() - t0)
    r = score_articles(db, scorer, progress=progress, stop=stop)
    detail = f"{r.scored} articles scored with {r.model}, {r.entities} entity scores"
    if r.skipped:
        detail += f"; {r.skipped} failed: {'; '.join(r.errors[:3])}"
    status = (StepStatus.STOPPED if r.stopped else StepStatus.DONE if r.scored
              else StepStatus.FAILED if r.skipped else StepStatus.UNCHANGED)
    return StepResult(Step.SCORE, status, detail, {"articles": r.scored, "entities": r.entities},
                      skipped=r.skipped, errors=r.errors, seconds=time.perf_counter() - t0)
