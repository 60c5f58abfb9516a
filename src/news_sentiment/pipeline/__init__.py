"""The service layer that owns runs: each step is a function that reads and writes through the store and
returns a :class:`StepResult`; :func:`update` runs them in order under the store's lock.

The store (``news_sentiment.store``) only reads and writes; analysis and NLP compute.
"""

from news_sentiment.pipeline.extract import ExtractReport, extract_step, run_extraction
from news_sentiment.pipeline.report import WeeklyReportRun, weekly_report
from news_sentiment.pipeline.results import Step, StepResult, StepStatus
from news_sentiment.pipeline.score import ScoreReport, score_articles, score_step
from news_sentiment.pipeline.steps import check_step, ingest_step, narratives_step
from news_sentiment.pipeline.update import StopFlag, UpdateOptions, UpdateResult, run_once, update

__all__ = ["ExtractReport", "ScoreReport", "Step", "StepResult", "StepStatus", "StopFlag", "UpdateOptions",
           "UpdateResult", "WeeklyReportRun", "check_step", "extract_step", "ingest_step", "narratives_step",
           "run_extraction", "run_once", "score_articles", "score_step", "update", "weekly_report"]
