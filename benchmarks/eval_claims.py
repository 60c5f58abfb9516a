"""Claim extraction accuracy: our own corpus's splits and the shared dev set, scored by the shared scorer.

    python benchmarks/eval_claims.py                 # corpus dev + test, and the shared dev set
    python benchmarks/eval_claims.py --sets test --verbose
    python benchmarks/eval_claims.py --sets dev --source own   # only our own texts ('own:*') of a set
    python benchmarks/eval_claims.py --sets batch-l batch-m  # batches L, M (train): see corpus/README.md

Our corpus (corpus/claims.jsonl, texts read in place from ../shared or corpus/own_texts.jsonl) is split by a
hash of the id; rules and models are chosen on `dev`, `test` is for reporting (and the CI gate).
`../shared/eval/dev_claims_gold.jsonl` is the set the first rules were built on: reported, never a gate.
`batch-q` is batch Q (100 dense paragraphs and items of our own, `own:393`-`492`, all three splits by the id hash;
annotated twice, agreement in corpus/README.md), `batch-s` batch S (50 more such texts, `own:493`-`542`, written
and annotated at the end of round 22 to measure it), `batch-t` ... `batch-y` batches T (`own:543`-`592`), U
(`own:593`-`642`), V (`own:643`-`692`), W (`own:693`-`742`), X (`own:743`-`792`), Y (`own:793`-`842`), Z
(`own:843`-`892`), `batch-aa` AA (`own:893`-`942`, annotators AA1-AA4), `batch-ab` AB (`own:943`-`992`,
annotators AB1-AB4), `batch-ac` AC (`own:993`-`1042`), `batch-ad` AD (`own:1043`-`1092`), `batch-ae` AE
(`own:1093`-`1142`, 28 headline + summary items), `batch-af` AF (`own:1143`-`1192`, wire copy), `batch-ag` AG
(`own:1193`-`1242`, press-release sentences and market headlines), `batch-ah` AH (`own:1243`-`1292`, all three
kinds), `batch-ai` AI (`own:1293`-`1342`, written at round 32's end to measure it) and `batch-aj` AJ
(`own:1343`-`1392`, parts, markets and statistics as owners, written at round 33's start), `batch-ak` AK
(`own:1393`-`1442`, a plain mix, written to measure round 33), written and annotated the same way to measure the
rounds before each, and `batch-al` AL (100 real texts chosen at round 34's start and annotated the same way: 40
FinEntity paragraphs, 30 SEntFiN headlines, 30 financial news tweets) and `batch-am` AM (100 more, chosen at
round 34's end: 49 SEntFiN headlines, 50 tweets and the last FinEntity paragraph with a figure) and `batch-an` AN
(100 more, chosen at round 35's end: 50 SEntFiN headlines, 50 tweets) and `batch-ao` AO (100 more of the same
kinds, chosen at round 36's end) and `batch-ap` AP (100 more of the same kinds, chosen at round 37's end) and `batch-aq` AQ (100 more, chosen at
round 38's end) and `batch-ar` AR (100 more, chosen at round 39's end) and `batch-at` AT (100 more, chosen at
round 43's end; AS is AR annotated again, for agreement only) and `batch-au` AU (100 more, chosen during round 44 and
scored at its end) and `batch-av` AV (100 more, chosen at round 45's start) and `batch-aw` AW (100 more, chosen at
round 45's end) and `batch-ax` AX (100 more, chosen during round 47) and `batch-ay` AY (100 more, chosen at round
48's start) and `batch-az` AZ (100 more, chosen at round 49's start).
`batch-l` is the part of train that annotators L1-L6 labelled
(real wire paragraphs and feed headlines, added 2026-12-05), `batch-m` the part M1-M4 labelled (feed headlines
and our news items, added the same day after round 20's rules, main at 72ee53d): fresh text for any code older than
each. To score an older version on it, put that version's
source first on the path: `git worktree add /tmp/old 221036a && PYTHONPATH=/tmp/old/src python
benchmarks/eval_claims.py --sets batch-l` (its models come from /tmp/old/models).
Modality and speaker, which the shared scorer does not read, are scored here on matched claims.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared"))


def predict(extractor, gold_path: Path, pred_path: Path) -> list[dict]:
    from news_sentiment.nlp.extract import extract_jsonl

    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = io.StringIO()
    extract_jsonl([json.dumps({"id": g["id"], "text": g["text"], "published": g.get("published")}) for g in gold],
                  out, extractor=extractor)
    pred_path.write_text(out.getvalue(), encoding="utf-8")
    return gold


def score(gold_path: Path, pred_path: Path, verbose: bool) -> dict:
    args = [sys.executable, str(SHARED / "eval" / "score_claims.py"), str(gold_path), str(pred_path), "--json"]
    res = subprocess.run(args, capture_output=True, text=True, check=True)
    report = json.loads(res.stdout[: res.stdout.rindex("}") + 1])
    if verbose:
        print("\n".join(report["misses"]), file=sys.stderr)
    return report


def extra_fields(gold: list[dict], pred_path: Path) -> dict:
    """Modality and speaker accuracy on claims matched by value and unit (when the extractor gives them)."""
    from news_sentiment.training.claims_corpus import agree, match_claims

    preds = {obj["id"]: obj for obj in map(json.loads, filter(str.strip, pred_path.read_text().splitlines()))}
    counts = {"modality": [0, 0], "speaker": [0, 0]}
    for g in gold:
        p = preds.get(g["id"], {}).get("claims", [])
        for i, j in match_claims(g["claims"], p):
            for f in counts:
                if f in g["claims"][i]:
                    counts[f][1] += 1
                    counts[f][0] += agree(f, g["claims"][i][f], p[j].get(f))
    return {f"{f}_accuracy": round(ok / n, 4) if n else None for f, (ok, n) in counts.items()}


def _set_name(name: str) -> str:
    if name in ("train", "dev", "test", "shared-dev") or re.fullmatch(r"batch-[a-z]{1,2}", name):
        return name
    raise argparse.ArgumentTypeError(f"unknown set {name!r}: use train, dev, test, shared-dev or batch-<letters>")


def _in_set(record, name: str) -> bool:
    if name.startswith("batch-"):  # 'batch-l': the records annotators L1, L2, ... labelled; 'batch-aa': AA1 ...
        prefix = name.removeprefix("batch-").upper()
        return any(a.startswith(prefix) and (a[len(prefix):] == "" or a[len(prefix):].isdigit())
                   for a in record.annotators)
    return record.split.value == name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", default=["dev", "test", "shared-dev"], type=_set_name,
                    metavar="SET", help="train, dev, test, shared-dev or batch-<letters> (batch-l ... batch-av: "
                                        "the records a batch's annotators labelled; see corpus/README.md)")
    ap.add_argument("--verbose", action="store_true", help="Print the scorer's per-claim differences.")
    ap.add_argument("--source", choices=["finentity", "own", "ownsent", "sentfin", "tfns"],
                    help="Only the texts of one source (the id's prefix: 'own:12' is one of our own paragraphs).")
    args = ap.parse_args()
    from news_sentiment.nlp.extract import Extractor
    from news_sentiment.training.claims_corpus import load_corpus, write_gold

    extractor = Extractor.create()
    records = load_corpus(ROOT / "corpus", SHARED)
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets:
            gold_path = Path(tmp) / f"{name}.gold.jsonl"
            if name == "shared-dev":
                gold_path = SHARED / "eval" / "dev_claims_gold.jsonl"
            else:
                chosen = [r for r in records if _in_set(r, name)]
                if not chosen:
                    ap.error(f"no corpus record is in {name}")
                write_gold([r for r in chosen if not args.source or r.id.split(":")[0] == args.source], gold_path)
            pred_path = Path(tmp) / f"{name}.pred.jsonl"
            gold = predict(extractor, gold_path, pred_path)
            report = score(gold_path, pred_path, args.verbose)
            keep = {k: report[k] for k in ("number_f1", "claim_tuple_f1", "attribute_accuracy") if k in report}
            keep.update(extra_fields(gold, pred_path))
            print(json.dumps({"set": name, "source": args.source or "all", "texts": len(gold),
                              "claims": sum(len(g["claims"]) for g in gold),
                              **keep}))


if __name__ == "__main__":
    main()
