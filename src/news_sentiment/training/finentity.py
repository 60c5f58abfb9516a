"""FinEntity (../shared/data/finentity/FinEntity.json) as entity gold: its splits, gold spans and matching rule.

Splits, by a record's 0-based index in the file (fixed):
  heldout  index % 10 == 0: RESERVED for independent evaluation (../shared/eval/RESERVED.md): aggregate figures
           only; never read, studied or trained on.
  train    index % 10 in 1..6: the entity re-typer's training records (``training/retyper_train.py``).
  dev      index % 10 in 7..9: where the re-typer's C and threshold are chosen.
  study    train + dev (every non-reserved record): where rule misses are studied (``eval_entities.py``).

The matching rule (mutual half overlap, leading article and possessive not counted) and the realignment of
slipped gold offsets are documented in ``benchmarks/eval_entities.py``.
"""

from __future__ import annotations

import os
import re
from enum import StrEnum
from pathlib import Path
from typing import Protocol

MAX_SHIFT = 400


class Split(StrEnum):
    HELDOUT = "heldout"
    TRAIN = "train"
    DEV = "dev"


def split_of(index: int) -> Split:
    rest = index % 10
    return Split.HELDOUT if rest == 0 else Split.TRAIN if rest <= 6 else Split.DEV


def default_data(root: Path) -> Path:
    shared = Path(os.environ.get("SENTIMENT_SHARED", root.parent / "shared"))
    return shared / "data" / "finentity" / "FinEntity.json"


class Spanned(Protocol):
    start: int
    end: int
    text: str


def gold_spans(record: dict) -> tuple[list[tuple[int, int]], int]:
    """The record's annotated spans as (start, end), realigned where the offsets slipped; and how many were dropped."""
    text = record["content"]
    spans: set[tuple[int, int]] = set()
    dropped = 0
    for ann in record["annotations"]:
        start, end, value = ann["start"], ann["end"], ann["value"]
        if text[start:end] != value:
            hits = [i for i in range(len(text)) if text.startswith(value, i)]
            best = min(hits, key=lambda i: abs(i - start), default=None)
            if best is None or abs(best - start) > MAX_SHIFT:
                dropped += 1
                continue
            start, end = best, best + len(value)
        spans.add((start, end))
    return sorted(spans), dropped


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


_ARTICLE = re.compile(r"(?:the|a|an)\s+", re.IGNORECASE)


def core(mention: Spanned) -> tuple[int, int]:
    """The mention's span without a leading article or a trailing possessive ('the Fed' -> 'Fed')."""
    start, end, text = mention.start, mention.end, mention.text
    art = _ARTICLE.match(text)
    if art and art.end() < len(text):
        start += art.end()
    if text.endswith(("'s", "’s")) and end - 2 > start:
        end -= 2
    return start, end


def matches(gold: tuple[int, int], mention: Spanned) -> bool:
    """Mutual half overlap (see ``benchmarks/eval_entities.py``)."""
    start, end = core(mention)
    ov = overlap(gold, (start, end))
    return ov * 2 >= gold[1] - gold[0] and ov * 2 >= end - start and ov > 0
