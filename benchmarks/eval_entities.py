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
  study_dev  the study records with index % 10 in 7..9 (also counted in study): where the learned re-typer
           (nlp/retyper.py) is chosen; it is trained on index % 10 in 1..6 (news_sentiment.training.finentity).

Matching rule. A gold span is *found* when one predicted mention overlaps it by at least half of the gold
span's characters AND at least half of the mention's characters (mutual half overlap): 'Chevron Corp' finds
'Chevron', but one mention running over a whole list ('Chevron, Halliburton and Baker Hughes') finds none of
the three, and 'Goldman' inside 'Goldman Sachs Asset Management' is not enough. A mention's leading article
and trailing possessive are not counted in its length ('the Fed' finds 'Fed'). Two figures per split:
  company  found by a mention whose kind is company or organization (outlets, indices, products, people and
           places do not count: FinEntity also annotates indices such as 'S&P 500' and news agencies such as
           'Reuters', which this figure therefore counts as misses even when typed right);
  any      found by a mention of any kind.
A third figure, beside them (the issue's two are unchanged):
  financial  found by a mention of a *financial entity* kind: company, organization or outlet, or index when
           the mention is linked to a knowledge-base entity of kind index ('S&P 500' linked to the KB's S&P 500;
           an unlinked 'Hong Kong shares' typed index does not count). The index kind counts here only where the
           KB vouches for it, not on the extractor's own guess, so this figure measures the kinds we can defend
           for what FinEntity annotates (companies, banks, funds, exchanges, regulators, news agencies, indices).
A fourth figure, also beside them:
  company_of_companies  the company figure over the gold spans that are not a *KB-vouched other thing*: a span
           found by a mention linked to a knowledge-base entity whose KB kind is index, commodity, outlet or basket
           (typed that kind, not company: 'S&P 500' linked to the KB's index, 'Brent' to its commodity, 'Reuters'
           to its outlet) leaves the denominator (`kb_vouched_other` counts them). The KB, not the extractor's guess,
           decides what is no company, so this figure asks the issue's question (are companies typed as companies)
           of the spans FinEntity annotates that are companies; an unlinked index or commodity stays a miss.
`found_by_kind` splits the found spans by the kind of the best mention (company, organization, outlet, index,
product, person, place), so other groupings can be read off; `not_found` splits the spans found by no mention
into those no mention overlaps at all ('nothing': NER and the rules missed the name) and those a mention
overlaps with another extent ('other_extent': 'OPEC+ group' for 'OPEC+', 'U.S.' for 'U.S. crude').
Gold offsets: about 3 % of FinEntity's spans are shifted by a few characters against the text (an encoding
slip in the dataset); such a span is moved to the occurrence of its value nearest to the stated start, or
dropped and counted as `unaligned` when the value does not occur within 400 characters. Duplicate gold spans
(same start and end) count once.

The bar (issue 11): heldout recall >= 0.93 with a company kind and >= 0.93 of any kind.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from news_sentiment.training.finentity import (Split, default_data, gold_spans, matches, overlap,  # noqa: E402
                                               split_of as fine_split)

DATA = default_data(ROOT)
COMPANY_KINDS = frozenset({"company", "organization"})
FINANCIAL_KINDS = COMPANY_KINDS | {"outlet"}  # + 'index' when linked to a KB index (see financial_kind)
KB_OTHER_KINDS = frozenset({"index", "commodity", "outlet", "basket"})  # KB kinds that are no company


def split_of(index: int) -> str:
    return "heldout" if index % 10 == 0 else "study"


@dataclass
class Tally:
    spans: int = 0
    company: int = 0
    any: int = 0
    financial: int = 0
    kb_other: int = 0  # spans the KB vouches are an index, commodity, outlet or basket (see kb_vouched_other)
    unaligned: int = 0
    records: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)  # kind of the mention that found each span
    not_found: dict[str, int] = field(default_factory=dict)  # 'nothing' overlaps it, or a mention of 'other_extent'

    def figures(self, name: str) -> dict:
        return {"split": name, "records": self.records, "gold_spans": self.spans, "unaligned": self.unaligned,
                "found_company_kind": self.company, "found_any_kind": self.any,
                "found_financial_kind": self.financial,
                "recall_company_kind": self._recall(self.company), "recall_any_kind": self._recall(self.any),
                "recall_financial_kind": self._recall(self.financial),
                "kb_vouched_other": self.kb_other,
                "recall_company_kind_of_companies": round(self.company / (self.spans - self.kb_other), 4)
                if self.spans > self.kb_other else None,
                "found_by_kind": dict(sorted(self.by_kind.items(), key=lambda kv: -kv[1])),
                "not_found": dict(sorted(self.not_found.items()))}


    def _recall(self, found: int) -> float | None:
        return round(found / self.spans, 4) if self.spans else None


def financial_kind(mention, kb_kinds: dict[str, str]) -> bool:
    """Is ``mention`` of a financial entity kind: company, organisation, outlet, or an index linked to a KB index?"""
    if mention.kind in FINANCIAL_KINDS:
        return True
    return mention.kind == "index" and mention.kb_id is not None and kb_kinds.get(mention.kb_id) == "index"


def kb_vouched_other(hits: list, kb_kinds: dict[str, str]) -> bool:
    """No mention that found the span is of a company kind, and one is linked to a KB entity of an other kind
    (index, commodity, outlet, basket) and typed that way: the knowledge base says the span is no company."""
    if any(m.kind in COMPANY_KINDS for m in hits):
        return False
    return any(m.kb_id is not None and kb_kinds.get(m.kb_id) in KB_OTHER_KINDS and m.kind != "company" for m in hits)


def score_record(record: dict, mentions: list, tally: Tally, kb_kinds: dict[str, str]) -> list[str]:
    """Add one record to ``tally`` (``kb_kinds``: KB id -> the KB's kind); return its misses as printable lines."""
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
        tally.financial += any(financial_kind(m, kb_kinds) for m in hits)
        tally.kb_other += kb_vouched_other(hits, kb_kinds)
        if hits:
            kind = (company or hits)[0].kind
            tally.by_kind[kind] = tally.by_kind.get(kind, 0) + 1
        near = [f"{m.text!r}:{m.kind}" for m in mentions if overlap(g, (m.start, m.end))]
        if not hits:
            why = "other_extent" if near else "nothing"
            tally.not_found[why] = tally.not_found.get(why, 0) + 1
        if not company:
            ctx = text[max(0, g[0] - 60):g[1] + 60].replace("\n", " ")
            misses.append(f"  {text[g[0]:g[1]]!r} -> {', '.join(near) or 'nothing'}\n      ...{ctx}...")
    return misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verbose", action="store_true", help="List the study split's misses (never the held-out's).")
    ap.add_argument("--rules-only", action="store_true", help="Without the learned re-typer (the rules alone).")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    if not args.data.is_file():
        ap.error(f"{args.data} does not exist: point --data (or SENTIMENT_SHARED) at FinEntity.json")
    from news_sentiment.nlp.extract import Extractor

    records = json.loads(args.data.read_text(encoding="utf-8"))
    extractor = Extractor.create()
    if args.rules_only:
        extractor.entity_links.retyper = None
    kb_kinds = {kb_id: e.kind for kb_id, e in extractor.kb.by_id.items()}
    tallies = {"heldout": Tally(), "study": Tally(), "study_dev": Tally()}
    for i, record in enumerate(records):
        split = split_of(i)
        mentions = extractor.extract(record["content"]).mentions
        misses = score_record(record, mentions, tallies[split], kb_kinds)
        if fine_split(i) is Split.DEV:
            score_record(record, mentions, tallies["study_dev"], kb_kinds)
        if args.verbose and split == "study" and misses:
            print(f"[{i}]", *misses, sep="\n", file=sys.stderr)
    for name, tally in tallies.items():
        print(json.dumps(tally.figures(name)))


if __name__ == "__main__":
    main()
