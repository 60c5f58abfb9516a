"""Rendering: WeeklyReport → one self-contained HTML page (charts embedded) or Markdown. No store access."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from news_sentiment.analysis.narratives import SHIFT_ALPHA
from news_sentiment.reports.charts import Chart, all_charts
from news_sentiment.reports.records import Badge, NarrativeRow, WeeklyReport

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


def _pct1(value: float) -> str:
    """A fraction as an unsigned percentage with one decimal, no sign: 0.0612 → '6.1'."""
    return f"{100 * value:.1f}"


def intensity_line(n: NarrativeRow) -> str:
    """Articles carrying the narrative out of all the week's, with the stored share and its 95 % interval:
    '12 of 40 articles (30.0 %, 95 % CI 18.1–45.4 %)'."""
    share = n.intensity if n.intensity is not None else (n.articles / n.week_articles if n.week_articles else None)
    counts = f"{n.articles} of {plural(n.week_articles, 'article')}"
    if share is None:
        return counts
    if n.share_low is None or n.share_high is None:
        return f"{counts} ({_pct1(share)} %, no interval stored)"
    return f"{counts} ({_pct1(share)} %, 95 % CI {_pct1(n.share_low)}–{_pct1(n.share_high)} %)"


def p_text(p: float, alpha: float = SHIFT_ALPHA) -> str:
    """A p-value in three significant digits ('p 0.0312', 'p < 0.001'), never rounded up to ``alpha`` or past
    it when it is below."""
    if p < 0.001:
        return "p < 0.001"
    text = f"{p:.3g}"
    return f"p < {alpha:g}" if p < alpha <= float(text) else f"p {text}"


def shift_line(n: NarrativeRow) -> str:
    """The stored shift test behind the badge: 'z +2.7, p 0.00693 vs 4 earlier weeks (two-proportion z-test vs
    the previous 4 weeks)', or why there is none: 'no shift test: too few articles (...)'."""
    if n.status is Badge.NOT_STORED:
        return ("status not stored: this week was computed before statuses were stored; re-run sentiment "
                "narratives to store it")
    if n.shift is None:
        return f"no shift test: {n.shift_test or 'no reason stored'}"
    z = f"z {n.shift:+.1f}".replace("-", MINUS)
    p = f", {p_text(n.shift_p)}" if n.shift_p is not None else ""
    return f"{z}{p} vs {plural(n.shift_history, 'earlier week')} ({n.shift_test or 'test not stored'})"


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
    env.globals.update(plural=plural, link=html_link if autoescape else md_link, intensity_line=intensity_line,
                       shift_line=shift_line)
    return env


def render_html(report: WeeklyReport, charts: Mapping[str, Chart] | None = None) -> str:
    """One self-contained HTML file: inline CSS, charts as inline SVG (wide and phone renderings), no script,
    no network."""
    charts = all_charts(report, ("html",)) if charts is None else charts
    return _env(True).get_template("report.html.j2").render(r=report, charts=charts)


def render_markdown(report: WeeklyReport, chart_files: Mapping[str, str] | None = None) -> str:
    """Markdown for terminals and email; ``chart_files`` (key → relative path) adds image links."""
    return _env(False).get_template("report.md.j2").render(r=report, charts=chart_files or {})
