"""Train the entity re-typer (``nlp/retyper.py``) on FinEntity; write models/entities/retyper.json.

    python -m news_sentiment.training.retyper_train            # choose on dev, write the model (seeded)
    python -m news_sentiment.training.retyper_train --dry-run  # print the grid, write nothing

The features read the place gazetteer ``models/entities/places.txt`` (``python -m news_sentiment.places_build``).

Data: FinEntity records of our own split (``training/finentity.py``): **train** = index % 10 in 1..6,
**dev** = index % 10 in 7..9; the reserved held-out records (index % 10 == 0) are never read. The extractor runs
over each record with the re-typer off and keeps its candidates (unlinked people, places and products no rule
re-typed) with their features. A candidate is positive when it matches an annotated span of the record (the
matching rule of ``benchmarks/eval_entities.py``): FinEntity annotates companies and other financial bodies.

Choice, fixed before any run: for each C of the grid a binary logistic model is fitted on train; on dev each
threshold of the grid re-types the candidates whose probability reaches it. Among the (C, threshold) pairs whose
dev precision (positives re-typed / candidates re-typed) is at least ``MIN_PRECISION``, the one re-typing the most
dev positives wins (ties: the higher threshold, then the smaller C). The model is refitted on train alone with
that C and written; when no pair qualifies, no model is written (and an old file is removed).
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from news_sentiment.nlp.linear import fit_linear
from news_sentiment.nlp.retyper import POSITIVE, Retyper, default_path
from news_sentiment.training.finentity import Split, default_data, gold_spans, matches, split_of

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[3]
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
MIN_PRECISION = 0.8
SEED = 13


@dataclass(frozen=True)
class Example:
    features: list[str]
    positive: bool
    record: int


@dataclass(frozen=True)
class Score:
    c: float
    threshold: float
    retyped: int
    gained: int

    @property
    def precision(self) -> float:
        return self.gained / self.retyped if self.retyped else 0.0


def examples(extractor: Any, records: list[dict], split: Split) -> list[Example]:
    """The re-typer's candidates in ``split``'s records, labelled by FinEntity's spans."""
    links = extractor.entity_links
    links.retyper, out = None, []
    for i, record in enumerate(records):
        if split_of(i) is not split:
            continue  # the held-out records are never read
        links.collect = []
        extractor.extract(record["content"])
        spans, _ = gold_spans(record)
        out += [Example(feats, any(matches(g, m) for g in spans), i) for m, feats in links.collect if feats]
    links.collect = None
    return out


def _label(e: Example) -> str:
    return POSITIVE if e.positive else "keep"


def grid(train: list[Example], dev: list[Example]) -> list[Score]:
    scores = []
    for c in C_GRID:
        model = fit_linear([(e.features, _label(e)) for e in train], c, seed=SEED)
        probs = [Retyper(model, 1.0).probability(e.features) for e in dev]
        for t in THRESHOLDS:
            chosen = [e for e, p in zip(dev, probs) if p >= t]
            scores.append(Score(c, t, len(chosen), sum(e.positive for e in chosen)))
    return scores


def choose(scores: list[Score]) -> Score | None:
    ok = [s for s in scores if s.precision >= MIN_PRECISION and s.gained > 0]
    return max(ok, key=lambda s: (s.gained, s.threshold, -s.c)) if ok else None


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=default_data(ROOT))
    ap.add_argument("--out", type=Path, default=None, help="Where to write the model (default: the shipped path).")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from news_sentiment.nlp.extract import Extractor

    records = json.loads(args.data.read_text(encoding="utf-8"))
    extractor = Extractor.create()
    train, dev = examples(extractor, records, Split.TRAIN), examples(extractor, records, Split.DEV)
    log.info("candidates: train %d (%d positive), dev %d (%d positive)", len(train), sum(e.positive for e in train),
             len(dev), sum(e.positive for e in dev))
    scores = grid(train, dev)
    for s in scores:
        log.info("C %-5g threshold %.1f: dev re-typed %3d, positive %3d, precision %.3f", s.c, s.threshold,
                 s.retyped, s.gained, s.precision)
    best = choose(scores)
    out = args.out or default_path()
    if args.dry_run:
        log.info("chosen: %s (dry run: nothing written)", best)
        return
    if best is None:
        out.unlink(missing_ok=True)
        log.info("no (C, threshold) reaches dev precision %.2f: no model written", MIN_PRECISION)
        return
    model = fit_linear([(e.features, _label(e)) for e in train], best.c, seed=SEED)
    Retyper(model, best.threshold).save(out)
    log.info("chosen C %g, threshold %.1f: %d features; written to %s", best.c, best.threshold, len(model.index), out)


if __name__ == "__main__":
    main()
