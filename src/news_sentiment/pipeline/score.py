"""The score step: score stored articles the model has not scored for their current text.

The store says which articles need a score and writes them (:mod:`news_sentiment.store.scores`); this module
owns the run: pages, failures it expects, progress, stopping, the report.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import sqlite_utils

from news_sentiment.errors import ModelError
from news_sentiment.pipeline.results import Step, StepResult, StepStatus, StopCheck
from news_sentiment.store import scores as store

if TYPE_CHECKING:
    from news_sentiment.pipeline.cluster import ClusterSession

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


Scored = tuple[int, "str | None", Any]  # (article id, content hash, ArticleScore): what store.write_scores takes


def score_rows(scorer: ArticleScorer, rows: list[dict[str, Any]], expected: tuple[type[Exception], ...]
               ) -> tuple[list[Scored], list[str]]:
    """Score article rows (id, title, text, content_hash, entities) without touching the store: the scores, in
    order, and one message per article whose scoring failed with one of ``expected`` (left out; anything else
    propagates). A local run and a cluster worker both call this."""
    results: list[Scored] = []
    errors: list[str] = []
    for row in rows:
        try:
            results.append((row["id"], row["content_hash"],
                            scorer.score_article(row["title"] or "", row["text"] or "", row.get("entities") or [])))
        except expected as exc:
            log.warning("article %s: sentiment failed (%s): %s", row["id"], type(exc).__name__, exc)
            errors.append(f"article {row['id']}: {type(exc).__name__}: {exc}")
    return results, errors


def write_scored(db: sqlite_utils.Database, model: str, results: list[Scored], errors: list[str],
                 report: ScoreReport) -> None:
    """Write one batch's scores in one transaction and count them, and its failures, in ``report``."""
    report.entities += store.write_scores(db, model, results)
    report.scored += len(results)
    report.skipped += len(errors)
    report.errors += errors[:max(0, ERRORS_KEPT - len(report.errors))]


def unscored_pages(db: sqlite_utils.Database, model: str, *, limit: int | None, batch: int,
                   entities_for: EntitiesFor | None) -> Iterator[list[dict[str, Any]]]:
    """Articles ``model`` has not scored, ``batch`` at a time (keyset pagination by id), at most ``limit``, each
    row with the ``entities`` to score it toward. Pages may be read ahead of the writes: scoring one article
    never changes whether another needs it."""
    last, left = 0, limit
    while left is None or left > 0:
        rows = store.unscored_articles(db, model, batch if left is None else min(batch, left), after_id=last)
        if not rows:
            return
        for row in rows:
            row["entities"] = entities_for(db, row["id"]) if entities_for else []
        yield rows
        last = rows[-1]["id"]
        if left is not None:
            left -= len(rows)


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
    total = count_to_score(db, scorer.version, limit)
    expected = article_errors()
    done = 0
    for rows in unscored_pages(db, scorer.version, limit=limit, batch=batch, entities_for=entities_for):
        if stop is not None and stop():
            report.stopped = True
            break
        write_scored(db, scorer.version, *score_rows(scorer, rows, expected), report)
        done += len(rows)
        if progress:
            progress(done, max(total, done))
    return finish_report(report, t0)


def count_to_score(db: sqlite_utils.Database, model: str, limit: int | None) -> int:
    """How many articles a run with ``limit`` will score (for progress)."""
    pending = store.count_unscored(db, model)
    return pending if limit is None else min(pending, limit)


def finish_report(report: ScoreReport, t0: float) -> ScoreReport:
    report.seconds = round(time.perf_counter() - t0, 2)
    log.info("scored %d articles (%d entities, %d failed) with %s in %.1fs", report.scored, report.entities,
             report.skipped, report.model, report.seconds)
    return report


def _score_with(db: sqlite_utils.Database, scorer: ArticleScorer | None, model_dir: str | None,
                progress: Callable[[int, int], None] | None, stop: StopCheck | None,
                cluster: ClusterSession | None) -> ScoreReport:
    """A score run with ``scorer``, else with the installed model here or on the workers of ``cluster``."""
    if scorer is None and cluster is not None:
        from news_sentiment.pipeline.cluster import ScorerSpec, score_on_cluster

        return score_on_cluster(db, cluster.client(), ScorerSpec(model_dir), progress=progress, stop=stop,
                                batch=cluster.options.batch)
    from news_sentiment.nlp.sentiment import Classifier

    return score_articles(db, scorer or Classifier.load(model_dir), progress=progress, stop=stop)


def model_version(model_dir: str | None = None) -> str:
    """The installed sentiment model's version, read from its config without loading it (ModelError if none)."""
    from pathlib import Path

    from news_sentiment.nlp.sentiment import ModelConfig, default_model_dir

    return ModelConfig.load((Path(model_dir) if model_dir else default_model_dir()) / "config.json").version


def score_step(db: sqlite_utils.Database, *, scorer: ArticleScorer | None = None, model_dir: str | None = None,
               progress: Callable[[int, int], None] | None = None, stop: StopCheck | None = None,
               cluster: ClusterSession | None = None) -> StepResult:
    """Score what the model has not scored. Without ``scorer`` the installed model is loaded only when there is
    work (here, or on the workers of ``cluster``); a missing or broken model makes the step ``unavailable``
    (the rest of a run goes on)."""
    t0 = time.perf_counter()
    try:
        if scorer is None and not store.count_unscored(db, model_version(model_dir)):
            return StepResult(Step.SCORE, StepStatus.UNCHANGED, "every article already scored by this model",
                              seconds=time.perf_counter() - t0)
        r = _score_with(db, scorer, model_dir, progress, stop, cluster)
    except ModelError as exc:
        log.warning("sentiment model unavailable: %s", exc)
        return StepResult(Step.SCORE, StepStatus.UNAVAILABLE, f"sentiment model not installed, scoring skipped "
                          f"({exc}; {exc.hint or ''})", errors=[str(exc)], seconds=time.perf_counter() - t0)
    detail = f"{r.scored} articles scored with {r.model}, {r.entities} entity scores"
    if r.skipped:
        detail += f"; {r.skipped} failed: {'; '.join(r.errors[:3])}"
    status = (StepStatus.STOPPED if r.stopped else StepStatus.DONE if r.scored
              else StepStatus.FAILED if r.skipped else StepStatus.UNCHANGED)
    return StepResult(Step.SCORE, status, detail, {"articles": r.scored, "entities": r.entities},
                      skipped=r.skipped, errors=r.errors, seconds=time.perf_counter() - t0)
