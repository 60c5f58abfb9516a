"""Train the claim-attribute corrections (metric, direction) on our claims corpus.

    python -m news_sentiment.training.claim_attrs_train          # writes models/claims/<attr>.json if it helps

For each attribute: the rules run over the corpus texts (no learned attribute model loaded), each predicted
claim matched to a gold claim by value and unit (as the shared scorer matches), and a linear model learns the
gold attribute from the context and the rules' reading. C is chosen on dev; the model is written only when it
beats the rules on dev (else any old file is removed). Test is reported, never used to choose. Seeded.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from news_sentiment.nlp.claim_models import (ATTRIBUTES, NONE, ClaimModels, claim_features, default_path,
                                              mention_kinds)
from news_sentiment.nlp.linear import LinearModel, fit_linear
from news_sentiment.textutil import SentenceIndex
from news_sentiment.training.claims_corpus import CorpusRecord, Split, load_corpus, match_claims

ROOT = Path(__file__).resolve().parents[3]
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)

Example = tuple[list[str], str, str]  # features, gold label, the rules' label


def examples(extractor, records: list[CorpusRecord], attr: str) -> list[Example]:
    out = []
    for rec in records:
        extraction = extractor.extract(rec.text, None)
        claims, kinds = extraction.claims, mention_kinds(extraction.mentions)
        sentences = SentenceIndex(rec.text)
        gold = list(rec.claims)
        for i, j in match_claims(gold, [c.to_json() for c in claims]):
            c = claims[j]
            ss, se = sentences.holding(c.start)
            rule = getattr(c, attr) or NONE
            feats = claim_features(rec.text, c, ss, se, attr, claims[j - 1] if j else None, kinds)
            out.append((feats, gold[i].get(attr) or NONE, rule))
    return out


def accuracy(model: LinearModel | None, data: list[Example]) -> float:
    if not data:
        return 0.0
    return sum((model.predict(f) if model else rule) == gold for f, gold, rule in data) / len(data)


def train_attribute(extractor, records: list[CorpusRecord], attr: str) -> dict:
    data = {s: examples(extractor, [r for r in records if r.split is s], attr) for s in Split}
    train = [(f, gold) for f, gold, _ in data[Split.TRAIN]]
    dev = {c: accuracy(fit_linear(train, c), data[Split.DEV]) for c in C_GRID}
    best = max(C_GRID, key=lambda c: (dev[c], -c))
    model = fit_linear(train, best)
    report = {"examples": {s.value: len(d) for s, d in data.items()}, "dev_by_C": dev, "C": best,
              "model_dev": accuracy(model, data[Split.DEV]), "rules_dev": accuracy(None, data[Split.DEV]),
              "model_test": accuracy(model, data[Split.TEST]), "rules_test": accuracy(None, data[Split.TEST])}
    path = default_path(attr)
    if report["model_dev"] > report["rules_dev"]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(model.to_json(), sort_keys=True) + "\n", encoding="utf-8")
        report["shipped"] = True
    else:
        path.unlink(missing_ok=True)
        report["shipped"] = False
    return report


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared")))
    ap.add_argument("--attributes", nargs="+", default=list(ATTRIBUTES), choices=ATTRIBUTES)
    args = ap.parse_args(argv)
    from news_sentiment.nlp.extract import Extractor

    extractor = Extractor.create()
    extractor.claim_models = ClaimModels({})  # the rules alone: the models learn from what the rules say
    records = load_corpus(ROOT / "corpus", args.shared)
    print(json.dumps({attr: train_attribute(extractor, records, attr) for attr in args.attributes}, indent=1))


if __name__ == "__main__":
    main()
