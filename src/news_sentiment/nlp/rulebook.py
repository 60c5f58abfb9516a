"""Extraction patterns as data: every rule has an id, a pattern and example sentences we wrote.

A stage that decides something with a rule records the rule's id in the claim's trace (``Claim.rules``), so
``benchmarks/rule_firing.py`` can count how often each rule fires on unlabelled text and how often the
attribute it decided is right on our dev split. ``tests/nlp/test_rulebook.py`` checks that every example
matches its rule and that ids are unique.

Ids are ``<stage>.<name>``, the stage being one of :data:`STAGES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

STAGES = ("number", "unit", "comparator", "direction", "metric", "subject", "period", "modality", "speaker",
          "claim")

_REGISTRY: dict[str, "Rule"] = {}  # id -> rule; filled once at import by module-level definitions, then read-only


@dataclass(frozen=True)
class Rule:
    """One named pattern. ``examples`` are texts (written by us) in which the pattern must find a match."""

    id: str
    pattern: str
    examples: tuple[str, ...]
    flags: int = re.IGNORECASE
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        stage = self.id.split(".", 1)[0]
        if stage not in STAGES or "." not in self.id:
            raise ValueError(f"rule id {self.id!r} must be '<stage>.<name>' with stage in {STAGES}")
        if self.id in _REGISTRY:
            raise ValueError(f"duplicate rule id {self.id!r}")
        if not self.examples:
            raise ValueError(f"rule {self.id!r} needs at least one example")
        object.__setattr__(self, "regex", re.compile(self.pattern, self.flags))
        _REGISTRY[self.id] = self

    @property
    def stage(self) -> str:
        return self.id.split(".", 1)[0]

    def search(self, text: str, trace: list[str] | None = None, pos: int = 0,
               endpos: int | None = None) -> re.Match[str] | None:
        """``regex.search``; a match appends the id to ``trace`` (the claim being built)."""
        return self._traced(self.regex.search(text, pos, len(text) if endpos is None else endpos), trace)

    def match(self, text: str, trace: list[str] | None = None, pos: int = 0) -> re.Match[str] | None:
        return self._traced(self.regex.match(text, pos), trace)

    def fullmatch(self, text: str, trace: list[str] | None = None) -> re.Match[str] | None:
        return self._traced(self.regex.fullmatch(text), trace)

    def note(self, trace: list[str] | None) -> None:
        """Record that this rule decided (one matched without the trace, e.g. the best of several candidates)."""
        if trace is not None:
            trace.append(self.id)

    def _traced(self, m: re.Match[str] | None, trace: list[str] | None) -> re.Match[str] | None:
        if m is not None:
            self.note(trace)
        return m


def all_rules() -> Iterator[Rule]:
    """Every rule defined by the extraction modules (importing them registers their rules)."""
    from news_sentiment.nlp import claim_rules, claim_subjects, claims, modality, numbers, periods  # noqa: F401

    yield from _REGISTRY.values()


def fired(trace: list[str] | tuple[str, ...], stage: str) -> list[str]:
    """The ids in a trace that belong to one stage, in firing order."""
    return [r for r in trace if r.split(".", 1)[0] == stage]
