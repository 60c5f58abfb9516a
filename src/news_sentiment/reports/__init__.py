"""Weekly reports: assembly (``data``) and rendering (``render``, ``charts``, templates) kept apart."""

from news_sentiment.reports.build import ReportResult, build_report
from news_sentiment.reports.data import assemble_report, latest_week
from news_sentiment.reports.records import WeeklyReport

__all__ = ["ReportResult", "WeeklyReport", "assemble_report", "build_report", "latest_week"]
