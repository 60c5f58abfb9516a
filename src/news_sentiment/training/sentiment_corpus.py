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
from dataclasses import dataclass
from pathlib import Path

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
