"""run_demo(): the whole pipeline, offline, on the shipped demo corpus. Idempotent."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from news_sentiment.config import load_feeds
from news_sentiment.errors import ConfigError, StoreError
from news_sentiment.records import FeedSpec
from news_sentiment.reports.build import ReportResult, build_report
from news_sentiment.reports.data import latest_week
from news_sentiment.store.db import open_db

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
    db_path: Path
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


def _ingest(db: sqlite_utils.Database) -> DemoStep:
    from news_sentiment.ingest import IngestOptions, ingest_feeds

    # one worker: feeds are stored in file order, so which copy of a syndicated story is kept is stable
    report = ingest_feeds(db, demo_feeds(), IngestOptions(fulltext=False, force=True, workers=1))
    new = sum(f.new for f in report.feeds)
    dups = sum(f.duplicates + f.near_duplicates for f in report.feeds)
    errors = [e for f in report.feeds for e in f.errors]
    detail = f"{len(report.feeds)} feeds: {new} new articles, {dups} duplicates folded"
    if errors:
        detail += f"; {len(errors)} errors: {'; '.join(errors[:3])}"
    return DemoStep("ingest", "done" if new else "skipped", detail if new else detail + " (already ingested)")


def _prices(db: sqlite_utils.Database) -> DemoStep:
    from news_sentiment.analysis.prices import import_prices

    r = import_prices(db, DEMO_DIR / "prices.csv", source="demo (synthetic)")
    detail = f"{r.rows} synthetic closes for {len(r.tickers)} tickers ({r.first_date} to {r.last_date}): {r.inserted} new"
    return DemoStep("prices", "done" if r.inserted or r.updated else "skipped", detail)


def _extract(db: sqlite_utils.Database) -> DemoStep:
    from news_sentiment.nlp.extract import EXTRACTOR_VERSION, default_learned_tag, get_extractor
    from news_sentiment.nlp.kb import load_kb
    from news_sentiment.store.extraction import run_extraction

    # Loading spaCy costs seconds: skip it when every article was extracted with this code, modality model and KB.
    left = db.execute(
        "SELECT COUNT(*) FROM articles a WHERE a.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM extractions e "
        "WHERE e.article_id = a.id AND e.content_hash = a.content_hash AND e.extractor_version LIKE ? "
        "AND e.extractor_version LIKE ?)",
        [f"{EXTRACTOR_VERSION}+%", f"%+{default_learned_tag()}+{load_kb().version}"]).fetchone()[0]
    if not left:
        return DemoStep("extract", "skipped", "every article already extracted with this extractor and knowledge base")
    r = run_extraction(db, get_extractor())
    detail = f"{r.articles} articles: {r.mentions} mentions, {r.claims} claims, {r.quotes} quotes ({r.skipped} already done)"
    return DemoStep("extract", "done" if r.articles else "skipped", detail)


def _score(db: sqlite_utils.Database) -> DemoStep:
    from news_sentiment.errors import ModelError
    from news_sentiment.nlp.sentiment import Classifier
    from news_sentiment.store.scores import score_articles

    try:
        clf = Classifier.load()
    except ModelError as exc:
        return DemoStep("score", "unavailable", f"sentiment model not installed, scoring skipped ({exc}; "
                                                f"{exc.hint or ''})")
    r = score_articles(db, clf)
    detail = f"{r.scored} articles scored with {r.model}, {r.entities} entity scores"
    if r.skipped:
        detail += f"; {r.skipped} failed: {'; '.join(r.errors[:3])}"
    return DemoStep("score", "done" if r.scored else "skipped", detail)


def _check(db: sqlite_utils.Database) -> DemoStep:
    from news_sentiment.analysis.checks import check_stored_claims

    ids = [r[0] for r in db.execute("SELECT id FROM claims WHERE id NOT IN (SELECT claim_id FROM claim_checks "
                                    "WHERE status != 'pending')")]  # a pending forecast is due again
    if not ids:
        return DemoStep("check", "skipped", "every claim already checked")
    results = check_stored_claims(db, claim_ids=ids)
    counts: dict[str, int] = {}
    for _, r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    return DemoStep("check", "done", f"{len(results)} claims checked: "
                    + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))


def _narratives(db: sqlite_utils.Database) -> DemoStep:
    from news_sentiment.analysis.narrative_store import update_narratives

    try:
        r = update_narratives(db)
    except ConfigError as exc:  # a missing or broken narratives.yaml: the rest of the demo still runs
        log.warning("narratives unavailable: %s", exc)
        return DemoStep("narratives", "unavailable", f"narratives not updated: {exc}"
                                                     + (f" ({exc.hint})" if exc.hint else ""))
    if r.skipped:
        return DemoStep("narratives", "skipped", f"{r.narratives} narratives, inputs unchanged")
    return DemoStep("narratives", "done", f"{r.narratives} narratives ({r.discovered} discovered) over {r.weeks} weeks")


def run_demo(db_path: str | Path = "demo/demo.db", out_dir: str | Path = "demo/reports", *, tz: str = "UTC",
             progress: Progress | None = None) -> DemoResult:
    """Run every stage on the demo corpus into ``db_path`` and write the latest week's report to ``out_dir``."""
    db_path = Path(db_path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {db_path.parent}: {exc}", hint="Pass --db to a writable location.") from None
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
