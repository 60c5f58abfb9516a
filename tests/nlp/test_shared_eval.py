"""The seed article (skipped without ../shared).

The shared dev claims set is reported by ``benchmarks/eval_claims.py``, never asserted: the rules were
built on it, so a gate there would lock them in. The claims gate is our corpus's test split
(tests/nlp/test_claims_corpus.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.shared


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
