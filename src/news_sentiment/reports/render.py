"""Rendering: WeeklyReport → one self-contained HTML page (charts embedded) or Markdown. No store access."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from news_sentiment.reports.charts import Chart, all_charts
from news_sentiment.reports.records import NarrativeRow, WeeklyReport

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


def safe_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None: a feed's ``javascript:`` or ``data:`` link
    never becomes a link in a report."""
    text = str(url or "").strip()
    if not text or any(ord(ch) < 32 for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


# -- HTML (Jinja autoescape on: every feed- or user-supplied value is escaped) -------------------------

def html_link(text: object, url: object) -> Markup:
    """``<a href>`` for a safe URL, else the escaped text alone."""
    href = safe_url(url)
    label = escape("" if text is None else str(text))
    return Markup(f'<a href="{escape(href)}">{label}</a>') if href else label


# -- Markdown: every value printed is escaped (finalize), except MdSafe pieces built here -------------

class MdSafe(str):
    """Markdown built by this module from escaped parts; printed as is."""


# Markdown control characters; '<' only where it could open a tag or autolink, '>' only where it could
# open a block quote (so "p < 0.05" stays readable in a terminal)
# open a block quote (so "p < 0.05" stays readable in a terminal); '_' inside a word (en_core_web_sm)
# cannot emphasise in CommonMark and is left alone
_MD_SPECIAL = re.compile(r"([\\`*\[\]|#~]|(?<![^\W_])_|_(?![^\W_])|<(?=[A-Za-z/!?])|^>)")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_escape(value: object) -> str:
    """Text safe anywhere in a Markdown line or table cell: whitespace (newlines too) collapsed, HTML and
    Markdown control characters backslash-escaped (``<script>`` → ``\\<script>``, ``|`` → ``\\|``),
    entity-like ``&name;`` written as ``&amp;name;``."""
    if isinstance(value, MdSafe):
        return value
    text = re.sub(r"\s+", " ", "" if value is None else str(value))
    return _ENTITY.sub("&amp;", _MD_SPECIAL.sub(r"\\\1", text))


def md_link(text: object, url: object) -> MdSafe:
    """``[text](url)`` for a safe URL (parentheses, spaces and angle brackets percent-encoded), else the text."""
    href = safe_url(url)
    label = md_escape(text)
    if not href:
        return MdSafe(label)
    return MdSafe(f"[{label}]({quote(href, safe=_URL_SAFE)})")


_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"


def trend_line(n: NarrativeRow) -> str:
    """The counts and the test behind a narrative's badge: '1 of 3 articles this week (33%) vs 2 of 3 last
    week · not tested', '12 of 40 articles this week (30%) vs 3 of 38 last week · p = 0.012'."""
    t = n.test
    if t is None:
        return f"{100 * (n.intensity or 0):.0f}% of articles"
    now = f"{t.articles} of {plural(t.week_articles, 'article')} this week ({100 * (t.share or 0):.0f}%)"
    before = f"{t.prev_articles} of {t.prev_week_articles} last week"
    if t.p_value is None:
        test = "not tested"
    else:
        test = "p < 0.001" if t.p_value < 0.001 else f"p = {t.p_value:.3f}"
    return f"{now} vs {before} · {test}"


def _md_finalize(value: object) -> str:
    return md_escape(value)


def cell(value: object) -> str:
    """Text for a Markdown table cell (kept for callers; the Markdown template escapes every value)."""
    return md_escape(value)


def _env(autoescape: bool):  # noqa: ANN202 - jinja2 types
    try:
        import jinja2
    except ImportError as exc:  # pragma: no cover - jinja2 is a dependency
        from news_sentiment.errors import SentimentError

        raise SentimentError("jinja2 is not installed", hint='Reinstall with `pip install -e .`.') from exc
    extra = {} if autoescape else {"finalize": _md_finalize}
    env = jinja2.Environment(loader=jinja2.PackageLoader("news_sentiment.reports", "templates"),
                             autoescape=autoescape, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True, **extra)
    env.filters.update(pct=pct, net=net, when=when, cell=cell)
    env.globals.update(plural=plural, link=html_link if autoescape else md_link, trend_line=trend_line)
    return env


def render_html(report: WeeklyReport, charts: Mapping[str, Chart] | None = None) -> str:
    """One self-contained HTML file: inline CSS, charts as inline SVG (wide and phone renderings), no script,
    no network."""
    charts = all_charts(report, ("html",)) if charts is None else charts
    return _env(True).get_template("report.html.j2").render(r=report, charts=charts)


def render_markdown(report: WeeklyReport, chart_files: Mapping[str, str] | None = None) -> str:
    """Markdown for terminals and email; ``chart_files`` (key → relative path) adds image links."""
    return _env(False).get_template("report.md.j2").render(r=report, charts=chart_files or {})
