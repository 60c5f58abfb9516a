"""The shipped model (models/sentiment): load time, sanity on clear cases, CLI end to end."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest

from news_sentiment.nlp.sentiment import Classifier

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def clf():
    from news_sentiment.nlp.sentiment import default_model_dir

    d = default_model_dir()
    if not (d / "model.onnx").is_file():
        pytest.skip(f"no shipped sentiment model at {d}")
    return Classifier.load(d)


def test_config_and_size(model_dir):
    cfg = json.loads((model_dir / "config.json").read_text())
    assert cfg["labels"] == ["negative", "neutral", "positive"] and cfg["max_length"] <= 128
    assert sum(p.stat().st_size for p in model_dir.iterdir()) <= 30e6


def test_load_under_two_seconds(model_dir):
    t0 = time.perf_counter()
    Classifier.load(model_dir)
    assert time.perf_counter() - t0 < 2.0


def test_clear_sentences(clf):
    preds = clf.classify([
        "Velmar's quarterly profit surged and it lifted its forecast for the whole year.",
        "Kestora stock tumbled 22% after the firm warned that earnings would collapse.",
        "Brenvik will publish its next report on a Thursday in spring.",
    ])
    assert [p.label for p in preds] == ["positive", "negative", "neutral"]


def test_scores_do_not_depend_on_the_batch(clf):
    """Dynamic int8 shares activation scales within a tensor: a sentence must score the same alone."""
    texts = ["Talvio said its quarterly earnings jumped to 31.7 million euros from 22.9 million euros.",
             "Kestora stock tumbled 22% after the firm warned that earnings would collapse.",
             "Brenvik will publish its next report on a Thursday in spring, the firm wrote in a notice that also "
             "gave the address of its offices, the names of its directors and the way to sign up for updates."]
    together = clf.predict_proba(texts)
    alone = np.vstack([clf.predict_proba([t]) for t in texts])
    assert np.array_equal(together, alone)


def test_targeted(clf):
    text = "Oxwell shares soared 9% while Lumora slumped after a dismal outlook."
    a, n = clf.classify([text, text], ["Oxwell", "Lumora"])
    assert a.label == "positive" and n.label == "negative"


def test_long_and_odd_inputs(clf):
    long = "Quarnex sales slumped and its losses deepened. " * 2000
    weird = "\u200b\u0000 ### 12345 \U0001F680" * 10
    preds = clf.classify([long, weird, "比亚迪股价大跌", "x"])
    assert preds[0].label == "negative" and preds[0].sentences > 100
    assert all(p.label in ("negative", "neutral", "positive") for p in preds)


def test_article_level(clf):
    res = clf.score_article("Velmar profit soars, stock at all-time high",
                            "Velmar posted its best profit ever. Brokers lifted their targets. Sorvik stock sank 11%.",
                            entities=["Velmar", "Sorvik"])
    assert res.label == "positive"
    assert res.entities["Sorvik"].label == "negative"


def test_cli_subprocess(model_dir):
    inp = json.dumps({"id": 1, "text": "Corvane stock sinks 9% after it slashes prices", "target": "Corvane"}) + "\n"
    proc = subprocess.run([sys.executable, "-m", "news_sentiment", "classify"], input=inp, text=True,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["id"] == 1 and out["label"] == "negative"
