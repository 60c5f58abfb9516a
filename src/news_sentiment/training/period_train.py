"""Train the period ranker (``nlp/period_rank.py``) on our claims corpus; write models/claims/period.json.

    python -m news_sentiment.training.period_train        # choose by 5-fold CV on train; ship only if it beats
                                                          # the rules on dev

The rules run over the corpus texts while a recorder keeps every figure's candidate periods (the sentence's time
expressions, the rules' answer, none). Each extracted claim is matched to a gold claim by value and unit (as the
shared scorer matches); a candidate is positive when it is the gold ``period_text`` as the scorer compares periods
(loose, whole words; none for none). A ranking model is fitted on the train split's groups for each learner and C,
and the model replaces the rules' answer only when its best candidate beats it by more than an override margin.
Learner, C and margin are chosen by 5-fold cross-validation over train texts (the dev split is small: a choice
among close settings on it is noise), by the one-standard-error rule: of the settings within one standard error
of the best accuracy, the most conservative (largest margin, then smallest C). The chosen model is then run end
to end on dev and written only if it beats the rules there on both period accuracy and claim tuple F1 (else any
old file is removed). Test is reported, never used to choose. Seeded and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from news_sentiment.nlp.linear import LinearModel
from news_sentiment.nlp.period_rank import PeriodCandidate, PeriodRanker, default_path
from news_sentiment.training.claims_corpus import CorpusRecord, Split
from news_sentiment.training.ranker_train import (C_GRID, Group, choice_accuracy, cv_folds, fit_pairwise,
                                                  fit_pointwise, recorded_groups, rules_against_model, scored_with,
                                                  train_main, within_one_se)

LEARNERS = ("pointwise", "pairwise")
MARGINS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)  # how far the model's best must beat the rules' answer to replace it


@dataclass
class Recorder:
    """Stands in for the ranker while the rules run: keeps each figure's candidates, answers as the rules do."""

    seen: dict[int, list[PeriodCandidate]] = field(default_factory=dict)
    tag: str = "recording"

    def choose(self, start: int, cands: list[PeriodCandidate]) -> PeriodCandidate:
        self.seen.setdefault(start, cands)
        return next(c for c in cands if "rule_pick" in c.features)


def groups(extractor: Any, records: list[CorpusRecord]) -> list[tuple[str, Group]]:
    """(record id, candidate group) per extracted claim that matches a gold claim."""
    return recorded_groups(extractor, records, "period_ranker", Recorder, "period_text")


def fit(learner: str, c: float, data: list[Group]) -> LinearModel:
    return fit_pairwise(data, c) if learner == "pairwise" else fit_pointwise(data, c)


def cross_validated(data: list[tuple[str, Group]], learner: str, c: float) -> dict[float, float]:
    """Choice accuracy for each override margin over ``FOLDS`` folds of train, texts kept whole (fold by a hash
    of the record id)."""
    right = dict.fromkeys(MARGINS, 0)
    for fitting, held in cv_folds(data):
        model = fit(learner, c, fitting)
        for tau in MARGINS:
            right[tau] += sum(pick_right(PeriodRanker(model, tau), g) for g in held)
    return {tau: n / max(len(data), 1) for tau, n in right.items()}


def pick_right(ranker: PeriodRanker, group: Group) -> bool:
    """Does ``ranker`` choose a right candidate of ``group``?"""
    cands = [PeriodCandidate(None, set(feats) | ({"rule_pick"} if rule else set())) for feats, _, rule in group]
    chosen = ranker.choose(0, cands)
    return next(right for cand, (_, right, _) in zip(cands, group) if cand is chosen)


def one_standard_error(cv: dict[tuple[str, float, float], float], n: int) -> tuple[str, float, float]:
    """The most conservative setting within one standard error of the best cross-validated accuracy: the largest
    override margin (the rules keep most), then the smallest C (the simplest model), then pointwise."""
    return max(within_one_se(cv, n), key=lambda k: (k[2], -k[1], k[0] == "pointwise"))


def train(extractor: Any, records: list[CorpusRecord], report_test: bool = False) -> dict[str, Any]:
    by_split = {s: [r for r in records if r.split is s] for s in Split}
    data = {s: groups(extractor, recs) for s, recs in by_split.items() if s is not Split.TEST or report_test}
    train_groups = [g for _, g in data[Split.TRAIN]]
    cv = {(learner, c, tau): acc for learner in LEARNERS for c in C_GRID
          for tau, acc in cross_validated(data[Split.TRAIN], learner, c).items()}
    best = one_standard_error(cv, len(train_groups))
    ranker = PeriodRanker(fit(best[0], best[1], train_groups), best[2])
    report: dict[str, Any] = {
        "groups": {s.value: len(g) for s, g in data.items()},
        "oracle": {s.value: round(sum(any(p for _, p, _ in g) for _, g in d) / max(len(d), 1), 4)
                   for s, d in data.items()},
        "choice_cv_train": {f"{k[0]}:{k[1]}:{k[2]}": round(v, 4) for k, v in cv.items()},
        "chosen": f"{best[0]}:C={best[1]}:override={best[2]}",
        "choice": {s.value: {"rules": round(choice_accuracy(None, [g for _, g in d]), 4),
                             "model": round(sum(pick_right(ranker, g) for _, g in d) / max(len(d), 1), 4)}
                   for s, d in data.items()}}
    report |= rules_against_model(scored_with(extractor, "period_ranker", "period_text"), by_split, ranker,
                                  "period_text", report_test)
    return report | {"learned": ranker}


def main(argv: list[str] | None = None) -> None:
    # the rules' candidates and answers, whatever period model is shipped
    train_main(__doc__ or "", argv, train, default_path(),
               setup=lambda extractor: setattr(extractor, "period_ranker", None))


if __name__ == "__main__":
    main()
