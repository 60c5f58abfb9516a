#!/usr/bin/env python3
"""VADER baseline with the `sentiment classify` contract, for ../shared/eval/score_sentiment.py.

    pip install -e ".[baseline]"
    python ../shared/eval/score_sentiment.py fpb-allagree --cmd "python benchmarks/vader_classify.py"

Reads JSON Lines {"id", "text", "target"?} on stdin, prints {"id", "label", "scores", "model"} per line.
VADER has no notion of a target: the target is ignored. Compound >= 0.05 positive, <= -0.05 negative
(the thresholds VADER's authors recommend).
"""
from __future__ import annotations

import json
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def label(compound: float) -> str:
    if compound >= 0.05:
        return "positive"
    if compound <= -0.05:
        return "negative"
    return "neutral"


def main() -> None:
    analyzer = SentimentIntensityAnalyzer()
    out = sys.stdout
    for lineno, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            print(f"line {lineno}: malformed JSON ({exc.msg}); skipped", file=sys.stderr)
            continue
        s = analyzer.polarity_scores(str(item.get("text") or ""))
        out.write(json.dumps({"id": item.get("id"), "label": label(s["compound"]),
                              "scores": {"negative": s["neg"], "neutral": s["neu"], "positive": s["pos"]},
                              "model": "vader-3.3.2"}) + "\n")


if __name__ == "__main__":
    main()
