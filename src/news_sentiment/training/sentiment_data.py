"""Training examples for the sentiment model, read in place from ``../shared/data``. Standard library only.

Only permissively licensed data, without the held-out test rows:
  * SEntFiN (MIT): headlines whose ``S No.`` % 10 != 0; one targeted example per (entity, label),
    plus the plain headline when all its entities share one label;
  * Twitter financial news sentiment ``sent_train.csv`` (MIT): plain tweets;
  * FinEntity (ODC-BY): records whose index % 10 != 0; one targeted example per annotated span
    (the sentence(s) holding the span), plus plain sentences whose entities share one label; records whose
    index % 10 == 5 are all dev (the FinEntity dev guard, :func:`finentity_dev_record`), never trained on;
  * our news set (corpus/sentiment.jsonl, investor convention, item level): its **train** split only, targeted and
    plain, repeated ``news_weight`` times, never a held-out row of a public test set (sentfin-test, finentity-test).
    Dataset rows of news-set dev/test texts are left out (never trained on);
    rows of train items are kept unless they label the item's target (or the plain text) differently.
FinEntity's training rows (never a dev row) can be repeated ``finentity_weight`` times in all, to keep the
multi-entity paragraph skill when the single-target news set is up-weighted.
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
from news_sentiment.training.claims_corpus import Split

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


def public_test_row(item_id: str) -> bool:
    """Whether a news-set item is a held-out row of a public test set (sentfin-test: S No. % 10 == 0;
    finentity-test: index % 10 == 0), which is never trained on whatever split our set puts it in."""
    source, _, key = item_id.partition(":")
    return source in ("sentfin", "finentity") and key.isdigit() and int(key) % 10 == 0


def finentity_dev_record(index: int) -> bool:
    """FinEntity records held out of training as a dev set, whole (index % 10 == 5; never a reserved record,
    index % 10 == 0). Their rows and the group-hash dev rows of other records form the FinEntity dev set."""
    return index % 10 == 5


def _finentity_dev_item(item_id: str) -> bool:
    source, _, key = item_id.partition(":")
    return source == "finentity" and key.isdigit() and finentity_dev_record(int(key))


def news(corpus_dir: Path, data: Path, weight: int) -> Iterator[Example]:
    """The news set's train split: each item targeted (when it names a target) and plain, ``weight`` times.
    Items that are held-out public test rows or FinEntity dev records are left out."""
    from news_sentiment.training.sentiment_corpus import load_news

    for item in load_news(corpus_dir, data.parent):
        if item.split is not Split.TRAIN or public_test_row(item.id) or _finentity_dev_item(item.id):
            continue
        forms = [Example(item.text, item.target, item.label, "news", f"news:{item.id}")] if item.target else []
        forms.append(Example(item.text, None, item.label, "news", f"news:{item.id}"))
        for _ in range(weight):
            yield from forms


def news_labels(corpus_dir: Path) -> dict[str, tuple[Split, str | None, str]]:
    """Every news-set item (all splits) by id (``sentfin:<S No.>``, ``finentity:<index>``, ...): split, target, label."""
    from news_sentiment.training.sentiment_corpus import sentiment_split

    out = {}
    for line in (corpus_dir / "sentiment.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            out[obj["id"]] = (sentiment_split(obj["id"]), obj.get("target"), obj["label"])
    return out


def _agrees(ex: Example, item: tuple[Split, str | None, str]) -> bool:
    """A dataset row of a news-set text is kept only for a train item, and not when it gives the item's own
    target (or the plain text) another label than the item-level one."""
    split, target, label = item
    if split is not Split.TRAIN:
        return False
    same_target = ex.target is None or (target is not None and ex.target.casefold() == target.casefold())
    return not same_target or ex.label == label


def load_examples(data: Path, corpus_dir: Path | None = None, news_weight: int = 0,
                  finentity_weight: int = 1, hold_out_news: bool = False) -> list[Example]:
    """All training examples, in a fixed order. With ``corpus_dir`` and ``news_weight`` > 0 the news set's train
    split is added, and dataset rows of news-set texts are filtered by :func:`_agrees` (except the rows of
    FinEntity dev records, which stay whole in dev whatever the news set says of their text). ``hold_out_news``
    applies that filter with ``news_weight`` 0 too (the news-free member of a soup whose other members are
    news-weighted: it must not train on news dev/test texts either, and its dev split is theirs). With
    ``finentity_weight`` K > 1 the kept FinEntity rows outside the dev split are appended K - 1 more times (the dev
    split, and the order of everything before, are those of K = 1)."""
    rows = [*sentfin(data), *tfns(data), *finentity(data)]
    if corpus_dir is not None and (news_weight > 0 or hold_out_news):
        items = news_labels(corpus_dir)
        rows = [e for e in rows
                if e.group not in items or _agrees(e, items[e.group]) or _finentity_dev_item(e.group)]
        rows += list(news(corpus_dir, data, news_weight))
    extra = [e for e in rows if e.source == "finentity" and not is_dev(e)]
    return rows + extra * max(0, finentity_weight - 1)


def is_dev(ex: Example, percent: int = 5) -> bool:
    """Deterministic dev split by group hash (``percent`` % of groups), plus every row of the FinEntity dev
    records (:func:`finentity_dev_record`); news items are chosen on the news set's own dev split instead
    (benchmarks/eval_news_sentiment.py), so never here."""
    if ex.source == "news":
        return False
    if ex.source == "finentity" and _finentity_dev_item(ex.group):
        return True
    h = int(hashlib.sha1(ex.group.encode()).hexdigest()[:8], 16)
    return h % 100 < percent
