"""Rendering: WeeklyReport → one self-contained HTML page (charts embedded) or Markdown. No store access."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from news_sentiment.reports.charts import Chart, all_charts
from news_sentiment.reports.records import WeeklyReport

MINUS = "−"


def pct(value: float | None, digits: int = 1) -> str:
    """A fraction as a signed percentage: 0.428 → '+42.8%', −0.103 → '−10.3%', None → '–'."""
    if value is None:
        return "–"
    return f"{100 * value:+.{digits}f}%".replace("-", MINUS)


def net(value: float | None) -> str:
    """A net sentiment score: '+0.25', '−0.40', None → '–'."""
    if value is None:
        return "–"
    return f"{value:+.2f}".replace("-", MINUS)


def when(value: datetime | None, fmt: str = "%a %d %b %Y %H:%M") -> str:
    return value.strftime(fmt) if value else "–"


def plural(n: int, word: str) -> str:
    """'1 article', '3 articles'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    text = "" if value is None else str(value)
    return " ".join(text.replace("|", "\\|").split())


def _env(autoescape: bool):  # noqa: ANN202 - jinja2 types
    try:
        import jinja2
    except ImportError as exc:  # pragma: no cover - jinja2 is a dependency
        from news_sentiment.errors import SentimentError

        raise SentimentError("jinja2 is not installed", hint='Reinstall with `pip install -e .`.') from exc
    env = jinja2.Environment(loader=jinja2.PackageLoader("news_sentiment.reports", "templates"),
                             autoescape=autoescape, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters.update(pct=pct, net=net, when=when, cell=cell)
    env.globals.update(plural=plural)
    return env


def render_html(report: WeeklyReport, charts: Mapping[str, Chart] | None = None) -> str:
    """One self-contained HTML file: inline CSS, charts as base64 PNG, no script, no network."""
    charts = all_charts(report) if charts is None else charts
    return _env(True).get_template("report.html.j2").render(r=report, charts=charts)


def render_markdown(report: WeeklyReport, chart_files: Mapping[str, str] | None = None) -> str:
    """Markdown for terminals and email; ``chart_files`` (key → relative path) adds image links."""
    return _env(False).get_template("report.md.j2").render(r=report, charts=chart_files or {})
