"""Training examples for the sentiment model, read in place from ``../shared/data``. Standard library only.

Only permissively licensed data, without the held-out test rows:
  * SEntFiN (MIT): headlines whose ``S No.`` % 10 != 0; one targeted example per (entity, label),
    plus the plain headline when all its entities share one label;
  * Twitter financial news sentiment ``sent_train.csv`` (MIT): plain tweets;
  * FinEntity (ODC-BY): records whose index % 10 != 0; one targeted example per annotated span
    (the sentence(s) holding the span), plus plain sentences whose entities share one label.
Financial PhraseBank, FinNum and NumClaim are never read (non-commercial licences).
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from news_sentiment.nlp.sentiment import LABELS, sentences_with, split_sentences

TFNS = {"0": "negative", "1": "positive", "2": "neutral"}


@dataclass(frozen=True)
class Example:
    text: str
    target: str | None
    label: str
    source: str
    group: str  # examples sharing a group (same headline/record) stay on one side of a split

    @property
    def label_id(self) -> int:
        return LABELS.index(self.label)


def sentfin(data: Path) -> Iterator[Example]:
    with open(data / "sentfin" / "SEntFiN.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            n = int(row["S No."])
            if n % 10 == 0:  # held out: sentfin-test
                continue
            try:
                decisions = ast.literal_eval(row["Decisions"])
            except (ValueError, SyntaxError):
                decisions = dict(re.findall(r"'(.*?)': '(positive|negative|neutral)'", row["Decisions"]))
            title = row["Title"].strip()
            for entity, label in decisions.items():
                yield Example(title, entity, label, "sentfin", f"sentfin:{n}")
            if decisions and len(set(decisions.values())) == 1:
                yield Example(title, None, next(iter(decisions.values())), "sentfin", f"sentfin:{n}")


def tfns(data: Path) -> Iterator[Example]:
    with open(data / "twitter_financial_news_sentiment" / "sent_train.csv", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            yield Example(row["text"], None, TFNS[row["label"]], "tfns", f"tfns:{i}")


def finentity(data: Path) -> Iterator[Example]:
    records = json.loads((data / "finentity" / "FinEntity.json").read_text(encoding="utf-8"))
    for i, rec in enumerate(records):
        if i % 10 == 0:  # held out: finentity-test
            continue
        text = rec["content"]
        spans = split_sentences(text)
        per_sentence: dict[int, set[str]] = {}
        for ann in rec.get("annotations") or []:
            label = ann["label"].lower()
            idx = sentences_with(text, spans, [(int(ann["start"]), int(ann["end"]))]) or list(range(len(spans)))
            sentence = " ".join(text[spans[k][0]:spans[k][1]] for k in idx)
            yield Example(sentence, ann["value"], label, "finentity", f"finentity:{i}")
            for k in idx:
                per_sentence.setdefault(k, set()).add(label)
        for k, labels in sorted(per_sentence.items()):
            if len(labels) == 1:
                s, e = spans[k]
                yield Example(text[s:e], None, next(iter(labels)), "finentity", f"finentity:{i}")


def load_examples(data: Path) -> list[Example]:
    """All training examples, in a fixed order."""
    return [*sentfin(data), *tfns(data), *finentity(data)]


def is_dev(ex: Example, percent: int = 5) -> bool:
    """Deterministic dev split by group hash (``percent`` % of groups)."""
    h = int(hashlib.sha1(ex.group.encode()).hexdigest()[:8], 16)
    return h % 100 < percent
