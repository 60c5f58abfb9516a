"""Sentiment on our labelled news set (investor convention): the shipped model, with and without the target.

    python benchmarks/eval_news_sentiment.py                  # test split, market-relevant items
    python benchmarks/eval_news_sentiment.py --split dev --model-dir other/model
    python benchmarks/eval_news_sentiment.py --vader        # the word-list baseline (pip install -e ".[baseline]")

Reports accuracy and macro-F1 over market-relevant items, with the target given (targeted form) and without
(plain), for all items and for the items the shipped model never saw in training (``seen_by_v3`` false),
plus the two annotators' agreement on the items labelled twice, and the expected calibration error.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared"))


class Vader:
    """VADER with the classifier's interface (benchmarks/vader_classify.py's thresholds; the target is ignored)."""

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self.analyzer = SentimentIntensityAnalyzer()
        self.config = type("Config", (), {"version": "vader"})()

    def classify(self, texts, targets=None):
        from types import SimpleNamespace

        from vader_classify import label

        out = []
        for text in texts:
            s = self.analyzer.polarity_scores(text)
            scores = {"negative": s["neg"], "neutral": s["neu"], "positive": s["pos"]}
            out.append(SimpleNamespace(label=label(s["compound"]), scores=scores))
        return out


def reliability(confidence: list[float], correct: list[bool], bins: int = 5) -> list[dict]:
    """The reliability diagram as rows: per confidence bin, items, mean confidence and accuracy."""
    rows = []
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        idx = [i for i, c in enumerate(confidence) if lo < c <= hi]
        if idx:
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(idx),
                         "confidence": round(sum(confidence[i] for i in idx) / len(idx), 3),
                         "accuracy": round(sum(correct[i] for i in idx) / len(idx), 3)})
    return rows


def evaluate(clf, items, targeted: bool) -> dict:
    from news_sentiment.training.sentiment_corpus import expected_calibration_error, macro_f1

    preds = clf.classify([i.text for i in items], [i.target for i in items] if targeted else None)
    gold = [i.label for i in items]
    labels = [p.label for p in preds]
    correct = [g == p for g, p in zip(gold, labels)]
    return {"n": len(items), "accuracy": round(sum(correct) / len(items), 4) if items else None,
            "macro_f1": round(macro_f1(gold, labels), 4) if items else None,
            "ece": round(expected_calibration_error([max(p.scores.values()) for p in preds], correct), 4)
            if items else None,
            "predicted": {lab: labels.count(lab) for lab in ("negative", "neutral", "positive")},
            "reliability": reliability([max(p.scores.values()) for p in preds], correct)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--model-dir", default=None)
    ap.add_argument("--vader", action="store_true", help="Score the VADER word-list baseline instead of a model.")
    args = ap.parse_args()
    from news_sentiment.nlp.sentiment import Classifier
    from news_sentiment.training.claims_corpus import cohen_kappa
    from news_sentiment.training.sentiment_corpus import load_news, seen_by_v3

    clf = Vader() if args.vader else Classifier.load(args.model_dir)
    items = [i for i in load_news(ROOT / "corpus", SHARED) if i.split.value == args.split and i.market_relevant]
    unseen = [i for i in items if not seen_by_v3(i.id)]
    double = [(i.first, i.second) for i in load_news(ROOT / "corpus", SHARED) if i.second and i.market_relevant]
    report = {"model": clf.config.version, "split": args.split,
              "targeted": evaluate(clf, items, True), "plain": evaluate(clf, items, False),
              "unseen_targeted": evaluate(clf, unseen, True), "unseen_plain": evaluate(clf, unseen, False),
              "agreement": {"n": len(double),
                            "accuracy": round(sum(a == b for a, b in double) / len(double), 4) if double else None,
                            "kappa": round(cohen_kappa(double), 4) if double else None}}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
