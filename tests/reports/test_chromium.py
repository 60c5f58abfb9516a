"""The HTML report in headless Chromium (DevTools protocol over a pipe): loads clean, charts visible, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from news_sentiment.reports import build_report
from tests.reports.cdp import find_chromium, load_page

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; "
                                                          ".ci/run installs it)")


def test_detector_catches_errors_and_broken_images(tmp_path):
    """The checks below mean something: a page with a script error and a missing image fails them."""
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><script>console.error("boom"); nope();</script><img src="missing.png" alt="x">'
                   "</body></html>")
    page = load_page(CHROMIUM, bad.as_uri(), tmp_path / "profile")
    assert len(page.console_errors) >= 2
    assert page.images and page.images[0]["naturalWidth"] == 0


def test_report_renders_in_chromium_on_a_phone(demo_db, tmp_path):
    result = build_report(demo_db, "2025-W10", out_dir=tmp_path / "out", formats=("html",), quote_scorer=None)
    html = next(p for p in result.paths if p.suffix == ".html")
    page = load_page(CHROMIUM, Path(html).resolve().as_uri(), tmp_path / "profile", width=390)
    assert page.console_errors == []
    assert page.title == "Markets in the news — 2025-W10"
    charts = [i for i in page.images if i["src"].startswith("data:image/png")]
    assert len(charts) >= 2 and len(charts) == len(page.images)
    for img in charts:
        assert img["complete"] and img["naturalWidth"] > 0 and img["naturalHeight"] > 0
        assert img["visible"] and 0 < img["width"] <= 390 and img["height"] > 0  # fits a phone, not cropped away
        assert img["alt"]
    assert page.scroll_width <= page.viewport_width  # no sideways scrolling: wide tables scroll in their box
    assert all(u.startswith(("file:", "data:")) for u in page.requests), page.requests  # no network
