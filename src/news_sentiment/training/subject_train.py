"""Train the subject ranker (``nlp/subject_rank.py``) on our claims corpus; write models/claims/subject.json.

    python -m news_sentiment.training.subject_train    # choose by 5-fold CV on train; ship only if it beats the
                                                       # rules on dev

The rules run over the corpus texts while a recorder keeps every number's candidate subjects (the rules'
answer among them). Each extracted claim is matched to a gold claim by value and unit (as the shared scorer
matches); a candidate is positive when the name the claim would carry if it were chosen (``written``: the text's
spelling of a knowledge-base name) is the gold subject as the scorer compares subjects (loose, whole words). The
learners: a linear model, pointwise ("is this the subject") or pairwise, for each C; and a
ranking tree ensemble (LightGBM lambdarank, ``training/trees_train.py``) for each size. The setting is chosen
by 5-fold cross-validation over train texts (the dev split is small: a choice among close settings on it is
noise), by the one-standard-error rule: of the settings within one standard error of the best, the simplest
(linear before trees, smaller C, fewer and smaller trees) whose model keeps ``CONVENTIONS`` (sentences we wrote
for the guide's conventions; else the next, then the rest by accuracy). The chosen model is then run end to end on dev
and written only if it beats the rules there on both subject accuracy and claim tuple F1 (else any old file
is removed). Test is reported, never used to choose. Seeded and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from news_sentiment.nlp.linear import LinearModel
from news_sentiment.nlp.numbers import NumExpr
from news_sentiment.nlp.records import Extraction
from news_sentiment.nlp.subject_forms import subject_name
from news_sentiment.nlp.subject_rank import Candidate, SubjectRanker, default_path
from news_sentiment.nlp.trees import TreeModel
from news_sentiment.training.claims_corpus import CorpusRecord, Split
from news_sentiment.training.ranker_train import (C_GRID, Group, choice_accuracy, cv_folds, fit_pairwise,
                                                  fit_pointwise, recorded_groups, rules_against_model, scored_with,
                                                  train_main, within_one_se)
from news_sentiment.training.trees_train import TREE_GRID, TreeSetting, fit_trees

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


def groups(extractor: Any, records: list[CorpusRecord]) -> list[tuple[str, Group]]:
    """(record id, candidate group) per extracted claim that matches a gold claim."""
    return recorded_groups(extractor, records, "subject_ranker", Recorder, "subject", written)


def written(name: str | None, found: Extraction, text: str) -> str | None:
    """A candidate's subject as the claim would write it ('United States' -> the text's 'U.S.'): the label asks
    whether choosing the candidate gives the gold subject."""
    return subject_name(name, found.mentions, text).text


Setting = tuple[str, float] | TreeSetting  # (linear learner, C) or a tree ensemble's size
SETTINGS: tuple[Setting, ...] = (*((learner, c) for learner in LEARNERS for c in C_GRID), *TREE_GRID)


def fit(setting: Setting, data: list[Group]) -> LinearModel | TreeModel:
    if isinstance(setting, TreeSetting):
        return fit_trees(data, setting)
    learner, c = setting
    return fit_pairwise(data, c) if learner == "pairwise" else fit_pointwise(data, c)


def name(setting: Setting) -> str:
    return str(setting) if isinstance(setting, TreeSetting) else f"{setting[0]}:{setting[1]}"


def cross_validated(data: list[tuple[str, Group]]) -> dict[Setting, float]:
    """Choice accuracy of every setting over the folds of train (each group held out once)."""
    right = dict.fromkeys(SETTINGS, 0.0)
    for fitting, held in cv_folds(data):
        for setting in SETTINGS:
            right[setting] += choice_accuracy(fit(setting, fitting), held) * len(held)
    return {setting: n / max(len(data), 1) for setting, n in right.items()}


def near_best(cv: dict[Setting, float], n: int) -> list[Setting]:
    """The settings within one standard error of the best, simplest first: in SETTINGS' order, which lists the
    linear models before the trees, pointwise before pairwise, smaller C first, fewer leaves then fewer trees first."""
    return sorted(within_one_se(cv, n), key=SETTINGS.index)


def one_standard_error(cv: dict[Setting, float], n: int) -> Setting:
    """The simplest setting within one standard error of the best."""
    return near_best(cv, n)[0]


# the guide's conventions on sentences we wrote, which a model must keep to be chosen: a place before a business
# noun is not the company's figure's subject; a trade figure named by its bare noun, also one with a destination,
# is the trading economy's; a period and a metric after a name are tags of the name
CONVENTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Torvald Motors' gross margin slipped to 17.2%, as Sweden deliveries fell 9%.",
     ("Torvald Motors", "Torvald Motors")),
    ("Peru's exports grew 3.4% in June from a year earlier. Imports rose 1.1%, while exports to the United States "
     "climbed 12%.", ("Peru", "Peru", "Peru")),
    ("Korea's exports rose 5.5% in April. Shipments to the United States fell 3%, while imports climbed 2%.",
     ("Korea", "Korea", "Korea")),
    ("Harwick Q3 EPS $1.12 vs. est. $1.05", ("Harwick", "Harwick")),
)


def keeps_conventions(extractor: Any, model: LinearModel | TreeModel) -> bool:
    """Does the extractor, with ``model`` as its subject ranker, name every subject of ``CONVENTIONS`` right?"""
    before, extractor.subject_ranker = extractor.subject_ranker, SubjectRanker(model)
    try:
        return all(tuple(c.subject for c in extractor.extract(text, None).claims) == want
                   for text, want in CONVENTIONS)
    finally:
        extractor.subject_ranker = before


def choose(extractor: Any, cv: dict[Setting, float], data: list[Group]) -> tuple[Setting, LinearModel | TreeModel,
                                                                               bool]:
    """The simplest setting within one standard error of the best whose model keeps the conventions (settings by
    ``near_best``'s order, then the others by accuracy); else the one-standard-error setting, flagged."""
    near = near_best(cv, len(data))
    order = near + sorted(set(SETTINGS) - set(near), key=lambda k: (-cv[k], SETTINGS.index(k)))
    fitted = ((setting, fit(setting, data)) for setting in order)  # each fitted once, when its turn comes
    simplest = next(fitted)
    for setting, model in chain([simplest], fitted):
        if keeps_conventions(extractor, model):
            return setting, model, True
    return simplest[0], simplest[1], False


def train(extractor: Any, records: list[CorpusRecord], report_test: bool = False) -> dict[str, Any]:
    by_split = {s: [r for r in records if r.split is s] for s in Split}
    data = {s: groups(extractor, recs) for s, recs in by_split.items() if s is not Split.TEST or report_test}
    cv = cross_validated(data[Split.TRAIN])
    best, model, kept = choose(extractor, cv, [g for _, g in data[Split.TRAIN]])
    report: dict[str, Any] = {
        "groups": {s.value: len(g) for s, g in data.items()},
        "oracle": {s.value: round(sum(any(p for _, p, _ in g) for _, g in d) / max(len(d), 1), 4)
                   for s, d in data.items()},
        "choice_cv_train": {name(k): round(v, 4) for k, v in cv.items()}, "chosen": name(best),
        "keeps_conventions": kept,
        "choice": {s.value: {"rules": round(choice_accuracy(None, [g for _, g in d]), 4),
                             "model": round(choice_accuracy(model, [g for _, g in d]), 4)}
                   for s, d in data.items()}}
    report |= rules_against_model(scored_with(extractor, "subject_ranker", "subject"), by_split,
                                  SubjectRanker(model), "subject", report_test)
    return report | {"learned": model}


def main(argv: list[str] | None = None) -> None:
    # the rules' candidates and answers, whatever subject model is shipped
    train_main(__doc__ or "", argv, train, default_path(),
               setup=lambda extractor: setattr(extractor, "subject_ranker", None))


if __name__ == "__main__":
    main()
