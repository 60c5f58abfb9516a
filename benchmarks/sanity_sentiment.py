"""Sixteen plain sentences we wrote on the investor conventions, as a quick check of a sentiment model.

    python benchmarks/sanity_sentiment.py --model-dir DIR [DIR ...]

Losses and debt that grow are bad news, cuts are bad news for the company cut whatever the verb, improvements
in bad quantities are good news; two routine statements are neutral. Invented names; no sentence is in the
news set (corpus/) or in the tests. Written 2026-12-03 before any model was scored on them. A check, not a
test set: 16 sentences say little about accuracy, but a model that misreads these misreads plain news.
"""

from __future__ import annotations

import argparse
from pathlib import Path

SENTENCES = [
    ("Dunlevy Freight said its quarterly losses deepened as volumes on its Asian routes dried up.", "negative"),
    ("Marsten Bio's net loss widened to $92 million in the second quarter.", "negative"),
    ("Castine Metals' debt rose to $3 billion and S&P cut its rating to junk.", "negative"),
    ("Brokers raised their price targets on Wyvern Software after a strong quarter.", "positive"),
    ("Regulators fined Ashgate Bank $120 million for misleading customers.", "negative"),
    ("Pollard Textiles will lay off 1,400 workers and shut two mills.", "negative"),
    ("Tarrow Energy's loss narrowed to EUR 15 million from EUR 60 million a year earlier.", "positive"),
    ("Kelda Group paid down 400 million pounds of debt ahead of schedule.", "positive"),
    ("Ormond Resources slashed its interim dividend by half.", "negative"),
    ("Haverill Tools trimmed its full-year sales guidance for the second time.", "negative"),
    ("Analysts pared their price target on Quintal Foods to 300p from 340p.", "negative"),
    ("Linmoor Media axed 250 jobs at its regional newspapers.", "negative"),
    ("Fewer borrowers defaulted at Carden Bank in the quarter, and its provisions fell 30%.", "positive"),
    ("Ravensby Steel's impairment charges jumped to $400 million as demand slumped.", "negative"),
    ("Sefton Water will hold its annual general meeting on 12 June in Leeds.", "neutral"),
    ("Corlay Chemicals' third-quarter revenue was in line with analysts' forecasts.", "neutral"),
]


def main(argv: list[str] | None = None) -> None:
    from news_sentiment.nlp.sentiment import Classifier

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", type=Path, nargs="+", required=True)
    args = ap.parse_args(argv)
    texts = [s for s, _ in SENTENCES]
    for model_dir in args.model_dir:
        preds = Classifier.load(model_dir).classify(texts)
        wrong = [(s, gold, p.label, round(p.scores[p.label], 2))
                 for (s, gold), p in zip(SENTENCES, preds) if p.label != gold]
        print(f"{model_dir}: {len(SENTENCES) - len(wrong)}/{len(SENTENCES)}")
        for s, gold, label, conf in wrong:
            print(f"  {gold} -> {label} ({conf}): {s}")


if __name__ == "__main__":
    main()
