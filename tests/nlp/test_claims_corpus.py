"""Our claims corpus: its tooling (no ../shared needed) and, with ../shared, its integrity and the CI gate."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from news_sentiment.training.claims_corpus import (
    ConversionReport, Split, agreement, cohen_kappa, load_corpus, locate, split_of, to_stored,
)
from news_sentiment.training.corpus_sources import SENTFIN_RESERVED, dev_gold_ids, finentity_reserved

ROOT = Path(__file__).resolve().parents[2]


def test_split_is_fixed_and_about_70_15_15():
    ids = [f"own:{i}" for i in range(4000)]
    counts = Counter(split_of(i) for i in ids)
    assert [split_of(i) for i in ids[:50]] == [split_of(i) for i in ids[:50]]
    assert abs(counts[Split.TRAIN] / 4000 - 0.70) < 0.03 and abs(counts[Split.TEST] / 4000 - 0.15) < 0.03


def test_quotes_become_spans_in_text_order():
    text = "Acme rose 5% on Monday and 5% on Tuesday."
    report = ConversionReport()
    stored = to_stored({"id": "own:1", "claims": [{"value": 5, "quote": "5% on Monday"},
                                                  {"value": 5, "quote": "5% on Tuesday"},
                                                  {"value": 7, "quote": "7% nowhere"}]}, text, report)
    assert [c["span"] for c in stored["claims"]] == [[10, 22], [27, 40]]
    assert report.problems == ["own:1 claim 2: quote not in text"]
    assert locate(text, "5%", after=11) == (27, 29)


def test_kappa_matches_a_hand_computed_value():
    # 10 pairs, 8 agree (observed 0.8); first says x 6 times, second x 6 times -> expected .36 + .16 = .52
    pairs = [("x", "x")] * 5 + [("x", "y")] + [("y", "y")] * 3 + [("y", "x")]
    assert cohen_kappa(pairs) == pytest.approx((0.8 - 0.52) / (1 - 0.52))
    assert cohen_kappa([]) is None


def test_agreement_matches_numbers_then_compares_fields():
    a = {"t": {"claims": [{"value": 5, "unit": "percent", "metric": "return", "subject": "Acme Inc",
                           "direction": "up", "comparator": None, "period_text": "on Monday"},
                          {"value": 9, "unit": "count", "metric": "headcount", "subject": None}],
               "sentiment": {"label": "positive"}}}
    b = {"t": {"claims": [{"value": 5.0, "unit": "percent", "metric": "price_level", "subject": "Acme",
                           "direction": "up", "comparator": None, "period_text": "Monday"}],
               "sentiment": {"label": "positive"}}}
    out = agreement(a, b)
    assert (out["matched"], out["claims_first"], out["claims_second"]) == (1, 2, 1)
    assert out["number_f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert out["subject_agreement"] == 1.0 and out["period_text_agreement"] == 1.0  # loose, as the scorer
    assert out["metric_agreement"] == 0.0 and out["sentiment_agreement"] == 1.0


@pytest.mark.shared
def test_corpus_resolves_and_respects_the_reserved_and_dev_texts(shared_dir):
    records = load_corpus(ROOT / "corpus", shared_dir)
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids)) and len(records) >= 500
    assert sum(len(r.claims) for r in records) >= 800
    dev = dev_gold_ids(shared_dir)
    for r in records:
        source, _, key = r.id.partition(":")
        assert r.id not in dev
        assert not (source == "sentfin" and int(key) in SENTFIN_RESERVED)
        assert not (source == "finentity" and finentity_reserved(int(key)))
        for c in r.claims:
            s, e = c["span"]
            assert any(ch.isdigit() for ch in r.text[s:e]), (r.id, c)


@pytest.mark.shared
@pytest.mark.slow
def test_test_split_gate(shared_dir, tmp_path):
    """The CI gate: our corpus's test split must not fall below today's figures (the issue's bar is higher)."""
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "eval_claims.py"), "--sets", "test"],
                         capture_output=True, text=True, check=True, env={"SENTIMENT_SHARED": str(shared_dir),
                                                                         "PATH": "/usr/bin:/bin"})
    report = json.loads(out.stdout.strip().splitlines()[-1])
    # batch Q (round 22) added 13 dense paragraphs to the split: 181 texts, number F1 0.968, tuple F1 0.584 then
    assert report["number_f1"] >= 0.96
    assert report["claim_tuple_f1"] >= 0.42
    assert report["modality_accuracy"] >= 0.85
