"""Train the claim-modality model on our claims corpus; write models/claims/modality.json.

    python -m news_sentiment.training.modality_train            # choose C on dev, refit on train, report test

Seeded and deterministic (liblinear-free lbfgs on a fixed feature order). Needs ../shared (texts are read in
place), scikit-learn and the extractor's spaCy pipeline (the features read each number's parse, as in the
``claims`` component). The test split is reported, never used to choose.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from news_sentiment.nlp.linear import LinearModel, fit_linear
from news_sentiment.nlp.modality import Modality, claim_features, predict_modality
from news_sentiment.textutil import SentenceIndex
from news_sentiment.training.claims_corpus import CorpusRecord, Split, load_corpus

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parents[3]
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)


def parsed(records: list[CorpusRecord]) -> list[Doc]:
    """The records' texts through the extractor's pipeline up to (not including) the claims component."""
    from news_sentiment.nlp.extract import Extractor

    nlp = Extractor.create().nlp
    with nlp.select_pipes(disable=["claims"] if "claims" in nlp.pipe_names else []):
        return list(nlp.pipe((rec.text for rec in records), batch_size=32))


def examples(records: list[CorpusRecord], docs: list[Doc]) -> list[tuple[list[str], Modality]]:
    """Each gold claim's features (read on its gold span) and gold modality; ``docs`` are ``parsed(records)``."""
    out = []
    for rec, doc in zip(records, docs, strict=True):
        sentences = SentenceIndex(rec.text)
        for claim in rec.claims:
            start, end = claim["span"]
            ss, se = sentences.holding(start)
            out.append((claim_features(doc, start, end, ss, se), Modality(claim.get("modality") or "actual")))
    return out


def fit(train: list[tuple[list[str], Modality]], c: float) -> LinearModel:
    return fit_linear([(f, y.value) for f, y in train], c)


def accuracy(model: LinearModel | None, data: list[tuple[list[str], Modality]]) -> float:
    return sum(predict_modality(model, f) is y for f, y in data) / len(data) if data else 0.0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared")))
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "claims" / "modality.json")
    args = ap.parse_args(argv)
    records = load_corpus(ROOT / "corpus", args.shared)
    docs = dict(zip((r.id for r in records), parsed(records), strict=True))  # one pipeline, every record parsed once
    by_split = {s: [r for r in records if r.split is s] for s in Split}
    data = {s: examples(rs, [docs[r.id] for r in rs]) for s, rs in by_split.items()}
    dev_scores = {c: accuracy(fit(data[Split.TRAIN], c), data[Split.DEV]) for c in C_GRID}
    best = max(C_GRID, key=lambda c: (dev_scores[c], -c))
    model = fit(data[Split.TRAIN], best)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_json(), sort_keys=True) + "\n", encoding="utf-8")
    majority = Counter(y for _, y in data[Split.TRAIN]).most_common(1)[0][0]
    report = {"examples": {s.value: len(d) for s, d in data.items()}, "dev_accuracy_by_C": dev_scores, "C": best,
              "dev": accuracy(model, data[Split.DEV]), "test": accuracy(model, data[Split.TEST]),
              "rules_dev": accuracy(None, data[Split.DEV]), "rules_test": accuracy(None, data[Split.TEST]),
              "majority_class": majority.value,
              "majority_test": sum(y is majority for _, y in data[Split.TEST]) / max(1, len(data[Split.TEST]))}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
