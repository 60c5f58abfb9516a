"""Texts of our own annotated corpora, read in place: licensed datasets in ../shared (by id) and texts we wrote.

Nothing from ../shared is copied into the repository: annotations name a text by id (``sentfin:<S No.>``,
``finentity:<index>``, ``tfns:<row>``) and this module reads it from the dataset when needed; texts we
wrote ourselves live in ``corpus/own_texts.jsonl`` (``own:<n>``) and ``corpus/own_sentiment_items.jsonl``
(``ownsent:<n>``).

Selection is deterministic (ordered by a hash of the id), never includes a text reserved for independent
evaluation (``../shared/eval/RESERVED.md``) or a record of the rules' dev set, and keeps texts with a digit.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# ../shared/eval/RESERVED.md: SEntFiN rows held out for independent evaluation.
SENTFIN_RESERVED = frozenset({
    246, 266, 726, 918, 1020, 1574, 1867, 2068, 2419, 2566, 2703, 2975, 3130, 3348, 3882, 3993, 4080, 4246,
    4550, 4728, 5114, 5674, 6054, 6339, 6775, 6891, 7240, 7471, 7828, 7983, 8124, 8421, 8477, 8583, 8813,
    9337, 9526, 9698, 9983, 10165})
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class SourceText:
    id: str
    text: str
    kind: str  # headline | paragraph | tweet


def finentity_reserved(index: int) -> bool:
    """FinEntity records with index % 10 == 0 are reserved (entity evaluation, sentiment hold-out)."""
    return index % 10 == 0


def order_key(text_id: str) -> str:
    return hashlib.sha256(text_id.encode("utf-8")).hexdigest()


def sentfin_texts(shared: Path, exclude: frozenset[str] = frozenset()) -> Iterator[SourceText]:
    with (shared / "data/sentfin/SEntFiN.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            sno = int(row["S No."])
            tid = f"sentfin:{sno}"
            if sno not in SENTFIN_RESERVED and tid not in exclude:
                yield SourceText(tid, row["Title"], "headline")


def finentity_texts(shared: Path) -> Iterator[SourceText]:
    records = json.loads((shared / "data/finentity/FinEntity.json").read_text(encoding="utf-8"))
    for i, rec in enumerate(records):
        if not finentity_reserved(i):
            yield SourceText(f"finentity:{i}", rec["content"].strip(), "paragraph")


def tfns_texts(shared: Path) -> Iterator[SourceText]:
    with (shared / "data/twitter_financial_news_sentiment/sent_train.csv").open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            yield SourceText(f"tfns:{i}", row["text"], "tweet")


OWN_FILES = ("own_texts.jsonl", "own_sentiment_items.jsonl", "own_narrative_texts.jsonl")  # own:, ownsent:, ownnarr:


def own_texts(corpus_dir: Path) -> Iterator[SourceText]:
    for name in OWN_FILES:
        path = corpus_dir / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    obj = json.loads(line)
                    yield SourceText(obj["id"], obj["text"], obj.get("kind", "paragraph"))


def dev_gold_ids(shared: Path) -> frozenset[str]:
    path = shared / "eval/dev_claims_gold.jsonl"
    return frozenset(json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def sample(texts: Iterator[SourceText], n: int, *, skip: int = 0) -> list[SourceText]:
    """The first ``n`` texts with a digit in hash order (after ``skip``): stable whatever the file order."""
    with_digits = sorted((t for t in texts if _DIGIT.search(t.text)), key=lambda t: order_key(t.id))
    return with_digits[skip:skip + n]


def resolve(shared: Path, corpus_dir: Path) -> dict[str, SourceText]:
    """Every text an annotation may name, by id."""
    out: dict[str, SourceText] = {}
    for it in (sentfin_texts(shared), finentity_texts(shared), tfns_texts(shared), own_texts(corpus_dir)):
        out.update((t.id, t) for t in it)
    return out
