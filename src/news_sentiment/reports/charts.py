"""Charts for the report: matplotlib (Agg, no pyplot state) → PNG bytes. Labelled axes, units in labels."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import timedelta

from news_sentiment.reports.records import WeeklyReport

_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf",
           "#bcbd22")


@dataclass(frozen=True)
class Chart:
    key: str  # file-name part: 'markets'
    title: str
    alt: str  # text alternative: what the chart shows
    png: bytes

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _figure(width: float, height: float):  # noqa: ANN202 - matplotlib types
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig) -> bytes:  # noqa: ANN001
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def markets_chart(report: WeeklyReport) -> Chart | None:
    """Year-to-date return of each basket and index, by day, with the report's week shaded."""
    rows = [r for r in report.markets if len(r.ytd_series) >= 2]
    if not rows:
        return None
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.ticker import PercentFormatter

    fig = _figure(8, 4.4)
    ax = fig.add_subplot()
    for i, r in enumerate(rows):
        xs = [p.day for p in r.ytd_series]
        ys = [100 * p.value for p in r.ytd_series]
        ax.plot(xs, ys, label=r.name, color=_COLORS[i % len(_COLORS)], linewidth=1.8,
                linestyle="-" if r.kind == "basket" else "--")
    wk = report.week
    ax.axvspan(wk.start, wk.end + timedelta(days=1), color="#999999", alpha=0.15, label=f"{wk.label}")
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_ylabel(f"Return since 31 Dec {wk.end.year - 1} (%)")
    ax.set_xlabel(f"Trading day (close, local exchange date), {wk.end.year}")
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.grid(True, alpha=0.3)
    ax.set_title("Baskets (solid) and indices (dashed): year to date")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=8, frameon=False)
    names = ", ".join(f"{r.name} {100 * r.ytd:+.1f}%" for r in rows if r.ytd is not None)
    return Chart("markets", "Year-to-date returns", f"Line chart of year-to-date returns: {names}.", _png(fig))


def sentiment_chart(report: WeeklyReport) -> Chart | None:
    """Net sentiment of baskets and top entities: last week vs this week (horizontal bars)."""
    seen, rows = set(), []
    for r in (*report.basket_sentiment, *report.entity_sentiment):
        if r.name not in seen and (r.this_week is not None or r.last_week is not None):
            seen.add(r.name)
            rows.append(r)
    if not rows:
        return None
    rows = rows[:12]
    fig = _figure(8, 1.2 + 0.42 * len(rows))
    ax = fig.add_subplot()
    ys = list(range(len(rows)))[::-1]
    h = 0.38
    ax.barh([y + h / 2 for y in ys], [r.last_week or 0 for r in rows], height=h, color="#bbbbbb",
            label="last week")
    ax.barh([y - h / 2 for y in ys], [r.this_week or 0 for r in rows], height=h,
            color=["#2ca02c" if (r.this_week or 0) >= 0 else "#d62728" for r in rows], label=report.week.label)
    ax.set_yticks(ys, [f"{r.name} ({r.kind})" for r in rows], fontsize=8)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel("Net sentiment (share positive − share negative, −1 to +1)")
    ax.set_ylabel("Basket or entity")
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Sentiment by basket and top entity, week over week")
    text = "; ".join(f"{r.name} {r.this_week:+.2f}" for r in rows if r.this_week is not None)
    return Chart("sentiment", "Sentiment week over week", f"Bar chart of net sentiment this week: {text}.", _png(fig))


def narratives_chart(report: WeeklyReport) -> Chart | None:
    """Share of the week's articles per narrative, coloured by rising / fading / steady."""
    rows = [n for n in report.narratives if n.intensity is not None]
    if not rows:
        return None
    colors = {"rising": "#2ca02c", "fading": "#d62728", "steady": "#7f7f7f"}
    fig = _figure(8, 1.2 + 0.4 * len(rows))
    ax = fig.add_subplot()
    ys = list(range(len(rows)))[::-1]
    ax.barh(ys, [100 * (n.intensity or 0) for n in rows], color=[colors[n.status] for n in rows])
    ax.set_yticks(ys, [n.name + (" (new)" if n.new else "") for n in rows], fontsize=8)
    ax.set_xlabel("Share of the week's articles (%)")
    ax.set_ylabel("Narrative")
    ax.grid(True, axis="x", alpha=0.3)
    ax.set_title("Narrative intensity (green rising, red fading, grey steady)")
    text = "; ".join(f"{n.name} {100 * (n.intensity or 0):.0f}% ({n.status})" for n in rows)
    return Chart("narratives", "Narrative intensity", f"Bar chart of narrative intensity: {text}.", _png(fig))


def all_charts(report: WeeklyReport) -> dict[str, Chart]:
    charts = {}
    for make in (markets_chart, narratives_chart, sentiment_chart):
        chart = make(report)
        if chart is not None:
            charts[chart.key] = chart
    return charts
