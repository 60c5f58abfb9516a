"""Issue 6 bar on real data: the seed article and ../shared prices, `sentiment report --week 2025-W10`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli


@pytest.mark.shared
def test_seed_article_report(shared_dir, tmp_path):
    from news_sentiment.pipeline.claims import check_stored_claims
    from news_sentiment.pipeline.prices import import_prices
    from news_sentiment.ingest import import_articles
    from news_sentiment.nlp.extract import get_extractor
    from news_sentiment.store.db import open_db
    from news_sentiment.pipeline.extract import run_extraction

    text = (shared_dir / "fixtures/seed_article_news-az_2025-03-07.txt").read_text(encoding="utf-8")
    text = text.split("\n", 1)[1].strip()  # without the page-furniture line
    src = tmp_path / "seed.jsonl"
    src.write_text(json.dumps({"url": "https://news.az/news/chinese-tech-megacaps", "source": "News.Az",
                               "title": "Chinese tech megacaps leave US rivals trailing", "published": "2025-03-07",
                               "text": text}) + "\n", encoding="utf-8")
    path = tmp_path / "seed.db"
    db = open_db(path)
    assert import_articles(db, src).new == 1
    for folder in ("us", "hk", "index"):
        import_prices(db, shared_dir / "data/prices_daily" / folder)
    run_extraction(db, get_extractor())
    check_stored_claims(db)
    db.close()

    res = CliRunner().invoke(cli, ["report", "--db", str(path), "--week", "2025-W10", "--format", "md"])
    assert res.exit_code == 0, res.output
    md = res.output
    titans = next(line for line in md.splitlines() if line.startswith("| 7 titans (basket)"))
    mag7 = next(line for line in md.splitlines() if line.startswith("| Magnificent Seven (basket)"))
    assert titans.split("|")[3].strip() == "+42.8%"
    assert mag7.split("|")[3].strip() == "−10.3%"
    for who, firm in (("Charu Chanana", "Saxo Markets"), ("Frank Benzimra", "Societe Generale"),
                      ("Vey-Sern Ling", "Union Bancaire Privee")):
        assert any(who in line and firm in line for line in md.splitlines() if line.startswith("| ")), who
    claims = [line for line in md.splitlines() if "**confirmed**" in line]
    assert any("| 7 titans | up more than 40% (" in c and "actual: up 42.8%" in c for c in claims)
    # its period is in the sentence before, which extraction does not carry across (issue #17): not checked
    mag7 = next(line for line in md.splitlines() if line.startswith("| Magnificent Seven | down about 10% ("))
    assert "**unverifiable**; period not resolved" in mag7
    friday = next(line for line in md.splitlines() if "on Friday" in line)
    assert "**unverifiable**" in friday and "intraday" in friday
