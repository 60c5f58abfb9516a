"""Issue 15, reports: outputs that cannot mislead.

Claims shown in the words they were written in, one sentiment row per entity, trend badges only from a
sample large enough to test, precise notes on missing prices, sources named as in feeds.yaml, feed text
escaped in HTML and Markdown, charts without stray labels or legends over data, no swallowed errors.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from html.parser import HTMLParser
from math import comb

import pytest
import sqlite_utils

from news_sentiment.analysis.checks import judge
from news_sentiment.demo import DEMO_DIR
from news_sentiment.errors import ConfigError, ModelError, StoreError
from news_sentiment.reports import assemble_report, build_report
from news_sentiment.reports import build as build_mod
from news_sentiment.reports import data as data_mod
from news_sentiment.reports.charts import NARROW, WIDE, all_charts, markets_figure, narratives_figure, sentiment_figure
from news_sentiment.reports.claims import claim_verdict, format_figure
from news_sentiment.reports.narratives import trend_of, trend_test
from news_sentiment.reports.records import Trend
from news_sentiment.reports.render import md_escape, render_html, render_markdown, safe_url

HOSTILE = "<script>alert(1)</script> | *bold*"


# -- helpers ----------------------------------------------------------------------------------------

def _read_words(words: str, actual: float) -> bool:
    """An independent reading of 'down more than 15%': is it true of the actual signed move (in %)?"""
    m = re.fullmatch(r"(up|down) (more than|at least|less than) ([\d.]+)%", words)
    assert m, words
    move = actual if m.group(1) == "up" else -actual
    figure = float(m.group(3))
    return {"more than": move > figure, "at least": move >= figure, "less than": 0 <= move < figure}[m.group(2)]


def _fisher_two_sided(a: int, n1: int, c: int, n2: int) -> float:
    """Fisher's exact test by hand: the probability of every table with the same margins no likelier than
    the observed one (hypergeometric)."""
    k, n = a + c, n1 + n2

    def prob(x: int) -> float:
        return comb(n1, x) * comb(n2, k - x) / comb(n, k)

    p0 = prob(a)
    return sum(prob(x) for x in range(max(0, k - n2), min(k, n1) + 1) if prob(x) <= p0 * (1 + 1e-7))


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


# -- 3. trend badges only from a sample large enough to test -----------------------------------------

@pytest.mark.parametrize("counts, expected", [
    ((12, 40, 3, 38), Trend.RISING),
    ((2, 40, 15, 40), Trend.FADING),
    ((10, 40, 8, 40), Trend.STEADY),
])
def test_trend_test_is_fishers_exact_test(counts, expected):
    test = trend_test(*counts)
    assert test.p_value == pytest.approx(_fisher_two_sided(*counts), rel=1e-9)
    assert trend_of(test) is expected
    assert (test.p_value < 0.05) == (expected is not Trend.STEADY)


@pytest.mark.parametrize("counts", [(2, 3, 0, 3), (1, 1, 0, 2), (5, 9, 0, 50), (9, 60, 0, 9), (0, 0, 0, 0)])
def test_weeks_below_the_minimum_are_not_tested(counts):
    test = trend_test(*counts)
    assert test.p_value is None and trend_of(test) is Trend.TOO_FEW


def test_demo_weeks_of_three_articles_show_too_few_not_rising(demo_db):
    rep = assemble_report(demo_db, "2025-W10", quote_scorer=None)
    if not rep.narratives:
        pytest.skip("narratives did not run for the demo")
    html = render_html(rep)
    section = html.split('<section id="narratives">')[1].split("</section>")[0]
    assert 'class="badge rising"' not in section and 'class="badge fading"' not in section
    assert section.count('<span class="badge too-few">too few articles</span>') == len(rep.narratives)
    assert "Fisher&#39;s exact test, two-sided" in section and "fewer than 10 articles" in section
    assert re.search(r"\d of 3 articles this week \(\d+%\) vs \d of 3 last week · not tested", section)


def test_a_large_enough_week_gets_a_tested_badge(scratch_db):
    if not scratch_db.execute("SELECT COUNT(*) FROM narrative_weeks").fetchone()[0]:
        pytest.skip("narratives did not run for the demo")
    scratch_db.execute("UPDATE narrative_weeks SET articles = 20, article_share = 0.5 "
                       "WHERE narrative_id = 'china-ai-catch-up' AND week = '2025-W10'")
    scratch_db.execute("UPDATE narrative_weeks SET articles = 4, article_share = 0.1 "
                       "WHERE narrative_id = 'china-ai-catch-up' AND week = '2025-W09'")
    rep = assemble_report(scratch_db, "2025-W10", quote_scorer=None)
    china = next(n for n in rep.narratives if n.name == "China AI catch-up")
    assert (china.test.articles, china.test.week_articles, china.test.prev_articles,
            china.test.prev_week_articles) == (20, 40, 4, 40)
    assert china.status is Trend.RISING and china.test.p_value == pytest.approx(_fisher_two_sided(20, 40, 4, 40))
    assert rep.narratives[0] is china  # rising first
    md = render_markdown(rep)
    assert f"20 of 40 articles this week (50%) vs 4 of 40 last week · p < 0.001" in md
    assert "### China AI catch-up — rising" in md


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
