"""The shared gold set and scorer (skipped without ../shared)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.shared


def test_dev_claims_gold_meets_the_bar(shared_dir, extractor, tmp_path):
    from news_sentiment.nlp.extract import extract_jsonl

    gold = shared_dir / "eval" / "dev_claims_gold.jsonl"
    lines = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        lines.append(json.dumps({"id": rec["id"], "text": rec["text"], "published": rec["published"]}))
    out = io.StringIO()
    extract_jsonl(lines, out, extractor=extractor)
    pred = tmp_path / "pred.jsonl"
    pred.write_text(out.getvalue(), encoding="utf-8")
    res = subprocess.run([sys.executable, str(shared_dir / "eval" / "score_claims.py"), str(gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    report = json.loads(res.stdout[: res.stdout.rindex("}") + 1])
    assert report["number_f1"] >= 0.95
    assert report["claim_tuple_f1"] >= 0.80
    assert report["entity_recall"] == 1.0 and report["ticker_accuracy"] == 1.0
    assert report["strategist_accuracy"] == 1.0


def test_seed_article_from_fixture(shared_dir, extractor):
    path = next((shared_dir / "fixtures").glob("seed_article_*.txt"))
    text = path.read_text(encoding="utf-8").split("\n", 1)[1]  # first line is page furniture
    res = extractor.extract(text, "2025-03-07")
    tickers = {m.name: m.ticker for m in res.mentions if m.ticker}
    for name, ticker in {"Alibaba": "9988.HK", "Tencent": "0700.HK", "Xiaomi": "1810.HK", "BYD": "1211.HK",
                         "SMIC": "0981.HK", "JD.com": "9618.HK", "NetEase": "9999.HK", "Nvidia": "NVDA",
                         "Hang Seng Tech Index": "HSTECH", "Nasdaq 100": "^NDX"}.items():
        assert tickers.get(name) == ticker, name
    people = {(s.name, s.title, s.firm) for s in res.strategists}
    assert ("Frank Benzimra", "strategist", "Societe Generale") in people
    assert ("Charu Chanana", "chief investment strategist", "Saxo Markets") in people
    assert ("Vey-Sern Ling", "managing director", "Union Bancaire Privee") in people
    assert len(res.claims) == 10
