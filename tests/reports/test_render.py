"""Rendering and the library entry: HTML self-contained, Markdown readable, files written atomically."""

from __future__ import annotations

import re

from news_sentiment.reports import assemble_report, build_report
from news_sentiment.reports.render import pct, render_html, render_markdown


def test_pct_uses_a_true_minus():
    assert pct(-0.103) == "−10.3%" and pct(0.428) == "+42.8%" and pct(None) == "–"


def test_html_is_self_contained(demo_db):
    html = render_html(assemble_report(demo_db, "2025-W10", quote_scorer=None))
    # markets and narratives (sentiment when scored), each drawn for a desktop and for a phone
    assert html.count('<svg class="chart wide"') >= 2 and html.count('<svg class="chart narrow"') >= 2
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html and "<metadata>" not in html
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert not re.search(r'(?<![\w:])(?:src|href)="(?!https://[a-z-]+\.example\.com/)', html)  # article links
    assert all(ref.startswith("#") for ref in re.findall(r'xlink:href="([^"]*)"', html))  # inside the charts
    assert '<meta name="viewport"' in html
    for section in ("coverage", "markets", "narratives", "sentiment", "claims", "strategists", "method"):
        assert f'<section id="{section}">' in html
    assert "7 titans" in html and "+22.1%" in html and "contradicted" in html and "Harbor Lane Capital" in html


def test_markdown_sections_and_figures(demo_db):
    md = render_markdown(assemble_report(demo_db, "2025-W10", quote_scorer=None))
    for heading in ("## Coverage", "## Markets", "## Narratives", "## Sentiment", "## Claims", "## Strategists",
                    "## Method notes"):
        assert heading in md
    assert "| 7 titans (basket) | +6.6% | +22.1% |" in md
    assert "| down more than 15% (“down more than 15% this year”) |" in md
    assert "**contradicted** actual: down 7.9%, short of the 15% claimed" in md
    assert "Mei Lin Tan, chief investment strategist | Harbor Lane Capital" in md


def test_build_report_writes_files(demo_db, tmp_path):
    result = build_report(demo_db, "2025-W10", out_dir=tmp_path / "out", quote_scorer=None)
    names = sorted(p.name for p in result.paths)
    assert "2025-W10.html" in names and "2025-W10.md" in names and "2025-W10-markets.png" in names
    md = (tmp_path / "out" / "2025-W10.md").read_text(encoding="utf-8")
    assert "![Year-to-date returns](2025-W10-markets.png)" in md
    assert (tmp_path / "out" / "2025-W10-markets.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list((tmp_path / "out").glob("*.tmp"))


def test_build_report_without_out_dir_writes_nothing(demo_db, tmp_path):
    result = build_report(demo_db, None, out_dir=None, formats=("md",), quote_scorer=None)
    assert result.paths == [] and result.markdown.startswith("# Markets in the news: 2025-W10")
    assert result.html is None and "![" not in result.markdown
