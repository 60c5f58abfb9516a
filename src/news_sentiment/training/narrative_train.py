"""Train the narrative heads (``models/narrative_heads.json``) and measure assignment on our labelled set (with the
fine-tuned classifier too, when one is shipped: what the pipeline assigns).

``corpus/narratives.jsonl`` names each text by id (read in place from ../shared, or from the texts we wrote) with
the narratives annotators gave it and its split (train, dev, test, and ``fresh`` / ``fresh2``: labelled after a
model was chosen; see ``corpus/NARRATIVES.md``). For each narrative in ``models/narratives.yaml`` a logistic regression
is fitted on the mean sentence vectors of the train and dev texts plus the narrative's seed sentences (positives).

Everything is chosen by cross-validation over train and dev, cut into the classifier's folds
(:func:`news_sentiment.training.narrative_finetune.fold_of`): each fold is scored by heads fitted on the other
folds, and by the classifier's out-of-fold probabilities (its ``oof.json``). The heads' C, rule and threshold are
those with the best out-of-fold F1; the classifier threshold and head backstop the pipeline uses are those with
the highest out-of-fold recall at micro precision >= ``PRECISION_TARGET``. Test, fresh and fresh2 are reported,
never used to choose::

    python -m news_sentiment.training.narrative_train            # train, choose, write the heads
    python -m news_sentiment.training.narrative_train --evaluate # only measure the shipped heads and classifier
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from news_sentiment.analysis.narrative_assign import assign_articles
from news_sentiment.errors import ModelError, SentimentError
from news_sentiment.narrative_config import load_narratives
from news_sentiment.nlp.narrative_classifier import (
    NarrativeClassifier,
    default_classifier_dir,
    get_classifier,
    lead_text,
)
from news_sentiment.nlp.encoder import Encoder
from news_sentiment.nlp.narrative_model import (
    ArticleRule,
    Heads,
    NarrativeScorer,
    article_sentences,
    build_scorer,
    mean_vector,
)
from news_sentiment.records import Narrative
from news_sentiment.training.corpus_sources import resolve
from news_sentiment.training.narrative_finetune import (
    FIT_SPLITS,
    FOLD_SALT,
    FOLDS,
    PRECISION_TARGET,
    REPORTED,
    fold_of,
    labelled_rows,
    oof_matches,
    precision_recall,
)

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
CS = (1.0, 3.0, 10.0, 30.0)  # inverse regularisation of the heads, chosen out of fold
THRESHOLDS = np.round(np.arange(0.30, 0.96, 0.025), 3)
Counts = dict[str, list[int]]  # narrative name -> [true positives, false positives, false negatives]
FoldHeads = list[dict[str, tuple[np.ndarray, float]]]  # per fold: narrative id -> (weights, bias)


@dataclass(frozen=True)
class Labelled:
    id: str
    split: str
    narratives: frozenset[str]
    offsets: np.ndarray  # sentence rows of this text in ``vectors``
    lead: str  # what the fine-tuned classifier reads (nlp.narrative_classifier.lead_text)


def load_labelled(shared: Path, corpus: Path, enc: Encoder) -> tuple[list[Labelled], np.ndarray]:
    """The labelled texts and the vectors of their sentences (a text without a title: its lines are split)."""
    texts = resolve(shared, corpus)
    rows = labelled_rows(corpus)
    sents: list[str] = []
    out = []
    for r in rows:
        ss = article_sentences("", texts[r["id"]].text)
        span = np.array([len(sents), len(sents) + len(ss)])
        out.append(Labelled(r["id"], r["split"], frozenset(r["narratives"]), span, lead_text(ss)))
        sents += ss
    return out, enc.encode(sents)


def fit_heads(train: Sequence[Labelled], vectors: np.ndarray, narratives: Sequence[Narrative],
              seed_vectors: np.ndarray, c: float) -> dict[str, tuple[np.ndarray, float]]:
    from sklearn.linear_model import LogisticRegression

    X = np.vstack([np.stack([mean_vector(vectors[it.offsets[0]:it.offsets[1]]) for it in train]), seed_vectors])
    owner = [j for j, n in enumerate(narratives) for _ in n.seeds]
    heads = {}
    for j, nar in enumerate(narratives):
        y = np.array([nar.name in it.narratives for it in train] + [o == j for o in owner], dtype=int)
        clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(X, y)
        heads[nar.id] = (clf.coef_[0].astype(np.float32), float(clf.intercept_[0]))
    return heads


def counts(chosen: Sequence[Labelled], vectors: np.ndarray, scorer: NarrativeScorer, names: dict[str, str],
           probs: np.ndarray | None = None) -> Counts:
    """Per narrative name: [true positives, false positives, false negatives] over ``chosen`` (with the classifier's
    probabilities of those texts, in order, when given: as the pipeline assigns)."""
    offsets = np.array([0] + list(np.cumsum([it.offsets[1] - it.offsets[0] for it in chosen])))
    vecs = np.vstack([vectors[it.offsets[0]:it.offsets[1]] for it in chosen])
    assigned, _ = assign_articles(list(range(len(chosen))), offsets, vecs, scorer, probs)
    pred: dict[int, set[str]] = {}
    for a, nid in zip(assigned["article_id"], assigned["narrative_id"]):
        pred.setdefault(int(a), set()).add(names[nid])
    out = {n: [0, 0, 0] for n in names.values()}
    for i, it in enumerate(chosen):
        p = pred.get(i, set())
        for n in out:
            out[n][0] += n in p and n in it.narratives
            out[n][1] += n in p and n not in it.narratives
            out[n][2] += n not in p and n in it.narratives
    return out


def summed(parts: Sequence[Counts]) -> Counts:
    return {n: [sum(p[n][k] for p in parts) for k in range(3)] for n in parts[0]}


def prf(c: Counts) -> dict[str, float]:
    return precision_recall(*(sum(v[k] for v in c.values()) for k in range(3)))


@dataclass
class Run:
    """One training or evaluation run's inputs; ``oof``: the classifier's out-of-fold probabilities by text id."""

    narratives: tuple[Narrative, ...]
    items: list[Labelled]
    vectors: np.ndarray
    seeds: np.ndarray
    encoder: str
    classifier: NarrativeClassifier | None = None
    oof: dict[str, np.ndarray] | None = None

    @property
    def names(self) -> dict[str, str]:
        return {n.id: n.name for n in self.narratives}

    def split(self, *splits: str) -> list[Labelled]:
        return [it for it in self.items if it.split in splits]

    @cached_property
    def _fit_folds(self) -> list[tuple[Labelled, int]]:
        """The train and dev texts with their folds, hashed once (every grid point reads them)."""
        return [(it, fold_of(it.id)) for it in self.split(*FIT_SPLITS)]

    def fold(self, f: int, held: bool = True) -> list[Labelled]:
        return [it for it, g in self._fit_folds if (g == f) == held]

    def scorer(self, heads: Heads | None, with_classifier: bool = True) -> NarrativeScorer:
        clf = self.classifier if with_classifier else None
        cls = (clf.config.labels, clf.config.threshold, clf.version) if clf else None
        return build_scorer(self.narratives, self.seeds, heads, self.encoder, self.vectors.shape[1], cls)

    def probs(self, chosen: Sequence[Labelled]) -> np.ndarray | None:
        return self.classifier.predict([it.lead for it in chosen]) if self.classifier and chosen else None

    def out_of_fold(self, scorers: Sequence[NarrativeScorer]) -> Counts:
        """Counts over train and dev, each fold scored by its own scorer (and the classifier's out-of-fold
        probabilities, which a scorer without the classifier ignores)."""
        parts = []
        for f, sc in enumerate(scorers):
            held = self.fold(f)
            probs = np.stack([self.oof[it.id] for it in held]) if self.oof is not None else None
            parts.append(counts(held, self.vectors, sc, self.names, probs))
        return summed(parts)


def read_oof(clf: NarrativeClassifier, model_dir: Path) -> dict[str, np.ndarray]:
    """The classifier's out-of-fold probabilities (written by narrative_finetune), for this classifier version."""
    path = model_dir / "oof.json"
    rebuild = "Rebuild the classifier: python -m news_sentiment.training.narrative_finetune"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path} is unreadable: {exc}", hint=rebuild) from exc
    if not oof_matches(raw, clf.version):
        raise ModelError(f"{path} belongs to {raw.get('version')} with {raw.get('folds')} folds (salt "
                         f"{raw.get('salt')}), not {clf.version} with {FOLDS} folds (salt {FOLD_SALT})", hint=rebuild)
    return {k: np.asarray(v, dtype=np.float32) for k, v in raw["probabilities"].items()}


def choose_heads(run: Run) -> tuple[Heads, float, FoldHeads]:
    """The heads' C, rule and threshold with the best out-of-fold F1 (heads alone); the heads fitted on all of train
    and dev with them, that C and the per-fold heads of that C."""
    best: tuple[float, float, ArticleRule, float, FoldHeads] | None = None
    for c in CS:
        fitted = [fit_heads(run.fold(f, held=False), run.vectors, run.narratives, run.seeds, c) for f in range(FOLDS)]
        for rule in ArticleRule:
            for t in THRESHOLDS:
                scorers = [run.scorer(Heads(run.encoder, float(t), h, rule), with_classifier=False) for h in fitted]
                f1 = prf(run.out_of_fold(scorers))["f1"]
                if best is None or f1 > best[0]:
                    best = (f1, c, rule, float(t), fitted)
        log.info("C %s: best out-of-fold F1 so far %.4f", c, best[0])
    assert best is not None
    _, c, rule, t, fitted = best
    heads = Heads(run.encoder, t, fit_heads(run.split(*FIT_SPLITS), run.vectors, run.narratives, run.seeds, c), rule)
    return heads, c, fitted


def choose_combined(run: Run, heads: Heads, fitted: FoldHeads) -> Heads:
    """The classifier threshold and head backstop (or none), precision first: the highest out-of-fold recall with
    micro precision >= ``PRECISION_TARGET``; the best F1 when no pair reaches it."""
    assert run.classifier is not None
    bases = [run.scorer(dataclasses.replace(heads, by_id=h)) for h in fitted]
    results = []
    for tc in np.round(np.arange(0.40, 0.951, 0.025), 3):
        for th in [*np.round(np.arange(0.85, 0.991, 0.02), 3), float("inf")]:
            scorers = [dataclasses.replace(b, class_threshold=float(tc), backstop=float(th)) for b in bases]
            results.append((prf(run.out_of_fold(scorers)), float(tc), float(th)))
    precise = [r for r in results if r[0]["precision"] >= PRECISION_TARGET]
    best = max(precise, key=lambda r: (r[0]["recall"], r[0]["precision"])) if precise else \
        max(results, key=lambda r: r[0]["f1"])
    log.info("classifier threshold %.3f, head backstop %s: out of fold %s", best[1], best[2], best[0])
    return dataclasses.replace(heads, combined=(run.classifier.version, best[1], best[2]))


def seeds_only(run: Run) -> dict[str, object]:
    """What a narrative without a head gets. Seed-only narratives favour precision: the shipped threshold should be
    the lowest whose precision on train and dev (nothing is fitted to them) is at least ``PRECISION_TARGET``."""
    from news_sentiment.nlp import narrative_model

    base, fit = run.scorer(None, with_classifier=False), run.split(*FIT_SPLITS)

    def at(t: float, chosen: Sequence[Labelled]) -> dict[str, float]:
        scorer = dataclasses.replace(base, thresholds=np.full(len(run.narratives), t, dtype=np.float32))
        return prf(counts(chosen, run.vectors, scorer, run.names))

    grid = [float(t) for t in np.round(np.arange(0.30, 0.71, 0.025), 3)]
    precise = next((t for t in grid if at(t, fit)["precision"] >= PRECISION_TARGET), grid[-1])
    shipped = narrative_model.SEED_THRESHOLD
    return {"precise_threshold": precise, "shipped_threshold": shipped, "train_dev_at_shipped": at(shipped, fit),
            "test_at_shipped": at(shipped, run.split("test"))}


def measure(run: Run, heads: Heads, fitted: FoldHeads | None) -> tuple[dict, dict[str, Counts]]:
    """Scores of the heads alone and of the pipeline's assignment (classifier backed by the heads) on each reported
    split and on all of them pooled, and out of fold when the per-fold heads are given; the per-narrative counts of
    the pipeline."""
    splits = [s for s in REPORTED if run.split(s)]
    report, per = {}, {}
    for s in splits:
        report[f"heads_{s}"] = prf(counts(run.split(s), run.vectors, run.scorer(heads, False), run.names))
        per[s] = counts(run.split(s), run.vectors, run.scorer(heads), run.names, run.probs(run.split(s)))
        report[f"pipeline_{s}"] = prf(per[s])
    if splits:
        report["pipeline_held_out"] = prf(summed([per[s] for s in splits]))  # every text nothing was chosen on
    if fitted is not None:
        report["heads_out_of_fold"] = prf(run.out_of_fold(
            [run.scorer(dataclasses.replace(heads, by_id=h), False) for h in fitted]))
        per["out_of_fold"] = run.out_of_fold([run.scorer(dataclasses.replace(heads, by_id=h)) for h in fitted])
        report["pipeline_out_of_fold"] = prf(per["out_of_fold"])
    for k, v in report.items():
        log.info("%-22s %s", k, v)
    return report, per


def write_heads(path: Path, run: Run, heads: Heads, c: float, report: dict) -> None:
    sizes = {s: len(run.split(s)) for s in ("train", "dev", *REPORTED)}
    both = None if heads.combined is None else {
        "classifier": heads.combined[0], "classifier_threshold": heads.combined[1],
        "head_backstop": None if np.isinf(heads.combined[2]) else heads.combined[2]}
    raw = {"encoder": run.encoder, "threshold": heads.threshold, "rule": str(heads.rule), "C": c,
           "fitted_on": list(FIT_SPLITS), "folds": FOLDS, "with_classifier": both, "texts": sizes, "scores": report,
           "narratives": {k: {"weights": [round(float(x), 6) for x in w], "bias": round(b, 6)}
                          for k, (w, b) in heads.by_id.items()}}
    path.write_text(json.dumps(raw) + "\n", encoding="utf-8")
    log.info("wrote %s (threshold %.3f, rule %s)", path, heads.threshold, heads.rule)


def train_or_evaluate(shared: Path, out: Path, classifier: Path | None, evaluate: bool) -> None:
    """Fit the heads and choose the pipeline's pair out of fold, or (``evaluate``) measure the shipped files."""
    narratives = load_narratives()
    heads = Heads.load(out) if evaluate else None
    if evaluate and heads is None:
        raise ModelError(f"no heads at {out}", hint="Train them first: python -m news_sentiment.training."
                         "narrative_train")
    clf = get_classifier(classifier)
    oof = read_oof(clf, classifier or default_classifier_dir()) if clf is not None and not evaluate else None
    enc = Encoder.load()
    items, vectors = load_labelled(shared, ROOT / "corpus", enc)
    run = Run(narratives, items, vectors, enc.encode([s for n in narratives for s in n.seeds]), enc.version, clf,
              oof)
    c, fitted = float("nan"), None
    if heads is None:
        heads, c, fitted = choose_heads(run)
        if clf is not None:
            heads = choose_combined(run, heads, fitted)
    report, per = measure(run, heads, fitted)
    log.info("seeds only (no heads): %s", seeds_only(run))
    for name in run.names.values():
        log.info("  %-30s %s", name, "  ".join(f"{s} tp/fp/fn {v[name]}" for s, v in per.items()))
    if not evaluate:
        write_heads(out, run, heads, c, report)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared")))
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "narrative_heads.json")
    ap.add_argument("--classifier", type=Path, default=None, help="the classifier folder (default: the shipped one)")
    ap.add_argument("--evaluate", action="store_true", help="measure the heads in --out; train nothing")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        train_or_evaluate(args.shared, args.out, args.classifier, args.evaluate)
    except SentimentError as exc:
        raise SystemExit(f"error: {exc}" + (f"\n{exc.hint}" if exc.hint else "")) from exc


if __name__ == "__main__":
    main()
