"""build_report(): assemble one week, render it, write the files. The one library entry for `sentiment report`."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import sqlite_utils

from news_sentiment.errors import InputError, ModelError, StoreError
from news_sentiment.nlp.kb import KnowledgeBase
from news_sentiment.reports.charts import all_charts
from news_sentiment.reports.data import assemble_report, latest_week
from news_sentiment.reports.records import WeeklyReport
from news_sentiment.reports.render import render_html, render_markdown
from news_sentiment.reports.sentiment import QuoteScorer, classifier_scorer
from news_sentiment.store.read_report import READ_ERRORS

log = logging.getLogger(__name__)

FORMATS = ("html", "md")


@dataclass
class ReportResult:
    """What build_report produced: the report, the files written, and the rendered texts."""

    report: WeeklyReport
    paths: list[Path] = field(default_factory=list)
    html: str | None = None
    markdown: str | None = None
    seconds: float = 0.0


def build_report(db: sqlite_utils.Database, week: str | None, *, tz: str = "UTC", out_dir: str | Path | None = "reports",
                 formats: Sequence[str] = FORMATS, kb: KnowledgeBase | None = None,
                 quote_scorer: QuoteScorer | Literal["auto"] | None = "auto") -> ReportResult:
    """Assemble the report for ISO ``week`` (None: the week of the newest article) and render it in ``formats``.

    With ``out_dir`` the files ``<week>.html`` / ``<week>.md`` (plus the Markdown's chart PNGs) are written
    there and listed in ``paths``; with ``out_dir=None`` nothing is written and the texts are returned.
    ``quote_scorer="auto"`` scores strategists' quotes with the sentiment model when it is installed.
    """
    t0 = time.perf_counter()
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise InputError(f"unknown report format {', '.join(sorted(unknown)) or '(none)'}",
                         hint="Use html, md or both.")
    notes: list[str] = []
    try:
        if week is None:
            week = latest_week(db, tz)
            if week is None:
                raise InputError("the database has no articles to report on",
                                 hint="Run `sentiment ingest` first (or `sentiment demo` to try the tool).")
        scorer = _auto_scorer(notes) if quote_scorer == "auto" else quote_scorer
        report = assemble_report(db, week, tz=tz, kb=kb, quote_scorer=scorer, notes=notes)
    except READ_ERRORS as exc:  # locked, corrupt or unreadable store: say so, never an empty report
        raise StoreError(f"cannot read the store for the report: {exc}",
                         hint="Wait for a running ingest to finish, or check the file with --db PATH.") from exc
    charts = all_charts(report, formats)
    result = ReportResult(report=report)
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create report folder {out}: {exc}", hint="Pass --out to a writable folder.") from None
    label = report.week.label
    if "html" in formats:
        result.html = render_html(report, charts)
        if out is not None:
            result.paths.append(_write(out / f"{label}.html", result.html))
    if "md" in formats:
        files: dict[str, str] = {}
        if out is not None:
            for key, chart in charts.items():
                png = out / f"{label}-{key}.png"
                _write(png, chart.png)
                result.paths.append(png)
                files[key] = png.name
        result.markdown = render_markdown(report, files)
        if out is not None:
            result.paths.append(_write(out / f"{label}.md", result.markdown))
    result.seconds = time.perf_counter() - t0
    log.info("report %s built in %.2fs: %s", label, result.seconds, ", ".join(map(str, result.paths)) or "not written")
    return result


def _auto_scorer(notes: list[str]) -> QuoteScorer | None:
    """The sentiment model for quote stance, or None with a note saying why it could not be loaded."""
    try:
        return classifier_scorer()
    except (ModelError, ImportError) as exc:
        log.warning("sentiment model not available for quote stance: %s", exc)
        notes.append(f"Quotes were not scored: the sentiment model could not be loaded ({exc}).")
        return None


def _write(path: Path, content: str | bytes) -> Path:
    """Write atomically (temp file + rename) so a reader never sees half a report."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        else:
            tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc}", hint="Pass --out to a writable folder.") from None
    return path
