"""The ingest, check and narratives steps (extract and score have their own modules)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date

import sqlite_utils

from news_sentiment.errors import ConfigError, ModelError
from news_sentiment.pipeline.results import Step, StepResult, StepStatus
from news_sentiment.records import FeedReport, FeedSpec
from news_sentiment.store import checks as store

log = logging.getLogger(__name__)

ERRORS_SHOWN = 20  # errors a step result carries (all are logged)
_INGEST_COUNTS = ("new", "updated", "duplicates", "near_duplicates", "skipped", "dates_estimated")


def ingest_step(db: sqlite_utils.Database, feeds: Sequence[FeedSpec], options: object | None = None, *,
                progress: Callable[[int, int], None] | None = None) -> StepResult:
    """Fetch the feeds and store new articles (``options``: ``news_sentiment.ingest.IngestOptions``).
    Failed when every feed failed; done when it stored a new or updated article."""
    from news_sentiment.ingest import ingest_feeds

    t0 = time.perf_counter()
    done = 0

    def one(_feed: FeedReport) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(feeds))

    if progress:
        progress(0, len(feeds))
    report = ingest_feeds(db, feeds, options, progress=one)  # type: ignore[arg-type]
    counts = {name: report.total(name) for name in _INGEST_COUNTS}
    errors = [f"{f.name}: {e}" for f in report.feeds for e in f.errors]
    detail = (f"{len(report.feeds)} feeds: {counts['new']} new articles, {counts['updated']} updated, "
              f"{counts['duplicates'] + counts['near_duplicates']} duplicates folded")
    if errors:
        detail += f"; {len(errors)} errors: {'; '.join(errors[:3])}"
    status = (StepStatus.FAILED if not report.ok else
              StepStatus.DONE if counts["new"] + counts["updated"] else StepStatus.UNCHANGED)
    return StepResult(Step.INGEST, status, detail, counts, skipped=counts["skipped"], errors=errors[:ERRORS_SHOWN],
                      seconds=time.perf_counter() - t0)


def check_step(db: sqlite_utils.Database, *, claim_ids: Iterable[int] | None = None, kb: object | None = None,
               as_of: date | None = None) -> StepResult:
    """Check stored claims against prices and store what changed (all claims, or ``claim_ids``).

    Only claims whose check may change are checked: never checked, pending or unverifiable, or checked
    as of an earlier latest close; of those, only checks that came out differently are written, so a
    re-run on the same prices writes nothing. Unavailable when no prices are stored (the claims stay
    "not checked", not "unverifiable")."""
    from news_sentiment.analysis.checks import ClaimChecker
    from news_sentiment.nlp.kb import load_kb
    from news_sentiment.pipeline.prices import price_book

    t0 = time.perf_counter()
    latest = store.latest_close(db)
    if latest is None:
        return StepResult(Step.CHECK, StepStatus.UNAVAILABLE, "no prices stored: claims not checked "
                          "(import closes with `sentiment prices import`)", seconds=time.perf_counter() - t0)
    day = as_of.isoformat() if as_of else latest
    claims = store.claims_for_check(db, claim_ids, due_as_of=day)
    if not claims:
        return StepResult(Step.CHECK, StepStatus.UNCHANGED, f"every claim already checked as of {day}",
                          seconds=time.perf_counter() - t0)
    checker = ClaimChecker(price_book(db), kb or load_kb(), as_of)  # type: ignore[arg-type]
    results = [checker.check(c, c["id"]) for c in claims]
    written = store.write_checks(db, results, only_changed=True)
    counts: dict[str, int] = {"checked": len(results), "changed": written}
    for r in results:
        counts[str(r.status)] = counts.get(str(r.status), 0) + 1
    by_status = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()) if k not in ("checked", "changed"))
    return StepResult(Step.CHECK, StepStatus.DONE if written else StepStatus.UNCHANGED,
                      f"{len(results)} claims checked, {written} changed: {by_status}", counts,
                      seconds=time.perf_counter() - t0)


def narratives_step(db: sqlite_utils.Database, config: str | None = None) -> StepResult:
    """Recompute narratives when their inputs changed. A missing or broken narratives config (or encoder) makes the step
    ``unavailable`` (the rest of a run goes on); any other error is a bug and propagates."""
    from news_sentiment.pipeline import narratives

    t0 = time.perf_counter()
    try:
        r = narratives.update_narratives(db, config)
    except (ConfigError, ModelError) as exc:  # a broken narratives file, encoder or heads: the rest goes on
        log.warning("narratives unavailable: %s", exc)
        return StepResult(Step.NARRATIVES, StepStatus.UNAVAILABLE, f"narratives not updated: {exc}"
                          + (f" ({exc.hint})" if exc.hint else ""), errors=[str(exc)],
                          seconds=time.perf_counter() - t0)
    counts = {"narratives": r.narratives, "discovered": r.discovered, "weeks": r.weeks, "articles": r.articles,
              "weeks_computed": r.weeks_computed, "embedded": r.embedded}
    if r.skipped:
        return StepResult(Step.NARRATIVES, StepStatus.UNCHANGED, f"{r.narratives} narratives, inputs unchanged",
                          counts, seconds=time.perf_counter() - t0)
    return StepResult(Step.NARRATIVES, StepStatus.DONE, f"{r.narratives} narratives ({r.discovered} discovered) "
                      f"over {r.weeks} weeks ({r.weeks_computed} computed, {r.embedded} articles embedded)", counts,
                      seconds=time.perf_counter() - t0)
