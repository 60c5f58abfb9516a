#!/usr/bin/env python3
"""A fixed sample of extracted entities from our own texts, to judge junk by hand (issue 11: <= 3 % junk).

    python benchmarks/sample_entities.py            # 60 mentions, one JSON line each
    python benchmarks/sample_entities.py --n 100

Texts: corpus/own_texts.jsonl (the texts we wrote, `own:*`; none reserved). Every text is extracted (published
date 2025-03-07); the mentions are listed in text order (by id number, then offset) and the sample takes
every k-th, k = total // n, starting at the first (``--start``: another offset, for a second sample): a
rule fixed before looking, so the sample cannot be chosen. Judge each line: junk is a mention that is no name at all ('First Time', 'Weak Jobs Data'), a name cut
or run together wrongly, a wrong kind (a company typed person or place) or a wrong KB link.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "corpus" / "own_texts.jsonl"


def sample(n: int, start: int = 0) -> list[dict]:
    from news_sentiment.nlp.extract import Extractor

    ex = Extractor.create()
    rows = [json.loads(line) for line in TEXTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.sort(key=lambda r: int(r["id"].split(":")[1]))
    mentions = []
    for row in rows:
        for m in ex.extract(row["text"], "2025-03-07").mentions:
            mentions.append({"id": row["id"], "text": m.text, "name": m.name, "kind": m.kind, "ticker": m.ticker,
                             "link": str(m.link), "confidence": m.confidence})
    step = max(1, len(mentions) // n)
    return mentions[start::step][:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--start", type=int, default=0, help="First mention taken (a second sample: --start 1).")
    args = ap.parse_args(argv)
    for row in sample(args.n, args.start):
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
