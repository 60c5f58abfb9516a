#!/usr/bin/env python3
"""Choose the fuzzy-linking cutoff (nlp/entities.py FUZZY_CUTOFF) on a dev split of our own.

    python benchmarks/choose_fuzzy_cutoff.py            # a table of cutoffs, and the one chosen

Data: FinEntity's *study* records only (index % 10 != 0, the split benchmarks/eval_entities.py may study;
the held-out records index % 10 == 0 are never read here). Labels come from the texts themselves: a name
written with a Reuters instrument code ('Acme Corp <ACME.N>') is known to be the KB entity quoted under that
code's ticker (KnowledgeBase.by_tickers), or to be no KB entity when no entity has the ticker. For every such
name that no exact or generated alias links, the best fuzzy candidate (same rules as extraction: within the
company family, same first letter, never inside a word) and its rapidfuzz ratio are recorded; a candidate is
correct when it is the entity of the code's ticker.

For each cutoff: links made, correct, precision, and recall over the names whose entity the KB knows. The
chosen cutoff is the lowest whose precision is at least TARGET_PRECISION (a wrong link puts an article under
another company; a missed link leaves a name unlinked, which is still shown), so the most links at that
precision. Only aggregate figures and the candidates' KB names are printed, never the texts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "finentity" / "FinEntity.json"
TARGET_PRECISION = 0.95
CUTOFFS = tuple(range(70, 101, 2))
_NAME_BEFORE = re.compile(r"((?:(?:[A-Z][\w&.'’-]*|&)\s+){0,4}[A-Z][\w&.'’-]*)\s*$")


def candidates(records: list[dict]) -> list[tuple[float, bool, bool]]:
    """(ratio, correct, the KB knows the entity) for each coded name no alias links; ratio 0 when no candidate."""
    from news_sentiment.nlp.entities import fuzzy_match, link
    from news_sentiment.nlp.evidence import CodeKind, find_codes
    from news_sentiment.nlp.kb import load_kb

    kb = load_kb()
    out = []
    for i, rec in enumerate(records):
        if i % 10 == 0:
            continue  # held-out: never read for choosing
        text = rec["content"]
        for code in find_codes(text):
            if code.kind is not CodeKind.EQUITY:
                continue
            m = _NAME_BEFORE.search(text, max(0, code.start - 80), code.start)
            if not m or link(kb, m.group(1), fuzzy=False).entity is not None:
                continue
            truth = kb.by_tickers(code.tickers)
            hit = fuzzy_match(kb, m.group(1), "company", cutoff=min(CUTOFFS))
            out.append((hit[1] if hit else 0.0, hit is not None and truth is not None and hit[0].id == truth.id,
                        truth is not None))
    return out


def table(cands: list[tuple[float, bool, bool]]) -> list[dict]:
    known = sum(1 for _, _, k in cands if k)
    rows = []
    for cut in CUTOFFS:
        made = [c for c in cands if c[0] >= cut]
        good = sum(1 for c in made if c[1])
        rows.append({"cutoff": cut, "links": len(made), "correct": good,
                     "precision": round(good / len(made), 3) if made else None,
                     "recall": round(good / known, 3) if known else None})
    return rows


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    if not DATA.is_file():
        print(f"FinEntity not found at {DATA}", file=sys.stderr)
        return 2
    records = json.loads(DATA.read_text(encoding="utf-8"))
    cands = candidates(records)
    rows = table(cands)
    for row in rows:
        print(json.dumps(row))
    ok = [r["cutoff"] for r in rows if r["precision"] is not None and r["precision"] >= TARGET_PRECISION]
    print(json.dumps({"names_without_alias_link": len(cands), "kb_knows": sum(1 for c in cands if c[2]),
                      "target_precision": TARGET_PRECISION, "chosen_cutoff": min(ok) if ok else None}))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
