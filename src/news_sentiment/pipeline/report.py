"""The weekly report as a run: check the week's claims against prices first, then build the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from news_sentiment.pipeline.results import StepResult
from news_sentiment.pipeline.steps import check_step
from news_sentiment.store.checks import claim_ids_published


@dataclass
class WeeklyReportRun:
    """The report, and the check of the week's claims made for it (None: the week has no claims)."""

    report: object  # news_sentiment.reports.build.ReportResult
    check: StepResult | None


def weekly_report(db: sqlite_utils.Database, week: str | None, *, tz: str = "UTC",
                  out_dir: str | Path | None = "reports", formats: Sequence[str] = ("html", "md")) -> WeeklyReportRun:
    """Check the week's claims against stored prices (only checks that change are written; with no prices
    stored they stay "not checked"), then build the report for ISO ``week`` (None: the week of the newest
    article)."""
    from news_sentiment.reports.build import build_report
    from news_sentiment.reports.data import latest_week
    from news_sentiment.reports.weeks import bounds, parse_week

    label = week or latest_week(db, tz)
    check = None
    if label is not None:
        ids = claim_ids_published(db, *bounds(parse_week(label, tz)))
        check = check_step(db, claim_ids=ids) if ids else None
    return WeeklyReportRun(build_report(db, label, tz=tz, out_dir=out_dir, formats=formats), check)
