"""run_demo(): the pipeline's steps (news_sentiment.pipeline), offline, on the shipped demo corpus, then the report.
Idempotent."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from news_sentiment.config import load_feeds
from news_sentiment.errors import StoreError
from news_sentiment.pipeline import (Step, StepResult, StepStatus, check_step, extract_step, ingest_step,
                                     narratives_step, score_step)
from news_sentiment.records import FeedSpec
from news_sentiment.reports.build import ReportResult, build_report
from news_sentiment.reports.data import latest_week
from news_sentiment.store.db import open_db
from news_sentiment.store.backend import is_pg_url

log = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).resolve().parent

Progress = Callable[["DemoStep"], None]


@dataclass(frozen=True)
class DemoStep:
    name: str  # ingest | prices | extract | score | check | narratives | report
    status: str  # done | skipped | unavailable
    detail: str


@dataclass
class DemoResult:
    db_path: Path | str  # a file, or a postgresql:// URL
    week: str | None
    steps: list[DemoStep] = field(default_factory=list)
    report: ReportResult | None = None

    @property
    def html(self) -> Path | None:
        return next((p for p in (self.report.paths if self.report else []) if p.suffix == ".html"), None)


def demo_feeds() -> tuple[FeedSpec, ...]:
    """The demo feeds, with their file paths made absolute (they are relative to feeds.yaml)."""
    path = DEMO_DIR / "feeds.yaml"
    return tuple(dataclasses.replace(s, url=str((path.parent / s.url).resolve())) for s in load_feeds(path))


def _demo_step(res: StepResult) -> DemoStep:
    """A pipeline step's result as the demo prints it: done, skipped (nothing new) or unavailable."""
    status = {StepStatus.DONE: "done", StepStatus.UNAVAILABLE: "unavailable"}.get(res.status, "skipped")
    detail = res.detail
    if res.step is Step.INGEST and res.status is StepStatus.UNCHANGED:
        detail += " (already ingested)"
    return DemoStep(str(res.step), status, detail)


def _ingest(db: sqlite_utils.Database) -> DemoStep:
    from news_sentiment.ingest import IngestOptions

    # one worker: feeds are stored in file order, so which copy of a syndicated story is kept is stable
    return _demo_step(ingest_step(db, demo_feeds(), IngestOptions(fulltext=False, force=True, workers=1)))


def _prices(db: sqlite_utils.Database) -> DemoStep:
    from news_sentiment.pipeline.prices import import_prices

    r = import_prices(db, DEMO_DIR / "prices.csv", source="demo (synthetic)")
    detail = f"{r.rows} synthetic closes for {len(r.tickers)} tickers ({r.first_date} to {r.last_date}): {r.inserted} new"
    return DemoStep("prices", "done" if r.inserted or r.updated else "skipped", detail)


def _extract(db: sqlite_utils.Database) -> DemoStep:
    return _demo_step(extract_step(db))


def _score(db: sqlite_utils.Database) -> DemoStep:
    return _demo_step(score_step(db))


def _check(db: sqlite_utils.Database) -> DemoStep:
    return _demo_step(check_step(db))


def _narratives(db: sqlite_utils.Database) -> DemoStep:
    return _demo_step(narratives_step(db))


def run_demo(db_path: str | Path = "demo/demo.db", out_dir: str | Path = "demo/reports", *, tz: str = "UTC",
             progress: Progress | None = None) -> DemoResult:
    """Run every stage on the demo corpus into ``db_path`` and write the latest week's report to ``out_dir``."""
    if not is_pg_url(db_path):
        db_path = Path(db_path)
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {db_path.parent}: {exc}",
                             hint="Pass --db to a writable location.") from None
    db = open_db(db_path)
    result = DemoResult(db_path=db_path, week=None)
    try:
        for stage in (_ingest, _prices, _extract, _score, _check, _narratives):
            step = stage(db)
            result.steps.append(step)
            if progress:
                progress(step)
        result.week = latest_week(db, tz)
        if result.week is None:  # pragma: no cover - the corpus is shipped
            raise StoreError("the demo database has no articles", hint="Delete the demo folder and run again.")
        result.report = build_report(db, result.week, tz=tz, out_dir=out_dir)
        step = DemoStep("report", "done", f"{result.week}: " + ", ".join(str(p) for p in result.report.paths
                                                                            if p.suffix in (".html", ".md")))
        result.steps.append(step)
        if progress:
            progress(step)
    finally:
        db.close()
    return result
