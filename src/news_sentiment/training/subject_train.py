"""Train the subject ranker (``nlp/subject_rank.py``) on our claims corpus; write models/claims/subject.json.

    python -m news_sentiment.training.subject_train        # choose C on dev; ship only if it beats the rules

The rules run over the corpus texts while a recorder keeps every number's candidate subjects (the rules'
answer among them). Each extracted claim is matched to a gold claim by value and unit (as the shared scorer
matches); a candidate is positive when it names the gold subject as the scorer compares subjects (loose,
whole words). A binary linear model ("is this the subject") is fitted on the train split's candidates for
each C; C is chosen by the dev split's choice accuracy. The chosen model is then run end to end on dev and
written only if it beats the rules there on both subject accuracy and claim tuple F1 (else any old file is
removed). Test is reported, never used to choose. Seeded and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from news_sentiment.nlp.linear import LinearModel, fit_linear
from news_sentiment.nlp.numbers import NumExpr
from news_sentiment.nlp.subject_rank import YES, Candidate, SubjectRanker, default_path
from news_sentiment.training.claims_corpus import CorpusRecord, Split
from news_sentiment.training.ranker_train import (C_GRID, Group, choice_accuracy, fit_pairwise, recorded_groups,
                                                  rules_against_model, scored_with, train_main)

LEARNERS = ("pointwise", "pairwise")  # one logistic model over candidates, or over (right, wrong) pairs

@dataclass
class Recorder:
    """Stands in for the ranker while the rules run: keeps each number's candidates, answers as the rules do."""

    seen: dict[int, list[Candidate]] = field(default_factory=dict)
    tag: str = "recording"

    def choose(self, x: NumExpr, cands: list[Candidate]) -> Candidate:
        # a second choice for the same number is among fewer candidates (a statistics body that states the figure
        # left out: claim_subjects._not_a_speaking_body); the group to learn from is the first, whole one
        self.seen.setdefault(x.start, cands)
        return next((c for c in cands if "rule_pick" in c.features), cands[-1])


def groups(extractor: Any, records: list[CorpusRecord]) -> list[Group]:
    """One candidate group per extracted claim that matches a gold claim."""
    return [g for _, g in recorded_groups(extractor, records, "subject_ranker", Recorder, "subject")]


def train(extractor: Any, records: list[CorpusRecord], report_test: bool = False) -> dict[str, Any]:
    by_split = {s: [r for r in records if r.split is s] for s in Split}
    data = {s: groups(extractor, recs) for s, recs in by_split.items() if s is not Split.TEST or report_test}
    flat = [(feats, YES if pos else "no") for group in data[Split.TRAIN] if any(p for _, p, _ in group)
            for feats, pos, _ in group]
    def fit(learner: str, c: float) -> LinearModel:
        return fit_pairwise(data[Split.TRAIN], c) if learner == "pairwise" else fit_linear(flat, c)

    grid = [(learner, c) for learner in LEARNERS for c in C_GRID]
    dev = {f"{learner}:{c}": round(choice_accuracy(fit(learner, c), data[Split.DEV]), 4) for learner, c in grid}
    best = max(grid, key=lambda lc: (dev[f"{lc[0]}:{lc[1]}"], lc[0] == "pointwise", -lc[1]))
    model = fit(*best)
    ranker = SubjectRanker(model)
    report: dict[str, Any] = {
        "groups": {s.value: len(g) for s, g in data.items()}, "train_candidates": len(flat),
        "oracle": {s.value: round(sum(any(p for _, p, _ in g) for g in d) / max(len(d), 1), 4) for s, d in data.items()},
        "choice_dev": dev, "chosen": f"{best[0]}:{best[1]}",
        "choice": {s.value: {"rules": round(choice_accuracy(None, d), 4), "model": round(choice_accuracy(model, d), 4)}
                   for s, d in data.items()}}
    report |= rules_against_model(scored_with(extractor, "subject_ranker", "subject"), by_split, ranker, "subject",
                                  report_test)
    return report | {"learned": model}


def main(argv: list[str] | None = None) -> None:
    train_main(__doc__ or "", argv, train, default_path())


if __name__ == "__main__":
    main()
