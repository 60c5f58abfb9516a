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
        "Operating profit rose sharply and the company raised its full-year outlook.",
        "Shares plunged 20% after the company issued a profit warning.",
        "The annual general meeting will be held on 5 May.",
    ])
    assert [p.label for p in preds] == ["positive", "negative", "neutral"]


def test_scores_do_not_depend_on_the_batch(clf):
    """Dynamic int8 shares activation scales within a tensor: a sentence must score the same alone."""
    texts = ["Quarterly operating profit climbed to EUR 21.4 mn from EUR 15.2 mn .",
             "Shares plunged 20% after the company issued a profit warning.",
             "The annual general meeting will be held on 5 May in Helsinki, the company said in a statement "
             "that also listed the agenda, the venue and the deadline for registering to attend."]
    together = clf.predict_proba(texts)
    alone = np.vstack([clf.predict_proba([t]) for t in texts])
    assert np.array_equal(together, alone)


def test_targeted(clf):
    text = "Alibaba shares soared 8% while Nvidia slumped after weak guidance."
    a, n = clf.classify([text, text], ["Alibaba", "Nvidia"])
    assert a.label == "positive" and n.label == "negative"


def test_long_and_odd_inputs(clf):
    long = "Revenue fell sharply and losses widened. " * 2000
    weird = "\u200b\u0000 ### 12345 \U0001F680" * 10
    preds = clf.classify([long, weird, "比亚迪股价大跌", "x"])
    assert preds[0].label == "negative" and preds[0].sentences > 100
    assert all(p.label in ("negative", "neutral", "positive") for p in preds)


def test_article_level(clf):
    res = clf.score_article("Acme profit jumps, shares hit record",
                            "Acme reported record profit. Analysts raised their targets. Globex shares fell 9%.",
                            entities=["Acme", "Globex"])
    assert res.label == "positive"
    assert res.entities["Globex"].label == "negative"


def test_cli_subprocess(model_dir):
    inp = json.dumps({"id": 1, "text": "BYD shares slump 8% after price cuts", "target": "BYD"}) + "\n"
    proc = subprocess.run([sys.executable, "-m", "news_sentiment", "classify"], input=inp, text=True,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["id"] == 1 and out["label"] == "negative"
