"""What the learned rankers of claim extraction share in training: candidate groups, a pairwise ranking fit,
choice accuracy and end-to-end scoring (the subject ranker, ``subject_train``; the period ranker,
``period_train``)."""

from __future__ import annotations

import argparse
import json
import math
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from news_sentiment.nlp.linear import PRUNE_BELOW, YES, LinearModel, fit_linear
from news_sentiment.nlp.trees import TreeModel
from news_sentiment.training.claims_corpus import CorpusRecord, Split, agree, load_corpus, match_claims

ROOT = Path(__file__).resolve().parents[3]

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5  # cross-validation over train texts
TUPLE_FIELDS = ("comparator", "direction", "metric", "subject", "period_text")

Group = list[tuple[list[str], bool, bool]]  # per figure: (features, names the gold value, the rules' pick)
K = TypeVar("K")  # a training setting


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


def fit_pointwise(data: list[Group], c: float) -> LinearModel:
    """A binary model ("is this the right candidate") over the candidates of the groups that hold a right one."""
    return fit_linear([(feats, YES if pos else "no") for group in data if any(p for _, p, _ in group)
                       for feats, pos, _ in group], c)


def within_one_se(cv: dict[K, float], n: int) -> list[K]:
    """The settings whose cross-validated accuracy is within one standard error (on ``n`` groups) of the best."""
    best = max(cv.values())
    se = math.sqrt(best * (1 - best) / max(n, 1))
    return [k for k, v in cv.items() if v >= best - se]


def choice_accuracy(model: LinearModel | TreeModel | None, data: list[Group]) -> float:
    """How often the chosen candidate names the gold subject (None: the rules' pick)."""
    if not data:
        return 0.0
    ok = 0
    for group in data:
        if model is None:
            ok += any(pos and rule for _, pos, rule in group)
        elif isinstance(model, TreeModel):
            scores = model.scores(feats for feats, _, _ in group)
            ok += group[scores.index(max(scores))][1]
        else:
            best = max(group, key=lambda g: model.probabilities(g[0]).get(YES, 0.0))
            ok += best[1]
    return ok / len(data)


def cv_folds(data: list[tuple[str, Group]], folds: int = FOLDS) -> Iterator[tuple[list[Group], list[Group]]]:
    """(fitting groups, held-out groups) for each of ``folds`` folds, texts kept whole (fold by a hash of the
    record id, so a record's fold never depends on the rest of the corpus)."""
    fold = [zlib.crc32(rid.encode()) % folds for rid, _ in data]
    for k in range(folds):
        yield [g for (_, g), f in zip(data, fold) if f != k], [g for (_, g), f in zip(data, fold) if f == k]


def end_to_end(extractor: Any, records: list[CorpusRecord], attr: str) -> dict[str, float]:
    """Accuracy of ``attr`` on matched claims and claim tuple F1, as the shared scorer computes them, with the
    extractor as it is set up (its rankers set or not)."""
    n_gold = n_pred = matched = right = tuples = 0
    for rec in records:
        pred = [c.to_json() for c in extractor.extract(rec.text, None).claims]
        gold = list(rec.claims)
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
        for i, j in match_claims(gold, pred):
            matched += 1
            right += agree(attr, gold[i].get(attr), pred[j].get(attr))
            tuples += all(agree(f, gold[i].get(f), pred[j].get(f)) for f in TUPLE_FIELDS)
    p, r = tuples / max(n_pred, 1), tuples / max(n_gold, 1)
    return {attr: round(right / max(matched, 1), 4), "tuple_f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


Written = Callable[[str | None, Any, str], str | None]  # (candidate text, the text's Extraction, text) -> output


def recorded_groups(extractor: Any, records: list[CorpusRecord], slot: str, recorder: Callable[[], Any],
                    attr: str, written: Written | None = None) -> list[tuple[str, Group]]:
    """(record id, candidate group) per extracted claim that matches a gold claim: a fresh ``recorder()`` in the
    extractor's ``slot`` keeps each figure's candidates (``seen``, by the figure's start) while the rules answer; a
    candidate is positive when the text the claim would carry with it (``written``: the candidate's text) is the
    gold ``attr`` as the scorer compares it."""
    out = []
    for rec in records:
        seen = recorder()
        setattr(extractor, slot, seen)
        found = extractor.extract(rec.text, None)
        claims, gold = found.claims, list(rec.claims)
        for i, j in match_claims(gold, [c.to_json() for c in claims]):
            cands = seen.seen.get(claims[j].start)
            if cands:
                want = gold[i].get(attr)
                out.append((rec.id, [(sorted(c.features), agree(attr, want, written(c.text, found, rec.text)
                                                               if written else c.text), "rule_pick" in c.features)
                                     for c in cands]))
    setattr(extractor, slot, None)
    return out


Scored = Callable[[list[CorpusRecord], Any], dict[str, float]]  # (records, ranker or None) -> end-to-end scores


def scored_with(extractor: Any, slot: str, attr: str) -> Scored:
    """End-to-end scoring (:func:`end_to_end` of ``attr``) with a ranker put in the extractor's ``slot``
    (``subject_ranker``, ``period_ranker``; None: the rules), the slot emptied after."""
    def run(records: list[CorpusRecord], ranker: Any) -> dict[str, float]:
        setattr(extractor, slot, ranker)
        try:
            return end_to_end(extractor, records, attr)
        finally:
            setattr(extractor, slot, None)

    return run


def rules_against_model(scored: Scored, by_split: dict[Split, list[CorpusRecord]], ranker: Any, attr: str,
                        report_test: bool) -> dict[str, Any]:
    """End to end on dev with the rules and with ``ranker``; shipped only if it beats the rules there on ``attr``
    and claim tuple F1; the test split scored when asked (reporting only)."""
    out: dict[str, Any] = {"dev": {"rules": scored(by_split[Split.DEV], None),
                                   "model": scored(by_split[Split.DEV], ranker)}}
    rules, learned = out["dev"]["rules"], out["dev"]["model"]
    out["shipped"] = learned[attr] > rules[attr] and learned["tuple_f1"] > rules["tuple_f1"]
    if report_test:
        out["test"] = {"rules": scored(by_split[Split.TEST], None), "model": scored(by_split[Split.TEST], ranker)}
    return out


def train_main(doc: str, argv: list[str] | None, train: Callable[..., dict[str, Any]], path: Path,
               setup: Callable[[Any], None] = lambda extractor: None) -> None:
    """The command line of a ranker's training: train on the corpus, write the learned file (its ``learned``
    entry's ``to_json()``) to ``path`` or ``--out`` when shipped (else remove it), print the report."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared")))
    ap.add_argument("--report-test", action="store_true", help="Also score the test split (reporting only).")
    ap.add_argument("--out", type=Path, default=None, help="Where to write the model (default: the shipped path).")
    args = ap.parse_args(argv)
    try:
        records = load_corpus(ROOT / "corpus", args.shared)
    except FileNotFoundError as exc:  # before spaCy loads: a wrong folder fails at once
        ap.error(f"cannot read the corpus texts: {exc.filename} is missing. Pass --shared with the folder that holds "
                 f"data/ and eval/ (or set SENTIMENT_SHARED).")
    from news_sentiment.nlp.extract import Extractor

    extractor = Extractor.create()
    setup(extractor)
    report = train(extractor, records, args.report_test)
    learned = report.pop("learned")
    target = args.out or path
    if report["shipped"]:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(learned.to_json(), sort_keys=True) + "\n", encoding="utf-8")
    else:
        target.unlink(missing_ok=True)
    print(json.dumps(report, indent=1))
