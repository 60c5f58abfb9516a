"""Charts for the report: matplotlib (Agg, no pyplot state). Labelled axes, units in labels.

Each chart is drawn twice, for the width it is read at, so its text is never scaled below its set size:
``WIDE`` (720 px) for desktops and the Markdown PNG, ``NARROW`` (360 px) for phones. The HTML report
inlines both as SVG with real ``<text>`` (fonts in px, at least ``MIN_FONT_PX``) and shows one by CSS
width; Markdown links the wide PNG. Legends sit outside the plotting area, so they never cover data.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import timedelta

from news_sentiment.reports.records import Badge, WeeklyReport

_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf",
           "#bcbd22")
POS, NEG = "#2ca02c", "#d62728"
FORMATS = ("html", "md")
MIN_FONT_PX = 11  # every chart text, in px at the chart's own width
BADGE_COLORS = {Badge.RISING: "#2ca02c", Badge.NEW: "#8250df", Badge.FADING: "#d62728", Badge.RETIRED: "#8c564b",
                Badge.STEADY: "#7f7f7f", Badge.UNTESTED: "#c9ccd1", Badge.NOT_STORED: "#e8e8e8"}


@dataclass(frozen=True)
class Layout:
    """One rendering width: figure size in inches at 72 user units (= CSS px at scale 1) per inch."""

    name: str
    width: float  # inches
    font: int  # px for ticks, labels and legend
    wrap: int  # characters per line for long category labels
    legend_cols: int


WIDE = Layout("wide", 10.0, MIN_FONT_PX, 40, 4)
NARROW = Layout("narrow", 5.0, MIN_FONT_PX, 16, 2)


@dataclass(frozen=True)
class Chart:
    key: str  # file-name part: 'markets'
    title: str
    alt: str  # text alternative: what the chart shows
    png: bytes = b""  # wide, for Markdown (only when Markdown is rendered)
    svg_wide: str = ""  # inline SVG for the HTML report (only when HTML is rendered)
    svg_narrow: str = ""


def _t(text: str) -> str:
    """Label text shown literally: a '$' in a name must not start matplotlib's mathtext."""
    return text.replace("$", r"\$")


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(_t(text), width, break_on_hyphens=False)) or _t(text)


def _figure(layout: Layout, height: float):  # noqa: ANN202 - matplotlib types
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(layout.width, height), dpi=72, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig) -> bytes:  # noqa: ANN001
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    return buf.getvalue()


_XML_HEAD = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")


def _svg(fig, cls: str, label: str) -> str:  # noqa: ANN001
    """The figure as an inline <svg>: real text (no glyph paths), no XML prologue or metadata, ids kept
    only where referenced (several charts share one page), sized by CSS up to its natural width."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg")
    svg = _METADATA.sub("", _XML_HEAD.sub("", buf.getvalue(), count=1))
    refs = set(re.findall(r"#([\w.-]+)", svg))
    svg = re.sub(r' id="([^"]+)"', lambda m: m.group(0) if m.group(1) in refs else "", svg)
    from markupsafe import escape

    def opening(m: re.Match[str]) -> str:
        attrs = m.group(1)
        width = re.search(r'\swidth="([\d.]+)pt"', attrs)
        attrs = re.sub(r'\s(?:width|height)="[^"]*"', "", attrs)
        max_width = f' style="max-width:{float(width.group(1)):.0f}px"' if width else ""
        return f'<svg class="chart {cls}" role="img" aria-label="{escape(label)}"{max_width}{attrs}>'

    return _SVG_OPEN.sub(opening, svg, count=1)


def _legend_below(fig, layout: Layout, **kw) -> None:  # noqa: ANN001
    fig.legend(loc="outside lower center", ncol=layout.legend_cols, fontsize=layout.font, frameon=False, **kw)


def markets_figure(report: WeeklyReport, layout: Layout = WIDE):  # noqa: ANN201 - matplotlib Figure
    """Year-to-date return of each basket and index, by day, with the report's week shaded."""
    rows = [r for r in report.markets if len(r.ytd_series) >= 2]
    if not rows:
        return None
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, MonthLocator
    from matplotlib.ticker import PercentFormatter

    narrow = layout is NARROW
    fig = _figure(layout, 4.9 if narrow else 4.6)
    ax = fig.add_subplot()
    for i, r in enumerate(rows):
        xs = [p.day for p in r.ytd_series]
        ys = [100 * p.value for p in r.ytd_series]
        ax.plot(xs, ys, label=_t(r.name), color=_COLORS[i % len(_COLORS)], linewidth=1.8,
                linestyle="-" if r.kind == "basket" else "--")
    wk = report.week
    ax.axvspan(wk.start, wk.end + timedelta(days=1), color="#999999", alpha=0.15, label=f"{wk.label}")
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_ylabel("YTD return (%)" if narrow else f"Return since 31 Dec {wk.end.year - 1} (%)", fontsize=layout.font)
    ax.set_xlabel(f"{wk.end.year}, daily closes" if narrow else
                  f"Trading day (close, local exchange date), {wk.end.year}", fontsize=layout.font)
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    locator = MonthLocator() if narrow else AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    # no offset text: the year is in the axis label (the offset drew a stray "2025-Mar" in the corner)
    formatter = ConciseDateFormatter(locator, show_offset=False)
    formatter.zero_formats[1] = "%b"  # 1 January is "Jan", not the year (the axis label names it)
    ax.xaxis.set_major_formatter(formatter)
    ax.tick_params(labelsize=layout.font)
    ax.grid(True, alpha=0.3)
    if layout is WIDE:
        ax.set_title("Baskets (solid) and indices (dashed): year to date", fontsize=layout.font + 1)
    _legend_below(fig, layout)
    return fig


def sentiment_figure(report: WeeklyReport, layout: Layout = WIDE):  # noqa: ANN201
    """Net sentiment of baskets and top entities: last week vs this week (horizontal bars)."""
    rows = [r for r in (*report.basket_sentiment, *report.entity_sentiment)
            if r.this_week is not None or r.last_week is not None][:12]
    if not rows:
        return None
    from matplotlib.patches import Patch

    labels = [_wrap(f"{r.name} ({r.kind})", layout.wrap) for r in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = _figure(layout, 1.9 + 0.26 * lines + 0.2 * len(rows))
    ax = fig.add_subplot()
    ys = list(range(len(rows)))[::-1]
    h = 0.38
    ax.barh([y + h / 2 for y in ys], [r.last_week or 0 for r in rows], height=h, color="#bbbbbb")
    ax.barh([y - h / 2 for y in ys], [r.this_week or 0 for r in rows], height=h,
            color=[POS if (r.this_week or 0) >= 0 else NEG for r in rows])
    ax.set_yticks(ys, labels, fontsize=layout.font)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.tick_params(labelsize=layout.font)
    ax.set_xlabel("Net sentiment (positive − negative)" if layout is NARROW else
                  "Net sentiment (share positive − share negative, −1 to +1)", fontsize=layout.font)
    ax.grid(True, axis="x", alpha=0.3)
    if layout is WIDE:
        ax.set_title("Sentiment by basket and top entity, week over week", fontsize=layout.font + 1)
    _legend_below(fig, layout, handles=[Patch(color="#bbbbbb", label="last week"),
                                        Patch(color=POS, label=f"{report.week.label} ≥ 0"),
                                        Patch(color=NEG, label=f"{report.week.label} < 0")])
    return fig


def narratives_figure(report: WeeklyReport, layout: Layout = WIDE):  # noqa: ANN201
    """Share of the week's articles per narrative, coloured by its badge (the stored status, see Badge)."""
    rows = [n for n in report.narratives if n.intensity is not None]
    if not rows:
        return None
    from matplotlib.patches import Patch

    labels = [_wrap(n.name + (" (new)" if n.new else ""), layout.wrap) for n in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = _figure(layout, 1.7 + 0.26 * lines + 0.15 * len(rows))
    ax = fig.add_subplot()
    ys = list(range(len(rows)))[::-1]
    ax.barh(ys, [100 * (n.intensity or 0) for n in rows], color=[BADGE_COLORS[n.status] for n in rows])
    ax.set_yticks(ys, labels, fontsize=layout.font)
    ax.tick_params(labelsize=layout.font)
    ax.set_xlabel("Share of the week's articles (%)", fontsize=layout.font)
    ax.grid(True, axis="x", alpha=0.3)
    if layout is WIDE:
        ax.set_title("Narrative intensity", fontsize=layout.font + 1)
    present = [b for b in Badge if any(n.status is b for n in rows)]
    _legend_below(fig, layout, handles=[Patch(color=BADGE_COLORS[b], label=b.value) for b in present])
    return fig


def _chart(key: str, title: str, alt: str, make: Callable, report: WeeklyReport,  # type: ignore[type-arg]
           formats: Collection[str]) -> Chart | None:
    wide = make(report, WIDE)
    if wide is None:
        return None
    png = _png(wide) if "md" in formats else b""
    if "html" not in formats:
        return Chart(key, title, alt, png)
    return Chart(key, title, alt, png, _svg(wide, "wide", alt), _svg(make(report, NARROW), "narrow", alt))


def markets_chart(report: WeeklyReport, formats: Collection[str] = FORMATS) -> Chart | None:
    rows = [r for r in report.markets if len(r.ytd_series) >= 2]
    names = ", ".join(f"{r.name} {100 * r.ytd:+.1f}%" for r in rows if r.ytd is not None)
    return _chart("markets", "Year-to-date returns", f"Line chart of year-to-date returns: {names}.",
                  markets_figure, report, formats)


def sentiment_chart(report: WeeklyReport, formats: Collection[str] = FORMATS) -> Chart | None:
    rows = [*report.basket_sentiment, *report.entity_sentiment][:12]
    text = "; ".join(f"{r.name} {r.this_week:+.2f}" for r in rows if r.this_week is not None)
    return _chart("sentiment", "Sentiment week over week", f"Bar chart of net sentiment this week: {text}.",
                  sentiment_figure, report, formats)


def narratives_chart(report: WeeklyReport, formats: Collection[str] = FORMATS) -> Chart | None:
    rows = [n for n in report.narratives if n.intensity is not None]
    text = "; ".join(f"{n.name} {100 * (n.intensity or 0):.0f}% ({n.status.value})" for n in rows)
    return _chart("narratives", "Narrative intensity", f"Bar chart of narrative intensity: {text}.",
                  narratives_figure, report, formats)


def all_charts(report: WeeklyReport, formats: Collection[str] = FORMATS) -> dict[str, Chart]:
    """The report's charts, rendered for ``formats``: 'html' (inline SVG, wide and narrow), 'md' (PNG)."""
    charts = {}
    for make in (markets_chart, narratives_chart, sentiment_chart):
        chart = make(report, formats)
        if chart is not None:
            charts[chart.key] = chart
    return charts
