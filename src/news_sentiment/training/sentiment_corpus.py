"""Our labelled news-sentiment set (investor convention, with the target named): loading and its fixed split.

``corpus/sentiment.jsonl`` holds one label per item (id, target, label, market_relevant, annotators; ``first``
and ``second`` are the two independent labels where an item was labelled twice, ``label`` the adjudicated one); texts are read in place (``corpus_sources``). The split
is fixed by a hash of the id (70 / 15 / 15). Items whose text the shipped sentiment model was trained on
(SEntFiN rows with ``S No.`` % 10 != 0, FinEntity records with index % 10 != 0, TFNS training tweets) are
marked ``seen_by_v3``: figures for the shipped model are reported on the unseen part too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from news_sentiment.training.claims_corpus import Split
from news_sentiment.training.corpus_sources import resolve

LABELS = ("negative", "neutral", "positive")


def sentiment_split(item_id: str) -> Split:
    bucket = int(hashlib.sha256(f"sentiment-corpus:{item_id}".encode()).hexdigest(), 16) % 100
    return Split.TRAIN if bucket < 70 else Split.DEV if bucket < 85 else Split.TEST


def seen_by_v3(item_id: str) -> bool:
    """Whether finminilm-3c-v3 trained on this text (with the datasets' own labels)."""
    source, _, key = item_id.partition(":")
    if source == "sentfin":
        return int(key) % 10 != 0
    if source == "finentity":
        return int(key) % 10 != 0
    return source == "tfns"


@dataclass(frozen=True)
class NewsItem:
    id: str
    text: str
    kind: str
    target: str | None
    label: str
    market_relevant: bool
    first: str | None = None  # the two independent labels of a doubly labelled item (``label`` is adjudicated)
    second: str | None = None

    @property
    def split(self) -> Split:
        return sentiment_split(self.id)


def macro_f1(gold: Sequence[Hashable], pred: Sequence[Hashable], labels: Sequence[Hashable] = LABELS) -> float:
    """Mean over ``labels`` of each label's F1 (0 for a label never predicted right)."""
    scores = []
    for lab in labels:
        tp = sum(g == p == lab for g, p in zip(gold, pred))
        wrong = sum((g == lab) != (p == lab) for g, p in zip(gold, pred))
        scores.append(2 * tp / (2 * tp + wrong) if tp else 0.0)
    return sum(scores) / len(scores)


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """|accuracy - confidence| per confidence bin, weighted by the bin's share of the items."""
    conf, ok = np.asarray(confidence, dtype=float), np.asarray(correct, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            total += mask.mean() * abs(ok[mask].mean() - conf[mask].mean())
    return float(total)


def load_news(corpus_dir: Path, shared: Path) -> list[NewsItem]:
    texts = resolve(shared, corpus_dir)
    items = []
    for line in (corpus_dir / "sentiment.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            src = texts[obj["id"]]
            items.append(NewsItem(id=obj["id"], text=src.text, kind=src.kind, target=obj.get("target"),
                                  label=obj["label"], market_relevant=bool(obj.get("market_relevant", True)),
                                  first=obj.get("first"), second=obj.get("second")))
    return items
