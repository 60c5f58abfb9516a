"""Issue 15, reports: outputs that cannot mislead.

Claims shown in the words they were written in, one sentiment row per entity, narrative badges that are the
status `sentiment narratives` stored (the report and the CLI say the same thing), precise notes on missing
prices, sources named as in feeds.yaml, feed text escaped in HTML and Markdown, charts without stray labels or legends over data, no swallowed errors.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sqlite3
from html.parser import HTMLParser

import pytest
import sqlite_utils
from click.testing import CliRunner

from news_sentiment.analysis import narratives as analysis_narratives
from news_sentiment.analysis.checks import judge
from news_sentiment.cli import cli
from news_sentiment.demo import DEMO_DIR
from news_sentiment.errors import ConfigError, ModelError, StoreError
from news_sentiment.reports import assemble_report, build_report
from news_sentiment.reports import build as build_mod
from news_sentiment.reports import data as data_mod
from news_sentiment.reports.charts import NARROW, WIDE, all_charts, markets_figure, narratives_figure, sentiment_figure
from news_sentiment.reports.claims import claim_verdict, format_figure
from news_sentiment.reports.narratives import badge_of, week_narratives
from news_sentiment.reports.records import Badge
from news_sentiment.reports.render import md_escape, render_html, render_markdown, safe_url
from news_sentiment.reports.weeks import parse_week

HOSTILE = "<script>alert(1)</script> | *bold*"


# -- helpers ----------------------------------------------------------------------------------------

def _read_words(words: str, actual: float) -> bool:
    """An independent reading of 'down more than 15%': is it true of the actual signed move (in %)?"""
    m = re.fullmatch(r"(up|down) (more than|at least|less than) ([\d.]+)%", words)
    assert m, words
    move = actual if m.group(1) == "up" else -actual
    figure = float(m.group(3))
    return {"more than": move > figure, "at least": move >= figure, "less than": 0 <= move < figure}[m.group(2)]


def _wilson(k: int, n: int) -> tuple[float, float]:
    """The 95 % Wilson score interval of k in n, by hand (z = 1.959964, the 97.5th normal percentile)."""
    z = 1.959964
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _z_test(k1: int, n1: int, k0: int, n0: int) -> tuple[float, float]:
    """The pooled two-proportion z-test by hand: z and its two-sided p (erfc of |z| / sqrt 2)."""
    pooled = (k1 + k0) / (n1 + n0)
    z = (k1 / n1 - k0 / n0) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    return z, math.erfc(abs(z) / math.sqrt(2))


def _cli_rows(db_path, week: str = "2025-W10") -> dict[str, dict]:
    """`sentiment narratives --week W --no-update --format json`, by narrative name."""
    res = CliRunner().invoke(cli, ["narratives", "--week", week, "--no-update", "--db", str(db_path),
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    return {r["narrative"]: r for r in json.loads(res.stdout)}


def _cli_badge(row: dict) -> str:
    """What the CLI's row says, in the report's words: its status; a steady row without a shift was not tested."""
    if row["status"] is None:
        return "status not stored"
    return "untested" if row["status"] == "steady" and row["shift"] is None else row["status"]


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def _score(db: sqlite_utils.Database, model: str = "test-model") -> None:
    """Synthetic scores: every article positive, Nvidia negative at entity level."""
    db.execute("DELETE FROM entity_sentiment")
    db.execute("DELETE FROM article_sentiment")
    for (aid,) in db.execute("SELECT id FROM articles WHERE duplicate_of IS NULL").fetchall():
        db.execute("INSERT INTO article_sentiment (article_id, model, label, negative, neutral, positive, sentences, "
                   "scored_at) VALUES (?, ?, 'positive', 0.1, 0.3, 0.6, 5, '2025-03-10T00:00:00+00:00')", [aid, model])
    for (aid,) in db.execute("SELECT DISTINCT m.article_id FROM mentions m JOIN entities e ON e.id = m.entity_id "
                             "WHERE e.name = 'Nvidia'").fetchall():
        db.execute("INSERT INTO entity_sentiment (article_id, entity, model, label, negative, neutral, positive, "
                   "sentences, target_absent, scored_at) VALUES (?, 'Nvidia', ?, 'negative', 0.7, 0.2, 0.1, 2, 0, "
                   "'2025-03-10T00:00:00+00:00')", [aid, model])


def _demo_prices() -> tuple[str, str, int]:
    with (DEMO_DIR / "prices.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return min(r["date"] for r in rows), max(r["date"] for r in rows), len({r["ticker"] for r in rows})


# -- 1. claims shown as written ----------------------------------------------------------------------

def test_a_down_claim_reads_as_written_and_its_contradiction_is_evident():
    words = format_figure(15, None, "percent", None, "more_than", "down")
    assert words == "down more than 15%"
    assert judge(15, -7.8679, "more_than", "down") == "contradicted"
    assert _read_words(words, -7.8679) is False  # the words are false of −7.9 %, as the status says
    # the old rendering "more than −15%" was true of −7.9 % (−7.9 > −15) beside a "contradicted" badge
    assert claim_verdict("contradicted", 15, None, "percent", "more_than", "down", -7.8679) == \
        "short of the 15% claimed"
    assert claim_verdict("contradicted", 20, None, "percent", "more_than", "down", 2.5) == "moved up, not down"
    assert claim_verdict("confirmed", 20, None, "percent", "more_than", "up", 22.1) is None


@pytest.mark.parametrize("comparator", ["more_than", "at_least", "less_than"])
@pytest.mark.parametrize("direction", ["up", "down"])
def test_claim_words_agree_with_every_check_status(comparator, direction):
    """Over a grid of claims and actual moves: a contradicted claim's words are false of the actual figure,
    a confirmed claim's words true of it within the check's documented slack (max(0.5, 5 %) points)."""
    for value in (5.0, 15.0, 40.0):
        words = format_figure(value, None, "percent", None, comparator, direction)
        slack = max(0.5, 0.05 * value)
        for actual in (x / 4 for x in range(-240, 241)):
            status = judge(value, actual, comparator, direction)
            if status == "contradicted":
                assert not _read_words(words, actual), (words, actual)
            elif status == "confirmed":
                sign = 1 if direction == "up" else -1
                assert any(_read_words(words, actual + sign * d) for d in (-slack, 0, slack)), (words, actual)


def test_claims_table_shows_words_actual_and_phrase(demo_db):
    md = render_markdown(assemble_report(demo_db, "2025-W10", quote_scorer=None))
    row = next(line for line in md.splitlines() if line.startswith("| Nasdaq 100 |"))
    cells = [c.strip() for c in row.strip("|").split(" | ")]
    assert cells[1] == "down more than 15% (“down more than 15% this year”)"
    assert cells[4].startswith("**contradicted** actual: down 7.9%, short of the 15% claimed")
    assert "−15%" not in md


# -- 2. one sentiment row per entity -----------------------------------------------------------------

def test_sentiment_table_lists_each_entity_once_and_says_what_it_counts(scratch_db):
    _score(scratch_db)
    rep = assemble_report(scratch_db, "2025-W10", quote_scorer=None)
    md = render_markdown(rep)
    table = md.split("## Sentiment")[1].split("## Claims")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| Basket")]
    labels = [r.split(" | ")[0] for r in rows]
    assert len(labels) == len(set(labels)) and "| Magnificent Seven (basket)" in labels
    assert "| Basket / entity | What is counted |" in table
    mag7 = next(r for r in rows if r.startswith("| Magnificent Seven (basket)"))
    assert "| articles naming it or any of its 7 members |" in mag7
    assert next(r for r in rows if r.startswith("| Nvidia (company)")).split(" | ")[1] == "articles naming it"
    # the basket row counts the articles (all scored here) naming the basket or a member, this week and last
    def count(start: str, end: str) -> int:
        return scratch_db.execute(
            "SELECT COUNT(DISTINCT a.id) FROM articles a JOIN mentions m ON m.article_id = a.id "
            "JOIN entities e ON e.id = m.entity_id WHERE a.duplicate_of IS NULL AND a.published >= ? "
            "AND a.published < ? AND e.name IN ('Magnificent Seven', 'Apple', 'Microsoft', 'Nvidia', 'Amazon', "
            "'Alphabet', 'Meta', 'Tesla')", [start, end]).fetchone()[0]

    now, before = count("2025-03-03", "2025-03-10"), count("2025-02-24", "2025-03-03")
    assert now and mag7.rstrip().endswith(f"| {now} / {before} |")


# -- 3. narrative badges are the stored status: the report and the CLI say the same thing ------------

@pytest.mark.parametrize("status, shift, badge", [
    ("rising", 2.5, Badge.RISING), ("fading", -2.5, Badge.FADING), ("fading", None, Badge.FADING),
    ("new", None, Badge.NEW), ("retired", None, Badge.RETIRED), ("steady", 0.4, Badge.STEADY),
    ("steady", None, Badge.UNTESTED), (None, None, Badge.NOT_STORED), (None, 1.0, Badge.NOT_STORED),
])
def test_a_badge_is_the_stored_status(status, shift, badge):
    assert badge_of(status, shift) is badge
    if status is not None:  # the report's words are the analysis' words
        assert badge.value == ("untested" if badge is Badge.UNTESTED else analysis_narratives.Status(status).value)


def test_the_legend_states_the_stored_definitions():
    rule = data_mod.BADGE_RULE
    a = analysis_narratives
    assert a.SHIFT_TEST in rule and f"p < {a.SHIFT_ALPHA:g}" in rule
    assert f"at least {a.MIN_WEEK_ARTICLES} articles, the previous {a.SHIFT_WINDOW} weeks together" in rule
    assert f"at least {a.MIN_NARRATIVE_ARTICLES} across them" in rule
    assert "Fisher" not in rule and "last week" not in rule


def test_demo_weeks_of_three_articles_are_untested_as_the_cli_says(demo_db, demo_db_path):
    rep = assemble_report(demo_db, "2025-W10", quote_scorer=None)
    if not rep.narratives:
        pytest.skip("narratives did not run for the demo")
    cli_rows = _cli_rows(demo_db_path)
    md, html = render_markdown(rep), render_html(rep)
    section = html.split('<section id="narratives">')[1].split("</section>")[0]
    assert 'class="badge rising"' not in section and 'class="badge fading"' not in section
    for n in rep.narratives:
        row = cli_rows[n.name]
        assert n.status.value == _cli_badge(row) and n.articles == row["articles"]
        lo, hi = _wilson(n.articles, 3)  # 3 articles a week in the demo
        assert (n.share_low, n.share_high) == (pytest.approx(lo, abs=1e-9), pytest.approx(hi, abs=1e-9))
        assert (row["share_low_pct"], row["share_high_pct"]) == (round(100 * lo, 2), round(100 * hi, 2))
        line = f"{n.articles} of 3 articles ({_pct(n.articles / 3)} %, 95 % CI {_pct(lo)}–{_pct(hi)} %)"
        assert line in md and line in section
        assert f"<h3>{n.name} <span class=\"badge {n.status.name.lower()}\">{n.status.value}</span></h3>" in section
        if n.status is Badge.UNTESTED:  # the stored reason, not a claim of "steady"
            assert row["shift"] is None and row["shift_test"].startswith("too few articles")
            assert f"### {md_escape(n.name)} — untested" in md
    reason = ("no shift test: too few articles (needs 20 in the week and before, 10 in the narrative)")
    assert reason in md and analysis_narratives.SHIFT_TEST in section and "Fisher" not in md


# one week of 40 articles, after three stored weeks of 40 (120 articles): narrative -> (role, k this week,
# k in the three weeks before, status the narrative run would store, source)
SCENARIO = [
    ("rising", 20, 12, "rising", "config"),
    ("rising later", 12, 12, "rising", "config"),
    ("new, configured", 3, 0, "new", "config"),
    ("new, discovered", 6, 0, "new", "discovered"),
    ("fading", 2, 30, "fading", "config"),
    ("fading out", 0, 0, "fading", "discovered"),  # a discovered narrative without a cluster this week
    ("steady", 4, 15, "steady", "config"),
    ("untested", 1, 2, "steady", "config"),
    ("not stored", 4, 4, None, "config"),
    ("quiet", 0, 0, "steady", "config"),  # no articles and steady: not shown
]


def _store_scenario(db: sqlite_utils.Database) -> dict[str, dict]:
    """Rewrite the demo's 2025-W10 rows as the SCENARIO, with shifts and intervals computed by hand; the stored
    rows by role."""
    ids = [r[0] for r in db.execute("SELECT narrative_id FROM narrative_weeks WHERE week = '2025-W10' "
                                    "ORDER BY narrative_id").fetchall()]
    assert len(ids) >= len(SCENARIO), "the demo stores fewer narratives than the scenario needs"
    db.execute("DELETE FROM narrative_weeks WHERE week = '2025-W10' AND narrative_id NOT IN "
               f"({','.join('?' * len(SCENARIO))})", ids[:len(SCENARIO)])
    out = {}
    for nid, (role, k, k0, status, source) in zip(ids, SCENARIO):
        lo, hi = _wilson(k, 40)
        tested = role not in ("untested", "new, configured", "new, discovered", "fading out", "quiet")
        z, p = _z_test(k, 40, k0, 120) if tested else (None, None)
        test = "two-proportion z-test vs the previous 4 weeks" if tested else \
            "too few articles (needs 20 in the week and before, 10 in the narrative)"
        db.execute("UPDATE narratives SET name = ?, source = ? WHERE id = ?", [f"Narrative {role}", source, nid])
        db.execute("UPDATE narrative_weeks SET articles = ?, article_share = ?, share_low = ?, share_high = ?, "
                   "shift = ?, shift_p = ?, shift_test = ?, shift_history = 3, status = ? "
                   "WHERE narrative_id = ? AND week = '2025-W10'", [k, k / 40, lo, hi, z, p, test, status, nid])
        out[role] = {"name": f"Narrative {role}", "k": k, "low": lo, "high": hi, "z": z, "p": p, "test": test}
    return out


def test_a_tested_week_shows_the_stored_status_interval_and_shift(scratch_db, tmp_path):
    stored = _store_scenario(scratch_db)
    # the scenario is what the stored definitions give: p < 0.05 up is rising, down fading, else steady
    assert stored["rising"]["p"] < stored["rising later"]["p"] < 0.05 < stored["steady"]["p"]
    assert stored["rising later"]["z"] > 0 > stored["fading"]["z"] and stored["fading"]["p"] < 0.05
    rows = week_narratives(scratch_db, parse_week("2025-W10"), limit=20)
    assert [n.name for n in rows] == [f"Narrative {role}" for role in (
        "rising", "rising later", "new, discovered", "new, configured", "fading", "fading out", "steady",
        "untested", "not stored")]  # rising by p, then new (by share), fading, steady, untested; not "quiet"
    assert week_narratives(scratch_db, parse_week("2025-W10"), limit=3) == rows[:3]
    cli_rows = _cli_rows(tmp_path / "scratch.db")
    assert all(n.status.value == _cli_badge(cli_rows[n.name]) for n in rows)
    rising = rows[0]
    s = stored["rising"]
    assert (rising.articles, rising.week_articles, rising.shift_history) == (20, 40, 3)
    assert (rising.shift, rising.shift_p) == (pytest.approx(s["z"], rel=1e-12), pytest.approx(s["p"], rel=1e-12))
    assert cli_rows[rising.name]["shift_p"] == round(s["p"], 4)

    rep = assemble_report(scratch_db, "2025-W10", quote_scorer=None)
    assert rep.narratives == rows[:8]
    md, html = render_markdown(rep), render_html(rep)
    assert "### Narrative rising — rising" in md
    assert md.index("### Narrative rising —") < md.index("### Narrative steady —")
    assert (f"20 of 40 articles ({_pct(0.5)} %, 95 % CI {_pct(s['low'])}–{_pct(s['high'])} %)") in md
    p_words = f"p {s['p']:.3g}" if s["p"] >= 0.001 else "p < 0.001"
    assert f"z +{s['z']:.1f}, {p_words} vs 3 earlier weeks (two-proportion z-test vs the previous 4 weeks)" in md
    steady = stored["steady"]
    assert f"z −{abs(steady['z']):.1f}, p {steady['p']:.3g} vs 3 earlier weeks" in md
    assert "### Narrative steady — steady" in md and "### Narrative untested — untested" in md
    assert ("### Narrative untested — untested\n\n\n1 of 40 articles (2.5 %, 95 % CI "
            f"{_pct(stored['untested']['low'])}–{_pct(stored['untested']['high'])} %)") in md
    assert "no shift test: too few articles (needs 20 in the week and before, 10 in the narrative)" in md
    # one badge per narrative: "newly discovered" only for a discovered narrative in its new week
    assert '<h3>Narrative new, discovered <span class="badge new">newly discovered</span></h3>' in html
    assert '<h3>Narrative new, configured <span class="badge new">new</span></h3>' in html
    assert html.count("newly discovered</span>") == 1 and "### Narrative new, configured — new\n" in md
    assert '<h3>Narrative fading out <span class="badge fading">fading</span></h3>' in html
    assert "0 of 40 articles (0.0 %, 95 % CI 0.0–" in md
    assert '<span class="badge rising">rising</span>' in html and '<span class="badge steady">steady</span>' in html


def test_rows_without_a_stored_status_say_so_and_how_to_fix_it(scratch_db, tmp_path):
    if not scratch_db.execute("SELECT COUNT(*) FROM narrative_weeks").fetchone()[0]:
        pytest.skip("narratives did not run for the demo")
    scratch_db.execute("UPDATE narrative_weeks SET status = NULL WHERE week = '2025-W10'")
    rep = assemble_report(scratch_db, "2025-W10", quote_scorer=None)
    assert rep.narratives and all(n.status is Badge.NOT_STORED for n in rep.narratives)
    cli_rows = _cli_rows(tmp_path / "scratch.db")
    assert all(cli_rows[n.name]["status"] is None for n in rep.narratives)
    assert any("run `sentiment narratives`" in note for note in rep.method.notes)
    md = render_markdown(rep)
    assert "status not stored: this week was computed before statuses were stored; re-run sentiment narratives" in md
    assert '<span class="badge not-stored">status not stored</span>' in render_html(rep)


# -- 4. method notes, missing prices, charts -------------------------------------------------------

def test_method_notes_name_the_model_once(scratch_db):
    _score(scratch_db)

    def scorer(texts):
        return [0.5] * len(texts)

    scorer.version = "test-model"
    html = render_html(assemble_report(scratch_db, "2025-W10", quote_scorer=scorer))
    method = html.split('<section id="method">')[1]
    assert method.count("test-model") == 1 and "test-model (articles, entities and quotes)" in method
    scorer.version = "quote-model"
    rep = assemble_report(scratch_db, "2025-W10", quote_scorer=scorer)
    assert rep.method.sentiment_text == "test-model (articles and entities), quote-model (quotes)"


def test_a_week_before_the_stored_prices_says_which_dates_exist(demo_db):
    first, last, tickers = _demo_prices()
    rep = assemble_report(demo_db, "2024-W45", quote_scorer=None)
    assert rep.markets == ()
    assert rep.markets_note == (f"No closes on or before 2024-11-10 for the baskets' and indices' tickers: their "
                                f"stored closes run from {first} to {last} ({tickers} tickers). Markets section "
                                "empty; import earlier prices (`sentiment prices import FILE`) or pick a later week.")
    assert "No prices stored" not in " ".join(rep.method.notes)
    assert rep.markets_note in re.sub(r"\\(.)", r"\1", render_markdown(rep))  # shown, escaped


def test_a_week_after_the_stored_prices_names_the_missing_tickers(demo_db):
    _, last, tickers = _demo_prices()
    rep = assemble_report(demo_db, "2025-W20", quote_scorer=None)
    assert rep.markets and all(m.week is None for m in rep.markets)
    assert rep.markets_note.startswith(f"No closes from 2025-05-12 to 2025-05-18 for {tickers} tickers (0700.HK, ")
    assert f"latest stored close {last}" in rep.markets_note
    assert rep.markets_note in render_html(rep).replace("&#39;", "'")
    assert assemble_report(demo_db, "2025-W10", quote_scorer=None).markets_note is None  # a complete week


def test_prices_only_for_other_tickers_or_none_at_all(db):
    rep = assemble_report(db, "2025-W10", quote_scorer=None)
    assert rep.markets_note == "No prices stored: markets section empty (run `sentiment prices import FILE`)."
    db.execute("INSERT INTO prices (ticker, date, close) VALUES ('ZZZZ', '2025-03-05', 1.0)")
    rep = assemble_report(db, "2025-W10", quote_scorer=None)
    assert "the store has closes only for other tickers (ZZZZ)" in rep.markets_note


@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=["wide", "narrow"])
def test_markets_chart_has_no_stray_date_label(demo_db, layout):
    from matplotlib.text import Text

    fig = markets_figure(assemble_report(demo_db, "2025-W10", quote_scorer=None), layout)
    fig.canvas.draw()
    texts = [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    assert not [t for t in texts if re.fullmatch(r"\d{4}-[A-Z][a-z]{2}", t)], texts  # "2025-Mar"
    ax = fig.axes[0]
    assert ax.xaxis.get_offset_text().get_text() == ""
    assert [t.get_text() for t in ax.get_xticklabels()][:1] == ["Jan"]  # not the year


@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=["wide", "narrow"])
def test_legends_cover_no_data(scratch_db, layout):
    from matplotlib.patches import Rectangle

    _score(scratch_db)
    rep = assemble_report(scratch_db, "2025-W10", quote_scorer=None)
    figures = [f(rep, layout) for f in (markets_figure, sentiment_figure, narratives_figure)]
    assert all(fig is not None for fig in figures[:2])
    for fig in (f for f in figures if f is not None):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        legends = fig.legends + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
        assert legends
        for legend in legends:
            box = legend.get_window_extent(renderer)
            for ax in fig.axes:
                assert not box.overlaps(ax.get_window_extent(renderer))  # outside the plotting area
                for bar in (p for p in ax.patches if isinstance(p, Rectangle) and p.get_width()):
                    assert not box.overlaps(bar.get_window_extent(renderer))


def test_chart_text_is_never_below_11_px_at_the_charts_own_width(scratch_db):
    _score(scratch_db)
    charts = all_charts(assemble_report(scratch_db, "2025-W10", quote_scorer=None), ("html",))
    assert set(charts) >= {"markets", "sentiment"}
    for chart in charts.values():
        for svg, width in ((chart.svg_wide, 720), (chart.svg_narrow, 360)):
            assert f'style="max-width:{width}px"' in svg and f'viewBox="0 0 {width} ' in svg
            sizes = [float(x) for x in re.findall(r"font-size: ([\d.]+)px", svg)]
            assert len(sizes) >= 5 and min(sizes) >= 11
            assert "<text" in svg and "<path id=\"DejaVuSans" not in svg  # real text, not glyph outlines


# -- 5. sources as named in feeds.yaml ---------------------------------------------------------------

def test_sources_are_named_as_in_feeds_yaml(scratch_db):
    scratch_db.execute("UPDATE feeds SET name = 'My wire' WHERE name = 'Example Markets Wire'")
    imported = scratch_db.execute("SELECT id FROM articles WHERE source = 'Example Asia Desk' AND "
                                  "published >= '2025-03-03' AND published < '2025-03-10'").fetchone()[0]
    scratch_db.execute("UPDATE articles SET feed_id = NULL, source = 'Imported desk' WHERE id = ?", [imported])
    rep = assemble_report(scratch_db, "2025-W10", quote_scorer=None)
    assert {s.source for s in rep.coverage.sources} == {"My wire", "Example Tech Ledger", "Imported desk"}
    assert next(c for c in rep.claims if c.subject == "Nasdaq 100").source == "My wire"
    md = render_markdown(rep)
    assert "Example Markets Wire" not in md and "[My wire](https://markets-wire.example.com/" in md


# -- 6. escaping feed- and user-supplied text --------------------------------------------------------

@pytest.fixture
def hostile(scratch_db):
    """The demo with hostile text where feeds and users put text: titles, feed names, claims, URLs, names."""
    db = scratch_db
    aid, feed = db.execute("SELECT a.id, a.feed_id FROM claims c JOIN articles a ON a.id = c.article_id "
                           "WHERE c.subject = 'Nasdaq 100' AND c.value = 15").fetchone()
    db.execute("UPDATE articles SET title = ? WHERE id = ?", [HOSTILE, aid])
    db.execute("UPDATE feeds SET name = ? WHERE id = ?", [HOSTILE, feed])
    db.execute("UPDATE claims SET quote = ?, subject = ? WHERE article_id = ? AND value = 15",
               [HOSTILE + " [x](javascript:alert(2))", "Nasdaq 100 <img src=x onerror=alert(4)>", aid])
    db.execute("UPDATE articles SET url = 'javascript:alert(3)' WHERE id = (SELECT article_id FROM claims "
               "WHERE subject = '7 titans' AND value = 20)")
    db.execute("UPDATE narratives SET name = '<script>n()</script> $x$' WHERE id = 'tariffs-and-trade-war'")
    return db


def test_html_report_escapes_hostile_feed_text(hostile):
    result = build_report(hostile, "2025-W10", out_dir=None, formats=("html",), quote_scorer=None)
    html = result.html
    page = _parse(html)
    assert "script" not in {tag for tag, _ in page.tags} and "img" not in {tag for tag, _ in page.tags}
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | *bold*" in html
    assert HOSTILE in "".join(page.text)  # shown as text, exactly
    hrefs = [a.get("href") or "" for tag, a in page.tags if tag == "a"]
    assert hrefs and all(h.startswith("https://") for h in hrefs)  # the javascript: link is not a link
    assert "<script>n()</script>" not in html and "&lt;script&gt;n()&lt;/script&gt; $x$" in html  # chart text


def test_markdown_report_escapes_hostile_feed_text(hostile):
    from markdown_it import MarkdownIt

    md = build_report(hostile, "2025-W10", out_dir=None, formats=("md",), quote_scorer=None).markdown
    assert not re.search(r"(?<!\\)<(?:script|img)", md)  # every '<' that could open a tag is escaped
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    page = _parse(rendered)
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags and "img" not in tags
    assert not [a for tag, a in page.tags if tag == "a" and not (a.get("href") or "").startswith("https://")]
    text = "".join(page.text)
    assert HOSTILE in text and "*bold*" in text  # literal, not emphasis
    assert "<em>bold</em>" not in rendered
    claims = rendered.split("<h2>Claims</h2>")[1].split("</table>")[0]
    for row in re.findall(r"<tr>(.*?)</tr>", claims, re.DOTALL):
        assert len(re.findall(r"<t[dh][ >]", row)) == 5, row  # the '|' in the title split no cell


@pytest.mark.parametrize("text, expected", [
    (HOSTILE, r"\<script>alert(1)\</script> \| \*bold\*"),
    ("line one\n# line two", r"line one \# line two"),
    ("[click](javascript:x)", r"\[click\](javascript:x)"),
    ("S&P 500 &amp; co", "S&P 500 &amp;amp; co"),
    ("en_core_web_sm and _emph_", r"en_core_web_sm and \_emph\_"),
    ("p < 0.05", "p < 0.05"),
])
def test_md_escape(text, expected):
    assert md_escape(text) == expected


@pytest.mark.parametrize("url, ok", [("https://x.example.com/a?b=1", True), ("http://x.example.com", True),
                                     ("javascript:alert(1)", False), ("data:text/html,x", False),
                                     ("//x.example.com", False), ("https://x.example.com/\n", True),
                                     ("https://x.example.com/\x00", False), ("", False)])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) == ok


# -- 7. no swallowed errors --------------------------------------------------------------------------

def test_has_rows_absent_table_is_false_but_a_locked_store_is_an_error(tmp_path):
    path = tmp_path / "locked.db"
    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE claims (id INTEGER)")
    setup.execute("INSERT INTO claims VALUES (1)")
    setup.commit()
    setup.close()
    reader = sqlite_utils.Database(sqlite3.connect(path, timeout=0.05))
    assert data_mod._has_rows(reader, "claims") is True
    assert data_mod._has_rows(reader, "claim_checks") is False  # absent: the one case that means "no rows"
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="cannot read table claims: database is locked"):
            data_mod._has_rows(reader, "claims")
    finally:
        locker.execute("ROLLBACK")
        locker.close()
        reader.close()


def test_build_report_on_a_locked_store_is_a_store_error(demo_db_path, tmp_path):
    import shutil

    path = tmp_path / "copy.db"
    src = sqlite3.connect(demo_db_path)
    src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    src.close()
    shutil.copy(demo_db_path, path)
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=DELETE")  # a rollback journal: an exclusive writer blocks readers
    setup.close()
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    reader = sqlite_utils.Database(sqlite3.connect(path, timeout=0.05))
    try:
        with pytest.raises(StoreError, match="cannot read the store for the report: database is locked"):
            build_report(reader, "2025-W10", out_dir=None, formats=("md",), quote_scorer=None)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
        reader.close()


def test_a_quote_model_that_cannot_load_is_logged_and_noted(demo_db, monkeypatch, caplog):
    def missing(model_dir=None):
        raise ModelError("sentiment model file /nowhere/model.onnx is missing")

    monkeypatch.setattr(build_mod, "classifier_scorer", missing)
    with caplog.at_level("WARNING", logger="news_sentiment.reports.build"):
        result = build_report(demo_db, "2025-W10", out_dir=None, formats=("md",))
    note = ("Quotes were not scored: the sentiment model could not be loaded "
            "(sentiment model file /nowhere/model.onnx is missing).")
    assert note in result.report.method.notes
    assert "/nowhere/model.onnx" in caplog.text
    assert "Quotes were not scored" in result.markdown


def test_unexpected_errors_are_not_swallowed(demo_db, monkeypatch):
    def broken(model_dir=None):
        raise RuntimeError("a bug")

    monkeypatch.setattr(build_mod, "classifier_scorer", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        build_report(demo_db, "2025-W10", out_dir=None, formats=("md",))
    monkeypatch.setattr(data_mod, "load_kb", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        assemble_report(demo_db, "2025-W10", quote_scorer=None)


def test_a_broken_knowledge_base_is_a_note(demo_db, monkeypatch):
    def bad_kb(directory=None):
        raise ConfigError("knowledge base folder not found: /nowhere")

    monkeypatch.setattr(data_mod, "load_kb", bad_kb)
    rep = assemble_report(demo_db, "2025-W10", quote_scorer=None)
    assert rep.markets == () and rep.basket_sentiment == ()
    assert any("Knowledge base unavailable (knowledge base folder not found: /nowhere)" in n for n in rep.method.notes)
