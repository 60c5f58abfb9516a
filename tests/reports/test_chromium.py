"""The HTML report in headless Chromium (DevTools protocol over a pipe): loads clean, charts legible, offline.

The phone tests measure what a reader sees at 390 px: the rendered size of every chart text (font size
times the SVG's scale on screen) and whether the claims table's check column is on screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from news_sentiment.reports import build_report
from tests.reports.cdp import find_chromium, load_page

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; "
                                                          ".ci/run installs it)")

# every visible chart: its class, how many texts it has, and the smallest text as rendered, in CSS px
CHART_TEXT_JS = """JSON.stringify(Array.from(document.querySelectorAll('svg')).filter(svg => {
  const s = getComputedStyle(svg); const r = svg.getBoundingClientRect();
  return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0;
}).map(svg => {
  const texts = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim());
  const sizes = texts.map(t => { const m = t.getScreenCTM();
    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); });
  const heights = texts.filter(t => { const m = t.getScreenCTM(); return Math.abs(m.b) < 1e-6; })
                       .map(t => t.getBoundingClientRect().height);
  const r = svg.getBoundingClientRect();
  return {cls: svg.getAttribute('class') || '', texts: texts.length, min_px: Math.min(...sizes),
          min_box: Math.min(...heights), left: r.left, right: r.right, width: r.width};
}))"""

# each cell of the claims table's check column, with the page scrolled down to it (never sideways): on screen
# (inside the viewport and its scroll box) and the element a tap at its centre reaches
CHECK_COLUMN_JS = """JSON.stringify(Array.from(document.querySelectorAll('#claims td:last-child')).map(td => {
  window.scrollTo(0, td.getBoundingClientRect().top + window.scrollY - 100);
  const r = td.getBoundingClientRect();
  const box = td.closest('.scroll').getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
  return {text: td.innerText, left: r.left, right: r.right, width: r.width, box_right: box.right,
          viewport: innerWidth, reachable: hit !== null && td.contains(hit),
          visible: getComputedStyle(td).display !== 'none'};
}))"""

PROBES = {"charts": CHART_TEXT_JS}


def _report(demo_db, tmp_path) -> Path:
    result = build_report(demo_db, "2025-W10", out_dir=tmp_path / "out", formats=("html",), quote_scorer=None)
    return Path(next(p for p in result.paths if p.suffix == ".html")).resolve()


def test_detector_catches_errors_and_broken_images(tmp_path):
    """The checks below mean something: a page with a script error and a missing image fails them."""
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><script>console.error("boom"); nope();</script><img src="missing.png" alt="x">'
                   "</body></html>")
    page = load_page(CHROMIUM, bad.as_uri(), tmp_path / "profile")
    assert len(page.console_errors) >= 2
    assert page.images and page.images[0]["naturalWidth"] == 0


def test_detector_catches_shrunken_chart_text_and_a_cut_off_column(tmp_path):
    """The probes fail the report's old layout: a 720-unit-wide chart with 11 px text squeezed into a phone
    (about 5 px on screen), and a wide table whose last column sits outside its scroll box."""
    bad = tmp_path / "shrunk.html"
    bad.write_text(
        '<html><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
        '<svg viewBox="0 0 720 300" style="width:100%;height:auto"><text x="10" y="50" style="font-size:11px">'
        'Net sentiment</text></svg><section id="claims"><div class="scroll" style="overflow-x:auto"><table '
        'style="width:900px"><tr><td style="width:800px">subject</td><td>contradicted</td></tr></table></div>'
        "</section></body></html>")
    page = load_page(CHROMIUM, bad.as_uri(), tmp_path / "profile", width=390,
                     probes={**PROBES, "check": CHECK_COLUMN_JS})
    (chart,) = page.values["charts"]
    assert chart["min_px"] < 7 and chart["min_box"] < 8
    (cell,) = page.values["check"]
    assert cell["right"] > cell["box_right"] + 1 and not cell["reachable"]


def test_report_renders_in_chromium_on_a_phone(demo_db, tmp_path):
    html = _report(demo_db, tmp_path)
    page = load_page(CHROMIUM, html.as_uri(), tmp_path / "profile", width=390,
                     probes={**PROBES, "check": CHECK_COLUMN_JS}, screenshot=tmp_path / "phone.png")
    assert page.console_errors == []
    assert page.title == "Markets in the news — 2025-W10"
    assert page.images == []  # charts are inline SVG, nothing to load
    charts = page.values["charts"]
    assert len(charts) >= 3 and all("narrow" in c["cls"] for c in charts)  # the phone rendering of each
    for c in charts:
        assert c["texts"] >= 5
        assert c["min_px"] >= 10, c  # every chart text at least 10 px on screen
        assert c["min_box"] >= 10, c  # and its glyph box as tall
        assert 0 <= c["left"] and c["right"] <= 390  # fits the phone
    cells = page.values["check"]
    assert len(cells) >= 5 and any("contradicted" in c["text"] for c in cells)
    for c in cells:
        assert c["visible"] and c["width"] > 0 and c["reachable"], c
        assert c["right"] <= c["viewport"] and c["right"] <= c["box_right"] + 1, c  # not cut off
    assert page.scroll_width <= page.viewport_width  # no sideways scrolling: wide tables scroll in their box
    assert all(u.startswith(("file:", "data:")) for u in page.requests), page.requests  # no network
    assert (tmp_path / "phone.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_on_a_desktop_uses_the_wide_charts(demo_db, tmp_path):
    html = _report(demo_db, tmp_path)
    page = load_page(CHROMIUM, html.as_uri(), tmp_path / "profile", width=1280, probes=PROBES)
    charts = page.values["charts"]
    assert len(charts) >= 3 and all("wide" in c["cls"] for c in charts)
    for c in charts:
        assert c["min_px"] >= 10, c
        assert 680 <= c["width"] <= 721  # drawn at its own width, not blown up
