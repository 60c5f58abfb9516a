"""A learned choice of a figure's time expression: a ranker over its sentence's time expressions and none.

The rules of :mod:`periods` (and the period stage of :mod:`claims`) give one answer per figure. The ranker sees
that answer among the alternatives: every time expression of the figure's sentence, the rules' answer when it
is not one of them (a previous claim's period, a consensus figure's actual), and "no period". Each candidate gets
sparse features (:func:`candidates`): its side of the figure and distance, how many figures and which clause
boundaries lie between (comma, ';', a contrast, a cause, a comparison base), the rule that found the expression
and its first word, and, crossed with them, the figure's unit, metric and whether it is a comparison base.

:class:`PeriodRanker` scores each candidate with a binary ``nlp.linear.LinearModel`` ("is this the figure's
period") and keeps the best. It is trained on our claims corpus by ``python -m
news_sentiment.training.period_train`` (``models/claims/period.json``), shipped only when it beats the rules on
the dev split; without the file the rules decide alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from news_sentiment.config import models_path
from news_sentiment.nlp.linear import LinearModel, MarginRanker, file_digest
from news_sentiment.nlp.periods import (CAUSE, CONTRAST, LATER_CLAUSE, LINK_BLOCKED, FigureContext, PeriodSpan, applies,
                                        blocked_before, in_base_clause, record_reference, tag_of_another)
from news_sentiment.nlp.subject_rank import bucket, dependency_path
from news_sentiment.nlp.vocab import Direction, Metric, Unit

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

_WORD = re.compile(r"[A-Za-z]+")
OVERRIDE_KEY = "override_margin"  # in the model file: how far the model's best must beat the rules' answer
POINTS_BACK = "period.that_period"
NEAREST = 5  # candidates per side of the figure
_DIST_EDGES = (3, 12, 30, 60, 120)
_CLOSE_WORDS = 6  # the words between a figure and an expression this close are features of their own


@dataclass(frozen=True)
class PeriodQuery:
    """One figure as the ranker sees it: the text, its sentence's time expressions, the figure's context, the
    attributes decided before the period stage, the other figures' starts in the sentence, the rules' answer."""

    text: str
    spans: tuple[PeriodSpan, ...]
    fig: FigureContext
    unit: Unit
    metric: Metric
    direction: Direction | None
    others: tuple[int, ...]
    rule_pick: str | None
    rule_trace: tuple[str, ...] = ()  # the period rules that fired while the rules chose
    doc: Doc | None = None  # the parse of ``text`` (None: no dependency features)


@dataclass
class PeriodCandidate:
    text: str | None
    features: set[str] = field(default_factory=set)


class PeriodChooser(Protocol):
    tag: str

    def choose(self, start: int, cands: list[PeriodCandidate]) -> PeriodCandidate: ...


def _figure_features(q: PeriodQuery) -> list[str]:
    return [f"unit:{q.unit.value}", f"metric:{q.metric.value}", f"dir:{q.direction.value if q.direction else '-'}",
            f"base:{q.fig.base}"]


def _between_features(q: PeriodQuery, span: PeriodSpan, side: str) -> set[str]:
    """What separates the figure from the expression: figures, commas, ';', a contrast, a cause, a line break."""
    lo, hi = (span.end, q.fig.start) if side == "before" else (q.fig.end, span.start)
    between = q.text[lo:hi]
    figs = sum(1 for s in q.others if lo <= s < hi)
    out = {f"figs:{min(figs, 2)}", f"commas:{min(between.count(','), 2)}",
           f"dist:{side}{bucket(len(between), _DIST_EDGES)}"}
    if ";" in between:
        out.add("semicolon")
    if "\n" in between:
        out.add("newline")
    for name, rule in (("contrast", CONTRAST), ("cause", CAUSE), ("blocked", LINK_BLOCKED), ("clause", LATER_CLAUSE)):
        if rule.regex.search(q.text, lo, hi):
            out.add(f"{name}:{side}")
    if side == "after" and span.start >= q.fig.next_start:
        out.add("beyond_next_figure")
    words = _WORD.findall(between.lower())
    if len(words) <= _CLOSE_WORDS:
        out |= {f"btw:{side}:{w}" for w in words}
    return out


def _root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _clause_verb(tok: Token) -> Token | None:
    return next((t for t in (tok, *tok.ancestors) if t.pos_ in ("VERB", "AUX")), None)


def _parse_features(q: PeriodQuery, span: PeriodSpan) -> set[str]:
    """The dependency path from the figure to the expression, and whether both hang from the same verb."""
    if q.doc is None:
        return set()
    num, root = _root(q.doc, q.fig.start, q.fig.end), _root(q.doc, span.start, span.end)
    if num is None or root is None:
        return {"dep:none"}
    verb = _clause_verb(num)
    out = {f"dep:{f}" for f in dependency_path(num, root)} | {f"span_dep:{root.dep_}"}
    if verb is not None and verb == _clause_verb(root):  # spaCy makes a new Token object on each access
        out.add("same_verb")
    return out


def _span_features(q: PeriodQuery, span: PeriodSpan, rank: int, figure: list[str]) -> set[str]:
    side = "before" if span.end <= q.fig.start else "after"
    out = {"span", f"rule:{span.rule}", f"side:{side}", f"near:{side}{min(rank, 3)}"}
    out |= _between_features(q, span, side) | _parse_features(q, span)
    words = _WORD.findall(span.text.lower())
    prev = _WORD.findall(q.text[max(q.fig.sent_start, span.start - 20):span.start].lower())
    out |= {f"w0:{words[0] if words else '-'}", f"prev:{prev[-1] if prev else '-'}"}
    if record_reference(q.text, span):
        out.add("record_reference")
    if not applies(q.text, span, q.fig):
        out.add("not_applies")
    if in_base_clause(q.text, span, q.fig):
        out.add("base_clause")
    if side == "before" and blocked_before(q.text, span, q.fig):
        out.add("blocked_before")
    crossed = {f"{f}|{g}" for f in figure for g in (f"rule:{span.rule}", f"side:{side}")}
    return out | crossed


def candidates(q: PeriodQuery) -> list[PeriodCandidate]:
    """The sentence's expressions, the rules' answer when it is none of them, and no period; the rules' own
    answer carries ``rule_pick``."""
    # 'during the period' points back: its antecedent is the rules' answer (offered below), never the words
    spans = [p for p in q.spans if p.rule != POINTS_BACK and not tag_of_another(p, q.fig)]
    # the nearest few on each side: a figure's time is near it, and a table flattened into one sentence would
    # otherwise make every figure weigh every expression
    before = [p for p in spans if p.end <= q.fig.start][::-1][:NEAREST]
    after = [p for p in spans if p.start >= q.fig.end][:NEAREST]
    figure = _figure_features(q)
    out = [PeriodCandidate(p.text, _span_features(q, p, k, figure)) for side in (before, after)
           for k, p in enumerate(side)]
    if q.rule_pick is not None and not any(c.text == q.rule_pick for c in out):
        out.append(PeriodCandidate(q.rule_pick, {"elsewhere"} | {f"elsewhere|{f}" for f in figure}))
    n = bucket(len(before) + len(after), (0, 1, 2))
    out.append(PeriodCandidate(None, {"none", f"none|spans:{n}"} | {f"none|{f}" for f in figure}))
    for c in out:
        if c.text == q.rule_pick:
            c.features |= {"rule_pick"} | {f"trace:{r}" for r in q.rule_trace}
    return out


@dataclass(frozen=True)
class PeriodRanker(MarginRanker):
    """Picks the candidate the model scores highest, unless it beats the rules' answer by no more than
    ``override``: the rules keep the figures the model is unsure of (the margin is chosen with the model)."""

    override: float = 0.0

    @classmethod
    def load(cls, path: Path) -> PeriodRanker:
        raw = path.read_bytes()
        data = json.loads(raw)
        return cls(LinearModel.from_json(data, file_digest(raw)), float(data.get(OVERRIDE_KEY, 0.0)))

    @classmethod
    def load_default(cls) -> PeriodRanker | None:
        path = default_path()
        return cls.load(path) if path.is_file() else None

    @property
    def tag(self) -> str:
        return f"period.{self.model.digest}"

    def to_json(self) -> dict:
        return self.model.to_json() | {OVERRIDE_KEY: self.override}

    def choose(self, start: int, cands: list[PeriodCandidate]) -> PeriodCandidate:
        best = max(cands, key=self.score)
        rules = next((c for c in cands if "rule_pick" in c.features), best)
        return best if self.score(best) - self.score(rules) > self.override else rules


def choose_learned(chooser: PeriodChooser, q: PeriodQuery) -> str | None:
    """The chooser's answer for one figure."""
    return chooser.choose(q.fig.start, candidates(q)).text


def default_path() -> Path:
    return models_path("claims/period.json", "SENTIMENT_PERIOD_MODEL")
