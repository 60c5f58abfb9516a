"""Claim checking: tolerance per comparator, reasons for unverifiable claims, the seed article on real prices."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from news_sentiment.analysis.checks import ClaimChecker, check_claims_frame, judge
from news_sentiment.analysis.prices import PriceBook
from news_sentiment.nlp.kb import build_kb, parse_kb_file
from news_sentiment.pipeline.prices import read_prices
from tests.markets.test_prices import KB_YAML, write_prices


@pytest.mark.parametrize("claimed, actual, comparator, direction, expected", [
    (40, 42.8, "more_than", "up", "confirmed"),
    (40, 39.0, "more_than", "up", "close"),
    (40, 20.0, "more_than", "up", "contradicted"),
    (10, -10.3, "about", "down", "confirmed"),
    (10, -8.4, "about", "down", "close"),
    (10, 8.4, "about", "up", "close"),
    (10, 4.0, "about", "up", "contradicted"),
    (1, -0.5, "more_than", "up", "contradicted"),  # moved the other way
    (9, 8.7, "at_most", "up", "confirmed"),  # "nearly 9%"
    (9, 9.6, "at_most", "up", "close"),
    (5, 3.0, "less_than", "up", "confirmed"),
    (5, 7.0, "less_than", "up", "contradicted"),
    (3.2, 3.2, None, "up", "confirmed"),
    (3.2, 3.9, None, "up", "close"),
])
def test_judge(claimed, actual, comparator, direction, expected):
    assert judge(claimed, actual, comparator, direction) == expected


def test_range_claim():
    assert judge(20, 22, None, "up", claimed_high=25) == "confirmed"
    assert judge(20, 30, None, "up", claimed_high=25) == "contradicted"


@pytest.fixture
def checker(tmp_path):
    kb = build_kb(parse_kb_file(KB_YAML, tmp_path / "kb.yaml"))
    return ClaimChecker(PriceBook(read_prices(write_prices(tmp_path / "p")).frame), kb)


def claim(**kw):
    base = {"value": 30, "unit": "percent", "comparator": "more_than", "direction": "up", "metric": "return",
            "subject": "Alpha", "period_text": "this year", "period_start": "2025-01-01",
            "period_end": "2025-01-06", "published": "2025-01-07T09:00:00+00:00"}
    base.update(kw)
    return base


def test_company_and_basket_claims(checker):
    r = checker.check(claim())
    assert (r.status, round(r.actual, 1), r.base_date, r.end_date) == ("confirmed", 32.0, date(2024, 12, 31),
                                                                       date(2025, 1, 6))
    r = checker.check(claim(subject="Duo", value=26, comparator="about"))
    assert r.status == "confirmed" and r.actual == pytest.approx(26.0) and r.coverage == "2/2"
    r = checker.check(claim(subject="Beta", value=10, direction="down", comparator=None))
    assert r.status == "contradicted" and r.actual == pytest.approx(20.0)


def test_subject_as_written_is_checked_by_its_kb_id(checker):
    """A claim names its subject as the text writes it ('the Duo pair'); the KB id or name found for it decides
    which prices are read, never the written form."""
    written = claim(subject="the Duo pair", subject_entity="Duo", subject_id="duo", value=26, comparator="about")
    r = checker.check(written)
    assert r.status == "confirmed" and r.coverage == "2/2"
    by_name = checker.check({**written, "subject_id": None})  # stored before ids: the canonical name still works
    assert by_name.status == "confirmed"
    assert "no ticker" in checker.check({**written, "subject_id": None, "subject_entity": None}).reason


def test_points_claim_uses_price_change(checker):
    r = checker.check(claim(subject="Test Index", unit="index_points", value=110, comparator=None,
                            period_start="2025-01-06", period_end="2025-01-06"))
    assert r.status == "confirmed" and r.actual == pytest.approx(110.0) and r.actual_unit == "index_points"


@pytest.mark.parametrize("changes, reason", [
    ({"metric": "valuation"}, "not a price move"),
    ({"unit": "multiple"}, "cannot be compared"),
    ({"subject": "Nobody Corp"}, "no ticker, index or basket"),
    ({"period_start": "2024-06-01", "period_end": "2024-06-30"}, "no prices covering"),
    ({"period_start": None, "period_end": None, "period_text": None}, "period not resolved"),
    ({"period_text": "2021 peak"}, "reference level"),
])
def test_unverifiable_says_why(checker, changes, reason):
    r = checker.check(claim(**changes))
    assert r.status == "unverifiable" and reason in r.reason


def test_intraday_claim_on_publication_day(checker):
    r = checker.check(claim(subject="Alpha", value=5, period_start="2025-01-06", period_end="2025-01-06",
                            published="2025-01-06"))
    assert r.status == "unverifiable" and "intraday" in r.reason and r.actual == pytest.approx(100 * (132 / 121 - 1))
    after_close = checker.check(claim(subject="Alpha", value=5, period_start="2025-01-06", period_end="2025-01-06",
                                      published="2025-01-06T12:00:00+00:00"))
    assert after_close.status == "confirmed"


def test_check_claims_frame(checker):
    frame = pd.DataFrame([claim(id=1), claim(id=2, metric="profit")])
    out = check_claims_frame(frame, checker.book, checker.kb)
    assert out["status"].tolist() == ["confirmed", "unverifiable"] and out["claim_id"].tolist() == [1, 2]


@pytest.mark.shared
@pytest.mark.slow
def test_seed_article_claims_against_real_prices(shared_dir):
    """Issue #5: 7 titans +42.8% confirmed; Magnificent Seven -10.3% confirmed; HSTECH Friday not confirmed (intraday)."""
    from news_sentiment.nlp.extract import extract_text
    from news_sentiment.nlp.kb import load_kb

    text = (shared_dir / "fixtures/seed_article_news-az_2025-03-07.txt").read_text(encoding="utf-8")
    text = text.split("\n", 1)[1].strip()  # without the page-furniture line
    claims = extract_text(text, "2025-03-07")["claims"]
    prices = shared_dir / "data/prices_daily"
    book = PriceBook(pd.concat([read_prices(prices / d).frame for d in ("us", "hk", "index")]))
    checker = ClaimChecker(book, load_kb())
    results = {(c["subject"], c["value"], c["period_text"]): checker.check({**c, "published": "2025-03-07"})
               for c in claims}
    titans = results[("7 titans", 40, "this year")]
    assert titans.status == "confirmed" and round(titans.actual, 1) == 42.8
    # this figure's period is stated in the sentence before it; extraction does not carry a period across sentences
    # (the rule that did fired on this one record and was deleted, issue #17), so the test gives the period
    mag7_claim = next(c for c in claims if (c["subject"], c["value"]) == ("Magnificent Seven", 10))
    mag7 = checker.check({**mag7_claim, "period_text": "this year", "period_start": "2025-01-01",
                          "period_end": "2025-03-07", "published": "2025-03-07"})
    assert mag7.status == "confirmed" and round(mag7.actual, 1) == -10.3
    friday = results[("Hang Seng Tech Index", 1, "on Friday")]
    assert friday.status != "confirmed" and round(friday.actual, 1) == -0.5 and "intraday" in friday.reason


@pytest.mark.shared
@pytest.mark.slow
def test_claims_check_cli_on_seed_article(shared_dir, tmp_path):
    """End to end: import the seed article, extract, import prices, `sentiment claims --check`; results stored."""
    import json

    from click.testing import CliRunner

    from news_sentiment.cli import cli

    text = (shared_dir / "fixtures/seed_article_news-az_2025-03-07.txt").read_text(encoding="utf-8")
    row = {"url": "https://news.az/seed", "title": "Chinese tech megacaps rally", "published": "2025-03-07",
           "text": text.split("\n", 1)[1].strip(), "source": "News.Az"}
    (tmp_path / "seed.jsonl").write_text(json.dumps(row) + "\n")
    runner = CliRunner()
    db = ["--db", str(tmp_path / "seed.db")]
    assert runner.invoke(cli, ["import", str(tmp_path / "seed.jsonl"), *db]).exit_code == 0
    assert runner.invoke(cli, ["extract", "-q", *db]).exit_code == 0
    for folder in ("us", "hk", "index"):
        assert runner.invoke(cli, ["prices", "import", str(shared_dir / "data/prices_daily" / folder), *db]).exit_code == 0
    result = runner.invoke(cli, ["claims", "--check", "--metric", "return", "--format", "json", *db])
    assert result.exit_code == 0, result.output
    got = {(r["subject"], r["value"], r["period_text"]): r for r in json.loads(result.output)}
    assert got[("7 titans", 40, "this year")]["status"] == "confirmed"
    assert round(got[("7 titans", 40, "this year")]["actual"], 1) == 42.8
    # its period is stated in the sentence before; extraction does not carry it across (issue #17 deleted the
    # rule that did, for this record alone): a figure without a period is left unverifiable, never guessed
    mag7 = got[("Magnificent Seven", 10, None)]
    assert mag7["status"] == "unverifiable" and "period not resolved" in mag7["reason"]
    friday = got[("Hang Seng Tech Index", 1, "on Friday")]
    assert friday["status"] == "unverifiable" and "intraday" in friday["reason"]
    import sqlite3

    stored = sqlite3.connect(tmp_path / "seed.db").execute("SELECT count(*) FROM claim_checks").fetchone()[0]
    assert stored == len(got)
