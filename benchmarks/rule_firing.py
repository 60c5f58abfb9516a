"""How often each extraction rule fires, on unlabelled text and on our dev split, and how often it is right there.

    python benchmarks/rule_firing.py                  # table of every rule id (rules alone, no learned models)
    python benchmarks/rule_firing.py --stage metric   # one stage
    python benchmarks/rule_firing.py --json out.json  # the figures as JSON too

Unlabelled corpus: SEntFiN headlines and FinEntity paragraphs from ../shared/data (minus every text reserved in
../shared/eval/RESERVED.md, by the exclusion helpers of training/corpus_sources.py, and minus the shared dev
set's records) and our own texts (corpus/own_texts.jsonl), keeping texts with a digit; texts of our corpus's dev
and test splits are left out, so "elsewhere" never counts a dev record. Dev: our corpus's dev split.

A rule fires on a claim when its id is in the claim's trace (``Claim.rules``). Precision of a rule on dev: among
the predicted claims it fired on that match a gold claim (value and unit, as the shared scorer matches), the
share whose attribute of the rule's stage (comparator, direction, metric, subject, period, modality,
speaker) agrees with the gold one; for unit and number rules, the share of the claims it fired on that match a
gold claim at all (a wrong unit or value leaves a claim unmatched). Flagged: rules that fire on at most one dev record and on
at most ``--rare`` unlabelled texts (candidates for deletion: they may encode a single record).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared"))

# unit, number, claim: matched at all
STAGE_FIELD = {"comparator": "comparator", "direction": "direction", "metric": "metric", "subject": "subject",
               "period": "period_text", "modality": "modality", "speaker": "speaker"}


@dataclass
class RuleStats:
    """Firings of one rule id: claims and distinct texts, unlabelled and dev; dev claims matched and right."""

    unlabelled_claims: int = 0
    unlabelled_texts: set[str] = field(default_factory=set)
    dev_claims: int = 0
    dev_texts: set[str] = field(default_factory=set)
    dev_matched: int = 0
    dev_right: int = 0

    @property
    def precision(self) -> float | None:
        return self.dev_right / self.dev_matched if self.dev_matched else None

    def flagged(self, rare: int) -> bool:
        return len(self.dev_texts) <= 1 and len(self.unlabelled_texts) <= rare

    def to_json(self) -> dict:
        return {"unlabelled_claims": self.unlabelled_claims, "unlabelled_texts": len(self.unlabelled_texts),
                "dev_claims": self.dev_claims, "dev_texts": len(self.dev_texts), "dev_matched": self.dev_matched,
                "dev_precision": None if self.precision is None else round(self.precision, 3)}


def unlabelled_texts(shared: Path, corpus_dir: Path, skip: frozenset[str]) -> list[tuple[str, str]]:
    """(id, text) of the unlabelled corpus: reserved texts, the shared dev set and ``skip`` ids left out."""
    from news_sentiment.training.corpus_sources import (
        dev_gold_ids, finentity_texts, own_texts, sample, sentfin_texts)

    exclude = skip | dev_gold_ids(shared)
    sources = (sentfin_texts(shared, exclude), finentity_texts(shared), own_texts(corpus_dir))
    texts = [t for src in sources for t in sample(src, 10**9) if t.id not in exclude]
    return [(t.id, t.text) for t in texts if t.id.startswith(("sentfin:", "finentity:", "own:"))]


def rule_right(rule_id: str, gold: dict, pred: dict) -> bool:
    """Whether the attribute the rule decides is right on a matched claim."""
    from news_sentiment.training.claims_corpus import agree

    name = STAGE_FIELD.get(rule_id.split(".", 1)[0])
    return True if name is None else agree(name, gold.get(name), pred.get(name))


def tally_unlabelled(stats: dict[str, RuleStats], text_id: str, claims: Iterable[dict]) -> None:
    for c in claims:
        for rid in set(c.get("rules") or ()):
            stats[rid].unlabelled_claims += 1
            stats[rid].unlabelled_texts.add(text_id)


def tally_dev(stats: dict[str, RuleStats], text_id: str, gold: list[dict], pred: list[dict]) -> None:
    from news_sentiment.training.claims_corpus import match_claims

    matched = {j: i for i, j in match_claims(gold, pred)}
    for j, c in enumerate(pred):
        for rid in set(c.get("rules") or ()):
            s = stats[rid]
            s.dev_claims += 1
            s.dev_texts.add(text_id)
            if j in matched:
                s.dev_matched += 1
                s.dev_right += rule_right(rid, gold[matched[j]], c)
            elif rid.split(".", 1)[0] not in STAGE_FIELD:
                s.dev_matched += 1  # a unit or number rule on an unmatched claim: counted as wrong


def run(extractor, texts: list[tuple[str, str]], dev: list, stats: dict[str, RuleStats]) -> None:
    for (tid, _), ex in zip(texts, extractor.extract_many((t, None) for _, t in texts)):
        tally_unlabelled(stats, tid, (c.to_json() for c in ex.claims))
    for rec, ex in zip(dev, extractor.extract_many((r.text, None) for r in dev)):
        tally_dev(stats, rec.id, list(rec.claims), [c.to_json() for c in ex.claims])


def table(stats: dict[str, RuleStats], ids: Iterable[str], rare: int) -> Iterator[str]:
    yield f"{'rule id':40} {'unlab.claims':>12} {'unlab.texts':>11} {'dev claims':>10} {'dev texts':>9} " \
          f"{'dev matched':>11} {'precision':>9}  flag"
    for rid in ids:
        s = stats[rid]
        prec = "-" if s.precision is None else f"{s.precision:.3f}"
        flag = "RARE" if s.flagged(rare) else ""
        yield f"{rid:40} {s.unlabelled_claims:12d} {len(s.unlabelled_texts):11d} {s.dev_claims:10d} " \
              f"{len(s.dev_texts):9d} {s.dev_matched:11d} {prec:>9}  {flag}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stage", help="Only rules of this stage (unit, comparator, direction, metric, ...).")
    ap.add_argument("--rare", type=int, default=2, help="Flag rules on <= 1 dev record and <= RARE other texts.")
    ap.add_argument("--models", action="store_true", help="Apply the learned metric/direction models too.")
    ap.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = ap.parse_args(argv)
    from news_sentiment.nlp.claim_models import ClaimModels
    from news_sentiment.nlp.extract import Extractor
    from news_sentiment.nlp.rulebook import all_rules
    from news_sentiment.training.claims_corpus import Split, load_corpus

    t0 = time.perf_counter()
    extractor = Extractor.create()
    if not args.models:
        extractor.claim_models = ClaimModels({})  # the rules' own decisions
    records = load_corpus(ROOT / "corpus", SHARED)
    dev = [r for r in records if r.split is Split.DEV]
    skip = frozenset(r.id for r in records if r.split in (Split.DEV, Split.TEST))
    texts = unlabelled_texts(SHARED, ROOT / "corpus", skip)
    stats: dict[str, RuleStats] = defaultdict(RuleStats)
    run(extractor, texts, dev, stats)
    known = [r.id for r in all_rules() if not args.stage or r.stage == args.stage]
    ids = sorted(set(known) | {k for k in stats if not args.stage or k.startswith(args.stage + ".")})
    print(f"# {len(texts)} unlabelled texts, {len(dev)} dev texts; rules {'+ models' if args.models else 'alone'}; "
          f"{platform.node()} {platform.processor() or platform.machine()}, {time.strftime('%Y-%m-%d')}, "
          f"{time.perf_counter() - t0:.0f} s")
    print("\n".join(table(stats, ids, args.rare)))
    flagged = [rid for rid in ids if stats[rid].flagged(args.rare)]
    print(f"# flagged (<= 1 dev record, <= {args.rare} unlabelled texts): {len(flagged)} of {len(ids)}: "
          + ", ".join(flagged))
    if args.json:
        args.json.write_text(json.dumps({rid: stats[rid].to_json() for rid in ids}, indent=1) + "\n")


if __name__ == "__main__":
    sys.exit(main())
