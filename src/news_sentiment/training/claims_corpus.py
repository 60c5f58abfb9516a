"""Our annotated claims corpus: loading, the fixed split, gold files for the shared scorer, agreement.

Annotations (``corpus/claims.jsonl``) name each text by id and locate each claim by the character span of
a few words around its number (``span``); texts come from ``corpus_sources`` (datasets read in place in
../shared, or our own texts), so no dataset text is stored in the repository.

The split is fixed by a hash of the id: 70 % train, 15 % dev, 15 % test. The test split is for reporting
and for the CI gate only; rules and models are chosen on dev.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from news_sentiment.training.corpus_sources import SourceText, resolve

CLAIM_FIELDS = ("value", "value_high", "unit", "currency", "comparator", "direction", "metric", "subject",
                "period_text", "modality", "speaker")
CATEGORICAL = ("unit", "comparator", "direction", "metric", "modality")
LOOSE = ("subject", "period_text", "speaker")


class Split(Enum):
    TRAIN = "train"
    DEV = "dev"
    TEST = "test"


def split_of(text_id: str) -> Split:
    bucket = int(hashlib.sha256(f"claims-corpus:{text_id}".encode()).hexdigest(), 16) % 100
    return Split.TRAIN if bucket < 70 else Split.DEV if bucket < 85 else Split.TEST


@dataclass(frozen=True)
class CorpusRecord:
    id: str
    text: str
    kind: str
    claims: tuple[dict[str, Any], ...]
    sentiment: dict[str, Any] | None = None
    annotators: tuple[str, ...] = ()

    @property
    def split(self) -> Split:
        return split_of(self.id)


@dataclass
class ConversionReport:
    records: int = 0
    claims: int = 0
    problems: list[str] = field(default_factory=list)


def locate(text: str, quote: str, after: int = 0) -> tuple[int, int] | None:
    """The span of ``quote`` in ``text`` at or after ``after`` (the next claim is later in the text), else anywhere."""
    at = text.find(quote, after)
    if at < 0:
        at = text.find(quote)
    return None if at < 0 or not quote else (at, at + len(quote))


def to_stored(annotation: dict[str, Any], text: str, report: ConversionReport) -> dict[str, Any]:
    """An annotator's line → the stored form: each claim's quote replaced by its span in the text."""
    claims, cursor = [], 0
    for i, claim in enumerate(annotation.get("claims", [])):
        span = locate(text, claim.get("quote") or "", cursor)
        if span is None:
            report.problems.append(f"{annotation['id']} claim {i}: quote not in text")
            continue
        cursor = span[0]
        claims.append({**{k: claim.get(k) for k in CLAIM_FIELDS}, "span": list(span)})
    report.records += 1
    report.claims += len(claims)
    out: dict[str, Any] = {"id": annotation["id"], "claims": claims}
    if annotation.get("sentiment"):
        out["sentiment"] = annotation["sentiment"]
    return out


def load_corpus(corpus_dir: Path, shared: Path, name: str = "claims.jsonl") -> list[CorpusRecord]:
    """The annotated records with their texts; raises KeyError naming an id whose text cannot be found."""
    texts = resolve(shared, corpus_dir)
    records = []
    for line in (corpus_dir / name).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        src: SourceText = texts[obj["id"]]
        records.append(CorpusRecord(id=obj["id"], text=src.text, kind=src.kind, claims=tuple(obj["claims"]),
                                    sentiment=obj.get("sentiment"), annotators=tuple(obj.get("annotators", ()))))
    return records


def gold_line(rec: CorpusRecord) -> dict[str, Any]:
    """A record in the shared scorer's gold format (``quote`` rebuilt from the span)."""
    claims = [{**{k: c.get(k) for k in CLAIM_FIELDS}, "quote": rec.text[c["span"][0]:c["span"][1]]}
              for c in rec.claims]
    return {"id": rec.id, "text": rec.text, "published": None, "claims": claims, "entities": []}


def write_gold(records: Iterable[CorpusRecord], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(gold_line(rec), ensure_ascii=False) + "\n")
            n += 1
    return n


# -- agreement between two annotators -------------------------------------------------------------------------

def _norm(value: Any) -> Any:
    """A name or period as the shared scorer compares it (``score_claims.norm``): NFKC, lower case, a possessive
    's dropped wherever it ends a word ("Lowe's" is 'lowe', as "Lowe's Companies" holds it), legal words and the
    article dropped, other punctuation a space."""
    if isinstance(value, str):
        text = re.sub(r"'s\b", "", unicodedata.normalize("NFKC", value).lower().replace("’", "'"))
        text = re.sub(r"[^\w%$ ]+", " ", _LEGAL.sub(" ", text))
        return " ".join(text.split()) or None
    return value


_LEGAL = re.compile(r"\b(?:inc|incorporated|corp|corporation|co|company|ltd|limited|plc|sa|ag|nv|group|holding|"
                    r"holdings|the|oyj|oy|abp|ab|asa|llc|lp)\b")


def agree(name: str, a: Any, b: Any) -> bool:
    """Field agreement as the shared scorer judges it: loose (whole-word containment) for names and periods."""
    x, y = _norm(a), _norm(b)
    if name in LOOSE and x is not None and y is not None:
        return x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} "
    return x == y


def _same_number(a: dict[str, Any], b: dict[str, Any]) -> bool:
    try:
        va, vb = float(a["value"]), float(b["value"])
    except (TypeError, ValueError, KeyError):
        return False
    close = abs(va - vb) <= 0.005 * max(abs(va), abs(vb), 1e-9)
    return close and a.get("unit") == b.get("unit") and (a.get("unit") != "currency"
                                                          or a.get("currency") == b.get("currency"))


def match_claims(first: Sequence[dict[str, Any]], second: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one greedy matching in text order on value and unit (as the shared scorer matches)."""
    used: set[int] = set()
    pairs = []
    for i, a in enumerate(first):
        for j, b in enumerate(second):
            if j not in used and _same_number(a, b):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def cohen_kappa(pairs: Sequence[tuple[Any, Any]]) -> float | None:
    """Cohen's kappa of two annotators' labels; None when there is nothing to compare."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(left[k] * right.get(k, 0) for k in left) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(first: dict[str, dict[str, Any]], second: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Per-field agreement of two annotators over the texts both annotated (dicts keyed by id)."""
    ids = sorted(set(first) & set(second))
    matched = only_first = only_second = 0
    fields: dict[str, list[tuple[Any, Any]]] = {f: [] for f in (*CATEGORICAL, *LOOSE, "currency", "value_high")}
    sentiment: list[tuple[Any, Any]] = []
    for tid in ids:
        a, b = first[tid].get("claims", []), second[tid].get("claims", [])
        pairs = match_claims(a, b)
        matched += len(pairs)
        only_first += len(a) - len(pairs)
        only_second += len(b) - len(pairs)
        for i, j in pairs:
            for f in fields:
                fields[f].append((a[i].get(f), b[j].get(f)))
        sa, sb = first[tid].get("sentiment") or {}, second[tid].get("sentiment") or {}
        if sa.get("label") and sb.get("label"):
            sentiment.append((sa["label"], sb["label"]))
    number_f1 = 2 * matched / (2 * matched + only_first + only_second) if matched else 0.0
    out: dict[str, Any] = {"texts": len(ids), "claims_first": matched + only_first,
                           "claims_second": matched + only_second, "matched": matched,
                           "number_f1": round(number_f1, 4)}
    for f, pairs in fields.items():
        out[f"{f}_agreement"] = round(sum(agree(f, x, y) for x, y in pairs) / len(pairs), 4) if pairs else None
        if f in CATEGORICAL:
            kappa = cohen_kappa(pairs)
            out[f"{f}_kappa"] = None if kappa is None else round(kappa, 4)
    out["tuple_agreement"] = _tuple_agreement(first, second, ids)
    kappa = cohen_kappa(sentiment)
    out["sentiment_agreement"] = round(sum(x == y for x, y in sentiment) / len(sentiment), 4) if sentiment else None
    out["sentiment_kappa"] = None if kappa is None else round(kappa, 4)
    return out


def _tuple_agreement(first: dict[str, dict[str, Any]], second: dict[str, dict[str, Any]], ids: list[str]) -> float:
    same = total = 0
    for tid in ids:
        a, b = first[tid].get("claims", []), second[tid].get("claims", [])
        pairs = match_claims(a, b)
        total += len(a) + len(b) - len(pairs)
        same += sum(all(agree(f, a[i].get(f), b[j].get(f))
                        for f in ("comparator", "direction", "metric", "subject", "period_text")) for i, j in pairs)
    return round(same / total, 4) if total else 0.0


# -- command line ---------------------------------------------------------------------------------------------

def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def convert_file(annotations: Path, texts: dict[str, SourceText], out: Path, annotator: str) -> ConversionReport:
    """An annotator's file (quotes) → the stored form (spans), tagged with the annotator."""
    report = ConversionReport()
    with out.open("w", encoding="utf-8") as fh:
        for obj in _read_jsonl(annotations):
            stored = to_stored(obj, texts[obj["id"]].text, report)
            stored["annotators"] = [annotator]
            fh.write(json.dumps(stored, ensure_ascii=False) + "\n")
    return report


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m news_sentiment.training.claims_corpus", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--shared", type=Path, default=None, help="The shared folder (default ../shared).")
    sub = ap.add_subparsers(dest="cmd", required=True)
    conv = sub.add_parser("convert", help="annotator file with quotes → stored file with spans")
    conv.add_argument("annotations", type=Path)
    conv.add_argument("out", type=Path)
    conv.add_argument("--annotator", required=True)
    agr = sub.add_parser("agreement", help="per-field agreement of two stored annotation files")
    agr.add_argument("first", type=Path)
    agr.add_argument("second", type=Path)
    gold = sub.add_parser("gold", help="write a split as a gold file for ../shared/eval/score_claims.py")
    gold.add_argument("split", choices=[s.value for s in Split])
    gold.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    shared = args.shared or Path(os.environ.get("SENTIMENT_SHARED", "../shared"))
    if args.cmd == "convert":
        rep = convert_file(args.annotations, resolve(shared, args.corpus), args.out, args.annotator)
        print(json.dumps({"records": rep.records, "claims": rep.claims, "problems": rep.problems}, indent=1))
    elif args.cmd == "agreement":
        first = {o["id"]: o for o in _read_jsonl(args.first)}
        second = {o["id"]: o for o in _read_jsonl(args.second)}
        print(json.dumps(agreement(first, second), indent=1))
    else:
        records = [r for r in load_corpus(args.corpus, shared) if r.split.value == args.split]
        print(write_gold(records, args.out), "records")


if __name__ == "__main__":
    main()
