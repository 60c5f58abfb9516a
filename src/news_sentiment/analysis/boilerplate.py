"""Boilerplate that must not become a storyline: recurring headline templates, feed furniture and near-duplicate
copies (pure; no I/O).

* **Headline template**: a title's lead-in before a colon, dash or bar ("Morning Bid:", "Stocks making the biggest
  moves midday:") or its first ``PREFIX_WORDS`` words, or its tail after a dash or bar ("- CNBC"), when the same
  key (lower-cased, digits masked) begins or ends titles on at least ``TEMPLATE_DAYS`` distinct days within
  ``TemplateMemory.horizon_days``. Series ("Stocks making the biggest moves") recur daily with other words each
  day; a story's own headlines rarely share a four-word opening on five days. An article whose title is a
  series (a template lead-in of two or more words, or a template opening) is left out of discovery; a one-word
  tag ("Exclusive:", "Analysis -") or a tail ("- CNBC") is only cut from the title.
* **Furniture**: a sentence (normalised as for the key) that appears in at least ``FURNITURE_ARTICLES`` articles
  published on at least two distinct days ("Sign up for our newsletter", a disclaimer, a byline line).
* **Near-duplicates**: articles whose vectors have cosine >= ``DUPLICATE_COSINE`` to an earlier article of the same
  week (syndicated copies the ingest dedupe did not merge); only the first is clustered.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

TEMPLATE_DAYS = 5
PREFIX_WORDS = 4
FURNITURE_ARTICLES = 3
DUPLICATE_COSINE = 0.95
_SPLIT = re.compile(r"\s*(?::|\s[-\u2013\u2014|]\s)\s*")
_WORD = re.compile(r"[a-z][a-z'&.-]*|#")


def key(text: str) -> str:
    """Lower-cased words with every number masked as ``#``: the form templates and furniture are matched on."""
    return " ".join(_WORD.findall(re.sub(r"\d[\d,.%]*", " # ", text.lower())))


def title_keys(title: str) -> list[str]:
    """Candidate template keys of a title: its lead-in and tail around a separator, and its first words."""
    out = []
    parts = _SPLIT.split(title.strip())
    if len(parts) > 1:
        for part in (parts[0], parts[-1]):
            k = key(part)
            if 1 <= len(k.split()) <= 8:
                out.append(k)
    words = key(title).split()
    if len(words) > PREFIX_WORDS:
        out.append(" ".join(words[:PREFIX_WORDS]))
    return list(dict.fromkeys(out))


@dataclass
class TemplateMemory:
    """Days on which each title key was seen, kept for ``horizon_days`` so weekly series are caught across weeks."""

    days: dict[str, set[str]] = field(default_factory=dict)
    horizon_days: int = 42

    def add(self, titles: Sequence[str], days: Sequence[str]) -> None:
        for title, day in zip(titles, days):
            for k in title_keys(title or ""):
                self.days.setdefault(k, set()).add(day)

    def prune(self, today: str) -> None:
        """Forget days older than the horizon (ISO dates compare as strings)."""
        from datetime import date, timedelta

        cut = (date.fromisoformat(today) - timedelta(days=self.horizon_days)).isoformat()
        self.days = {k: kept for k, d in self.days.items() if (kept := {x for x in d if x >= cut})}

    def templates(self) -> set[str]:
        return {k for k, d in self.days.items() if len(d) >= TEMPLATE_DAYS}

    def as_json(self) -> dict[str, list[str]]:
        return {k: sorted(d) for k, d in sorted(self.days.items())}

    @classmethod
    def from_json(cls, raw: dict[str, list[str]] | None) -> "TemplateMemory":
        return cls({k: set(v) for k, v in (raw or {}).items()})


def strip_template(title: str, templates: set[str]) -> str:
    """The title without a template tag or tail; '' when the title belongs to a series (see the module docstring)."""
    parts = _SPLIT.split(title.strip())
    if len(parts) > 1:
        if key(parts[0]) in templates:
            if len(key(parts[0]).split()) >= 2:
                return ""
            parts = parts[1:]
        if parts and key(parts[-1]) in templates:
            parts = parts[:-1]
        title = " - ".join(parts)
    words = key(title).split()
    if len(words) > PREFIX_WORDS and " ".join(words[:PREFIX_WORDS]) in templates:
        return ""
    return title.strip()


def furniture(sentences: Iterable[tuple[int, str, str]]) -> set[str]:
    """Keys of sentences seen in ``FURNITURE_ARTICLES`` or more articles on two or more days.

    ``sentences``: (article_id, day, text)."""
    arts: dict[str, set[int]] = defaultdict(set)
    days: dict[str, set[str]] = defaultdict(set)
    for aid, day, text in sentences:
        k = key(text)
        if len(k.split()) >= 3:
            arts[k].add(aid)
            days[k].add(day)
    return {k for k, a in arts.items() if len(a) >= FURNITURE_ARTICLES and len(days[k]) >= 2}


def first_copies(vectors: np.ndarray, threshold: float = DUPLICATE_COSINE, block: int = 2048) -> np.ndarray:
    """Boolean mask of rows that are not near-duplicates (cosine >= threshold) of an earlier row."""
    n = len(vectors)
    keep = np.ones(n, dtype=bool)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        sims = vectors[lo:hi] @ vectors[:hi].T
        for i in range(lo, hi):
            earlier = np.flatnonzero(sims[i - lo, :i] >= threshold)
            if earlier.size and keep[earlier].any():
                keep[i] = False
    return keep
