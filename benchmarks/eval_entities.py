#!/usr/bin/env python3
"""Company span recall of the entity extractor on FinEntity (../shared/data/finentity/FinEntity.json).

    python benchmarks/eval_entities.py                   # both splits, aggregate figures
    python benchmarks/eval_entities.py --verbose         # + the study split's misses, to study

FinEntity's annotations are the financial entities (companies, banks, funds, exchanges, a few regulators)
of real wire-news paragraphs; every annotated span counts as a company/organisation span.

Splits (fixed, by the record's 0-based index in the file):
  heldout  index % 10 == 0: RESERVED for independent evaluation (see ../shared/eval/RESERVED.md). Only the
           aggregate figures are printed; its misses and texts are never printed, whatever the options.
  study    every other record: misses may be listed (--verbose) and studied.

Matching rule. A gold span is *found* when one predicted mention overlaps it by at least half of the gold
span's characters AND at least half of the mention's characters (mutual half overlap): 'Chevron Corp' finds
'Chevron', but one mention running over a whole list ('Chevron, Halliburton and Baker Hughes') finds none of
the three, and 'Goldman' inside 'Goldman Sachs Asset Management' is not enough. A mention's leading article
and trailing possessive are not counted in its length ('the Fed' finds 'Fed'). Two figures per split:
  company  found by a mention whose kind is company or organization (outlets, indices, products, people and
           places do not count: FinEntity also annotates indices such as 'S&P 500' and news agencies such as
           'Reuters', which this figure therefore counts as misses even when typed right);
  any      found by a mention of any kind.
`found_by_kind` splits the found spans by the kind of the best mention (company, organization, outlet, index,
product, person, place), so other groupings can be read off.
Gold offsets: about 3 % of FinEntity's spans are shifted by a few characters against the text (an encoding
slip in the dataset); such a span is moved to the occurrence of its value nearest to the stated start, or
dropped and counted as `unaligned` when the value does not occur within 400 characters. Duplicate gold spans
(same start and end) count once.

The bar (issue 11): heldout recall >= 0.93 with a company kind and >= 0.93 of any kind.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "finentity" / "FinEntity.json"
COMPANY_KINDS = frozenset({"company", "organization"})
MAX_SHIFT = 400


def split_of(index: int) -> str:
    return "heldout" if index % 10 == 0 else "study"


def gold_spans(record: dict) -> tuple[list[tuple[int, int]], int]:
    """The record's annotated spans as (start, end), realigned where the offsets slipped; and how many were dropped."""
    text = record["content"]
    spans: set[tuple[int, int]] = set()
    dropped = 0
    for ann in record["annotations"]:
        start, end, value = ann["start"], ann["end"], ann["value"]
        if text[start:end] != value:
            hits = [i for i in range(len(text)) if text.startswith(value, i)]
            best = min(hits, key=lambda i: abs(i - start), default=None)
            if best is None or abs(best - start) > MAX_SHIFT:
                dropped += 1
                continue
            start, end = best, best + len(value)
        spans.add((start, end))
    return sorted(spans), dropped


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


_ARTICLE = re.compile(r"(?:the|a|an)\s+", re.IGNORECASE)


def core(mention) -> tuple[int, int]:
    """The mention's span without a leading article or a trailing possessive ('the Fed' -> 'Fed')."""
    start, end, text = mention.start, mention.end, mention.text
    art = _ARTICLE.match(text)
    if art and art.end() < len(text):
        start += art.end()
    if text.endswith(("'s", "’s")) and end - 2 > start:
        end -= 2
    return start, end


def matches(gold: tuple[int, int], mention) -> bool:
    """Mutual half overlap (see the module docstring)."""
    start, end = core(mention)
    ov = overlap(gold, (start, end))
    return ov * 2 >= gold[1] - gold[0] and ov * 2 >= end - start and ov > 0


@dataclass
class Tally:
    spans: int = 0
    company: int = 0
    any: int = 0
    unaligned: int = 0
    records: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)  # kind of the mention that found each span

    def figures(self, name: str) -> dict:
        return {"split": name, "records": self.records, "gold_spans": self.spans, "unaligned": self.unaligned,
                "found_company_kind": self.company, "found_any_kind": self.any,
                "recall_company_kind": round(self.company / self.spans, 4) if self.spans else None,
                "recall_any_kind": round(self.any / self.spans, 4) if self.spans else None,
                "found_by_kind": dict(sorted(self.by_kind.items(), key=lambda kv: -kv[1]))}


def score_record(record: dict, mentions: list, tally: Tally) -> list[str]:
    """Add one record to ``tally``; return its misses as printable lines."""
    spans, dropped = gold_spans(record)
    tally.records += 1
    tally.unaligned += dropped
    tally.spans += len(spans)
    text, misses = record["content"], []
    for g in spans:
        hits = [m for m in mentions if matches(g, m)]
        company = [m for m in hits if m.kind in COMPANY_KINDS]
        tally.any += bool(hits)
        tally.company += bool(company)
        if hits:
            kind = (company or hits)[0].kind
            tally.by_kind[kind] = tally.by_kind.get(kind, 0) + 1
        if not company:
            near = [f"{m.text!r}:{m.kind}" for m in mentions if overlap(g, (m.start, m.end))]
            ctx = text[max(0, g[0] - 60):g[1] + 60].replace("\n", " ")
            misses.append(f"  {text[g[0]:g[1]]!r} -> {', '.join(near) or 'nothing'}\n      ...{ctx}...")
    return misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verbose", action="store_true", help="List the study split's misses (never the held-out's).")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from news_sentiment.nlp.extract import Extractor

    records = json.loads(args.data.read_text(encoding="utf-8"))
    extractor = Extractor.create()
    tallies = {"heldout": Tally(), "study": Tally()}
    for i, record in enumerate(records):
        split = split_of(i)
        mentions = extractor.extract(record["content"]).mentions
        misses = score_record(record, mentions, tallies[split])
        if args.verbose and split == "study" and misses:
            print(f"[{i}]", *misses, sep="\n", file=sys.stderr)
    for name, tally in tallies.items():
        print(json.dumps(tally.figures(name)))


if __name__ == "__main__":
    main()
