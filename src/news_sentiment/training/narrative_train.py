"""Train the narrative heads (``models/narrative_heads.json``) and measure assignment on our labelled set (with the
fine-tuned classifier too, when one is shipped: what the pipeline assigns).

``corpus/narratives.jsonl`` names each text by id (read in place from ../shared, or from the texts we wrote) with
the narratives annotators gave it and its split (train/dev/test, and ``fresh``: labelled after the shipped models
were chosen, reported only; see ``corpus/NARRATIVES.md``). For each narrative
in ``models/narratives.yaml`` a logistic regression is fitted on the train texts' mean sentence vectors plus the
narrative's seed sentences (positives); the one threshold shared by all heads is the one with the best F1 on
dev. Test is reported, never used to choose::

    python -m news_sentiment.training.narrative_train            # train, choose the threshold, write the heads
    python -m news_sentiment.training.narrative_train --evaluate # only measure the shipped heads
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from news_sentiment.analysis.narrative_assign import assign_articles
from news_sentiment.narrative_config import load_narratives
from news_sentiment.nlp.narrative_classifier import NarrativeClassifier, get_classifier, lead_text
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

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
CS = (3.0, 10.0, 30.0)  # inverse regularisation of the heads, chosen on dev
SEED_PRECISION = 0.85  # dev precision the seed-only threshold, and the classifier with its backstop, must reach
THRESHOLDS = np.round(np.arange(0.30, 0.96, 0.025), 3)


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
    rows = [json.loads(line) for line in (corpus / "narratives.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    sents: list[str] = []
    out = []
    for r in rows:
        ss = article_sentences("", texts[r["id"]].text)
        span = np.array([len(sents), len(sents) + len(ss)])
        out.append(Labelled(r["id"], r["split"], frozenset(r["narratives"]), span, lead_text(ss)))
        sents += ss
    return out, enc.encode(sents)


def fit_heads(items: Sequence[Labelled], vectors: np.ndarray, narratives: Sequence[Narrative],
              seed_vectors: np.ndarray, c: float) -> dict[str, tuple[np.ndarray, float]]:
    from sklearn.linear_model import LogisticRegression

    train = [it for it in items if it.split == "train"]
    X = np.vstack([np.stack([mean_vector(vectors[it.offsets[0]:it.offsets[1]]) for it in train]), seed_vectors])
    owner = [j for j, n in enumerate(narratives) for _ in n.seeds]
    heads = {}
    for j, nar in enumerate(narratives):
        y = np.array([nar.name in it.narratives for it in train] + [o == j for o in owner], dtype=int)
        clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(X, y)
        heads[nar.id] = (clf.coef_[0].astype(np.float32), float(clf.intercept_[0]))
    return heads


def counts(items: Sequence[Labelled], vectors: np.ndarray, scorer: NarrativeScorer,
           names: dict[str, str], split: str, probs: np.ndarray | None = None) -> dict[str, list[int]]:
    """Per narrative name: [true positives, false positives, false negatives] on ``split`` (with the classifier's
    probabilities of the split's texts, in order, when given: as the pipeline assigns)."""
    chosen = [it for it in items if it.split == split]
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


def prf(c: dict[str, list[int]]) -> dict[str, float]:
    tp, fp, fn = (sum(v[k] for v in c.values()) for k in range(3))
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / max(1e-9, p + r), 4),
            "true_positives": tp, "false_positives": fp, "false_negatives": fn}


def seeds_only(items: Sequence[Labelled], vectors: np.ndarray, narratives: Sequence[Narrative], seeds: np.ndarray,
               encoder: str) -> dict[str, object]:
    """What a narrative without a head gets. Seed-only narratives favour precision: the shipped threshold should be
    the lowest whose dev precision is at least ``SEED_PRECISION``; the dev-F1-best one is reported beside it."""
    import dataclasses

    from news_sentiment.nlp import narrative_model

    names = {n.id: n.name for n in narratives}
    base = build_scorer(narratives, seeds, None, encoder, vectors.shape[1])

    def at(t: float, split: str) -> dict[str, float]:
        scorer = dataclasses.replace(base, thresholds=np.full(len(narratives), t, dtype=np.float32))
        return prf(counts(items, vectors, scorer, names, split))

    grid = [float(t) for t in np.round(np.arange(0.30, 0.71, 0.025), 3)]
    best = max(grid, key=lambda t: at(t, "dev")["f1"])
    precise = next((t for t in grid if at(t, "dev")["precision"] >= SEED_PRECISION), grid[-1])
    shipped = narrative_model.SEED_THRESHOLD
    return {"best_f1_threshold": best, "dev_at_best_f1": at(best, "dev"), "precise_threshold": precise,
            "shipped_threshold": shipped, "dev_at_shipped": at(shipped, "dev"), "test_at_shipped": at(shipped, "test")}


def choose_combined(items: Sequence[Labelled], vectors: np.ndarray, narratives: Sequence[Narrative],
                    seeds: np.ndarray, heads: Heads, clf: NarrativeClassifier, dev_probs: np.ndarray) -> Heads:
    """The classifier threshold and head backstop (or none) chosen on dev, precision first: the highest recall
    with micro precision >= ``SEED_PRECISION``; the best F1 when no pair reaches it."""
    import dataclasses

    names = {n.id: n.name for n in narratives}
    base = build_scorer(narratives, seeds, heads, heads.encoder, vectors.shape[1],
                        (clf.config.labels, clf.config.threshold, clf.version))
    results = []
    for tc in np.round(np.arange(0.40, 0.951, 0.025), 3):
        for th in [*np.round(np.arange(0.85, 0.991, 0.02), 3), float("inf")]:
            sc = dataclasses.replace(base, class_threshold=float(tc), backstop=float(th))
            results.append((prf(counts(items, vectors, sc, names, "dev", dev_probs)), float(tc), float(th)))
    precise = [r for r in results if r[0]["precision"] >= SEED_PRECISION]
    best = max(precise, key=lambda r: (r[0]["recall"], r[0]["precision"])) if precise else \
        max(results, key=lambda r: r[0]["f1"])
    log.info("classifier threshold %.3f, head backstop %s: dev %s", best[1], best[2], best[0])
    return dataclasses.replace(heads, combined=(clf.version, best[1], best[2]))


def choose(items: Sequence[Labelled], vectors: np.ndarray, narratives: Sequence[Narrative], seeds: np.ndarray,
           encoder: str) -> tuple[Heads, float]:
    """The heads, rule and threshold with the best dev F1, and the C they were fitted with (each C fitted once)."""
    names = {n.id: n.name for n in narratives}
    best: tuple[float, Heads, float] | None = None
    for c in CS:
        fitted = fit_heads(items, vectors, narratives, seeds, c)
        for rule in ArticleRule:
            for t in THRESHOLDS:
                heads = Heads(encoder, float(t), fitted, rule)
                f1 = prf(counts(items, vectors, build_scorer(narratives, seeds, heads, encoder, vectors.shape[1]),
                                names, "dev"))["f1"]
                if best is None or f1 > best[0]:
                    best = (f1, heads, c)
        log.info("C %s: best dev F1 so far %.4f", c, best[0])
    assert best is not None
    return best[1], best[2]


@dataclass
class Run:
    """One training or evaluation run's inputs."""

    narratives: tuple[Narrative, ...]
    items: list[Labelled]
    vectors: np.ndarray
    seeds: np.ndarray
    encoder: str

    @property
    def names(self) -> dict[str, str]:
        return {n.id: n.name for n in self.narratives}

    def scorer(self, heads: Heads | None, clf: NarrativeClassifier | None = None) -> NarrativeScorer:
        cls = (clf.config.labels, clf.config.threshold, clf.version) if clf else None
        return build_scorer(self.narratives, self.seeds, heads, self.encoder, self.vectors.shape[1], cls)


def measure(run: Run, heads: Heads | None, evaluate: bool) -> tuple[Heads | None, dict, dict]:
    """Scores of the heads alone, then of the pipeline's assignment (classifier backed by the heads, its threshold
    and backstop chosen on dev unless ``evaluate``); and the per-narrative counts of the last."""
    scorer = run.scorer(heads)
    report = {s: prf(counts(run.items, run.vectors, scorer, run.names, s)) for s in ("train", "dev", "test")}
    per = {s: counts(run.items, run.vectors, scorer, run.names, s) for s in ("dev", "test")}
    for split, r in report.items():
        log.info("heads %-5s %s", split, r)
    clf = get_classifier()
    if clf is not None and heads is not None:
        splits = [s for s in ("dev", "test", "fresh") if any(it.split == s for it in run.items)]
        probs = {s: clf.predict([it.lead for it in run.items if it.split == s]) for s in splits}
        if not evaluate:
            heads = choose_combined(run.items, run.vectors, run.narratives, run.seeds, heads, clf, probs["dev"])
        full = run.scorer(heads, clf)
        per = {s: counts(run.items, run.vectors, full, run.names, s, probs[s]) for s in splits}
        for split in splits:
            report[f"pipeline_{split}"] = prf(per[split])
            log.info("pipeline (classifier %s, threshold %.3f, head backstop %s) %-5s %s", clf.version,
                     full.class_threshold, full.backstop, split, report[f"pipeline_{split}"])
    return heads, report, per


def write_heads(path: Path, run: Run, heads: Heads, c: float, report: dict) -> None:
    sizes = {s: sum(it.split == s for it in run.items) for s in ("train", "dev", "test")}
    both = None if heads.combined is None else {
        "classifier": heads.combined[0], "classifier_threshold": heads.combined[1],
        "head_backstop": None if np.isinf(heads.combined[2]) else heads.combined[2]}
    raw = {"encoder": run.encoder, "threshold": heads.threshold, "rule": str(heads.rule), "C": c,
           "with_classifier": both, "texts": sizes, "scores": report,
           "narratives": {k: {"weights": [round(float(x), 6) for x in w], "bias": round(b, 6)}
                          for k, (w, b) in heads.by_id.items()}}
    path.write_text(json.dumps(raw) + "\n", encoding="utf-8")
    log.info("wrote %s (threshold %.3f, rule %s)", path, heads.threshold, heads.rule)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared")))
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "narrative_heads.json")
    ap.add_argument("--evaluate", action="store_true", help="measure the heads in --out; train nothing")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    narratives = load_narratives()
    enc = Encoder.load()
    items, vectors = load_labelled(args.shared, ROOT / "corpus", enc)
    run = Run(narratives, items, vectors, enc.encode([s for n in narratives for s in n.seeds]), enc.version)
    heads, c = (Heads.load(args.out), float("nan")) if args.evaluate else \
        choose(items, vectors, narratives, run.seeds, enc.version)
    heads, report, per = measure(run, heads, args.evaluate)
    log.info("seeds only (no heads): %s", seeds_only(items, vectors, narratives, run.seeds, enc.version))
    for name in run.names.values():
        log.info("  %-30s dev tp/fp/fn %s  test %s", name, per["dev"][name], per["test"][name])
    if not args.evaluate and heads is not None:
        write_heads(args.out, run, heads, c, report)


if __name__ == "__main__":
    main()
