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

import argparse
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from news_sentiment.nlp.linear import PRUNE_BELOW, LinearModel, fit_linear
from news_sentiment.nlp.numbers import NumExpr
from news_sentiment.nlp.subject_rank import YES, Candidate, SubjectRanker, default_path
from news_sentiment.training.claims_corpus import CorpusRecord, Split, agree, load_corpus, match_claims

ROOT = Path(__file__).resolve().parents[3]
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
LEARNERS = ("pointwise", "pairwise")  # one logistic model over candidates, or over (right, wrong) pairs
TUPLE_FIELDS = ("comparator", "direction", "metric", "subject", "period_text")

Group = list[tuple[list[str], bool, bool]]  # per number: (features, names the gold subject, the rules' pick)


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
    out = []
    for rec in records:
        recorder = Recorder()
        extractor.subject_ranker = recorder
        claims = extractor.extract(rec.text, None).claims
        gold = list(rec.claims)
        for i, j in match_claims(gold, [c.to_json() for c in claims]):
            cands = recorder.seen.get(claims[j].start)
            if cands:
                want = gold[i].get("subject")
                out.append([(sorted(c.features), agree("subject", want, c.text), "rule_pick" in c.features)
                            for c in cands])
    extractor.subject_ranker = None
    return out


def fit_pairwise(data: list[Group], c: float, seed: int = 13) -> LinearModel:
    """A ranking model: logistic regression on feature differences of (subject, non-subject) pairs of one
    number's candidates, both orders, no intercept. Stored as a two-class LinearModel whose "yes" score is
    the ranking score, so inference is ``nlp.linear`` alone."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    names = sorted({f for group in data for feats, _, _ in group for f in feats})
    col = {f: i for i, f in enumerate(names)}
    rows, cols, vals, labels = [], [], [], []
    for group in data:
        pos = [set(f) for f, p, _ in group if p]
        neg = [set(f) for f, p, _ in group if not p]
        for a in pos:
            for b in neg:
                for sign in (1, -1):
                    r = len(labels)
                    for f in a ^ b:
                        rows.append(r)
                        cols.append(col[f])
                        vals.append(sign if f in a else -sign)
                    labels.append(YES if sign == 1 else "no")
    x = csr_matrix((vals, (rows, cols)), shape=(len(labels), len(names)))
    lr = LogisticRegression(C=c, max_iter=3000, fit_intercept=False, random_state=seed).fit(x, labels)
    sign = 1.0 if lr.classes_[1] == YES else -1.0
    weights = [(name, round(sign * float(w), 4)) for name, w in zip(names, lr.coef_[0])]
    weights = [(name, w) for name, w in weights if abs(w) >= PRUNE_BELOW]
    return LinearModel(classes=("no", YES), index={name: i for i, (name, _) in enumerate(weights)},
                       weights=tuple((0.0, w) for _, w in weights), intercept=(0.0, 0.0))


def choice_accuracy(model: LinearModel | None, data: list[Group]) -> float:
    """How often the chosen candidate names the gold subject (None: the rules' pick)."""
    if not data:
        return 0.0
    ok = 0
    for group in data:
        if model is None:
            ok += any(pos and rule for _, pos, rule in group)
        else:
            best = max(group, key=lambda g: model.probabilities(g[0]).get(YES, 0.0))
            ok += best[1]
    return ok / len(data)


def end_to_end(extractor: Any, records: list[CorpusRecord], ranker: SubjectRanker | None) -> dict[str, float]:
    """Subject accuracy on matched claims and claim tuple F1, as the shared scorer computes them."""
    extractor.subject_ranker = ranker
    n_gold = n_pred = matched = subj = tuples = 0
    for rec in records:
        pred = [c.to_json() for c in extractor.extract(rec.text, None).claims]
        gold = list(rec.claims)
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
        for i, j in match_claims(gold, pred):
            matched += 1
            subj += agree("subject", gold[i].get("subject"), pred[j].get("subject"))
            tuples += all(agree(f, gold[i].get(f), pred[j].get(f)) for f in TUPLE_FIELDS)
    extractor.subject_ranker = None
    p, r = tuples / max(n_pred, 1), tuples / max(n_gold, 1)
    return {"subject": round(subj / max(matched, 1), 4), "tuple_f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


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
                   for s, d in data.items()},
        "dev": {"rules": end_to_end(extractor, by_split[Split.DEV], None),
                "model": end_to_end(extractor, by_split[Split.DEV], ranker)}}
    rules, learned = report["dev"]["rules"], report["dev"]["model"]
    report["shipped"] = learned["subject"] > rules["subject"] and learned["tuple_f1"] > rules["tuple_f1"]
    if report_test:
        report["test"] = {"rules": end_to_end(extractor, by_split[Split.TEST], None),
                          "model": end_to_end(extractor, by_split[Split.TEST], ranker)}
    return report | {"model": model}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared")))
    ap.add_argument("--report-test", action="store_true", help="Also score the test split (reporting only).")
    ap.add_argument("--out", type=Path, default=None, help="Where to write the model (default: the shipped path).")
    args = ap.parse_args(argv)
    from news_sentiment.nlp.extract import Extractor

    extractor = Extractor.create()
    report = train(extractor, load_corpus(ROOT / "corpus", args.shared), args.report_test)
    model = report.pop("model")
    path = args.out or default_path()
    if report["shipped"]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(model.to_json(), sort_keys=True) + "\n", encoding="utf-8")
    else:
        path.unlink(missing_ok=True)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
